package safety

import (
	"fmt"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// An enterprise 红黑榜 (issue 4 §8's "enterprise blacklist") ranks
// enterprises by their own hazards with the seeded illustrative sheet
// (migration 0006): 100 − 10 per overdue hazard − 5 per major hazard found
// + 0.1 × rectification rate; red = best 10 without a negative event, black
// = under 70 and last, or a negative event.
func TestEnterpriseRanking(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-04-10"))
		// 吉木萨尔化工: one major hazard, overdue and open → 100 − 10 − 5 + 0 = 85.
		_ = must(svc.CreateHazard(inspectorCtx("652327"), HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "major", Kind: "equipment",
			Title: "储罐安全阀失效", FoundOn: "2026-03-01", Deadline: "2026-03-05"}))
		in := RankingInput{Scheme: "enterprise-quarterly", From: "2026-01-01", To: "2026-03-31", Negative: []string{fmt.Sprint(f.entM.ID)}}
		r := must(svc.PublishRanking(bureauCtx(), in))
		if len(r.Entries) != 2 {
			t.Fatalf("ranking = %+v", r)
		}
		byKey := map[string]Ranked{}
		for _, e := range r.Entries {
			byKey[e.Key] = e
		}
		j, m := byKey[fmt.Sprint(f.entJ.ID)], byKey[fmt.Sprint(f.entM.ID)]
		if j.Name != f.orgJ.Name || j.Score != 85 || j.List != ListRed {
			t.Errorf("吉木萨尔化工: %+v", j)
		}
		// 木垒矿业: nothing found (rate 100 → +10) but a negative event: black.
		if m.Name != f.orgM.Name || m.Score != 110 || m.List != ListBlack || !m.Negative {
			t.Errorf("木垒矿业: %+v", m)
		}
		// A county user's ranking holds only the county's enterprises.
		sch, ranked, _, _, err := svc.ComputeRanking(countyCtx("652327"), in)
		if err != nil || sch.Subject != SubjectEnterprise || len(ranked) != 1 || ranked[0].Key != fmt.Sprint(f.entJ.ID) {
			t.Errorf("county view: %+v %v", ranked, err)
		}
	})
}
