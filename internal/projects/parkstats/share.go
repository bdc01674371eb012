package parkstats

import "github.com/changji-gov/bogda/internal/projects"

// StatScope is the statistical scope (统计口径) of a figure. A share of
// added value is only meaningful when numerator and denominator use the
// same scope: monthly added value exists only for 规上 (above designated
// size) units, so a park's 规上 figure over the prefecture's 全口径 figure
// would understate the park (projects.md §2.10 "Park share").
type StatScope string

const (
	ScopeAboveScale StatScope = "above_scale" // 规上 (≥ 2000万 主营业务收入 since 2011)
	ScopeAll        StatScope = "all"         // 全口径 all units
)

// StatScopes lists the scopes in the order forms offer them.
func StatScopes() []StatScope { return []StatScope{ScopeAboveScale, ScopeAll} }

// Valid reports whether s is a known scope.
func (s StatScope) Valid() bool { return s == ScopeAboveScale || s == ScopeAll }

// Catalog keys of share problems.
const (
	KeyScopeMismatch = "parkstats.share.scope_mismatch"
	KeyNoDenominator = "parkstats.share.no_denominator"
)

// ShareBP is part ÷ whole in basis points (1/100 of a percent), rounded
// half up, computed in integers so that the published "93%" is the same
// on every engine and platform. A zero or negative whole has no share
// (ok false).
func ShareBP(part, whole int64) (bp int64, ok bool) {
	if whole <= 0 || part < 0 {
		return 0, false
	}
	return (part*20000 + whole) / (2 * whole), true
}

// ScopedValue is a figure with the scope it was counted in.
type ScopedValue struct {
	Value projects.Amount
	Scope StatScope
}

// ScopedShare is Σ parts ÷ whole in basis points, refusing (with a catalog
// key) to mix scopes: every part must carry the whole's scope.
func ScopedShare(parts []ScopedValue, whole ScopedValue) (bp int64, problem string) {
	var sum int64
	for _, p := range parts {
		if p.Scope != whole.Scope {
			return 0, KeyScopeMismatch
		}
		sum += int64(p.Value)
	}
	bp, ok := ShareBP(sum, int64(whole.Value))
	if !ok {
		return 0, KeyNoDenominator
	}
	return bp, ""
}

// FormatBP writes basis points as a percent with two decimals: "93.00".
func FormatBP(bp int64) string {
	return projects.Amount(bp).String()
}
