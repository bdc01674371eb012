package safety

import (
	"context"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/registry"
)

// The demo loads on both engines over the prefecture's divisions and shows
// hazards in every state, overdue and listed ones, and a tracking code.
func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		reg := registry.NewService(d, nil)
		ctx := sysCtx()
		for _, in := range []registry.DivisionInput{{Code: "650000", Name: "新疆维吾尔自治区"}, {Code: "652300", Name: "昌吉回族自治州"},
			{Code: "652301", Name: "昌吉市"}, {Code: "652302", Name: "阜康市"}, {Code: "652323", Name: "呼图壁县"}, {Code: "652325", Name: "奇台县"}, {Code: "652327", Name: "吉木萨尔县"}} {
			_ = must(reg.CreateDivision(ctx, in))
		}
		_ = must(reg.CreatePerson(ctx, registry.PersonInput{Name: "王建国", Title: "副州长（示意）", DivisionCode: "652300"}))
		svc := NewService(d, reg, nil).WithClock(clock("2026-03-10"))
		res, err := LoadDemo(context.Background(), svc, reg)
		if err != nil {
			t.Fatal(err)
		}
		if res.Enterprises != 6 || res.Hazards != 9 || len(res.TrackingCodes) != 2 {
			t.Errorf("result = %+v", res)
		}
		seen := map[Status]bool{}
		hs, _ := must2(svc.ListHazards(ctx, HazardFilter{Limit: -1}))
		for _, h := range hs {
			seen[h.Status] = true
		}
		for _, st := range Statuses() {
			if !seen[st] {
				t.Errorf("no demo hazard %s", st)
			}
		}
		if _, n := must2(svc.ListHazards(ctx, HazardFilter{Overdue: true})); n < 2 {
			t.Errorf("overdue = %d", n)
		}
		if _, n := must2(svc.ListHazards(ctx, HazardFilter{Listed: true, Overdue: true})); n != 1 {
			t.Errorf("listed and overdue = %d", n)
		}
		if _, n := must2(svc.ListActions(ctx, ActionFilter{Status: "open"})); n == 0 {
			t.Error("no escalation actions")
		}
		if l := must(svc.PublicListedHazards(context.Background(), 0)); len(l) != 2 || l[0].Closed {
			t.Errorf("public listed hazards = %+v", l)
		}
		if st := must(svc.TrackReport(context.Background(), res.TrackingCodes[0])); st.Status != ReportReceived {
			t.Errorf("tracked = %+v", st)
		}
	})
}
