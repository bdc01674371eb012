package escalation

import (
	"testing"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/projects"
)

// The demo needs the projects demo's three projects; it finds them by name
// and makes the current month's meeting show open, overdue and resolved
// items.
func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		if err := f.svc.LoadDemo(ctx, f.proj); err == nil {
			t.Fatal("demo without the projects demo: want an error")
		}
		for _, name := range []string{demoTomato, demoResin, demoMulei} {
			_ = must(f.proj.CreateProject(ctx, projects.ProjectInput{Name: name, DivisionCode: "652327", TotalInvestment: "1000",
				Stage: "started", StageOn: "2023-03-01"}))
		}
		if err := f.svc.LoadDemo(ctx, f.proj); err != nil {
			t.Fatal(err)
		}
		items, n := must2(f.svc.List(ctx, Filter{Limit: -1}))
		if n != len(demoIssues()) {
			t.Fatalf("%d items, want %d", n, len(demoIssues()))
		}
		for _, i := range items {
			if !i.Illustrative {
				t.Fatalf("item %q not marked illustrative", i.Description)
			}
		}
		m := must(f.svc.Meeting(ctx, projects.MonthOfTime(f.now)))
		if m.Total.Open == 0 || m.Total.Overdue == 0 || m.Total.Resolved == 0 {
			t.Fatalf("this month's meeting shows %+v", m.Total)
		}
		may := must(f.svc.Meeting(ctx, projects.MonthOf(2023, 5)))
		if may.Total.Open != 2 || may.Total.Overdue != 1 || may.Total.Resolved != 1 {
			t.Fatalf("May 2023 meeting %+v", may.Total)
		}
	})
}
