package auth

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// passwordAudit is what the trail records of a password change: that it
// happened and what it ended, never the password or its hash.
type passwordAudit struct {
	Username      string `json:"username"`
	SessionsEnded int64  `json:"sessions_ended"`
}

// SetPassword is an administrator's (or the CLI's) reset of someone's
// password. It lifts a lockout and ends the account's sessions: whoever held
// them signed in with the old password.
func (s *Service) SetPassword(ctx context.Context, username, password string) error {
	p, err := access.Require(ctx, access.PermUsersAdmin)
	if err != nil {
		return err
	}
	username = normalizeUsername(username)
	u, err := getUserByName(ctx, s.d.Read(), username)
	if err != nil {
		return err
	}
	if !grantable(p.Scope, u.Scope) {
		return errs.ErrNotFound
	}
	if k, args := passwordProblem(username, password, s.cfg.MinPasswordLen); k != "" {
		return errs.Invalid("password", k, args...)
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	now := s.now()
	return s.d.Tx(ctx, func(c db.Conn) error {
		if err := setHash(ctx, c, u.ID, hash, now); err != nil {
			return err
		}
		n, err := deleteUserSessions(ctx, c, u.ID)
		if err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: actionPasswordSet, ObjectType: objectUser, ObjectID: idString(u.ID),
			Division: u.Scope.Division, After: passwordAudit{Username: u.Username, SessionsEnded: n}})
	})
}

// ChangePassword is a user changing their own password, proving the old
// one. It ends every session of the account, the caller's included: the
// web handler then signs the caller in afresh, so the browser gets a new
// session token and every other device has to sign in with the new
// password. A wrong old password counts toward the lockout like a failed
// login, so that a stolen session cannot be used to guess the password.
func (s *Service) ChangePassword(ctx context.Context, userID int64, old, new string) error {
	p := access.From(ctx)
	if p == nil {
		return access.ErrNoPrincipal
	}
	if p.UserID != userID || p.TokenID != 0 {
		// Administrators reset others' passwords with SetPassword; machines
		// holding an API token do not change their user's password.
		return access.ErrForbidden
	}
	u, err := getUser(ctx, s.d.Read(), userID)
	if err != nil {
		return err
	}
	now := s.now()
	if u.LockedAt(now) {
		return errs.Invalid("old_password", "auth.login.locked", clock(u.LockedUntil))
	}
	ok, _, err := s.verify(ctx, old, u.hash)
	if err != nil {
		return err
	}
	if !ok {
		locked, until, err := s.countFailure(ctx, u.User, p.RemoteAddr, now)
		if err != nil {
			return err
		}
		if locked {
			return errs.Invalid("old_password", "auth.login.locked", clock(until))
		}
		return errs.Invalid("old_password", "auth.password.wrong_old")
	}
	v := &errs.Validation{}
	if k, args := passwordProblem(u.Username, new, s.cfg.MinPasswordLen); k != "" {
		v.Add("new_password", k, args...)
	} else if new == old {
		v.Add("new_password", "auth.password.unchanged")
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, err := s.hash(ctx, new)
	if err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		if err := setHash(ctx, c, u.ID, hash, now); err != nil {
			return err
		}
		n, err := deleteUserSessions(ctx, c, u.ID)
		if err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: actionPasswordChg, ObjectType: objectUser, ObjectID: idString(u.ID),
			Division: u.Scope.Division, After: passwordAudit{Username: u.Username, SessionsEnded: n}})
	})
}
