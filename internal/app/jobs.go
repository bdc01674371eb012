package app

import (
	"context"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// escalationEvery is how often overdue hazards are checked against the
// escalation ladder (督办 → 约谈 → 通报 → 停产 → 信用). The ladder counts
// whole days, and a step already taken is not taken again, so a few runs
// a day only shorten the delay after midnight.
const escalationEvery = 6 * time.Hour

// RunJobs does the application's scheduled work until ctx ends: now, then
// at every interval. It is started by `bogda serve` and `bogda demo`.
func (a *App) RunJobs(ctx context.Context) {
	t := time.NewTicker(escalationEvery)
	defer t.Stop()
	for {
		a.EscalateOverdue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// EscalateOverdue takes every escalation step now due on overdue hazards and
// returns how many actions it opened; failures are logged, not fatal.
func (a *App) EscalateOverdue(ctx context.Context) int {
	actions, err := a.Safety.Escalate(access.With(ctx, access.System("escalation ladder")))
	if err != nil {
		if ctx.Err() == nil {
			a.Log.Error("escalation", "err", err)
		}
		return 0
	}
	if len(actions) > 0 {
		a.Log.Info("escalation: actions opened on overdue hazards", "count", len(actions))
	}
	return len(actions)
}
