package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/app/apptest"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/safety"
)

// The scheduled escalation opens the steps now due on an overdue hazard
// once; a second run opens nothing. (The demo escalates its own hazards
// when loaded, so a fresh hazard 31 days past its deadline is recorded:
// the seeded ladder has steps at 1, 15 and 30 days.)
func TestEscalationJobIsIdempotent(t *testing.T) {
	s := apptest.Start(t, dbtest.Engines()[0])
	ctx := access.With(context.Background(), access.System("test"))
	if n := s.App.EscalateOverdue(ctx); n != 0 {
		t.Fatalf("the demo's hazards were not escalated when loaded: %d actions now", n)
	}
	ents, _, err := s.App.Safety.ListEnterprises(ctx, safety.EnterpriseFilter{Limit: 1})
	if err != nil || len(ents) == 0 {
		t.Fatalf("demo enterprise: %v", err)
	}
	day := func(d int) string { return time.Now().AddDate(0, 0, d).Format(time.DateOnly) }
	if _, err := s.App.Safety.CreateHazard(ctx, safety.HazardInput{EnterpriseID: ents[0].ID, Source: "self", Grade: "general",
		Kind: string(safety.KindManagementDefect), Title: "消防通道堆放杂物", FoundOn: day(-40), Deadline: day(-31)}); err != nil {
		t.Fatal(err)
	}
	if n := s.App.EscalateOverdue(ctx); n < 3 {
		t.Fatalf("31 days overdue opened %d actions, want the three steps due", n)
	}
	if n := s.App.EscalateOverdue(ctx); n != 0 {
		t.Fatalf("second run opened %d more actions", n)
	}
}
