package escalation

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/web/webtest"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/changji-gov/bogda/internal/projects"
)

// site is the component behind a real web.Server (platform/web/webtest).
type site struct {
	*webtest.Site
	f *fixture
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	f := newFixture(t, d)
	ws := webtest.New(t, webtest.Options{Bureau: access.RoleBureauDev, Locales: []fs.FS{projects.Locale(), Locale()},
		Templates: []web.TemplateSet{projects.Templates(), Templates()}, Nav: []web.NavItem{projects.Nav()},
		Register: func(srv *web.Server) { projects.NewHTTP(f.proj).Register(srv); NewHTTP(f.svc, f.proj).Register(srv) }})
	return &site{Site: ws, f: f}
}

func TestPagesWalkThrough(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		who := "county:652327"
		pid := strconv.FormatInt(s.f.projJ.ID, 10)
		webtest.WantStatus(t, s.Get("/project-issues/new?project="+pid, who), http.StatusOK)
		// Bad input: deadline before the raised day, empty description; nothing saved.
		form := url.Values{"project_id": {pid}, "category": {"land"}, "description": {""}, "raised_on": {"2025-06-10"},
			"deadline": {"2025-06-09"}}
		w := s.Post("/project-issues/new", who, form)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("escalation.error.deadline_before_raised", "2025-06-10"), s.ZH("shell.form.required"))
		if _, n := must2(s.f.svc.List(sysCtx(), Filter{})); n != 0 {
			t.Fatalf("%d items after a refused form", n)
		}
		form.Set("description", "项目用地指标未落实")
		form.Set("deadline", "2025-06-12")
		form.Set("responsible_org_id", strconv.FormatInt(s.f.unitJ.ID, 10))
		w = s.Post("/project-issues/new", who, form)
		webtest.WantStatus(t, w, http.StatusSeeOther)
		loc := w.Header().Get("Location")
		if !strings.HasPrefix(loc, "/project-issues/") {
			t.Fatalf("redirect to %q", loc)
		}
		path := strings.SplitN(loc, "?", 2)[0]
		w = s.Get(path, who)
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `href="/projects/`+pid+`"`, "项目用地指标未落实", "昌州项目督〔2025〕1号", s.ZH("escalation.status.pending"))
		// Closing without a resolution note: 422, status unchanged.
		w = s.Post(path+"/move", who, url.Values{"to": {"resolved"}, "on": {"2025-06-14"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("escalation.error.resolution_required"))
		webtest.WantStatus(t, s.Post(path+"/move", who, url.Values{"to": {"coordinating"}, "on": {"2025-06-11"}}), http.StatusSeeOther)
		// The notice prints the number, problem, unit, deadline, issuer and the 交办 day.
		w = s.Get(path+"/notice", who)
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "昌州项目督〔2025〕1号", "吉木萨尔县自然资源局", "2025-06-12", "2025-06-11", "昌吉州重点项目建设工作领导小组办公室",
			s.ZH("escalation.notice.standard_requirements", "2025-06-12"))
		// Other counties do not see it.
		webtest.WantStatus(t, s.Get(path, "county:652328"), http.StatusNotFound)
		webtest.WantStatus(t, s.Get(path+"/notice", "county:652328"), http.StatusNotFound)
		// Leaders read but have no forms.
		w = s.Get(path, "leader")
		webtest.WantStatus(t, w, http.StatusOK)
		if strings.Contains(w.Body.String(), `data-testid="move-form"`) {
			t.Fatal("leader sees the move form")
		}
		webtest.WantStatus(t, s.Get("/project-issues/new", "leader"), http.StatusForbidden)
		// The list, filtered to overdue once the deadline has passed.
		s.f.now = time.Date(2025, 6, 20, 9, 0, 0, 0, cst)
		w = s.Get("/project-issues?overdue=1", who)
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, s.ZH("escalation.overdue_days", 8), s.ZH("escalation.total", 1))
		// The meeting view and its workbook.
		w = s.Get("/project-issues/meeting?month=2025-06", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `data-testid="kpi-overdue">1<`, "吉木萨尔县", "吉木萨尔县自然资源局")
		// A malformed month on a page without a form is the platform's 400 with the message.
		w = s.Get("/project-issues/meeting?month=2025-13", "bureau")
		webtest.WantStatus(t, w, http.StatusBadRequest)
		webtest.WantBody(t, w, s.ZH("escalation.error.month"))
		w = s.Get("/project-issues/meeting.xlsx?month=2025-06", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		sh, err := xlsx.Read(w.Body, xlsx.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Rows) != 1 || sh.Header[0] != s.Cat.T("zh-CN", "escalation.field.notice_no") || sh.Rows[0][0] != "昌州项目督〔2025〕1号" ||
			sh.Rows[0][1] != "吉木萨尔县" || sh.Rows[0][11] != "8" {
			t.Fatalf("workbook %v %v", sh.Header, sh.Rows)
		}
		// Settings are the bureau's.
		webtest.WantStatus(t, s.Get("/project-issues/settings", who), http.StatusForbidden)
		webtest.WantStatus(t, s.Post("/project-issues/settings", "bureau", url.Values{"notice_prefix": {""}, "issuing_unit": {"x"}}), http.StatusUnprocessableEntity)
		webtest.WantStatus(t, s.Post("/project-issues/settings", "bureau", url.Values{"notice_prefix": {"昌州发改督"}, "issuing_unit": {"昌吉州发展和改革委员会"}}), http.StatusSeeOther)
		webtest.WantBody(t, s.Get(path+"/notice", who), "昌州发改督〔2025〕1号")
	})
}

