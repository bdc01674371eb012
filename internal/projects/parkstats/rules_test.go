package parkstats

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/projects"
)

func TestShareBP(t *testing.T) {
	cases := []struct {
		name        string
		part, whole int64
		want        int64
		ok          bool
	}{
		// README S1: parks = 93% of the prefecture's industrial added value.
		{"page 93%", 93, 100, 9300, true},
		// README S1: 昌吉高新区 50 high-tech = 30% of the prefecture's; with
		// 167 in the prefecture 50/167 = 29.94 % (prints as 30 %).
		{"50 of 167", 50, 167, 2994, true},
		// projects.md §2.10: 2018, 39 high-tech = 44.3 % → 39/88 = 44.318 %.
		{"39 of 88", 39, 88, 4432, true},
		// Half-up rounding edge: 1/8 = 12.5 % exactly; 1/40000 = 0.0025 % → 0.25 bp → 0.
		{"exact", 1, 8, 1250, true},
		{"below half bp", 1, 40000, 0, true},
		{"half bp rounds up", 1, 20000, 1, true},
		{"no whole", 5, 0, 0, false},
		{"negative part", -1, 10, 0, false},
	}
	for _, c := range cases {
		got, ok := ShareBP(c.part, c.whole)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: ShareBP(%d,%d) = %d,%v want %d,%v", c.name, c.part, c.whole, got, ok, c.want, c.ok)
		}
	}
}

func TestScopedShareRefusesMixing(t *testing.T) {
	yi := projects.Yi
	whole := ScopedValue{yi(1000), ScopeAboveScale}
	// Two parks, 规上 both, 600 + 330 of 1000 = 93 % (README S1 figure).
	bp, p := ScopedShare([]ScopedValue{{yi(600), ScopeAboveScale}, {yi(330), ScopeAboveScale}}, whole)
	if p != "" || bp != 9300 {
		t.Fatalf("same scope: %d %q", bp, p)
	}
	// projects.md §2.10: same scope in numerator and denominator, else refuse.
	if _, p := ScopedShare([]ScopedValue{{yi(600), ScopeAboveScale}, {yi(330), ScopeAll}}, whole); p != KeyScopeMismatch {
		t.Fatalf("mixed scope: %q", p)
	}
	if _, p := ScopedShare([]ScopedValue{{yi(600), ScopeAll}}, whole); p != KeyScopeMismatch {
		t.Fatalf("part scope differs from whole: %q", p)
	}
	if _, p := ScopedShare(nil, ScopedValue{0, ScopeAll}); p != KeyNoDenominator {
		t.Fatalf("zero whole: %q", p)
	}
}

