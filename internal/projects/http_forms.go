package projects

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/registry"
)

// Forms of the library and the lists. A form's own parse problems (an id
// that is not a number) and the service's rules come back together on the
// form, 422, with the user's input kept.

func fStr(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

func fID(r *http.Request, v *errs.Validation, name string) int64 {
	s := fStr(r, name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		v.Add(name, keyBadNum)
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

type projectFormPage struct {
	ID         int64
	In         ProjectInput
	Divisions  []registry.Division
	Parks      []registry.Park
	Owners     []registry.Organisation
	Units      []registry.Organisation
	People     []registry.Person
	Taxonomies []registry.Taxonomy
	Selected   map[int64]bool
	Stages     []Stage
	IsNew      bool
}

func (h *HTTP) projectForm(r *http.Request, id int64, in ProjectInput) (projectFormPage, error) {
	ctx := r.Context()
	reg := h.svc.reg
	pg := projectFormPage{ID: id, In: in, Selected: map[int64]bool{}, Stages: Stages()[:7], IsNew: id == 0}
	for _, c := range in.ClusterIDs {
		pg.Selected[c] = true
	}
	p := access.From(ctx)
	all, err := reg.AllDivisions(ctx)
	if err != nil {
		return pg, err
	}
	for _, d := range all {
		if p.Scope.CoversDivision(d.Code) {
			pg.Divisions = append(pg.Divisions, d)
		}
	}
	if pg.Parks, _, err = reg.ListParks(ctx, registry.ParkFilter{Limit: -1}); err != nil {
		return pg, err
	}
	if pg.Owners, _, err = reg.ListOrganisations(ctx, registry.OrgFilter{Kind: string(registry.OrgEnterprise), Limit: -1}); err != nil {
		return pg, err
	}
	if pg.Units, _, err = reg.ListOrganisations(ctx, registry.OrgFilter{Kind: string(registry.OrgGovernment), Limit: -1}); err != nil {
		return pg, err
	}
	if pg.People, _, err = reg.ListPeople(ctx, registry.PersonFilter{Limit: -1}); err != nil {
		return pg, err
	}
	taxes, _, err := reg.ListTaxonomies(ctx, registry.TaxonomyFilter{Limit: -1})
	if err != nil {
		return pg, err
	}
	today := db.DateOf(h.svc.now().In(cst)).Time
	for _, t := range taxes {
		keep := t.InForce(today)
		for _, c := range t.Clusters {
			keep = keep || pg.Selected[c.ID]
		}
		if keep {
			pg.Taxonomies = append(pg.Taxonomies, t)
		}
	}
	return pg, nil
}

func projectFromForm(r *http.Request) (ProjectInput, *errs.Validation) {
	v := &errs.Validation{}
	in := ProjectInput{Code: fStr(r, "code"), Name: fStr(r, "name"), OwnerOrgID: fID(r, v, "owner_org_id"), ParkID: fID(r, v, "park_id"),
		DivisionCode: fStr(r, "division_code"), Sector: fStr(r, "sector"), BuildType: fStr(r, "build_type"),
		TotalInvestment: fStr(r, "total_investment"), PriorCompleted: fStr(r, "prior_completed"), Capacity: fStr(r, "capacity"),
		Products: fStr(r, "products"), LeaderPersonID: fID(r, v, "leader_person_id"), ResponsibleOrgID: fID(r, v, "responsible_org_id"),
		ResponsiblePerson: fStr(r, "responsible_person"), Stage: fStr(r, "stage"), StageOn: fStr(r, "stage_on"),
		PlannedStart: fStr(r, "planned_start_month"), EnrolledMonth: fStr(r, "enrolled_month"), StatsID: fStr(r, "stats_id"),
		Notes: fStr(r, "notes"), Illustrative: r.PostFormValue("illustrative") == "on"}
	_ = r.ParseForm()
	for _, s := range r.PostForm["cluster_ids"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			in.ClusterIDs = append(in.ClusterIDs, id)
		} else if !v.Has("cluster_ids") {
			v.Add("cluster_ids", keyClusterUnknown)
		}
	}
	return in, v
}

func (h *HTTP) renderProjectForm(w http.ResponseWriter, r *http.Request, id int64, in ProjectInput, err error) error {
	pg, ferr := h.projectForm(r, id, in)
	if ferr != nil {
		return ferr
	}
	title := "projects.form.new"
	if id != 0 {
		title = "projects.form.edit"
	}
	page := web.Page{Name: "projects/project_form", Title: title, Data: pg}
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

func (h *HTTP) projectNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	in := ProjectInput{Stage: string(StageReserve)}
	if p := access.From(r.Context()); p.Scope.Division != "" {
		in.DivisionCode = p.Scope.Division
	}
	return h.renderProjectForm(w, r, 0, in, nil)
}

func (h *HTTP) projectCreate(w http.ResponseWriter, r *http.Request) error {
	in, v := projectFromForm(r)
	var p Project
	err := v.Err()
	if err == nil {
		p, err = h.svc.CreateProject(r.Context(), in)
	}
	if err != nil {
		return h.renderProjectForm(w, r, 0, in, merge(v, err))
	}
	web.Redirect(w, r, "/projects/"+idStr(p.ID)+"?done=created")
	return nil
}

func (h *HTTP) projectEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	p, err := h.svc.GetProject(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderProjectForm(w, r, id, p.Input(), nil)
}

func (h *HTTP) projectUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in, v := projectFromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.UpdateProject(r.Context(), id, in)
	}
	if err != nil {
		return h.renderProjectForm(w, r, id, in, merge(v, err))
	}
	web.Redirect(w, r, "/projects/"+idStr(id)+"?done=saved")
	return nil
}

