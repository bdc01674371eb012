package safety

import (
	"fmt"
	"net/http"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/registry"
)

// Pages for enterprises in scope (licences, 包保, duty checks), the
// criteria library, and the lists (红黑榜 and the serious-dishonesty list).

func (h *HTTP) registerMorePages(srv *web.Server) {
	read := access.PermModuleSafety
	srv.Page("GET /safety/enterprises", read, h.enterpriseList)
	srv.Page("GET /safety/enterprises/new", read, h.enterpriseNew)
	srv.Page("POST /safety/enterprises/new", read, h.enterpriseCreate)
	srv.Page("GET /safety/enterprises/{id}", read, h.enterpriseShow)
	srv.Page("POST /safety/enterprises/{id}/{step}", read, h.enterpriseStep)
	srv.Page("GET /safety/criteria", read, h.criteriaList)
	srv.Page("GET /safety/criteria/{id}", read, h.criteriaShow)
	srv.Page("POST /safety/criteria/{id}/import", read, h.criteriaImport)
	srv.Page("GET /safety/lists", read, h.lists)
	srv.Page("GET /safety/rankings/{id}", read, h.rankingShow)
}

func (h *HTTP) enterpriseList(w http.ResponseWriter, r *http.Request) error {
	limit, offset := web.Paging(r)
	q := r.URL.Query()
	items, total, err := h.svc.ListEnterprises(r.Context(), EnterpriseFilter{Q: q.Get("q"), Sector: q.Get("sector"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	sectors, err := h.svc.Sectors(r.Context())
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/enterprises", Title: "safety.enterprise.list", Data: map[string]any{"Items": items, "Total": total, "Query": q,
		"Sectors": sectors, "Pager": web.Pager{Total: total, Limit: limit, Offset: offset, URL: r.URL}}})
	return nil
}

type enterpriseData struct {
	E           Enterprise
	Assignments []Assignment
	Checks      []DutyCheck
	Duties      []Duty
	Hazards     []Hazard
	People      []registry.Person
	Regulator   bool
	Today       string
}

