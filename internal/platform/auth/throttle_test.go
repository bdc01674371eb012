package auth

import (
	"testing"
	"time"
)

var t0 = time.Date(2025, 6, 2, 1, 30, 0, 0, time.UTC) // 09:30 in Changji

func TestLockAfterBoundary(t *testing.T) {
	cfg := DefaultConfig()
	// Brief: "after 5 consecutive failures the account locks for 15 minutes".
	for _, c := range []struct {
		failures int
		locked   bool
	}{
		{1, false},
		{4, false}, // one short of the limit: still open
		{5, true},  // the fifth failure locks
		{6, true},  // (cannot happen: the count restarts at lock; locks all the same)
	} {
		until, locked := lockAfter(c.failures, cfg, t0)
		if locked != c.locked {
			t.Fatalf("%d failures: locked=%v, want %v", c.failures, locked, c.locked)
		}
		if locked && !until.Equal(t0.Add(15*time.Minute)) {
			t.Fatalf("%d failures: until %v, want 15 minutes after %v", c.failures, until, t0)
		}
	}
}

func TestLockedAtEdges(t *testing.T) {
	until := t0.Add(15 * time.Minute)
	for _, c := range []struct {
		name   string
		until  time.Time
		now    time.Time
		locked bool
	}{
		{"never locked", time.Time{}, t0, false},
		{"just locked", until, t0, true},
		{"a nanosecond before the end", until, until.Add(-time.Nanosecond), true},
		{"at the end", until, until, false}, // the lock lasts 15 minutes, not a moment more
		{"after the end", until, until.Add(time.Second), false},
	} {
		if got := lockedAt(c.until, c.now); got != c.locked {
			t.Errorf("%s: lockedAt = %v, want %v", c.name, got, c.locked)
		}
	}
}

func TestAddrLimitBoundary(t *testing.T) {
	cfg := DefaultConfig()
	// Brief: "more than 20 failures within 15 minutes refuses further attempts".
	for _, c := range []struct {
		failures int
		refused  bool
	}{
		{0, false},
		{20, false}, // 20 is not more than 20
		{21, true},
	} {
		if got := addrRefused(c.failures, cfg); got != c.refused {
			t.Errorf("%d failures: refused=%v, want %v", c.failures, got, c.refused)
		}
	}
}

func TestAddrWindowEdges(t *testing.T) {
	cfg := DefaultConfig()
	now := t0
	for _, c := range []struct {
		name   string
		at     time.Time
		counts bool
	}{
		{"just now", now, true},
		{"14m59s ago", now.Add(-14*time.Minute - 59*time.Second), true},
		{"a microsecond inside", now.Add(-15*time.Minute + time.Microsecond), true},
		{"exactly 15 minutes ago", now.Add(-15 * time.Minute), false}, // the window has passed
		{"16 minutes ago", now.Add(-16 * time.Minute), false},
		{"in the future (clock skew)", now.Add(time.Second), false},
	} {
		if got := inAddrWindow(c.at, now, cfg); got != c.counts {
			t.Errorf("%s: counts=%v, want %v", c.name, got, c.counts)
		}
	}
}

func TestSessionLiveEdges(t *testing.T) {
	idle := 8 * time.Hour
	created := t0
	expires := created.Add(7 * 24 * time.Hour)
	for _, c := range []struct {
		name     string
		lastSeen time.Time
		now      time.Time
		live     bool
	}{
		{"fresh", created, created, true},
		{"idle 7h59m", created, created.Add(8*time.Hour - time.Minute), true},
		{"idle exactly 8h", created, created.Add(8 * time.Hour), false},
		{"busy, a microsecond before the absolute end", expires.Add(-time.Hour), expires.Add(-time.Microsecond), true},
		{"busy, at the absolute end", expires.Add(-time.Minute), expires, false},
	} {
		if got := sessionLive(c.lastSeen, expires, c.now, idle); got != c.live {
			t.Errorf("%s: live=%v, want %v", c.name, got, c.live)
		}
	}
}

func TestNeedsTouch(t *testing.T) {
	for _, c := range []struct {
		name string
		last time.Time
		want bool
	}{
		{"never", time.Time{}, true},
		{"59s ago", t0.Add(-59 * time.Second), false},
		{"a minute ago", t0.Add(-time.Minute), true},
	} {
		if got := needsTouch(c.last, t0); got != c.want {
			t.Errorf("%s: needsTouch=%v, want %v", c.name, got, c.want)
		}
	}
}

func TestTruncateKeepsCharactersWhole(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 3, "abc"},
		{"昌吉", 4, "昌"}, // 昌 is 3 bytes: cutting at 4 would split 吉
		{"昌吉", 2, ""},
		{"昌吉", 6, "昌吉"},
	} {
		if got := truncate(c.in, c.n); got != c.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
