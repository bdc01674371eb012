package auth

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// prefixLen is how much of a token is kept in the clear for lists: "bgd_"
// and 8 characters of the secret (48 of its 256 bits — enough to tell
// tokens apart, far too few to help guess one).
const prefixLen = len(TokenPrefix) + 8

// tokenAudit is what the trail records of a token: never the secret or its hash.
type tokenAudit struct {
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	Prefix    string    `json:"prefix"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// tokenOwner checks that the principal in ctx may manage userID's tokens:
// their own, or (with tokens.manage) those of accounts in their scope.
// A principal signed in with an API token manages none: a leaked token must
// not be able to mint more.
func (s *Service) tokenOwner(ctx context.Context, userID int64) (userRow, error) {
	p := access.From(ctx)
	if p == nil {
		return userRow{}, access.ErrNoPrincipal
	}
	if p.TokenID != 0 {
		return userRow{}, access.ErrForbidden
	}
	if p.UserID != userID && !p.Can(access.PermTokensManage) {
		return userRow{}, access.ErrForbidden
	}
	u, err := getUser(ctx, s.d.Read(), userID)
	if err != nil {
		return userRow{}, err
	}
	if p.UserID != userID && !grantable(p.Scope, u.Scope) {
		return userRow{}, errs.ErrNotFound
	}
	return u, nil
}

// CreateToken issues an API token acting as userID. The plain token is
// returned once and never stored; expires may be zero for no expiry.
func (s *Service) CreateToken(ctx context.Context, userID int64, name string, expires time.Time) (string, Token, error) {
	u, err := s.tokenOwner(ctx, userID)
	if err != nil {
		return "", Token{}, err
	}
	now := s.now()
	name = strings.TrimSpace(name)
	v := &errs.Validation{}
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		v.Add("name", "shell.form.required")
	case n > maxTokenName:
		v.Add("name", "shell.form.too_long", maxTokenName)
	}
	if !expires.IsZero() && !expires.After(now) {
		v.Add("expires", "auth.token.expires_past")
	}
	if !u.Active {
		v.Add("name", "auth.token.user_disabled")
	}
	if err := v.Err(); err != nil {
		return "", Token{}, err
	}
	plain := TokenPrefix + newSecret()
	t := Token{UserID: userID, Name: name, Prefix: plain[:prefixLen], CreatedAt: now}
	if !expires.IsZero() {
		t.ExpiresAt = dbTime(expires)
	}
	err = s.d.Tx(ctx, func(c db.Conn) error {
		id, err := insertToken(ctx, c, t, secretHash(plain))
		if err != nil {
			return err
		}
		t.ID = id
		return audit.Write(ctx, c, audit.Change{Action: actionTokenCreate, ObjectType: objectToken, ObjectID: idString(id),
			Division: u.Scope.Division, After: tokenAudit{UserID: userID, Name: name, Prefix: t.Prefix, ExpiresAt: t.ExpiresAt}})
	})
	if err != nil {
		return "", Token{}, err
	}
	return plain, t, nil
}

// RevokeToken ends an API token for good. Revoking a revoked token changes nothing.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	p := access.From(ctx)
	if p == nil {
		return access.ErrNoPrincipal
	}
	t, err := getToken(ctx, s.d.Read(), id)
	if err != nil {
		return err
	}
	u, err := s.tokenOwner(ctx, t.UserID)
	if err != nil {
		// Someone else's token is, to this caller, no token at all.
		if errors.Is(err, access.ErrForbidden) && p.TokenID == 0 {
			return errs.ErrNotFound
		}
		return err
	}
	if !t.RevokedAt.IsZero() {
		return nil
	}
	now := s.now()
	return s.d.Tx(ctx, func(c db.Conn) error {
		if err := revokeTokenRow(ctx, c, id, now); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: actionTokenRevoke, ObjectType: objectToken, ObjectID: idString(id),
			Division: u.Scope.Division, Before: tokenAudit{UserID: t.UserID, Name: t.Name, Prefix: t.Prefix, ExpiresAt: t.ExpiresAt}})
	})
}

// ListTokens returns userID's tokens, newest first, revoked ones included.
func (s *Service) ListTokens(ctx context.Context, userID int64) ([]Token, error) {
	if _, err := s.tokenOwner(ctx, userID); err != nil {
		return nil, err
	}
	return listTokens(ctx, s.d.Read(), userID)
}