// A problem from a monthly report: the form takes the report's 存在问题.
func TestFromReport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		rep := must(s.f.proj.SubmitReport(sysCtx(), projects.ReportInput{ProjectID: s.f.projJ.ID, Month: "2025-05",
			PhysicalAmount: "100", StatsAmount: "100", Problems: "110千伏送出线路未核准"}))
		w := s.Get("/project-issues/new?project="+strconv.FormatInt(s.f.projJ.ID, 10)+"&report="+strconv.FormatInt(rep.ID, 10), "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "110千伏送出线路未核准", `name="report_id" value="`+strconv.FormatInt(rep.ID, 10)+`"`)
		// The inbox of the list page offers it until an item is raised from it.
		w = s.Get("/project-issues", "county:652327")
		webtest.WantBody(t, w, `data-testid="untracked-row"`, "110千伏送出线路未核准")
		if strings.Contains(s.Get("/project-issues", "county:652328").Body.String(), "110千伏送出线路未核准") {
			t.Fatal("another county sees the report's problem")
		}
		_ = must(s.f.svc.Create(bureauCtx(), IssueInput{ProjectID: s.f.projJ.ID, ReportID: rep.ID, Category: "approval",
			Description: "110千伏送出线路未核准", Deadline: "2025-07-31"}))
		// A correction of the month (revision 2) does not bring it back.
		s.f.now = time.Date(2025, 6, 16, 9, 0, 0, 0, cst)
		_ = must(s.f.proj.SubmitReport(sysCtx(), projects.ReportInput{ProjectID: s.f.projJ.ID, Month: "2025-05",
			PhysicalAmount: "120", StatsAmount: "100", Problems: "110千伏送出线路未核准"}))
		w = s.API("GET", "/api/v1/project-issues/untracked-reports", "bureau", "")
		webtest.WantStatus(t, w, http.StatusOK)
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
		w := s.API("POST", "/api/v1/project-issues", who, body)
		webtest.WantStatus(t, w, http.StatusCreated)
		var i Issue
		if err := json.Unmarshal(w.Body.Bytes(), &i); err != nil {
			t.Fatal(err)
		}
		if i.Status != StatusPending || i.ResponsibleUnit != "国网吉木萨尔县供电公司" || i.NoticeNo != "昌州项目督〔2025〕1号" {
			t.Fatalf("created %+v", i)
		}
		id := strconv.FormatInt(i.ID, 10)
		// Bad input: 422 with field keys, wrong JSON types and unknown fields included.
		w = s.API("POST", "/api/v1/project-issues", who, `{"project_id": 99999, "category": "land", "description": "", "deadline": "2025-06-30"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "project_id", "description")
		webtest.WantBody(t, s.API("POST", "/api/v1/project-issues", who, `{"project_id": "x"}`), "shell.api.wrong_type")
		webtest.WantBody(t, s.API("POST", "/api/v1/project-issues", who, `{"nonsense": 1}`), "shell.api.unknown_field")
		webtest.WantBody(t, s.API("POST", "/api/v1/project-issues", who, `{"description": `), "shell.api.bad_json")
		// Moves.
		webtest.WantStatus(t, s.API("POST", "/api/v1/project-issues/"+id+"/moves", who, `{"to": "resolved", "on": "2025-06-10"}`), http.StatusUnprocessableEntity)
		webtest.WantStatus(t, s.API("POST", "/api/v1/project-issues/"+id+"/moves", who, `{"to": "escalated", "on": "2025-06-10", "level": "prefecture", "note": "需州级协调"}`), http.StatusOK)
		webtest.WantStatus(t, s.API("PATCH", "/api/v1/project-issues/"+id, who, `{"deadline": "2025-07-15"}`), http.StatusOK)
		w = s.API("GET", "/api/v1/project-issues/"+id, who, "")
		webtest.WantStatus(t, w, http.StatusOK)
		var det IssueDetail
		if err := json.Unmarshal(w.Body.Bytes(), &det); err != nil {
			t.Fatal(err)
		}
		webtest.WantBody(t, w, `"deadline":"2025-07-15"`, `"raised_on":"2025-06-01"`, `"resolved_on":null`)
		if det.Status != StatusEscalated || det.Level != LevelPrefecture || det.Deadline.String() != "2025-07-15" || len(det.History) != 2 {
			t.Fatalf("detail %+v", det)
		}
		webtest.WantStatus(t, s.API("GET", "/api/v1/project-issues/"+id, "county:652328", ""), http.StatusNotFound)
		webtest.WantStatus(t, s.API("POST", "/api/v1/project-issues/"+id+"/moves", "leader", `{"to": "resolved", "note": "x"}`), http.StatusForbidden)
		w = s.API("GET", "/api/v1/project-issues?status=open", "enterprise:"+strconv.FormatInt(s.f.orgJ.ID, 10), "")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"total":1`)
		webtest.WantBody(t, s.API("GET", "/api/v1/project-issues", "enterprise:"+strconv.FormatInt(s.f.orgM.ID, 10), ""), `"total":0`)
		w = s.API("GET", "/api/v1/project-issues/meeting?month=2025-06", "bureau", "")
		webtest.WantStatus(t, w, http.StatusOK)
		var m Meeting
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		if m.Total.Open != 1 || len(m.ByCounty) != 1 || m.ByUnit[0].Name != "国网吉木萨尔县供电公司" {
			t.Fatalf("meeting %+v", m)
		}
		w = s.API("GET", "/api/v1/project-issues/"+id+"/notice", who, "")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "昌州项目督〔2025〕1号")
		webtest.WantStatus(t, s.API("PUT", "/api/v1/project-issues/settings", who, `{"notice_prefix": "x", "issuing_unit": "y"}`), http.StatusForbidden)
	})
}

// Every route of the package is in the API document, dates as dates.
func TestOpenAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		w := s.Get("/api/v1/openapi.json", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
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
		webtest.WantBody(t, w, `"format":"date"`)
	})
}
