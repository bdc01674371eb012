package registry

import (
	"bytes"
	"encoding/json"
	"html"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/web/webtest"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// testAuth is test scaffolding for web.Authenticator (the real one is
// platform/auth, tested there): the X-Test-User header names a fixed
// principal — "admin", "bureau", "county:652327", "enterprise:<org id>".
// site is the registry behind a real web.Server (platform/web/webtest).
type site struct {
	*webtest.Site
	f *fixture
	d *db.DB
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	f := newFixture(t, d)
	ws := webtest.New(t, webtest.Options{Bureau: access.RoleBureauDev, Locales: []fs.FS{Locale()},
		Templates: []web.TemplateSet{Templates()}, Nav: []web.NavItem{Nav()},
		Register: func(srv *web.Server) { NewHTTP(f.svc, srv).Register(srv) }})
	return &site{Site: ws, f: f, d: d}
}

func TestPages(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		for _, tt := range []struct {
			path string
			want []string
		}{
			{"/registry", []string{`data-testid="count-orgs">2<`, `data-testid="registry-nav"`}},
			{"/registry/divisions", []string{`data-testid="division-table"`, "652327", "吉木萨尔县"}},
			{"/registry/divisions/652300", []string{"昌吉回族自治州", "652328"}},
			{"/registry/parks", []string{`data-testid="park-table"`, "木垒工业园区", s.ZH("registry.illustrative")}},
			{"/registry/parks/" + idStr(s.f.parkJ.ID), []string{"城南工业园区", "昆仑天泽新能源有限责任公司"}},
			{"/registry/orgs", []string{`data-testid="org-table"`, "昆仑天泽新能源有限责任公司", "木垒风电有限公司", `hx-get="/registry/orgs"`, `hx-push-url="true"`}},
			{"/registry/orgs?q=%E6%98%86%E4%BB%91", []string{"昆仑天泽新能源有限责任公司", s.ZH("registry.list.total", 1)}},
			{"/registry/orgs/" + idStr(s.f.orgJ.ID), []string{usccJ, "油气生产加工", "李明", `data-testid="org-delete"`}},
			{"/registry/orgs/new", []string{`name="name"`, `name="uscc"`, `name="division_code"`, `data-testid="org-save"`, `name="csrf"`}},
			{"/registry/orgs/" + idStr(s.f.orgJ.ID) + "/edit", []string{`value="` + usccJ + `"`, "checked"}},
			{"/registry/clusters", []string{`data-testid="taxonomy-table"`, "八大产业集群", "煤炭煤电煤化工"}},
			{"/registry/taxonomies/" + idStr(s.f.tax.ID), []string{"油气生产加工", `data-testid="cluster-new"`}},
			{"/registry/people", []string{`data-testid="person-table"`, "李明", "阿不都"}},
			{"/registry/people/" + idStr(s.f.personJ.ID), []string{"第一责任人"}},
			{"/registry/orgs/import", []string{`data-testid="xlsx-import-form"`, s.ZH("registry.org.uscc")}},
			{"/registry/people/new", []string{`data-testid="person-save"`}},
			{"/registry/parks/new", []string{`data-testid="park-save"`}},
			{"/registry/divisions/new", []string{`data-testid="division-save"`}},
			{"/registry/taxonomies/new", []string{`data-testid="taxonomy-save"`}},
		} {
			w := s.Get(tt.path, "admin")
			webtest.WantStatus(t, w, http.StatusOK)
			webtest.WantBody(t, w, tt.want...)
		}
		// An htmx search refreshes only the table.
		r := httptest.NewRequest("GET", "/registry/orgs?q=%E6%9C%A8%E5%9E%92", nil)
		r.Header.Set("HX-Request", "true")
		w := s.Do(r, "admin")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `data-testid="org-table"`, "木垒风电有限公司")
		if strings.Contains(w.Body.String(), "<html") || strings.Contains(w.Body.String(), "昆仑天泽") {
			t.Fatalf("partial refresh returned the layout or unfiltered rows:\n%s", w.Body.String())
		}
		// English.
		r = httptest.NewRequest("GET", "/registry/orgs", nil)
		r.Header.Set("Accept-Language", "en")
		w = s.Do(r, "admin")
		webtest.WantBody(t, w, "Unified social credit code")
	})
}

