package projects

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/web/webtest"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// site is the component behind a real web.Server (platform/web/webtest).
type site struct {
	*webtest.Site
	f *fixture
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	f := newFixture(t, d)
	ws := webtest.New(t, webtest.Options{Bureau: access.RoleBureauDev, Locales: []fs.FS{Locale()},
		Templates: []web.TemplateSet{Templates()}, Nav: []web.NavItem{Nav()},
		Register: func(srv *web.Server) { NewHTTP(f.svc).Register(srv) }})
	return &site{Site: ws, f: f}
}

// An enterprise reports a month on the project page and the bureau sees
// the project's light change on the dispatch table (issue 3, "done when").
func TestReportPageChangesLight(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		pj, _, l := dispatchFixture(t, s.f)
		ent := "enterprise:" + strconv.FormatInt(s.f.orgJ.ID, 10)
		dispatch := "/projects?group=project&month=2025-06&list=" + strconv.FormatInt(l.ID, 10)

		// Before any report: J has no light yet.
		w := s.Get(dispatch, "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, pj.Name, s.ZH("projects.colour.none"))

		// The enterprise sees its project page with the form, not M's page.
		webtest.WantStatus(t, s.Get("/projects/"+strconv.FormatInt(pj.ID, 10), ent), http.StatusOK)
		webtest.WantStatus(t, s.Get("/projects/"+strconv.FormatInt(pj.ID+1, 10), ent), http.StatusNotFound)

		// A negative amount comes back on the form, 422, nothing stored.
		path := "/projects/" + strconv.FormatInt(pj.ID, 10) + "/reports"
		w = s.Post(path, ent, url.Values{"month": {"2025-06"}, "physical_amount": {"-3"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.amount.negative"))
		if rs := must(s.f.svc.Reports(sysCtx(), pj.ID, true)); len(rs) != 0 {
			t.Fatalf("refused report stored: %+v", rs)
		}

		// 200 of 1200 by June: 16.7 % against 50 %, −33.3 pp: red.
		w = s.Post(path, ent, url.Values{"month": {"2025-06"}, "physical_amount": {"200"}, "stats_amount": {"150"}, "narrative": {"设备安装"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		w = s.Get(dispatch, "bureau")
		webtest.WantBody(t, w, `<span class="light-red">`+s.ZH("projects.colour.red"))
		// The correction to 600: 50 %, on schedule: green.
		webtest.WantStatus(t, s.Post(path, ent, url.Values{"month": {"2025-06"}, "physical_amount": {"600"}}), http.StatusSeeOther)
		w = s.Get(dispatch, "bureau")
		// SPI side by side: 600 against the plan's 600 and the linear curve's 600.
		webtest.WantBody(t, w, `<span class="light-green">`+s.ZH("projects.colour.green"), `<td class="num">1.00</td><td class="num">1.00</td>`)
		w = s.Get("/projects/"+strconv.FormatInt(pj.ID, 10), ent)
		webtest.WantBody(t, w, s.ZH("projects.report.superseded"), "设备安装")

		// The same table as a workbook.
		w = s.Get("/projects/dispatch.xlsx?group=county&month=2025-06&list="+strconv.FormatInt(l.ID, 10), "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		sh, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if got := sh.Header; len(got) != 12 || len(sh.Rows) != 2 || got[0] != s.Cat.T(web.LangZH, "projects.col.name") {
			t.Fatalf("headers %v", got)
		}

		// The library and the county view.
		webtest.WantBody(t, s.Get("/projects/library?q=煤层气", "county:652327"), pj.Name)
		w = s.Get("/projects/library", "county:652328")
		if strings.Contains(w.Body.String(), pj.Name) {
			t.Fatal("木垒 sees 吉木萨尔's project")
		}
	})
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		pj, _, l := dispatchFixture(t, s.f)
		lid := strconv.FormatInt(l.ID, 10)

		// Bad JSON input: 422 with the field, nothing created.
		w := s.API("POST", "/api/v1/projects", "bureau", `{"name":"x","division_code":"652327","total_investment":"-1"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "total_investment", "projects.amount.negative")
		w = s.API("POST", "/api/v1/projects", "bureau", `{"name":"x","division_code":"652327","total_investment":100}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		w = s.API("POST", "/api/v1/projects", "bureau", `{"name":"新项目","division_code":"652327","code":"2025-652327-44-01-000777","total_investment":"880.5"}`)
		webtest.WantStatus(t, w, http.StatusCreated)
		webtest.WantBody(t, w, `"total_investment":"880.50"`)
		w = s.API("POST", "/api/v1/projects", "leader", `{"name":"x","division_code":"652327"}`)
		webtest.WantStatus(t, w, http.StatusForbidden)

		w = s.API("POST", "/api/v1/project-reports", "enterprise:"+strconv.FormatInt(s.f.orgJ.ID, 10),
			`{"project_id":`+strconv.FormatInt(pj.ID, 10)+`,"month":"2025-06","physical_amount":"600","stats_amount":"500"}`)
		webtest.WantStatus(t, w, http.StatusCreated)
		w = s.API("POST", "/api/v1/project-reports", "enterprise:"+strconv.FormatInt(s.f.orgJ.ID, 10),
			`{"project_id":`+strconv.FormatInt(pj.ID, 10)+`,"month":"2025-07","physical_amount":"1"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "projects.report.future_month")

		w = s.Get("/api/v1/project-lists/"+lid+"/dispatch?month=2025-06&group=prefecture", "leader")
		webtest.WantStatus(t, w, http.StatusOK)
		var rows []DispatchRow
		if err := json.Unmarshal(w.Body.Bytes(), &rows); err != nil || len(rows) != 1 || rows[0].Completion != "4.5" {
			t.Fatalf("dispatch: %s %v", w.Body.String(), err)
		}
		webtest.WantStatus(t, s.Get("/api/v1/project-lists/"+lid+"/dispatch?month=2024-06", "leader"), http.StatusUnprocessableEntity)
		w = s.Get("/api/v1/project-lists/"+lid+"/lights?month=2025-06", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"colour":"green"`, `"schedule_gap_pp":"0.0000"`)
		w = s.Get("/api/v1/projects?list_id="+lid, "county:652328")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"total":1`)
		webtest.WantStatus(t, s.Get("/api/v1/project-rule-sets", "leader"), http.StatusOK)
		webtest.WantStatus(t, s.API("PUT", "/api/v1/project-settings", "leader", `{"report_deadline_day":5}`), http.StatusForbidden)
		webtest.WantStatus(t, s.API("PUT", "/api/v1/project-settings", "bureau", `{"report_deadline_day":31}`), http.StatusUnprocessableEntity)
		w = s.API("PUT", "/api/v1/project-settings", "bureau", `{"report_deadline_day":5,"enrolment_threshold":"1000"}`)
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"report_deadline_day":5`, `"enrolment_threshold":"1000.00"`)
		webtest.WantBody(t, s.Get("/api/v1/project-curves", "leader"), "xj-winter")
	})
}

// Monthly reports import all or nothing: one bad row refuses the sheet
// with its row and column named; the good sheet saves every row, a repeated
// project-month being a correction.
func TestReportImport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		pj, pm, _ := dispatchFixture(t, s.f)
		head := []string{"项目代码", "项目编号", "月份", "本月完成投资（实物工作量，万元）", "Enrolled this month, statistics basis (10k yuan)"}
		id := strconv.FormatInt(pm.ID, 10)
		bad := webtest.Workbook(t, head,
			[]any{pj.Code, "", "2025-06", "300", "200"},
			[]any{"", id, "2025年6月", "-5", ""},
			[]any{"2024-652327-44-01-999999", "", "2025-06", "1", ""})
		w := s.Upload("/projects/reports/import", "bureau", bad)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.amount.negative"), s.ZH("projects.project.unknown"))
		if rs := must(s.f.svc.Reports(sysCtx(), pj.ID, true)); len(rs) != 0 {
			t.Fatalf("refused import saved %d reports", len(rs))
		}
		good := webtest.Workbook(t, head,
			[]any{pj.Code, "", "2025-06", "300", "200"},
			[]any{"", id, "2025/5", "50", ""},
			[]any{pj.Code, "", "202506", "350", "200"})
		w = s.Upload("/projects/reports/import", "bureau", good)
		webtest.WantStatus(t, w, http.StatusSeeOther)
		rs := must(s.f.svc.Reports(sysCtx(), pj.ID, true))
		if len(rs) != 2 || rs[0].PhysicalAmount != Wan(350) || !rs[0].Current || rs[1].Current {
			t.Fatalf("imported: %+v", rs)
		}
		// The JSON batch: same rules, problems named rows.N.field.
		w = s.API("POST", "/api/v1/project-reports/import", "bureau",
			`{"rows":[{"project_id":`+id+`,"month":"2025-06","physical_amount":"1"},{"project_id":`+id+`,"month":"2099-01","physical_amount":"1"}]}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "rows.2.month", "projects.report.future_month")
		w = s.API("POST", "/api/v1/project-reports/import", "bureau", `{"rows":[{"project_id":`+id+`,"month":"2025-06","physical_amount":"1"}]}`)
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"imported":1`)
		webtest.WantStatus(t, s.Get("/projects/reports/import", "bureau"), http.StatusOK)
		webtest.WantStatus(t, s.Get("/projects/reports/import/template.xlsx", "bureau"), http.StatusOK)
	})
}

