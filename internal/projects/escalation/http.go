package escalation

import (
	"embed"
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Templates returns the package's page templates.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "escalation", FS: sub}
}

// HTTP serves the pages under /project-issues and the JSON API under
// /api/v1/project-issues.
type HTTP struct {
	svc  *Service
	proj *projects.Service
	srv  *web.Server
}

// NewHTTP returns the handlers on svc; proj lists the projects an item may
// be raised for and the monthly reports it may come from.
func NewHTTP(svc *Service, proj *projects.Service) *HTTP { return &HTTP{svc: svc, proj: proj} }

// Register mounts the pages and API routes on srv. Every route needs
// module.projects; the service and store decide the rest.
func (h *HTTP) Register(srv *web.Server) {
	h.srv = srv
	perm := access.PermModuleProjects
	srv.Page("GET /project-issues", perm, h.index)
	srv.Page("GET /project-issues/new", perm, h.newForm)
	srv.Page("POST /project-issues/new", perm, h.create)
	srv.Page("GET /project-issues/meeting", perm, h.meeting)
	srv.Page("GET /project-issues/meeting.xlsx", perm, h.meetingExport)
	srv.Page("GET /project-issues/settings", perm, h.settingsForm)
	srv.Page("POST /project-issues/settings", perm, h.settingsSave)
	srv.Page("GET /project-issues/{id}", perm, h.show)
	srv.Page("GET /project-issues/{id}/edit", perm, h.editForm)
	srv.Page("POST /project-issues/{id}", perm, h.update)
	srv.Page("POST /project-issues/{id}/move", perm, h.move)
	srv.Page("GET /project-issues/{id}/notice", perm, h.notice)
	h.registerAPI(srv)
}

func qStr(r *http.Request, name string) string { return strings.TrimSpace(r.URL.Query().Get(name)) }

