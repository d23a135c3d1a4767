package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// This file generates a synthetic corpus in-process for tests and
// benchmarks. It resembles shared/tools/gencorpus.py (the same pools, page
// mix, lengths, headings and interview questions) without reading it.

// syntheticDocs returns n pages generated from seed.
func syntheticDocs(n int, seed uint64) []Doc {
	g := newCorpusGen(seed)
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = g.doc(i)
	}
	return docs
}

type corpusGen struct {
	rng                *rand.Rand
	nouns, adjs, verbs []string
	nounW, adjW, verbW []float64
	places             []string
	sentences          []string
}

func newCorpusGen(seed uint64) *corpusGen {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	g := &corpusGen{rng: rng}
	for _, p := range []struct {
		src []string
		dst *[]string
		w   *[]float64
	}{{genNouns, &g.nouns, &g.nounW}, {genAdjs, &g.adjs, &g.adjW}, {genVerbs, &g.verbs, &g.verbW}} {
		*p.dst = append([]string(nil), p.src...)
		rng.Shuffle(len(*p.dst), func(i, j int) { (*p.dst)[i], (*p.dst)[j] = (*p.dst)[j], (*p.dst)[i] })
		*p.w = zipfCum(len(p.src))
	}
	set := map[string]bool{}
	for _, a := range genSylA {
		for _, b := range genSylB {
			set[strings.ToUpper(a[:1])+a[1:]+b] = true
		}
	}
	for p := range set {
		g.places = append(g.places, p)
	}
	sort.Strings(g.places)
	rng.Shuffle(len(g.places), func(i, j int) { g.places[i], g.places[j] = g.places[j], g.places[i] })
	for range 20000 {
		g.sentences = append(g.sentences, g.sentence())
	}
	return g
}

func zipfCum(n int) []float64 {
	out := make([]float64, n)
	acc := 0.0
	for i := range out {
		acc += 1 / math.Sqrt(float64(i+1))
		out[i] = acc
	}
	return out
}

func (g *corpusGen) pickW(words []string, cum []float64) string {
	x := g.rng.Float64() * cum[len(cum)-1]
	return words[sort.SearchFloat64s(cum, x)]
}

func (g *corpusGen) pick(words []string) string { return words[g.rng.IntN(len(words))] }
func (g *corpusGen) noun() string               { return g.pickW(g.nouns, g.nounW) }
func (g *corpusGen) adj() string                { return g.pickW(g.adjs, g.adjW) }
func (g *corpusGen) verb() string               { return g.pickW(g.verbs, g.verbW) }
func (g *corpusGen) person() string             { return g.pick(genFirst) + " " + g.pick(genLast) }
func (g *corpusGen) product() string            { return g.pick(g.places) + g.pick(genProduct) }

func (g *corpusGen) np() string {
	det := g.pick([]string{"the", "the", "the", "a", "our", "their", "each", "every", "this", "that"})
	var rest string
	switch r := g.rng.Float64(); {
	case r < 0.4:
		rest = g.noun()
	case r < 0.8:
		rest = g.adj() + " " + g.noun()
	default:
		rest = g.adj() + " " + g.noun() + " " + g.noun()
	}
	if det == "a" && strings.ContainsAny(rest[:1], "aeiou") {
		det = "an"
	}
	return det + " " + rest
}

