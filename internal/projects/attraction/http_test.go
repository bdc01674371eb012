package attraction

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/changji-gov/bogda/internal/projects"
)

// testAuth is test scaffolding for web.Authenticator (as in package
// projects): X-Test-User names "bureau", "leader", "county:<code>" or
// "enterprise:<org id>".
type testAuth struct{}

func (testAuth) Authenticate(r *http.Request) (*access.Principal, error) {
	who := r.Header.Get("X-Test-User")
	kind, arg, _ := strings.Cut(who, ":")
	p := &access.Principal{UserID: 9, Username: who, Name: who, Lang: "zh-CN"}
	switch kind {
	case "":
		return nil, nil
	case "bureau":
		p.Role = access.RoleBureauDev
	case "leader":
		p.Role = access.RoleLeader
	case "county":
		p.Role, p.Scope = access.RoleLocalStaff, access.Scope{Division: arg}
	case "enterprise":
		id, _ := strconv.ParseInt(arg, 10, 64)
		p.Role, p.Scope = access.RoleEnterprise, access.Scope{Org: id}
	}
	return p, nil
}

func (testAuth) SetLang(context.Context, int64, string) error { return nil }

type site struct {
	t    *testing.T
	h    http.Handler
	cat  *web.Catalog
	f    *fixture
	csrf *http.Cookie
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	f := newFixture(t, d)
	cat, err := web.NewCatalog(web.Locale(), xlsx.Locale(), projects.Locale(), Locale())
	if err != nil {
		t.Fatal(err)
	}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rd, err := web.NewRenderer(cat, assets, []web.NavItem{Nav()}, log,
		web.TemplateSet{Component: "xlsx", FS: xlsx.Templates(), Shared: true}, Templates())
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{Version: "test"}, rd, assets, testAuth{}, log)
	NewHTTP(f.svc).Register(srv)
	s := &site{t: t, h: srv.Handler(), cat: cat, f: f}
	w := s.do(httptest.NewRequest("GET", "/healthz", nil), "")
	for _, c := range w.Result().Cookies() {
		if c.Name == "bogda_csrf" {
			s.csrf = c
		}
	}
	if s.csrf == nil {
		t.Fatal("no CSRF cookie")
	}
	return s
}