func TestRank(t *testing.T) {
	// Standard competition ranking as bulletins print ties (1, 2, 2, 4);
	// missing figures last and unranked.
	ranks, order := Rank([]Ranked{{1, 50, true}, {2, 90, true}, {3, 0, false}, {4, 50, true}, {5, 10, true}})
	want := map[int64]int{2: 1, 1: 2, 4: 2, 5: 4, 3: 0}
	for k, w := range want {
		if ranks[k] != w {
			t.Errorf("rank[%d] = %d want %d", k, ranks[k], w)
		}
	}
	wantOrder := []int64{2, 1, 4, 5, 3}
	for i := range wantOrder {
		if order[i] != wantOrder[i] {
			t.Fatalf("order = %v want %v", order, wantOrder)
		}
	}
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestCertificateValidity(t *testing.T) {
	// 国科发火〔2016〕32号: valid three years from issue [U]; last day the
	// day before the third anniversary.
	if got := ExpiryFor(date("2020-12-02"), 3); !got.Equal(date("2023-12-01")) {
		t.Fatalf("expiry = %v", got)
	}
	// Leap day: 2024-02-29 + 3 years − 1 day = 2027-02-28 (Go normalises
	// 2027-02-29 to 03-01, minus a day).
	if got := ExpiryFor(date("2024-02-29"), 3); !got.Equal(date("2027-02-28")) {
		t.Fatalf("leap expiry = %v", got)
	}
	p := Period{date("2020-12-02"), date("2023-12-01")}
	cases := []struct {
		day  string
		want bool
	}{
		{"2020-12-01", false}, // day before issue
		{"2020-12-02", true},  // issue day counts
		{"2023-12-01", true},  // last day counts
		{"2023-12-02", false}, // day after expiry
	}
	for _, c := range cases {
		if got := p.ValidOn(date(c.day)); got != c.want {
			t.Errorf("ValidOn(%s) = %v", c.day, got)
		}
	}
	// Time of day never matters: 23:59 on the last day is still valid.
	if !p.ValidOn(date("2023-12-01").Add(23*time.Hour + 59*time.Minute)) {
		t.Error("late on last day")
	}
	ps := []Period{p, {date("2022-01-01"), date("2024-12-31")}, {date("2023-12-02"), date("2026-12-01")}}
	for _, c := range []struct {
		day  string
		want int
	}{{"2021-06-30", 1}, {"2023-12-01", 2}, {"2023-12-02", 2}, {"2025-01-01", 1}, {"2027-01-01", 0}} {
		if got := CountValidOn(ps, date(c.day)); got != c.want {
			t.Errorf("CountValidOn(%s) = %d want %d", c.day, got, c.want)
		}
	}
}

func TestTargetProgress(t *testing.T) {
	// README S1: 木垒 new-energy equipment output ≥ 100亿元 by 2025.
	for _, c := range []struct {
		actual, target int64
		bp             int64
		met            bool
	}{
		{0, 100, 0, false},
		{99, 100, 9900, false},
		{100, 100, 10000, true}, // "不低于" includes the target
		{120, 100, 12000, true},
	} {
		bp, met, ok := TargetProgress(c.actual, c.target)
		if !ok || bp != c.bp || met != c.met {
			t.Errorf("TargetProgress(%d,%d) = %d,%v,%v", c.actual, c.target, bp, met, ok)
		}
	}
	if _, _, ok := TargetProgress(5, 0); ok {
		t.Error("zero target has no progress")
	}
}

// huangyan2022 is the 规上 sheet of Huangyan 2022 (projects.md §2.10,
// chacewang news430850): weights 30/20/20/10/10/10 and its benchmarks.
func huangyan2022() []Weighted {
	return []Weighted{
		{IndTaxPerMu, 30, 24.097}, {IndVAPerMu, 20, 136.16}, {IndVAPerEnergy, 20, 2.694},
		{IndVAPerEmission, 10, 4929.81}, {IndLabourProd, 10, 18.14}, {IndRDIntensity, 10, 0.0302},
	}
}

func TestScore(t *testing.T) {
	// An enterprise exactly at every benchmark scores the sum of weights:
	// 100 (each term value/benchmark = 1). Figures: 10 亩, tax 240.97,
	// VA 1361.6, energy 1361.6/2.694, emission 1361.6/4929.81,
	// employees 1361.6/18.14, revenue 10000 with R&D 302.
	f := MJFigures{LandMu: 10, Tax: 240.97, AddedValue: 1361.6, EnergyTce: 1361.6 / 2.694, Emission: 1361.6 / 4929.81,
		Employees: 1361.6 / 18.14, Revenue: 10000, RD: 302}
	if s, p, _ := Score(f, huangyan2022()); p != "" || s != 100 {
		t.Fatalf("at benchmark: %v %q", s, p)
	}
	// Twice the benchmark tax per mu adds 30 more points (weight 30).
	f.Tax *= 2
	if s, _, _ := Score(f, huangyan2022()); s != 130 {
		t.Fatalf("double tax: %v", s)
	}
	// 规下 sheet (Huangyan): 亩均税收/11.5932×50 + 单位电耗税收/0.2352×50;
	// tax 115.932 on 10 亩 and 1000 万kWh → 50 + 0.1159/0.2352×50 = 74.65.
	small := MJFigures{Tax: 115.932, LandMu: 10, ElectricityMWh: 1000}
	if s, _, _ := Score(small, []Weighted{{IndTaxPerMu, 50, 11.5932}, {IndTaxPerKWh, 50, 0.2352}}); s != 74.65 {
		t.Fatalf("规下: %v", s)
	}
	// A missing divisor is a problem, never a silent zero term.
	if _, p, ind := Score(MJFigures{Tax: 1}, huangyan2022()); p == "" || ind != IndTaxPerMu {
		t.Fatalf("no land: %q %q", p, ind)
	}
}

// gu456 bands (projects.md §2.10): A top 25 % incl., B 26–70 %, C 71–95 %, D bottom 5 %.
func gu456() []Band { return []Band{{"A", 25}, {"B", 70}, {"C", 95}, {"D", 100}} }

func TestGradeForRankEdges(t *testing.T) {
	// With 20 enterprises: ranks 1–5 are ≤ 25 % (A), 6–14 ≤ 70 % (B),
	// 15–19 ≤ 95 % (C), 20 is the bottom 5 % (D).
	for _, c := range []struct {
		rank, n int
		want    string
	}{
		{1, 20, "A"}, {5, 20, "A"}, {6, 20, "B"}, {14, 20, "B"}, {15, 20, "C"}, {19, 20, "C"}, {20, 20, "D"},
		// 4 enterprises: 1/4 = 25 % incl. → A; 2/4 = 50 % → B; 3/4 = 75 % → C; 4/4 → D.
		{1, 4, "A"}, {2, 4, "B"}, {3, 4, "C"}, {4, 4, "D"},
		// Single enterprise: 1/1 = 100 % → D by arithmetic of the bands.
		{1, 1, "D"},
	} {
		if got := GradeForRank(c.rank, c.n, gu456()); got != c.want {
			t.Errorf("GradeForRank(%d,%d) = %s want %s", c.rank, c.n, got, c.want)
		}
	}
}

func TestGradeForScoreEdges(t *testing.T) {
	// Illustrative score bands: A ≥ 120, B ≥ 80, C ≥ 60, D otherwise.
	bands := []Band{{"A", 120}, {"B", 80}, {"C", 60}, {"D", 0}}
	for _, c := range []struct {
		score float64
		want  string
	}{{120, "A"}, {119.99, "B"}, {80, "B"}, {79.99, "C"}, {60, "C"}, {59.99, "D"}, {0, "D"}} {
		if got := GradeForScore(c.score, bands); got != c.want {
			t.Errorf("GradeForScore(%v) = %s want %s", c.score, got, c.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	lines := []Weighted{{IndTaxPerMu, 100, 10}}
	subj := func(k int64, tax float64, exempt bool) MJSubject {
		return MJSubject{Key: k, Figures: MJFigures{Tax: tax, LandMu: 1}, Exempt: exempt}
	}
	// Scores = tax × 10: 4 ranked firms + one exempt utility (gu456: 不定等级 managed as B).
	res, probs := Evaluate([]MJSubject{subj(1, 5, false), subj(2, 20, false), subj(3, 20, false), subj(4, 1, false), subj(5, 100, true)},
		lines, GradeByRank, gu456(), "B")
	if probs != nil {
		t.Fatal(probs)
	}
	got := map[int64]MJResult{}
	for _, r := range res {
		got[r.Key] = r
	}
	// Ranks 1,1,3,4 of 4: 1/4 → A (both tied), 3/4 → C, 4/4 → D.
	for k, w := range map[int64]struct {
		rank  int
		grade string
	}{2: {1, "A"}, 3: {1, "A"}, 1: {3, "C"}, 4: {4, "D"}, 5: {0, "B"}} {
		if got[k].Rank != w.rank || got[k].Grade != w.grade {
			t.Errorf("key %d: %+v want %+v", k, got[k], w)
		}
	}
	if res[len(res)-1].Key != 5 {
		t.Errorf("exempt not listed last: %+v", res)
	}
	// One unscorable firm stops the whole evaluation.
	if res, probs := Evaluate([]MJSubject{subj(1, 5, false), {Key: 9}}, lines, GradeByRank, gu456(), "B"); res != nil || len(probs) != 1 || probs[0].Key != 9 {
		t.Fatalf("partial: %v %v", res, probs)
	}
}

func TestSheetProblem(t *testing.T) {
	ok := huangyan2022()
	for _, c := range []struct {
		name   string
		lines  []Weighted
		method GradeMethod
		bands  []Band
		field  string
	}{
		{"good rank", ok, GradeByRank, gu456(), ""},
		{"good score", ok, GradeByScore, []Band{{"A", 120}, {"B", 80}, {"C", 0}}, ""},
		{"no lines", nil, GradeByRank, gu456(), "lines"},
		{"unknown indicator", []Weighted{{"x", 1, 1}}, GradeByRank, gu456(), "lines"},
		{"duplicate indicator", []Weighted{{IndTaxPerMu, 1, 1}, {IndTaxPerMu, 1, 1}}, GradeByRank, gu456(), "lines"},
		{"zero benchmark", []Weighted{{IndTaxPerMu, 1, 0}}, GradeByRank, gu456(), "lines"},
		{"rank not ending at 100", ok, GradeByRank, []Band{{"A", 25}, {"B", 90}}, "bands"},
		{"rank not ascending", ok, GradeByRank, []Band{{"A", 70}, {"B", 25}, {"C", 100}}, "bands"},
		{"score not descending", ok, GradeByScore, []Band{{"A", 60}, {"B", 80}}, "bands"},
		{"unknown method", ok, "x", gu456(), "bands"},
	} {
		if f, _ := SheetProblem(c.lines, c.method, c.bands); f != c.field {
			t.Errorf("%s: field %q want %q", c.name, f, c.field)
		}
	}
}
