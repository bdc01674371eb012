package safety

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// testAuth is test scaffolding for web.Authenticator: X-Test-User names a
// principal — "admin", "bureau", "inspector:652327", "enterprise:<org id>".
type testAuth struct{}

func (testAuth) Authenticate(r *http.Request) (*access.Principal, error) {
	who := r.Header.Get("X-Test-User")
	if c, err := r.Cookie("bogda_test_user"); err == nil && who == "" {
		who, _ = url.QueryUnescape(c.Value)
	}
	kind, arg, _ := strings.Cut(who, ":")
	p := &access.Principal{UserID: 9, Username: who, Name: who}
	switch kind {
	case "":
		return nil, nil
	case "admin":
		p.Role = access.RoleAdmin
		if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
			p.UserID = id
		}
	case "bureau":
		p.Role = access.RoleBureauSafety
	case "inspector":
		p.Role, p.Scope = access.RoleInspector, access.Scope{Division: arg}
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
	f    *fixture
	csrf *http.Cookie
}

func newSite(t *testing.T, d *db.DB) *site {
	t.Helper()
	f := newFixture(t, d)
	cat, err := web.NewCatalog(web.Locale(), Locale())
	if err != nil {
		t.Fatal(err)
	}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rd, err := web.NewRenderer(cat, assets, []web.NavItem{Nav()}, log, Templates())
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{Version: "test"}, rd, assets, testAuth{}, log)
	NewHTTP(f.svc).Register(srv)
	st := &site{t: t, h: srv.Handler(), f: f}
	// Any answer sets the double-submit cookie; a browser form or a script
	// repeats it in the X-CSRF-Token header.
	w := httptest.NewRecorder()
	st.h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/public/reports/none", nil))
	for _, c := range w.Result().Cookies() {
		if c.Name == "bogda_csrf" {
			st.csrf = c
		}
	}
	if st.csrf == nil {
		t.Fatal("no CSRF cookie")
	}
	return st
}

func (s *site) do(method, path, user, ctype string, body io.Reader) *httptest.ResponseRecorder {
	s.t.Helper()
	r := httptest.NewRequest(method, path, body)
	r.RemoteAddr = "198.51.100.7:5000"
	if user != "" {
		r.Header.Set("X-Test-User", user)
	}
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	r.Header.Set("X-CSRF-Token", s.csrf.Value)
	r.AddCookie(s.csrf)
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	return w
}

func (s *site) json(method, path, user string, body any) *httptest.ResponseRecorder {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	return s.do(method, path, user, "application/json", rd)
}

func form(fields map[string]string, files map[string][][]byte) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for k, list := range files {
		for i, b := range list {
			fw, _ := mw.CreateFormFile(k, fmt.Sprintf("%s%d.png", k, i))
			_, _ = fw.Write(b)
		}
	}
	mw.Close()
	return mw.FormDataContentType(), &buf
}

func wantStatus(t *testing.T, w *httptest.ResponseRecorder, want int) {
	t.Helper()
	if w.Code != want {
		t.Fatalf("status = %d, want %d: %s", w.Code, want, w.Body.String())
	}
}

