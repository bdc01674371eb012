// Package web is Bogda's HTTP shell: the layout and its message catalogs,
// embedded assets, security headers, CSRF protection, authentication of
// each request, error pages, JSON API plumbing and the OpenAPI document.
// Domains register their own pages and API routes on it.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Authenticator finds who is behind a request (session cookie or API token)
// and remembers a signed-in user's language. platform/auth implements it.
type Authenticator interface {
	Authenticate(r *http.Request) (*access.Principal, error)
	SetLang(ctx context.Context, userID int64, lang string) error
}

// Config holds the shell's settings.
type Config struct {
	// SecureCookies forces the Secure flag (set it behind a TLS proxy).
	SecureCookies bool
	// TrustProxy believes X-Forwarded-For / -Proto from a reverse proxy.
	TrustProxy bool
	// MaxBodyBytes caps request bodies.
	MaxBodyBytes int64
	Version      string
}

// HandlerFunc is a page or API handler; a returned error becomes the
// matching error page or JSON error object.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Server routes requests to the shell's and the domains' handlers.
type Server struct {
	cfg  Config
	mux  *http.ServeMux
	rd   *Renderer
	auth Authenticator
	log  *slog.Logger
	api  *APIDoc
}

// NewServer creates the shell with its own routes: static files, language
// switch, home, health, the OpenAPI document and the not-found page.
func NewServer(cfg Config, rd *Renderer, assets *Assets, auth Authenticator, log *slog.Logger) *Server {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 16 << 20
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), rd: rd, auth: auth, log: log, api: newAPIDoc(cfg.Version)}
	s.mux.Handle("GET /static/", assets)
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.Public("POST /lang", s.switchLang)
	s.mux.HandleFunc("GET /api/v1/openapi.json", s.api.serve)
	s.mux.HandleFunc("/", s.notFound)
	return s
}

// Renderer returns the page renderer.
func (s *Server) Renderer() *Renderer { return s.rd }

// Log returns the server's logger.
func (s *Server) Log() *slog.Logger { return s.log }

// Handler is the whole chain, outermost first.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.csrf(h)
	h = s.authenticate(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.limitBody(h)
	h = s.logRequests(h)
	h = s.securityHeaders(h)
	h = s.recoverPanics(h)
	return h
}

// Public registers a page anyone may open.
func (s *Server) Public(pattern string, h HandlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// Page registers a page for signed-in users holding perm ("" for any
// signed-in user). Visitors are sent to the login page and back.
func (s *Server) Page(pattern string, perm access.Permission, h HandlerFunc) {
	s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		p := access.From(r.Context())
		switch {
		case p == nil:
			s.fail(w, r, access.ErrNoPrincipal)
			return
		case perm != "" && !p.Can(perm):
			s.fail(w, r, access.ErrForbidden)
			return
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// Render writes a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, pg Page) { s.rd.Render(w, r, pg) }

// Redirect answers a form post: htmx follows HX-Redirect, browsers 303.
func Redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.fail(w, r, errs.ErrNotFound)
		return
	}
	s.errorPage(w, r, http.StatusNotFound, "shell.error.404")
}

// fail maps an error to the answer the user should see.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiError(w, r, err)
		return
	}
	var tooBig *http.MaxBytesError
	var v *errs.Validation
	switch {
	case errors.Is(err, access.ErrNoPrincipal):
		Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
	case errors.Is(err, access.ErrForbidden):
		s.errorPage(w, r, http.StatusForbidden, "shell.error.403")
	case errors.Is(err, errs.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, "shell.error.404")
	case errors.As(err, &tooBig):
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "shell.error.413")
	case errors.As(err, &v):
		s.rd.Render(w, r, Page{Name: "shell/error", Title: "shell.error.title", Status: http.StatusBadRequest,
			Errors: v, Data: errorData{Code: http.StatusBadRequest, Key: "shell.error.400", Other: s.rd.cat.T(LangEN, "shell.error.400")}})
	default:
		s.log.Error("handler", "method", r.Method, "path", r.URL.Path, "err", err)
		s.errorPage(w, r, http.StatusInternalServerError, "shell.error.500")
	}
}

type errorData struct {
	Code  int
	Key   string
	Other string // the message in the other language, for a reader who cannot read the first
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, code int, key string) {
	if isAPI(r) {
		writeJSON(w, code, apiErrorBody{Error: apiError{Code: http.StatusText(code), Message: s.rd.T(r, key)}})
		return
	}
	other := LangEN
	if RequestLang(r, langOf(access.From(r.Context()))) == LangEN {
		other = LangZH
	}
	s.rd.Render(w, r, Page{Name: "shell/error", Title: "shell.error.title", Status: code,
		Data: errorData{Code: code, Key: key, Other: s.rd.cat.T(other, key)}})
}

// switchLang remembers the chosen language: on the account when signed in,
// in a cookie otherwise, then goes back to the page the user was on.
func (s *Server) switchLang(w http.ResponseWriter, r *http.Request) error {
	lang := NormalizeLang(r.PostFormValue("lang"))
	if lang == "" {
		lang = LangZH
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	if p := access.From(r.Context()); p != nil && p.UserID != 0 {
		if err := s.auth.SetLang(r.Context(), p.UserID, lang); err != nil {
			return err
		}
	}
	Redirect(w, r, localPath(r.PostFormValue("back")))
	return nil
}

// localPath accepts only a path on this server as a redirect target, so
// that "back" and "next" parameters cannot send users elsewhere.
func localPath(p string) string {
	if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") {
		return "/"
	}
	return p
}

// LocalPath is localPath for other packages (login's next parameter).
func LocalPath(p string) string { return localPath(p) }

// RoutePattern is the registered pattern that would serve r ("/" when
// nothing more specific does), so that tests can check the OpenAPI document
// against the routes actually mounted.
func (s *Server) RoutePattern(r *http.Request) string {
	_, pattern := s.mux.Handler(r)
	return pattern
}
