package parkstats

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
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
// projects): the X-Test-User header names a principal — "bureau",
// "leader", "county:<code>", "enterprise:<org id>".
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

func id(n int64) string { return strconv.FormatInt(n, 10) }

// County staff enter a month on the form, the bureau enters the prefecture
// total, and the table shows share and rank; the export is a workbook.
func TestTablePagesAndExport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		f := s.f
		wantStatus(t, s.get("/park-stats/figures/new", "county:652327"), http.StatusOK)
		wantStatus(t, s.get("/park-stats/figures/new", "leader"), http.StatusForbidden)
		// Refused: negative value, the form comes back with the message.
		w := s.post("/park-stats/figures", "county:652327", url.Values{"park_id": {id(f.parkJ.ID)}, "kind": {"month"}, "period": {"2025-05"},
			"stat_scope": {"above_scale"}, "added_value": {"-1"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("projects.amount.negative"))
		w = s.post("/park-stats/figures", "county:652327", url.Values{"park_id": {id(f.parkJ.ID)}, "kind": {"month"}, "period": {"2025-05"},
			"stat_scope": {"above_scale"}, "added_value": {"13000"}, "gross_output": {"50000"}})
		wantStatus(t, w, http.StatusSeeOther)
		// The bureau's prefecture figure (park 0 = the prefecture).
		w = s.post("/park-stats/figures", "bureau", url.Values{"park_id": {"0"}, "kind": {"month"}, "period": {"2025-05"},
			"stat_scope": {"above_scale"}, "added_value": {"16666.67"}})
		wantStatus(t, w, http.StatusSeeOther)
		w = s.get("/park-stats?kind=month&period=2025-05", "bureau")
		wantStatus(t, w, http.StatusOK)
		// 13000 / 16666.67 = 78.00 %.
		wantBody(t, w, "78.00", f.parkJ.Name, s.zh("parkstats.row.prefecture"))
		w = s.get("/park-stats/table.xlsx?kind=month&period=2025-05", "bureau")
		wantStatus(t, w, http.StatusOK)
		sheet, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(sheet.Rows) != 4 {
			t.Fatalf("export rows %d", len(sheet.Rows))
		}
		// Park detail with its series and the revision history.
		wantStatus(t, s.get("/park-stats/parks/"+id(f.parkJ.ID)+"?kind=month&period=2025-05", "county:652327"), http.StatusOK)
		wantStatus(t, s.get("/park-stats/parks/"+id(f.parkJ.ID), "county:652328"), http.StatusNotFound)
		w = s.get("/api/v1/park-stats/parks/"+id(f.parkJ.ID)+"/series?kind=month", "bureau")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, `"period":"2025-05"`, `"added_value":13000`)
		// JSON table.
		w = s.get("/api/v1/park-stats/table?kind=month&period=2025-05&rank_by=gross_output", "leader")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, `"rank_by":"gross_output"`, `"share_bp":7800`)
		wantStatus(t, s.get("/api/v1/park-stats/table?kind=month&period=2025-13", "leader"), http.StatusUnprocessableEntity)
		// Every route is in the OpenAPI document.
		w = s.get("/api/v1/openapi.json", "leader")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, "/api/v1/park-stats/table", "/api/v1/park-stats/mujun/sheets/{id}/evaluate", "/api/v1/park-stats/targets/{id}/progress")
	})
}

func TestImportPage(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		head := []string{"园区", "统计期", "统计口径", "工业增加值（万元）", "Gross industrial output (10k yuan)"}
		bad := workbook(t, head,
			[]any{s.f.parkJ.Name, "2025-05", "规上", "100", "300"},
			[]any{"没有这个园区", "2025-05", "规上", "100", ""},
			[]any{s.f.parkM.Name, "2025-05", "above_scale", "-1", ""})
		w := s.upload("/park-stats/import", "bureau", bad)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("parkstats.park.unknown"), s.zh("projects.amount.negative"))
		if n := countRows(t, d, "parkstats_figures"); n != 0 {
			t.Fatalf("refused import stored %d", n)
		}
		good := workbook(t, head,
			[]any{s.f.parkJ.Name, "2025-05", "规上", "100", "300"},
			[]any{s.f.parkM.Name, "2025/4/1", "全口径", "50", ""})
		wantStatus(t, s.upload("/park-stats/import", "bureau", good), http.StatusSeeOther)
		if n := countRows(t, d, "parkstats_figures"); n != 2 {
			t.Fatalf("imported %d", n)
		}
		w = s.api("POST", "/api/v1/park-stats/figures/import", "bureau",
			`{"rows":[{"park_id":`+id(s.f.parkJ.ID)+`,"kind":"month","period":"2099-01","stat_scope":"all","tax":"1"}]}`)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, "rows.1.period")
		wantStatus(t, s.get("/park-stats/import", "bureau"), http.StatusOK)
		wantStatus(t, s.get("/park-stats/import/template.xlsx", "bureau"), http.StatusOK)
	})
}

