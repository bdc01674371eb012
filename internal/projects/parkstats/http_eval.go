package parkstats

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/registry"
)

// ---- 亩均效益 ----

// bandSlots is how many grade rows the sheet form offers (A–D plus one).
const bandSlots = 5

type mujunPage struct {
	Year       int
	Sheets     []Sheet
	Sheet      *Sheet
	Results    []Result
	Inputs     []MJRecord
	Indicators []Indicator
	Slots      []int
	Orgs       []registry.Organisation
	SheetIn    SheetInput
	MJIn       MJInput
	CanEdit    bool
	Bureau     bool
}

func (h *HTTP) mujunPage(r *http.Request, sheetIn SheetInput, mjIn MJInput) (mujunPage, error) {
	ctx := r.Context()
	pg := mujunPage{Year: int(qInt(r, "year")), Indicators: Indicators(), SheetIn: sheetIn, MJIn: mjIn, CanEdit: canEdit(r), Bureau: isBureauReq(r)}
	for i := 1; i <= bandSlots; i++ {
		pg.Slots = append(pg.Slots, i)
	}
	var err error
	if pg.Sheets, err = h.svc.ListSheets(ctx, 0); err != nil {
		return pg, err
	}
	if id := qInt(r, "sheet"); id != 0 {
		sh, err := h.svc.GetSheet(ctx, id)
		if err != nil {
			return pg, err
		}
		pg.Sheet = &sh
	} else if len(pg.Sheets) > 0 {
		pg.Sheet = &pg.Sheets[0]
	}
	if pg.Sheet != nil {
		if pg.Results, err = h.svc.Results(ctx, pg.Sheet.ID); err != nil {
			return pg, err
		}
		if pg.Year == 0 {
			pg.Year = pg.Sheet.Year
		}
	}
	if pg.Year == 0 {
		pg.Year = h.svc.now().In(cst).Year() - 1
	}
	if pg.Inputs, err = h.svc.MJInputs(ctx, pg.Year); err != nil {
		return pg, err
	}
	if pg.CanEdit {
		pg.Orgs, _, err = h.svc.reg.ListOrganisations(ctx, registry.OrgFilter{Kind: string(registry.OrgEnterprise), Limit: 500})
	}
	return pg, err
}

func (h *HTTP) mujun(w http.ResponseWriter, r *http.Request) error {
	pg, err := h.mujunPage(r, SheetInput{Method: string(GradeByRank), ExemptGrade: "B"}, MJInput{})
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "parkstats/mujun", Title: "parkstats.mj.title", Flash: flash(r), Data: pg})
	return nil
}

// sheetFromForm reads the sheet form: per indicator a weight and a
// benchmark (both empty: not on the sheet), per band slot a grade and bound.
func sheetFromForm(r *http.Request) (SheetInput, *errs.Validation) {
	v := &errs.Validation{}
	year, _ := strconv.Atoi(fStr(r, "year"))
	in := SheetInput{Year: year, Population: fStr(r, "population"), Name: fStr(r, "name"), Method: fStr(r, "method"),
		ExemptGrade: fStr(r, "exempt_grade"), Source: fStr(r, "source"), Illustrative: fStr(r, "illustrative") != ""}
	for _, ind := range Indicators() {
		if fStr(r, "w_"+string(ind)) == "" && fStr(r, "b_"+string(ind)) == "" {
			continue
		}
		in.Lines = append(in.Lines, Weighted{Indicator: ind, Weight: fFloat(r, v, "w_"+string(ind)), Benchmark: fFloat(r, v, "b_"+string(ind))})
	}
	for i := 1; i <= bandSlots; i++ {
		g := fStr(r, "grade_"+strconv.Itoa(i))
		if g == "" {
			continue
		}
		in.Bands = append(in.Bands, Band{Grade: g, Bound: fFloat(r, v, "bound_"+strconv.Itoa(i))})
	}
	return in, v
}

func (h *HTTP) sheetCreate(w http.ResponseWriter, r *http.Request) error {
	in, v := sheetFromForm(r)
	var err error
	var sh Sheet
	if len(v.Fields) == 0 {
		sh, err = h.svc.CreateSheet(r.Context(), in)
	}
	if err = merge(v, err); err != nil {
		pg, perr := h.mujunPage(r, in, MJInput{})
		if perr != nil {
			return perr
		}
		return h.refused(w, r, web.Page{Name: "parkstats/mujun", Title: "parkstats.mj.title", Data: pg}, err)
	}
	web.Redirect(w, r, "/park-stats/mujun?"+url.Values{"sheet": {idStr(sh.ID)}, "done": {"saved"}}.Encode())
	return nil
}

