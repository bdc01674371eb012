package attraction

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/projects"
)

func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		if err := f.svc.LoadDemo(ctx); err != nil {
			t.Fatal(err)
		}
		ls, n, err := f.svc.ListLeads(ctx, LeadFilter{Limit: -1})
		if err != nil || n != 6 {
			t.Fatalf("%d leads, %v", n, err)
		}
		for _, l := range ls {
			if !l.Illustrative {
				t.Fatalf("demo lead not marked illustrative: %s", l.Name)
			}
		}
		// 2023 cohort, as of 2023-05-31: four leads first signed in 2023;
		// the terminated one is not performing; three landed, two started;
		// contracted 200000 + 80000 (upgrade adds nothing) + 36000 (increase
		// adds 6000) + 15000 = 331000万; arrived 30000 + 20000 + 8000 + 10000 = 68000万.
		r := must(f.svc.Rates(ctx, 2023, time.Date(2023, 5, 31, 0, 0, 0, 0, time.UTC), ByWhole))[0]
		if r.Signed != 4 || r.Performing != (Rate{3, 4}) || r.Landed != (Rate{3, 4}) || r.Started != (Rate{2, 4}) ||
			r.Contracted != projects.Wan(331000) || r.Arrived != projects.Wan(68000) || r.Funds.String() != "20.5%" {
			t.Fatalf("2023 rates %+v", r)
		}
	})
}