func TestOrgFormCreatesAndRefuses(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		form := func(name, uscc, division string) url.Values {
			return url.Values{"kind": {"enterprise"}, "name": {name}, "uscc": {uscc}, "division_code": {division}}
		}
		before, _ := countRows(t, d, "registry_orgs")

		// A bad check character: the form comes back with the message and the
		// user's input, and nothing is created.
		w := s.Post("/registry/orgs/new", "admin", form("新疆笑厨食品有限公司", "91350100M000100Y44", "652327"))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("registry.uscc.check"), `value="新疆笑厨食品有限公司"`, `value="91350100M000100Y44"`, `data-testid="error-uscc">`+s.ZH("registry.uscc.check"))
		// Wrong length and an illegal letter have their own messages.
		w = s.Post("/registry/orgs/new", "admin", form("x", "9135010", "652327"))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("registry.uscc.length"))
		w = s.Post("/registry/orgs/new", "admin", form("x", "91350100M000100I43", "652327"))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("registry.uscc.charset"))
		// A malformed park id is reported on its field, not a 500.
		bad := form("x", usccX, "652327")
		bad.Set("park_id", "abc")
		w = s.Post("/registry/orgs/new", "admin", bad)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, `data-testid="error-park_id">`+s.ZH("shell.form.bad_number"))
		// A duplicate credit code.
		w = s.Post("/registry/orgs/new", "admin", form("重复", usccJ, "652327"))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("registry.org.uscc_duplicate"))
		// A county user choosing another county.
		w = s.Post("/registry/orgs/new", "county:652327", form("越界", usccX, "652328"))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("registry.division.out_of_scope"))
		if n, _ := countRows(t, d, "registry_orgs"); n != before {
			t.Fatalf("%d organisations after refused forms, want %d", n, before)
		}

		// Lower case is accepted and stored upper case.
		ok := form("新疆笑厨食品有限公司", strings.ToLower(usccX), "652327")
		ok.Add("cluster_ids", idStr(s.f.clB.ID))
		w = s.Post("/registry/orgs/new", "county:652327", ok)
		webtest.WantStatus(t, w, http.StatusSeeOther)
		loc := w.Header().Get("Location")
		if !strings.HasPrefix(loc, "/registry/orgs/") || !strings.HasSuffix(loc, "?done=created") {
			t.Fatalf("redirect to %q", loc)
		}
		w = s.Get(loc, "county:652327")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, usccX, s.ZH("shell.form.created"), "煤炭煤电煤化工")

		// Edit, then delete with the form.
		id := strings.TrimSuffix(strings.TrimPrefix(loc, "/registry/orgs/"), "?done=created")
		ok.Set("phone", "0994-1234567")
		w = s.Post("/registry/orgs/"+id, "county:652327", ok)
		webtest.WantStatus(t, w, http.StatusSeeOther)
		w = s.Post("/registry/orgs/"+id+"/delete", "county:652327", url.Values{})
		webtest.WantStatus(t, w, http.StatusSeeOther)
		if n, _ := countRows(t, d, "registry_orgs"); n != before {
			t.Fatalf("%d organisations after create+delete, want %d", n, before)
		}
		// A referenced organisation is not deleted and the page says why.
		w = s.Post("/registry/orgs/"+idStr(s.f.orgJ.ID)+"/delete", "admin", url.Values{})
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, s.ZH("registry.delete.in_use"))
	})
}

