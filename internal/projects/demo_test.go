package projects

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/registry"
)

// The demo shows the page's projects with its figures and all three lights.
func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := sysCtx()
		reg := registry.NewService(d, nil)
		for _, in := range []registry.DivisionInput{{Code: "650000", Name: "新疆维吾尔自治区"}, {Code: "652300", Name: "昌吉回族自治州"},
			{Code: "652301", Name: "昌吉市"}, {Code: "652328", Name: "木垒哈萨克自治县"}} {
			_ = must(reg.CreateDivision(ctx, in))
		}
		ngq := must(reg.CreatePark(ctx, registry.ParkInput{Name: "昌吉国家农业高新技术产业示范区", Level: "national", Kind: "agri_high_tech", DivisionCode: "652301"}))
		gxq := must(reg.CreatePark(ctx, registry.ParkInput{Name: "昌吉国家高新技术产业开发区", Level: "national", Kind: "high_tech", DivisionCode: "652301"}))
		tax := must(reg.CreateTaxonomy(ctx, registry.TaxonomyInput{Code: "XJ-CLUSTERS", Version: "2022", Name: "八大产业集群", EffectiveFrom: "2022-09-01", EffectiveTo: "2024-12-31"}))
		_ = must(reg.AddClusters(ctx, tax.ID, []registry.ClusterInput{{Code: "06", Name: "绿色有机果蔬"}, {Code: "08", Name: "新能源新材料等战略性新兴产业"}}))
		refs := ChangjiDemoRefs()
		_ = must(reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "新疆笑厨食品有限公司", USCC: refs.TomatoOwnerUSCC, DivisionCode: "652301", ParkID: ngq.ID}))
		_ = must(reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "新疆维格瑞生物科技有限公司", USCC: refs.ResinOwnerUSCC, DivisionCode: "652301", ParkID: gxq.ID}))
		_ = must(reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "木垒县风光新能源开发有限公司", USCC: refs.MuleiOwnerUSCC, DivisionCode: "652328"}))
		// Today is 15 November 2026 in Changji for the current-year list.
		svc := NewService(d, reg, nil).WithClock(func() time.Time { return time.Date(2026, 11, 15, 9, 0, 0, 0, cst) })
		if err := svc.LoadDemo(ctx, refs); err != nil {
			t.Fatal(err)
		}
		lists := must(svc.Lists(ctx, 2023))
		ls := must(svc.Lights(ctx, lists[0].ID, 202305, 0))
		got := map[string]Colour{}
		for _, l := range ls {
			got[l.ProjectName] = l.Colour
		}
		// Tomato 8500/20000 = 42.5 % vs 41.7 %: green; resin 7500/30000 = 25 %,
		// −16.7 pp: yellow; 木垒 80000/800000 = 10 %, −31.7 pp: red.
		want := map[string]Colour{"新疆番茄优势特色产业项目": Green, "24万吨/年生物可降解聚酯树脂项目": Yellow, "木垒县风电光伏项目（57个项目汇总）": Red}
		for name, c := range want {
			if got[name] != c {
				t.Errorf("%s: %q, want %q (all: %v)", name, got[name], c, got)
			}
		}
		sameDispatch(t, ctx, svc, lists[0].ID, 202305)
		sameDispatch(t, ctx, svc, lists[0].ID, 202303)
		ps, _ := must2(svc.ListProjects(ctx, ProjectFilter{Q: "番茄"}))
		if len(ps) != 1 || ps[0].TotalInvestment != Yi(5) || len(ps[0].Clusters) != 1 {
			t.Fatalf("tomato: %+v", ps)
		}
		rs := must(svc.Reports(ctx, ps[0].ID, true))
		if len(rs) != 15 || rs[0].AfterLock || rs[0].Month != 202610 {
			t.Fatalf("tomato reports: %d %+v", len(rs), rs[0])
		}

		// This year: the tomato project at 800 a month of a 1000 plan is
		// 8000 of 12000 by November, 66.7 % against 91.7 %: −25 pp, yellow.
		// Its owner reports 3000 for November: 11000, 91.7 %: green.
		now := must(svc.Lists(ctx, 2026))
		if len(now) != 1 {
			t.Fatalf("lists 2026: %+v", now)
		}
		light := func() Colour {
			ls := must(svc.Lights(ctx, now[0].ID, 202611, ps[0].ID))
			if len(ls) != 1 {
				t.Fatalf("lights: %+v", ls)
			}
			return ls[0].Colour
		}
		if c := light(); c != Yellow {
			t.Fatalf("tomato before the report: %q", c)
		}
		owner := enterpriseCtx(ps[0].OwnerOrgID)
		if _, err := svc.SubmitReport(owner, ReportInput{ProjectID: ps[0].ID, Month: "2026-11", PhysicalAmount: "3000"}); err != nil {
			t.Fatal(err)
		}
		if c := light(); c != Green {
			t.Fatalf("tomato after the report: %q", c)
		}
	})
}

func must2[T any](v T, n int, err error) (T, int) {
	if err != nil {
		panic(err)
	}
	return v, n
}