func TestHTTPPublicReport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		fields := map[string]string{"division_code": "652327", "body": "储罐安全阀被拆除", "anonymous": "1", "lat": "44.0", "lng": "89.18"}
		ct, body := form(fields, map[string][][]byte{"photo": {pngBytes}})
		w := s.do("POST", "/api/v1/public/reports", "", ct, body)
		wantStatus(t, w, http.StatusCreated)
		var rc Receipt
		if err := json.Unmarshal(w.Body.Bytes(), &rc); err != nil || rc.TrackingCode == "" {
			t.Fatalf("receipt = %s", w.Body)
		}
		w = s.do("GET", "/api/v1/public/reports/"+strings.ToLower(rc.TrackingCode), "", "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `"status":"received"`) {
			t.Errorf("track = %s", w.Body)
		}
		// A script in the text: 422 naming the field; a bad number: 422.
		bad := map[string]string{"division_code": "652327", "body": "<script>alert(1)</script>", "anonymous": "1"}
		ct, body = form(bad, nil)
		w = s.do("POST", "/api/v1/public/reports", "", ct, body)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), `"field":"body"`) || !strings.Contains(w.Body.String(), KeyMarkup) {
			t.Errorf("markup answer = %s", w.Body)
		}
		// A 50 MB "photo": refused before it is read whole.
		ct, body = form(fields, map[string][][]byte{"photo": {append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 50<<20)...)}})
		w = s.do("POST", "/api/v1/public/reports", "", ct, body)
		wantStatus(t, w, http.StatusRequestEntityTooLarge)
		// Five submissions from one address in 10 minutes (refused ones
		// count), then no more.
		for range 2 {
			ct, body = form(fields, nil)
			wantStatus(t, s.do("POST", "/api/v1/public/reports", "", ct, body), http.StatusCreated)
		}
		ct, body = form(fields, nil)
		w = s.do("POST", "/api/v1/public/reports", "", ct, body)
		wantStatus(t, w, http.StatusTooManyRequests)
		// Staff see the reports; an enterprise user is refused.
		wantStatus(t, s.json("GET", "/api/v1/safety/reports", "inspector:652327", nil), http.StatusOK)
		wantStatus(t, s.json("GET", "/api/v1/safety/reports", fmt.Sprintf("enterprise:%d", s.f.orgJ.ID), nil), http.StatusForbidden)
	})
}

func TestHTTPHazards(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		entJ := fmt.Sprintf("enterprise:%d", s.f.orgJ.ID)
		entM := fmt.Sprintf("enterprise:%d", s.f.orgM.ID)
		w := s.json("POST", "/api/v1/safety/hazards", entJ, map[string]any{"enterprise_id": s.f.entJ.ID, "source": "self", "grade": "general",
			"kind": "equipment", "title": "警示标志缺失", "found_on": "2026-01-05", "deadline": "2026-01-08"})
		wantStatus(t, w, http.StatusCreated)
		var h Hazard
		_ = json.Unmarshal(w.Body.Bytes(), &h)
		path := fmt.Sprintf("/api/v1/safety/hazards/%d", h.ID)
		wantStatus(t, s.json("GET", path, entJ, nil), http.StatusOK)
		wantStatus(t, s.json("GET", path, entM, nil), http.StatusNotFound)
		wantStatus(t, s.json("GET", path, "inspector:652328", nil), http.StatusNotFound)
		wantStatus(t, s.json("GET", path, "", nil), http.StatusUnauthorized)
		// Malformed and unknown-field JSON: 422, never 500.
		wantStatus(t, s.do("POST", "/api/v1/safety/hazards", entJ, "application/json", strings.NewReader("{")), http.StatusUnprocessableEntity)
		wantStatus(t, s.json("POST", path+"/fix", entJ, map[string]any{"nope": 1}), http.StatusUnprocessableEntity)
		// Closure without evidence; then with an uploaded photo.
		w = s.json("POST", path+"/fix", entJ, map[string]any{"note": "已补设"})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), KeyEvidenceRequired) {
			t.Errorf("fix answer = %s", w.Body)
		}
		ct, body := form(nil, map[string][][]byte{"file": {pngBytes}})
		wantStatus(t, s.do("POST", path+"/evidence", entM, ct, body), http.StatusNotFound)
		ct, body = form(nil, map[string][][]byte{"file": {pngBytes}})
		wantStatus(t, s.do("POST", path+"/evidence", entJ, ct, body), http.StatusCreated)
		w = s.json("POST", path+"/fix", entJ, map[string]any{"note": "已补设"})
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `"status":"closed"`) {
			t.Errorf("fixed = %s", w.Body)
		}
		w = s.json("GET", "/api/v1/safety/statistics/quarterly?year=2026&quarter=1", "bureau", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `"due":"2026-04-15"`) {
			t.Errorf("quarterly = %s", w.Body)
		}
		wantStatus(t, s.json("GET", "/api/v1/safety/statistics/quarterly?year=2026&quarter=5", "bureau", nil), http.StatusUnprocessableEntity)
		wantStatus(t, s.json("GET", "/api/v1/safety/checklist?sector=fire&date=2025-11-01", entJ, nil), http.StatusOK)
		wantStatus(t, s.json("GET", "/api/v1/safety/checklist?sector=fire&date=2025-13-01", entJ, nil), http.StatusUnprocessableEntity)
	})
}

