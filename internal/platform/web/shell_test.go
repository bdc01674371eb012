package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// testAuth is test scaffolding for web.Authenticator: the X-Test-User
// header names the signed-in user; no header means a visitor.
type testAuth struct {
	mu    sync.Mutex
	langs map[int64]string // SetLang calls, by user id
}

func (a *testAuth) Authenticate(r *http.Request) (*access.Principal, error) {
	name := r.Header.Get("X-Test-User")
	if name == "" {
		return nil, nil
	}
	return &access.Principal{UserID: 7, Username: name, Name: name, Role: access.RoleAdmin}, nil
}

func (a *testAuth) SetLang(_ context.Context, userID int64, lang string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.langs[userID] = lang
	return nil
}

func (a *testAuth) lang(userID int64) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.langs[userID]
}

type shell struct {
	srv  *web.Server
	h    http.Handler
	cat  *web.Catalog
	auth *testAuth
}

type pong struct {
	Pong bool `json:"pong"`
}

func newShell(t *testing.T) *shell {
	t.Helper()
	cat, err := web.NewCatalog(web.Locale())
	if err != nil {
		t.Fatal(err)
	}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rd, err := web.NewRenderer(cat, assets, []web.NavItem{{Href: "/", Label: "shell.nav.home"}}, log)
	if err != nil {
		t.Fatal(err)
	}
	auth := &testAuth{langs: map[int64]string{}}
	srv := web.NewServer(web.Config{Version: "test"}, rd, assets, auth, log)
	srv.API(web.Op{Method: "GET", Path: "/api/v1/ping", Summary: "ping", Tag: "test", Response: pong{}},
		func(w http.ResponseWriter, r *http.Request) error {
			web.WriteJSON(w, http.StatusOK, pong{Pong: true})
			return nil
		})
	return &shell{srv: srv, h: srv.Handler(), cat: cat, auth: auth}
}

func (s *shell) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

// csrfCookie makes one GET to be handed the double-submit cookie.
func (s *shell) csrfCookie(t *testing.T) *http.Cookie {
	t.Helper()
	w := s.do(httptest.NewRequest("GET", "/healthz", nil))
	for _, c := range w.Result().Cookies() {
		if c.Name == "bogda_csrf" {
			return c
		}
	}
	t.Fatal("no bogda_csrf cookie on a first GET")
	return nil
}