func TestPageScoping(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		j := "county:652327"
		other := idStr(s.f.orgM.ID)
		// Another county's records are "not found", not "forbidden".
		for _, path := range []string{"/registry/orgs/" + other, "/registry/orgs/" + other + "/edit",
			"/registry/parks/" + idStr(s.f.parkM.ID), "/registry/people/" + idStr(s.f.personM.ID)} {
			w := s.Get(path, j)
			webtest.WantStatus(t, w, http.StatusNotFound)
			webtest.WantBody(t, w, s.ZH("shell.error.404"))
		}
		w := s.Post("/registry/orgs/"+other, j, url.Values{"kind": {"enterprise"}, "name": {"x"}, "uscc": {usccM}, "division_code": {"652327"}})
		webtest.WantStatus(t, w, http.StatusNotFound)
		w = s.Post("/registry/orgs/"+other+"/delete", j, url.Values{})
		webtest.WantStatus(t, w, http.StatusNotFound)
		// The list shows only its county.
		w = s.Get("/registry/orgs", j)
		webtest.WantBody(t, w, "昆仑天泽新能源有限责任公司")
		if strings.Contains(w.Body.String(), "木垒风电有限公司") {
			t.Fatal("county list shows another county's organisation")
		}
		// An enterprise user reads its own record and may not open forms.
		e := "enterprise:" + idStr(s.f.orgJ.ID)
		webtest.WantStatus(t, s.Get("/registry/orgs/"+idStr(s.f.orgJ.ID), e), http.StatusOK)
		webtest.WantStatus(t, s.Get("/registry/orgs/new", e), http.StatusForbidden)
		webtest.WantStatus(t, s.Get("/registry/orgs/"+other, e), http.StatusNotFound)
		// Divisions and taxonomies are the administrator's.
		webtest.WantStatus(t, s.Get("/registry/divisions/new", "bureau"), http.StatusForbidden)
		webtest.WantStatus(t, s.Post("/registry/taxonomies/new", "bureau", url.Values{"code": {"x"}}), http.StatusForbidden)
		// Visitors are sent to sign in.
		w = s.Get("/registry/orgs", "")
		webtest.WantStatus(t, w, http.StatusSeeOther)
		if !strings.HasPrefix(w.Header().Get("Location"), "/login") {
			t.Fatalf("visitor sent to %q", w.Header().Get("Location"))
		}
	})
}

func TestCSRFMissingIsRefused(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		form := url.Values{"kind": {"enterprise"}, "name": {"x"}, "uscc": {usccX}, "division_code": {"652327"}}
		r := httptest.NewRequest("POST", "/registry/orgs/new", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.AddCookie(s.CSRF)
		w := s.Do(r, "admin")
		webtest.WantStatus(t, w, http.StatusForbidden)
		if n, _ := countRows(t, d, "registry_orgs"); n != 2 {
			t.Fatalf("%d organisations after a refused post", n)
		}
	})
}