func capitalise(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func (g *corpusGen) sentence() string {
	var s string
	switch g.rng.IntN(6) {
	case 0:
		s = fmt.Sprintf("%s %s %s %s %s", g.np(), g.verb(), g.np(), g.pick(genPreps), g.np())
	case 1:
		s = fmt.Sprintf("%s %s %s %s, %s %s %s %s", g.pick(genOpeners), g.np(), g.verb(), g.np(), g.pick([]string{"and", "but", "while", "because", "so"}), g.np(), g.verb(), g.np())
	case 2:
		s = fmt.Sprintf("We need to %s %s %s %s before %s %s %s", strings.TrimSuffix(g.verb(), "s"), g.np(), g.pick(genPreps), g.np(), g.np(), g.verb(), g.np())
	case 3:
		s = fmt.Sprintf("%s %s %s %s, which %s %s", g.np(), g.pick(genAdverbs), g.verb(), g.np(), g.verb(), g.np())
	case 4:
		s = fmt.Sprintf("It is %s that %s %s %s %s %s", g.adj(), g.np(), g.verb(), g.np(), g.pick(genPreps), g.np())
	default:
		s = fmt.Sprintf("%s %s %s", g.np(), g.verb(), g.np())
	}
	return capitalise(s) + "."
}

func (g *corpusGen) title() string {
	a := g.adj()
	var t string
	switch g.rng.IntN(5) {
	case 0:
		t = fmt.Sprintf("%s %s at %s", a, g.noun(), g.pick(g.places))
	case 1:
		t = fmt.Sprintf("How %s %s %s %s", g.product(), g.verb(), g.noun(), g.noun())
	case 2:
		t = fmt.Sprintf("%s %s: lessons from %s", a, g.noun(), g.pick(g.places))
	case 3:
		t = fmt.Sprintf("The %s %s %s in %s", a, g.noun(), g.noun(), g.pick(g.places))
	default:
		t = fmt.Sprintf("Why %s %s %s %s", g.noun(), g.verb(), a, g.noun())
	}
	return capitalise(t)
}

func (g *corpusGen) heading() string {
	t := g.pick(genHeadings)
	a := g.adj()
	r := strings.NewReplacer("{Adj}", capitalise(a), "{adj}", a, "{n}", g.noun(), "{n2}", g.noun())
	return r.Replace(t)
}

// paragraph returns 3-6 sentences, some with the page's own words.
func (g *corpusGen) paragraph(pageWords []string) (string, int) {
	var parts []string
	words := 0
	for range 3 + g.rng.IntN(4) {
		s := g.pick(g.sentences)
		if g.rng.Float64() < 0.10 {
			s = strings.TrimSuffix(s, ".") + fmt.Sprintf(" at %s, according to %d%% of respondents.", g.pick(pageWords), 2+g.rng.IntN(96))
		}
		words += strings.Count(s, " ") + 1
		parts = append(parts, s)
	}
	return strings.Join(parts, " "), words
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

func (g *corpusGen) doc(i int) Doc {
	rng := g.rng
	kind := "article"
	if r := rng.Float64(); r >= 0.85 {
		kind = "strategy"
	} else if r >= 0.60 {
		kind = "interview"
	}
	title := g.title()
	d := Doc{
		Kind: kind, Title: title,
		Date: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(4017)),
		URL:  fmt.Sprintf("/%ss/%s-%06d/", kind, slug(title), i),
	}
	if kind == "strategy" {
		d.URL = fmt.Sprintf("/strategy/%s-%06d/", slug(title), i)
	}
	for _, j := range rng.Perm(len(genTags))[:2+rng.IntN(5)] {
		d.Tags = append(d.Tags, genTags[j])
	}
	for _, j := range rng.Perm(len(genOrgs))[:1+rng.IntN(2)] {
		d.Organisations = append(d.Organisations, genOrgs[j])
	}
	pageWords := []string{g.pick(g.places), g.product(), g.person(),
		g.pick(g.places) + " " + g.pick([]string{"General", "Royal", "Community", "District"}) + " Hospital",
		fmt.Sprint(1000 + rng.IntN(99000))}
	d.Summary = g.pick(g.sentences)
	target := 560 + rng.IntN(281)
	role := g.pick(genRoles)
	who := g.person()
	d.People = []string{who}
	if kind == "interview" {
		d.People = append(d.People, g.person())
	}
	intro, words := g.paragraph(pageWords)
	d.Sections = []Section{{Text: intro}}
	seen := map[string]int{}
	for h := 0; words < target; h++ {
		var heading string
		switch kind {
		case "interview":
			np := g.np()
			np = np[strings.IndexByte(np, ' ')+1:]
			r := strings.NewReplacer("{np}", np, "{n2}", g.noun(), "{role}", strings.ToLower(role))
			heading = capitalise(r.Replace(genQuestions[(i+h)%len(genQuestions)]))
		case "strategy":
			heading = g.heading()
			if h < len(genStrategyHeadings) {
				heading = genStrategyHeadings[h]
			}
		default:
			heading = g.heading()
		}
		anchor := slug(heading)
		if seen[anchor]++; seen[anchor] > 1 {
			anchor = fmt.Sprintf("%s-%d", anchor, seen[anchor])
		}
		var paras []string
		for range 1 + rng.IntN(3) {
			p, n := g.paragraph(pageWords)
			paras = append(paras, p)
			words += n
			if words >= target {
				break
			}
		}
		d.Sections = append(d.Sections, Section{Anchor: anchor, Heading: heading, Text: strings.Join(paras, "\n\n")})
	}
	return d
}

// Pools copied from shared/tools/gencorpus.py.
var (
	genTags = []string{
		"cybersecurity", "electronic-patient-records", "leadership", "CCIO", "interoperability", "CNIO", "CIO", "clinical-safety",
		"data-protection", "information-governance", "shared-care-records", "integrated-care-systems", "digital-maturity", "cloud", "infrastructure", "network",
		"telehealth", "virtual-wards", "remote-monitoring", "artificial-intelligence", "machine-learning", "analytics", "population-health", "data-platforms",
		"FHIR", "HL7", "SNOMED-CT", "dm+d", "openEHR", "APIs", "identity", "NHS-login",
		"NHS-app", "patient-portals", "e-prescribing", "pharmacy", "diagnostics", "imaging", "pathology", "primary-care",
		"GP-IT", "community-care", "mental-health", "social-care", "ambulance", "emergency-care", "procurement", "funding",
		"workforce", "digital-skills", "user-research", "service-design", "accessibility", "open-source", "standards", "clinical-coding",
		"research", "sustainability", "digital-inclusion", "automation",
	}

	genOrgs = []string{
		"NHS England", "NHS Digital", "NHSX", "Department of Health and Social Care", "NHS Scotland", "Digital Health and Care Wales", "HSC Northern Ireland", "UK Health Security Agency",
		"Care Quality Commission", "NICE", "MHRA", "Health Education England", "NHS Business Services Authority", "NHS Supply Chain", "Royal College of Physicians", "Royal College of Nursing",
		"BCS Faculty of Health and Care", "Faculty of Clinical Informatics", "Professional Record Standards Body", "The King's Fund", "Nuffield Trust", "Health Foundation", "Leeds Teaching Hospitals NHS Trust", "Manchester University NHS Foundation Trust",
		"Guy's and St Thomas' NHS Foundation Trust", "University Hospitals Birmingham NHS Foundation Trust", "Cambridge University Hospitals NHS Foundation Trust", "Oxford University Hospitals NHS Foundation Trust", "Newcastle upon Tyne Hospitals NHS Foundation Trust", "Royal Free London NHS Foundation Trust", "Barts Health NHS Trust", "Sheffield Teaching Hospitals NHS Foundation Trust",
		"North West London ICB", "Cheshire and Merseyside ICB", "West Yorkshire ICB", "Kent and Medway ICB", "Frimley ICB", "South Yorkshire ICB", "Greater Manchester ICB", "Bristol, North Somerset and South Gloucestershire ICB",
	}

	genFirst = []string{
		"Aisha", "Alan", "Amara", "Andrew", "Anita", "Ben", "Bethan", "Catherine",
		"Chidi", "Claire", "Daniel", "Deepa", "Eleanor", "Emeka", "Fiona", "Gareth",
		"Grace", "Hannah", "Harpreet", "Ian", "Imran", "James", "Jane", "Joanna",
		"Kamal", "Karen", "Kwame", "Laura", "Liam", "Mairead", "Mark", "Meera",
		"Michael", "Nadia", "Natasha", "Niamh", "Oliver", "Olusegun", "Priya", "Rachel",
		"Rajesh", "Rhys", "Rosa", "Sam", "Sarah", "Siobhan", "Sunil", "Tom",
		"Victoria", "Yusuf", "Zara",
	}

	genLast = []string{
		"Adebayo", "Ahmed", "Anderson", "Bennett", "Bhatt", "Campbell", "Chen", "Clarke",
		"Davies", "Edwards", "Evans", "Fletcher", "Gallagher", "Green", "Gupta", "Harris",
		"Hughes", "Iqbal", "Jackson", "Jones", "Kaur", "Kelly", "Khan", "Lewis",
		"Lloyd", "Macdonald", "Mensah", "Morgan", "Murphy", "Nwosu", "O'Brien", "Okafor",
		"Patel", "Price", "Roberts", "Robinson", "Shah", "Singh", "Smith", "Taylor",
		"Thomas", "Thompson", "Walker", "Watson", "Williams", "Wilson", "Wright", "Young",
	}

	genRoles = []string{
		"Chief Clinical Information Officer", "Chief Nursing Information Officer", "Chief Information Officer", "Chief Digital Officer", "Director of Digital", "Head of Cyber Security", "Clinical Safety Officer", "Data Protection Officer",
		"Head of Informatics", "Digital Programme Director", "EPR Programme Lead", "Chief Technology Officer", "Head of Data and Analytics", "GP and Clinical Lead", "Consultant and Digital Lead", "Director of Transformation",
	}

	genSylA = []string{
		"ash", "bel", "brad", "car", "dun", "elm", "fair", "glen",
		"har", "kin", "lan", "mar", "nor", "oak", "pen", "ral",
		"sel", "tam", "wick", "ald", "bri", "cor", "dal", "fen",
		"gor", "hol", "lin", "mor", "pel",
	}

	genSylB = []string{
		"ford", "ham", "ton", "ley", "bury", "field", "wood", "mouth",
		"stead", "brook", "dale", "gate", "well", "wick", "by", "combe",
		"thorpe", "worth", "chester", "more",
	}

	genProduct = []string{
		"Connect", "Care", "Link", "Hub", "View", "Flow", "Record", "Gateway",
		"Exchange", "Portal", "Insight", "Bridge",
	}

	genNouns = []string{
		"system", "record", "patient", "clinician", "nurse", "doctor", "pharmacist", "ward",
		"trust", "board", "programme", "project", "platform", "service", "team", "strategy",
		"plan", "budget", "contract", "supplier", "vendor", "interface", "integration", "standard",
		"dataset", "database", "report", "dashboard", "pathway", "referral", "appointment", "discharge",
		"admission", "prescription", "medication", "allergy", "observation", "result", "diagnosis", "outcome",
		"workflow", "process", "policy", "framework", "guidance", "risk", "incident", "breach",
		"threat", "vulnerability", "patch", "firewall", "network", "server", "cloud", "migration",
		"infrastructure", "device", "tablet", "laptop", "workstation", "login", "identity", "password",
		"account", "role", "permission", "audit", "log", "consent", "record-sharing", "portal",
		"app", "message", "notification", "alert", "rota", "workforce", "training", "skill",
		"capability", "culture", "leadership", "governance", "assurance", "committee", "evidence", "evaluation",
		"pilot", "rollout", "deployment", "go-live", "cutover", "downtime", "backlog", "waiting-list",
		"capacity", "demand", "flow", "bed", "theatre", "clinic", "outpatient", "inpatient",
		"community", "practice", "surgery", "pharmacy", "laboratory", "specimen", "image", "scan",
		"radiology", "pathology", "screening", "vaccination", "population", "cohort", "registry", "analytics",
		"model", "algorithm", "insight", "metric", "indicator", "target", "benchmark", "milestone",
		"roadmap", "vision", "ambition", "priority", "investment", "funding", "business-case", "procurement",
		"tender", "framework-agreement", "licence", "maintenance", "support", "helpdesk", "ticket", "request",
		"change", "release", "version", "upgrade", "feature", "requirement", "specification", "design",
		"prototype", "user", "citizen", "carer", "family", "community", "region", "system-partner",
		"partnership", "collaboration", "network-effect", "transformation", "improvement", "efficiency", "productivity", "safety",
		"quality", "experience", "access", "equity", "inclusion", "literacy", "engagement", "feedback",
		"survey", "interview", "workshop", "session", "conference",
	}

	genVerbs = []string{
		"improves", "supports", "enables", "delivers", "reduces", "increases", "integrates", "connects",
		"replaces", "extends", "simplifies", "automates", "accelerates", "streamlines", "strengthens", "protects",
		"secures", "monitors", "tracks", "records", "captures", "shares", "exchanges", "publishes",
		"reviews", "assesses", "evaluates", "measures", "prioritises", "coordinates", "aligns", "manages",
		"governs", "oversees", "funds", "procures", "deploys", "configures", "tests", "validates",
		"migrates", "upgrades", "retires", "consolidates", "standardises", "transforms", "modernises", "informs",
		"shapes", "drives", "underpins", "complements", "challenges", "exposes", "highlights", "reveals",
		"demonstrates", "requires", "expects", "assumes", "anticipates", "addresses", "resolves",
	}

	genAdjs = []string{
		"clinical", "digital", "national", "regional", "local", "integrated", "shared", "secure",
		"resilient", "robust", "scalable", "modern", "legacy", "existing", "new", "current",
		"future", "strategic", "operational", "technical", "practical", "significant", "substantial", "measurable",
		"sustainable", "effective", "efficient", "safe", "reliable", "consistent", "interoperable", "open",
		"proprietary", "structured", "unstructured", "real-time", "near-real-time", "patient-facing", "clinician-facing", "frontline",
		"acute", "primary", "secondary", "community", "complex", "simple", "critical", "essential",
		"important", "difficult", "ambitious", "realistic", "early", "late", "phased", "incremental",
		"agile", "iterative", "collaborative", "multidisciplinary", "cross-organisational", "system-wide", "trust-wide", "board-level",
		"mature", "immature", "fragmented", "joined-up", "paper-based", "electronic", "automated", "manual",
		"remote", "virtual",
	}

	genAdverbs = []string{
		"significantly", "rapidly", "gradually", "consistently", "carefully", "deliberately", "increasingly", "largely",
		"broadly", "quickly", "slowly", "safely", "securely", "reliably", "effectively", "jointly",
		"openly", "routinely", "typically", "frequently", "occasionally",
	}

	genPreps = []string{
		"across", "within", "for", "with", "through", "between", "alongside", "beyond",
		"around", "into", "under", "over", "without",
	}

	genOpeners = []string{
		"In practice,", "In our experience,", "Crucially,", "At the same time,", "As a result,", "For example,", "In the longer term,", "To be clear,",
		"Over the past year,", "Put simply,", "By contrast,", "In many trusts,", "Understandably,", "From the outset,", "Looking ahead,",
	}

	genQuestions = []string{
		"How did you approach {np}?", "What has been the biggest challenge with {np}?", "Where does {np} fit into your {n2} strategy?", "What would you do differently on {np}?", "How do you measure the impact of {np}?", "Who needs to be involved in {np}?", "What advice would you give a new {role} about {np}?", "How has {np} changed over the last five years?",
		"What role should the board play in {np}?", "How do clinicians feel about {np}?", "Is {np} a technology problem or a people problem?", "What does good look like for {np}?", "How are you funding {np}?", "What is next for {np}?",
	}

	genHeadings = []string{
		"{Adj} {n} and {n2}", "Why {n} matters", "Lessons from the {n} programme", "The case for {adj} {n}", "Getting {n} right", "{Adj} {n} in practice", "Measuring {n}", "What the {n} data tells us",
		"Risks and {n2}", "Next steps for {n}", "Working with {n2}", "Background", "Key findings", "Recommendations", "Implementation", "Governance and assurance",
	}

	genStrategyHeadings = []string{
		"Purpose", "Scope", "Key commitments", "Delivery timeline", "Funding", "Governance", "Measures of success", "Status and review",
	}
)
