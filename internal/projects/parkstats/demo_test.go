package parkstats

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/registry"
)

// The demo shows the page's figures: 准东 1406亿元 (2022), parks 93 % of
// the prefecture's added value, 昌吉高新区 50 high-tech = 30 %, and the
// two targets (domain README, S1).
func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		ctx := sysCtx()
		reg := registry.NewService(d, nil)
		for _, in := range []registry.DivisionInput{{Code: "650000", Name: "新疆维吾尔自治区"}, {Code: "652300", Name: "昌吉回族自治州"},
			{Code: "652301", Name: "昌吉市"}, {Code: "652302", Name: "阜康市"}, {Code: "652323", Name: "呼图壁县"}, {Code: "652324", Name: "玛纳斯县"},
			{Code: "652325", Name: "奇台县"}, {Code: "652327", Name: "吉木萨尔县"}, {Code: "652328", Name: "木垒哈萨克自治县"}} {
			_ = must(reg.CreateDivision(ctx, in))
		}
		// The parks and enterprises internal/demo creates (changji.go).
		ids := map[string]int64{}
		for _, p := range []struct{ name, short, level, kind, div string }{
			{"昌吉国家高新技术产业开发区", "昌吉高新区", "national", "high_tech", "652301"},
			{"昌吉国家农业高新技术产业示范区", "昌吉农高区", "national", "agri_high_tech", "652301"},
			{"准东经济技术开发区", "准东开发区", "national", "econ_tech", "652327"},
			{"阜康产业园", "阜康产业园", "regional", "industrial", "652302"},
			{"呼图壁工业园区", "呼图壁工业园", "regional", "industrial", "652323"},
			{"玛纳斯工业园区", "玛纳斯工业园", "regional", "industrial", "652324"},
			{"奇台工业园区", "奇台工业园", "regional", "industrial", "652325"},
			{"吉木萨尔县城南工业园区", "城南工业园区", "regional", "industrial", "652327"},
			{"木垒工业园区", "木垒工业园", "regional", "industrial", "652328"},
		} {
			ids[p.short] = must(reg.CreatePark(ctx, registry.ParkInput{Name: p.name, ShortName: p.short, Level: p.level, Kind: p.kind, DivisionCode: p.div})).ID
		}
		for _, o := range []struct{ name, uscc, div, park string }{
			{"新疆笑厨食品有限公司", "91652301MA77XC0F1H", "652301", "昌吉农高区"},
			{"新疆维格瑞生物科技有限公司", "91652301MA775W8R26", "652301", "昌吉高新区"},
			{"昆仑天泽新能源有限责任公司", "91652327MA78A1B03C", "652327", "城南工业园区"},
			{"木垒县风光新能源开发有限公司", "91652328MA79K2M349", "652328", "木垒工业园"},
			{"阜康市煤化工示范有限公司", "91652302MA7812TC6H", "652302", "阜康产业园"},
			{"奇台县粮油加工有限公司", "91652325MA79P0QX7K", "652325", "奇台工业园"},
		} {
			_ = must(reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: o.name, USCC: o.uscc, DivisionCode: o.div, ParkID: ids[o.park]}))
		}
		svc := NewService(d, reg, nil).WithClock(func() time.Time { return time.Date(2026, 11, 15, 9, 0, 0, 0, cst) })
		res, err := svc.LoadDemo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res.Certificates != 167 || res.Results != 6 || res.Targets != 2 {
			t.Fatalf("demo result %+v", res)
		}
		tab := must(svc.ParkTable(ctx, TableQuery{Kind: Annual, Period: 2022, RankBy: MGrossOutput}))
		// Page: parks = 93 % of the prefecture's industrial added value.
		if tab.ParksShare() != "93.00" {
			t.Fatalf("parks share %q %q", tab.ParksShare(), tab.ShareProblem)
		}
		// Page: 准东 gross output 1406亿元 in 2022, first by output.
		top := tab.Rows[0]
		if top.ParkID != ids["准东开发区"] || top.Rank != 1 || top.Figure.GrossOutput.String() != "14060000.00" {
			t.Fatalf("top row %+v", top)
		}
		// Page: 昌吉高新区 50 high-tech enterprises = 30 % of the prefecture's
		// (50/167 = 29.94 %), on the page's date.
		ht := must(svc.HighTechCounts(ctx, time.Date(2023, 5, 31, 0, 0, 0, 0, time.UTC), ""))
		for _, p := range ht.Parks {
			if p.ParkID == ids["昌吉高新区"] && (p.Count != 50 || p.Share() != "29.94") {
				t.Fatalf("高新区 %+v", p)
			}
		}
		if ht.Prefecture != 167 {
			t.Fatalf("prefecture %d", ht.Prefecture)
		}
		// Re-certified three years on, the same 167 hold at the end of
		// 2025 (the renewals of 2023-12 … 2025-12), not twice as many.
		if later := must(svc.HighTechCounts(ctx, time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), "")); later.Prefecture != 167 {
			t.Fatalf("prefecture at the end of 2025: %d", later.Prefecture)
		}
		ts := must(svc.Targets(ctx))
		if len(ts) != 2 || ts[0].Name != "年度项目投资" || ts[0].TargetValue.String() != "1060000.00" || ts[1].TargetValue.String() != "1000000.00" {
			t.Fatalf("targets %+v", ts)
		}
		mt := must(svc.ParkTable(ctx, TableQuery{Kind: Monthly, Period: 202304}))
		if mt.ParksShareBP == nil || len(mt.Rows) != 9 {
			t.Fatalf("monthly table %+v", mt)
		}
	})
}
