package safety

import (
	"strings"
	"unicode"
)

// Duplicate suggestions for public reports (重复举报提示). FixMyStreet users
// asked for nearby duplicates within 50 m and an inspector's merge (domain
// reference §4: mysociety/fixmystreet #1677, #1581, #2012, #1408); a report
// naming the same enterprise is the other obvious twin. The first valid
// reporter is the one rewarded (§2.7 "Several reporters"), so staff are
// shown suggestions and decide; nothing is merged automatically.

// DuplicateRadiusM is the default radius of "the same place", in metres.
const DuplicateRadiusM = 50.0

// Candidate is a report (or hazard) that a new report may duplicate.
type Candidate struct {
	ID    int64
	OrgID int64 // 0: not yet matched to a registry enterprise
	// Name is the enterprise as the reporter wrote it; two reports naming
	// the same enterprise the same way match before triage sets OrgID.
	Name string
	At   *Point
}

// Suggestion is a candidate flagged as a possible duplicate, and why.
type Suggestion struct {
	ID int64 `json:"id"`
	// Of is what the ID names: "report" or "hazard".
	Of        string   `json:"of"`
	SameOrg   bool     `json:"same_org"`
	DistanceM *float64 `json:"distance_m"` // nil when either has no position
}

// Duplicates returns the candidates that name the same enterprise as r or
// lie within radius metres of it (the boundary included), in the order given.
func Duplicates(r Candidate, others []Candidate, radius float64) []Suggestion {
	out := []Suggestion{}
	for _, o := range others {
		if o.ID == r.ID && r.ID != 0 {
			continue
		}
		s := Suggestion{ID: o.ID, SameOrg: (r.OrgID != 0 && o.OrgID == r.OrgID) || (foldName(r.Name) != "" && foldName(r.Name) == foldName(o.Name))}
		near := false
		if r.At != nil && o.At != nil {
			d := Distance(*r.At, *o.At)
			s.DistanceM = &d
			near = d <= radius
		}
		if s.SameOrg || near {
			out = append(out, s)
		}
	}
	return out
}

// foldName reduces an enterprise name as people type it to a comparable
// form: no spaces or punctuation, full-width letters and digits folded,
// case ignored (新疆某某 化工有限公司 = 新疆某某化工有限公司).
func foldName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0 // full-width ASCII
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
