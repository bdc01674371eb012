package registry

import (
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

func divisionFilter(r *http.Request) DivisionFilter {
	limit, offset := web.Paging(r)
	return DivisionFilter{Q: qStr(r, "q"), Level: qStr(r, "level"), Parent: qStr(r, "parent"), Limit: limit, Offset: offset}
}

type divisionListPage struct {
	listing
	Items  []Division
	Levels []DivisionLevel
}

func (h *HTTP) divisionList(w http.ResponseWriter, r *http.Request) error {
	f := divisionFilter(r)
	items, total, err := h.svc.ListDivisions(r.Context(), f)
	if err != nil {
		return err
	}
	return h.show(w, r, "divisions", "registry.division.title", divisionListPage{
		listing: newListing(r, "/registry/divisions", total, f.Limit, f.Offset), Items: items, Levels: DivisionLevels()})
}

func (h *HTTP) divisionShow(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.GetDivision(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	children, _, err := h.svc.ListDivisions(r.Context(), DivisionFilter{Parent: d.Code, Limit: 500})
	if err != nil {
		return err
	}
	return h.show(w, r, "division", "registry.division.detail", struct {
		Division Division
		Children []Division
	}{d, children})
}

type divisionFormPage struct {
	Code   string // "" for a new division
	In     DivisionInput
	Levels []DivisionLevel
	All    []Division
}

func (h *HTTP) divisionForm(r *http.Request, code string, in DivisionInput) (divisionFormPage, error) {
	all, err := h.svc.AllDivisions(r.Context())
	return divisionFormPage{Code: code, In: in, Levels: DivisionLevels(), All: all}, err
}

func divisionFromForm(r *http.Request) DivisionInput {
	return DivisionInput{Code: fStr(r, "code"), Name: fStr(r, "name"), Level: fStr(r, "level"), ParentCode: fStr(r, "parent_code")}
}

func (h *HTTP) divisionNew(w http.ResponseWriter, r *http.Request) error {
	pg, err := h.divisionForm(r, "", DivisionInput{})
	if err != nil {
		return err
	}
	return h.show(w, r, "division_form", "registry.division.new", pg)
}

func (h *HTTP) divisionCreate(w http.ResponseWriter, r *http.Request) error {
	in := divisionFromForm(r)
	d, err := h.svc.CreateDivision(r.Context(), in)
	if err != nil {
		pg, ferr := h.divisionForm(r, "", in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "division_form", "registry.division.new", err, pg)
	}
	web.Redirect(w, r, "/registry/divisions/"+d.Code+"?done=created")
	return nil
}

func (h *HTTP) divisionEdit(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.GetDivision(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	pg, err := h.divisionForm(r, d.Code, d.Input())
	if err != nil {
		return err
	}
	return h.show(w, r, "division_form", "registry.division.edit", pg)
}

func (h *HTTP) divisionUpdate(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	in := divisionFromForm(r)
	in.Code = code
	if _, err := h.svc.UpdateDivision(r.Context(), code, in); err != nil {
		if _, ok := errs.AsValidation(err); !ok {
			return err
		}
		pg, ferr := h.divisionForm(r, code, in)
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "division_form", "registry.division.edit", err, pg)
	}
	web.Redirect(w, r, "/registry/divisions/"+code+"?done=saved")
	return nil
}

func (h *HTTP) divisionDelete(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	if err := h.svc.DeleteDivision(r.Context(), code); err != nil {
		return h.deleteRefused(w, r, err, "/registry/divisions/"+code)
	}
	web.Redirect(w, r, "/registry/divisions?done=deleted")
	return nil
}
