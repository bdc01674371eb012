package registry

import (
	"sort"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Administrative division codes of GB/T 2260 《中华人民共和国行政区划代码》:
// six digits, two each for the province, the prefecture within it and the
// county within that; "00" pairs stand for the level above. 652327 is
// 吉木萨尔县 in 652300 昌吉回族自治州 in 650000 新疆维吾尔自治区.

// Division code problems, as catalog keys.
const (
	DivisionCodeFormat = "registry.division.code_format"
)

// provinceCode reports whether the first two digits name a province-level
// division of GB/T 2260: 11–15 north, 21–23 north-east, 31–37 east, 41–46
// centre-south, 50–54 south-west, 61–65 north-west, 71 Taiwan, 81–82 Hong
// Kong and Macao.
func provinceCode(p string) bool {
	switch {
	case p >= "11" && p <= "15", p >= "21" && p <= "23", p >= "31" && p <= "37",
		p >= "41" && p <= "46", p >= "50" && p <= "54", p >= "61" && p <= "65",
		p == "71", p == "81", p == "82":
		return true
	}
	return false
}

// ValidDivisionCode reports whether code is shaped like a GB/T 2260 code:
// six digits, a known province pair, and no county pair under a "00"
// prefecture pair (such a code names nothing).
func ValidDivisionCode(code string) bool {
	if len(code) != 6 {
		return false
	}
	for i := 0; i < 6; i++ {
		if code[i] < '0' || code[i] > '9' {
			return false
		}
	}
	if !provinceCode(code[:2]) {
		return false
	}
	return !(code[2:4] == "00" && code[4:6] != "00")
}

// LevelOf is the level a well-formed code names.
func LevelOf(code string) DivisionLevel {
	switch {
	case strings.HasSuffix(code, "0000"):
		return LevelProvince
	case strings.HasSuffix(code, "00"):
		return LevelPrefecture
	}
	return LevelCounty
}

// ParentOf is the code of the division one level up, "" for a province.
func ParentOf(code string) string {
	switch LevelOf(code) {
	case LevelCounty:
		return code[:4] + "00"
	case LevelPrefecture:
		return code[:2] + "0000"
	}
	return ""
}

// Within reports whether code is ancestor or lies under it.
func Within(code, ancestor string) bool {
	return ancestor != "" && strings.HasPrefix(code, access.DivisionPrefix(ancestor))
}

// DivisionNode is a division with the divisions directly under it.
type DivisionNode struct {
	Division
	Children []*DivisionNode
}

// BuildTree arranges divisions by parent code; a division whose parent is
// not in the list is a root. Children are in code order.
func BuildTree(divs []Division) []*DivisionNode {
	nodes := make(map[string]*DivisionNode, len(divs))
	for _, d := range divs {
		nodes[d.Code] = &DivisionNode{Division: d}
	}
	var roots []*DivisionNode
	codes := make([]string, 0, len(divs))
	for c := range nodes {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		n := nodes[c]
		if p, ok := nodes[n.ParentCode]; ok && n.ParentCode != n.Code {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots
}