func (s *site) do(r *http.Request, who string) *httptest.ResponseRecorder {
	if who != "" {
		r.Header.Set("X-Test-User", who)
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

func (s *site) get(path, who string) *httptest.ResponseRecorder {
	return s.do(httptest.NewRequest("GET", path, nil), who)
}

func (s *site) post(path, who string, form url.Values) *httptest.ResponseRecorder {
	form.Set("csrf", s.csrf.Value)
	r := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(s.csrf)
	return s.do(r, who)
}

func (s *site) api(method, path, who, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-CSRF-Token", s.csrf.Value)
	r.AddCookie(s.csrf)
	return s.do(r, who)
}

func (s *site) upload(path, who string, file []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", s.csrf.Value)
	fw, _ := mw.CreateFormFile("file", "upload.xlsx")
	_, _ = fw.Write(file)
	_ = mw.Close()
	r := httptest.NewRequest("POST", path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(s.csrf)
	return s.do(r, who)
}

func (s *site) zh(key string, args ...any) string {
	return html.EscapeString(s.cat.T(web.LangZH, key, args...))
}

func workbook(t *testing.T, headers []string, rows ...[]any) []byte {
	t.Helper()
	var b bytes.Buffer
	err := xlsx.Export(&b, "Sheet1", headers, func(yield func([]any) error) error {
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
	return b.Bytes()
}

func wantStatus(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body:\n%.2000s", w.Code, status, w.Body.String())
	}
}

func wantBody(t *testing.T, w *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(w.Body.String(), p) {
			t.Fatalf("body lacks %q:\n%.3000s", p, w.Body.String())
		}
	}
}

// A county officer keys a lead, signs it, books funds and moves it on
// the pages; the bureau sees it in the pipeline, the rates and both
// workbooks, and hands it to the project library.
func TestPages(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		mu := "county:652328"
		wantStatus(t, s.get("/attraction", mu), http.StatusOK)
		wantStatus(t, s.get("/attraction/new", "leader"), http.StatusForbidden)

		// Bad input comes back on the form, 422, nothing stored.
		form := url.Values{"name": {"风电塔筒项目"}, "investor_name": {"某塔筒公司"}, "ownership": {"private"},
			"division_code": {"652328"}, "park_id": {strconv.FormatInt(s.f.parkM.ID, 10)}, "planned_investment": {"-5"}}
		w := s.post("/attraction/new", mu, form)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("projects.amount.negative"))
		if _, n, _ := s.f.svc.ListLeads(sysCtx(), LeadFilter{}); n != 0 {
			t.Fatal("refused lead stored")
		}
		form.Set("planned_investment", "50000")
		form.Set("stage_on", "2025-02-01")
		w = s.post("/attraction/new", mu, form)
		wantStatus(t, w, http.StatusSeeOther)
		path := w.Header().Get("Location")
		path = path[:strings.Index(path, "?")]
		w = s.get(path, mu)
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, "风电塔筒项目", s.zh("attraction.stage.clue"))

		// An increase before any signing is refused on the page.
		w = s.post(path+"/signings", mu, url.Values{"kind": {"increase"}, "signed_on": {"2025-03-01"}, "amount": {"10"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("attraction.signing.increase_first"))
		wantStatus(t, s.post(path+"/signings", mu, url.Values{"kind": {"contract"}, "signed_on": {"2025-03-01"}, "amount": {"50000"}}), http.StatusSeeOther)
		wantStatus(t, s.post(path+"/funds", mu, url.Values{"arrived_on": {"2025-04-01"}, "amount": {"10000"}, "official": {"1"}}), http.StatusSeeOther)
		wantStatus(t, s.post(path+"/stage", mu, url.Values{"stage": {"landed"}, "on": {"2025-05-01"}}), http.StatusSeeOther)
		w = s.post(path+"/stage", mu, url.Values{"stage": {"negotiate"}, "on": {"2025-05-02"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("attraction.stage.backward"))
		w = s.get(path, mu)
		wantBody(t, w, s.zh("attraction.stage.landed"), `data-testid="lead-convert"`, "10000.00")

		// Another county does not see it.
		wantStatus(t, s.get(path, "county:652301"), http.StatusNotFound)

		// Rates: 1 signed, landed 100 %, funds 10000 / 50000 = 20 %.
		w = s.get("/attraction/rates?year=2025&group=county", "bureau")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, "木垒哈萨克自治县", "100.0%", "20.0%", `data-testid="rule-form"`)
		// The bureau sets a floor above the lead's 50000万: it leaves the rates;
		// a duplicate date comes back on the page, 422.
		wantStatus(t, s.post("/attraction/rates/rules", mu, url.Values{"effective_from": {"2025-01-01"}, "floor": {"60000"}, "source": {"x"}}), http.StatusForbidden)
		wantStatus(t, s.post("/attraction/rates/rules", "bureau", url.Values{"effective_from": {"2025-01-01"}, "floor": {"60000"}, "source": {"示意"}}), http.StatusSeeOther)
		w = s.post("/attraction/rates/rules", "bureau", url.Values{"effective_from": {"2025-01-01"}, "floor": {"1"}, "source": {"x"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("attraction.rule.date_taken"))
		w = s.get("/attraction/rates?year=2025&group=county", "bureau")
		if strings.Contains(w.Body.String(), "木垒哈萨克自治县") {
			t.Fatal("a lead below the floor still counts")
		}

		// The pipeline and the ledger as workbooks.
		w = s.get("/attraction/pipeline.xlsx?stage=landed", "bureau")
		wantStatus(t, w, http.StatusOK)
		sh, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Rows) != 1 || sh.Header[0] != s.cat.T(web.LangZH, "attraction.field.name") {
			t.Fatalf("pipeline workbook %v %v", sh.Header, sh.Rows)
		}
		w = s.get("/attraction/funds.xlsx?year=2025", "bureau")
		wantStatus(t, w, http.StatusOK)
		if sh, err = xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits()); err != nil || len(sh.Rows) != 1 {
			t.Fatalf("funds workbook %v %v", err, sh)
		}
		wantBody(t, s.get("/attraction/funds", mu), "风电塔筒项目")
		wantBody(t, s.get("/attraction/funds?split=ownership", mu), s.zh("attraction.ownership.private"), "10000.00")

		// Hand-over to the library.
		w = s.post(path+"/project", mu, url.Values{})
		wantStatus(t, w, http.StatusSeeOther)
		wantBody(t, s.get(path, mu), `href="/projects/`)
		w = s.post(path+"/project", mu, url.Values{})
		wantStatus(t, w, http.StatusUnprocessableEntity)
	})
}

// Leads import all or nothing, with row and column named.
func TestImport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		headers := []string{"项目名称", "投资方", "投资方来源地", "引资类型", "行政区划代码", "拟落地园区", "产业集群", "计划投资（万元）",
			"阶段", "日期", "签约日期", "签约金额（万元）", "合同编号"}
		good := []any{"风电叶片项目", "某叶片公司", "江苏省", "民营", "", "木垒工业园区", "新能源新材料", "80000", "开工", "2025-05-01", "2025-03-01", "80000", "HT-1"}
		bad := []any{"番茄酱项目", "某食品公司", "福建省", "国企", "", "不存在的园区", "", "1000", "签约", "", "", "", ""}
		w := s.upload("/attraction/import", "bureau", workbook(t, headers, good, bad))
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("attraction.import.park_unknown"), s.zh("attraction.choice.bad"))
		if _, n, _ := s.f.svc.ListLeads(sysCtx(), LeadFilter{}); n != 0 {
			t.Fatalf("a refused import stored %d leads", n)
		}
		wantStatus(t, s.upload("/attraction/import", "leader", workbook(t, headers, good)), http.StatusForbidden)
		w = s.upload("/attraction/import", "bureau", workbook(t, headers, good))
		wantStatus(t, w, http.StatusSeeOther)
		ls, n, _ := s.f.svc.ListLeads(sysCtx(), LeadFilter{})
		if n != 1 || ls[0].Stage != StageStarted || ls[0].Contracted != projects.Wan(80000) || ls[0].DivisionCode != "652328" ||
			ls[0].ClusterID != s.f.clNE.ID || ls[0].FirstSignedOn.String() != "2025-03-01" {
			t.Fatalf("imported %+v", ls)
		}
		det := must(s.f.svc.GetLead(sysCtx(), ls[0].ID))
		if len(det.History) != 2 || det.History[0].Stage != StageSigned || det.History[1].On.String() != "2025-05-01" {
			t.Fatalf("history %+v", det.History)
		}
		wantStatus(t, s.get("/attraction/import/template.xlsx", "bureau"), http.StatusOK)
	})
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		body := `{"name":"番茄丁加工项目","investor_name":"某食品集团","investor_province":"福建省","ownership":"local_soe","park_id":` +
			strconv.FormatInt(s.f.parkC.ID, 10) + `,"planned_investment":"30000","stage":"negotiate","stage_on":"2025-02-01","illustrative":true}`
		w := s.api("POST", "/api/v1/attraction/leads", "bureau", body)
		wantStatus(t, w, http.StatusCreated)
		var l Lead
		if err := json.Unmarshal(w.Body.Bytes(), &l); err != nil || l.DivisionCode != "652301" || l.Planned != projects.Wan(30000) {
			t.Fatalf("created %v %+v", err, l)
		}
		id := strconv.FormatInt(l.ID, 10)
		wantStatus(t, s.api("POST", "/api/v1/attraction/leads", "bureau", `{"name":1}`), http.StatusUnprocessableEntity)
		w = s.api("POST", "/api/v1/attraction/leads/"+id+"/signings", "bureau", `{"kind":"framework","signed_on":"2025-03-01","amount":"30000"}`)
		wantStatus(t, w, http.StatusCreated)
		w = s.api("POST", "/api/v1/attraction/leads/"+id+"/signings", "bureau", `{"kind":"increase","signed_on":"2025-04-01","amount":"25000"}`)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantStatus(t, s.api("POST", "/api/v1/attraction/leads/"+id+"/funds", "bureau", `{"arrived_on":"2025-04-01","amount":"3000"}`), http.StatusCreated)
		wantStatus(t, s.api("POST", "/api/v1/attraction/leads/"+id+"/stage", "bureau", `{"stage":"landed","on":"2025-04-10"}`), http.StatusOK)
		w = s.api("POST", "/api/v1/attraction/leads/"+id+"/project", "bureau", "")
		wantStatus(t, w, http.StatusCreated)
		var p projects.Project
		_ = json.Unmarshal(w.Body.Bytes(), &p)
		w = s.get("/api/v1/attraction/projects/"+strconv.FormatInt(p.ID, 10)+"/lead", "bureau")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, `"id":`+id)
		w = s.get("/api/v1/attraction/rates?year=2025&group=park", "bureau")
		wantStatus(t, w, http.StatusOK)
		var rows []Rates
		if err := json.Unmarshal(w.Body.Bytes(), &rows); err != nil || len(rows) != 1 || rows[0].Landed != (Rate{1, 1}) || rows[0].Funds.String() != "10.0%" {
			t.Fatalf("rates %v %s", err, w.Body.String())
		}
		wantStatus(t, s.get("/api/v1/attraction/rates?as_of=2025-13-01", "bureau"), http.StatusUnprocessableEntity)
		w = s.get("/api/v1/attraction/leads/"+id, "county:652328")
		wantStatus(t, w, http.StatusNotFound)
		w = s.get("/api/v1/attraction/funds", "bureau")
		wantBody(t, w, `"total":1`)
		w = s.get("/api/v1/attraction/funds/totals?split=province", "bureau")
		wantBody(t, w, `"label":"福建省"`, `"official":"3000.00"`)
		w = s.get("/api/v1/attraction/stages", "bureau")
		wantBody(t, w, `{"stage":"landed","count":1}`)
		w = s.get("/api/v1/openapi.json", "")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, `"/api/v1/attraction/leads/{id}/project"`, `"/api/v1/attraction/rates"`, `"/api/v1/attraction/funds/totals"`)
		w = s.api("POST", "/api/v1/attraction/leads/import", "bureau", `{"rows":[{"lead":{"name":"x","investor_name":"y","ownership":"bad","division_code":"652301"}}]}`)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, "rows.1.ownership")
	})
}