func TestAPI(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		var list web.List[Organisation]
		w := s.API("GET", "/api/v1/organisations", "county:652327", "")
		webtest.WantStatus(t, w, http.StatusOK)
		if err := json.Unmarshal(w.Body.Bytes(), &list); err != nil || list.Total != 1 || list.Items[0].ID != s.f.orgJ.ID {
			t.Fatalf("county list: %+v %v", list, err)
		}
		webtest.WantStatus(t, s.API("GET", "/api/v1/organisations/"+idStr(s.f.orgM.ID), "county:652327", ""), http.StatusNotFound)
		webtest.WantStatus(t, s.API("DELETE", "/api/v1/organisations/"+idStr(s.f.orgM.ID), "county:652327", ""), http.StatusNotFound)
		webtest.WantStatus(t, s.API("GET", "/api/v1/organisations", "", ""), http.StatusUnauthorized)

		// Malformed JSON is a 422 error object, never a 500.
		for _, body := range []string{`{"name": `, `[1,2]`, `{"name": 5}`, `{"nmae": "x"}`, `{} {}`} {
			w = s.API("POST", "/api/v1/organisations", "admin", body)
			webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
			var e struct {
				Error struct{ Code string } `json:"error"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error.Code != "invalid" {
				t.Fatalf("%s: %s", body, w.Body.String())
			}
		}
		// Validation errors name the field.
		w = s.API("POST", "/api/v1/organisations", "admin", `{"kind":"enterprise","name":"x","uscc":"91350100M000100Y44","division_code":"652327"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, `"field":"uscc"`, `"code":"registry.uscc.check"`)

		// Create, patch one field, replace, delete.
		w = s.API("POST", "/api/v1/organisations", "county:652327", `{"kind":"enterprise","name":"API公司","uscc":"`+usccX+`","division_code":"652327","cluster_ids":[`+idStr(s.f.clA.ID)+`]}`)
		webtest.WantStatus(t, w, http.StatusCreated)
		var o Organisation
		_ = json.Unmarshal(w.Body.Bytes(), &o)
		if o.ID == 0 || len(o.Clusters) != 1 {
			t.Fatalf("created %+v", o)
		}
		w = s.API("PATCH", "/api/v1/organisations/"+idStr(o.ID), "county:652327", `{"phone":"0994-1111111"}`)
		webtest.WantStatus(t, w, http.StatusOK)
		_ = json.Unmarshal(w.Body.Bytes(), &o)
		if o.Phone != "0994-1111111" || o.Name != "API公司" || len(o.Clusters) != 1 {
			t.Fatalf("patched %+v", o)
		}
		// PUT replaces: the omitted uscc is now missing.
		w = s.API("PUT", "/api/v1/organisations/"+idStr(o.ID), "county:652327", `{"kind":"enterprise","name":"API公司","division_code":"652327"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, `"field":"uscc"`)
		// Moving into another county is refused.
		w = s.API("PATCH", "/api/v1/organisations/"+idStr(o.ID), "county:652327", `{"division_code":"652328"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantStatus(t, s.API("DELETE", "/api/v1/organisations/"+idStr(o.ID), "county:652327", ""), http.StatusNoContent)
		// Enterprise users read only.
		webtest.WantStatus(t, s.API("PATCH", "/api/v1/organisations/"+idStr(s.f.orgJ.ID), "enterprise:"+idStr(s.f.orgJ.ID), `{"phone":"1"}`), http.StatusForbidden)

		// Dates as YYYY-MM-DD both ways, the version in force.
		w = s.API("GET", "/api/v1/taxonomies/in-force?date=2023-05-19", "county:652327", "")
		webtest.WantStatus(t, w, http.StatusOK)
		webtest.WantBody(t, w, `"effective_from":"2022-09-01"`, `"effective_to":"2024-12-31"`, "油气生产加工")
		webtest.WantStatus(t, s.API("GET", "/api/v1/taxonomies/in-force?date=2026-01-01", "admin", ""), http.StatusNotFound)
		webtest.WantStatus(t, s.API("GET", "/api/v1/taxonomies/in-force?date=May", "admin", ""), http.StatusUnprocessableEntity)
		w = s.API("POST", "/api/v1/taxonomies", "admin", `{"code":"XJ-10","version":"2025","name":"十大产业集群","effective_from":"2025-01-01"}`)
		webtest.WantStatus(t, w, http.StatusCreated)
		webtest.WantBody(t, w, `"effective_to":null`)
		webtest.WantStatus(t, s.API("POST", "/api/v1/taxonomies", "bureau", `{}`), http.StatusForbidden)
		w = s.API("POST", "/api/v1/parks", "admin", `{"name":"p","level":"national","kind":"high_tech","division_code":"652301","established":"2010-1-1"}`)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, `"field":"established"`)

		// Every resource is in the OpenAPI document.
		w = s.Get("/api/v1/openapi.json", "")
		for _, p := range []string{"/api/v1/divisions", "/api/v1/parks/{id}", "/api/v1/organisations", "/api/v1/taxonomies/{id}/clusters", "/api/v1/people"} {
			webtest.WantBody(t, w, `"`+p+`"`)
		}
	})
}

func TestExportHonoursFiltersAndScope(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		read := func(w *httptest.ResponseRecorder) *xlsx.Sheet {
			t.Helper()
			webtest.WantStatus(t, w, http.StatusOK)
			if ct := w.Header().Get("Content-Type"); !strings.Contains(ct, "spreadsheetml") {
				t.Fatalf("content type %q", ct)
			}
			sh, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			return sh
		}
		sh := read(s.Get("/registry/orgs/export.xlsx", "county:652327"))
		if len(sh.Rows) != 1 || sh.Cell(0, "统一社会信用代码") != usccJ || sh.Header[0] != "机构类型" {
			t.Fatalf("county export: %v %v", sh.Header, sh.Rows)
		}
		sh = read(s.Get("/registry/orgs/export.xlsx?division_code=652328", "admin"))
		if len(sh.Rows) != 1 || sh.Cell(0, "机构名称") != "木垒风电有限公司" {
			t.Fatalf("filtered export: %v", sh.Rows)
		}
		r := httptest.NewRequest("GET", "/registry/parks/export.xlsx", nil)
		r.Header.Set("Accept-Language", "en")
		sh = read(s.Do(r, "county:652328"))
		if len(sh.Rows) != 1 || sh.Cell(0, "Park name") != "木垒工业园区" || sh.Cell(0, "Illustrative") != "Yes" {
			t.Fatalf("English park export: %v %v", sh.Header, sh.Rows)
		}
		for _, p := range []string{"/registry/divisions/export.xlsx", "/registry/people/export.xlsx", "/registry/clusters/export.xlsx"} {
			read(s.Get(p, "admin"))
		}
		// The import template is the header row alone, which is a sheet
		// without data to the reader.
		w := s.Get("/registry/orgs/import/template.xlsx", "county:652327")
		webtest.WantStatus(t, w, http.StatusOK)
		if _, err := xlsx.Read(bytes.NewReader(w.Body.Bytes()), xlsx.DefaultLimits()); err == nil || !strings.Contains(err.Error(), "xlsx.empty") {
			t.Fatalf("template: %v", err)
		}
		sh = read(s.Get("/registry/people/export.xlsx", "enterprise:"+idStr(s.f.orgJ.ID)))
		if len(sh.Rows) != 1 || sh.Cell(0, "姓名") != "李明" {
			t.Fatalf("enterprise people export: %v", sh.Rows)
		}
	})
}

