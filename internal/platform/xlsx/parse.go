package xlsx

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a date cell the ways staff type or format dates in Excel
// and WPS: 2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日, 20240501, each
// optionally followed by a time of day, which is dropped (Read formats
// Excel's date cells as yyyy-mm-dd). The result is midnight UTC, ready for
// db.DateOf. Impossible dates (2023-02-29) are refused.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if date, _, ok := strings.Cut(s, " "); ok {
		s = date
	} else if date, _, ok := strings.Cut(s, "T"); ok {
		s = date
	}
	var parts []string
	if len(s) == 8 && digits(s) {
		parts = []string{s[:4], s[4:6], s[6:]}
	} else {
		s = strings.NewReplacer("年", "-", "月", "-", "日", "", "/", "-", ".", "-").Replace(s)
		parts = strings.Split(s, "-")
	}
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) < 1 || len(parts[2]) > 2 {
		return time.Time{}, false
	}
	var n [3]int
	for i, p := range parts {
		if !digits(p) {
			return time.Time{}, false
		}
		n[i], _ = strconv.Atoi(p)
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], 0, 0, 0, 0, time.UTC)
	if t.Year() != n[0] || int(t.Month()) != n[1] || t.Day() != n[2] {
		return time.Time{}, false
	}
	return t, true
}

// ParseNumber reads a number cell as Excel shows it: optional sign,
// thousands separators in their proper places (1,234,567.8), decimals,
// exponent. Everything else — units, percent signs, "NaN", hex — is refused,
// so a value is never half-read.
func ParseNumber(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	if strings.Contains(s, ",") {
		var ok bool
		if s, ok = ungroup(s); !ok {
			return 0, false
		}
	}
	if s == "" || strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r == '.' || r == '-' || r == '+' || r == 'e' || r == 'E')
	}) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// ungroup removes thousands separators, refusing misplaced ones ("1,5"
// could be a European decimal comma and must not become 15).
func ungroup(s string) (string, bool) {
	sign := ""
	if s != "" && (s[0] == '-' || s[0] == '+') {
		sign, s = s[:1], s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	groups := strings.Split(intPart, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !digits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !digits(g) {
			return "", false
		}
	}
	out := sign + strings.Join(groups, "")
	if hasFrac {
		out += "." + frac
	}
	return out, true
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
