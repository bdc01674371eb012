package attraction

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/projects"
)

func d(s string) Date {
	t, err := db.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return Date{Date: t}
}

func TestTransitionProblem(t *testing.T) {
	// Source: projects.md §2.9 — the pipeline 线索 → … → 达产 with the
	// terminal exits 终止, 流失; the brief asks forward-only with the exits
	// as the documented exception; stage.go adds "no 签约 without a signing".
	for _, c := range []struct {
		from, to Stage
		signed   bool
		want     string
	}{
		{"", StageClue, false, ""},
		{"", StageSigned, false, keyStageUnsigned},
		{"", StageSigned, true, ""},
		{StageClue, StageAssess, false, ""},
		{StageClue, StageNegotiate, false, ""}, // skipping forward is allowed
		{StageNegotiate, StageSigned, false, keyStageUnsigned},
		{StageNegotiate, StageSigned, true, ""},
		{StageSigned, StageNegotiate, true, keyStageBackward}, // backward
		{StageStarted, StageLanded, true, keyStageBackward},
		{StageProducing, StageFull, true, ""},
		{StageFull, StageFull, true, keyStageSame},
		{StageStarted, StageTerminated, true, ""}, // exit from any open stage
		{StageClue, StageLost, false, ""},
		{StageTerminated, StageClue, false, keyStageClosed}, // exits are final
		{StageLost, StageTerminated, false, keyStageClosed},
		{StageClue, "built", false, keyStageUnknown},
	} {
		if got := TransitionProblem(c.from, c.to, c.signed); got != c.want {
			t.Errorf("%q → %q (signed %v) = %q, want %q", c.from, c.to, c.signed, got, c.want)
		}
	}
}

func TestCounted(t *testing.T) {
	// Source: 明政办〔2006〕95号 via projects.md §2.9 "No double counting":
	// first signing only; 升格 counts the upgrade, not the amount; 增资 only
	// the increase. Amounts in 万元.
	w := projects.Wan
	for _, c := range []struct {
		name  string
		ss    []Signing
		each  []projects.Amount
		total projects.Amount
	}{
		{"none", nil, []projects.Amount{}, 0},
		{"one contract", []Signing{{Kind: SignContract, Amount: w(50000)}}, []projects.Amount{w(50000)}, w(50000)},
		{"framework then contract: upgrade adds nothing",
			[]Signing{{Kind: SignFramework, Amount: w(100000)}, {Kind: SignContract, Amount: w(100000)}},
			[]projects.Amount{w(100000), 0}, w(100000)},
		{"increase to 15亿 from 10亿 adds 5亿",
			[]Signing{{Kind: SignContract, Amount: w(100000)}, {Kind: SignIncrease, Amount: w(150000)}},
			[]projects.Amount{w(100000), w(50000)}, w(150000)},
		{"two increases each add only their part",
			[]Signing{{Kind: SignContract, Amount: w(100)}, {Kind: SignIncrease, Amount: w(150)}, {Kind: SignIncrease, Amount: w(151)}},
			[]projects.Amount{w(100), w(50), w(1)}, w(151)},
	} {
		each, total := Counted(c.ss)
		if total != c.total || len(each) != len(c.each) {
			t.Errorf("%s: total %v each %v, want %v %v", c.name, total, each, c.total, c.each)
			continue
		}
		for i := range each {
			if each[i] != c.each[i] {
				t.Errorf("%s: each[%d] = %v, want %v", c.name, i, each[i], c.each[i])
			}
		}
	}
}

