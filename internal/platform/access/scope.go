package access

import (
	"fmt"
	"strings"
)

// Scope is the part of the prefecture a principal may see: everything, a
// division subtree (GB/T 2260 code), or one organisation.
type Scope struct {
	// Division is a GB/T 2260 code such as 652300 (prefecture) or 652327
	// (county); empty with Org == 0 means no restriction.
	Division string
	// Org restricts to one organisation (enterprise users).
	Org int64
}

// All reports whether the scope is unrestricted.
func (s Scope) All() bool { return s.Division == "" && s.Org == 0 }

// DivisionPrefix is the code prefix of the subtree: GB/T 2260 codes are
// two digits each for province, prefecture and county, with trailing "00"
// for a level above the county (652300 → "6523", 650000 → "65").
func DivisionPrefix(code string) string {
	p := code
	for len(p) > 2 && strings.HasSuffix(p, "00") {
		p = p[:len(p)-2]
	}
	return p
}

// CoversDivision reports whether a record in division code lies inside the scope.
func (s Scope) CoversDivision(code string) bool {
	if s.Org != 0 {
		return false
	}
	if s.Division == "" {
		return true
	}
	return strings.HasPrefix(code, DivisionPrefix(s.Division))
}

// Covers reports whether a record of organisation org in division code is visible.
func (s Scope) Covers(code string, org int64) bool {
	if s.Org != 0 {
		return org == s.Org
	}
	return s.CoversDivision(code)
}

// SQL returns a WHERE fragment and its arguments restricting rows by their
// division column and organisation column ("" if the table has none).
// A table with neither column is invisible to a restricted scope.
func (s Scope) SQL(divisionCol, orgCol string) (string, []any) {
	switch {
	case s.All():
		return "1=1", nil
	case s.Org != 0:
		if orgCol == "" {
			return "1=0", nil
		}
		return orgCol + " = ?", []any{s.Org}
	default:
		if divisionCol == "" {
			return "1=0", nil
		}
		return SubtreeSQL(divisionCol, s.Division)
	}
}

// SubtreeSQL is the condition "col lies in the subtree of code". It is a
// half-open range on the code prefix (652327 ≤ col < 652328) rather than
// LIKE '652327%', because neither engine can use an index for that LIKE
// (SQLite's LIKE is case-insensitive; PostgreSQL's needs a C collation or
// pattern_ops), while a range is an ordinary index scan on both
// (bench/, docs/performance.md).
func SubtreeSQL(col, code string) (string, []any) {
	prefix := DivisionPrefix(code)
	if hi, ok := nextPrefix(prefix); ok {
		return col + " >= ? AND " + col + " < ?", []any{prefix, hi}
	}
	return col + " LIKE ?", []any{prefix + "%"}
}

// nextPrefix is the smallest digit string of the same length greater than
// every string starting with p ("652327" → "652328", "6529" → "6530"), or
// false when p is not all digits or is all nines. Staying within digits
// keeps the range right under any collation.
func nextPrefix(p string) (string, bool) {
	b := []byte(p)
	for _, c := range b {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			for j := i + 1; j < len(b); j++ {
				b[j] = '0'
			}
			return string(b), true
		}
	}
	return "", false
}

func (s Scope) String() string {
	switch {
	case s.All():
		return "all"
	case s.Org != 0:
		return fmt.Sprintf("org:%d", s.Org)
	default:
		return "division:" + s.Division
	}
}
