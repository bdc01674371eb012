package auth

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// site is a real web.Server with this package's routes, on a test listener.
type site struct {
	URL string
	s   *Service
	clk *testClock
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	clk := newTestClock()
	s := newTestService(d, clk)
	cat, err := web.NewCatalog(web.Locale(), Locale())
	if err != nil {
		t.Fatal(err)
	}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	rd, err := web.NewRenderer(cat, assets, nil, quietLog(), Templates())
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{}, rd, assets, s, quietLog())
	NewHTTP(s).Register(srv)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &site{URL: ts.URL, s: s, clk: clk}
}

// browser keeps cookies and does not follow redirects, so tests see them.
type browser struct {
	t    *testing.T
	site *site
	c    *http.Client
	lang string
}

func (st *site) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, site: st, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type answer struct {
	*http.Response
	Body string
}

func (b *browser) do(req *http.Request) answer {
	b.t.Helper()
	if b.lang != "" {
		req.Header.Set("Accept-Language", b.lang)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{resp, string(body)}
}

func (b *browser) get(path string, header ...string) answer {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.site.URL+path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return b.do(req)
}

func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.site.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// post sends a form with the page's CSRF token (the cookie's value, which is
// what every rendered form carries), fetching a page first if there is none.
func (b *browser) post(path string, form url.Values) answer {
	b.t.Helper()
	if b.cookie("bogda_csrf") == "" {
		b.get("/login")
	}
	form.Set("csrf", b.cookie("bogda_csrf"))
	return b.postRaw(path, form)
}

func (b *browser) postRaw(path string, form url.Values) answer {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.site.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) login(username, password, next string) answer {
	b.t.Helper()
	return b.post("/login", url.Values{"username": {username}, "password": {password}, "next": {next}})
}

func setCookie(a answer, name string) *http.Cookie {
	for _, c := range a.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func wantStatus(t *testing.T, a answer, code int) {
	t.Helper()
	if a.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d\n%s", a.Request.Method, a.Request.URL.Path, a.StatusCode, code, a.Body)
	}
}

func TestLoginFlowSetsSessionCookie(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		mustCreate(t, st.s, "wujun", access.RoleBureauDev, access.Scope{})
		b := st.browser(t)

		page := b.get("/login?next=/account")
		wantStatus(t, page, http.StatusOK)
		for _, want := range []string{`name="username"`, `name="password"`, `data-testid="login-submit"`, `name="csrf"`, `value="/account"`} {
			if !strings.Contains(page.Body, want) {
				t.Fatalf("login page lacks %s", want)
			}
		}
		csrfBefore := b.cookie("bogda_csrf")

		a := b.login("wujun", goodPassword, "/account")
		wantStatus(t, a, http.StatusSeeOther)
		if loc := a.Header.Get("Location"); loc != "/account" {
			t.Fatalf("redirect to %q", loc)
		}
		c := setCookie(a, SessionCookie)
		if c == nil || c.Value == "" || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
			t.Fatalf("session cookie %+v", c)
		}
		if b.cookie("bogda_csrf") == csrfBefore {
			t.Fatal("CSRF token not rotated at login")
		}
		acct := b.get("/account")
		wantStatus(t, acct, http.StatusOK)
		if !strings.Contains(acct.Body, "wujun") || !strings.Contains(acct.Body, `data-testid="password-form"`) {
			t.Fatal("account page does not show the user")
		}
		// Signed in, the login page sends the user on.
		if a := b.get("/login?next=/account"); a.StatusCode != http.StatusSeeOther || a.Header.Get("Location") != "/account" {
			t.Fatalf("login page while signed in: %d %s", a.StatusCode, a.Header.Get("Location"))
		}

		csrfBefore = b.cookie("bogda_csrf")
		out := b.post("/logout", url.Values{})
		wantStatus(t, out, http.StatusSeeOther)
		if c := setCookie(out, SessionCookie); c == nil || c.MaxAge >= 0 {
			t.Fatalf("logout did not clear the cookie: %+v", c)
		}
		if b.cookie("bogda_csrf") == csrfBefore {
			t.Fatal("CSRF token not rotated at logout")
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Fatalf("%d sessions after logout", n)
		}
		if a := b.get("/account"); a.StatusCode != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/login?next=") {
			t.Fatalf("account after logout: %d %s", a.StatusCode, a.Header.Get("Location"))
		}
	})
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		mustCreate(t, st.s, "wujun", access.RoleBureauDev, access.Scope{})
		for _, next := range []string{"//evil.example/x", "https://evil.example/", `/\evil.example`, ""} {
			b := st.browser(t)
			a := b.login("wujun", goodPassword, next)
			if a.StatusCode != http.StatusSeeOther || a.Header.Get("Location") != "/" {
				t.Fatalf("next=%q: %d to %q, want /", next, a.StatusCode, a.Header.Get("Location"))
			}
		}
	})
}