func TestImportAllOrNothing(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		headers := []string{"机构类型", "机构名称", "统一社会信用代码", "行政区划代码", "所在园区", "示意"}
		before, _ := countRows(t, d, "registry_orgs")
		trail, _ := countRows(t, d, "audit_log")

		// Row 3 has a bad check character, row 4 another county, row 5 an
		// unknown park and a credit code already used by row 2.
		file := webtest.Workbook(t, headers,
			[]any{"企业", "新疆笑厨食品有限公司", usccX, "652327", "城南工业园区", "否"},
			[]any{"企业", "坏代码公司", "91350100M000100Y44", "652327", "", ""},
			[]any{"政府部门/事业单位", "木垒县某局", "", "木垒哈萨克自治县", "", ""},
			[]any{"enterprise", "重复公司", usccX, "652327", "无此园区", "maybe"},
		)
		w := s.Upload("/registry/orgs/import", "county:652327", file)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, `data-testid="xlsx-report"`, s.ZH("xlsx.report.title"),
			"<td class=\"num\">3</td><td>统一社会信用代码</td><td>"+s.ZH("registry.uscc.check"),
			"<td class=\"num\">4</td><td>行政区划代码</td><td>"+s.ZH("registry.division.out_of_scope"),
			"<td class=\"num\">5</td><td>所在园区</td><td>"+s.ZH("registry.park.unknown"),
			"<td class=\"num\">5</td><td>示意</td><td>"+s.ZH("registry.import.bad_bool"))
		if n, _ := countRows(t, d, "registry_orgs"); n != before {
			t.Fatalf("%d organisations after a refused import, want %d", n, before)
		}
		if n, _ := countRows(t, d, "audit_log"); n != trail {
			t.Fatalf("audit records %d → %d after a refused import", trail, n)
		}

		// The same credit code twice in one sheet: the second row is reported.
		file = webtest.Workbook(t, headers,
			[]any{"企业", "甲公司", usccX, "652327", "", ""},
			[]any{"企业", "乙公司", strings.ToLower(usccX), "652327", "", ""},
		)
		w = s.Upload("/registry/orgs/import", "county:652327", file)
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "<td class=\"num\">3</td><td>统一社会信用代码</td><td>"+s.ZH("registry.org.uscc_duplicate"))
		if n, _ := countRows(t, d, "registry_orgs"); n != before {
			t.Fatalf("%d organisations after a refused import, want %d", n, before)
		}

		// A good sheet, English headers, is imported whole.
		file = webtest.Workbook(t, []string{"Type", "Name", "Unified social credit code", "Division code", "Park", "Phone"},
			[]any{"Enterprise", "甲公司", usccX, "652327", "城南工业园区", "0994-1234567"},
			[]any{"government", "吉木萨尔县应急管理局", "", "吉木萨尔县", "", ""},
		)
		w = s.Upload("/registry/orgs/import", "county:652327", file)
		webtest.WantStatus(t, w, http.StatusSeeOther)
		if n, _ := countRows(t, d, "registry_orgs"); n != before+2 {
			t.Fatalf("%d organisations after import, want %d", n, before+2)
		}
		o := must(s.f.svc.FindOrganisationByUSCC(sysCtx(), usccX))
		if o.ParkID != s.f.parkJ.ID || o.Phone != "0994-1234567" {
			t.Fatalf("imported %+v", o)
		}

		// People and parks import too.
		w = s.Upload("/registry/people/import", "admin", webtest.Workbook(t, []string{"姓名", "所在单位", "职责说明"},
			[]any{"王建国", usccM, "包保领导"}, []any{"赵磊", "甲公司", ""}))
		webtest.WantStatus(t, w, http.StatusSeeOther)
		p, n, _ := s.f.svc.ListPeople(sysCtx(), PersonFilter{Q: "王建国"})
		if n != 1 || p[0].DivisionCode != "652328" || p[0].OrgID != s.f.orgM.ID {
			t.Fatalf("imported person %+v", p)
		}
		w = s.Upload("/registry/parks/import", "admin", webtest.Workbook(t, []string{"园区名称", "园区级别", "园区类型", "行政区划代码", "批准面积（平方公里）", "设立日期"},
			[]any{"昌吉国家高新技术产业开发区", "国家级", "高新技术产业开发区", "652301", "1,234.5", "2010/11/5"}))
		webtest.WantStatus(t, w, http.StatusSeeOther)
		pk, _, _ := s.f.svc.ListParks(sysCtx(), ParkFilter{Q: "高新"})
		if len(pk) != 1 || pk[0].AreaKm2 == nil || *pk[0].AreaKm2 != 1234.5 || pk[0].Established.String() != "2010-11-05" {
			t.Fatalf("imported park %+v", pk)
		}
	})
}