func TestSigningProblem(t *testing.T) {
	// Source: as TestCounted; an increase must add something (its new total
	// above the counted one: boundary equal is refused) and follow a signing.
	first := []Signing{{Kind: SignContract, SignedOn: d("2025-03-01"), Amount: projects.Wan(1000)}}
	for _, c := range []struct {
		name       string
		prev       []Signing
		next       Signing
		field, key string
	}{
		{"first contract", nil, Signing{Kind: SignContract, SignedOn: d("2025-03-01"), Amount: projects.Wan(1)}, "", ""},
		{"increase first", nil, Signing{Kind: SignIncrease, SignedOn: d("2025-03-01"), Amount: projects.Wan(1)}, "kind", keySignFirstKind},
		{"increase equal", first, Signing{Kind: SignIncrease, SignedOn: d("2025-04-01"), Amount: projects.Wan(1000)}, "amount", keySignNotAbove},
		{"increase one hundredth above", first, Signing{Kind: SignIncrease, SignedOn: d("2025-04-01"), Amount: projects.Wan(1000) + 1}, "", ""},
		{"earlier than last", first, Signing{Kind: SignContract, SignedOn: d("2025-02-28"), Amount: 1}, "signed_on", keySignBeforeLast},
		{"same day", first, Signing{Kind: SignContract, SignedOn: d("2025-03-01"), Amount: 1}, "", ""},
		{"bad kind", nil, Signing{Kind: "mou", SignedOn: d("2025-03-01")}, "kind", keySignKind},
	} {
		f, k := SigningProblem(c.prev, c.next)
		if f != c.field || k != c.key {
			t.Errorf("%s: %q %q, want %q %q", c.name, f, k, c.field, c.key)
		}
	}
}

func TestRatePermille(t *testing.T) {
	for _, c := range []struct {
		r    Rate
		want string
	}{
		// Xuchang 2017 [V] http://m.chinacrane.net/news/201712/09/126218.html
		{Rate{244, 247}, "98.8%"},  // 履约率
		{Rate{222, 247}, "89.9%"},  // 开工率 "≈ 90 %"
		{Rate{370, 1077}, "34.4%"}, // 资金到位率 = 到位 ÷ 合同 (亿元)
		// projects.md §2.4 投产率 7/10 = 70 % [V] (amzrylc link)
		{Rate{7, 10}, "70.0%"},
		// rounding boundary: 1/8 = 12.5 % exactly; 1/2000 = 0.05 % rounds up to 0.1
		{Rate{1, 8}, "12.5%"},
		{Rate{1, 2000}, "0.1%"},
		{Rate{1, 2001}, "0.0%"},
		{Rate{0, 0}, "—"},
	} {
		if got := c.r.String(); got != c.want {
			t.Errorf("%d/%d = %s, want %s", c.r.Num, c.r.Den, got, c.want)
		}
	}
}