// qInt reads a query id leniently: a malformed number filters nothing.
func qInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(qStr(r, name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func fStr(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

// fID reads a form id; a malformed one is the form's own problem.
func fID(r *http.Request, v *errs.Validation, name string) int64 {
	s := fStr(r, name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		v.Add(name, "shell.form.bad_number")
		return 0
	}
	return n
}

// merge joins the form's parse errors with the service's, parse errors first.
func merge(parse *errs.Validation, err error) error {
	if len(parse.Fields) == 0 {
		return err
	}
	if v, ok := errs.AsValidation(err); ok {
		for _, f := range v.Fields {
			if !parse.Has(f.Field) {
				parse.Fields = append(parse.Fields, f)
			}
		}
	}
	return parse
}

// flash maps ?done= to the notices a redirect may ask for; only these keys
// can be shown, so the parameter cannot inject text.
func flash(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "created":
		return "shell.form.created"
	case "saved":
		return "shell.form.saved"
	case "moved":
		return "escalation.flash.moved"
	}
	return ""
}

func filterOf(r *http.Request) Filter {
	limit, offset := web.Paging(r)
	return Filter{Q: qStr(r, "q"), ProjectID: qInt(r, "project_id"), DivisionCode: qStr(r, "division_code"),
		Status: qStr(r, "status"), Category: qStr(r, "category"), OverdueOnly: qStr(r, "overdue") == "1",
		Limit: limit, Offset: offset}
}

type indexPage struct {
	Items      []Issue
	Total      int
	Pager      web.Pager
	Filter     Filter
	Statuses   []Status
	Categories []string
	CanEdit    bool
	// Untracked are report problems no item tracks yet (editors only).
	Untracked []ReportProblem
}

func (h *HTTP) index(w http.ResponseWriter, r *http.Request) error {
	f := filterOf(r)
	items, total, err := h.svc.List(r.Context(), f)
	if err != nil {
		return err
	}
	pg := indexPage{Items: items, Total: total, Filter: f, Statuses: Statuses(), Categories: Categories(), CanEdit: canEdit(r.Context()),
		Pager: web.Pager{Total: total, Limit: f.Limit, Offset: f.Offset, URL: r.URL}}
	if pg.CanEdit {
		if pg.Untracked, err = h.svc.UntrackedProblems(r.Context()); err != nil {
			return err
		}
	}
	h.srv.Render(w, r, web.Page{Name: "escalation/index", Title: "escalation.title", Flash: flash(r), Data: pg})
	return nil
}

type formPage struct {
	ID         int64
	In         IssueInput
	Issue      Issue
	Projects   []projects.Project
	Units      []registry.Organisation
	People     []registry.Person
	Categories []string
	Levels     []Level
	// Report is the monthly report the problem comes from, if any.
	Report *projects.ProgressReport
}

func (h *HTTP) form(r *http.Request, id int64, in IssueInput) (formPage, error) {
	ctx := r.Context()
	pg := formPage{ID: id, In: in, Categories: Categories(), Levels: Levels()}
	var err error
	if id == 0 {
		if pg.Projects, _, err = h.proj.ListProjects(ctx, projects.ProjectFilter{Limit: -1}); err != nil {
			return pg, err
		}
	} else if pg.Issue, err = h.svc.Get(ctx, id); err != nil {
		return pg, err
	}
	if pg.Units, _, err = h.svc.reg.ListOrganisations(ctx, registry.OrgFilter{Kind: string(registry.OrgGovernment), Limit: -1}); err != nil {
		return pg, err
	}
	if pg.People, _, err = h.svc.reg.ListPeople(ctx, registry.PersonFilter{Limit: -1}); err != nil {
		return pg, err
	}
	if in.ReportID != 0 && in.ProjectID != 0 {
		reports, err := h.proj.Reports(ctx, in.ProjectID, true)
		if err != nil && !isNotFound(err) {
			return pg, err
		}
		for k := range reports {
			if reports[k].ID == in.ReportID {
				pg.Report = &reports[k]
			}
		}
	}
	return pg, nil
}

func isNotFound(err error) bool { return errors.Is(err, errs.ErrNotFound) }

func (h *HTTP) renderForm(w http.ResponseWriter, r *http.Request, id int64, in IssueInput, err error) error {
	pg, ferr := h.form(r, id, in)
	if ferr != nil {
		return ferr
	}
	title := "escalation.form.new"
	if id != 0 {
		title = "escalation.form.edit"
	}
	page := web.Page{Name: "escalation/form", Title: title, Data: pg}
	if err != nil {
		v, ok := errs.AsValidation(err)
		if !ok {
			return err
		}
		page.Status, page.Errors = http.StatusUnprocessableEntity, v
	}
	h.srv.Render(w, r, page)
	return nil
}

// newForm opens the form; ?project= preselects a project and ?report= a
// monthly report whose 存在问题 become the description.
func (h *HTTP) newForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	in := IssueInput{ProjectID: qInt(r, "project"), ReportID: qInt(r, "report"), RaisedOn: h.svc.today().String()}
	pg, err := h.form(r, 0, in)
	if err != nil {
		return err
	}
	if pg.Report != nil {
		in.Description = pg.Report.Problems
	} else {
		in.ReportID = 0
	}
	return h.renderForm(w, r, 0, in, nil)
}

func fromForm(r *http.Request) (IssueInput, *errs.Validation) {
	v := &errs.Validation{}
	in := IssueInput{ProjectID: fID(r, v, "project_id"), ReportID: fID(r, v, "report_id"), Category: fStr(r, "category"),
		Description: fStr(r, "description"), RaisedBy: fStr(r, "raised_by"), RaisedOn: fStr(r, "raised_on"),
		ResponsibleOrgID: fID(r, v, "responsible_org_id"), ResponsibleUnit: fStr(r, "responsible_unit"),
		LeaderPersonID: fID(r, v, "leader_person_id"), Measures: fStr(r, "measures"), Requirements: fStr(r, "requirements"),
		Deadline: fStr(r, "deadline"), Level: fStr(r, "level"), Illustrative: r.PostFormValue("illustrative") == "on"}
	return in, v
}

func (h *HTTP) create(w http.ResponseWriter, r *http.Request) error {
	in, v := fromForm(r)
	var i Issue
	err := v.Err()
	if err == nil {
		i, err = h.svc.Create(r.Context(), in)
	}
	if err != nil {
		return h.renderForm(w, r, 0, in, merge(v, err))
	}
	web.Redirect(w, r, "/project-issues/"+idStr(i.ID)+"?done=created")
	return nil
}

func (h *HTTP) editForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	i, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderForm(w, r, id, i.Input(), nil)
}

