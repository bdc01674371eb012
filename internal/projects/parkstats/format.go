package parkstats

import "github.com/changji-gov/bogda/internal/projects"

// Display helpers the templates and the workbook share: a share in basis
// points prints as a percent with two decimals, nothing when there is none.

func bpText(bp *int64) string {
	if bp == nil {
		return ""
	}
	return FormatBP(*bp)
}

// Share is the row's share of the prefecture's added value, "93.00" or "".
func (r ParkRow) Share() string { return bpText(r.ShareBP) }

// ParksShare is the parks' total share, "93.00" or "".
func (t ParkTable) ParksShare() string { return bpText(t.ParksShareBP) }

// PeriodLabel writes the table's period.
func (t ParkTable) PeriodLabel() string { return periodLabel(t.Kind, t.Period) }

// Share is the park's share of the prefecture's certificates.
func (h HighTechCount) Share() string { return bpText(h.ShareBP) }

// Progress is the target's progress in percent, "60.00" or "".
func (t Target) Progress() string { return bpText(t.ProgressBP) }

// LandHa is the land in hectares (公顷 = 亩 ÷ 15), two decimals rounded
// half up, for tables that circulate in hectares.
func (f *Figure) LandHa() string {
	if f == nil || f.LandMu == nil {
		return ""
	}
	// hundredths of 亩 ÷ 15 = hundredths of a hectare, rounded half up.
	return projects.Amount((2*int64(*f.LandMu) + 15) / 30).String()
}
