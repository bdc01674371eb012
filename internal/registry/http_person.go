package registry

import (
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

func personFilter(r *http.Request) PersonFilter {
	limit, offset := web.Paging(r)
	return PersonFilter{Q: qStr(r, "q"), DivisionCode: qStr(r, "division_code"), OrgID: qInt(r, "org_id"), Limit: limit, Offset: offset}
}

type personListPage struct {
	listing
	Items     []Person
	Divisions []Division
}

func (h *HTTP) personList(w http.ResponseWriter, r *http.Request) error {
	f := personFilter(r)
	items, total, err := h.svc.ListPeople(r.Context(), f)
	if err != nil {
		return err
	}
	pg := personListPage{listing: newListing(r, "/registry/people", total, f.Limit, f.Offset), Items: items}
	if pg.Divisions, err = h.visibleDivisions(r); err != nil {
		return err
	}
	return h.show(w, r, "people", "registry.person.title", pg)
}

func (h *HTTP) personShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.svc.GetPerson(r.Context(), id)
	if err != nil {
		return err
	}
	return h.show(w, r, "person", "registry.person.detail", p)
}

type personFormPage struct {
	ID        int64
	In        PersonInput
	Divisions []Division
	Orgs      []Organisation
}

func (h *HTTP) personForm(r *http.Request, id int64, in PersonInput) (personFormPage, error) {
	pg := personFormPage{ID: id, In: in}
	var err error
	if pg.Divisions, err = h.writableDivisions(r); err != nil {
		return pg, err
	}
	pg.Orgs, _, err = h.svc.ListOrganisations(r.Context(), OrgFilter{Limit: -1})
	return pg, err
}

func personFromForm(r *http.Request) (PersonInput, *errs.Validation) {
	v := &errs.Validation{}
	in := PersonInput{Name: fStr(r, "name"), Title: fStr(r, "title"), OrgID: fID(r, v, "org_id"), DivisionCode: fStr(r, "division_code"),
		Phone: fStr(r, "phone"), RoleNote: fStr(r, "role_note"), Notes: fStr(r, "notes"), Illustrative: fBool(r, "illustrative")}
	return in, v
}

func (h *HTTP) personNew(w http.ResponseWriter, r *http.Request) error {
	in := PersonInput{OrgID: qInt(r, "org_id")}
	if divs, err := h.writableDivisions(r); err == nil && len(divs) == 1 {
		in.DivisionCode = divs[0].Code
	}
	pg, err := h.personForm(r, 0, in)
	if err != nil {
		return err
	}
	return h.show(w, r, "person_form", "registry.person.new", pg)
}

func (h *HTTP) personCreate(w http.ResponseWriter, r *http.Request) error {
	in, v := personFromForm(r)
	var p Person
	err := v.Err()
	if err == nil {
		p, err = h.svc.CreatePerson(r.Context(), in)
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.personForm(r, 0, in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "person_form", "registry.person.new", err, pg)
	}
	web.Redirect(w, r, "/registry/people/"+idStr(p.ID)+"?done=created")
	return nil
}

func (h *HTTP) personEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.svc.GetPerson(r.Context(), id)
	if err != nil {
		return err
	}
	pg, err := h.personForm(r, id, p.Input())
	if err != nil {
		return err
	}
	return h.show(w, r, "person_form", "registry.person.edit", pg)
}

func (h *HTTP) personUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in, v := personFromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.UpdatePerson(r.Context(), id, in)
	} else if _, gerr := h.svc.GetPerson(r.Context(), id); gerr != nil {
		return gerr
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.personForm(r, id, in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "person_form", "registry.person.edit", err, pg)
	}
	web.Redirect(w, r, "/registry/people/"+idStr(id)+"?done=saved")
	return nil
}

func (h *HTTP) personDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeletePerson(r.Context(), id); err != nil {
		return h.deleteRefused(w, r, err, "/registry/people/"+idStr(id))
	}
	web.Redirect(w, r, "/registry/people?done=deleted")
	return nil
}
