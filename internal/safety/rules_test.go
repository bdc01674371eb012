package safety

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dt(s string) Date {
	if s == "" {
		return Date{}
	}
	return Date{Date: db.Date{Time: d(s)}}
}

// Expected values: Vincenty's inverse formula on the GRS80 ellipsoid, which
// CGCS2000 shares (a = 6 378 137 m, f = 1/298.257222101).
func TestDistance(t *testing.T) {
	dms := func(deg, min, sec float64) float64 { return math.Copysign(math.Abs(deg)+min/60+sec/3600, deg) }
	tests := []struct {
		name string
		p, q Point
		want float64
		tol  float64
	}{
		// Geoscience Australia, GDA technical manual worked example
		// (Flinders Peak → Buninyong, GRS80): 54 972.271 m.
		{"Flinders Peak to Buninyong", Point{dms(-37, 57, 3.72030), dms(144, 25, 29.52440)},
			Point{dms(-37, 39, 10.15610), dms(143, 55, 35.38390)}, 54972.271, 0.001},
		// One degree along the equator is 2πa/360 = 111 319.4908 m.
		{"one degree of longitude on the equator", Point{0, 0}, Point{0, 1}, 111319.4908, 0.001},
		// GRS80 meridian quadrant (Moritz, Geodetic Reference System 1980,
		// derived constants): Q = 10 001 965.7293 m.
		{"equator to pole", Point{0, 0}, Point{90, 0}, 10001965.7293, 0.001},
		{"same point", Point{44.0, 87.3}, Point{44.0, 87.3}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Distance(tt.p, tt.q); math.Abs(got-tt.want) > tt.tol {
				t.Errorf("Distance = %.4f m, want %.4f ± %g", got, tt.want, tt.tol)
			}
			if got := Distance(tt.q, tt.p); math.Abs(got-tt.want) > tt.tol {
				t.Errorf("reverse Distance = %.4f m, want %.4f", got, tt.want)
			}
		})
	}
}

// Expected values: the 50 m radius of FixMyStreet's duplicate suggestion
// (domain reference §4); points on the equator are a·Δλ apart, so a
// longitude step of m/a radians is m metres.
func TestDuplicates(t *testing.T) {
	east := func(m float64) *Point { return &Point{0, m / cgcsA * 180 / math.Pi} }
	r := Candidate{ID: 1, OrgID: 7, At: east(0)}
	others := []Candidate{
		{ID: 2, At: east(49.99)},         // inside
		{ID: 3, At: east(50.01)},         // just outside
		{ID: 4, OrgID: 7},                // same enterprise, no position
		{ID: 5, OrgID: 8, At: east(500)}, // another enterprise far away
		{ID: 1, OrgID: 7, At: east(0)},   // the report itself
		{ID: 6},                          // nothing to compare
		{ID: 7, Name: "木垒 矿业（有限）公司"},     // named like report 8 below
	}
	got := Duplicates(r, others, DuplicateRadiusM)
	if len(got) != 2 || got[0].ID != 2 || got[1].ID != 4 {
		t.Fatalf("Duplicates = %+v, want ids 2 and 4", got)
	}
	if got[0].DistanceM == nil || math.Abs(*got[0].DistanceM-49.99) > 0.001 || got[0].SameOrg {
		t.Errorf("suggestion 2 = %+v", got[0])
	}
	if !got[1].SameOrg || got[1].DistanceM != nil {
		t.Errorf("suggestion 4 = %+v", got[1])
	}
	// Names typed differently but the same after folding match.
	named := Duplicates(Candidate{ID: 8, Name: "木垒矿业(有限)公司"}, others, DuplicateRadiusM)
	if len(named) != 1 || named[0].ID != 7 || !named[0].SameOrg {
		t.Errorf("name match = %+v", named)
	}
	// A report naming no enterprise does not match others naming none.
	if got := Duplicates(Candidate{ID: 9}, []Candidate{{ID: 10}}, DuplicateRadiusM); len(got) != 0 {
		t.Errorf("no-org match: %+v", got)
	}
}

