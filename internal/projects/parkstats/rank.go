package parkstats

import "sort"

// Ranked is one zone's value of the chosen indicator; Has is false when
// the zone reported no figure (it is listed last, unranked).
type Ranked struct {
	Key   int64
	Value int64
	Has   bool
}

// Rank orders zones by value, highest first, with standard competition
// ranking (1, 2, 2, 4): equal figures share a place and the next place is
// skipped, as statistical bulletins print ties. It returns each key's rank
// (0 for a zone without a figure) and the keys in display order; ties and
// missing figures keep the input order, so the table is stable.
func Rank(in []Ranked) (ranks map[int64]int, order []int64) {
	s := make([]Ranked, len(in))
	copy(s, in)
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Has != s[j].Has {
			return s[i].Has
		}
		return s[i].Has && s[i].Value > s[j].Value
	})
	ranks = make(map[int64]int, len(s))
	for i, r := range s {
		order = append(order, r.Key)
		switch {
		case !r.Has:
			ranks[r.Key] = 0
		case i > 0 && s[i-1].Has && s[i-1].Value == r.Value:
			ranks[r.Key] = ranks[s[i-1].Key]
		default:
			ranks[r.Key] = i + 1
		}
	}
	return ranks, order
}
