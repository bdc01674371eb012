package auth

import (
	"context"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Bounds on what a client can make us store per session or failure.
const (
	maxUserAgent = 512
	maxAddrLen   = 64
)

// truncate cuts s to at most n bytes without splitting a UTF-8 character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// chinaTime is UTC+8, the prefecture's only time zone (fixed, so no tzdata).
func chinaTime() *time.Location { return time.FixedZone("CST", 8*3600) }

// clock is an instant as the user reads it on the wall: HH:MM, China time.
func clock(t time.Time) string { return t.In(chinaTime()).Format("15:04") }

// failureAudit is what the trail records of a wrong password.
type failureAudit struct {
	Username     string    `json:"username"`
	FailedLogins int       `json:"failed_logins"`
	LockedUntil  time.Time `json:"locked_until,omitzero"`
}

// Login checks a username and password typed at remoteAddr and, if they are
// right, starts a session and returns its secret token for the cookie. The
// refusals, in the order they are checked:
//   - ErrAddrThrottled: the address had too many failures lately; nothing
//     else is looked at, so the refusal costs the server almost nothing;
//   - ErrBadCredentials: no such account, or the wrong password;
//   - *LockedError: the account is locked (or this failure locked it);
//   - ErrDisabled: the password was right but the account is disabled — said
//     only to someone who knows the password.
//
// Every failure counts toward the address's limit; a wrong password for an
// existing account also toward its lockout. Failures, lockouts, refusals and
// successes are written to the audit trail with the account as object.
func (s *Service) Login(ctx context.Context, username, password, remoteAddr, userAgent string) (string, User, error) {
	now := s.now()
	username = normalizeUsername(username)
	// Whatever arrives is bounded before it is looked up or stored: no valid
	// username is longer than maxUsernameLen, no address text than
	// maxAddrLen (45 characters hold any IPv6 address).
	username = truncate(username, maxUsernameLen+1)
	remoteAddr = truncate(remoteAddr, maxAddrLen)
	userAgent = truncate(userAgent, maxUserAgent)
	anon := asAnonymous(ctx, remoteAddr)
	if remoteAddr != "" {
		n, err := addrFailures(ctx, s.d.Read(), remoteAddr, addrWindowStart(now, s.cfg))
		if err != nil {
			return "", User{}, err
		}
		if addrRefused(n, s.cfg) {
			s.log.Warn("login refused: address throttled", "addr", remoteAddr, "failures", n)
			return "", User{}, ErrAddrThrottled
		}
	}
	u, err := getUserByName(ctx, s.d.Read(), username)
	if errors.Is(err, errs.ErrNotFound) {
		// Spend the same time as a real check, then count the failure.
		_, _, _ = s.verify(ctx, password, s.dummyHash)
		if err := s.d.Tx(ctx, func(c db.Conn) error { return s.addrFailure(ctx, c, remoteAddr, username, now) }); err != nil {
			return "", User{}, err
		}
		s.log.Info("login failed: unknown user", "username", username, "addr", remoteAddr)
		return "", User{}, ErrBadCredentials
	}
	if err != nil {
		return "", User{}, err
	}
	if u.LockedAt(now) {
		// No password check while locked: the lock is what stops guessing.
		if err := s.d.Tx(ctx, func(c db.Conn) error { return s.addrFailure(ctx, c, remoteAddr, username, now) }); err != nil {
			return "", User{}, err
		}
		return "", User{}, &LockedError{Until: u.LockedUntil}
	}
	ok, rehashNeeded, err := s.verify(ctx, password, u.hash)
	if err != nil {
		// A stored hash we cannot read is our fault, not the user's; log it
		// loudly and refuse like a wrong password.
		s.log.Error("login: unreadable password hash", "user", u.ID, "err", err)
	}
	if !ok {
		locked, until, err := s.countFailure(anon, u.User, remoteAddr, now)
		if err != nil {
			return "", User{}, err
		}
		if locked {
			return "", User{}, &LockedError{Until: until}
		}
		return "", User{}, ErrBadCredentials
	}
	if !u.Active {
		err := s.d.Tx(ctx, func(c db.Conn) error {
			return audit.Write(anon, c, audit.Change{Action: actionLoginRefused, ObjectType: objectUser, ObjectID: idString(u.ID),
				Division: u.Scope.Division, After: auditOf(u.User)})
		})
		if err != nil {
			return "", User{}, err
		}
		return "", User{}, ErrDisabled
	}
	newHash := ""
	if rehashNeeded {
		if newHash, err = s.hash(ctx, password); err != nil {
			return "", User{}, err
		}
	}
	token := newSecret()
	self := asUser(ctx, u.User, remoteAddr)
	err = s.d.Tx(ctx, func(c db.Conn) error {
		if err := clearFailures(ctx, c, u.ID); err != nil {
			return err
		}
		if newHash != "" {
			if err := rehash(ctx, c, u.ID, newHash); err != nil {
				return err
			}
		}
		if err := pruneSessions(ctx, c, now, s.cfg.SessionIdle); err != nil {
			return err
		}
		if err := insertSession(ctx, c, secretHash(token), u.ID, now, now.Add(s.cfg.SessionMax), remoteAddr, userAgent); err != nil {
			return err
		}
		return audit.Write(self, c, audit.Change{Action: audit.ActionLogin, ObjectType: objectUser, ObjectID: idString(u.ID),
			Division: u.Scope.Division})
	})
	if err != nil {
		return "", User{}, err
	}
	u.FailedLogins, u.LockedUntil = 0, time.Time{}
	return token, u.User, nil
}

// addrFailure records a failure from addr (none for logins without one,
// such as the command line) and prunes the ones that have left the window.
func (s *Service) addrFailure(ctx context.Context, c db.Conn, addr, username string, now time.Time) error {
	if addr == "" {
		return nil
	}
	if err := addAddrFailure(ctx, c, addr, username, now); err != nil {
		return err
	}
	return pruneAddrFailures(ctx, c, addrWindowStart(now, s.cfg))
}

// countFailure records a wrong password for u typed at addr, locking the
// account if it was one too many. ctx carries the actor of the audit record.
func (s *Service) countFailure(ctx context.Context, u User, addr string, now time.Time) (locked bool, until time.Time, err error) {
	err = s.d.Tx(ctx, func(c db.Conn) error {
		n, err := addFailure(ctx, c, u.ID)
		if err != nil {
			return err
		}
		until, locked = lockAfter(n, s.cfg, now)
		rec := failureAudit{Username: u.Username, FailedLogins: n}
		if err := audit.Write(ctx, c, audit.Change{Action: actionLoginFailed, ObjectType: objectUser, ObjectID: idString(u.ID),
			Division: u.Scope.Division, After: rec}); err != nil {
			return err
		}
		if locked {
			if err := lockUser(ctx, c, u.ID, until); err != nil {
				return err
			}
			rec.LockedUntil = until
			if err := audit.Write(ctx, c, audit.Change{Action: actionLockout, ObjectType: objectUser, ObjectID: idString(u.ID),
				Division: u.Scope.Division, After: rec}); err != nil {
				return err
			}
		}
		return s.addrFailure(ctx, c, addr, u.Username, now)
	})
	if locked && err == nil {
		s.log.Warn("account locked", "user", u.Username, "until", until, "addr", addr)
	}
	return locked, until, err
}

// Logout ends the session whose cookie token is given. Ending a session that
// has already ended is not an error.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		uid, err := deleteSession(ctx, c, secretHash(token))
		if err != nil || uid == 0 {
			return err
		}
		u, err := getUser(ctx, c, uid)
		if err != nil {
			return err
		}
		actx := ctx
		if access.From(ctx) == nil {
			actx = asUser(ctx, u.User, "")
		}
		return audit.Write(actx, c, audit.Change{Action: audit.ActionLogout, ObjectType: objectUser, ObjectID: idString(uid),
			Division: u.Scope.Division})
	})
}