// Expected values: 安监总财〔2018〕19号 (domain reference §2.7): 15 % of the
// fine, at least ¥3,000, at most ¥300,000; per concealed death ¥30k / 40k /
// 50k / 60k by accident grade, at most ¥300k.
func TestRewards(t *testing.T) {
	national := RewardRule{Basis: BasisFineShare, RateBP: 1500, MinFen: 3000_00, MaxFen: 300000_00}
	fine := []struct {
		name          string
		fine, wantFen int64
	}{
		{"no fine: the floor", 0, 3000_00},
		{"¥19,999: 15 % is ¥2,999.85, the floor", 19999_00, 3000_00},
		{"¥20,000: 15 % is exactly the floor", 20000_00, 3000_00},
		{"¥20,001: 15 % is ¥3,000.15", 20001_00, 3000_15},
		{"¥100,000: ¥15,000", 100000_00, 15000_00},
		{"¥2,000,000: 15 % is exactly the cap", 2000000_00, 300000_00},
		{"¥2,000,001: the cap", 2000001_00, 300000_00},
		{"negative fine counts as none", -5_00, 3000_00},
	}
	for _, tt := range fine {
		if got := FineShareReward(national, tt.fine); got != tt.wantFen {
			t.Errorf("%s: got %d fen, want %d", tt.name, got, tt.wantFen)
		}
	}
	// Rounding half up to the fen (constructed: no floor, no cap).
	bare := RewardRule{Basis: BasisFineShare, RateBP: 1500}
	for fineFen, want := range map[int64]int64{3: 0, 4: 1, 10: 2, 30: 5} { // 0.45→0, 0.6→1, 1.5→2, 4.5→5
		if got := FineShareReward(bare, fineFen); got != want {
			t.Errorf("15 %% of %d fen = %d, want %d", fineFen, got, want)
		}
	}
	tariff := RewardRule{Basis: BasisConcealedDeath, MaxFen: 300000_00, PerDeathFen: map[AccidentGrade]int64{
		AccidentGeneral: 30000_00, AccidentLarger: 40000_00, AccidentMajor: 50000_00, AccidentEspeciallyMajor: 60000_00}}
	deaths := []struct {
		name string
		in   map[AccidentGrade]int
		want int64
	}{
		{"one death, general accident", map[AccidentGrade]int{AccidentGeneral: 1}, 30000_00},
		{"ten deaths, general: exactly the cap", map[AccidentGrade]int{AccidentGeneral: 10}, 300000_00},
		{"eleven deaths, general: the cap", map[AccidentGrade]int{AccidentGeneral: 11}, 300000_00},
		{"two larger and one major", map[AccidentGrade]int{AccidentLarger: 2, AccidentMajor: 1}, 130000_00},
		{"five especially major: exactly the cap", map[AccidentGrade]int{AccidentEspeciallyMajor: 5}, 300000_00},
		{"six especially major: the cap", map[AccidentGrade]int{AccidentEspeciallyMajor: 6}, 300000_00},
		{"none", map[AccidentGrade]int{}, 0},
	}
	for _, tt := range deaths {
		if got := ConcealedDeathReward(tariff, tt.in); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

// Expected values: a local rule in force from its date replaces the
// national one on that day and not before (constructed dates; the Changji
// rule 昌州政办发〔2025〕14号 is dated 2025-05-09, domain reference §2.7).
func TestRuleFor(t *testing.T) {
	rules := []RewardRule{
		{Code: "national-2018", Basis: BasisFineShare, EffectiveFrom: dt("2018-01-01")},
		{Code: "changji-2025", Basis: BasisFineShare, EffectiveFrom: dt("2025-05-09")},
		{Code: "tariff-2018", Basis: BasisConcealedDeath, EffectiveFrom: dt("2018-01-01")},
	}
	for _, tt := range []struct {
		on   string
		b    RewardBasis
		want string
	}{
		{"2017-12-31", BasisFineShare, ""},
		{"2018-01-01", BasisFineShare, "national-2018"},
		{"2025-05-08", BasisFineShare, "national-2018"},
		{"2025-05-09", BasisFineShare, "changji-2025"},
		{"2025-05-09", BasisConcealedDeath, "tariff-2018"},
	} {
		r, ok := RuleFor(rules, tt.b, d(tt.on))
		if (tt.want == "") == ok || r.Code != tt.want {
			t.Errorf("RuleFor(%s, %s) = %q, %v; want %q", tt.b, tt.on, r.Code, ok, tt.want)
		}
	}
}

// Expected values: GB 35181-2017 judges fire inspections up to 2025-10-31,
// GB 35181-2025 from 2025-11-01 (domain reference §2.5, §2.6).
func TestEditionOn(t *testing.T) {
	sets := []CriteriaSet{
		{Code: "GB35181-2017", Family: "GB35181", Sector: "fire", EffectiveFrom: dt("2018-07-01"), EffectiveTo: dt("2025-10-31")},
		{Code: "GB35181-2025", Family: "GB35181", Sector: "fire", EffectiveFrom: dt("2025-11-01")},
		{Code: "MEM4", Family: "MEM4", Sector: "coal", EffectiveFrom: dt("2021-01-01")},
	}
	for _, tt := range []struct{ on, want string }{
		{"2018-06-30", ""},
		{"2018-07-01", "GB35181-2017"},
		{"2025-10-31", "GB35181-2017"},
		{"2025-11-01", "GB35181-2025"},
		{"2030-01-01", "GB35181-2025"},
	} {
		s, ok := EditionOn(sets, "GB35181", d(tt.on))
		if (tt.want == "") == ok || s.Code != tt.want {
			t.Errorf("EditionOn(%s) = %q, %v; want %q", tt.on, s.Code, ok, tt.want)
		}
	}
	got := ChecklistSets(sets, "fire", d("2025-11-01"))
	if len(got) != 1 || got[0].Code != "GB35181-2025" {
		t.Errorf("ChecklistSets(fire, 2025-11-01) = %+v", got)
	}
	if got := ChecklistSets(sets, "coal", d("2020-12-31")); len(got) != 0 {
		t.Errorf("coal before 令4号 in force: %+v", got)
	}
	if got := ChecklistSets(sets, "coal", d("2021-01-01")); len(got) != 1 {
		t.Errorf("coal from 2021-01-01: %+v", got)
	}
}

// Expected values: 16号令 §14 (domain reference §2.3): quarterly table by
// the 15th of the month after the quarter, annual by 31 January; on-site
// review within 10 days of the application (§§20–23).
func TestCalendar(t *testing.T) {
	c := DefaultCalendar()
	for _, tt := range []struct {
		y, q int
		want string
	}{
		{2026, 1, "2026-04-15"}, {2026, 2, "2026-07-15"}, {2026, 3, "2026-10-15"}, {2025, 4, "2026-01-15"},
	} {
		if got := c.QuarterlyDue(tt.y, tt.q).Format(time.DateOnly); got != tt.want {
			t.Errorf("QuarterlyDue(%d Q%d) = %s, want %s", tt.y, tt.q, got, tt.want)
		}
	}
	if got := c.AnnualDue(2025).Format(time.DateOnly); got != "2026-01-31" {
		t.Errorf("AnnualDue(2025) = %s", got)
	}
	if got := c.ReviewDue(d("2026-03-25")).Format(time.DateOnly); got != "2026-04-04" {
		t.Errorf("ReviewDue = %s", got)
	}
	for on, want := range map[string]int{"2026-03-31": 1, "2026-04-01": 2, "2026-12-31": 4, "2026-01-01": 1} {
		if _, q := QuarterOf(d(on)); q != want {
			t.Errorf("QuarterOf(%s) = %d, want %d", on, q, want)
		}
	}
	first, last := QuarterBounds(2024, 1)
	if first.Format(time.DateOnly) != "2024-01-01" || last.Format(time.DateOnly) != "2024-03-31" {
		t.Errorf("QuarterBounds(2024 Q1) = %s..%s", first, last)
	}
	first, last = QuarterBounds(2024, 4)
	if first.Format(time.DateOnly) != "2024-10-01" || last.Format(time.DateOnly) != "2024-12-31" {
		t.Errorf("QuarterBounds(2024 Q4) = %s..%s", first, last)
	}
}

// Expected values: 民法典 §§201–202 (a period counted in months ends on the
// corresponding day, or the month's last day when there is none) applied
// to the 令11号 periods of 3 years and 12 months (domain reference §2.8).
func TestPeriods(t *testing.T) {
	for _, tt := range []struct {
		start  string
		months int
		want   string
	}{
		{"2023-10-10", 36, "2026-10-10"},
		{"2024-02-29", 12, "2025-02-28"}, // no 29 February in 2025
		{"2023-01-31", 1, "2023-02-28"},
		{"2024-01-31", 1, "2024-02-29"},
		{"2023-11-30", 3, "2024-02-29"},
		{"2023-12-15", 1, "2024-01-15"}, // across the year
		{"2023-10-01", 0, "2023-10-01"},
	} {
		if got := PeriodEnd(d(tt.start), tt.months).Format(time.DateOnly); got != tt.want {
			t.Errorf("PeriodEnd(%s, %d) = %s, want %s", tt.start, tt.months, got, tt.want)
		}
	}
	mem11 := CreditPolicy{Code: "MEM11", Months: 36, EarlyRemovalMonths: 12, Sectors: []string{"coal"}, EffectiveFrom: dt("2023-10-01")}
	old := CreditPolicy{Code: "2017-49", Months: 12, EffectiveTo: dt("2023-09-30")}
	pub := d("2023-10-10")
	for _, tt := range []struct {
		today, removed string
		want           bool
	}{
		{"2023-10-09", "", false},
		{"2023-10-10", "", true},
		{"2026-10-10", "", true}, // last day of the 3 years
		{"2026-10-11", "", false},
		{"2024-11-30", "2024-12-01", true},
		{"2024-12-01", "2024-12-01", false},
	} {
		var removed time.Time
		if tt.removed != "" {
			removed = d(tt.removed)
		}
		if got := OnList(mem11, pub, removed, d(tt.today)); got != tt.want {
			t.Errorf("OnList(today %s, removed %q) = %v, want %v", tt.today, tt.removed, got, tt.want)
		}
	}
	if from, ok := EarlyRemovalFrom(mem11, pub); !ok || from.Format(time.DateOnly) != "2024-10-11" {
		t.Errorf("EarlyRemovalFrom = %s, %v; want 2024-10-11", from, ok)
	}
	if _, ok := EarlyRemovalFrom(old, pub); ok {
		t.Error("2017 regime: early removal allowed")
	}
	ps := []CreditPolicy{old, mem11}
	for on, want := range map[string]string{"2023-09-30": "2017-49", "2023-10-01": "MEM11"} {
		if p, _ := PolicyFor(ps, d(on)); p.Code != want {
			t.Errorf("PolicyFor(%s) = %s, want %s", on, p.Code, want)
		}
	}
	if !mem11.Covers("coal") || mem11.Covers("road") {
		t.Error("Covers")
	}
}

// Expected values: 令11号 "12个月内发生2起以上较大事故" (domain reference §2.8),
// with the 12 months counted by 民法典 §§201–202 from the first accident.
func TestRepeated(t *testing.T) {
	for _, tt := range []struct {
		name string
		days []string
		want bool
	}{
		{"one accident", []string{"2023-01-10"}, false},
		{"second on the last day of the 12 months", []string{"2023-01-10", "2024-01-10"}, true},
		{"second the day after", []string{"2023-01-10", "2024-01-11"}, false},
		{"out of order, a later pair inside", []string{"2024-06-01", "2022-01-01", "2024-12-31"}, true},
		{"none", nil, false},
	} {
		ds := make([]time.Time, len(tt.days))
		for i, s := range tt.days {
			ds[i] = d(s)
		}
		if got := Repeated(ds, 2, 12); got != tt.want {
			t.Errorf("%s: Repeated = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// Expected values: the illustrative ladder seeded by migration (督办函 at
// 1 day overdue, 约谈 at 15, 通报 at 30, 停产整顿 at 60, credit listing at
// 90; domain reference §2.3 county rule, intervals [U] local). A deadline
// is the last day allowed: the day after it is 1 day overdue.
func TestEscalationRule(t *testing.T) {
	ladder := []LadderStep{
		{Ordinal: 2, Kind: ActionSummons, DaysOverdue: 15},
		{Ordinal: 1, Kind: ActionSupervisionLetter, DaysOverdue: 1},
		{Ordinal: 3, Kind: ActionPublicNotice, DaysOverdue: 30},
		{Ordinal: 4, Kind: ActionStopOrder, DaysOverdue: 60},
		{Ordinal: 5, Kind: ActionCreditListing, DaysOverdue: 90},
		{Ordinal: 9, Kind: ActionFine, DaysOverdue: 1, EffectiveTo: dt("2020-12-31")}, // withdrawn rung
	}
	deadline := d("2026-03-31")
	for _, tt := range []struct {
		today string
		days  int
		kinds []ActionKind
	}{
		{"2026-03-30", 0, nil},
		{"2026-03-31", 0, nil},
		{"2026-04-01", 1, []ActionKind{ActionSupervisionLetter}},
		{"2026-04-14", 14, []ActionKind{ActionSupervisionLetter}},
		{"2026-04-15", 15, []ActionKind{ActionSupervisionLetter, ActionSummons}},
		{"2026-06-29", 90, []ActionKind{ActionSupervisionLetter, ActionSummons, ActionPublicNotice, ActionStopOrder, ActionCreditListing}},
	} {
		if got := DaysOverdue(deadline, d(tt.today)); got != tt.days {
			t.Errorf("DaysOverdue(%s) = %d, want %d", tt.today, got, tt.days)
		}
		got := StepsDue(ladder, deadline, d(tt.today))
		if len(got) != len(tt.kinds) {
			t.Fatalf("StepsDue(%s) = %+v, want %v", tt.today, got, tt.kinds)
		}
		for i := range got {
			if got[i].Kind != tt.kinds[i] {
				t.Errorf("StepsDue(%s)[%d] = %s, want %s", tt.today, i, got[i].Kind, tt.kinds[i])
			}
		}
	}
	if Overdue(time.Time{}, d("2026-01-01")) {
		t.Error("no deadline is never overdue")
	}
}

// Expected values: the lifecycle of lifecycle.go, derived from 16号令 §§3,
// 14–15 and domain reference §2.4; "no close until all actions complete"
// is Cority BR-0000001 (§4).
func TestNext(t *testing.T) {
	gen := Facts{Grade: GradeGeneral, Status: StatusRectifying, Evidence: 1}
	maj := func(s Status) Facts { return Facts{Grade: GradeMajor, Status: s, Evidence: 1, PlanComplete: true} }
	with := func(f Facts, mod func(*Facts)) Facts { mod(&f); return f }
	tests := []struct {
		name string
		f    Facts
		ev   Event
		a    Actor
		want Status
		key  string
	}{
		{"general fixed by the enterprise", gen, EventFix, ActorEnterprise, StatusClosed, ""},
		{"general fix without evidence", with(gen, func(f *Facts) { f.Evidence = 0 }), EventFix, ActorEnterprise, StatusRectifying, KeyEvidenceRequired},
		{"general fix with an open action", with(gen, func(f *Facts) { f.OpenActions = 1 }), EventFix, ActorRegulator, StatusRectifying, KeyActionsOpen},
		{"major cannot be fixed like a general one", maj(StatusRemediating), EventFix, ActorRegulator, StatusRemediating, KeyTransition},
		{"upgrade by the regulator", with(gen, func(f *Facts) { f.NewGrade = GradeMajor }), EventRegrade, ActorRegulator, StatusPlanning, ""},
		{"upgrade by the enterprise", with(gen, func(f *Facts) { f.NewGrade = GradeMajor }), EventRegrade, ActorEnterprise, StatusRectifying, KeyRegulatorOnly},
		{"regrade to the same grade", with(gen, func(f *Facts) { f.NewGrade = GradeGeneral }), EventRegrade, ActorRegulator, StatusRectifying, KeySameGrade},
		{"downgrade during remediation", with(maj(StatusRemediating), func(f *Facts) { f.NewGrade = GradeGeneral }), EventRegrade, ActorRegulator, StatusRectifying, ""},
		{"no downgrade while verifying", with(maj(StatusVerifying), func(f *Facts) { f.NewGrade = GradeGeneral }), EventRegrade, ActorRegulator, StatusVerifying, KeyTransition},
		{"plan with five elements", maj(StatusPlanning), EventSubmitPlan, ActorEnterprise, StatusRemediating, ""},
		{"plan missing an element", with(maj(StatusPlanning), func(f *Facts) { f.PlanComplete = false }), EventSubmitPlan, ActorEnterprise, StatusPlanning, KeyPlanIncomplete},
		{"plan revised during remediation", maj(StatusRemediating), EventSubmitPlan, ActorEnterprise, StatusRemediating, ""},
		{"no plan for a general hazard", gen, EventSubmitPlan, ActorEnterprise, StatusRectifying, KeyTransition},
		{"apply before the plan", maj(StatusPlanning), EventApply, ActorEnterprise, StatusPlanning, KeyTransition},
		{"apply with evidence", maj(StatusRemediating), EventApply, ActorEnterprise, StatusVerifying, ""},
		{"apply without evidence", with(maj(StatusRemediating), func(f *Facts) { f.Evidence = 0 }), EventApply, ActorEnterprise, StatusRemediating, KeyEvidenceRequired},
		{"verified by the regulator: 销号", maj(StatusVerifying), EventVerify, ActorRegulator, StatusClosed, ""},
		{"the enterprise cannot verify itself", maj(StatusVerifying), EventVerify, ActorEnterprise, StatusVerifying, KeyRegulatorOnly},
		{"verify with an open action", with(maj(StatusVerifying), func(f *Facts) { f.OpenActions = 2 }), EventVerify, ActorRegulator, StatusVerifying, KeyActionsOpen},
		{"verify before applying", maj(StatusRemediating), EventVerify, ActorRegulator, StatusRemediating, KeyTransition},
		{"rejected back to remediation", maj(StatusVerifying), EventReject, ActorRegulator, StatusRemediating, ""},
		{"the enterprise cannot reject", maj(StatusVerifying), EventReject, ActorEnterprise, StatusVerifying, KeyRegulatorOnly},
		{"closed stays closed", maj(StatusClosed), EventReject, ActorRegulator, StatusClosed, KeyClosed},
		{"unknown event", gen, Event("drop"), ActorRegulator, StatusRectifying, KeyTransition},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, key := Next(tt.f, tt.ev, tt.a)
			if got != tt.want || key != tt.key {
				t.Errorf("Next = %s, %q; want %s, %q", got, key, tt.want, tt.key)
			}
		})
	}
	if InitialStatus(GradeMajor) != StatusPlanning || InitialStatus(GradeGeneral) != StatusRectifying {
		t.Error("InitialStatus")
	}
}

// Expected values: the five elements (五落实: 责任、措施、资金、时限、预案,
// domain reference §2.3) and 16号令 §15's contents.
func TestCheckPlan(t *testing.T) {
	found := d("2026-03-01")
	ok := Plan{Responsible: "设备部 张工", Measures: "更换泄压阀", FundsFen: 120000_00, Deadline: dt("2026-03-01"), Contingency: "停用储罐，设置警戒"}
	with := func(mod func(*Plan)) Plan { p := ok; mod(&p); return p }
	tests := []struct {
		name  string
		p     Plan
		field string
		key   string
	}{
		{"complete; deadline on the day found", ok, "", ""},
		{"no responsibility", with(func(p *Plan) { p.Responsible = " " }), "responsible", keyRequired},
		{"no measures", with(func(p *Plan) { p.Measures = "" }), "measures", keyRequired},
		{"no contingency plan", with(func(p *Plan) { p.Contingency = "" }), "contingency", keyRequired},
		{"no funds and no materials", with(func(p *Plan) { p.FundsFen = 0 }), "funds_fen", "safety.plan.funds_required"},
		{"materials instead of money", with(func(p *Plan) { p.FundsFen = 0; p.Materials = "备用阀门2台" }), "", ""},
		{"negative funds", with(func(p *Plan) { p.FundsFen = -1 }), "funds_fen", keyNegative},
		{"no deadline", with(func(p *Plan) { p.Deadline = Date{} }), "deadline", keyRequired},
		{"deadline the day before the finding", with(func(p *Plan) { p.Deadline = dt("2026-02-28") }), "deadline", KeyDateOrder},
		{"script in the measures", with(func(p *Plan) { p.Measures = "<script>alert(1)</script>" }), "measures", KeyMarkup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := CheckPlan(tt.p, found)
			if tt.field == "" {
				if v.Err() != nil {
					t.Fatalf("CheckPlan = %v, want ok", v)
				}
				return
			}
			for _, f := range v.Fields {
				if f.Field == tt.field && f.Key == tt.key {
					return
				}
			}
			t.Fatalf("CheckPlan = %v, want %s: %s", v.Fields, tt.field, tt.key)
		})
	}
}

// Expected values: what a browser treats as a tag opening (HTML Living
// Standard, tokenizer "tag open state": '<' followed by an ASCII letter,
// '/', '!' or '?') and javascript: URLs; Chinese technical text uses '<'
// before digits ("温度<60℃"), which must pass.
func TestHasMarkup(t *testing.T) {
	for in, want := range map[string]bool{
		"<script>alert(1)</script>":    true,
		"<img src=x onerror=alert(1)>": true,
		"</b>":                         true,
		"<!-- x -->":                   true,
		"<?xml":                        true,
		"JavaScript:alert(1)":          true,
		"温度<60℃，压力 < 1.6MPa":           false,
		"a < b":                        false,
		"x<":                           false,
		"<<":                           false,
		"":                             false,
		"储罐区无可燃气体检测报警":                 false,
	} {
		if got := HasMarkup(in); got != want {
			t.Errorf("HasMarkup(%q) = %v, want %v", in, got, want)
		}
	}
}

// Expected values: FIPS 180-2 appendix B.1 (SHA-256 of "abc"); file
// signatures of the WHATWG MIME Sniffing Standard (JPEG FF D8 FF, PNG
// 89 50 4E 47 0D 0A 1A 0A, WebP RIFF....WEBPVP, PDF %PDF-).
func TestEvidence(t *testing.T) {
	if got := Hash([]byte("abc")); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("Hash(abc) = %s", got)
	}
	if !Intact([]byte("abc"), Hash([]byte("abc"))) || Intact([]byte("abd"), Hash([]byte("abc"))) {
		t.Error("Intact")
	}
	jpeg := append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{0}, 100)...)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 100)...)
	webp := append([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), bytes.Repeat([]byte{0}, 100)...)
	pdf := []byte("%PDF-1.7\n%âãÏÓ\n")
	big := append(bytes.Clone(jpeg), make([]byte, MaxPhotoBytes)...)
	exact := append(bytes.Clone(jpeg), make([]byte, MaxPhotoBytes-len(jpeg))...)
	for _, tt := range []struct {
		name     string
		b        []byte
		wantType string
		key      string
	}{
		{"jpeg", jpeg, "image/jpeg", ""},
		{"png", png, "image/png", ""},
		{"webp", webp, "image/webp", ""},
		{"pdf is no photo", pdf, "", KeyFileType},
		{"script named .jpg", []byte("<script>alert(1)</script>"), "", KeyFileType},
		{"empty", nil, "", KeyFileEmpty},
		{"exactly the limit", exact, "image/jpeg", ""},
		{"one byte over the limit", big[:MaxPhotoBytes+1], "", KeyFileTooLarge},
	} {
		typ, key := PhotoType(tt.b, MaxPhotoBytes)
		if typ != tt.wantType || key != tt.key {
			t.Errorf("PhotoType(%s) = %q, %q; want %q, %q", tt.name, typ, key, tt.wantType, tt.key)
		}
	}
	if typ, key := EvidenceType(pdf, MaxEvidenceBytes); typ != "application/pdf" || key != "" {
		t.Errorf("EvidenceType(pdf) = %q, %q", typ, key)
	}
}

