package attraction

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
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

// A county officer keys a lead, signs it, books funds and moves it on
// the pages; the bureau sees it in the pipeline, the rates and both
// workbooks, and hands it to the project library.
func TestPages(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		mu := "county:652328"
		webtest.WantStatus(t, s.Get("/attraction", mu), http.StatusOK)
		webtest.WantStatus(t, s.Get("/attraction/new", "leader"), http.StatusForbidden)

		// Bad input comes back on the form, 422, nothing stored.
		form := url.Values{"name": {"风电塔筒项目"}, "investor_name": {"某塔筒公司"}, "ownership": {"private"},
			"division_code": {"652328"}, "park_id": {strconv.FormatInt(s.f.parkM.ID, 10)}, "planned_investment": {"-5"}}
		w := s.Post("/attraction/new", mu, form)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("projects.amount.negative"))
		if _, n, _ := s.f.svc.ListLeads(sysCtx(), LeadFilter{}); n != 0 {
			t.Fatal("refused lead stored")
		}
		form.Set("planned_investment", "50000")
		form.Set("stage_on", "2025-02-01")
		w = s.Post("/attraction/new", mu, form)
		webtest.WantStatus(t, w, http.StatusSeeOther)
		path := w.Header().Get("Location")
		path = path[:strings.Index(path, "?")]
		w = s.Get(path, mu)
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "风电塔筒项目", s.ZH("attraction.stage.clue"))

		// An increase before any signing is refused on the page.
		w = s.Post(path+"/signings", mu, url.Values{"kind": {"increase"}, "signed_on": {"2025-03-01"}, "amount": {"10"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("attraction.signing.increase_first"))
		webtest.WantStatus(t, s.Post(path+"/signings", mu, url.Values{"kind": {"contract"}, "signed_on": {"2025-03-01"}, "amount": {"50000"}}), http.StatusSeeOther)
		webtest.WantStatus(t, s.Post(path+"/funds", mu, url.Values{"arrived_on": {"2025-04-01"}, "amount": {"10000"}, "official": {"1"}}), http.StatusSeeOther)
		webtest.WantStatus(t, s.Post(path+"/stage", mu, url.Values{"stage": {"landed"}, "on": {"2025-05-01"}}), http.StatusSeeOther)
		w = s.Post(path+"/stage", mu, url.Values{"stage": {"negotiate"}, "on": {"2025-05-02"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("attraction.stage.backward"))
		w = s.Get(path, mu)
		webtest.WantBody(t, w, s.ZH("attraction.stage.landed"), `data-testid="lead-convert"`, "10000.00")

		// Another county does not see it.
		webtest.WantStatus(t, s.Get(path, "county:652301"), http.StatusNotFound)

		// Rates: 1 signed, landed 100 %, funds 10000 / 50000 = 20 %.
		w = s.Get("/attraction/rates?year=2025&group=county", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, "木垒哈萨克自治县", "100.0%", "20.0%", `data-testid="rule-form"`)
		// The bureau sets a floor above the lead's 50000万: it leaves the rates;
		// a duplicate date comes back on the page, 422.
		webtest.WantStatus(t, s.Post("/attraction/rates/rules", mu, url.Values{"effective_from": {"2025-01-01"}, "floor": {"60000"}, "source": {"x"}}), http.StatusForbidden)
		webtest.WantStatus(t, s.Post("/attraction/rates/rules", "bureau", url.Values{"effective_from": {"2025-01-01"}, "floor": {"60000"}, "source": {"示意"}}), http.StatusSeeOther)
		w = s.Post("/attraction/rates/rules", "bureau", url.Values{"effective_from": {"2025-01-01"}, "floor": {"1"}, "source": {"x"}})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("attraction.rule.date_taken"))
		w = s.Get("/attraction/rates?year=2025&group=county", "bureau")
		if strings.Contains(w.Body.String(), "木垒哈萨克自治县") {
			t.Fatal("a lead below the floor still counts")
		}

		// The pipeline and the ledger as workbooks.
		w = s.Get("/attraction/pipeline.xlsx?stage=landed", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		sh, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(sh.Rows) != 1 || sh.Header[0] != s.Cat.T(web.LangZH, "attraction.field.name") {
			t.Fatalf("pipeline workbook %v %v", sh.Header, sh.Rows)
		}
		w = s.Get("/attraction/funds.xlsx?year=2025", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		if sh, err = xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits()); err != nil || len(sh.Rows) != 1 {
			t.Fatalf("funds workbook %v %v", err, sh)
		}
		webtest.WantBody(t, s.Get("/attraction/funds", mu), "风电塔筒项目")
		webtest.WantBody(t, s.Get("/attraction/funds?split=ownership", mu), s.ZH("attraction.ownership.private"), "10000.00")

		// Hand-over to the library.
		w = s.Post(path+"/project", mu, url.Values{})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		webtest.WantBody(t, s.Get(path, mu), `href="/projects/`)
		w = s.Post(path+"/project", mu, url.Values{})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
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
		w := s.Upload("/attraction/import", "bureau", webtest.Workbook(t, headers, good, bad))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("attraction.import.park_unknown"), s.ZH("attraction.choice.bad"))
		if _, n, _ := s.f.svc.ListLeads(sysCtx(), LeadFilter{}); n != 0 {
			t.Fatalf("a refused import stored %d leads", n)
		}
		webtest.WantStatus(t, s.Upload("/attraction/import", "leader", webtest.Workbook(t, headers, good)), http.StatusForbidden)
		w = s.Upload("/attraction/import", "bureau", webtest.Workbook(t, headers, good))
		webtest.WantStatus(t, w, http.StatusSeeOther)
		ls, n, _ := s.f.svc.ListLeads(sysCtx(), LeadFilter{})
		if n != 1 || ls[0].Stage != StageStarted || ls[0].Contracted != projects.Wan(80000) || ls[0].DivisionCode != "652328" ||
			ls[0].ClusterID != s.f.clNE.ID || ls[0].FirstSignedOn.String() != "2025-03-01" {
			t.Fatalf("imported %+v", ls)
		}
		det := must(s.f.svc.GetLead(sysCtx(), ls[0].ID))
		if len(det.History) != 2 || det.History[0].Stage != StageSigned || det.History[1].On.String() != "2025-05-01" {
			t.Fatalf("history %+v", det.History)
		}
		webtest.WantStatus(t, s.Get("/attraction/import/template.xlsx", "bureau"), http.StatusOK)
	})
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		body := `{"name":"番茄丁加工项目","investor_name":"某食品集团","investor_province":"福建省","ownership":"local_soe","park_id":` +
			strconv.FormatInt(s.f.parkC.ID, 10) + `,"planned_investment":"30000","stage":"negotiate","stage_on":"2025-02-01","illustrative":true}`
		w := s.API("POST", "/api/v1/attraction/leads", "bureau", body)
		webtest.WantStatus(t, w, http.StatusCreated)
		var l Lead
		if err := json.Unmarshal(w.Body.Bytes(), &l); err != nil || l.DivisionCode != "652301" || l.Planned != projects.Wan(30000) {
			t.Fatalf("created %v %+v", err, l)
		}
		id := strconv.FormatInt(l.ID, 10)
		webtest.WantStatus(t, s.API("POST", "/api/v1/attraction/leads", "bureau", `{"name":1}`), http.StatusUnprocessableEntity)
		w = s.API("POST", "/api/v1/attraction/leads/"+id+"/signings", "bureau", `{"kind":"framework","signed_on":"2025-03-01","amount":"30000"}`)
		webtest.WantStatus(t, w, http.StatusCreated)
		w = s.API("POST", "/api/v1/attraction/leads/"+id+"/signings", "bureau", `{"kind":"increase","signed_on":"2025-04-01","amount":"25000"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantStatus(t, s.API("POST", "/api/v1/attraction/leads/"+id+"/funds", "bureau", `{"arrived_on":"2025-04-01","amount":"3000"}`), http.StatusCreated)
		webtest.WantStatus(t, s.API("POST", "/api/v1/attraction/leads/"+id+"/stage", "bureau", `{"stage":"landed","on":"2025-04-10"}`), http.StatusOK)
		w = s.API("POST", "/api/v1/attraction/leads/"+id+"/project", "bureau", "")
		webtest.WantStatus(t, w, http.StatusCreated)
		var p projects.Project
		_ = json.Unmarshal(w.Body.Bytes(), &p)
		w = s.Get("/api/v1/attraction/projects/"+strconv.FormatInt(p.ID, 10)+"/lead", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"id":`+id)
		w = s.Get("/api/v1/attraction/rates?year=2025&group=park", "bureau")
		webtest.WantStatus(t, w, http.StatusOK)
		var rows []Rates
		if err := json.Unmarshal(w.Body.Bytes(), &rows); err != nil || len(rows) != 1 || rows[0].Landed != (Rate{1, 1}) || rows[0].Funds.String() != "10.0%" {
			t.Fatalf("rates %v %s", err, w.Body.String())
		}
		webtest.WantStatus(t, s.Get("/api/v1/attraction/rates?as_of=2025-13-01", "bureau"), http.StatusUnprocessableEntity)
		w = s.Get("/api/v1/attraction/leads/"+id, "county:652328")
		webtest.WantStatus(t, w, http.StatusNotFound)
		w = s.Get("/api/v1/attraction/funds", "bureau")
		webtest.WantBody(t, w, `"total":1`)
		w = s.Get("/api/v1/attraction/funds/totals?split=province", "bureau")
		webtest.WantBody(t, w, `"label":"福建省"`, `"official":"3000.00"`)
		w = s.Get("/api/v1/attraction/stages", "bureau")
		webtest.WantBody(t, w, `{"stage":"landed","count":1}`)
		w = s.Get("/api/v1/openapi.json", "")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"/api/v1/attraction/leads/{id}/project"`, `"/api/v1/attraction/rates"`, `"/api/v1/attraction/funds/totals"`)
		w = s.API("POST", "/api/v1/attraction/leads/import", "bureau", `{"rows":[{"lead":{"name":"x","investor_name":"y","ownership":"bad","division_code":"652301"}}]}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "rows.1.ownership")
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
