package safety

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "safety", FS: sub}
}

// Nav is the module's entry of the main navigation.
func Nav() web.NavItem {
	return web.NavItem{Href: "/safety", Label: "safety.title", Perm: access.PermModuleSafety}
}

// registerPages mounts the HTML pages: the signed-in workbench under
// /safety and the public report form and tracking page under /report.
func (h *HTTP) registerPages(srv *web.Server) {
	read := access.PermModuleSafety
	srv.Page("GET /safety", read, h.overview)
	srv.Page("GET /safety/hazards", read, h.hazardList)
	srv.Page("GET /safety/hazards/new", read, h.hazardNew)
	srv.Page("POST /safety/hazards/new", read, h.hazardCreate)
	srv.Page("GET /safety/hazards/{id}", read, h.hazardShow)
	srv.Page("GET /safety/hazards/{id}/notice", read, h.hazardNotice)
	srv.Page("POST /safety/hazards/{id}/{step}", read, h.hazardStep)
	srv.Page("GET /safety/files/{id}", read, h.fileDownload)
	srv.Page("GET /safety/statistics", read, h.statistics)
	h.registerReportPages(srv)
	h.registerExports(srv)
	h.registerInspectionPages(srv)
	h.registerMorePages(srv)
	srv.Public("GET /cases", h.publicCases)
	srv.Public("GET /public-lists", h.publicLists)
	srv.Public("GET /report", h.reportForm)
	srv.Public("POST /report", h.reportSubmit)
	srv.Public("GET /report/track", h.reportTrack)
}

type overviewData struct {
	Todos          []Todo
	Open, Overdue  int
	Listed, Verify int
	CanRecord      bool
}

func (h *HTTP) overview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	todos, err := h.svc.Todos(ctx)
	if err != nil {
		return err
	}
	d := overviewData{Todos: todos}
	for _, q := range []struct {
		f   HazardFilter
		dst *int
	}{{HazardFilter{Open: true, Limit: 1}, &d.Open}, {HazardFilter{Overdue: true, Limit: 1}, &d.Overdue},
		{HazardFilter{Listed: true, Open: true, Limit: 1}, &d.Listed}, {HazardFilter{Status: string(StatusVerifying), Limit: 1}, &d.Verify}} {
		if _, *q.dst, err = h.svc.ListHazards(ctx, q.f); err != nil {
			return err
		}
	}
	_, _, perr := party(ctx)
	d.CanRecord = perr == nil
	h.srv.Render(w, r, web.Page{Name: "safety/index", Title: "safety.title", Data: d})
	return nil
}

type hazardListData struct {
	Items    []Hazard
	Total    int
	Query    url.Values
	Pager    web.Pager
	Statuses []Status
	Grades   []Grade
}

func (h *HTTP) hazardList(w http.ResponseWriter, r *http.Request) error {
	limit, offset := web.Paging(r)
	q := r.URL.Query()
	items, total, err := h.svc.ListHazards(r.Context(), HazardFilter{Q: q.Get("q"), Status: q.Get("status"), Grade: q.Get("grade"),
		Overdue: q.Get("overdue") == "1", Listed: q.Get("listed") == "1", Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/hazards", Title: "safety.hazard.list", Data: hazardListData{Items: items, Total: total, Query: q,
		Pager: web.Pager{Total: total, Limit: limit, Offset: offset, URL: r.URL}, Statuses: Statuses(), Grades: Grades()}})
	return nil
}

type hazardFormData struct {
	In          HazardInput
	Enterprises []Enterprise
	Sources     []Source
	Grades      []Grade
	Kinds       []Kind
	Checklist   []CriteriaSet
}

func (h *HTTP) hazardFormData(r *http.Request, in HazardInput) (hazardFormData, error) {
	ents, _, err := h.svc.ListEnterprises(r.Context(), EnterpriseFilter{Limit: 500})
	if err != nil {
		return hazardFormData{}, err
	}
	d := hazardFormData{In: in, Enterprises: ents, Sources: Sources(), Grades: Grades(), Kinds: Kinds()}
	// The checklist of the chosen enterprise's sector on the day found,
	// so the inspector picks the item of the edition then in force.
	for _, e := range ents {
		if e.ID == in.EnterpriseID {
			on := h.svc.today()
			if v, err := parseISODate(in.FoundOn); err == nil {
				on = v
			}
			if d.Checklist, err = h.svc.Checklist(r.Context(), e.Sector, on); err != nil {
				return d, err
			}
		}
	}
	return d, nil
}

func parseISODate(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, strings.TrimSpace(s))
}

