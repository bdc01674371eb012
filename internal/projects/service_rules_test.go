package projects

import (
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// Rule sets are data: the seeded Yinchuan 2025 set is in force from
// 2025-01-01 (so a 2024 list without its own set gets no lights rather
// than invented ones), and the bureau can add another government's bands.
func TestRuleSetsAsData(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := bureauCtx()
		rs := must(f.svc.RuleSets(leaderCtx()))
		if len(rs) != 1 || rs[0].Code != "yinchuan-2025" || len(rs[0].Rules) != 6 || rs[0].EffectiveFrom.String() != "2025-01-01" {
			t.Fatalf("seeded: %+v", rs)
		}
		// The seeded rules are the ones the pure evaluation test uses.
		if got, want := rs[0].Rules[1].Conditions, yinchuan()[1].Conditions; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Fatalf("seeded yellow progress rule %+v, want %+v", got, want)
		}

		pj := f.projJ(t)
		l24 := must(f.svc.CreateList(ctx, ListInput{Year: 2024, Name: "2024年清单", DivisionCode: "652300"}))
		_ = must(f.svc.SaveItem(ctx, l24.ID, ItemInput{ProjectID: pj.ID, Category: "new", AnnualPlan: "1000"}))
		counts := must(f.svc.ComputeLights(ctx, l24.ID, 202412))
		if len(counts) != 0 || len(must(f.svc.Lights(ctx, l24.ID, 202412, 0))) != 0 {
			t.Fatalf("2024 lights without a rule set in force: %v", counts)
		}

		// Sanya 2022 read as relative: yellow when below 序时进度 by at most
		// half of it, red when by more (domain reference §2.5).
		bad := RuleSetInput{Code: "x", Name: "x", Issuer: "x", Year: 2022, EffectiveFrom: "2022-01-01",
			Rules: []Rule{{Dimension: "progress", Colour: Green, Conditions: []Condition{{Metric: "nope", Op: "eq", Threshold: "ten"}}}}}
		_, err := f.svc.CreateRuleSet(ctx, bad)
		wantValidation(t, err, "rules.1.colour", keyRuleColour)
		wantValidation(t, err, "rules.1.metric", keyRuleMetric)
		wantValidation(t, err, "rules.1.op", keyRuleOp)
		wantValidation(t, err, "rules.1.threshold", keyRuleThreshold)
		sanya := RuleSetInput{Code: "sanya-2022", Name: "三亚市2022年项目红黄灯", Issuer: "三亚市人民政府", Year: 2022,
			EffectiveFrom: "2022-01-01", EffectiveTo: "2022-12-31", Source: "http://news.hndaily.cn/html/2022-05/13/content_58470_14809063.htm",
			Rules: []Rule{
				{Dimension: "progress", Colour: Red, Conditions: []Condition{{MetricGapRelative, OpLT, "-50"}}, Action: "市领导约谈"},
				{Dimension: "progress", Colour: Yellow, Conditions: []Condition{{MetricGapRelative, OpLT, "0"}, {MetricGapRelative, OpGE, "-50"}}, Action: "约谈项目负责人"},
			}}
		got, err := f.svc.CreateRuleSet(ctx, sanya)
		if err != nil || len(got.Rules) != 2 || got.Rules[0].Persistence != 1 {
			t.Fatalf("sanya: %+v %v", got, err)
		}
		_, err = f.svc.CreateRuleSet(ctx, sanya)
		wantValidation(t, err, "code", keyRuleDuplicate)
		if _, err := f.svc.CreateRuleSet(countyCtx("652327"), sanya); err != access.ErrForbidden {
			t.Fatalf("county creates a rule set: %v", err)
		}

		// A 2022 list judged by it: 300 of 1200 by June is 25 % against 50 %,
		// half of 序时进度 short (−50 % relative, −25 pp): yellow at the edge.
		l22 := must(f.svc.CreateList(ctx, ListInput{Year: 2022, Name: "2022年清单", DivisionCode: "652300"}))
		pm := f.projM(t)
		_ = must(f.svc.SaveItem(ctx, l22.ID, ItemInput{ProjectID: pm.ID, Category: "reserve", AnnualPlan: "1200"}))
		_ = must(f.svc.SubmitReport(ctx, ReportInput{ProjectID: pm.ID, Month: "2022-06", PhysicalAmount: "300"}))
		ls := must(f.svc.Lights(ctx, l22.ID, 202206, pm.ID))
		if len(ls) != 1 || ls[0].Colour != Yellow || ls[0].RuleSetID != got.ID || ls[0].Figures[string(MetricGapRelative)] != "-50.0000" {
			t.Fatalf("sanya light: %+v", ls)
		}
	})
}