func (s *site) post(path, user string, form url.Values) *httptest.ResponseRecorder {
	s.t.Helper()
	return s.do("POST", path, user, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// The walk of issue 4's browser test (a) over the pages, without a
// browser: an inspector's finding to a major hazard through plan, listing,
// evidence, verification and closure.
func TestPagesMajorHazard(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		insp, entJ, entM := "inspector:652327", fmt.Sprintf("enterprise:%d", s.f.orgJ.ID), fmt.Sprintf("enterprise:%d", s.f.orgM.ID)
		wantStatus(t, s.do("GET", "/safety", insp, "", nil), http.StatusOK)
		w := s.do("GET", fmt.Sprintf("/safety/hazards/new?enterprise_id=%d", s.f.entJ.ID), insp, "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "安全阀、爆破片等安全附件未正常投用") {
			t.Error("checklist items not offered")
		}
		relief := criterionID(t, d, "AJZG3-2017-121", "15")
		form := url.Values{"enterprise_id": {fmt.Sprint(s.f.entJ.ID)}, "criterion_id": {fmt.Sprint(relief)}, "title": {"2号储罐安全阀未投用"},
			"source": {"department"}, "grade": {"general"}, "kind": {"equipment"}, "found_on": {"2026-01-05"}, "deadline": {"2026-01-10"}}
		w = s.post("/safety/hazards/new", insp, form)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), "判定标准条款对应重大事故隐患") {
			t.Errorf("grade error not shown: %s", w.Body)
		}
		form.Set("grade", "major")
		w = s.post("/safety/hazards/new", insp, form)
		wantStatus(t, w, http.StatusSeeOther)
		page := w.Header().Get("Location")
		wantStatus(t, s.do("GET", page, entM, "", nil), http.StatusNotFound)
		w = s.post(page+"/plan", entJ, url.Values{"measures": {"更换安全阀"}, "deadline": {"2026-02-28"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		w = s.post(page+"/plan", entJ, url.Values{"responsible": {"设备部"}, "measures": {"更换安全阀"}, "funds_yuan": {"80000.50"},
			"deadline": {"2026-02-28"}, "contingency": {"降液位运行，设警戒区"}})
		wantStatus(t, w, http.StatusSeeOther)
		wantStatus(t, s.post(page+"/listing", insp, url.Values{"level": {"prefecture"}, "listed_by": {"昌吉州安委办"}, "listed_on": {"2026-01-06"}}), http.StatusSeeOther)
		ct, body := form2(map[string][][]byte{"file": {pngBytes}})
		wantStatus(t, s.do("POST", page+"/evidence", entJ, ct, body), http.StatusSeeOther)
		wantStatus(t, s.post(page+"/apply", entJ, url.Values{"note": {"已更换"}}), http.StatusSeeOther)
		w = s.post(page+"/verify", entJ, url.Values{})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		wantStatus(t, s.post(page+"/verify", insp, url.Values{"note": {"现场核查合格"}}), http.StatusSeeOther)
		w = s.do("GET", page, insp, "", nil)
		wantStatus(t, w, http.StatusOK)
		for _, want := range []string{"已销号", "80000.50", "州级挂牌督办", "未改动"} {
			if !strings.Contains(w.Body.String(), want) {
				t.Errorf("hazard page lacks %q", want)
			}
		}
		w = s.do("GET", page+"/notice", insp, "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "事故隐患整改通知书") {
			t.Error("notice not rendered")
		}
		wantStatus(t, s.do("GET", "/safety/hazards?overdue=1", "bureau", "", nil), http.StatusOK)
		wantStatus(t, s.do("GET", "/safety/statistics?year=2026&quarter=1", "bureau", "", nil), http.StatusOK)
		for _, p := range []string{"/safety/statistics?year=2026&quarter=year&by=sector", "/safety/statistics?year=2026&quarter=1&by=kind"} {
			wantStatus(t, s.do("GET", p, "bureau", "", nil), http.StatusOK)
		}
		for _, p := range []string{"/safety/hazards/export.xlsx?grade=major", "/safety/statistics/export.xlsx?year=2026&quarter=1", "/safety/statistics/export.xlsx?year=2026&quarter=year&by=kind"} {
			w = s.do("GET", p, "bureau", "", nil)
			wantStatus(t, w, http.StatusOK)
			if !bytes.HasPrefix(w.Body.Bytes(), []byte("PK")) {
				t.Errorf("%s is not a workbook", p)
			}
		}
		acts := must(s.f.svc.CreateAction(bureauCtx(), ActionInput{EnterpriseID: s.f.entJ.ID, Kind: "summons", DecidedOn: s.f.svc.today().Format("2006-01-02"), Authority: "吉木萨尔县应急管理局"}))
		w = s.do("GET", fmt.Sprintf("/safety/actions/%d/notice", acts.ID), "bureau", "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "约谈通知书") {
			t.Error("summons notice not rendered")
		}
		wantStatus(t, s.do("GET", fmt.Sprintf("/safety/actions/%d/notice", acts.ID), entM, "", nil), http.StatusNotFound)
	})
}

// The public side of issue 4's browser test (b) over the pages.
func TestPagesPublicReport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		w := s.do("GET", "/report", "", "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "吉木萨尔县") {
			t.Error("counties not offered")
		}
		ct, body := formFields(map[string]string{"division_code": "652327", "body": "<script>alert(1)</script>", "anonymous": "1", "csrf": s.csrf.Value}, nil)
		w = s.do("POST", "/report", "", ct, body)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		if strings.Contains(w.Body.String(), "<script>alert(1)</script>") || !strings.Contains(w.Body.String(), "内容不能包含网页标签或脚本") {
			t.Errorf("markup answer wrong")
		}
		ct, body = formFields(map[string]string{"division_code": "652327", "body": "储罐区夜间动火无人监护", "anonymous": "1", "csrf": s.csrf.Value},
			map[string][][]byte{"photo": {pngBytes}})
		w = s.do("POST", "/report", "", ct, body)
		wantStatus(t, w, http.StatusCreated)
		m := regexp.MustCompile(`data-testid="tracking-code">([A-Z0-9-]+)<`).FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Fatalf("no tracking code: %s", w.Body)
		}
		w = s.do("GET", "/report/track?code="+m[1], "", "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "已受理") {
			t.Errorf("track page: %s", w.Body)
		}
		w = s.do("GET", "/report/track?code=AAAA-BBBB-CCCC", "", "", nil)
		if !strings.Contains(w.Body.String(), "track-miss") {
			t.Error("unknown code not reported")
		}
	})
}

