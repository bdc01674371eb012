package projects

import (
	"strconv"
	"strings"
)

// The national project code (全国投资项目在线审批监管平台 项目代码) of
// 发改投资〔2020〕1439号 and GB/T 40058-2021: 4 time + 6 region + 2 central
// department + 2 type + 5 random + 1 check character, joined by hyphens
// into "YYYY-RRRRRR-DD-TT-NNNNNC" (24 characters with the hyphens).
//
// Only the format is checked: the standard's code tables and check
// algorithm are not public ([U] in the domain reference, open question 1),
// so a code is refused only when it cannot be one. Codes issued by the
// platform before the 2020 rule (since 2017, 令第3号) have the same shape
// and are accepted. The code is optional: reserve projects have none.

// Project-code problems (catalog keys).
const (
	CodeFormat = "projects.code.format"
	CodeYear   = "projects.code.year"
	CodeRegion = "projects.code.region"
)

// firstCodeYear is the earliest year a code can carry: the online
// approval platform began issuing codes in 2014–2017; earlier years cannot
// be real. (Lenient on purpose, see above.)
const firstCodeYear = 2014

// NormalizeCode trims the code, folds full-width characters and dashes
// typed by Chinese input methods to ASCII and upper-cases it.
func NormalizeCode(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - 0xFEE0
		case r == '—' || r == '–' || r == '－' || r == '‐':
			return '-'
		}
		return r
	}, s)
	return strings.ToUpper(s)
}

// CodeProblem returns "" if code (already normalised) has the shape of a
// national project code issued no later than thisYear, else a catalog key.
func CodeProblem(code string, thisYear int) string {
	parts := strings.Split(code, "-")
	if len(code) != 24 || len(parts) != 5 {
		return CodeFormat
	}
	for i, n := range []int{4, 6, 2, 2, 6} {
		if len(parts[i]) != n {
			return CodeFormat
		}
		if i < 4 && !digits(parts[i]) {
			return CodeFormat
		}
	}
	for _, r := range parts[4] {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return CodeFormat
		}
	}
	y, _ := strconv.Atoi(parts[0])
	if y < firstCodeYear || y > thisYear {
		return CodeYear
	}
	// The region part is a GB/T 2260 code; its first two digits name a
	// province-level division (11 Beijing … 65 Xinjiang, 71/81/82), or
	// "00" for projects of the central government (中央).
	if !provincePrefix(parts[1][:2]) {
		return CodeRegion
	}
	return ""
}

// provincePrefix reports whether p is the first two digits of a GB/T 2260
// province-level code (the 34 province-level divisions) or 00.
func provincePrefix(p string) bool {
	switch p {
	case "00", "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
		"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
		"71", "81", "82":
		return true
	}
	return false
}
