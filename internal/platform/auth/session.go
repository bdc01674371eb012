package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// SessionCookie is the name of the browser's session cookie.
const SessionCookie = "bogda_session"

// TokenPrefix starts every API token, so that a leaked one is recognisable
// (secret scanners, log filters) and cannot be mistaken for a session.
const TokenPrefix = "bgd_"

// Authenticate finds who is behind a request: an API token in
// "Authorization: Bearer bgd_…" or else the session cookie. No credentials,
// or an ended session, give (nil, nil): a visitor. A bearer token that is
// not valid gives ErrInvalidToken, which the shell logs; the request then
// goes on as a visitor and the API answers 401.
func (s *Service) Authenticate(r *http.Request) (*access.Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return nil, ErrInvalidToken
		}
		return s.authToken(ctx, strings.TrimSpace(tok))
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	return s.authSession(ctx, c.Value)
}

func (s *Service) authSession(ctx context.Context, token string) (*access.Principal, error) {
	hash := secretHash(token)
	sess, err := getSession(ctx, s.d.Read(), hash)
	if errors.Is(err, errs.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !sessionLive(sess.lastSeen, sess.expires, now, s.cfg.SessionIdle) || !sess.user.Active {
		_, err := deleteSession(ctx, s.d.Write(), hash)
		return nil, err
	}
	if needsTouch(sess.lastSeen, now) {
		if err := touchSession(ctx, s.d.Write(), hash, now); err != nil {
			return nil, err
		}
	}
	return sess.user.Principal(), nil
}

func (s *Service) authToken(ctx context.Context, plain string) (*access.Principal, error) {
	if !strings.HasPrefix(plain, TokenPrefix) {
		return nil, ErrInvalidToken
	}
	t, err := getTokenByHash(ctx, s.d.Read(), secretHash(plain))
	if errors.Is(err, errs.ErrNotFound) {
		return nil, ErrInvalidToken
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !t.ActiveAt(now) {
		return nil, ErrInvalidToken
	}
	u, err := getUser(ctx, s.d.Read(), t.UserID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, ErrInvalidToken
	}
	if needsTouch(t.LastUsedAt, now) {
		if err := touchToken(ctx, s.d.Write(), t.ID, now); err != nil {
			return nil, err
		}
	}
	p := u.Principal()
	p.TokenID = t.ID
	return p, nil
}

// startSession signs u in afresh without a password check, for the browser
// that has just proved it by changing the password.
func (s *Service) startSession(ctx context.Context, u User, addr, userAgent string) (string, error) {
	userAgent, addr = truncate(userAgent, maxUserAgent), truncate(addr, maxAddrLen)
	now := s.now()
	token := newSecret()
	err := insertSession(ctx, s.d.Write(), secretHash(token), u.ID, now, now.Add(s.cfg.SessionMax), addr, userAgent)
	return token, err
}