func form2(files map[string][][]byte) (string, *bytes.Buffer) { return formFields(nil, files) }

func formFields(fields map[string]string, files map[string][][]byte) (string, *bytes.Buffer) {
	return form(fields, files)
}

// Issue 4's browser test (b) over the pages: an anonymous public report
// followed by its code to a paid reward.
func TestPagesReportToReward(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		ct, body := formFields(map[string]string{"division_code": "652327", "enterprise_name": "吉木萨尔化工有限公司", "body": "储罐安全阀被拆除",
			"anonymous": "1", "lat": "44.0", "lng": "89.18", "csrf": s.csrf.Value}, map[string][][]byte{"photo": {pngBytes}})
		w := s.do("POST", "/report", "", ct, body)
		wantStatus(t, w, http.StatusCreated)
		code := regexp.MustCompile(`data-testid="tracking-code">([A-Z0-9-]+)<`).FindStringSubmatch(w.Body.String())[1]
		w = s.do("GET", "/safety/reports", "inspector:652327", "", nil)
		wantStatus(t, w, http.StatusOK)
		m := regexp.MustCompile(`href="/safety/reports/(\d+)">` + code).FindStringSubmatch(w.Body.String())
		if m == nil {
			t.Fatalf("report not listed: %s", w.Body)
		}
		page := "/safety/reports/" + m[1]
		w = s.do("GET", page, "inspector:652327", "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "report-photo") && !strings.Contains(w.Body.String(), "/safety/report-files/") {
			t.Error("photo not linked")
		}
		wantStatus(t, s.do("GET", page, "inspector:652328", "", nil), http.StatusNotFound)
		w = s.post(page+"/route", "inspector:652327", url.Values{"enterprise_id": {fmt.Sprint(s.f.entJ.ID)}, "title": {"储罐安全阀被拆除"},
			"grade": {"major"}, "kind": {"equipment"}, "regulator": {"吉木萨尔县应急管理局"}, "deadline": {s.f.svc.today().AddDate(0, 0, 10).Format("2006-01-02")}})
		wantStatus(t, w, http.StatusSeeOther)
		wantStatus(t, s.post(page+"/reward", "inspector:652327", url.Values{"basis": {"fine_share"}, "fine_yuan": {"100000"}}), http.StatusForbidden)
		wantStatus(t, s.post(page+"/reward", "admin:1", url.Values{"basis": {"fine_share"}, "fine_yuan": {"100000"}}), http.StatusSeeOther)
		w = s.do("GET", page, "admin:2", "", nil)
		rid := regexp.MustCompile(`name="reward_id" value="(\d+)"`).FindStringSubmatch(w.Body.String())
		if rid == nil || !strings.Contains(w.Body.String(), "15000.00") {
			t.Fatalf("reward not shown: %s", w.Body)
		}
		wantStatus(t, s.post(page+"/approve", "admin:1", url.Values{"reward_id": {rid[1]}}), http.StatusUnprocessableEntity)
		wantStatus(t, s.post(page+"/approve", "admin:2", url.Values{"reward_id": {rid[1]}}), http.StatusSeeOther)
		wantStatus(t, s.post(page+"/pay", "admin:2", url.Values{"reward_id": {rid[1]}, "paid_on": {s.f.svc.today().Format("2006-01-02")}, "payment_ref": {"ZF-2026-001"}}), http.StatusSeeOther)
		w = s.do("GET", "/report/track?code="+code, "", "", nil)
		if !strings.Contains(w.Body.String(), "已发放") || !strings.Contains(w.Body.String(), "15000.00") {
			t.Errorf("tracking page: %s", w.Body)
		}
	})
}

