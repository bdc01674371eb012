package escalation

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

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
	rd, err := web.NewRenderer(cat, assets, []web.NavItem{projects.Nav()}, log,
		web.TemplateSet{Component: "xlsx", FS: xlsx.Templates(), Shared: true}, projects.Templates(), Templates())
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{Version: "test"}, rd, assets, testAuth{}, log)
	projects.NewHTTP(f.proj).Register(srv)
	NewHTTP(f.svc, f.proj).Register(srv)
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

// zh is the Chinese text of a catalog key, as the pages print it (escaped).
func (s *site) zh(key string, args ...any) string {
	return html.EscapeString(s.cat.T("zh-CN", key, args...))
}

func wantCode(t *testing.T, w *httptest.ResponseRecorder, code int) {
	t.Helper()
	if w.Code != code {
		t.Fatalf("status %d, want %d: %s", w.Code, code, w.Body.String())
	}
}

func wantBody(t *testing.T, w *httptest.ResponseRecorder, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(w.Body.String(), p) {
			t.Fatalf("body lacks %q:\n%s", p, w.Body.String())
		}
	}
}

func TestPagesWalkThrough(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		who := "county:652327"
		pid := strconv.FormatInt(s.f.projJ.ID, 10)
		wantCode(t, s.get("/project-issues/new?project="+pid, who), http.StatusOK)
		// Bad input: deadline before the raised day, empty description; nothing saved.
		form := url.Values{"project_id": {pid}, "category": {"land"}, "description": {""}, "raised_on": {"2025-06-10"},
			"deadline": {"2025-06-09"}}
		w := s.post("/project-issues/new", who, form)
		wantCode(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("escalation.error.deadline_before_raised", "2025-06-10"), s.zh("shell.form.required"))
		if _, n := must2(s.f.svc.List(sysCtx(), Filter{})); n != 0 {
			t.Fatalf("%d items after a refused form", n)
		}
		form.Set("description", "项目用地指标未落实")
		form.Set("deadline", "2025-06-12")
		form.Set("responsible_org_id", strconv.FormatInt(s.f.unitJ.ID, 10))
		w = s.post("/project-issues/new", who, form)
		wantCode(t, w, http.StatusSeeOther)
		loc := w.Header().Get("Location")
		if !strings.HasPrefix(loc, "/project-issues/") {
			t.Fatalf("redirect to %q", loc)
		}
		path := strings.SplitN(loc, "?", 2)[0]
		w = s.get(path, who)
		wantCode(t, w, http.StatusOK)
		wantBody(t, w, `href="/projects/`+pid+`"`, "项目用地指标未落实", "昌州项目督〔2025〕1号", s.zh("escalation.status.pending"))
		// Closing without a resolution note: 422, status unchanged.
		w = s.post(path+"/move", who, url.Values{"to": {"resolved"}, "on": {"2025-06-14"}})
		wantCode(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, s.zh("escalation.error.resolution_required"))
		wantCode(t, s.post(path+"/move", who, url.Values{"to": {"coordinating"}, "on": {"2025-06-11"}}), http.StatusSeeOther)
		// The notice prints the number, problem, unit, deadline, issuer and the 交办 day.
		w = s.get(path+"/notice", who)
		wantCode(t, w, http.StatusOK)
		wantBody(t, w, "昌州项目督〔2025〕1号", "吉木萨尔县自然资源局", "2025-06-12", "2025-06-11", "昌吉州重点项目建设工作领导小组办公室",
			s.zh("escalation.notice.standard_requirements", "2025-06-12"))
		// Other counties do not see it.
		wantCode(t, s.get(path, "county:652328"), http.StatusNotFound)
		wantCode(t, s.get(path+"/notice", "county:652328"), http.StatusNotFound)
		// Leaders read but have no forms.
		w = s.get(path, "leader")
		wantCode(t, w, http.StatusOK)
		if strings.Contains(w.Body.String(), `data-testid="move-form"`) {
			t.Fatal("leader sees the move form")
		}
		wantCode(t, s.get("/project-issues/new", "leader"), http.StatusForbidden)
		// The list, filtered to overdue once the deadline has passed.
		s.f.now = time.Date(2025, 6, 20, 9, 0, 0, 0, cst)
		w = s.get("/project-issues?overdue=1", who)
		wantCode(t, w, http.StatusOK)
		wantBody(t, w, s.zh("escalation.overdue_days", 8), s.zh("escalation.total", 1))
		// The meeting view and its workbook.
		w = s.get("/project-issues/meeting?month=2025-06", "bureau")
		wantCode(t, w, http.StatusOK)
		wantBody(t, w, `data-testid="kpi-overdue">1<`, "吉木萨尔县", "吉木萨尔县自然资源局")
		// A malformed month on a page without a form is the platform's 400 with the message.
		w = s.get("/project-issues/meeting?month=2025-13", "bureau")
		wantCode(t, w, http.StatusBadRequest)
		wantBody(t, w, s.zh("escalation.error.month"))
		w = s.get("/project-issues/meeting.xlsx?month=2025-06", "bureau")
		wantCode(t, w, http.StatusOK)
		sh, err := xlsx.Read(w.Body, xlsx.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Rows) != 1 || sh.Header[0] != s.cat.T("zh-CN", "escalation.field.notice_no") || sh.Rows[0][0] != "昌州项目督〔2025〕1号" ||
			sh.Rows[0][1] != "吉木萨尔县" || sh.Rows[0][11] != "8" {
			t.Fatalf("workbook %v %v", sh.Header, sh.Rows)
		}
		// Settings are the bureau's.
		wantCode(t, s.get("/project-issues/settings", who), http.StatusForbidden)
		wantCode(t, s.post("/project-issues/settings", "bureau", url.Values{"notice_prefix": {""}, "issuing_unit": {"x"}}), http.StatusUnprocessableEntity)
		wantCode(t, s.post("/project-issues/settings", "bureau", url.Values{"notice_prefix": {"昌州发改督"}, "issuing_unit": {"昌吉州发展和改革委员会"}}), http.StatusSeeOther)
		wantBody(t, s.get(path+"/notice", who), "昌州发改督〔2025〕1号")
	})
}

