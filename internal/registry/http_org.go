package registry

import (
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

func orgFilter(r *http.Request) OrgFilter {
	limit, offset := web.Paging(r)
	return OrgFilter{Q: qStr(r, "q"), DivisionCode: qStr(r, "division_code"), Kind: qStr(r, "kind"),
		ParkID: qInt(r, "park_id"), ClusterID: qInt(r, "cluster_id"), Limit: limit, Offset: offset}
}

type orgListPage struct {
	listing
	Items      []Organisation
	Divisions  []Division
	Parks      []Park
	Taxonomies []Taxonomy
	Kinds      []OrgKind
}

func (h *HTTP) orgList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := orgFilter(r)
	items, total, err := h.svc.ListOrganisations(ctx, f)
	if err != nil {
		return err
	}
	pg := orgListPage{listing: newListing(r, "/registry/orgs", total, f.Limit, f.Offset), Items: items, Kinds: OrgKinds()}
	if pg.Divisions, err = h.visibleDivisions(r); err != nil {
		return err
	}
	if pg.Parks, _, err = h.svc.ListParks(ctx, ParkFilter{Limit: -1}); err != nil {
		return err
	}
	if pg.Taxonomies, _, err = h.svc.ListTaxonomies(ctx, TaxonomyFilter{Limit: -1}); err != nil {
		return err
	}
	return h.show(w, r, "orgs", "registry.org.title", pg)
}

func (h *HTTP) orgShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.svc.GetOrganisation(r.Context(), id)
	if err != nil {
		return err
	}
	people, _, err := h.svc.ListPeople(r.Context(), PersonFilter{OrgID: id, Limit: 500})
	if err != nil {
		return err
	}
	return h.show(w, r, "org", "registry.org.detail", struct {
		Org    Organisation
		People []Person
	}{o, people})
}

// orgFormPage is the organisation form: the input as typed, the record
// being edited (ID 0 for a new one) and the choices.
type orgFormPage struct {
	ID         int64
	In         OrgInput
	Selected   map[int64]bool
	Divisions  []Division
	Parks      []Park
	Taxonomies []Taxonomy
	Kinds      []OrgKind
}

func (h *HTTP) orgForm(r *http.Request, id int64, in OrgInput) (orgFormPage, error) {
	pg := orgFormPage{ID: id, In: in, Selected: map[int64]bool{}, Kinds: OrgKinds()}
	for _, c := range in.ClusterIDs {
		pg.Selected[c] = true
	}
	var err error
	if pg.Divisions, err = h.writableDivisions(r); err != nil {
		return pg, err
	}
	if pg.Parks, _, err = h.svc.ListParks(r.Context(), ParkFilter{Limit: -1}); err != nil {
		return pg, err
	}
	// Tags may be given in every version in force today, and stay shown
	// for versions no longer in force that the organisation still carries.
	all, _, err := h.svc.ListTaxonomies(r.Context(), TaxonomyFilter{Limit: -1})
	if err != nil {
		return pg, err
	}
	today := chinaToday()
	for _, t := range all {
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

func (h *HTTP) orgNew(w http.ResponseWriter, r *http.Request) error {
	in := OrgInput{Kind: string(OrgEnterprise)}
	if divs, err := h.writableDivisions(r); err == nil && len(divs) == 1 {
		in.DivisionCode = divs[0].Code
	}
	pg, err := h.orgForm(r, 0, in)
	if err != nil {
		return err
	}
	return h.show(w, r, "org_form", "registry.org.new", pg)
}

func orgFromForm(r *http.Request) (OrgInput, *errs.Validation) {
	v := &errs.Validation{}
	in := OrgInput{Kind: fStr(r, "kind"), Name: fStr(r, "name"), USCC: fStr(r, "uscc"), DivisionCode: fStr(r, "division_code"),
		ParkID: fID(r, v, "park_id"), Industry: fStr(r, "industry"), LegalRep: fStr(r, "legal_rep"), Principal: fStr(r, "principal"),
		Phone: fStr(r, "phone"), Address: fStr(r, "address"), Notes: fStr(r, "notes"), Illustrative: fBool(r, "illustrative")}
	_ = r.ParseForm()
	for _, s := range r.PostForm["cluster_ids"] {
		if id := parseID(s); id > 0 {
			in.ClusterIDs = append(in.ClusterIDs, id)
		} else if !v.Has("cluster_ids") {
			v.Add("cluster_ids", keyClusterUnknown)
		}
	}
	return in, v
}

func (h *HTTP) orgCreate(w http.ResponseWriter, r *http.Request) error {
	in, v := orgFromForm(r)
	var o Organisation
	err := v.Err()
	if err == nil {
		o, err = h.svc.CreateOrganisation(r.Context(), in)
	} else {
		_, _, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.orgForm(r, 0, in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "org_form", "registry.org.new", err, pg)
	}
	web.Redirect(w, r, "/registry/orgs/"+idStr(o.ID)+"?done=created")
	return nil
}

func (h *HTTP) orgEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.svc.GetOrganisation(r.Context(), id)
	if err != nil {
		return err
	}
	pg, err := h.orgForm(r, id, o.Input())
	if err != nil {
		return err
	}
	return h.show(w, r, "org_form", "registry.org.edit", pg)
}

func (h *HTTP) orgUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in, v := orgFromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.UpdateOrganisation(r.Context(), id, in)
	} else if _, gerr := h.svc.GetOrganisation(r.Context(), id); gerr != nil {
		return gerr
	} else {
		_, _, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.orgForm(r, id, in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "org_form", "registry.org.edit", err, pg)
	}
	web.Redirect(w, r, "/registry/orgs/"+idStr(id)+"?done=saved")
	return nil
}

func (h *HTTP) orgDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeleteOrganisation(r.Context(), id); err != nil {
		return h.deleteRefused(w, r, err, "/registry/orgs/"+idStr(id))
	}
	web.Redirect(w, r, "/registry/orgs?done=deleted")
	return nil
}

// deleteRefused shows why a record could not be deleted (still referenced)
// on a small page linking back to it; other errors go to the error pages.
func (h *HTTP) deleteRefused(w http.ResponseWriter, r *http.Request, err error, back string) error {
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "registry/refused", Title: "registry.delete.refused", Status: http.StatusUnprocessableEntity,
		Errors: v, Data: struct{ Back string }{back}})
	return nil
}

func parseID(s string) int64 {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' || n > (1<<62)/10 {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