func TestPagesInspection(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		insp := "inspector:652327"
		w := s.do("GET", fmt.Sprintf("/safety/inspections/new?enterprise_id=%d&date=2026-01-05", s.f.entJ.ID), insp, "", nil)
		wantStatus(t, w, http.StatusOK)
		c4, c15 := criterionID(t, d, "AJZG3-2017-121", "4"), criterionID(t, d, "AJZG3-2017-121", "15")
		form := url.Values{"enterprise_id": {fmt.Sprint(s.f.entJ.ID)}, "inspected_on": {"2026-01-05"}, "kind": {"department"},
			fmt.Sprintf("result_%d", c4): {"pass"}, fmt.Sprintf("result_%d", c15): {"fail"}, fmt.Sprintf("note_%d", c15): {"2号罐安全阀拆除"}}
		w = s.post("/safety/inspections/new", insp, form)
		wantStatus(t, w, http.StatusUnprocessableEntity) // inspectors' names are required
		form.Set("inspectors", "王强、李娜")
		form.Set("deadline", "2026-01-20")
		form.Set("enterprise_signer", "李明")
		w = s.post("/safety/inspections/new", insp, form)
		wantStatus(t, w, http.StatusSeeOther)
		w = s.do("GET", w.Header().Get("Location"), insp, "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "finding-hazard") || !strings.Contains(w.Body.String(), "李明") {
			t.Errorf("record = %s", w.Body)
		}
		rec := regexp.MustCompile(`action="(/safety/inspections/\d+)/photos"`).FindStringSubmatch(w.Body.String())
		if rec == nil {
			t.Fatal("no photo form")
		}
		ct, body := formFields(nil, map[string][][]byte{"file": {pngBytes}})
		wantStatus(t, s.do("POST", rec[1]+"/photos", insp, ct, body), http.StatusSeeOther)
		ct, body = formFields(nil, map[string][][]byte{"file": {[]byte("<script>x</script>")}})
		wantStatus(t, s.do("POST", rec[1]+"/photos", insp, ct, body), http.StatusUnprocessableEntity)
		w = s.do("GET", rec[1], insp, "", nil)
		ph := regexp.MustCompile(`href="(/safety/inspection-files/\d+)"`).FindStringSubmatch(w.Body.String())
		if ph == nil {
			t.Fatal("photo not listed")
		}
		wantStatus(t, s.do("GET", ph[1], insp, "", nil), http.StatusOK)
		wantStatus(t, s.do("GET", ph[1], "inspector:652328", "", nil), http.StatusNotFound)
	})
}