func (h *HTTP) enterpriseData(r *http.Request, id int64) (enterpriseData, error) {
	ctx := r.Context()
	e, err := h.svc.GetEnterprise(ctx, id)
	if err != nil {
		return enterpriseData{}, err
	}
	d := enterpriseData{E: e, Today: h.svc.today().Format(time.DateOnly)}
	if d.Assignments, err = h.svc.ListAssignments(ctx, id); err != nil {
		return d, err
	}
	if d.Checks, err = h.svc.DutyChecks(ctx, id); err != nil {
		return d, err
	}
	if d.Duties, err = h.svc.Duties(ctx, h.svc.today()); err != nil {
		return d, err
	}
	if d.Hazards, _, err = h.svc.ListHazards(ctx, HazardFilter{EnterpriseID: id, Open: true, Limit: 100}); err != nil {
		return d, err
	}
	_, actor, perr := party(ctx)
	d.Regulator = perr == nil && actor == ActorRegulator
	if d.Regulator && h.svc.reg != nil {
		// Leaders are people of the county or the prefecture above it.
		if d.People, _, err = h.svc.reg.ListPeople(ctx, registry.PersonFilter{Limit: 500}); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (h *HTTP) enterpriseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.enterpriseData(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/enterprise", Title: "safety.enterprise.detail", Flash: r.URL.Query().Get("done"), Data: d})
	return nil
}

func (h *HTTP) enterpriseStep(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	var serr error
	switch r.PathValue("step") {
	case "assign":
		_, serr = h.svc.AssignLeader(ctx, AssignmentInput{EnterpriseID: id, LeaderPersonID: formInt(r, "leader_person_id"), StartsOn: r.PostFormValue("starts_on"),
			EndsOn: r.PostFormValue("ends_on"), Notes: r.PostFormValue("notes")})
	case "visit":
		// The assignment must be this enterprise's: the service checks scope,
		// the page checks the pairing.
		aid := formInt(r, "assignment_id")
		as, err := h.svc.ListAssignments(ctx, id)
		if err != nil {
			return err
		}
		found := false
		for _, a := range as {
			found = found || a.ID == aid
		}
		if !found {
			return errs.ErrNotFound
		}
		_, serr = h.svc.RecordVisit(ctx, aid, r.PostFormValue("visited_on"), r.PostFormValue("notes"))
	case "duty":
		duties, err := h.svc.Duties(ctx, h.svc.today())
		if err != nil {
			return err
		}
		in := DutyCheckInput{EnterpriseID: id, CheckedOn: r.PostFormValue("checked_on"), Checker: r.PostFormValue("checker")}
		for _, du := range duties {
			if v := r.PostFormValue("duty_" + du.Code); v != "" {
				in.Results = append(in.Results, DutyResult{Code: du.Code, Met: v == "met", Note: r.PostFormValue("note_" + du.Code)})
			}
		}
		_, serr = h.svc.RecordDutyCheck(ctx, in)
	default:
		return errs.ErrNotFound
	}
	if v, ok := errs.AsValidation(serr); ok {
		d, err := h.enterpriseData(r, id)
		if err != nil {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "safety/enterprise", Title: "safety.enterprise.detail", Status: http.StatusUnprocessableEntity, Errors: v, Data: d})
		return nil
	}
	if serr != nil {
		return serr
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/enterprises/%d?done=safety.flash.saved", id))
	return nil
}

func (h *HTTP) criteriaList(w http.ResponseWriter, r *http.Request) error {
	sets, err := h.svc.ListCriteriaSets(r.Context(), qStr(r, "sector"))
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/criteria", Title: "safety.criteria.title", Data: sets})
	return nil
}

func (h *HTTP) criteriaShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	set, err := h.svc.GetCriteriaSet(r.Context(), id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/criteria_set", Title: "safety.criteria.title", Data: set})
	return nil
}

type listsData struct {
	Listed     []ListedHazard
	Rankings   []Ranking
	Dishonesty []Dishonesty
}

func (h *HTTP) lists(w http.ResponseWriter, r *http.Request) error {
	var d listsData
	var err error
	if d.Rankings, err = h.svc.ListRankings(r.Context()); err != nil {
		return err
	}
	if d.Dishonesty, err = h.svc.ListDishonesty(r.Context(), false); err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/lists", Title: "safety.lists.title", Data: d})
	return nil
}

func (h *HTTP) rankingShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rk, err := h.svc.GetRanking(r.Context(), id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/ranking", Title: "safety.lists.redblack", Data: rk})
	return nil
}

type enterpriseFormData struct {
	In      EnterpriseInput
	Orgs    []registry.Organisation
	Sectors []Sector
}

// enterpriseForm offers the registry's enterprises in the caller's scope
// that are not yet in the campaign.
func (h *HTTP) enterpriseForm(r *http.Request, in EnterpriseInput) (enterpriseFormData, error) {
	d := enterpriseFormData{In: in}
	var err error
	if d.Sectors, err = h.svc.Sectors(r.Context()); err != nil {
		return d, err
	}
	if h.svc.reg == nil {
		return d, nil
	}
	orgs, _, err := h.svc.reg.ListOrganisations(r.Context(), registry.OrgFilter{Kind: "enterprise", Limit: 500})
	if err != nil {
		return d, err
	}
	in2, _, err := h.svc.ListEnterprises(r.Context(), EnterpriseFilter{Limit: 500})
	if err != nil {
		return d, err
	}
	taken := map[int64]bool{}
	for _, e := range in2 {
		taken[e.OrgID] = true
	}
	for _, o := range orgs {
		if !taken[o.ID] {
			d.Orgs = append(d.Orgs, o)
		}
	}
	return d, nil
}

func (h *HTTP) enterpriseNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := regulator(r.Context()); err != nil {
		return err
	}
	d, err := h.enterpriseForm(r, EnterpriseInput{})
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/enterprise_new", Title: "safety.enterprise.new", Data: d})
	return nil
}

func (h *HTTP) enterpriseCreate(w http.ResponseWriter, r *http.Request) error {
	in := EnterpriseInput{OrgID: formInt(r, "org_id"), Sector: r.PostFormValue("sector"), Regulator: r.PostFormValue("regulator"),
		MajorHazardSource: r.PostFormValue("major_hazard_source") != "", Notes: r.PostFormValue("notes")}
	if k, n := r.PostFormValue("licence_kind"), r.PostFormValue("licence_number"); k != "" || n != "" {
		v := &errs.Validation{}
		in.Licences = []Licence{{Kind: k, Number: n, ValidTo: parseDay(v, "licences", r.PostFormValue("licence_valid_to"), false)}}
	}
	e, err := h.svc.CreateEnterprise(r.Context(), in)
	if v, ok := errs.AsValidation(err); ok {
		d, err := h.enterpriseForm(r, in)
		if err != nil {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "safety/enterprise_new", Title: "safety.enterprise.new", Status: http.StatusUnprocessableEntity, Errors: v, Data: d})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/enterprises/%d", e.ID))
	return nil
}