func (h *HTTP) update(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in, v := fromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.Update(r.Context(), id, in)
	}
	if err != nil {
		return h.renderForm(w, r, id, in, merge(v, err))
	}
	web.Redirect(w, r, "/project-issues/"+idStr(id)+"?done=saved")
	return nil
}

type showPage struct {
	Issue   Issue
	History []Change
	CanEdit bool
	// Moves are the statuses the item may move to now.
	Moves  []Status
	Levels []Level
	Form   MoveInput
}

func (h *HTTP) showData(r *http.Request, id int64) (showPage, error) {
	ctx := r.Context()
	pg := showPage{CanEdit: canEdit(ctx), Levels: Levels()}
	var err error
	if pg.Issue, err = h.svc.Get(ctx, id); err != nil {
		return pg, err
	}
	if pg.History, err = h.svc.History(ctx, id); err != nil {
		return pg, err
	}
	for _, s := range Statuses() {
		if CanMove(pg.Issue.Status, s) {
			pg.Moves = append(pg.Moves, s)
		}
	}
	pg.Form.On = h.svc.today().String()
	return pg, nil
}

func (h *HTTP) show(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pg, err := h.showData(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "escalation/issue", Title: "escalation.issue.title", Flash: flash(r), Data: pg})
	return nil
}

// move takes the status form of the item page; refused moves come back on
// the page, 422, with the input kept.
func (h *HTTP) move(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in := MoveInput{To: fStr(r, "to"), On: fStr(r, "on"), Note: fStr(r, "note"), Level: fStr(r, "level")}
	if _, err = h.svc.Move(r.Context(), id, in); err == nil {
		web.Redirect(w, r, "/project-issues/"+idStr(id)+"?done=moved")
		return nil
	}
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	pg, perr := h.showData(r, id)
	if perr != nil {
		return perr
	}
	pg.Form = in
	h.srv.Render(w, r, web.Page{Name: "escalation/issue", Title: "escalation.issue.title", Status: http.StatusUnprocessableEntity, Errors: v, Data: pg})
	return nil
}

func (h *HTTP) notice(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	n, err := h.svc.Notice(r.Context(), id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "escalation/notice", Title: "escalation.notice.title", Data: n})
	return nil
}

type meetingPage struct {
	Meeting
	ExportURL string
}

// meetingMonth reads ?month=YYYY-MM, the current month if absent; a
// malformed month is a validation error.
func (h *HTTP) meetingMonth(r *http.Request) (projects.Month, error) {
	s := qStr(r, "month")
	if s == "" {
		return projects.MonthOfTime(h.svc.now()), nil
	}
	m, ok := projects.ParseMonth(s)
	if !ok {
		return 0, errs.Invalid("month", "escalation.error.month")
	}
	return m, nil
}

func (h *HTTP) meeting(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meetingMonth(r)
	if err != nil {
		return err
	}
	mt, err := h.svc.Meeting(r.Context(), m)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "escalation/meeting", Title: "escalation.meeting.title", Data: meetingPage{Meeting: mt,
		ExportURL: "/project-issues/meeting.xlsx?" + url.Values{"month": {mt.Month}}.Encode()}})
	return nil
}

func (h *HTTP) settingsForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := bureau(r.Context()); err != nil {
		return err
	}
	s, err := h.svc.Settings(r.Context())
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "escalation/settings", Title: "escalation.settings.title", Flash: flash(r), Data: s})
	return nil
}

func (h *HTTP) settingsSave(w http.ResponseWriter, r *http.Request) error {
	in := Settings{NoticePrefix: fStr(r, "notice_prefix"), IssuingUnit: fStr(r, "issuing_unit")}
	if _, err := h.svc.SetSettings(r.Context(), in); err != nil {
		v, ok := errs.AsValidation(err)
		if !ok {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "escalation/settings", Title: "escalation.settings.title", Status: http.StatusUnprocessableEntity, Errors: v, Data: in})
		return nil
	}
	web.Redirect(w, r, "/project-issues/settings?done=saved")
	return nil
}
