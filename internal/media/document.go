package media

import (
	"path"
	"strconv"
	"strings"
)

// documents names the kinds of document a link label describes, by
// extension, in the words NHS.UK and GOV.UK pages use.
var documents = map[string]string{
	".pdf":  "PDF",
	".doc":  "Word",
	".docx": "Word",
	".xls":  "Excel",
	".xlsx": "Excel",
	".ppt":  "PowerPoint",
	".pptx": "PowerPoint",
	".odt":  "ODT",
	".ods":  "ODS",
	".odp":  "ODP",
	".csv":  "CSV",
}

// DocumentKind returns the name of the kind of document file is ("PDF",
// "Word", "Excel", "PowerPoint", "ODT", "ODS", "ODP", "CSV"), and false
// for any other file.
func DocumentKind(file string) (string, bool) {
	k, ok := documents[strings.ToLower(path.Ext(file))]
	return k, ok
}

// FormatSize writes a file size as GOV.UK and NHS.UK do in document
// labels: "512 bytes", "254 KB", "2.1 MB", "1.2 GB" (1 KB is 1,024
// bytes; KB are whole, MB and GB to one decimal place, without ".0").
func FormatSize(n int64) string {
	const kb, mb, gb = 1 << 10, 1 << 20, 1 << 30
	switch {
	case n < 0:
		return "0 bytes"
	case n == 1:
		return "1 byte"
	case n < kb:
		return strconv.FormatInt(n, 10) + " bytes"
	case n < mb-kb/2:
		return strconv.FormatInt((n+kb/2)/kb, 10) + " KB"
	case n < gb-mb/20:
		return oneDecimal(float64(n)/mb) + " MB"
	}
	return oneDecimal(float64(n)/gb) + " GB"
}

func oneDecimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	return strings.TrimSuffix(s, ".0")
}