// stageChange takes the stage form of the project page.
func (h *HTTP) stageChange(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	v := &errs.Validation{}
	in := StageInput{Stage: fStr(r, "stage"), On: fStr(r, "on"), PhaseID: fID(r, v, "phase_id"), Note: fStr(r, "note")}
	err = v.Err()
	if err == nil {
		_, err = h.svc.ChangeStage(r.Context(), id, in)
	}
	if err == nil {
		web.Redirect(w, r, "/projects/"+idStr(id)+"?done=saved")
		return nil
	}
	ve, ok := errs.AsValidation(merge(v, err))
	if !ok {
		return err
	}
	pg, perr := h.projectPage(r, id)
	if perr != nil {
		return perr
	}
	pg.StageForm = in
	h.srv.Render(w, r, web.Page{Name: "projects/project", Title: "projects.nav.library", Status: http.StatusUnprocessableEntity, Errors: ve, Data: pg})
	return nil
}

// Lists.

type listPage struct {
	List     AnnualList
	Items    []ListItem
	Changes  []ListChange
	Projects []Project
	CanEdit  bool
	Form     ItemInput
	Months   []int
}

func (h *HTTP) listPageData(r *http.Request, id int64) (listPage, error) {
	ctx := r.Context()
	pg := listPage{Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	var err error
	if pg.List, err = h.svc.GetList(ctx, id); err != nil {
		return pg, err
	}
	if pg.Items, err = h.svc.Items(ctx, id, true); err != nil {
		return pg, err
	}
	if pg.Changes, err = h.svc.ListChanges(ctx, id); err != nil {
		return pg, err
	}
	p, err := editor(ctx)
	pg.CanEdit = err == nil && p.Scope.CoversDivision(pg.List.DivisionCode)
	if pg.CanEdit {
		if pg.Projects, _, err = h.svc.ListProjects(ctx, ProjectFilter{Limit: -1}); err != nil {
			return pg, err
		}
	}
	pg.Form = ItemInput{Category: string(CategoryNew)}
	return pg, nil
}

func (h *HTTP) listShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pg, err := h.listPageData(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "projects/list", Title: "projects.list.title", Flash: flash(r), Data: pg})
	return nil
}

func (h *HTTP) listAdopt(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := h.svc.AdoptList(r.Context(), id); err != nil {
		return h.listRefused(w, r, id, err, ItemInput{})
	}
	web.Redirect(w, r, "/project-lists/"+idStr(id)+"?done=saved")
	return nil
}

