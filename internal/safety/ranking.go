package safety

import (
	"math"
	"slices"
	"time"
)

// 红黑榜: a periodic two-list publication (domain reference §2.8, local
// practice only). The scheme — who is ranked, the scoring sheet, how many
// make the red list, the score under which the last place is blacklisted —
// is data with effective dates; the Yibin county ranking (red = top 3
// without a negative event; black = under 80 and last, or a negative
// event) is the example the reference gives. It is not the statutory
// serious-dishonesty list (credit.go) and never feeds it.

// ScoreItem is one line of a scoring sheet: PerUnit points for each unit
// of an indicator (negative: a deduction), bounded by Cap in absolute
// value when Cap > 0.
type ScoreItem struct {
	Indicator string  `json:"indicator"`
	PerUnit   float64 `json:"per_unit"`
	Cap       float64 `json:"cap"`
}

// Scheme is one 红黑榜 scheme.
type Scheme struct {
	ID            int64       `json:"id"`
	Code          string      `json:"code"`
	Name          string      `json:"name"`
	Subject       string      `json:"subject"` // county or enterprise
	Base          float64     `json:"base"`    // starting score (100)
	RedTop        int         `json:"red_top"`
	BlackBelow    float64     `json:"black_below"`
	Items         []ScoreItem `json:"items"`
	EffectiveFrom Date        `json:"effective_from"`
	EffectiveTo   Date        `json:"effective_to"`
	Source        string      `json:"source"`
}

// InForce reports whether the scheme applies to a period ending on day d.
func (s Scheme) InForce(d time.Time) bool { return inForce(s.EffectiveFrom, s.EffectiveTo, d) }

// Ranked is one subject's place.
type Ranked struct {
	Key      string             `json:"key"`
	Name     string             `json:"name"`
	Values   map[string]float64 `json:"values"`
	Negative bool               `json:"negative"` // a negative event (accident, concealment …) in the period
	Score    float64            `json:"score"`
	Rank     int                `json:"rank"` // 1 = best; equal scores share a rank
	List     string             `json:"list"` // red, black or ""
}

// List names.
const (
	ListRed   = "red"
	ListBlack = "black"
)

// Score is Base plus each item's points, rounded to one decimal.
func (s Scheme) Score(values map[string]float64) float64 {
	total := s.Base
	for _, it := range s.Items {
		p := it.PerUnit * values[it.Indicator]
		if it.Cap > 0 {
			p = math.Max(-it.Cap, math.Min(it.Cap, p))
		}
		total += p
	}
	return math.Round(total*10) / 10
}

// Rank scores and orders the subjects (best first, ties by key) and puts
// them on the lists: red, the subjects ranked within RedTop that had no
// negative event; black, every subject with a negative event and the
// last-ranked ones scoring under BlackBelow.
func Rank(s Scheme, subjects []Ranked) []Ranked {
	out := slices.Clone(subjects)
	for i := range out {
		out[i].Score = s.Score(out[i].Values)
		out[i].List = ""
	}
	slices.SortStableFunc(out, func(a, b Ranked) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		if a.Key < b.Key {
			return -1
		}
		if a.Key > b.Key {
			return 1
		}
		return 0
	})
	for i := range out {
		if i > 0 && out[i].Score == out[i-1].Score {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	last := 0
	if len(out) > 0 {
		last = out[len(out)-1].Rank
	}
	for i := range out {
		switch {
		case out[i].Negative:
			out[i].List = ListBlack
		case out[i].Rank == last && out[i].Score < s.BlackBelow:
			out[i].List = ListBlack
		case out[i].Rank <= s.RedTop:
			out[i].List = ListRed
		}
	}
	return out
}
