package projects

import "testing"

// The enrolment dimension applies from the statistics threshold (500万
// since 2011, domain reference §2.3): at 499.99万 a started, unenrolled
// project has no enrolment figure; at 500.00万 it does. Months counted as
// in TestStartAndEnrolment (started March, July is the 4th month after).
func TestMeasureEnrolmentThreshold(t *testing.T) {
	b := basis{curve: Curve{Weights: [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}, enrolFrom: Wan(500)}
	tests := []struct {
		name  string
		total Amount
		want  bool
		lag   int
	}{
		{"one unit below the threshold", 49999, false, 0},
		{"at the threshold", 50000, true, 4},
		{"no total yet: held to it", 0, true, 4},
	}
	for _, tt := range tests {
		p := Project{ID: 1, TotalInvestment: tt.total, StartMonth: 202503}
		it := ListItem{ProjectID: 1, AnnualPlan: Wan(100)}
		ms := measure(it, p, nil, b, 2025, 7)
		_, has := ms.Figures[MetricEnrolmentLag]
		if has != tt.want || ms.EnrolmentLag != tt.lag {
			t.Errorf("%s: figure %v lag %d, want %v %d", tt.name, has, ms.EnrolmentLag, tt.want, tt.lag)
		}
	}
}

// A measure with the frozen baseline: PV comes from the baseline monthly
// plan even after a re-plan (domain reference §2.6: "monthly plan frozen
// at list adoption"), while completion is against the plan in force.
func TestMeasureBaselinePV(t *testing.T) {
	b := basis{curve: Curve{Weights: [12]int{0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}}, enrolFrom: Wan(500)}
	base := make([]Amount, 12)
	cur := make([]Amount, 12)
	for i := range base {
		base[i], cur[i] = Wan(100), Wan(200)
	}
	it := ListItem{ProjectID: 1, AnnualPlan: Wan(2400), Monthly: cur, BaselineMonthly: base}
	d := &yearData{pct: [12]int{-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1}}
	d.physical[0], d.physical[1], d.physical[2] = Wan(100), Wan(100), Wan(100)
	ms := measure(it, Project{ID: 1}, d, b, 2025, 3)
	// EV 300; baseline PV 3 × 100 = 300: SPI 1.00. Curve: 2400 × 1/8 = 300: SPI 1.00.
	// Completion 300/2400 = 12.5 %, 序时进度 25 %: −12.5 pp.
	// Earned schedule: 300 is exactly the baseline's cumulative plan at
	// month 3 (ES 3, SPI(t) 1.00) and the curve's (0, 0, 300 …: ES 3).
	if ms.PVPlan != "300.00" || ms.SPIPlan != "1.00" || ms.PVCurve != "300.00" || ms.SPICurve != "1.00" || ms.Completion != "12.5" || ms.GapPP != "-12.5" ||
		ms.SPITPlan != "1.00" || ms.SPITCurve != "1.00" {
		t.Fatalf("%+v", ms)
	}
}