// The library and list forms: refusals come back on the form with the
// user's input; the leader reads but cannot change.
func TestForms(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		webtest.WantStatus(t, s.Get("/projects/new", "county:652327"), http.StatusOK)
		webtest.WantStatus(t, s.Get("/projects/new", "leader"), http.StatusForbidden)
		form := url.Values{"name": {"表单项目"}, "code": {"2024-652327-44-01-12345"}, "division_code": {"652327"},
			"total_investment": {"1000"}, "stage": {"reserve"}, "cluster_ids": {strconv.FormatInt(s.f.clA.ID, 10)}}
		w := s.Post("/projects/new", "county:652327", form)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.code.format"), `value="表单项目"`)
		form.Set("code", "2024-652327-44-01-123456")
		w = s.Post("/projects/new", "county:652327", form)
		webtest.WantStatus(t, w, http.StatusSeeOther)
		ps, _ := must2(s.f.svc.ListProjects(sysCtx(), ProjectFilter{Q: "表单项目"}))
		if len(ps) != 1 || len(ps[0].Clusters) != 1 {
			t.Fatalf("created: %+v", ps)
		}
		id := strconv.FormatInt(ps[0].ID, 10)
		webtest.WantStatus(t, s.Post("/projects/new", "leader", form), http.StatusForbidden)

		// Edit keeps the stage; a stage change is forward only.
		form.Set("capacity", "10万吨")
		webtest.WantStatus(t, s.Post("/projects/"+id, "county:652327", form), http.StatusSeeOther)
		w = s.Post("/projects/"+id+"/stage", "county:652327", url.Values{"stage": {"concept"}, "on": {"2025-06-15"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.stage.backwards"))
		webtest.WantStatus(t, s.Post("/projects/"+id+"/stage", "county:652327", url.Values{"stage": {"preparation"}, "on": {"2025-06-15"}}), http.StatusSeeOther)
		webtest.WantBody(t, s.Get("/projects/"+id, "county:652327"), s.ZH("projects.stage.preparation"), "10万吨")

		// A county list: create, add with a monthly plan that does not add up, fix, adopt, remove with a reason.
		w = s.Post("/project-lists/new", "county:652327", url.Values{"year": {"2025"}, "name": {"吉木萨尔县2025年重点项目"}, "division_code": {"652327"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		ls := must(s.f.svc.Lists(sysCtx(), 2025))
		lid := strconv.FormatInt(ls[0].ID, 10)
		item := url.Values{"project_id": {id}, "category": {"reserve"}, "annual_plan": {"120"}, "m1": {"10"}}
		for i := 2; i <= 12; i++ {
			item.Set("m"+strconv.Itoa(i), "10")
		}
		item.Set("m12", "11")
		w = s.Post("/project-lists/"+lid+"/items", "county:652327", item)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.item.monthly_sum", "121.00", "120.00"))
		item.Set("m12", "10")
		webtest.WantStatus(t, s.Post("/project-lists/"+lid+"/items", "county:652327", item), http.StatusSeeOther)
		webtest.WantStatus(t, s.Post("/project-lists/"+lid+"/adopt", "county:652328", url.Values{}), http.StatusForbidden)
		webtest.WantStatus(t, s.Post("/project-lists/"+lid+"/adopt", "county:652327", url.Values{}), http.StatusSeeOther)
		w = s.Post("/project-lists/"+lid+"/items/"+id+"/remove", "county:652327", url.Values{})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.list.reason_required"))
		webtest.WantStatus(t, s.Post("/project-lists/"+lid+"/items/"+id+"/remove", "county:652327", url.Values{"reason": {"并入其他项目"}}), http.StatusSeeOther)
		w = s.Get("/project-lists/"+lid, "leader")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "并入其他项目", s.ZH("projects.list.removed"), "120.00")
	})
}

// The annual plan imports all or nothing; a monthly plan that does not add
// up is reported on its row.
func TestItemImport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		pj, pm := s.f.projJ(t), s.f.projM(t)
		l := must(s.f.svc.CreateList(bureauCtx(), ListInput{Year: 2025, Name: "导入清单", DivisionCode: "652300"}))
		path := "/project-lists/" + strconv.FormatInt(l.ID, 10) + "/import"
		head := []string{"项目代码", "项目编号", "类别", "年度计划（万元）", "计划开工", "1月计划", "2月计划", "3月计划", "4月计划", "5月计划", "6月计划",
			"7月计划", "8月计划", "9月计划", "10月计划", "11月计划", "12月计划"}
		row := func(code, id, cat, plan, start string, m ...string) []any {
			out := []any{code, id, cat, plan, start}
			for _, v := range m {
				out = append(out, v)
			}
			return out
		}
		twelve := func(v string) []string { return []string{v, v, v, v, v, v, v, v, v, v, v, v} }
		bad := webtest.Workbook(t, head,
			row(pj.Code, "", "续建", "1200", "", twelve("100")...),
			row("", strconv.FormatInt(pm.ID, 10), "新建", "1200", "2025-04", twelve("99")...))
		w := s.Upload(path, "bureau", bad)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.item.monthly_sum", "1188.00", "1200.00"))
		if its := must(s.f.svc.Items(sysCtx(), l.ID, true)); len(its) != 0 {
			t.Fatalf("refused import saved items: %+v", its)
		}
		good := webtest.Workbook(t, head,
			row(pj.Code, "", "续建", "1200", "", twelve("100")...),
			row("", strconv.FormatInt(pm.ID, 10), "new", "12000", "2025年4月"))
		webtest.WantStatus(t, s.Upload(path, "bureau", good), http.StatusSeeOther)
		its := must(s.f.svc.Items(sysCtx(), l.ID, false))
		if len(its) != 2 || its[0].Category != CategoryContinuing || len(its[0].Monthly) != 12 || its[1].PlannedStart != 202504 {
			t.Fatalf("imported items: %+v", its)
		}
		webtest.WantStatus(t, s.Upload(path, "county:652327", good), http.StatusForbidden)
		webtest.WantStatus(t, s.Get(path, "bureau"), http.StatusOK)
	})
}
