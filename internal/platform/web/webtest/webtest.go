// Package webtest is the scaffolding of a component's HTTP tests: a real
// web.Server with the shell, the component's catalogs, templates and
// routes, and a principal named by a request header instead of a login
// (platform/auth has its own tests of real sign-in; full-stack tests with
// real sessions live in internal/app and internal/e2e).
package webtest

import (
	"bytes"
	"context"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// UserHeader names the acting principal of a test request:
//
//	""                  a visitor
//	"admin", "leader"   the prefecture administrator, a read-only leader
//	"bureau"            the component's own bureau role (Options.Bureau)
//	"county:<code>"     county or park staff of a GB/T 2260 subtree
//	"inspector:<code>"  a field inspector of a subtree
//	"enterprise:<id>"   an enterprise user of one organisation
const UserHeader = "X-Test-User"

// LangHeader sets the principal's saved language ("en"); without it the
// request's Accept-Language decides, as for a user who never chose.
const LangHeader = "X-Test-Lang"

// Auth is a web.Authenticator that reads UserHeader. Test scaffolding only.
type Auth struct {
	Bureau access.Role
}

// Authenticate implements web.Authenticator.
func (a Auth) Authenticate(r *http.Request) (*access.Principal, error) {
	who := r.Header.Get(UserHeader)
	kind, arg, _ := strings.Cut(who, ":")
	p := &access.Principal{UserID: 9, Username: who, Name: who, Lang: r.Header.Get(LangHeader)}
	switch kind {
	case "":
		return nil, nil
	case "admin":
		p.Role = access.RoleAdmin
	case "leader":
		p.Role = access.RoleLeader
	case "bureau":
		p.Role = a.Bureau
	case "county":
		p.Role, p.Scope = access.RoleLocalStaff, access.Scope{Division: arg}
	case "inspector":
		p.Role, p.Scope = access.RoleInspector, access.Scope{Division: arg}
	case "enterprise":
		id, _ := strconv.ParseInt(arg, 10, 64)
		p.Role, p.Scope = access.RoleEnterprise, access.Scope{Org: id}
	default:
		return nil, nil
	}
	return p, nil
}

// SetLang implements web.Authenticator.
func (Auth) SetLang(context.Context, int64, string) error { return nil }

// Options describe the component under test.
type Options struct {
	Bureau    access.Role       // who "bureau" is
	Locales   []fs.FS           // the component's catalogs (the shell's and xlsx's are added)
	Templates []web.TemplateSet // the component's templates (xlsx's shared ones are added)
	Nav       []web.NavItem     // main navigation entries
	Register  func(*web.Server) // mounts the component's routes
}

// Site is the component behind a real handler chain, with the CSRF cookie
// a browser would hold.
type Site struct {
	T       testing.TB
	Handler http.Handler
	Server  *web.Server
	Cat     *web.Catalog
	CSRF    *http.Cookie
}

// New builds the site.
func New(t testing.TB, o Options) *Site {
	t.Helper()
	cat, err := web.NewCatalog(append([]fs.FS{web.Locale(), xlsx.Locale()}, o.Locales...)...)
	if err != nil {
		t.Fatal(err)
	}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sets := append([]web.TemplateSet{{Component: "xlsx", FS: xlsx.Templates(), Shared: true}}, o.Templates...)
	rd, err := web.NewRenderer(cat, assets, o.Nav, log, sets...)
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{Version: "test"}, rd, assets, Auth{Bureau: o.Bureau}, log)
	if o.Register != nil {
		o.Register(srv)
	}
	s := &Site{T: t, Handler: srv.Handler(), Server: srv, Cat: cat}
	w := s.Get("/healthz", "")
	for _, c := range w.Result().Cookies() {
		if c.Name == "bogda_csrf" {
			s.CSRF = c
		}
	}
	if s.CSRF == nil {
		t.Fatal("no CSRF cookie")
	}
	return s
}

// Do serves r as who.
func (s *Site) Do(r *http.Request, who string) *httptest.ResponseRecorder {
	if who != "" {
		r.Header.Set(UserHeader, who)
	}
	w := httptest.NewRecorder()
	s.Handler.ServeHTTP(w, r)
	return w
}

// Get fetches path as who.
func (s *Site) Get(path, who string) *httptest.ResponseRecorder {
	return s.Do(httptest.NewRequest(http.MethodGet, path, nil), who)
}

// Post submits a form with the CSRF token, as a browser does.
func (s *Site) Post(path, who string, form url.Values) *httptest.ResponseRecorder {
	form.Set("csrf", s.CSRF.Value)
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(s.CSRF)
	return s.Do(r, who)
}

// API sends a JSON body with the CSRF header, as htmx or a page script does.
func (s *Site) API(method, path, who, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-CSRF-Token", s.CSRF.Value)
	r.AddCookie(s.CSRF)
	return s.Do(r, who)
}

// Upload posts file as the multipart field "file", as an import form does.
func (s *Site) Upload(path, who string, file []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", s.CSRF.Value)
	fw, _ := mw.CreateFormFile("file", "upload.xlsx")
	_, _ = fw.Write(file)
	_ = mw.Close()
	r := httptest.NewRequest(http.MethodPost, path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(s.CSRF)
	return s.Do(r, who)
}

// ZH is the Chinese text of a catalog key as it appears in a page (HTML-escaped).
func (s *Site) ZH(key string, args ...any) string {
	return html.EscapeString(s.Cat.T(web.LangZH, key, args...))
}

// WantStatus fails unless the response has status.
func WantStatus(t testing.TB, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%.2000s", w.Code, status, w.Body.String())
	}
}

// WantBody fails unless the body contains every part.
func WantBody(t testing.TB, w *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	body := w.Body.String()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Fatalf("body lacks %q:\n%.3000s", p, body)
		}
	}
}

// Workbook is an .xlsx file with a header row and rows, for import tests.
func Workbook(t testing.TB, headers []string, rows ...[]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := xlsx.Export(&buf, "Sheet1", headers, func(yield func([]any) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