func TestComputeCountsOnceAtFirstSigning(t *testing.T) {
	// Source: projects.md §2.9 "No double counting" — a project counts once,
	// in the year of its first signing — and the rate definitions of rates.go.
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	h := func(steps ...any) []StageChange {
		var out []StageChange
		for i := 0; i < len(steps); i += 2 {
			out = append(out, StageChange{Stage: steps[i].(Stage), On: d(steps[i+1].(string))})
		}
		return out
	}
	w := projects.Wan
	facts := []Fact{
		// A: signed 2025 (framework, then contract upgrade and increase in 2025), started.
		{LeadID: 1, Division: "652328", ParkID: 1, ClusterID: 10,
			History:  h(StageClue, "2024-11-01", StageSigned, "2025-02-01", StageLanded, "2025-04-01", StageStarted, "2025-06-01"),
			Signings: []Signing{{Kind: SignFramework, SignedOn: d("2025-02-01"), Amount: w(1000)}, {Kind: SignContract, SignedOn: d("2025-03-01"), Amount: w(1000)}, {Kind: SignIncrease, SignedOn: d("2025-05-01"), Amount: w(1500)}},
			Funds:    []Fund{{ArrivedOn: d("2025-06-01"), Amount: w(300), Official: true}, {ArrivedOn: d("2025-07-01"), Amount: w(200)}}},
		// B: first signed 2024, increase in 2025: not in the 2025 cohort at all.
		{LeadID: 2, Division: "652328", ParkID: 1, ClusterID: 10,
			History:  h(StageSigned, "2024-05-01", StageStarted, "2025-03-01"),
			Signings: []Signing{{Kind: SignContract, SignedOn: d("2024-05-01"), Amount: w(800)}, {Kind: SignIncrease, SignedOn: d("2025-03-01"), Amount: w(900)}}},
		// C: signed 2025, then terminated: not performing, not landed.
		{LeadID: 3, Division: "652301", ParkID: 2, ClusterID: 11,
			History:  h(StageNegotiate, "2025-01-05", StageSigned, "2025-03-10", StageTerminated, "2025-09-01"),
			Signings: []Signing{{Kind: SignContract, SignedOn: d("2025-03-10"), Amount: w(500)}}},
		// D: in talks only: in no cohort.
		{LeadID: 4, Division: "652301", History: h(StageNegotiate, "2025-01-05")},
		// E: signed 2025-12-31 (the as-of day itself counts), nothing else yet.
		{LeadID: 5, Division: "652301", ParkID: 2, ClusterID: 11,
			History:  h(StageSigned, "2025-12-31"),
			Signings: []Signing{{Kind: SignFramework, SignedOn: d("2025-12-31"), Amount: w(100)}}},
	}
	whole := Compute(facts, nil, 2025, asOf, ByWhole)
	if len(whole) != 1 {
		t.Fatalf("whole: %d rows", len(whole))
	}
	got := whole[0]
	// cohort A, C, E = 3; performing A, E = 2; landed A = 1; started A = 1;
	// contracted 1500 + 500 + 100 = 2100万; arrived 500万 (official 300).
	if got.Key != "2025" || got.Signed != 3 || got.Performing != (Rate{2, 3}) || got.Landed != (Rate{1, 3}) ||
		got.Started != (Rate{1, 3}) || got.Producing != (Rate{0, 3}) || got.Contracted != w(2100) ||
		got.Arrived != w(500) || got.Official != w(300) || got.Funds != (Rate{int64(w(500)), int64(w(2100))}) {
		t.Fatalf("2025 = %+v", got)
	}
	// as of 2025-08-31: C not yet terminated, E not yet signed, A's July
	// funds count (2025-07-01 ≤ as-of).
	mid := Compute(facts, nil, 2025, time.Date(2025, 8, 31, 0, 0, 0, 0, time.UTC), ByWhole)[0]
	if mid.Signed != 2 || mid.Performing != (Rate{2, 2}) || mid.Arrived != w(500) || mid.Contracted != w(2000) {
		t.Fatalf("as of August = %+v", mid)
	}
	// 2024 cohort: B only, started in 2025 (reached by as-of).
	y24 := Compute(facts, nil, 2024, asOf, ByWhole)[0]
	if y24.Signed != 1 || y24.Started != (Rate{1, 1}) || y24.Contracted != w(900) {
		t.Fatalf("2024 = %+v", y24)
	}
	counties := Compute(facts, nil, 2025, asOf, ByCounty)
	if len(counties) != 2 || counties[0].Key != "652301" || counties[0].Signed != 2 || counties[1].Key != "652328" || counties[1].Signed != 1 {
		t.Fatalf("by county = %+v", counties)
	}
	clusters := Compute(facts, nil, 2025, asOf, ByCluster)
	if len(clusters) != 2 || clusters[0].Key != "10" || clusters[1].Key != "11" || clusters[1].Performing != (Rate{1, 2}) {
		t.Fatalf("by cluster = %+v", clusters)
	}
	if empty := Compute(nil, nil, 2023, asOf, ByWhole); len(empty) != 1 || empty[0].Signed != 0 || empty[0].Funds.String() != "—" {
		t.Fatalf("empty = %+v", empty)
	}
}