func TestImportRefusesBadFiles(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		tests := []struct {
			name string
			file []byte
			key  string
		}{
			{"not an xlsx", []byte("name,uscc\n甲,1\n"), "xlsx.corrupt"},
			{"header only", webtest.Workbook(t, []string{"机构类型", "机构名称", "行政区划代码"}), "xlsx.empty"},
			{"larger than 5 MiB", bytes.Repeat([]byte{'x'}, 5<<20+1), "xlsx.too_large"},
		}
		for _, tt := range tests {
			w := s.Upload("/registry/orgs/import", "admin", tt.file)
			if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `data-testid="xlsx-import-form"`) {
				t.Fatalf("%s: status %d\n%.2000s", tt.name, w.Code, w.Body.String())
			}
			if !strings.Contains(w.Body.String(), html.EscapeString(strings.SplitN(s.Cat.T(web.LangZH, tt.key), "%", 2)[0])) {
				t.Fatalf("%s: message %s missing\n%.3000s", tt.name, tt.key, w.Body.String())
			}
		}
		// A sheet without a required column names it.
		w := s.Upload("/registry/orgs/import", "admin", webtest.Workbook(t, []string{"机构名称"}, []any{"甲"}))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "机构类型")
		if n, _ := countRows(t, d, "registry_orgs"); n != 2 {
			t.Fatalf("%d organisations", n)
		}
	})
}
