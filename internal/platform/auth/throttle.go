package auth

import "time"

// The rules of login throttling, as pure functions so that their boundaries
// are tested without a database or a clock.

// lockedAt reports whether an account locked until until is still locked at
// now: the lock ends at the instant until, not a moment later.
func lockedAt(until, now time.Time) bool {
	return !until.IsZero() && now.Before(until)
}

// lockAfter is the lock that a failure brings: failures is the count of
// consecutive wrong passwords including this one. The MaxFailures-th failure
// locks; earlier ones do not.
func lockAfter(failures int, cfg Config, now time.Time) (until time.Time, locked bool) {
	if failures >= cfg.MaxFailures {
		return now.Add(cfg.LockFor), true
	}
	return time.Time{}, false
}

// addrWindowStart is the instant after which an address's failures count at
// now: a failure exactly AddrWindow ago has left the window.
func addrWindowStart(now time.Time, cfg Config) time.Time {
	return now.Add(-cfg.AddrWindow)
}

// inAddrWindow reports whether a failure at at still counts at now; the SQL
// count (at > addrWindowStart) is the same rule.
func inAddrWindow(at, now time.Time, cfg Config) bool {
	return at.After(addrWindowStart(now, cfg)) && !at.After(now)
}

// addrRefused reports whether an address with failures failed logins in the
// window is refused: more than AddrMaxFailures are too many. Refused
// attempts are not recorded as failures, so that the window can pass.
func addrRefused(failures int, cfg Config) bool {
	return failures > cfg.AddrMaxFailures
}

// sessionLive reports whether a session is still usable at now: it has not
// reached its absolute end, and it was last seen less than idle ago.
func sessionLive(lastSeen, expires, now time.Time, idle time.Duration) bool {
	return now.Before(expires) && now.Before(lastSeen.Add(idle))
}

// touchEvery is how stale last_seen_at / last_used_at may get before a
// request writes it again. Writing on every request would turn every read
// into a write on SQLite's single writer; a minute of slack in an idle
// timeout of hours does not matter.
const touchEvery = time.Minute

// needsTouch reports whether a last-seen time recorded at last should be
// rewritten at now.
func needsTouch(last, now time.Time) bool {
	return last.IsZero() || now.Sub(last) >= touchEvery
}
