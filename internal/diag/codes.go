package diag

import (
	"fmt"
	"strconv"
)

// Code names a kind of finding. Its name ("frontmatter-unknown-field") is
// stable API: JSON output and CI annotations carry it, and scripts match
// on it. Every code is declared here, once, with its class and what it
// means; README.md lists them (TestREADMECodes keeps the two the same). A
// package that needs a new kind of finding adds a code here rather than
// writing a string: a Code cannot be made from one.
type Code uint16

// The codes, grouped by the part of signpost that finds them.
const (
	_ Code = iota

	// Configuration and how signpost was run.
	CodeConfigRead
	CodeConfigSyntax
	CodeConfigValue
	CodeConfigUnknownKey
	CodeTheme
	CodeSearchSynonyms
	CodeSiteFolder
	CodeOutput
	CodeBaseURLRelative

	// Content files.
	CodeContentRead
	CodeContentFile
	CodeContentSymlink
	CodeURLCollision
	CodeURLReserved

	// Front matter.
	CodeFrontmatterSyntax
	CodeFrontmatterType
	CodeFrontmatterValue
	CodeFrontmatterRequired
	CodeFrontmatterUnknownField
	CodeFrontmatterFieldNotUsed
	CodeFrontmatterFieldCase
	CodeStrategySupersededByMissing
	CodeStrategySupersededBy
	CodePlaceholderText

	// Markdown and links.
	CodeLinkMissingPage
	CodeLinkMissingFile
	CodeLinkMissingAnchor
	CodeLinkUnsafe
	CodeLinkMalformed
	CodeMarkdownTooComplex
	CodeMarkdownRawHTML
	CodeMarkdownUnknownAlert
	CodeMarkdownUnknownContainer
	CodeMarkdownUnclosedContainer
	CodeMarkdownStrayFence
	CodeMarkdownNoList
	CodeImageNoAlt
	CodeImageRemote
	CodeHeadingID

	// check: reviews, expiry, pages left out, outside links.
	CodeReviewOverdue
	CodeReviewDueSoon
	CodeExpiresSoon
	CodePageLeftOut
	CodeExternalDead
	CodeExternalRedirect
	CodeExternalUnchecked
	CodeExternalCache
	CodeExternalOffline

	// Writing the output, and the run itself.
	CodeOutputWrite
	CodeInternal
	CodeCancelled

	numCodes
)

// Class says whose problem a finding is, and so how a command that finds
// it as an error exits (report.ExitCode).
type Class uint8

// The classes.
const (
	// ClassContent is a problem in the site's content, for its writer to
	// fix: a page, its front matter, a link, a file in the content folder.
	ClassContent Class = iota + 1
	// ClassUsage is a problem with how signpost was run: a flag, the
	// configuration, the theme, the site, content or output folder.
	ClassUsage
	// ClassIO is a failure to read or write that no file's content
	// caused: a full disk, a file without read permission.
	ClassIO
	// ClassInterrupted is a run stopped before it finished (Ctrl-C).
	ClassInterrupted
	// ClassUnchecked is a check that could not run: no outside site
	// could be reached to check the links to them.
	ClassUnchecked
)

var classNames = [...]string{ClassContent: "content", ClassUsage: "usage", ClassIO: "io", ClassInterrupted: "interrupted", ClassUnchecked: "unchecked"}