func postForm(target string, form url.Values) *http.Request {
	r := httptest.NewRequest("POST", target, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	s := newShell(t)
	// The policy Bogda promises (middleware.go, DESIGN.md): only its own
	// files, no inline script or style, no frames, no foreign hosts.
	wantCSP := map[string]string{
		"default-src":     "'self'",
		"script-src":      "'self'",
		"style-src":       "'self'",
		"img-src":         "'self' data: blob:",
		"font-src":        "'self'",
		"connect-src":     "'self'",
		"object-src":      "'none'",
		"base-uri":        "'none'",
		"frame-ancestors": "'none'",
		"form-action":     "'self'",
	}
	reqs := []*http.Request{
		httptest.NewRequest("GET", "/healthz", nil),
		httptest.NewRequest("GET", "/static/app.css", nil),
		httptest.NewRequest("GET", "/static/missing.css", nil),
		httptest.NewRequest("GET", "/no/such/page", nil),
		httptest.NewRequest("GET", "/api/v1/openapi.json", nil),
		httptest.NewRequest("GET", "/api/v1/ping", nil),
		httptest.NewRequest("GET", "/api/v1/no/such/thing", nil),
		postForm("/lang", url.Values{"lang": {"en"}}),
	}
	for _, r := range reqs {
		t.Run(r.Method+" "+r.URL.Path, func(t *testing.T) {
			h := s.do(r).Result().Header
			got := map[string]string{}
			for _, d := range strings.Split(h.Get("Content-Security-Policy"), ";") {
				name, val, _ := strings.Cut(strings.TrimSpace(d), " ")
				if name != "" {
					got[name] = strings.TrimSpace(val)
				}
			}
			for name, want := range wantCSP {
				if got[name] != want {
					t.Errorf("CSP %s = %q, want %q", name, got[name], want)
				}
			}
			for name := range got {
				if _, ok := wantCSP[name]; !ok {
					t.Errorf("CSP has unexpected directive %s %q", name, got[name])
				}
			}
			if strings.Contains(got["script-src"], "unsafe") || strings.Contains(got["style-src"], "unsafe") {
				t.Errorf("CSP allows unsafe inline code: %q", h.Get("Content-Security-Policy"))
			}
			// Header values from OWASP's secure headers project.
			for name, want := range map[string]string{
				"X-Frame-Options":        "DENY",
				"X-Content-Type-Options": "nosniff",
				"Referrer-Policy":        "same-origin",
			} {
				if h.Get(name) != want {
					t.Errorf("%s = %q, want %q", name, h.Get(name), want)
				}
			}
		})
	}
}

func TestNotFoundPageInBothLanguages(t *testing.T) {
	s := newShell(t)
	zh := html.EscapeString(s.cat.T(web.LangZH, "shell.error.404"))
	en := html.EscapeString(s.cat.T(web.LangEN, "shell.error.404"))
	cases := []struct {
		name      string
		cookie    string
		htmlLang  string
		lead      string
		otherLine string
	}{
		// Chinese is the default language (i18n.go: Langs, default first).
		{"default zh-CN", "", `<html lang="zh-CN">`, zh, en},
		{"bogda_lang=en", "en", `<html lang="en">`, en, zh},
		{"bogda_lang=zh-CN", "zh-CN", `<html lang="zh-CN">`, zh, en},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/no/such/page", nil)
			if c.cookie != "" {
				r.AddCookie(&http.Cookie{Name: "bogda_lang", Value: c.cookie})
			}
			w := s.do(r)
			body := w.Body.String()
			if w.Code != http.StatusNotFound {
				t.Fatalf("status %d, want 404", w.Code)
			}
			if !strings.Contains(body, c.htmlLang) {
				t.Errorf("page lacks %s", c.htmlLang)
			}
			if !strings.Contains(body, `<p class="lead">`+c.lead+`</p>`) {
				t.Errorf("page lacks the message %q as its lead", c.lead)
			}
			if !regexp.MustCompile(`<p class="other-lang"[^>]*>` + regexp.QuoteMeta(c.otherLine) + `</p>`).MatchString(body) {
				t.Errorf("page lacks the other language's line %q", c.otherLine)
			}
		})
	}
}

func TestPostWithoutCSRFTokenIsRefused(t *testing.T) {
	s := newShell(t)
	cookie := s.csrfCookie(t)
	cases := []struct {
		name   string
		cookie bool
		token  string
	}{
		{"no cookie, no token", false, ""},
		{"cookie, no token", true, ""},
		{"cookie, wrong token", true, strings.Repeat("x", 43)},
		{"no cookie, token", false, cookie.Value},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := url.Values{"lang": {"en"}, "back": {"/"}}
			if c.token != "" {
				form.Set("csrf", c.token)
			}
			r := postForm("/lang", form)
			if c.cookie {
				r.AddCookie(cookie)
			}
			w := s.do(r)
			if w.Code != http.StatusForbidden {
				t.Fatalf("status %d, want 403", w.Code)
			}
			for _, ck := range w.Result().Cookies() {
				if ck.Name == "bogda_lang" {
					t.Errorf("refused request still set bogda_lang=%s", ck.Value)
				}
			}
		})
	}
	t.Run("token in header, from another site", func(t *testing.T) {
		// CrossOriginProtection refuses what the browser marks cross-site,
		// even with a valid token.
		r := postForm("/lang", url.Values{"lang": {"en"}})
		r.AddCookie(cookie)
		r.Header.Set("X-CSRF-Token", cookie.Value)
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		if w := s.do(r); w.Code != http.StatusForbidden {
			t.Fatalf("status %d, want 403", w.Code)
		}
	})
}

