package parkstats

import (
	"bytes"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"testing"

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
		Templates: []web.TemplateSet{Templates()}, Nav: []web.NavItem{Nav()},
		Register: func(srv *web.Server) { NewHTTP(f.svc).Register(srv) }})
	return &site{Site: ws, f: f}
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// County staff enter a month on the form, the bureau enters the prefecture
// total, and the table shows share and rank; the export is a workbook.
func TestTablePagesAndExport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		f := s.f
		webtest.WantStatus(t, s.Get("/park-stats/figures/new", "county:652327"), http.StatusOK)
		webtest.WantStatus(t, s.Get("/park-stats/figures/new", "leader"), http.StatusForbidden)
		// Refused: negative value, the form comes back with the message.
		w := s.Post("/park-stats/figures", "county:652327", url.Values{"park_id": {id(f.parkJ.ID)}, "kind": {"month"}, "period": {"2025-05"},
			"stat_scope": {"above_scale"}, "added_value": {"-1"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.amount.negative"))
		w = s.Post("/park-stats/figures", "county:652327", url.Values{"park_id": {id(f.parkJ.ID)}, "kind": {"month"}, "period": {"2025-05"},
			"stat_scope": {"above_scale"}, "added_value": {"13000"}, "gross_output": {"50000"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		// The bureau's prefecture figure (park 0 = the prefecture).
		w = s.Post("/park-stats/figures", "bureau", url.Values{"park_id": {"0"}, "kind": {"month"}, "period": {"2025-05"},
			"stat_scope": {"above_scale"}, "added_value": {"16666.67"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		w = s.Get("/park-stats?kind=month&period=2025-05", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		// 13000 / 16666.67 = 78.00 %.
		webtest.WantBody(t, w, "78.00", f.parkJ.Name, s.ZH("parkstats.row.prefecture"))
		w = s.Get("/park-stats/table.xlsx?kind=month&period=2025-05", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		sheet, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(sheet.Rows) != 4 {
			t.Fatalf("export rows %d", len(sheet.Rows))
		}
		// Park detail with its series and the revision history.
		webtest.WantStatus(t, s.Get("/park-stats/parks/"+id(f.parkJ.ID)+"?kind=month&period=2025-05", "county:652327"), http.StatusOK)
		webtest.WantStatus(t, s.Get("/park-stats/parks/"+id(f.parkJ.ID), "county:652328"), http.StatusNotFound)
		w = s.Get("/api/v1/park-stats/parks/"+id(f.parkJ.ID)+"/series?kind=month", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"period":"2025-05"`, `"added_value":13000`)
		// JSON table.
		w = s.Get("/api/v1/park-stats/table?kind=month&period=2025-05&rank_by=gross_output", "leader")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"rank_by":"gross_output"`, `"share_bp":7800`)
		webtest.WantStatus(t, s.Get("/api/v1/park-stats/table?kind=month&period=2025-13", "leader"), http.StatusUnprocessableEntity)
		// Every route is in the OpenAPI document.
		w = s.Get("/api/v1/openapi.json", "leader")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "/api/v1/park-stats/table", "/api/v1/park-stats/mujun/sheets/{id}/evaluate", "/api/v1/park-stats/targets/{id}/progress")
	})
}

func TestImportPage(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		head := []string{"园区", "统计期", "统计口径", "工业增加值（万元）", "Gross industrial output (10k yuan)"}
		bad := webtest.Workbook(t, head,
			[]any{s.f.parkJ.Name, "2025-05", "规上", "100", "300"},
			[]any{"没有这个园区", "2025-05", "规上", "100", ""},
			[]any{s.f.parkM.Name, "2025-05", "above_scale", "-1", ""})
		w := s.Upload("/park-stats/import", "bureau", bad)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("parkstats.park.unknown"), s.ZH("projects.amount.negative"))
		if n := countRows(t, d, "parkstats_figures"); n != 0 {
			t.Fatalf("refused import stored %d", n)
		}
		good := webtest.Workbook(t, head,
			[]any{s.f.parkJ.Name, "2025-05", "规上", "100", "300"},
			[]any{s.f.parkM.Name, "2025/4/1", "全口径", "50", ""})
		webtest.WantStatus(t, s.Upload("/park-stats/import", "bureau", good), http.StatusSeeOther)
		if n := countRows(t, d, "parkstats_figures"); n != 2 {
			t.Fatalf("imported %d", n)
		}
		w = s.API("POST", "/api/v1/park-stats/figures/import", "bureau",
			`{"rows":[{"park_id":`+id(s.f.parkJ.ID)+`,"kind":"month","period":"2099-01","stat_scope":"all","tax":"1"}]}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "rows.1.period")
		webtest.WantStatus(t, s.Get("/park-stats/import", "bureau"), http.StatusOK)
		webtest.WantStatus(t, s.Get("/park-stats/import/template.xlsx", "bureau"), http.StatusOK)
	})
}

func TestHighTechMujunTargetPages(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		f := s.f
		w := s.Post("/park-stats/high-tech", "county:652327", url.Values{"org_id": {id(f.orgJ.ID)}, "cert_no": {"GR202365000001"}, "issued_on": {"2023-12-02"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		w = s.Post("/park-stats/high-tech", "county:652327", url.Values{"org_id": {id(f.orgJ.ID)}, "cert_no": {"GR202365000001"}, "issued_on": {"2023-12-02"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("parkstats.cert.duplicate"))
		w = s.Get("/park-stats/high-tech?valid_on=2024-01-01", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "GR202365000001", "100.00")
		w = s.Get("/api/v1/park-stats/high-tech/counts?day=2023-12-01", "bureau")
		webtest.WantBody(t, w, `"prefecture":0`)
		w = s.Get("/park-stats/high-tech.xlsx?valid_on=2024-01-01", "county:652327")
		webtest.WantStatus(t, w, http.StatusOK)
		if sh, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits()); err != nil || len(sh.Rows) != 1 {
			t.Fatalf("certificate workbook: %v", err)
		}

		// A sheet through the form, figures, the evaluation, the results.
		w = s.Post("/park-stats/mujun/sheets", "bureau", url.Values{"year": {"2024"}, "population": {"above"}, "name": {"规上"},
			"method": {"rank"}, "exempt_grade": {"B"}, "w_tax_per_mu": {"100"}, "b_tax_per_mu": {"10"},
			"grade_1": {"A"}, "bound_1": {"25"}, "grade_2": {"B"}, "bound_2": {"70"}, "grade_3": {"C"}, "bound_3": {"95"}, "grade_4": {"D"}, "bound_4": {"100"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		sheets := must(f.svc.ListSheets(sysCtx(), 2024))
		if len(sheets) != 1 || len(sheets[0].Lines) != 1 || len(sheets[0].Bands) != 4 {
			t.Fatalf("sheets %+v", sheets)
		}
		w = s.Post("/park-stats/mujun/sheets", "bureau", url.Values{"year": {"2024"}, "population": {"above"}, "name": {"x"},
			"method": {"rank"}, "exempt_grade": {"B"}, "w_tax_per_mu": {"100"}, "b_tax_per_mu": {"10"}, "grade_1": {"A"}, "bound_1": {"50"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("parkstats.mj.bands_bad"))
		shID := id(sheets[0].ID)
		// Evaluating with no figures is a clear refusal.
		w = s.Post("/park-stats/mujun/sheets/"+shID+"/evaluate", "bureau", url.Values{})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("parkstats.mj.no_inputs"))
		w = s.Post("/park-stats/mujun/inputs", "county:652327", url.Values{"org_id": {id(f.orgJ.ID)}, "year": {"2024"}, "population": {"above"}, "tax": {"20"}, "land_mu": {"10"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		webtest.WantStatus(t, s.Post("/park-stats/mujun/sheets/"+shID+"/evaluate", "county:652327", url.Values{}), http.StatusForbidden)
		webtest.WantStatus(t, s.Post("/park-stats/mujun/sheets/"+shID+"/evaluate", "bureau", url.Values{}), http.StatusSeeOther)
		w = s.Get("/park-stats/mujun?sheet="+shID, "enterprise:"+id(f.orgJ.ID))
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, f.orgJ.Name, "20.00")
		webtest.WantStatus(t, s.Get("/park-stats/mujun/sheets/"+shID+"/results.xlsx", "bureau"), http.StatusOK)
		w = s.Get("/api/v1/park-stats/mujun/sheets/"+shID+"/results", "county:652328")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "[]")

		// Targets: create on the form, progress through the API.
		w = s.Post("/park-stats/targets", "county:652328", url.Values{"name": {"新能源装备制造产值"}, "division_code": {"652328"},
			"target_value": {"1000000"}, "due_year": {"2025"}})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		ts := must(f.svc.Targets(sysCtx()))
		w = s.API("POST", "/api/v1/park-stats/targets/"+id(ts[0].ID)+"/progress", "county:652328", `{"as_of":"2024-12-31","actual":"600000"}`)
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"progress_bp":6000`)
		w = s.Post("/park-stats/targets/"+id(ts[0].ID)+"/progress", "county:652328", url.Values{"as_of": {"2030-01-01"}, "actual": {"1"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("parkstats.period.future"))
		w = s.Get("/park-stats/targets", "leader")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "新能源装备制造产值", "60.00")
		// A certificate entered in error is deleted from its row; not by another county.
		c := must2first(f.svc.ListCertificates(sysCtx(), CertFilter{}))
		webtest.WantStatus(t, s.Post("/park-stats/high-tech/"+id(c.ID)+"/delete", "county:652328", url.Values{}), http.StatusNotFound)
		webtest.WantStatus(t, s.Post("/park-stats/high-tech/"+id(c.ID)+"/delete", "county:652327", url.Values{}), http.StatusSeeOther)
	})
}
