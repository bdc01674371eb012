package registry

import (
	"strings"
	"unicode/utf8"
)

// The unified social credit code (统一社会信用代码) of GB 32100-2015
// 《法人和其他组织统一社会信用代码编码规则》: 18 characters —
//
//	1      registration-authority code (登记管理部门码)
//	2      organisation-type code (机构类别码)
//	3–8    administrative division code of the registering authority (GB/T 2260)
//	9–17   organisation code body (主体标识码, GB 11714)
//	18     check character (校验码)
//
// drawn from the digits and the capital letters except I, O, Z, S and V,
// which are too easily mistaken for 1, 0, 2, 5 and U.
const usccCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// USCC problems, as catalog keys.
const (
	USCCLength   = "registry.uscc.length"
	USCCCharset  = "registry.uscc.charset"
	USCCDivision = "registry.uscc.division"
	USCCCheck    = "registry.uscc.check"
)

// NormalizeUSCC trims the code, folds full-width characters (typed by
// Chinese input methods) to ASCII and upper-cases it, so "91350100m000100y43"
// and its full-width form are the same code.
func NormalizeUSCC(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' { // U+FF01–U+FF5E mirror U+0021–U+007E
			return r - 0xFEE0
		}
		return r
	}, s)
	return strings.ToUpper(s)
}

// USCCCheckChar computes the check character of the first 17 characters
// (GB 32100-2015 §4.3): each character's value is its index in the charset,
// weighted by 3^(i) mod 31 — 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8,
// 24, 10, 30, 28 — and the check value is 31 − (sum mod 31), where 31 means 0.
// ok is false when body is not 17 characters of the charset.
func USCCCheckChar(body string) (c byte, ok bool) {
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	if len(body) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccCharset, body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * weights[i]
	}
	check := 31 - sum%31
	if check == 31 {
		check = 0
	}
	return usccCharset[check], true
}

// USCCProblem returns "" if code (already normalised) is a well-formed
// unified social credit code, else the catalog key of the first rule it
// breaks, in the order a person would fix them: length, characters, the
// division digits, the check character.
func USCCProblem(code string) string {
	if utf8.RuneCountInString(code) != 18 {
		return USCCLength
	}
	for i := 0; i < len(code); i++ {
		if strings.IndexByte(usccCharset, code[i]) < 0 {
			return USCCCharset
		}
	}
	for i := 2; i < 8; i++ {
		if code[i] < '0' || code[i] > '9' {
			return USCCDivision
		}
	}
	if c, _ := USCCCheckChar(code[:17]); c != code[17] {
		return USCCCheck
	}
	return ""
}