func TestPagesMore(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		page := fmt.Sprintf("/safety/enterprises/%d", s.f.entJ.ID)
		for _, p := range []string{"/safety/enterprises", page, "/safety/criteria", "/safety/lists", "/cases", "/public-lists"} {
			wantStatus(t, s.do("GET", p, "inspector:652327", "", nil), http.StatusOK)
		}
		wantStatus(t, s.do("GET", page, "inspector:652328", "", nil), http.StatusNotFound)
		w := s.post(page+"/assign", "inspector:652327", url.Values{"leader_person_id": {fmt.Sprint(s.f.leader.ID)}, "starts_on": {s.f.svc.today().Format("2006-01-02")}})
		wantStatus(t, w, http.StatusSeeOther)
		w = s.post(page+"/duty", "inspector:652327", url.Values{"checker": {"王强"}, "checked_on": {"2026-01-05"}, "duty_21-1": {"met"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		w = s.do("GET", page, "inspector:652327", "", nil)
		if !strings.Contains(w.Body.String(), "王副县长") || !strings.Contains(w.Body.String(), "enterprise-leaders") {
			t.Error("assignment not shown")
		}
		// Bring a registry enterprise into the campaign from the page.
		org := must(s.f.reg.CreateOrganisation(sysCtx(), orgInput("吉木萨尔示范运输有限公司", "91110108551385082Q", "652327")))
		w = s.do("GET", "/safety/enterprises/new", "inspector:652327", "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "吉木萨尔示范运输有限公司") || strings.Contains(w.Body.String(), "木垒矿业有限公司") {
			t.Error("offered organisations wrong")
		}
		wantStatus(t, s.post("/safety/enterprises/new", "inspector:652327", url.Values{"org_id": {fmt.Sprint(org.ID)}}), http.StatusUnprocessableEntity)
		wantStatus(t, s.post("/safety/enterprises/new", "inspector:652327", url.Values{"org_id": {fmt.Sprint(org.ID)}, "sector": {"road"},
			"licence_kind": {"道路运输经营许可证"}, "licence_number": {"652327-001"}}), http.StatusSeeOther)
		sets := must(s.f.svc.ListCriteriaSets(bureauCtx(), "coal"))
		w = s.do("GET", fmt.Sprintf("/safety/criteria/%d", sets[0].ID), "inspector:652327", "", nil)
		wantStatus(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), "瓦斯超限作业") {
			t.Error("coal items not shown")
		}
	})
}

func TestPagesCriteriaImport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		var set25 CriteriaSet
		for _, cs := range must(s.f.svc.ListCriteriaSets(bureauCtx(), "fire")) {
			if cs.Code == "GB35181-2025" {
				set25 = cs
			}
		}
		book := func(rows [][]any) []byte {
			var b bytes.Buffer
			err := xlsx.Export(&b, "items", []string{"条款编号", "条", "内容（摘要）", "隐患类别"}, func(yield func([]any) error) error {
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
		path := fmt.Sprintf("/safety/criteria/%d/import", set25.ID)
		ct, body := formFields(nil, map[string][][]byte{"file": {book([][]any{{"5.1", "5", "直接判定要素一（导入）", "illegal_act"}, {"5.2", "5", "<script>x</script>", "equipment"}})}})
		w := s.do("POST", path, "bureau", ct, body)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		if n := len(must(s.f.svc.GetCriteriaSet(bureauCtx(), set25.ID)).Items); n != 0 {
			t.Fatalf("refused import left %d items", n)
		}
		ct, body = formFields(nil, map[string][][]byte{"file": {book([][]any{{"5.1", "5", "直接判定要素一（导入）", "illegal_act"}, {"5.2", "5", "直接判定要素二（导入）", "equipment"}})}})
		wantStatus(t, s.do("POST", path, "inspector:652327", ct, body), http.StatusForbidden)
		ct, body = formFields(nil, map[string][][]byte{"file": {book([][]any{{"5.1", "5", "直接判定要素一（导入）", "illegal_act"}, {"5.2", "5", "直接判定要素二（导入）", "equipment"}})}})
		wantStatus(t, s.do("POST", path, "bureau", ct, body), http.StatusSeeOther)
		if n := len(must(s.f.svc.GetCriteriaSet(bureauCtx(), set25.ID)).Items); n != 2 {
			t.Errorf("imported %d items", n)
		}
	})
}