func (h *HTTP) mjInputSave(w http.ResponseWriter, r *http.Request) error {
	v := &errs.Validation{}
	year, _ := strconv.Atoi(fStr(r, "year"))
	in := MJInput{OrgID: fInt(r, v, "org_id"), Year: year, Population: fStr(r, "population"), Tax: fStr(r, "tax"),
		AddedValue: fStr(r, "added_value"), Revenue: fStr(r, "revenue"), RD: fStr(r, "rd"), LandMu: fStr(r, "land_mu"),
		EnergyTce: fStr(r, "energy_tce"), EmissionT: fStr(r, "emission_t"), Electricity: fStr(r, "electricity"),
		Employees: fInt(r, v, "employees"), Exempt: fStr(r, "exempt") != ""}
	var err error
	if len(v.Fields) == 0 {
		_, err = h.svc.SaveMJInput(r.Context(), in)
	}
	if err = merge(v, err); err != nil {
		pg, perr := h.mujunPage(r, SheetInput{Method: string(GradeByRank), ExemptGrade: "B"}, in)
		if perr != nil {
			return perr
		}
		return h.refused(w, r, web.Page{Name: "parkstats/mujun", Title: "parkstats.mj.title", Data: pg}, err)
	}
	web.Redirect(w, r, "/park-stats/mujun?"+url.Values{"year": {strconv.Itoa(in.Year)}, "done": {"saved"}}.Encode())
	return nil
}

func (h *HTTP) evaluate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err = h.svc.Evaluate(r.Context(), id); err != nil {
		q := r.URL.Query()
		q.Set("sheet", idStr(id))
		r.URL.RawQuery = q.Encode()
		pg, perr := h.mujunPage(r, SheetInput{Method: string(GradeByRank), ExemptGrade: "B"}, MJInput{})
		if perr != nil {
			return perr
		}
		return h.refused(w, r, web.Page{Name: "parkstats/mujun", Title: "parkstats.mj.title", Data: pg}, err)
	}
	web.Redirect(w, r, "/park-stats/mujun?"+url.Values{"sheet": {idStr(id)}, "done": {"evaluated"}}.Encode())
	return nil
}

// ---- targets ----

type targetsPage struct {
	Targets []Target
	Parks   []registry.Park
	In      TargetInput
	Target  int64
	Prog    ProgressInput
	CanEdit bool
}

func (h *HTTP) targetsPage(r *http.Request, in TargetInput) (targetsPage, error) {
	pg := targetsPage{In: in, CanEdit: canEdit(r)}
	var err error
	if pg.Targets, err = h.svc.Targets(r.Context()); err != nil {
		return pg, err
	}
	if pg.CanEdit {
		pg.Parks, _, err = h.svc.reg.ListParks(r.Context(), registry.ParkFilter{Limit: -1})
	}
	return pg, err
}

func (h *HTTP) targets(w http.ResponseWriter, r *http.Request) error {
	pg, err := h.targetsPage(r, TargetInput{})
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "parkstats/targets", Title: "parkstats.target.title", Flash: flash(r), Data: pg})
	return nil
}

func (h *HTTP) targetCreate(w http.ResponseWriter, r *http.Request) error {
	v := &errs.Validation{}
	base, _ := strconv.Atoi(fStr(r, "base_year"))
	due, _ := strconv.Atoi(fStr(r, "due_year"))
	in := TargetInput{ParkID: fInt(r, v, "park_id"), DivisionCode: fStr(r, "division_code"), Name: fStr(r, "name"),
		TargetValue: fStr(r, "target_value"), BaseYear: base, DueYear: due, Source: fStr(r, "source")}
	var err error
	if len(v.Fields) == 0 {
		_, err = h.svc.CreateTarget(r.Context(), in)
	}
	if err = merge(v, err); err != nil {
		pg, perr := h.targetsPage(r, in)
		if perr != nil {
			return perr
		}
		return h.refused(w, r, web.Page{Name: "parkstats/targets", Title: "parkstats.target.title", Data: pg}, err)
	}
	web.Redirect(w, r, "/park-stats/targets?done=saved")
	return nil
}

func (h *HTTP) progressRecord(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in := ProgressInput{AsOf: fStr(r, "as_of"), Actual: fStr(r, "actual"), Note: fStr(r, "note")}
	if _, err = h.svc.RecordProgress(r.Context(), id, in); err != nil {
		pg, perr := h.targetsPage(r, TargetInput{})
		if perr != nil {
			return perr
		}
		pg.Target, pg.Prog = id, in
		return h.refused(w, r, web.Page{Name: "parkstats/targets", Title: "parkstats.target.title", Data: pg}, err)
	}
	web.Redirect(w, r, "/park-stats/targets?done=saved")
	return nil
}