func TestHighTechMujunTargetPages(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		f := s.f
		w := s.post("/park-stats/high-tech", "county:652327", url.Values{"org_id": {id(f.orgJ.ID)}, "cert_no": {"GR202365000001"}, "issued_on": {"2023-12-02"}})
		wantStatus(t, w, http.StatusSeeOther)
		w = s.post("/park-stats/high-tech", "county:652327", url.Values{"org_id": {id(f.orgJ.ID)}, "cert_no": {"GR202365000001"}, "issued_on": {"2023-12-02"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("parkstats.cert.duplicate"))
		w = s.get("/park-stats/high-tech?valid_on=2024-01-01", "bureau")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, "GR202365000001", "100.00")
		w = s.get("/api/v1/park-stats/high-tech/counts?day=2023-12-01", "bureau")
		wantBody(t, w, `"prefecture":0`)
		w = s.get("/park-stats/high-tech.xlsx?valid_on=2024-01-01", "county:652327")
		wantStatus(t, w, http.StatusOK)
		if sh, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits()); err != nil || len(sh.Rows) != 1 {
			t.Fatalf("certificate workbook: %v", err)
		}

		// A sheet through the form, figures, the evaluation, the results.
		w = s.post("/park-stats/mujun/sheets", "bureau", url.Values{"year": {"2024"}, "population": {"above"}, "name": {"规上"},
			"method": {"rank"}, "exempt_grade": {"B"}, "w_tax_per_mu": {"100"}, "b_tax_per_mu": {"10"},
			"grade_1": {"A"}, "bound_1": {"25"}, "grade_2": {"B"}, "bound_2": {"70"}, "grade_3": {"C"}, "bound_3": {"95"}, "grade_4": {"D"}, "bound_4": {"100"}})
		wantStatus(t, w, http.StatusSeeOther)
		sheets := must(f.svc.ListSheets(sysCtx(), 2024))
		if len(sheets) != 1 || len(sheets[0].Lines) != 1 || len(sheets[0].Bands) != 4 {
			t.Fatalf("sheets %+v", sheets)
		}
		w = s.post("/park-stats/mujun/sheets", "bureau", url.Values{"year": {"2024"}, "population": {"above"}, "name": {"x"},
			"method": {"rank"}, "exempt_grade": {"B"}, "w_tax_per_mu": {"100"}, "b_tax_per_mu": {"10"}, "grade_1": {"A"}, "bound_1": {"50"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("parkstats.mj.bands_bad"))
		shID := id(sheets[0].ID)
		// Evaluating with no figures is a clear refusal.
		w = s.post("/park-stats/mujun/sheets/"+shID+"/evaluate", "bureau", url.Values{})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("parkstats.mj.no_inputs"))
		w = s.post("/park-stats/mujun/inputs", "county:652327", url.Values{"org_id": {id(f.orgJ.ID)}, "year": {"2024"}, "population": {"above"}, "tax": {"20"}, "land_mu": {"10"}})
		wantStatus(t, w, http.StatusSeeOther)
		wantStatus(t, s.post("/park-stats/mujun/sheets/"+shID+"/evaluate", "county:652327", url.Values{}), http.StatusForbidden)
		wantStatus(t, s.post("/park-stats/mujun/sheets/"+shID+"/evaluate", "bureau", url.Values{}), http.StatusSeeOther)
		w = s.get("/park-stats/mujun?sheet="+shID, "enterprise:"+id(f.orgJ.ID))
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, f.orgJ.Name, "20.00")
		wantStatus(t, s.get("/park-stats/mujun/sheets/"+shID+"/results.xlsx", "bureau"), http.StatusOK)
		w = s.get("/api/v1/park-stats/mujun/sheets/"+shID+"/results", "county:652328")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, "[]")

		// Targets: create on the form, progress through the API.
		w = s.post("/park-stats/targets", "county:652328", url.Values{"name": {"新能源装备制造产值"}, "division_code": {"652328"},
			"target_value": {"1000000"}, "due_year": {"2025"}})
		wantStatus(t, w, http.StatusSeeOther)
		ts := must(f.svc.Targets(sysCtx()))
		w = s.api("POST", "/api/v1/park-stats/targets/"+id(ts[0].ID)+"/progress", "county:652328", `{"as_of":"2024-12-31","actual":"600000"}`)
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, `"progress_bp":6000`)
		w = s.post("/park-stats/targets/"+id(ts[0].ID)+"/progress", "county:652328", url.Values{"as_of": {"2030-01-01"}, "actual": {"1"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("parkstats.period.future"))
		w = s.get("/park-stats/targets", "leader")
		wantStatus(t, w, http.StatusOK)
		wantBody(t, w, "新能源装备制造产值", "60.00")
		// A certificate entered in error is deleted from its row; not by another county.
		c := must2first(f.svc.ListCertificates(sysCtx(), CertFilter{}))
		wantStatus(t, s.post("/park-stats/high-tech/"+id(c.ID)+"/delete", "county:652328", url.Values{}), http.StatusNotFound)
		wantStatus(t, s.post("/park-stats/high-tech/"+id(c.ID)+"/delete", "county:652327", url.Values{}), http.StatusSeeOther)
	})
}