func TestLangSwitchRedirectsOnlyToLocalPaths(t *testing.T) {
	s := newShell(t)
	cookie := s.csrfCookie(t)
	cases := []struct {
		back, want string
	}{
		{"/registry/orgs?q=1", "/registry/orgs?q=1"},
		{"/", "/"},
		{"", "/"},
		{"https://evil.example", "/"},
		{"https://evil.example/path", "/"},
		{"//evil.example", "/"},
		{"//evil.example/path", "/"},
		{`/\evil.example`, "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
	}
	for _, c := range cases {
		t.Run(c.back, func(t *testing.T) {
			r := postForm("/lang", url.Values{"lang": {"en"}, "back": {c.back}, "csrf": {cookie.Value}})
			r.AddCookie(cookie)
			w := s.do(r)
			if w.Code != http.StatusSeeOther {
				t.Fatalf("status %d, want 303", w.Code)
			}
			if got := w.Header().Get("Location"); got != c.want {
				t.Errorf("Location %q, want %q", got, c.want)
			}
			var lang string
			for _, ck := range w.Result().Cookies() {
				if ck.Name == "bogda_lang" {
					lang = ck.Value
				}
			}
			if lang != web.LangEN {
				t.Errorf("bogda_lang cookie %q, want %q", lang, web.LangEN)
			}
		})
	}
	t.Run("signed-in user's choice is stored", func(t *testing.T) {
		r := postForm("/lang", url.Values{"lang": {"zh-CN"}, "back": {"/x"}, "csrf": {cookie.Value}})
		r.AddCookie(cookie)
		r.Header.Set("X-Test-User", "tester")
		if w := s.do(r); w.Code != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", w.Code)
		}
		if got := s.auth.lang(7); got != web.LangZH {
			t.Errorf("SetLang got %q, want %q", got, web.LangZH)
		}
	})
}

func TestOpenAPIDocument(t *testing.T) {
	s := newShell(t)
	w := s.do(httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Info    map[string]any            `json:"info"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	if doc.Info["version"] != "test" {
		t.Errorf("info.version %v, want the configured version", doc.Info["version"])
	}
	if _, ok := doc.Paths["/api/v1/ping"]["get"]; !ok {
		t.Errorf("registered route GET /api/v1/ping missing from paths: %v", doc.Paths)
	}
}

func TestAPIRouteNeedsPrincipal(t *testing.T) {
	s := newShell(t)
	if w := s.do(httptest.NewRequest("GET", "/api/v1/ping", nil)); w.Code != http.StatusUnauthorized {
		t.Errorf("visitor: status %d, want 401", w.Code)
	}
	r := httptest.NewRequest("GET", "/api/v1/ping", nil)
	r.Header.Set("X-Test-User", "tester")
	w := s.do(r)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"pong":true`) {
		t.Errorf("signed in: status %d body %s", w.Code, w.Body)
	}
}

// repoInternal is the internal/ folder, from this package's directory.
const repoInternal = "../.."

// templateFiles lists every page and partial template in the repository.
func templateFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(repoInternal, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") && filepath.Base(filepath.Dir(p)) == "templates" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no templates found under internal/")
	}
	return files
}

var (
	// A comment first: it may quote actions ({{template …}}) in its text.
	tmplAction  = regexp.MustCompile(`(?s)\{\{-?\s*/\*.*?\*/\s*-?\}\}|\{\{.*?\}\}`)
	htmlComment = regexp.MustCompile(`(?s)<!--.*?-->`)
	htmlTag     = regexp.MustCompile(`(?s)<[^>]*>`)
	htmlEntity  = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);`)
	// Attributes a person reads or hears (screen readers, tooltips, dialogs).
	textAttr = regexp.MustCompile(`(?i)\s(placeholder|title|alt|aria-label|aria-description|data-confirm)\s*=\s*("[^"]*"|'[^']*')`)
	// What the CSP would block: inline styles, inline scripts, handlers.
	inlineStyle   = regexp.MustCompile(`(?i)<[^>]*\sstyle\s*=|<style[\s>]`)
	inlineHandler = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	scriptTag     = regexp.MustCompile(`(?i)<script\b[^>]*>`)
	tKey          = regexp.MustCompile(`\.T\s+"([^"]+)"`)
)

