package projects

import (
	"embed"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the module's page templates.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "projects", FS: sub}
}

// Nav is the module's entry of the main navigation.
func Nav() web.NavItem {
	return web.NavItem{Href: "/projects", Label: "shell.nav.projects", Perm: access.PermModuleProjects}
}

// HTTP serves the module's pages and JSON API.
type HTTP struct {
	svc *Service
	srv *web.Server
}

// NewHTTP returns the module's handlers on svc.
func NewHTTP(svc *Service) *HTTP { return &HTTP{svc: svc} }

// Register mounts the pages and API routes on srv. Every route needs
// module.projects; the service and store decide the rest.
func (h *HTTP) Register(srv *web.Server) {
	h.srv = srv
	perm := access.PermModuleProjects
	srv.Page("GET /projects", perm, h.dispatch)
	srv.Page("POST /projects/lights", perm, h.computeLights)
	srv.Page("GET /projects/dispatch.xlsx", perm, h.dispatchExport)
	srv.Page("GET /projects/library", perm, h.library)
	srv.Page("GET /projects/reports/import", perm, h.reportImportForm)
	srv.Page("GET /projects/reports/import/template.xlsx", perm, h.reportImportTemplate)
	srv.Page("POST /projects/reports/import", perm, h.reportImport)
	srv.Page("GET /projects/new", perm, h.projectNew)
	srv.Page("POST /projects/new", perm, h.projectCreate)
	srv.Page("GET /projects/{id}", perm, h.project)
	srv.Page("GET /projects/{id}/edit", perm, h.projectEdit)
	srv.Page("POST /projects/{id}", perm, h.projectUpdate)
	srv.Page("POST /projects/{id}/stage", perm, h.stageChange)
	srv.Page("POST /projects/{id}/reports", perm, h.report)
	srv.Page("GET /project-photos/{id}", perm, h.photo)
	srv.Page("GET /project-lists/new", perm, h.listNew)
	srv.Page("POST /project-lists/new", perm, h.listCreate)
	srv.Page("GET /project-lists/{id}", perm, h.listShow)
	srv.Page("POST /project-lists/{id}/adopt", perm, h.listAdopt)
	srv.Page("GET /project-lists/{id}/import", perm, h.itemImportForm)
	srv.Page("GET /project-lists/{id}/import/template.xlsx", perm, h.itemImportTemplate)
	srv.Page("POST /project-lists/{id}/import", perm, h.itemImport)
	srv.Page("POST /project-lists/{id}/items", perm, h.listItem)
	srv.Page("POST /project-lists/{id}/items/{project}/remove", perm, h.listRemove)
	h.registerAPI(srv)
}

// flash maps ?done= to the notices a redirect may ask for; only these keys
// can be shown, so the parameter cannot inject text.
func flash(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "reported":
		return "projects.report.submitted"
	case "computed":
		return "projects.dispatch.computed"
	case "imported":
		return "projects.import.done"
	case "created":
		return "shell.form.created"
	case "saved":
		return "shell.form.saved"
	}
	return ""
}

type dispatchPage struct {
	Lists  []AnnualList
	List   AnnualList
	Month  string
	Group  DispatchGroup
	Groups []DispatchGroup
	Rows   []DispatchRow
	Query  url.Values
	// CanEdit shows the recompute button to those who may recompute.
	CanEdit   bool
	ExportURL string
}

// dispatch is the dispatch table (调度表) of a list at a month.
func (h *HTTP) dispatch(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lists, err := h.svc.Lists(ctx, 0)
	if err != nil {
		return err
	}
	_, eerr := editor(ctx)
	pg := dispatchPage{Lists: lists, Group: qGroup(r), Query: r.URL.Query(), CanEdit: eerr == nil,
		Groups: []DispatchGroup{GroupCounty, GroupPark, GroupCluster, GroupProject, GroupWhole}}
	if len(lists) == 0 {
		h.srv.Render(w, r, web.Page{Name: "projects/index", Title: "projects.title", Flash: flash(r), Data: pg})
		return nil
	}
	pg.List = lists[0]
	if id := qInt(r, "list"); id != 0 {
		if pg.List, err = h.svc.GetList(ctx, id); err != nil {
			return err
		}
	}
	m, ok := ParseMonth(qStr(r, "month"))
	if !ok || m.Year() != pg.List.Year {
		m = defaultMonth(pg.List.Year, MonthOfTime(h.svc.now()))
	}
	pg.Month = m.String()
	pg.ExportURL = exportURL(pg.List.ID, pg.Month, pg.Group)
	if pg.Rows, err = h.svc.Dispatch(ctx, pg.List.ID, m, pg.Group); err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "projects/index", Title: "projects.title", Flash: flash(r), Data: pg})
	return nil
}

// defaultMonth is the month a dispatch page opens at: the current month
// in the list's year, December for a past year, January for a future one.
func defaultMonth(year int, now Month) Month {
	switch {
	case now.Year() == year:
		return now
	case now.Year() > year:
		return MonthOf(year, 12)
	}
	return MonthOf(year, 1)
}

