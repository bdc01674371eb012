package attraction

import (
	"sort"
	"strconv"

	"github.com/changji-gov/bogda/internal/projects"
)

// FundSplit names a breakdown of the arrived-funds ledger, as Xinjiang's
// statistics publish it: by source (来源地), by investor type (引资类型)
// and by cluster (projects.md §2.9 "Xinjiang").
type FundSplit string

const (
	SplitProvince  FundSplit = "province"
	SplitOwnership FundSplit = "ownership"
	SplitCluster   FundSplit = "cluster"
)

// FundSplits returns the breakdowns in display order.
func FundSplits() []FundSplit { return []FundSplit{SplitProvince, SplitOwnership, SplitCluster} }

// FundTotal is one row of a breakdown: all arrived funds and the part
// counted in the official total (引进区外到位资金).
type FundTotal struct {
	Key      string          `json:"key"`
	Label    string          `json:"label"` // province, ownership code or cluster name
	Entries  int             `json:"entries"`
	Amount   projects.Amount `json:"amount"`
	Official projects.Amount `json:"official"`
}

// Totals sums ledger entries by split, largest amount first (then by key,
// so that the order is stable).
func Totals(fs []Fund, split FundSplit) []FundTotal {
	rows := map[string]*FundTotal{}
	for _, f := range fs {
		key, label := f.SourceProvince, f.SourceProvince
		switch split {
		case SplitOwnership:
			key, label = string(f.Ownership), string(f.Ownership)
		case SplitCluster:
			key, label = strconv.FormatInt(f.ClusterID, 10), f.ClusterName
		}
		r := rows[key]
		if r == nil {
			r = &FundTotal{Key: key, Label: label}
			rows[key] = r
		}
		r.Entries++
		r.Amount += f.Amount
		if f.Official {
			r.Official += f.Amount
		}
	}
	out := make([]FundTotal, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Amount != out[j].Amount {
			return out[i].Amount > out[j].Amount
		}
		return out[i].Key < out[j].Key
	})
	return out
}