func (c Class) String() string {
	if int(c) < len(classNames) && classNames[c] != "" {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

// codeInfo is what the registry says of a code.
type codeInfo struct {
	name    string
	class   Class
	meaning string
}

// codes is the registry: every code's name, class and one-line meaning.
var codes = [numCodes]codeInfo{
	CodeConfigRead:       {"config-read", ClassUsage, "signpost.toml exists but cannot be read"},
	CodeConfigSyntax:     {"config-syntax", ClassUsage, "signpost.toml is not valid TOML"},
	CodeConfigValue:      {"config-value", ClassUsage, "a setting in signpost.toml, or a flag that overrides one, has a value signpost cannot use"},
	CodeConfigUnknownKey: {"config-unknown-key", ClassUsage, "signpost.toml has a setting signpost does not know (usually a typo); it is ignored"},
	CodeTheme:            {"theme", ClassUsage, "the theme is missing a template, or a template does not parse or fails to run"},
	CodeSearchSynonyms:   {"search-synonyms", ClassUsage, "a group of search synonyms (in search.synonyms or the theme's data/synonyms.txt) cannot be used; it is left out"},
	CodeSiteFolder:       {"site-folder", ClassUsage, "the site folder or its content folder is missing or cannot be read"},
	CodeBaseURLRelative:  {"base-url-relative", ClassUsage, "base_url is a path, not the site's full address, so the build leaves out sitemap.xml and feeds link to pages by path (a note)"},
	CodeOutput:           {"output", ClassUsage, "the output folder cannot be used: it is refused (not signpost's, or the site itself) or cannot be made or replaced"},

	CodeContentRead:    {"content-read", ClassIO, "a file or folder inside the content folder cannot be read"},
	CodeContentFile:    {"content-file", ClassContent, "a file of the content folder cannot be used as it is: unclosed front matter, a name that cannot be published, not a regular file"},
	CodeContentSymlink: {"content-symlink", ClassContent, "a symbolic link in the content folder is broken, loops, leads out of the site or to a folder"},
	CodeURLCollision:   {"url-collision", ClassContent, "two pages, an alias or a copied file would be published at one address"},
	CodeURLReserved:    {"url-reserved", ClassContent, "a page would be published inside a folder signpost writes itself (/tags/, /search/, …)"},

	CodeFrontmatterSyntax:           {"frontmatter-syntax", ClassContent, "the front matter is not valid YAML or TOML, or a page has none"},
	CodeFrontmatterType:             {"frontmatter-type", ClassContent, "a front-matter field has the wrong type, such as a number where a list of strings belongs"},
	CodeFrontmatterValue:            {"frontmatter-value", ClassContent, "a front-matter field has a value signpost cannot use, such as an impossible date or an unknown status"},
	CodeFrontmatterRequired:         {"frontmatter-required", ClassContent, "a field the page's type needs is missing or empty"},
	CodeFrontmatterUnknownField:     {"frontmatter-unknown-field", ClassContent, "a front-matter field signpost does not know (usually a typo); it is ignored"},
	CodeFrontmatterFieldNotUsed:     {"frontmatter-field-not-used", ClassContent, "a field another type of page uses, which this page's type does not; it is ignored"},
	CodeFrontmatterFieldCase:        {"frontmatter-field-case", ClassContent, "a front-matter field written in capitals (Draft: true); it is read as the lower-case field"},
	CodeStrategySupersededByMissing: {"strategy-superseded-by-missing", ClassContent, "a strategy entry with status superseded does not say what superseded it"},
	CodeStrategySupersededBy:        {"strategy-superseded-by", ClassContent, "superseded_by names a strategy entry that does not exist or is not published"},
	CodePlaceholderText:             {"placeholder-text", ClassContent, "a page still holds the text signpost new wrote for its writer to replace"},

	CodeLinkMissingPage:           {"link-missing-page", ClassContent, "a link to a page (a .md file) that does not exist or is not published"},
	CodeLinkMissingFile:           {"link-missing-file", ClassContent, "a link or image to a file that is not in the content folder"},
	CodeLinkMissingAnchor:         {"link-missing-anchor", ClassContent, "a link to a #heading the target page does not have"},
	CodeLinkMalformed:             {"link-malformed", ClassContent, "text written as a link that Markdown does not read as one, such as an address with spaces or a page's title in brackets with no address; it is published as written"},
	CodeLinkUnsafe:                {"link-unsafe", ClassContent, "a link or image with a javascript:, vbscript: or data: address, which was removed"},
	CodeMarkdownTooComplex:        {"markdown-too-complex", ClassContent, "Markdown nested or run together past what signpost renders in bounded time"},
	CodeMarkdownRawHTML:           {"markdown-raw-html", ClassContent, "raw HTML that is not published: dropped without markdown.allow_html, or removed by the sanitiser with it"},
	CodeMarkdownUnknownAlert:      {"markdown-unknown-alert", ClassContent, "a quote starts with an alert marker signpost does not know, such as [!DANGER]; it is shown as a plain quote"},
	CodeMarkdownUnknownContainer:  {"markdown-unknown-container", ClassContent, "a ::: container with a name signpost does not know; its content is shown without the component"},
	CodeMarkdownUnclosedContainer: {"markdown-unclosed-container", ClassContent, "a ::: container that no closing ::: line ends; it ends with the page, or the list or quote it is in"},
	CodeMarkdownStrayFence:        {"markdown-stray-fence", ClassContent, "a line of colons that closes no ::: container; it is shown as text"},
	CodeMarkdownNoList:            {"markdown-no-list", ClassContent, "a ::: do or ::: dont container that holds no Markdown list"},
	CodeImageNoAlt:                {"image-no-alt", ClassContent, "an image with no alt text that is not marked decorative with `![\"\"](…)` (reported by check)"},
	CodeImageRemote:               {"image-remote", ClassContent, "an image on another site: pages load nothing from other sites, so it is published as a link to the image"},
	CodeHeadingID:                 {"heading-id", ClassContent, "a heading's explicit {#id} is already the id of another heading, a footnote or an element of the theme on the page"},

	CodeReviewOverdue:     {"review-overdue", ClassContent, "review_due is in the past"},
	CodeReviewDueSoon:     {"review-due-soon", ClassContent, "review_due falls in the next 30 days"},
	CodeExpiresSoon:       {"expires-soon", ClassContent, "expires falls in the next 30 days"},
	CodePageLeftOut:       {"page-left-out", ClassContent, "a page is left out of the site: a draft, dated in the future or expired"},
	CodeExternalDead:      {"external-dead", ClassContent, "a link to another site gets no answer, or a 4xx or 5xx one"},
	CodeExternalRedirect:  {"external-redirect", ClassContent, "a link to another site redirects"},
	CodeExternalUnchecked: {"external-unchecked", ClassContent, "a link to another site could not be checked: the server refuses robots (401, 403, 429)"},
	CodeExternalCache:     {"external-cache", ClassIO, "the cache of outside links, .signpost-linkcache.json, cannot be read or written"},
	CodeExternalOffline:   {"external-offline", ClassUnchecked, "check --external could not run: none of the outside sites could be reached (offline, or a proxy needed)"},

	CodeOutputWrite: {"output-write", ClassIO, "a file of the output could not be written, such as on a full disk; the previous site is unchanged"},
	CodeInternal:    {"internal", ClassContent, "signpost failed to render a page it had read (a bug: please report it)"},
	CodeCancelled:   {"cancelled", ClassInterrupted, "the run was interrupted (Ctrl-C) before it finished; the previous site is unchanged"},
}

// Codes returns every code, in the order of the registry.
func Codes() []Code {
	out := make([]Code, 0, numCodes-1)
	for c := Code(1); c < numCodes; c++ {
		out = append(out, c)
	}
	return out
}

func (c Code) info() codeInfo {
	if c > 0 && c < numCodes {
		return codes[c]
	}
	return codeInfo{name: "Code(" + strconv.Itoa(int(c)) + ")"}
}

// String returns the code's stable name: "frontmatter-unknown-field".
func (c Code) String() string { return c.info().name }

// Class returns the code's class; 0 for a code not in the registry.
func (c Code) Class() Class { return c.info().class }

// Meaning says in one line what a finding of code c is about.
func (c Code) Meaning() string { return c.info().meaning }

// ParseCode returns the code named name.
func ParseCode(name string) (Code, bool) {
	for c := Code(1); c < numCodes; c++ {
		if codes[c].name == name {
			return c, true
		}
	}
	return 0, false
}

// MarshalText implements encoding.TextMarshaler: the code's name.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Code) UnmarshalText(b []byte) error {
	code, ok := ParseCode(string(b))
	if !ok {
		return fmt.Errorf("diag: unknown code %q", b)
	}
	*c = code
	return nil
}