func (h *HTTP) computeLights(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("list")), 10, 64)
	if err != nil {
		return errs.ErrNotFound
	}
	m, ok := ParseMonth(r.PostFormValue("month"))
	if !ok {
		return errs.Invalid("month", keyBadMonth)
	}
	if _, err := h.svc.ComputeLights(r.Context(), id, m); err != nil {
		return err
	}
	web.Redirect(w, r, "/projects?"+url.Values{"list": {idStr(id)}, "month": {m.String()}, "group": {r.PostFormValue("group")}, "done": {"computed"}}.Encode())
	return nil
}

type libraryPage struct {
	CanEdit bool
	Items   []Project
	Total   int
	Pager   web.Pager
	Query   url.Values
}

func (h *HTTP) library(w http.ResponseWriter, r *http.Request) error {
	f := projectFilter(r)
	items, total, err := h.svc.ListProjects(r.Context(), f)
	if err != nil {
		return err
	}
	_, eerr := editor(r.Context())
	h.srv.Render(w, r, web.Page{Name: "projects/library", Title: "projects.nav.library", Flash: flash(r), Data: libraryPage{
		Items: items, Total: total, Query: r.URL.Query(), Pager: web.Pager{Total: total, Limit: f.Limit, Offset: f.Offset, URL: r.URL},
		CanEdit: eerr == nil}})
	return nil
}

type projectPage struct {
	ProjectDetail
	Reports      []ProgressReport
	Lights       []Light
	CanReport    bool
	CanEdit      bool
	DeadlineDay  int
	Form         ReportInput
	StageForm    StageInput
	StageChoices []Stage
}

func (h *HTTP) projectPage(r *http.Request, id int64) (projectPage, error) {
	ctx := r.Context()
	var pg projectPage
	var err error
	if pg.ProjectDetail, err = h.svc.GetDetail(ctx, id, web.RequestLang(r, access.From(ctx).Lang)); err != nil {
		return pg, err
	}
	if pg.Reports, err = h.svc.Reports(ctx, id, true); err != nil {
		return pg, err
	}
	if pg.Lights, err = h.svc.Lights(ctx, 0, 0, id); err != nil {
		return pg, err
	}
	if pg.DeadlineDay, err = h.svc.ReportDeadlineDay(ctx); err != nil {
		return pg, err
	}
	_, rerr := reporter(ctx)
	pg.CanReport = rerr == nil
	_, eerr := editor(ctx)
	pg.CanEdit = eerr == nil
	pg.Form = ReportInput{ProjectID: id, Month: MonthOfTime(h.svc.now()).String()}
	pg.StageForm = StageInput{On: h.today()}
	pg.StageChoices = Stages()
	return pg, nil
}

// project is a project's page: its library record, history, plans,
// reports with corrections, lights, and the report form.
func (h *HTTP) project(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pg, err := h.projectPage(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "projects/project", Title: "projects.nav.library", Flash: flash(r), Data: pg})
	return nil
}

// report takes the monthly report form; refused input comes back on the
// page with the user's values and a message per field (422).
func (h *HTTP) report(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in := ReportInput{ProjectID: id, Month: r.PostFormValue("month"), PhysicalAmount: r.PostFormValue("physical_amount"),
		StatsAmount: r.PostFormValue("stats_amount"), PhysicalPct: r.PostFormValue("physical_pct"),
		Narrative: r.PostFormValue("narrative"), Problems: r.PostFormValue("problems")}
	photos, err := formPhotos(r)
	if err == nil {
		_, err = h.svc.SubmitReportWithPhotos(r.Context(), in, photos)
	}
	if err == nil {
		web.Redirect(w, r, "/projects/"+idStr(id)+"?done=reported")
		return nil
	}
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	pg, perr := h.projectPage(r, id)
	if perr != nil {
		return perr
	}
	pg.Form = in
	h.srv.Render(w, r, web.Page{Name: "projects/project", Title: "projects.nav.library", Status: http.StatusUnprocessableEntity, Errors: v, Data: pg})
	return nil
}

// formPhotos reads the report form's photo files; an unreadable upload is
// a validation error on the field, not a 500.
func formPhotos(r *http.Request) ([][]byte, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out [][]byte
	for _, fh := range r.MultipartForm.File["photos"] {
		if fh.Size > maxPhotoBytes {
			return nil, errs.Invalid("photos", keyPhotoSize, maxPhotoBytes>>20)
		}
		f, err := fh.Open()
		if err != nil {
			return nil, errs.Invalid("photos", keyPhotoType)
		}
		b, err := io.ReadAll(io.LimitReader(f, maxPhotoBytes+1))
		f.Close()
		if err != nil {
			return nil, errs.Invalid("photos", keyPhotoType)
		}
		if len(b) == 0 {
			continue // an empty file input
		}
		out = append(out, b)
	}
	return out, nil
}

// photo serves a report photo the caller may see.
func (h *HTTP) photo(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	ph, err := h.svc.GetPhoto(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Header().Set("ETag", `"`+ph.SHA256+`"`)
	_, err = w.Write(ph.Data)
	return err
}
