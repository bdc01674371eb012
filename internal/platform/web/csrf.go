package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// CSRF protection has two layers:
//  1. net/http's CrossOriginProtection refuses unsafe requests that the
//     browser marks (Sec-Fetch-Site / Origin) as coming from another site;
//  2. a double-submit token: a random value in an HttpOnly, SameSite=Strict
//     cookie that every form repeats in a hidden field and htmx repeats in
//     the X-CSRF-Token header. A request carrying an API token (no cookies
//     involved) is exempt.
const (
	csrfCookie = "bogda_csrf"
	csrfField  = "csrf"
	csrfHeader = "X-CSRF-Token"
)

type csrfKey struct{}

// CSRFToken returns the token for the current request's forms.
func CSRFToken(ctx context.Context) string {
	s, _ := ctx.Value(csrfKey{}).(string)
	return s
}

func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) setCSRFCookie(w http.ResponseWriter, r *http.Request, tok string) {
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
}

// RotateCSRF gives the browser a fresh token, at login and logout, so that
// a token seen before authentication is worthless after it.
func (s *Server) RotateCSRF(w http.ResponseWriter, r *http.Request) {
	s.setCSRFCookie(w, r, newToken())
}

func (s *Server) csrf(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := ""
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			tok = c.Value
		} else {
			tok = newToken()
			s.setCSRFCookie(w, r, tok)
		}
		r = r.WithContext(context.WithValue(r.Context(), csrfKey{}, tok))
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			next.ServeHTTP(w, r)
			return
		}
		if p := access.From(r.Context()); p != nil && p.TokenID != 0 {
			next.ServeHTTP(w, r)
			return
		}
		sent := r.Header.Get(csrfHeader)
		if sent == "" {
			if err := parseBody(r); err != nil {
				s.fail(w, r, err)
				return
			}
			sent = r.PostFormValue(csrfField)
		}
		if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(tok)) != 1 {
			s.log.Warn("csrf token mismatch", "path", r.URL.Path, "addr", r.RemoteAddr)
			s.errorPage(w, r, http.StatusForbidden, "shell.error.csrf")
			return
		}
		next.ServeHTTP(w, r)
	})
}