// Expected values: the Yibin county ranking as the domain reference §2.8
// describes it — red = top 3 without a negative event; black = score under
// 80 and last, or a negative event. The scoring sheet is constructed: 100
// points, −2 per overdue hazard (at most −30), +0.1 per point of
// rectification rate.
func TestRank(t *testing.T) {
	s := Scheme{Base: 100, RedTop: 3, BlackBelow: 80, Items: []ScoreItem{{Indicator: "overdue", PerUnit: -2, Cap: 30}, {Indicator: "rate", PerUnit: 0.1}}}
	in := []Ranked{
		{Key: "652301", Values: map[string]float64{"overdue": 0, "rate": 100}},                 // 110
		{Key: "652302", Values: map[string]float64{"overdue": 1, "rate": 90}},                  // 107
		{Key: "652323", Values: map[string]float64{"overdue": 0, "rate": 100}, Negative: true}, // 110 but an accident
		{Key: "652324", Values: map[string]float64{"overdue": 2, "rate": 80}},                  // 104
		{Key: "652325", Values: map[string]float64{"overdue": 2, "rate": 80}},                  // 104, ties 652324
		{Key: "652327", Values: map[string]float64{"overdue": 40, "rate": 20}},                 // 100 − 30 (cap) + 2 = 72
	}
	got := Rank(s, in)
	want := []struct {
		key   string
		score float64
		rank  int
		list  string
	}{
		{"652301", 110, 1, ListRed},
		{"652323", 110, 1, ListBlack},
		{"652302", 107, 3, ListRed},
		{"652324", 104, 4, ""},
		{"652325", 104, 4, ""},
		{"652327", 72, 6, ListBlack},
	}
	for i, w := range want {
		g := got[i]
		if g.Key != w.key || g.Score != w.score || g.Rank != w.rank || g.List != w.list {
			t.Errorf("place %d = %s %.1f #%d %q; want %s %.1f #%d %q", i, g.Key, g.Score, g.Rank, g.List, w.key, w.score, w.rank, w.list)
		}
	}
	// Last place at exactly 80 is not black (the rule says under 80).
	two := Rank(Scheme{Base: 80, RedTop: 1, BlackBelow: 80}, []Ranked{{Key: "a"}, {Key: "b", Values: map[string]float64{}}})
	if two[1].List == ListBlack {
		t.Errorf("score 80 blacklisted: %+v", two)
	}
}