func TestTotals(t *testing.T) {
	// Source: projects.md §2.9 "Xinjiang" — the ledger splits by source,
	// investor type and cluster, with counted_in_official_total per entry
	// (e.g. 2017 "(不含石油、外资)": foreign funds outside the official total).
	w := projects.Wan
	fs := []Fund{
		{SourceProvince: "江苏省", Ownership: OwnPrivate, ClusterID: 1, ClusterName: "新能源", Amount: w(300), Official: true},
		{SourceProvince: "江苏省", Ownership: OwnPrivate, ClusterID: 1, ClusterName: "新能源", Amount: w(200), Official: true},
		{SourceProvince: "香港特别行政区", Ownership: OwnForeign, ClusterID: 2, ClusterName: "粮油", Amount: w(500), Official: false},
		{SourceProvince: "北京市", Ownership: OwnCentralSOE, ClusterID: 1, ClusterName: "新能源", Amount: w(80), Official: true},
	}
	byProv := Totals(fs, SplitProvince)
	// 江苏 500 ties 香港 500: the key breaks the tie (U+6C5F 江 < U+9999 香).
	if len(byProv) != 3 || byProv[0].Key != "江苏省" || byProv[0].Entries != 2 || byProv[0].Official != w(500) ||
		byProv[1].Key != "香港特别行政区" || byProv[1].Official != 0 || byProv[2].Amount != w(80) {
		t.Fatalf("by province %+v", byProv)
	}
	byCl := Totals(fs, SplitCluster)
	if len(byCl) != 2 || byCl[0].Label != "新能源" || byCl[0].Amount != w(580) || byCl[0].Official != w(580) {
		t.Fatalf("by cluster %+v", byCl)
	}
	if got := Totals(nil, SplitOwnership); len(got) != 0 {
		t.Fatalf("empty %+v", got)
	}
}

func TestCountingRules(t *testing.T) {
	// Source: projects.md §2.9 "Exclusions" [P] — excluded kinds (real
	// estate, PPP …) and amounts below a floor (1亿 elsewhere) do not count;
	// the floor is data with an effective date. Boundary: exactly the floor counts.
	w := projects.Wan
	signed := func(on string, amounts ...int64) []Signing {
		ss := []Signing{{Kind: SignContract, SignedOn: d(on), Amount: w(amounts[0])}}
		for _, a := range amounts[1:] {
			ss = append(ss, Signing{Kind: SignIncrease, SignedOn: d(on), Amount: w(a)})
		}
		return ss
	}
	rules := []CountRule{{EffectiveFrom: d("2000-01-01")}, {EffectiveFrom: d("2025-07-01"), Floor: w(10000)}}
	asOf := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	facts := []Fact{
		{LeadID: 1, Signings: signed("2025-03-01", 500)},                              // before the floor: counts
		{LeadID: 2, Signings: signed("2025-08-01", 9999)},                             // below 1亿 after 07-01: out
		{LeadID: 3, Signings: signed("2025-08-01", 10000)},                            // exactly 1亿: counts
		{LeadID: 4, Signings: signed("2025-08-01", 6000, 12000)},                      // raised to 1.2亿 by an increase: counts
		{LeadID: 5, Signings: signed("2025-03-01", 50000), Exclusion: ExclRealEstate}, // real estate: out
	}
	if got := Compute(facts, rules, 2025, asOf, ByWhole)[0].Signed; got != 3 {
		t.Fatalf("counted %d, want 3", got)
	}
	if got := Compute(facts, nil, 2025, asOf, ByWhole)[0].Signed; got != 4 {
		t.Fatalf("without rules counted %d, want 4 (the exclusion still applies)", got)
	}
	for _, c := range []struct {
		day  string
		want projects.Amount
	}{{"1999-12-31", 0}, {"2025-06-30", 0}, {"2025-07-01", w(10000)}, {"2026-01-01", w(10000)}} {
		if got := RuleOn(rules, d(c.day).Time).Floor; got != c.want {
			t.Errorf("rule on %s: floor %v, want %v", c.day, got, c.want)
		}
	}
}
