package registry

import (
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

func parkFilter(r *http.Request) ParkFilter {
	limit, offset := web.Paging(r)
	return ParkFilter{Q: qStr(r, "q"), DivisionCode: qStr(r, "division_code"), Level: qStr(r, "level"), Kind: qStr(r, "kind"),
		Limit: limit, Offset: offset}
}

type parkListPage struct {
	listing
	Items     []Park
	Divisions []Division
	Levels    []ParkLevel
	Kinds     []ParkKind
}

func (h *HTTP) parkList(w http.ResponseWriter, r *http.Request) error {
	f := parkFilter(r)
	items, total, err := h.svc.ListParks(r.Context(), f)
	if err != nil {
		return err
	}
	pg := parkListPage{listing: newListing(r, "/registry/parks", total, f.Limit, f.Offset), Items: items,
		Levels: ParkLevels(), Kinds: ParkKinds()}
	if pg.Divisions, err = h.visibleDivisions(r); err != nil {
		return err
	}
	return h.show(w, r, "parks", "registry.park.title", pg)
}

func (h *HTTP) parkShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.svc.GetPark(r.Context(), id)
	if err != nil {
		return err
	}
	orgs, total, err := h.svc.ListOrganisations(r.Context(), OrgFilter{ParkID: id, Limit: 100})
	if err != nil {
		return err
	}
	return h.show(w, r, "park", "registry.park.detail", struct {
		Park      Park
		Orgs      []Organisation
		OrgsTotal int
	}{p, orgs, total})
}

type parkFormPage struct {
	ID        int64
	In        ParkInput
	Area      string // as typed, so a bad number is shown back
	Divisions []Division
	Levels    []ParkLevel
	Kinds     []ParkKind
}

func (h *HTTP) parkForm(r *http.Request, id int64, in ParkInput, area string) (parkFormPage, error) {
	divs, err := h.writableDivisions(r)
	return parkFormPage{ID: id, In: in, Area: area, Divisions: divs, Levels: ParkLevels(), Kinds: ParkKinds()}, err
}

func parkFromForm(r *http.Request) (ParkInput, *errs.Validation) {
	v := &errs.Validation{}
	in := ParkInput{Name: fStr(r, "name"), ShortName: fStr(r, "short_name"), Level: fStr(r, "level"), Kind: fStr(r, "kind"),
		DivisionCode: fStr(r, "division_code"), Committee: fStr(r, "committee"), AreaKm2: fFloat(r, v, "area_km2"),
		Established: fStr(r, "established"), Notes: fStr(r, "notes"), Illustrative: fBool(r, "illustrative")}
	return in, v
}

func areaText(a *float64) string {
	if a == nil {
		return ""
	}
	return formatFloat(*a)
}

func (h *HTTP) parkNew(w http.ResponseWriter, r *http.Request) error {
	in := ParkInput{}
	if divs, err := h.writableDivisions(r); err == nil && len(divs) == 1 {
		in.DivisionCode = divs[0].Code
	}
	pg, err := h.parkForm(r, 0, in, "")
	if err != nil {
		return err
	}
	return h.show(w, r, "park_form", "registry.park.new", pg)
}

func (h *HTTP) parkCreate(w http.ResponseWriter, r *http.Request) error {
	in, v := parkFromForm(r)
	var p Park
	err := v.Err()
	if err == nil {
		p, err = h.svc.CreatePark(r.Context(), in)
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.parkForm(r, 0, in, fStr(r, "area_km2"))
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "park_form", "registry.park.new", err, pg)
	}
	web.Redirect(w, r, "/registry/parks/"+idStr(p.ID)+"?done=created")
	return nil
}

func (h *HTTP) parkEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.svc.GetPark(r.Context(), id)
	if err != nil {
		return err
	}
	pg, err := h.parkForm(r, id, p.Input(), areaText(p.AreaKm2))
	if err != nil {
		return err
	}
	return h.show(w, r, "park_form", "registry.park.edit", pg)
}

func (h *HTTP) parkUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in, v := parkFromForm(r)
	err = v.Err()
	if err == nil {
		_, err = h.svc.UpdatePark(r.Context(), id, in)
	} else if _, gerr := h.svc.GetPark(r.Context(), id); gerr != nil {
		return gerr
	} else {
		_, rules := in.check()
		err = merge(v, rules.Err())
	}
	if err != nil {
		pg, ferr := h.parkForm(r, id, in, fStr(r, "area_km2"))
		if ferr != nil {
			return ferr
		}
		return h.refused(w, r, "park_form", "registry.park.edit", err, pg)
	}
	web.Redirect(w, r, "/registry/parks/"+idStr(id)+"?done=saved")
	return nil
}

func (h *HTTP) parkDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.DeletePark(r.Context(), id); err != nil {
		return h.deleteRefused(w, r, err, "/registry/parks/"+idStr(id))
	}
	web.Redirect(w, r, "/registry/parks?done=deleted")
	return nil
}
