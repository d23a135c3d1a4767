package search

import (
	"sort"
	"strings"
)

// The tables below are read-only. They are written into the manifest so the
// JavaScript runtime folds queries exactly as the index was folded.

// stopWords are left out of every field but the title, and out of queries
// that have other words. It is the Snowball English list.
var stopWords = []string{
	"a", "about", "above", "after", "again", "against", "all", "am", "an",
	"and", "any", "are", "as", "at", "be", "because", "been", "before",
	"being", "below", "between", "both", "but", "by", "can", "did", "do",
	"does", "doing", "don", "down", "during", "each", "few", "for", "from",
	"further", "had", "has", "have", "having", "he", "her", "here", "hers",
	"herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is",
	"it", "its", "itself", "just", "me", "more", "most", "my", "myself",
	"no", "nor", "not", "now", "of", "off", "on", "once", "only", "or",
	"other", "our", "ours", "ourselves", "out", "over", "own", "s", "same",
	"she", "should", "so", "some", "such", "t", "than", "that", "the", "their",
	"theirs", "them", "themselves", "then", "there", "these", "they",
	"this", "those", "through", "to", "too", "under", "until", "up",
	"very", "was", "we", "were", "what", "when", "where", "which", "while",
	"who", "whom", "why", "will", "with", "you", "your", "yours", "yourself",
	"yourselves",
}

// queryStopWords are left out of queries as well: the words of a question
// that are not its subject ("who said what about WannaCry"). Pages are
// indexed with them.
var queryStopWords = []string{
	"anybody", "anyone", "anything", "everyone", "everything", "find", "know",
	"mention", "mentioned", "mentioning", "mentions", "please", "said", "say",
	"saying", "says", "show", "somebody", "someone", "something", "talk",
	"talked", "talking", "talks", "tell", "telling", "tells", "thing", "things", "told",
}

// isQueryStopWord reports whether a folded word is left out of a query
// that has other words.
func isQueryStopWord(w string) bool {
	i := sort.SearchStrings(queryStopWords, w)
	return isStopWord(w) || i < len(queryStopWords) && queryStopWords[i] == w
}

// isStopWord reports whether a folded word is in stopWords.
func isStopWord(w string) bool {
	i := sort.SearchStrings(stopWords, w)
	return i < len(stopWords) && stopWords[i] == w
}

// spellingPrefixes respell the start of a word from American to British
// English ("color…" → "colour…", "pediatr…" → "paediatr…"). The first match
// wins; the list is ordered longest first. Harmless over-reach ("honorary" →
// "honourary") is accepted: index and query are respelled alike.
var spellingPrefixes = sortPrefixes([][2]string{
	{"acknowledgment", "acknowledgement"}, {"aluminum", "aluminium"},
	{"anemi", "anaemi"}, {"anesthe", "anaesthe"}, {"armor", "armour"},
	{"artifact", "artefact"}, {"behavior", "behaviour"}, {"cesarean", "caesarean"},
	{"defense", "defence"}, {"diarrhea", "diarrhoea"}, {"edema", "oedema"},
	{"endeavor", "endeavour"}, {"esophag", "oesophag"}, {"estrogen", "oestrogen"},
	{"favor", "favour"}, {"fetal", "foetal"}, {"fetus", "foetus"},
	{"flavor", "flavour"}, {"fulfill", "fulfil"}, {"enroll", "enrol"},
	{"gynecol", "gynaecol"}, {"harbor", "harbour"}, {"hematol", "haematol"},
	{"hemoglob", "haemoglob"}, {"hemophil", "haemophil"}, {"hemorrh", "haemorrh"},
	{"honor", "honour"}, {"humor", "humour"}, {"ischemi", "ischaemi"},
	{"judgment", "judgement"}, {"labor", "labour"}, {"leukemi", "leukaemi"},
	{"license", "licence"}, {"neighbor", "neighbour"}, {"odor", "odour"},
	{"offense", "offence"}, {"orthoped", "orthopaed"}, {"pediatr", "paediatr"},
	{"practis", "practic"}, {"rumor", "rumour"}, {"savor", "savour"},
	{"skillful", "skilful"}, {"sulfur", "sulphur"}, {"tumor", "tumour"},
	{"vapor", "vapour"}, {"vigor", "vigour"}, {"willful", "wilful"},
	{"color", "colour"},
})

// spellingWords respell whole words where a prefix would over-reach.
var spellingWords = map[string]string{
	"center": "centre", "centers": "centres", "centered": "centred", "centering": "centring",
	"fiber": "fibre", "fibers": "fibres", "gray": "grey",
	"liter": "litre", "liters": "litres", "theater": "theatre", "theaters": "theatres",
}

// spellingStems join stems that Snowball keeps apart ("programme" and
// "program", "catalogue" and "catalog").
var spellingStems = map[string]string{
	"programm": "program", "catalogu": "catalog", "dialogu": "dialog",
	"analogu": "analog", "prologu": "prolog", "epilogu": "epilog",
}

// izeEndings are the endings after "iz" (or "yz") that spell respells with
// "is" (or "ys"): "organization" → "organisation", "analyze" → "analyse".
var izeEndings = []string{"e", "es", "ed", "ing", "er", "ers", "ation", "ations", "ational", "able"}

func sortPrefixes(p [][2]string) [][2]string {
	sort.Slice(p, func(i, j int) bool {
		if len(p[i][0]) != len(p[j][0]) {
			return len(p[i][0]) > len(p[j][0])
		}
		return p[i][0] < p[j][0]
	})
	return p
}

// spell respells a folded word from American to British English. Only
// words of the letters a to z are respelled.
func spell(w string) string {
	if !isLatin(w) {
		return w
	}
	if to, ok := spellingWords[w]; ok {
		return to
	}
	for _, p := range spellingPrefixes {
		if strings.HasPrefix(w, p[0]) {
			w = p[1] + w[len(p[0]):]
			break
		}
	}
	for _, end := range izeEndings {
		if !strings.HasSuffix(w, end) {
			continue
		}
		stem := w[:len(w)-len(end)]
		switch {
		case len(stem) >= 5 && strings.HasSuffix(stem, "iz"):
			return stem[:len(stem)-2] + "is" + end
		case len(stem) >= 4 && strings.HasSuffix(stem, "yz"):
			return stem[:len(stem)-2] + "ys" + end
		}
	}
	return w
}

// spellPrefix returns the extra form under which a half-typed word is also
// looked up: its last "iz" (or "yz") respelled, so "organiz" finds
// "organisation" before the word is complete. It returns "" when there is
// none.
func spellPrefix(p string) string {
	if !isLatin(p) {
		return ""
	}
	if i := strings.LastIndex(p, "iz"); i >= 3 {
		return p[:i] + "is" + p[i+2:]
	}
	if i := strings.LastIndex(p, "yz"); i >= 2 {
		return p[:i] + "ys" + p[i+2:]
	}
	return ""
}