// blank keeps the line structure of what it removes, so that positions in
// the cleaned text still give the right line numbers.
func blank(m string) string { return strings.Repeat("\n", strings.Count(m, "\n")) }

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func lineAt(s string, i int) int { return 1 + strings.Count(s[:i], "\n") }

// TestTemplatesHaveNoLiteralText keeps every UI string in the catalogs: a
// text node or a read-aloud attribute with letters (Latin or CJK) outside a
// template action is a string no translator will ever see. Punctuation,
// digits and symbols (☰ ‹ › · – / #) are fine.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	for _, f := range templateFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := tmplAction.ReplaceAllStringFunc(string(b), blank)
		src = htmlComment.ReplaceAllStringFunc(src, blank)
		last := 0
		check := func(text string, at int) {
			text = htmlEntity.ReplaceAllString(text, "")
			if hasLetter(text) {
				t.Errorf("%s:%d: literal text %q: use {{$.T \"key\"}}", f, lineAt(src, at), strings.TrimSpace(text))
			}
		}
		for _, loc := range htmlTag.FindAllStringIndex(src, -1) {
			check(src[last:loc[0]], last)
			tag := src[loc[0]:loc[1]]
			for _, m := range textAttr.FindAllStringSubmatchIndex(tag, -1) {
				val := tag[m[4]+1 : m[5]-1]
				if hasLetter(htmlEntity.ReplaceAllString(val, "")) {
					t.Errorf("%s:%d: literal %s=%q: use {{$.T \"key\"}}", f, lineAt(src, loc[0]), tag[m[2]:m[3]], val)
				}
			}
			last = loc[1]
		}
		check(src[last:], last)

		if loc := inlineStyle.FindStringIndex(src); loc != nil {
			t.Errorf("%s:%d: inline style (CSP style-src 'self'): use a class in app.css", f, lineAt(src, loc[0]))
		}
		if loc := inlineHandler.FindStringIndex(src); loc != nil {
			t.Errorf("%s:%d: inline event handler (CSP script-src 'self'): use data- attributes and app.js", f, lineAt(src, loc[0]))
		}
		for _, loc := range scriptTag.FindAllStringIndex(src, -1) {
			if !strings.Contains(strings.ToLower(src[loc[0]:loc[1]]), "src=") {
				t.Errorf("%s:%d: inline script (CSP script-src 'self'): use a file under static/", f, lineAt(src, loc[0]))
			}
		}
	}
}

// TestTemplateKeysExist checks that every key a template asks for with
// .T "key" is in the merged catalogs of all components (both languages are
// complete, or NewCatalog fails).
func TestTemplateKeysExist(t *testing.T) {
	var dirs []string
	err := filepath.WalkDir(repoInternal, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "locale" {
			if _, err := os.Stat(filepath.Join(p, web.LangZH+".json")); err == nil {
				dirs = append(dirs, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(dirs)
	var srcs []fs.FS
	for _, d := range dirs {
		srcs = append(srcs, os.DirFS(d))
	}
	cat, err := web.NewCatalog(srcs...)
	if err != nil {
		t.Fatalf("catalogs %v: %v", dirs, err)
	}
	for _, f := range templateFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		for _, action := range tmplAction.FindAllStringIndex(src, -1) {
			for _, m := range tKey.FindAllStringSubmatch(src[action[0]:action[1]], -1) {
				if !cat.Has(m[1]) {
					t.Errorf("%s:%d: catalog key %q is in no locale/*.json", f, lineAt(src, action[0]), m[1])
				}
			}
		}
	}
}

func TestPagesLinkFingerprintedAssets(t *testing.T) {
	s := newShell(t)
	body := s.do(httptest.NewRequest("GET", "/no/such/page", nil)).Body.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`<link rel="stylesheet" href="/static/app\.css\?v=[0-9a-f]{12}">`),
		regexp.MustCompile(`<script src="/static/app\.js\?v=[0-9a-f]{12}" defer></script>`),
	} {
		if !want.MatchString(body) {
			t.Errorf("page lacks %s", want)
		}
	}
}