func (h *HTTP) listItem(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	v := &errs.Validation{}
	in := ItemInput{ProjectID: fID(r, v, "project_id"), Category: fStr(r, "category"), AnnualPlan: fStr(r, "annual_plan"),
		PlannedStart: fStr(r, "planned_start_month"), Reason: fStr(r, "reason")}
	monthly := make([]string, 12)
	given := false
	for i := range monthly {
		monthly[i] = fStr(r, "m"+strconv.Itoa(i+1))
		given = given || monthly[i] != ""
	}
	if given {
		in.Monthly = monthly
	}
	err = v.Err()
	if err == nil {
		_, err = h.svc.SaveItem(r.Context(), id, in)
	}
	if err != nil {
		return h.listRefused(w, r, id, merge(v, err), in)
	}
	web.Redirect(w, r, "/project-lists/"+idStr(id)+"?done=saved")
	return nil
}

func (h *HTTP) listRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := web.PathID(r, "project")
	if err != nil {
		return err
	}
	if err := h.svc.RemoveItem(r.Context(), id, pid, fStr(r, "reason")); err != nil {
		return h.listRefused(w, r, id, err, ItemInput{})
	}
	web.Redirect(w, r, "/project-lists/"+idStr(id)+"?done=saved")
	return nil
}

func (h *HTTP) listRefused(w http.ResponseWriter, r *http.Request, id int64, err error, in ItemInput) error {
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	pg, perr := h.listPageData(r, id)
	if perr != nil {
		return perr
	}
	if in.Category != "" {
		pg.Form = in
	}
	h.srv.Render(w, r, web.Page{Name: "projects/list", Title: "projects.list.title", Status: http.StatusUnprocessableEntity, Errors: v, Data: pg})
	return nil
}

type listFormPage struct {
	In        ListInput
	Divisions []registry.Division
	RuleSets  []RuleSet
	Curves    []Curve
}

func (h *HTTP) listForm(w http.ResponseWriter, r *http.Request, in ListInput, err error) error {
	ctx := r.Context()
	pg := listFormPage{In: in}
	all, ferr := h.svc.reg.AllDivisions(ctx)
	if ferr != nil {
		return ferr
	}
	p := access.From(ctx)
	for _, d := range all {
		if p.Scope.CoversDivision(d.Code) {
			pg.Divisions = append(pg.Divisions, d)
		}
	}
	if pg.RuleSets, ferr = h.svc.RuleSets(ctx); ferr != nil {
		return ferr
	}
	if pg.Curves, ferr = h.svc.Curves(ctx); ferr != nil {
		return ferr
	}
	page := web.Page{Name: "projects/list_form", Title: "projects.list.new", Data: pg}
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

func (h *HTTP) listNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	in := ListInput{Year: MonthOfTime(h.svc.now()).Year()}
	if p := access.From(r.Context()); p.Scope.Division != "" {
		in.DivisionCode = p.Scope.Division
	}
	return h.listForm(w, r, in, nil)
}

func (h *HTTP) listCreate(w http.ResponseWriter, r *http.Request) error {
	v := &errs.Validation{}
	in := ListInput{Name: fStr(r, "name"), Issuer: fStr(r, "issuer"), DivisionCode: fStr(r, "division_code"),
		RuleSetID: fID(r, v, "rule_set_id"), CurveID: fID(r, v, "curve_id"), Notes: fStr(r, "notes")}
	if y, err := strconv.Atoi(fStr(r, "year")); err == nil {
		in.Year = y
	} else {
		v.Add("year", keyListYear)
	}
	var l AnnualList
	err := v.Err()
	if err == nil {
		l, err = h.svc.CreateList(r.Context(), in)
	}
	if err != nil {
		return h.listForm(w, r, in, merge(v, err))
	}
	web.Redirect(w, r, "/project-lists/"+idStr(l.ID)+"?done=created")
	return nil
}

// today is the calendar day in Changji, for date inputs' defaults.
func (h *HTTP) today() string { return h.svc.now().In(cst).Format(time.DateOnly) }
