package projects

import (
	"math/big"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Expected values: the format "YYYY-RRRRRR-DD-TT-NNNNNC" of 发改投资〔2020〕
// 1439号 / GB/T 40058-2021 as the domain reference §2.1 gives it (4+6+2+2+6
// characters, 24 with hyphens); codes below are constructed to that shape
// (no real code is quoted, the check algorithm being unpublished).
func TestCodeProblem(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Changji prefecture, 2023, constructed", "2023-652300-44-03-012345", ""},
		{"Jimsar county, letter in random part", "2021-652327-26-01-A1B2C3", ""},
		{"central project region 000000", "2020-000000-78-01-000017", ""},
		{"legacy 2017 platform code", "2017-650000-07-02-000001", ""},
		{"first accepted year", "2014-652301-44-03-000001", ""},
		{"this year accepted", "2026-652301-44-03-000001", ""},
		{"next year refused", "2027-652301-44-03-000001", CodeYear},
		{"before the platform", "2013-652301-44-03-000001", CodeYear},
		{"23 characters", "2023-652300-44-03-01234", CodeFormat},
		{"25 characters", "2023-652300-44-03-0123456", CodeFormat},
		{"no hyphens (20 characters)", "20236523004403012345", CodeFormat},
		{"hyphen misplaced", "2023-65230-044-03-012345", CodeFormat},
		{"letter in the region", "2023-65230A-44-03-012345", CodeFormat},
		{"letter in the type", "2023-652300-44-0X-012345", CodeFormat},
		{"lower case not normalised", "2023-652300-44-03-a12345", CodeFormat},
		{"region of no province (66)", "2023-662300-44-03-012345", CodeRegion},
		{"empty", "", CodeFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CodeProblem(tt.in, 2026); got != tt.want {
				t.Errorf("CodeProblem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	// Full-width digits and a Chinese dash fold to the ASCII code.
	if got := NormalizeCode(" ２０２３—652300-44-03-a12345 "); got != "2023-652300-44-03-A12345" {
		t.Errorf("NormalizeCode = %q", got)
	}
}

// Expected values: the unit is hundredths of 万元 (money.go); figures in the
// shape reports print them ("629.0", "8428.53").
func TestParseAmount(t *testing.T) {
	tests := []struct {
		in      string
		want    Amount
		problem string
	}{
		{"629.0", 62900, ""},
		{"8428.53", 842853, ""},
		{"50000", 5000000, ""},       // 5亿 tomato project = 50,000万
		{"1,234.5", 123450, ""},      // thousands separator
		{"１２３．４", 12340, ""},         // full-width
		{"0", 0, ""},                 // zero is a valid month (winter stop)
		{"-0", 0, ""},                // negative zero is zero
		{"0.01", 1, ""},              // smallest unit, 100 yuan
		{"-0.01", 0, AmountNegative}, // the smallest negative
		{"-5", 0, AmountNegative},
		{"1.234", 0, AmountPrecision},
		{"1000000000", 100000000000, ""}, // the ceiling, 10^9 万元
		{"1000000000.01", 0, AmountTooLarge},
		{"99999999999", 0, AmountTooLarge},
		{"", 0, AmountBad},
		{"abc", 0, AmountBad},
		{"1.", 0, AmountBad},
		{".5", 50, ""},
		{"1e3", 0, AmountBad},
	}
	for _, tt := range tests {
		got, p := ParseAmount(tt.in)
		if got != tt.want || p != tt.problem {
			t.Errorf("ParseAmount(%q) = %d, %q; want %d, %q", tt.in, got, p, tt.want, tt.problem)
		}
	}
	if s := Amount(842853).String(); s != "8428.53" {
		t.Errorf("String = %q", s)
	}
	if s := Amount(5).String(); s != "0.05" {
		t.Errorf("String = %q", s)
	}
	if Yi(5) != Wan(50000) {
		t.Error("5亿 != 50000万")
	}
}

func TestMonth(t *testing.T) {
	m, ok := ParseMonth("2023-05")
	if !ok || m != 202305 || m.String() != "2023-05" {
		t.Fatalf("ParseMonth = %v %v", m, ok)
	}
	for _, bad := range []string{"2023-13", "2023-00", "23-05", "2023/05", "", "1989-12"} {
		if _, ok := ParseMonth(bad); ok {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
	if got := Month(202312).Add(1); got != 202401 {
		t.Errorf("Add across year = %v", got)
	}
	if got := Month(202401).Add(-1); got != 202312 {
		t.Errorf("Add back across year = %v", got)
	}
	if got := Month(202403).Since(202311); got != 4 {
		t.Errorf("Since = %d", got)
	}
	// 2023-05-31 17:00 UTC is 2023-06-01 01:00 in Changji.
	if got := MonthOfTime(time.Date(2023, 5, 31, 17, 0, 0, 0, time.UTC)); got != 202306 {
		t.Errorf("MonthOfTime = %v", got)
	}
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

// Expected values: official reports quoted in the domain reference §2.4,
// with the gap printed as they print it (difference of unrounded
// percentages, then rounded).
func TestScheduleGap(t *testing.T) {
	tests := []struct {
		src          string
		cum, plan    Amount
		m            int
		digits       int
		rate, gap    string
		scheduleShow string
	}{
		// 456150 Jan–Oct: 629.0/647.4 = 97.2 %, "超过时间进度13.8个百分点".
		{"456150 Jan–Oct", Yi(629), Yi(6474) / 10, 10, 1, "97.2", "13.8", "83.3"}, // 647.4亿
		// 456150 Jan–Mar: 30.90 % − 25 % = 5.90 pp (rate constructed from 30.90 % of 100).
		{"456150 Jan–Mar", 3090, 10000, 3, 2, "30.90", "5.90", "25.00"},
		// smsy Jan–Aug: 74 % − 66.67 % = 7.33 pp.
		{"smsy Jan–Aug", 7400, 10000, 8, 2, "74.00", "7.33", "66.67"},
		// amzrylc Jan–Oct: 85.1 % − 83.3 % = 1.8 pp.
		{"amzrylc Jan–Oct", 8510, 10000, 10, 1, "85.1", "1.8", "83.3"},
		// Panzhihua 招商 funds: 125.64 % − 83.33 % = 42.31 ("超进度42.31").
		{"Panzhihua Jan–Oct", 12564, 10000, 10, 2, "125.64", "42.31", "83.33"},
		// Exactly on schedule at mid-year: 0 pp (constructed).
		{"on schedule", 5000, 10000, 6, 1, "50.0", "0.0", "50.0"},
		// Behind: 20 % at mid-year is −30 pp (constructed, the Yinchuan red edge).
		{"30 pp behind", 2000, 10000, 6, 1, "20.0", "-30.0", "50.0"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			plan := tt.plan
			if got := Percent(CompletionRate(tt.cum, plan), tt.digits); got != tt.rate {
				t.Errorf("rate = %s, want %s", got, tt.rate)
			}
			if got := Round(ScheduleGapPP(tt.cum, plan, tt.m), tt.digits); got != tt.gap {
				t.Errorf("gap = %s, want %s", got, tt.gap)
			}
			if got := Percent(ScheduleProgress(tt.m), tt.digits); got != tt.scheduleShow {
				t.Errorf("序时进度 = %s, want %s", got, tt.scheduleShow)
			}
		})
	}
	if CompletionRate(5, 0) != nil || ScheduleGapPP(5, 0, 3) != nil {
		t.Error("a rate without a plan must be nil")
	}
}

// Expected values: domain reference §2.6 — with linear PV, SPI =
// 投资完成率 ÷ 序时进度, so a −10 pp gap is SPI 0.60 at m=3, 0.80 at m=6,
// 0.867 at m=9 and 0.90 at m=12; −30 pp is 0.40 at m=6, 0.70 at m=12.
// The EVM worked example (BAC 100000, plan 10/20/40 %, t=3, actual 35 %)
// gives PV 40000, SPI 0.875.
func TestSPI(t *testing.T) {
	linear := [12]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	plan := Amount(1200000)
	tests := []struct {
		name string
		ev   Amount
		m    int
		want string
	}{
		{"−10 pp at m=3", Amount(1200000 * 15 / 100), 3, "0.600"},
		{"−10 pp at m=6", Amount(1200000 * 40 / 100), 6, "0.800"},
		{"−10 pp at m=9", Amount(1200000 * 65 / 100), 9, "0.867"},
		{"−10 pp at m=12", Amount(1200000 * 90 / 100), 12, "0.900"},
		{"−30 pp at m=6", Amount(1200000 * 20 / 100), 6, "0.400"},
		{"−30 pp at m=12", Amount(1200000 * 70 / 100), 12, "0.700"},
	}
	for _, tt := range tests {
		if got := Round(SPI(tt.ev, CurvePV(plan, linear, tt.m)), 3); got != tt.want {
			t.Errorf("%s: SPI = %s, want %s", tt.name, got, tt.want)
		}
	}
	monthly := []Amount{10000, 10000, 20000, 30000, 30000}
	if pv := PlanPV(monthly, 3); pv != 40000 {
		t.Errorf("PlanPV = %d, want 40000", pv)
	}
	if got := Round(SPI(35000, big.NewRat(int64(PlanPV(monthly, 3)), 1)), 3); got != "0.875" {
		t.Errorf("EVM example SPI = %s, want 0.875", got)
	}
	// A winter-stop curve plans nothing in Jan–Feb: no SPI then, rather
	// than a division by zero (weights illustrative).
	winter := [12]int{0, 0, 5, 10, 12, 14, 14, 14, 13, 10, 8, 0}
	if SPI(100, CurvePV(plan, winter, 2)) != nil {
		t.Error("SPI against a zero PV must be nil")
	}
	// Against that curve, 5/100 of the plan is due by March: completing
	// exactly that is SPI 1 while linear 序时进度 reads −20 pp.
	ev := Amount(1200000 * 5 / 100)
	if got := Round(SPI(ev, CurvePV(plan, winter, 3)), 2); got != "1.00" {
		t.Errorf("seasonal SPI = %s, want 1.00", got)
	}
	if got := Round(ScheduleGapPP(ev, plan, 3), 1); got != "-20.0" {
		t.Errorf("linear gap = %s, want -20.0", got)
	}
}

// Expected values: domain reference §2.4 — 开工率 206/255 = 80.8 %, 129/270
// printed "47 %" (47.8 to one decimal); 投产率 7/10 = 70 %; Xuchang 履约率
// 244/247 = 98.8 %.
func TestRate(t *testing.T) {
	tests := []struct {
		n, of  int
		digits int
		want   string
	}{
		{206, 255, 1, "80.8"},
		{129, 270, 1, "47.8"},
		{7, 10, 0, "70"},
		{244, 247, 1, "98.8"},
		{0, 5, 1, "0.0"},
	}
	for _, tt := range tests {
		if got := Percent(Rate(tt.n, tt.of), tt.digits); got != tt.want {
			t.Errorf("Rate(%d, %d) = %s, want %s", tt.n, tt.of, got, tt.want)
		}
	}
	if Rate(3, 0) != nil {
		t.Error("rate of nothing must be nil")
	}
}

// Expected values: Yinchuan 2025 (domain reference §2.5) — start: yellow
// when due this month and not started, red after 3 consecutive overdue
// months; enrolment: yellow 1 month after start, red > 2 months.
func TestStartAndEnrolment(t *testing.T) {
	starts := []struct {
		name    string
		planned Month
		started bool
		asOf    Month
		want    int
	}{
		{"not yet due", 202305, false, 202304, 0},
		{"due this month", 202305, false, 202305, 1},
		{"third overdue month", 202305, false, 202307, 3},
		{"started", 202305, true, 202309, 0},
		{"no planned start", 0, false, 202309, 0},
	}
	for _, tt := range starts {
		if got := StartOverdue(tt.planned, tt.started, tt.asOf); got != tt.want {
			t.Errorf("StartOverdue %s = %d, want %d", tt.name, got, tt.want)
		}
	}
	lags := []struct {
		name                  string
		start, enrolled, asOf Month
		want                  int
	}{
		{"start month", 202305, 0, 202305, 0},
		{"one month after start", 202305, 0, 202306, 1},
		{"two months", 202305, 0, 202307, 2},
		{"three months (> 2: red)", 202305, 0, 202308, 3},
		{"enrolled in June", 202305, 202306, 202308, 0},
		{"enrolled later than asOf", 202305, 202309, 202307, 2},
		{"not started", 0, 0, 202308, 0},
	}
	for _, tt := range lags {
		if got := EnrolmentLag(tt.start, tt.enrolled, tt.asOf); got != tt.want {
			t.Errorf("EnrolmentLag %s = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// yinchuan is the Yinchuan 2025 rule set as the seed migration stores it
// (domain reference §2.5): progress yellow 10–30 pp below 序时进度
// inclusive, red > 30 pp below; start yellow from the due month, red at 3
// overdue months; enrolment yellow 1–2 months, red > 2.
func yinchuan() []Rule {
	return []Rule{
		{ID: 1, Dimension: "progress", Colour: Red, Conditions: []Condition{{MetricGapPP, OpLT, "-30"}}},
		{ID: 2, Dimension: "progress", Colour: Yellow, Conditions: []Condition{{MetricGapPP, OpLE, "-10"}, {MetricGapPP, OpGE, "-30"}}},
		{ID: 3, Dimension: "start", Colour: Red, Conditions: []Condition{{MetricStartOverdue, OpGE, "3"}}},
		{ID: 4, Dimension: "start", Colour: Yellow, Conditions: []Condition{{MetricStartOverdue, OpGE, "1"}}},
		{ID: 5, Dimension: "enrolment", Colour: Red, Conditions: []Condition{{MetricEnrolmentLag, OpGT, "2"}}},
		{ID: 6, Dimension: "enrolment", Colour: Yellow, Conditions: []Condition{{MetricEnrolmentLag, OpGE, "1"}}},
	}
}

func TestEvaluateYinchuanBands(t *testing.T) {
	gap := func(s string) Figures { return Figures{MetricGapPP: rat(s)} }
	tests := []struct {
		name string
		f    Figures
		want Colour
	}{
		{"ahead of schedule", gap("5"), Green},
		{"on schedule", gap("0"), Green},
		{"9.99 pp below: not yet a band", gap("-9.99"), Green},
		{"exactly 10 pp below: yellow (incl.)", gap("-10"), Yellow},
		{"exactly 30 pp below: yellow (incl.)", gap("-30"), Yellow},
		{"30.01 pp below: red", gap("-30.01"), Red},
		// 13.8 pp below printed, but the exact value decides the band.
		{"exact thirds", Figures{MetricGapPP: big.NewRat(-100, 3)}, Red},
		{"start due this month", Figures{MetricStartOverdue: rat("1")}, Yellow},
		{"start 3 months overdue", Figures{MetricStartOverdue: rat("3")}, Red},
		{"enrolment 2 months late", Figures{MetricEnrolmentLag: rat("2")}, Yellow},
		{"enrolment 3 months late", Figures{MetricEnrolmentLag: rat("3")}, Red},
		{"worst dimension wins", Figures{MetricGapPP: rat("2"), MetricEnrolmentLag: rat("1")}, Yellow},
		{"nothing known", Figures{}, NoLight},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Evaluate(yinchuan(), []Figures{tt.f}).Colour; got != tt.want {
				t.Errorf("colour = %q, want %q", got, tt.want)
			}
		})
	}
	v := Evaluate(yinchuan(), []Figures{gap("-31")})
	if len(v.Findings) != 1 || v.Findings[0].RuleID != 1 {
		t.Errorf("finding = %+v, want rule 1", v.Findings)
	}
}

// Persistence: Sanya's "2 months running" (domain reference §2.5) as a rule
// that holds only when its conditions held in each of the last 2 months.
func TestEvaluatePersistence(t *testing.T) {
	rules := []Rule{
		{ID: 7, Dimension: "task", Colour: Red, Persistence: 2, Conditions: []Condition{{MetricCompletion, OpLT, "100"}}},
		{ID: 8, Dimension: "task", Colour: Yellow, Conditions: []Condition{{MetricCompletion, OpLT, "100"}}},
	}
	done, short := Figures{MetricCompletion: rat("100")}, Figures{MetricCompletion: rat("80")}
	tests := []struct {
		name string
		h    []Figures
		want Colour
	}{
		{"one month short", []Figures{short}, Yellow},
		{"done then short", []Figures{done, short}, Yellow},
		{"two months short", []Figures{short, short}, Red},
		{"short then done", []Figures{short, done}, Green},
	}
	for _, tt := range tests {
		if got := Evaluate(rules, tt.h).Colour; got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Stage rules: forward only, skipping allowed, suspension and resumption,
// completed and cancelled final (domain reference §2.2).
func TestTransitionProblem(t *testing.T) {
	tests := []struct {
		from, to Stage
		want     string
	}{
		{"", StageReserve, ""},
		{StageReserve, StagePreparation, ""},
		{StagePreparation, StageStarted, ""},
		{StageReserve, StageStarted, ""},
		{StageStarted, StageContinuing, ""},
		{StageContinuing, StagePartialOp, ""},
		{StagePartialOp, StageCompleted, ""},
		{StageStarted, StagePreparation, StageBackwards},
		{StageCompleted, StageContinuing, StageFinal},
		{StageCancelled, StageReserve, StageFinal},
		{StageStarted, StageSuspended, ""},
		{StageSuspended, StageContinuing, ""},
		{StageStarted, StageStarted, StageSame},
		{StageStarted, "built", StageUnknown},
	}
	for _, tt := range tests {
		if got := TransitionProblem(tt.from, tt.to); got != tt.want {
			t.Errorf("%q → %q = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// Report rules: the lock at the end of the deadline day of the next month,
// China time; future months; cumulative above the total (issue 3).
func TestReportProblems(t *testing.T) {
	cstT := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, cst)
		return v
	}
	base := ReportCheck{Month: 202305, Physical: 100, OtherCumulative: 900, Total: 1000, PhysicalPct: -1, DeadlineDay: 5}
	tests := []struct {
		name  string
		edit  func(*ReportCheck)
		field string
		key   string
	}{
		{"last minute of the deadline day", func(r *ReportCheck) { r.Now = cstT("2023-06-05 23:59") }, "", ""},
		{"first minute after the deadline", func(r *ReportCheck) { r.Now = cstT("2023-06-06 00:00") }, "month", ReportLocked},
		{"bureau passes the lock", func(r *ReportCheck) { r.Now = cstT("2023-09-01 10:00"); r.MayPassLock = true }, "", ""},
		{"current month may be reported", func(r *ReportCheck) { r.Now = cstT("2023-05-20 10:00") }, "", ""},
		{"next month is the future", func(r *ReportCheck) { r.Now = cstT("2023-04-30 23:59") }, "month", ReportFutureMonth},
		{"cumulative equal to the total", func(r *ReportCheck) { r.Now = cstT("2023-06-01 09:00") }, "", ""},
		{"one unit above the total", func(r *ReportCheck) { r.Now = cstT("2023-06-01 09:00"); r.Physical = 101 }, "physical_amount", ReportAboveTotal},
		{"no total set", func(r *ReportCheck) { r.Now = cstT("2023-06-01 09:00"); r.Total = 0; r.Physical = 5000 }, "", ""},
		{"physical 101 %", func(r *ReportCheck) { r.Now = cstT("2023-06-01 09:00"); r.PhysicalPct = 101 }, "physical_pct", ReportPercent},
		{"physical 100 %", func(r *ReportCheck) { r.Now = cstT("2023-06-01 09:00"); r.PhysicalPct = 100 }, "", ""},
		{"bad month", func(r *ReportCheck) { r.Now = cstT("2023-06-01 09:00"); r.Month = 202313 }, "month", ReportBadMonth},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rc := base
			tt.edit(&rc)
			v := &errs.Validation{}
			rc.Problems(v)
			if tt.key == "" {
				if v.Err() != nil {
					t.Fatalf("unexpected %v", v)
				}
				return
			}
			for _, f := range v.Fields {
				if f.Field == tt.field && f.Key == tt.key {
					return
				}
			}
			t.Fatalf("got %v, want %s: %s", v.Fields, tt.field, tt.key)
		})
	}
}

// Expected values: the EVM worked example of the domain reference §2.6
// (BAC 100000, cumulative plan 10/20/40/70/100 %, t = 3, EV 35 %): PV_2 =
// 20000 ≤ 35000 < PV_3 = 40000, so ES = 2 + 15000/20000 = 2.75 and SPI(t) =
// 2.75/3 = 0.917 (computed from Lipke's formula as quoted there).
func TestEarnedSchedule(t *testing.T) {
	cum := func(vals ...int64) []*big.Rat {
		out := make([]*big.Rat, len(vals))
		for i, v := range vals {
			out[i] = big.NewRat(v, 1)
		}
		return out
	}
	plan := cum(10000, 20000, 40000, 70000, 100000)
	tests := []struct {
		name string
		ev   int64
		pv   []*big.Rat
		es   string
	}{
		{"worked example", 35000, plan, "2.75"},
		{"exactly on month 2", 20000, plan, "2.00"},
		{"nothing earned", 0, plan, "0.00"},
		{"half of month 1", 5000, plan, "0.50"},
		{"all planned value earned", 100000, plan, "5.00"},
		{"beyond the plan: capped", 120000, plan, "5.00"},
		// Winter: nothing planned in months 1–2; 50 of the 100 of March is
		// half of March, 2.5 months of schedule.
		{"winter stop", 50, cum(0, 0, 100, 300), "2.50"},
	}
	for _, tt := range tests {
		if got := Round(EarnedSchedule(big.NewRat(tt.ev, 1), tt.pv), 2); got != tt.es {
			t.Errorf("%s: ES = %s, want %s", tt.name, got, tt.es)
		}
	}
	if got := Round(SPIt(EarnedSchedule(big.NewRat(35000, 1), plan), 3), 3); got != "0.917" {
		t.Errorf("SPI(t) = %s, want 0.917", got)
	}
}
