package safety

import "time"

// The criteria library (重大事故隐患判定标准库). A standard comes in
// editions with effective dates — GB 35181-2017 for fire inspections up to
// 2025-10-31, GB 35181-2025 from 2025-11-01 (domain reference §2.5) — and
// the edition that judges an inspection is the one in force on the
// inspection date, not today's.

// CriteriaSet is one edition of one determination standard.
type CriteriaSet struct {
	ID int64 `json:"id"`
	// Code names the edition ("GB35181-2025"); Family the standard across
	// its editions ("GB35181").
	Code          string `json:"code"`
	Family        string `json:"family"`
	Sector        string `json:"sector"`
	Title         string `json:"title"`
	Issuer        string `json:"issuer"`
	DocNo         string `json:"doc_no"`
	EffectiveFrom Date   `json:"effective_from"`
	EffectiveTo   Date   `json:"effective_to"`
	Source        string `json:"source"`
	// Tag is the reference's confidence: V confirmed, P partly, U unverified.
	Tag   string      `json:"tag"`
	Notes string      `json:"notes"`
	Items []Criterion `json:"items,omitempty"`
}

// Criterion is one item of a set: a clause that, when failed, is a hazard
// of the given grade (each item of a 判定标准 is major by definition).
type Criterion struct {
	ID        int64  `json:"id"`
	SetID     int64  `json:"set_id"`
	Code      string `json:"code"`
	Article   string `json:"article"`
	Text      string `json:"text"`
	Grade     Grade  `json:"grade"`
	Kind      Kind   `json:"kind"`
	Tag       string `json:"tag"`
	SortOrder int    `json:"sort_order"`
}

// InForce reports whether the set judges inspections on day d.
func (s CriteriaSet) InForce(d time.Time) bool { return inForce(s.EffectiveFrom, s.EffectiveTo, d) }

// EditionOn picks the edition of family in force on day d; if editions
// overlap (a new one published before the old is withdrawn), the one in
// force from the later date wins.
func EditionOn(sets []CriteriaSet, family string, d time.Time) (CriteriaSet, bool) {
	var best CriteriaSet
	found := false
	for _, s := range sets {
		if s.Family != family || !s.InForce(d) {
			continue
		}
		if !found || s.EffectiveFrom.After(best.EffectiveFrom.Time) {
			best, found = s, true
		}
	}
	return best, found
}

// ChecklistSets returns, for an enterprise of sector inspected on day d,
// one edition per family of that sector: the sets its checklist is built
// from, in the order given.
func ChecklistSets(sets []CriteriaSet, sector string, d time.Time) []CriteriaSet {
	out := []CriteriaSet{}
	seen := map[string]bool{}
	for _, s := range sets {
		if s.Sector != sector || seen[s.Family] {
			continue
		}
		if e, ok := EditionOn(sets, s.Family, d); ok && e.Sector == sector {
			out = append(out, e)
		}
		seen[s.Family] = true
	}
	return out
}