// A problem from a monthly report: the form takes the report's 存在问题.
func TestFromReport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		rep := must(s.f.proj.SubmitReport(sysCtx(), projects.ReportInput{ProjectID: s.f.projJ.ID, Month: "2025-05",
			PhysicalAmount: "100", StatsAmount: "100", Problems: "110千伏送出线路未核准"}))
		w := s.get("/project-issues/new?project="+strconv.FormatInt(s.f.projJ.ID, 10)+"&report="+strconv.FormatInt(rep.ID, 10), "bureau")
		wantCode(t, w, http.StatusOK)
		wantBody(t, w, "110千伏送出线路未核准", `name="report_id" value="`+strconv.FormatInt(rep.ID, 10)+`"`)
		// The inbox of the list page offers it until an item is raised from it.
		w = s.get("/project-issues", "county:652327")
		wantBody(t, w, `data-testid="untracked-row"`, "110千伏送出线路未核准")
		if strings.Contains(s.get("/project-issues", "county:652328").Body.String(), "110千伏送出线路未核准") {
			t.Fatal("another county sees the report's problem")
		}
		_ = must(s.f.svc.Create(bureauCtx(), IssueInput{ProjectID: s.f.projJ.ID, ReportID: rep.ID, Category: "approval",
			Description: "110千伏送出线路未核准", Deadline: "2025-07-31"}))
		// A correction of the month (revision 2) does not bring it back.
		s.f.now = time.Date(2025, 6, 16, 9, 0, 0, 0, cst)
		_ = must(s.f.proj.SubmitReport(sysCtx(), projects.ReportInput{ProjectID: s.f.projJ.ID, Month: "2025-05",
			PhysicalAmount: "120", StatsAmount: "100", Problems: "110千伏送出线路未核准"}))
		w = s.api("GET", "/api/v1/project-issues/untracked-reports", "bureau", "")
		wantCode(t, w, http.StatusOK)
		if strings.TrimSpace(w.Body.String()) != "[]" {
			t.Fatalf("untracked after the item: %s", w.Body.String())
		}
	})
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		who := "county:652327"
		body := `{"project_id": ` + strconv.FormatInt(s.f.projJ.ID, 10) + `, "category": "utilities", "description": "施工用电未接入",
			"raised_on": "2025-06-01", "deadline": "2025-06-30", "responsible_unit": "国网吉木萨尔县供电公司"}`
		w := s.api("POST", "/api/v1/project-issues", who, body)
		wantCode(t, w, http.StatusCreated)
		var i Issue
		if err := json.Unmarshal(w.Body.Bytes(), &i); err != nil {
			t.Fatal(err)
		}
		if i.Status != StatusPending || i.ResponsibleUnit != "国网吉木萨尔县供电公司" || i.NoticeNo != "昌州项目督〔2025〕1号" {
			t.Fatalf("created %+v", i)
		}
		id := strconv.FormatInt(i.ID, 10)
		// Bad input: 422 with field keys, wrong JSON types and unknown fields included.
		w = s.api("POST", "/api/v1/project-issues", who, `{"project_id": 99999, "category": "land", "description": "", "deadline": "2025-06-30"}`)
		wantCode(t, w, http.StatusUnprocessableEntity)
		wantBody(t, w, "project_id", "description")
		wantBody(t, s.api("POST", "/api/v1/project-issues", who, `{"project_id": "x"}`), "shell.api.wrong_type")
		wantBody(t, s.api("POST", "/api/v1/project-issues", who, `{"nonsense": 1}`), "shell.api.unknown_field")
		wantBody(t, s.api("POST", "/api/v1/project-issues", who, `{"description": `), "shell.api.bad_json")
		// Moves.
		wantCode(t, s.api("POST", "/api/v1/project-issues/"+id+"/moves", who, `{"to": "resolved", "on": "2025-06-10"}`), http.StatusUnprocessableEntity)
		wantCode(t, s.api("POST", "/api/v1/project-issues/"+id+"/moves", who, `{"to": "escalated", "on": "2025-06-10", "level": "prefecture", "note": "需州级协调"}`), http.StatusOK)
		wantCode(t, s.api("PATCH", "/api/v1/project-issues/"+id, who, `{"deadline": "2025-07-15"}`), http.StatusOK)
		w = s.api("GET", "/api/v1/project-issues/"+id, who, "")
		wantCode(t, w, http.StatusOK)
		var det IssueDetail
		if err := json.Unmarshal(w.Body.Bytes(), &det); err != nil {
			t.Fatal(err)
		}
		wantBody(t, w, `"deadline":"2025-07-15"`, `"raised_on":"2025-06-01"`, `"resolved_on":null`)
		if det.Status != StatusEscalated || det.Level != LevelPrefecture || det.Deadline.String() != "2025-07-15" || len(det.History) != 2 {
			t.Fatalf("detail %+v", det)
		}
		wantCode(t, s.api("GET", "/api/v1/project-issues/"+id, "county:652328", ""), http.StatusNotFound)
		wantCode(t, s.api("POST", "/api/v1/project-issues/"+id+"/moves", "leader", `{"to": "resolved", "note": "x"}`), http.StatusForbidden)
		w = s.api("GET", "/api/v1/project-issues?status=open", "enterprise:"+strconv.FormatInt(s.f.orgJ.ID, 10), "")
		wantCode(t, w, http.StatusOK)
		wantBody(t, w, `"total":1`)
		wantBody(t, s.api("GET", "/api/v1/project-issues", "enterprise:"+strconv.FormatInt(s.f.orgM.ID, 10), ""), `"total":0`)
		w = s.api("GET", "/api/v1/project-issues/meeting?month=2025-06", "bureau", "")
		wantCode(t, w, http.StatusOK)
		var m Meeting
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		if m.Total.Open != 1 || len(m.ByCounty) != 1 || m.ByUnit[0].Name != "国网吉木萨尔县供电公司" {
			t.Fatalf("meeting %+v", m)
		}
		w = s.api("GET", "/api/v1/project-issues/"+id+"/notice", who, "")
		wantCode(t, w, http.StatusOK)
		wantBody(t, w, "昌州项目督〔2025〕1号")
		wantCode(t, s.api("PUT", "/api/v1/project-issues/settings", who, `{"notice_prefix": "x", "issuing_unit": "y"}`), http.StatusForbidden)
	})
}

// Every route of the package is in the API document, dates as dates.
func TestOpenAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		w := s.get("/api/v1/openapi.json", "bureau")
		wantCode(t, w, http.StatusOK)
		var doc struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for path, methods := range map[string][]string{
			"/api/v1/project-issues":             {"get", "post"},
			"/api/v1/project-issues/{id}":        {"get", "put", "patch"},
			"/api/v1/project-issues/{id}/moves":  {"post"},
			"/api/v1/project-issues/{id}/notice": {"get"},
			"/api/v1/project-issues/meeting":     {"get"},
			"/api/v1/project-issues/settings":    {"get", "put"},
		} {
			for _, m := range methods {
				if _, ok := doc.Paths[path][m]; !ok {
					t.Errorf("API document lacks %s %s", m, path)
				}
			}
		}
		wantBody(t, w, `"format":"date"`)
	})
}