func (h *HTTP) hazardNew(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := party(r.Context()); err != nil {
		return err
	}
	in := HazardInput{EnterpriseID: qInt(r, "enterprise_id"), FoundOn: h.svc.today().Format(time.DateOnly), Source: string(SourceDepartment), Grade: string(GradeGeneral)}
	if p := access.From(r.Context()); p.Role == access.RoleEnterprise {
		in.Source = string(SourceSelf)
	}
	d, err := h.hazardFormData(r, in)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/hazard_new", Title: "safety.hazard.new", Data: d})
	return nil
}

func formInt(r *http.Request, k string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue(k)), 10, 64)
	return n
}

func (h *HTTP) hazardCreate(w http.ResponseWriter, r *http.Request) error {
	in := HazardInput{EnterpriseID: formInt(r, "enterprise_id"), Source: r.PostFormValue("source"), Grade: r.PostFormValue("grade"), Kind: r.PostFormValue("kind"),
		Title: r.PostFormValue("title"), Description: r.PostFormValue("description"), CriterionID: formInt(r, "criterion_id"),
		FoundOn: r.PostFormValue("found_on"), Deadline: r.PostFormValue("deadline")}
	hz, err := h.svc.CreateHazard(r.Context(), in)
	if v, ok := errs.AsValidation(err); ok {
		d, err := h.hazardFormData(r, in)
		if err != nil {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "safety/hazard_new", Title: "safety.hazard.new", Status: http.StatusUnprocessableEntity, Errors: v, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/hazards/%d", hz.ID))
	return nil
}

type hazardData struct {
	H           Hazard
	Plan        Plan
	HasPlan     bool
	Files       []FileCheck
	History     []HazardEvent
	Actions     []Action
	Regulator   bool
	Party       bool
	ReviewDue   Date
	Grades      []Grade
	Levels      []ListingLevel
	ActionKinds []ActionKind
	Today       string
}

func (h *HTTP) hazardData(r *http.Request, id int64) (hazardData, error) {
	ctx := r.Context()
	hz, err := h.svc.GetHazard(ctx, id)
	if err != nil {
		return hazardData{}, err
	}
	d := hazardData{H: hz, Grades: Grades(), Levels: ListingLevels(), ActionKinds: ActionKinds(), Today: h.svc.today().Format(time.DateOnly)}
	if d.Plan, d.HasPlan, err = h.svc.HazardPlan(ctx, id); err != nil {
		return d, err
	}
	if d.Files, err = h.svc.CheckEvidence(ctx, id); err != nil {
		return d, err
	}
	if d.History, err = h.svc.HazardHistory(ctx, id); err != nil {
		return d, err
	}
	if d.Actions, _, err = h.svc.ListActions(ctx, ActionFilter{HazardID: id, Limit: 500}); err != nil {
		return d, err
	}
	_, actor, perr := party(ctx)
	d.Party, d.Regulator = perr == nil, perr == nil && actor == ActorRegulator
	if due, ok := h.svc.ReviewDue(hz); ok {
		d.ReviewDue = DateOf(due)
	}
	return d, nil
}

func (h *HTTP) hazardShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.hazardData(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/hazard", Title: "safety.hazard.detail", Flash: r.URL.Query().Get("done"), Data: d})
	return nil
}

// hazardStep runs one form of the hazard page; a refusal re-renders the
// page with the reasons, a success returns to it with a notice.
func (h *HTTP) hazardStep(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	note := r.PostFormValue("note")
	var serr error
	switch r.PathValue("step") {
	case "fix":
		_, serr = h.svc.FixHazard(ctx, id, note)
	case "apply":
		_, serr = h.svc.ApplyClosure(ctx, id, note)
	case "verify":
		_, serr = h.svc.VerifyClosure(ctx, id, note)
	case "reject":
		_, serr = h.svc.RejectClosure(ctx, id, note)
	case "regrade":
		_, serr = h.svc.RegradeHazard(ctx, id, Grade(r.PostFormValue("grade")), r.PostFormValue("deadline"), note)
	case "listing":
		_, serr = h.svc.ListHazard(ctx, id, ListingInput{Level: r.PostFormValue("level"), ListedBy: r.PostFormValue("listed_by"),
			ListedOn: r.PostFormValue("listed_on"), PublicationURL: r.PostFormValue("publication_url")})
	case "plan":
		v := &errs.Validation{}
		funds := parseYuan(v, "funds_fen", r.PostFormValue("funds_yuan"))
		deadline := parseDay(v, "deadline", r.PostFormValue("deadline"), true)
		serr = v.Err()
		if serr == nil {
			_, serr = h.svc.SubmitPlan(ctx, id, Plan{Goal: r.PostFormValue("goal"), Measures: r.PostFormValue("measures"), FundsFen: funds,
				Materials: r.PostFormValue("materials"), Responsible: r.PostFormValue("responsible"), Deadline: deadline, Contingency: r.PostFormValue("contingency")})
		}
	case "evidence":
		up, err := readUpload(r, "file", MaxEvidenceBytes)
		if err != nil {
			serr = err
		} else {
			_, serr = h.svc.AddEvidence(ctx, id, up.Name, up.Data)
		}
	case "action":
		hz, err := h.svc.GetHazard(ctx, id)
		if err != nil {
			return err
		}
		v := &errs.Validation{}
		fine := parseYuan(v, "fine_fen", r.PostFormValue("fine_yuan"))
		serr = v.Err()
		if serr == nil {
			_, serr = h.svc.CreateAction(ctx, ActionInput{EnterpriseID: hz.EnterpriseID, HazardID: id, Kind: r.PostFormValue("kind"),
				DecidedOn: r.PostFormValue("decided_on"), DueOn: r.PostFormValue("due_on"), FineFen: fine, DocNo: r.PostFormValue("doc_no"),
				Authority: r.PostFormValue("authority"), Notes: r.PostFormValue("notes")})
		}
	case "complete":
		_, serr = h.svc.CompleteAction(ctx, formInt(r, "action_id"), r.PostFormValue("done_on"), note)
	default:
		return errs.ErrNotFound
	}
	if v, ok := errs.AsValidation(serr); ok {
		d, err := h.hazardData(r, id)
		if err != nil {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "safety/hazard", Title: "safety.hazard.detail", Status: http.StatusUnprocessableEntity, Errors: v, Data: d})
		return nil
	}
	if serr != nil {
		return serr
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/hazards/%d?done=safety.flash.saved", id))
	return nil
}

// parseYuan reads an amount in yuan with at most two decimals as fen.
func parseYuan(v *errs.Validation, field, s string) int64 {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return 0
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		v.Add(field, keyBadNum)
		return 0
	}
	frac += strings.Repeat("0", 2-len(frac))
	y, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || y > 1e12 || f < 0 {
		v.Add(field, keyBadNum)
		return 0
	}
	if y < 0 {
		v.Add(field, keyNegative)
		return 0
	}
	return y*100 + f
}

func (h *HTTP) hazardNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.hazardData(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/notice", Title: "safety.notice.title", Data: d})
	return nil
}

func (h *HTTP) fileDownload(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := h.svc.OpenHazardFile(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("X-Content-SHA256", f.SHA256)
	_, _ = w.Write(data)
	return nil
}

type statsData struct {
	Table         Table
	Year, Quarter int
	Annual        bool
	By            string
	Years         []int
	Dimensions    []string
	Names         map[string]string
}

// statistics shows the quarterly table (16号令 §14) by county, or the
// annual one, or the campaign figures of the period by sector or kind.
func (h *HTTP) statistics(w http.ResponseWriter, r *http.Request) error {
	d, err := h.statsTable(r)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/statistics", Title: "safety.stats.title", Data: d})
	return nil
}

func (h *HTTP) statsTable(r *http.Request) (statsData, error) {
	ctx := r.Context()
	y, q := QuarterOf(h.svc.today())
	this := y
	if v := qInt(r, "year"); v >= 2000 && v <= 2100 {
		y = int(v)
	}
	if v := qInt(r, "quarter"); v >= 1 && v <= 4 {
		q = int(v)
	}
	d := statsData{Year: y, Quarter: q, Annual: qStr(r, "quarter") == "year", By: qStr(r, "by"), Years: []int{this - 2, this - 1, this},
		Dimensions: []string{ByDivision, BySector, ByKind}, Names: map[string]string{}}
	if !oneOf(d.By, d.Dimensions) {
		d.By = ByDivision
	}
	var err error
	switch {
	case d.Annual && d.By == ByDivision:
		d.Table, err = h.svc.AnnualTable(ctx, y)
	case d.Annual:
		d.Table, err = h.svc.Statistics(ctx, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), d.By)
	case d.By == ByDivision:
		d.Table, err = h.svc.QuarterlyTable(ctx, y, q)
	default:
		from, to := QuarterBounds(y, q)
		d.Table, err = h.svc.Statistics(ctx, from, to, d.By)
	}
	if err != nil {
		return d, err
	}
	switch d.By {
	case ByDivision:
		if cov, err := h.svc.CoverageByCounty(ctx); err == nil {
			for _, c := range cov {
				d.Names[c.DivisionCode] = c.DivisionName
			}
		}
	case BySector:
		if secs, err := h.svc.Sectors(ctx); err == nil {
			for _, s := range secs {
				d.Names[s.Code] = s.Name
			}
		}
	case ByKind:
		for _, k := range Kinds() {
			d.Names[string(k)] = h.srv.Renderer().T(r, "safety.kind."+string(k))
		}
	}
	return d, nil
}

type reportFormData struct {
	In        ReportInput
	Divisions []Division
	Receipt   *Receipt
}

// Division is a county the public form offers.
type Division struct {
	Code, Name string
}

func (h *HTTP) counties(r *http.Request) ([]Division, error) {
	rows, err := h.svc.d.Read().Query(r.Context(), `SELECT code, name FROM registry_divisions WHERE level = 'county' ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Division
	for rows.Next() {
		var d Division
		if err := rows.Scan(&d.Code, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (h *HTTP) reportForm(w http.ResponseWriter, r *http.Request) error {
	divs, err := h.counties(r)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/report_new", Title: "safety.public.title", Data: reportFormData{In: ReportInput{Anonymous: true}, Divisions: divs}})
	return nil
}

func (h *HTTP) reportSubmit(w http.ResponseWriter, r *http.Request) error {
	in := ReportInput{DivisionCode: r.PostFormValue("division_code"), EnterpriseName: r.PostFormValue("enterprise_name"), Body: r.PostFormValue("body"),
		Address: r.PostFormValue("address"), Anonymous: r.PostFormValue("anonymous") != "", ReporterName: r.PostFormValue("reporter_name"), ReporterPhone: r.PostFormValue("reporter_phone")}
	ip := h.srv.ClientIP(r)
	v := &errs.Validation{}
	if !h.limiter.allow(ip, time.Now()) {
		v.Add("body", "safety.report.rate_limited")
	}
	for _, k := range []string{"lat", "lng"} {
		if s := strings.TrimSpace(r.PostFormValue(k)); s != "" {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				v.Add("lat", "safety.point.invalid")
				continue
			}
			if k == "lat" {
				in.Lat = &x
			} else {
				in.Lng = &x
			}
		}
	}
	var photos []Upload
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["photo"] {
			if fh.Size == 0 {
				continue
			}
			if fh.Size > MaxPhotoBytes {
				addFileError(v, "photos", KeyFileTooLarge, MaxPhotoBytes)
				break
			}
			f, err := fh.Open()
			if err != nil {
				return err
			}
			b := make([]byte, fh.Size)
			_, err = io.ReadFull(f, b)
			f.Close()
			if err != nil {
				return err
			}
			photos = append(photos, Upload{Name: fh.Filename, Data: b})
		}
	}
	var rc Receipt
	err := v.Err()
	if err == nil {
		ctx := access.With(r.Context(), &access.Principal{Username: "public", Name: "public report", RemoteAddr: ip})
		rc, err = h.svc.SubmitReport(ctx, in, photos)
	}
	divs, derr := h.counties(r)
	if derr != nil {
		return derr
	}
	if ve, ok := errs.AsValidation(err); ok {
		h.srv.Render(w, r, web.Page{Name: "safety/report_new", Title: "safety.public.title", Status: http.StatusUnprocessableEntity, Errors: ve,
			Data: reportFormData{In: in, Divisions: divs}})
		return nil
	}
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/report_new", Title: "safety.public.title", Status: http.StatusCreated, Data: reportFormData{Divisions: divs, Receipt: &rc}})
	return nil
}

type trackData struct {
	Code   string
	Status *PublicStatus
	Miss   bool
}

func (h *HTTP) reportTrack(w http.ResponseWriter, r *http.Request) error {
	code := qStr(r, "code")
	d := trackData{Code: code}
	if code != "" {
		st, err := h.svc.TrackReport(r.Context(), code)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			d.Miss = true
		case err != nil:
			return err
		default:
			d.Status = &st
		}
	}
	h.srv.Render(w, r, web.Page{Name: "safety/track", Title: "safety.track.title", Data: d})
	return nil
}

func (h *HTTP) publicCases(w http.ResponseWriter, r *http.Request) error {
	cases, err := h.svc.PublishedCases(r.Context(), 200)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/cases", Title: "safety.cases.title", Data: cases})
	return nil
}

// publicLists publishes what is public by nature: the current
// serious-dishonesty list (令11号 requires publication) and the published
// 红黑榜. It reads as the system, because a visitor has no scope; only
// published records are shown.
func (h *HTTP) publicLists(w http.ResponseWriter, r *http.Request) error {
	ctx := access.With(r.Context(), access.System("public lists"))
	var d listsData
	var err error
	if d.Dishonesty, err = h.svc.ListDishonesty(ctx, true); err != nil {
		return err
	}
	if d.Listed, err = h.svc.PublicListedHazards(r.Context(), 200); err != nil {
		return err
	}
	rks, err := h.svc.ListRankings(ctx)
	if err != nil {
		return err
	}
	for i, rk := range rks {
		if i == 3 {
			break
		}
		full, err := h.svc.GetRanking(ctx, rk.ID)
		if err != nil {
			return err
		}
		d.Rankings = append(d.Rankings, full)
	}
	h.srv.Render(w, r, web.Page{Name: "safety/public_lists", Title: "safety.lists.title", Data: d})
	return nil
}