// Every catalog key the code names exists in both languages, and every
// enum value has a label.
func TestLocale(t *testing.T) {
	cat, err := web.NewCatalog(Locale(), web.Locale(), projects.Locale(), xlsx.Locale())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	tpls, _ := filepath.Glob("templates/*.html")
	key := regexp.MustCompile(`"(attraction\.[a-z_]+\.[a-z_.]*[a-z])"`)
	for _, f := range append(files, tpls...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if !cat.Has(m[1]) {
				t.Errorf("%s: key %q missing from the catalog", f, m[1])
			}
		}
	}
	var want []string
	for _, v := range Stages() {
		want = append(want, "attraction.stage."+string(v))
	}
	for _, v := range Ownerships() {
		want = append(want, "attraction.ownership."+string(v))
	}
	for _, v := range SigningKinds() {
		want = append(want, "attraction.signing.kind."+string(v))
	}
	for _, v := range Exclusions() {
		want = append(want, "attraction.exclusion."+string(v))
	}
	for _, v := range FundSplits() {
		want = append(want, "attraction.split."+string(v))
	}
	for _, v := range Groupings() {
		want = append(want, "attraction.group."+string(v))
	}
	for _, k := range want {
		if !cat.Has(k) {
			t.Errorf("no label %s", k)
		}
	}
}