// Every route is in the OpenAPI document, whose schemas the generator can
// build from the module's types.
func TestOpenAPI(t *testing.T) {
	d := dbtest.Open(t, dbtest.Engines()[0], sets()...)
	s := newSite(t, d)
	w := s.do("GET", "/api/v1/openapi.json", "", "", nil)
	wantStatus(t, w, http.StatusOK)
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	paths, _ := doc["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/safety/hazards", "/api/v1/safety/hazards/{id}/plan", "/api/v1/safety/reports/{id}/reward", "/api/v1/safety/rankings"} {
		if _, ok := paths[p]; !ok {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}

// Issue 4: "an enterprise user of one company can see nothing of
// another's" — every list and page of the module, as 木垒矿业's user, after
// 吉木萨尔化工 has a record of every kind.
func TestEnterpriseSeesNothingOfAnother(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		svc, f := s.f.svc, s.f
		today := svc.today().Format(time.DateOnly)
		insp := inspectorCtx("652327")
		h := must(svc.CreateHazard(insp, HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "general", Kind: "equipment", Title: "秘密隐患", FoundOn: today, Deadline: today}))
		_ = must(svc.AddEvidence(insp, h.ID, "a.png", pngBytes))
		a := must(svc.CreateAction(insp, ActionInput{EnterpriseID: f.entJ.ID, HazardID: h.ID, Kind: "summons", DecidedOn: today, Authority: "x"}))
		_ = must(svc.AssignLeader(insp, AssignmentInput{EnterpriseID: f.entJ.ID, LeaderPersonID: f.leader.ID, StartsOn: today}))
		k := must(svc.CreateCase(insp, CaseInput{EnterpriseID: f.entJ.ID, Title: "秘密案件", OpenedOn: today}))
		x := must(svc.CreateInspection(insp, InspectionInput{EnterpriseID: f.entJ.ID, Kind: "department", InspectedOn: today, Inspectors: "王强",
			Findings: []FindingInput{{CriterionID: criterionID(t, d, "AJZG3-2017-121", "4"), Passed: true}}}))
		_ = must(svc.AddDishonesty(bureauCtx(), DishonestyInput{OrgID: f.orgJ.ID, SituationCode: "A4", DecisionNo: "1", Authority: "x", DecidedOn: today, PublishedOn: today}))
		other := fmt.Sprintf("enterprise:%d", f.orgM.ID)
		secret := []string{f.orgJ.Name, "秘密"}
		for _, p := range []string{
			"/api/v1/safety/hazards", "/api/v1/safety/actions", "/api/v1/safety/enterprises", "/api/v1/safety/assignments",
			"/api/v1/safety/dishonesty", "/api/v1/safety/coverage", "/api/v1/safety/todos", "/api/v1/safety/statistics?by=division",
			"/safety", "/safety/hazards", "/safety/enterprises", "/safety/lists", "/safety/statistics",
		} {
			w := s.do("GET", p, other, "", nil)
			wantStatus(t, w, http.StatusOK)
			for _, sec := range secret {
				if strings.Contains(w.Body.String(), sec) {
					t.Errorf("%s shows %q to another company", p, sec)
				}
			}
		}
		for _, p := range []string{
			fmt.Sprintf("/api/v1/safety/hazards/%d", h.ID), fmt.Sprintf("/api/v1/safety/hazards/%d/history", h.ID), fmt.Sprintf("/api/v1/safety/hazards/%d/evidence", h.ID),
			fmt.Sprintf("/api/v1/safety/actions/%d", a.ID), fmt.Sprintf("/api/v1/safety/cases/%d", k.ID), fmt.Sprintf("/api/v1/safety/inspections/%d", x.ID),
			fmt.Sprintf("/api/v1/safety/enterprises/%d", f.entJ.ID), fmt.Sprintf("/safety/hazards/%d", h.ID), fmt.Sprintf("/safety/hazards/%d/notice", h.ID),
			fmt.Sprintf("/safety/actions/%d/notice", a.ID), fmt.Sprintf("/safety/inspections/%d", x.ID), fmt.Sprintf("/safety/enterprises/%d", f.entJ.ID),
		} {
			wantStatus(t, s.do("GET", p, other, "", nil), http.StatusNotFound)
		}
	})
}