func TestLoginRequiresCSRF(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		mustCreate(t, st.s, "wujun", access.RoleBureauDev, access.Scope{})
		b := st.browser(t)
		b.get("/login")
		for _, token := range []string{"", "forged-token-forged-token-forged-token-00"} {
			form := url.Values{"username": {"wujun"}, "password": {goodPassword}}
			if token != "" {
				form.Set("csrf", token)
			}
			a := b.postRaw("/login", form)
			wantStatus(t, a, http.StatusForbidden)
			if setCookie(a, SessionCookie) != nil {
				t.Fatal("a session cookie was set without a CSRF token")
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM sessions`); n != 0 {
			t.Fatalf("%d sessions created without a CSRF token", n)
		}
	})
}

var loginError = regexp.MustCompile(`(?s)data-testid="login-error"><p>(.*?)</p>`)

func errorBox(t *testing.T, a answer) string {
	t.Helper()
	m := loginError.FindStringSubmatch(a.Body)
	if m == nil {
		t.Fatalf("no login error box in answer %d:\n%s", a.StatusCode, a.Body)
	}
	return m[1]
}

func TestLoginMessages(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		u := mustCreate(t, st.s, "qianli", access.RoleBureauDev, access.Scope{})
		mustCreate(t, st.s, "gone.user", access.RoleLeader, access.Scope{})
		gone, _, _ := st.s.ListUsers(sysCtx(), UserFilter{Q: "gone.user"})
		if _, err := st.s.UpdateUser(sysCtx(), gone[0].ID, UserUpdate{Name: "x", Role: access.RoleLeader, Active: false}); err != nil {
			t.Fatal(err)
		}
		b := st.browser(t)

		a := b.login("qianli", "", "")
		wantStatus(t, a, http.StatusUnprocessableEntity)
		if got := errorBox(t, a); got != "请输入用户名和密码。" {
			t.Fatalf("empty password: %q", got)
		}
		// Unknown user and wrong password read the same.
		a = b.login("nobody-here", "whatever-it-is", "")
		wantStatus(t, a, http.StatusUnauthorized)
		unknown := errorBox(t, a)
		a = b.login("qianli", "not-the-password", "")
		wantStatus(t, a, http.StatusUnauthorized)
		if wrong := errorBox(t, a); wrong != unknown || wrong != "用户名或密码错误。" {
			t.Fatalf("unknown user %q vs wrong password %q", unknown, wrong)
		}
		if !strings.Contains(a.Body, `value="qianli"`) {
			t.Fatal("the username is not kept in the form")
		}
		// In English for an English browser.
		b.lang = "en-GB,en;q=0.8"
		a = b.login("qianli", "not-the-password", "")
		if got := errorBox(t, a); got != "Wrong username or password." {
			t.Fatalf("English: %q", got)
		}
		// Failures 3, 4, 5: the fifth locks until 09:45 China time (t0 is 09:30 CST).
		b.lang = ""
		b.login("qianli", "not-the-password", "")
		b.login("qianli", "not-the-password", "")
		a = b.login("qianli", "not-the-password", "")
		wantStatus(t, a, http.StatusLocked)
		if got := errorBox(t, a); !strings.Contains(got, "09:45") || !strings.Contains(got, "锁定") {
			t.Fatalf("lockout message %q", got)
		}
		a = b.login("qianli", goodPassword, "")
		wantStatus(t, a, http.StatusLocked)
		if setCookie(a, SessionCookie) != nil {
			t.Fatal("locked account got a session")
		}
		got, _ := st.s.GetUser(sysCtx(), u.ID)
		if !got.LockedAt(st.clk.Now()) {
			t.Fatal("account not locked")
		}
		// Disabled: said only to whoever knows the password.
		a = b.login("gone.user", goodPassword, "")
		wantStatus(t, a, http.StatusForbidden)
		if got := errorBox(t, a); got != "该账号已停用，请联系平台管理员。" {
			t.Fatalf("disabled: %q", got)
		}
		// The address has 7 failures so far (one was the locked account); 14
		// more make 21, and then the address is refused.
		for i := 0; i < 14; i++ {
			b.login("nobody-here", "whatever-it-is", "")
		}
		a = b.login("gone.user", goodPassword, "")
		wantStatus(t, a, http.StatusTooManyRequests)
		if got := errorBox(t, a); got != "此网络地址登录失败次数过多，请稍后再试。" {
			t.Fatalf("throttled: %q", got)
		}
		if a.Header.Get("Retry-After") != "900" {
			t.Fatalf("Retry-After %q", a.Header.Get("Retry-After"))
		}
	})
}

func TestBearerTokenOnAPI(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		u := mustCreate(t, st.s, "gw.fukang", access.RoleEnterprise, access.Scope{Division: "652302", Org: 7})
		self := access.With(context.Background(), u.Principal())
		plain, tk, err := st.s.CreateToken(self, u.ID, "阜康网关", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		b := st.browser(t)
		me := b.get("/api/v1/me", "Authorization", "Bearer "+plain)
		wantStatus(t, me, http.StatusOK)
		var got MeResource
		if err := json.Unmarshal([]byte(me.Body), &got); err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Role != access.RoleEnterprise || got.ScopeOrg != 7 || got.ScopeDivision != "652302" || got.TokenID != tk.ID {
			t.Fatalf("me = %+v", got)
		}
		wantStatus(t, b.get("/api/v1/me"), http.StatusUnauthorized)
		wantStatus(t, b.get("/api/v1/me", "Authorization", "Bearer bgd_not-a-real-token"), http.StatusUnauthorized)
		wantStatus(t, b.get("/api/v1/me", "Authorization", "Basic d3VqdW46cGFzcw=="), http.StatusUnauthorized)
		// An enterprise token may not administer users.
		wantStatus(t, b.get("/api/v1/users", "Authorization", "Bearer "+plain), http.StatusForbidden)

		if err := st.s.RevokeToken(self, tk.ID); err != nil {
			t.Fatal(err)
		}
		a := b.get("/api/v1/me", "Authorization", "Bearer "+plain)
		wantStatus(t, a, http.StatusUnauthorized)
		if !strings.Contains(a.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Fatal("401 without a Bearer challenge")
		}
	})
}

// apiCall sends JSON with a bearer token; API tokens need no CSRF token.
func (b *browser) apiCall(method, path, token, body string) answer {
	b.t.Helper()
	req, _ := http.NewRequest(method, b.site.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

func TestUsersAPI(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		admin := mustCreate(t, st.s, "api.admin", access.RoleAdmin, access.Scope{})
		tok, _, err := st.s.CreateToken(access.With(context.Background(), admin.Principal()), admin.ID, "ops", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		b := st.browser(t)

		a := b.apiCall("POST", "/api/v1/users", tok, `{"username":"Zhou.Qitai","name":"周奇台","password":"`+goodPassword+`","role":"local_staff","scope_division":"652325"}`)
		wantStatus(t, a, http.StatusCreated)
		var fields map[string]any
		_ = json.Unmarshal([]byte(a.Body), &fields)
		for k := range fields {
			if k == "password" || strings.Contains(k, "hash") {
				t.Fatalf("user resource has secret field %q: %s", k, a.Body)
			}
		}
		if strings.Contains(a.Body, "argon2") || strings.Contains(a.Body, goodPassword) {
			t.Fatalf("user resource leaks a secret: %s", a.Body)
		}
		var created UserResource
		_ = json.Unmarshal([]byte(a.Body), &created)
		if created.ID == 0 || created.Username != "zhou.qitai" || created.ScopeDivision != "652325" || !created.Active {
			t.Fatalf("created %+v", created)
		}

		a = b.apiCall("POST", "/api/v1/users", tok, `{"username":"zhou.qitai","name":"","password":"short","role":"inspector"}`)
		wantStatus(t, a, http.StatusUnprocessableEntity)
		var bad struct {
			Error struct {
				Fields []struct{ Field, Code string }
			}
		}
		_ = json.Unmarshal([]byte(a.Body), &bad)
		codes := map[string]string{}
		for _, f := range bad.Error.Fields {
			codes[f.Field] = f.Code
		}
		if codes["name"] != "shell.form.required" || codes["password"] != "auth.password.too_short" || codes["scope_division"] != "auth.user.needs_division" {
			t.Fatalf("validation fields %v", codes)
		}
		wantStatus(t, b.apiCall("POST", "/api/v1/users", tok, `{"username":"x","is_admin":true}`), http.StatusUnprocessableEntity)
		wantStatus(t, b.apiCall("POST", "/api/v1/users", tok, `{"username":`), http.StatusUnprocessableEntity)
		a = b.apiCall("POST", "/api/v1/users", tok, `{"username":"ZHOU.QITAI","name":"重复","password":"`+goodPassword+`","role":"leader"}`)
		if wantStatus(t, a, http.StatusUnprocessableEntity); !strings.Contains(a.Body, "auth.user.duplicate") {
			t.Fatalf("duplicate: %s", a.Body)
		}

		a = b.apiCall("GET", "/api/v1/users?q=zhou", tok, "")
		wantStatus(t, a, http.StatusOK)
		var list web.List[UserResource]
		_ = json.Unmarshal([]byte(a.Body), &list)
		if list.Total != 1 || len(list.Items) != 1 || list.Items[0].ID != created.ID {
			t.Fatalf("list %+v", list)
		}
		wantStatus(t, b.apiCall("GET", "/api/v1/users?role=mayor", tok, ""), http.StatusUnprocessableEntity)

		id := idString(created.ID)
		a = b.apiCall("PATCH", "/api/v1/users/"+id, tok, `{"active":false,"lang":"en"}`)
		wantStatus(t, a, http.StatusOK)
		var patched UserResource
		_ = json.Unmarshal([]byte(a.Body), &patched)
		if patched.Active || patched.Lang != "en" || patched.Name != "周奇台" || patched.ScopeDivision != "652325" {
			t.Fatalf("patched %+v", patched)
		}
		wantStatus(t, b.apiCall("PATCH", "/api/v1/users/"+id, tok, `{"password":"x"}`), http.StatusUnprocessableEntity)
		wantStatus(t, b.apiCall("PATCH", "/api/v1/users/"+id, tok, `{"scope_division":"abc"}`), http.StatusUnprocessableEntity)
		wantStatus(t, b.apiCall("GET", "/api/v1/users/"+id, tok, ""), http.StatusOK)
		wantStatus(t, b.apiCall("GET", "/api/v1/users/999999", tok, ""), http.StatusNotFound)
		wantStatus(t, b.apiCall("GET", "/api/v1/users/abc", tok, ""), http.StatusNotFound)
		// The last administrator cannot disable itself through the API either.
		a = b.apiCall("PATCH", "/api/v1/users/"+idString(admin.ID), tok, `{"active":false}`)
		if wantStatus(t, a, http.StatusUnprocessableEntity); !strings.Contains(a.Body, "auth.user.last_admin") {
			t.Fatalf("last admin: %s", a.Body)
		}
	})
}

var plainToken = regexp.MustCompile(`bgd_[A-Za-z0-9_-]{43}`)

func TestAccountTokensAndPassword(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		mustCreate(t, st.s, "yanghua", access.RoleBureauSafety, access.Scope{})
		b := st.browser(t)
		wantStatus(t, b.login("yanghua", goodPassword, "/account"), http.StatusSeeOther)

		a := b.post("/account/tokens", url.Values{"name": {"巡检终端"}, "expires": {"2025-12-31"}})
		wantStatus(t, a, http.StatusOK)
		tok := plainToken.FindString(a.Body)
		if tok == "" || !strings.Contains(a.Body, `data-testid="token-plain"`) {
			t.Fatalf("new token not shown:\n%s", a.Body)
		}
		if a.Header.Get("Cache-Control") != "no-store" {
			t.Fatal("page with a token may be cached")
		}
		acct := b.get("/account")
		if strings.Contains(acct.Body, tok) {
			t.Fatal("the token is shown a second time")
		}
		if !strings.Contains(acct.Body, tok[:12]) {
			t.Fatal("the token's prefix is not listed")
		}
		toks, _ := st.s.ListTokens(sysCtx(), authCookie(t, st.s, b.cookie(SessionCookie)).UserID)
		// Valid through 31 December, China time: until 1 January 00:00 CST.
		if want := time.Date(2026, 1, 1, 0, 0, 0, 0, chinaTime()); len(toks) != 1 || !toks[0].ExpiresAt.Equal(want) {
			t.Fatalf("tokens %+v, want expiry %v", toks, want)
		}
		wantStatus(t, b.post("/account/tokens", url.Values{"name": {""}}), http.StatusUnprocessableEntity)
		wantStatus(t, b.post("/account/tokens", url.Values{"name": {"x"}, "expires": {"31/12/2025"}}), http.StatusUnprocessableEntity)

		a = b.post("/account/tokens/"+idString(toks[0].ID)+"/revoke", url.Values{})
		if a.StatusCode != http.StatusSeeOther || a.Header.Get("Location") != "/account?done=revoked" {
			t.Fatalf("revoke: %d %s", a.StatusCode, a.Header.Get("Location"))
		}
		wantStatus(t, b.get("/api/v1/me", "Authorization", "Bearer "+tok), http.StatusUnauthorized)
		wantStatus(t, b.post("/account/tokens/999999/revoke", url.Values{}), http.StatusNotFound)

		// Changing the password: a mismatch changes nothing.
		a = b.post("/account/password", url.Values{"old_password": {goodPassword}, "new_password": {"new-password-2025"}, "confirm_password": {"new-password-2024"}})
		wantStatus(t, a, http.StatusUnprocessableEntity)
		// Another device is signed in too.
		phone := st.browser(t)
		wantStatus(t, phone.login("yanghua", goodPassword, "/"), http.StatusSeeOther)
		old := b.cookie(SessionCookie)
		a = b.post("/account/password", url.Values{"old_password": {goodPassword}, "new_password": {"new-password-2025"}, "confirm_password": {"new-password-2025"}})
		if a.StatusCode != http.StatusSeeOther || a.Header.Get("Location") != "/account?done=password" {
			t.Fatalf("change password: %d %s\n%s", a.StatusCode, a.Header.Get("Location"), a.Body)
		}
		if b.cookie(SessionCookie) == old {
			t.Fatal("session token not renewed after the password change")
		}
		wantStatus(t, b.get("/account?done=password"), http.StatusOK)
		if a := phone.get("/account"); a.StatusCode != http.StatusSeeOther {
			t.Fatalf("the other device is still signed in: %d", a.StatusCode)
		}
	})
}

func TestAdminPages(t *testing.T) {
	each(t, func(t *testing.T, d *db.DB) {
		st := newSite(t, d)
		mustCreate(t, st.s, "page.admin", access.RoleAdmin, access.Scope{})
		mustCreate(t, st.s, "plain.leader", access.RoleLeader, access.Scope{})
		b := st.browser(t)
		wantStatus(t, b.login("page.admin", goodPassword, "/admin/users"), http.StatusSeeOther)

		a := b.get("/admin/users")
		wantStatus(t, a, http.StatusOK)
		if strings.Count(a.Body, `data-testid="user-row"`) != 2 {
			t.Fatalf("user list:\n%s", a.Body)
		}
		part := b.get("/admin/users?q=leader", "HX-Request", "true")
		wantStatus(t, part, http.StatusOK)
		if strings.Contains(part.Body, "<html") || strings.Count(part.Body, `data-testid="user-row"`) != 1 {
			t.Fatalf("search partial:\n%s", part.Body)
		}
		wantStatus(t, b.get("/admin/users/new"), http.StatusOK)

		// A refused form creates nothing and shows every problem.
		a = b.post("/admin/users/new", url.Values{"username": {"new.staff"}, "name": {"新员工"}, "role": {"local_staff"},
			"scope_division": {"65232"}, "scope_org_id": {"x"}, "password": {goodPassword}, "confirm_password": {"different"}, "active": {"1"}})
		wantStatus(t, a, http.StatusUnprocessableEntity)
		for _, want := range []string{"两次输入的密码不一致", "请输入有效的数字", "行政区划代码应为 6 位数字"} {
			if !strings.Contains(a.Body, want) {
				t.Fatalf("refused form lacks %q", want)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM users WHERE username = 'new.staff'`); n != 0 {
			t.Fatal("a refused form created the user")
		}

		a = b.post("/admin/users/new", url.Values{"username": {"new.staff"}, "name": {"新员工"}, "role": {"local_staff"},
			"scope_division": {"652328"}, "password": {goodPassword}, "confirm_password": {goodPassword}, "lang": {"zh-CN"}, "active": {"1"}})
		wantStatus(t, a, http.StatusSeeOther)
		loc := a.Header.Get("Location")
		if !regexp.MustCompile(`^/admin/users/\d+\?done=created$`).MatchString(loc) {
			t.Fatalf("redirect %q", loc)
		}
		page := b.get(loc)
		wantStatus(t, page, http.StatusOK)
		if !strings.Contains(page.Body, "已创建") || !strings.Contains(page.Body, `value="652328"`) {
			t.Fatal("user page does not show the new user")
		}
		path := strings.TrimSuffix(loc, "?done=created")

		// Disable (no "active" in the form) and rename.
		a = b.post(path, url.Values{"action": {"save"}, "name": {"新员工（停用）"}, "role": {"local_staff"}, "scope_division": {"652328"}})
		wantStatus(t, a, http.StatusSeeOther)
		users, _, _ := st.s.ListUsers(sysCtx(), UserFilter{Q: "new.staff"})
		if users[0].Active || users[0].Name != "新员工（停用）" {
			t.Fatalf("after save: %+v", users[0])
		}
		a = b.post(path, url.Values{"action": {"password"}, "password": {"admin-reset-2025"}, "confirm_password": {"admin-reset-2025"}})
		if a.StatusCode != http.StatusSeeOther || !strings.HasSuffix(a.Header.Get("Location"), "?done=password_set") {
			t.Fatalf("reset: %d %s", a.StatusCode, a.Header.Get("Location"))
		}
		a = b.post(path, url.Values{"action": {"password"}, "password": {"short"}, "confirm_password": {"short"}})
		wantStatus(t, a, http.StatusUnprocessableEntity)
		wantStatus(t, b.get("/admin/users/999999"), http.StatusNotFound)

		// Not for other roles.
		l := st.browser(t)
		wantStatus(t, l.login("plain.leader", goodPassword, "/"), http.StatusSeeOther)
		wantStatus(t, l.get("/admin/users"), http.StatusForbidden)
		wantStatus(t, l.post("/admin/users/new", url.Values{"username": {"x"}}), http.StatusForbidden)
	})
}
