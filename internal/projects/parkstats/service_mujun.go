package parkstats

import (
	"context"
	"errors"
	"math"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// GetSheet returns a 亩均 sheet version.
func (s *Service) GetSheet(ctx context.Context, id int64) (Sheet, error) {
	return getSheet(ctx, s.d.Read(), id)
}

// ListSheets returns the sheets of a year (0: every year), newest first.
func (s *Service) ListSheets(ctx context.Context, year int) ([]Sheet, error) {
	return listSheets(ctx, s.d.Read(), year)
}

// CreateSheet stores a new version of a year's sheet for a population
// (bureau only). Sheets are never edited, so every stored grade keeps
// pointing at the weights and benchmarks that produced it.
func (s *Service) CreateSheet(ctx context.Context, in SheetInput) (Sheet, error) {
	if _, err := bureau(ctx); err != nil {
		return Sheet{}, err
	}
	v := &errs.Validation{}
	sh := Sheet{Year: in.Year, Population: Population(trim(in.Population)), Name: trim(in.Name), Method: GradeMethod(trim(in.Method)),
		ExemptGrade: trim(in.ExemptGrade), Lines: in.Lines, Bands: in.Bands, Source: trim(in.Source), Illustrative: in.Illustrative,
		CreatedAt: s.now().UTC()}
	if !validYear(sh.Year) {
		v.Add("year", keyBadYear)
	}
	if !sh.Population.Valid() {
		v.Add("population", keyBadChoice)
	}
	text(v, "name", sh.Name, true, maxName)
	text(v, "source", sh.Source, false, maxNotes)
	text(v, "exempt_grade", sh.ExemptGrade, true, 10)
	for i := range sh.Bands {
		sh.Bands[i].Grade = strings.TrimSpace(sh.Bands[i].Grade)
	}
	if field, key := SheetProblem(sh.Lines, sh.Method, sh.Bands); key != "" {
		v.Add(field, key)
	}
	if err := v.Err(); err != nil {
		return sh, err
	}
	var out Sheet
	err := s.d.Tx(ctx, func(c db.Conn) error {
		id, err := insertSheet(ctx, c, sh)
		if err != nil {
			return err
		}
		if out, err = getSheet(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectSheet, ObjectID: idStr(id), After: out})
	})
	return out, err
}

// MJInputs returns the visible 亩均 figures of a year.
func (s *Service) MJInputs(ctx context.Context, year int) ([]MJRecord, error) {
	return listMJ(ctx, s.d.Read(), year, "")
}

// SaveMJInput enters or replaces an enterprise's yearly 亩均 figures
// (county staff for their county's enterprises, the bureau for any).
func (s *Service) SaveMJInput(ctx context.Context, in MJInput) (MJRecord, error) {
	pr, err := editor(ctx)
	if err != nil {
		return MJRecord{}, err
	}
	var out MJRecord
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.saveMJ(ctx, c, pr, in)
		return err
	})
	return out, err
}

func (s *Service) saveMJ(ctx context.Context, c db.Conn, pr *access.Principal, in MJInput) (MJRecord, error) {
	v := &errs.Validation{}
	m := MJRecord{OrgID: in.OrgID, Year: in.Year, Population: Population(trim(in.Population)), Employees: in.Employees,
		Exempt: in.Exempt, Illustrative: in.Illustrative, UpdatedAt: s.now().UTC()}
	if !validYear(m.Year) || m.Year > s.now().In(cst).Year() {
		v.Add("year", keyBadYear)
	}
	if !m.Population.Valid() {
		v.Add("population", keyBadChoice)
	}
	m.Tax = reqAmount(v, "tax", in.Tax, true)
	m.AddedValue = reqAmount(v, "added_value", in.AddedValue, false)
	m.Revenue = reqAmount(v, "revenue", in.Revenue, false)
	m.RD = reqAmount(v, "rd", in.RD, false)
	m.LandMu = reqAmount(v, "land_mu", in.LandMu, true)
	m.EnergyTce = reqAmount(v, "energy_tce", in.EnergyTce, false)
	m.EmissionT = reqAmount(v, "emission_t", in.EmissionT, false)
	m.Electricity = reqAmount(v, "electricity", in.Electricity, false)
	if m.Employees < 0 || m.Employees > 10_000_000 {
		v.Add("employees", keyEmployeesBad)
	}
	org, err := s.reg.GetOrganisation(ctx, in.OrgID)
	switch {
	case errors.Is(err, errs.ErrNotFound), errors.Is(err, access.ErrForbidden):
		v.Add("org_id", keyOrgUnknown)
	case err != nil:
		return m, err
	case org.Kind != registry.OrgEnterprise || !pr.Scope.CoversDivision(org.DivisionCode):
		v.Add("org_id", keyOrgUnknown)
	default:
		m.OrgName, m.ParkID, m.ParkName, m.DivisionCode = org.Name, org.ParkID, org.ParkName, org.DivisionCode
	}
	if err := v.Err(); err != nil {
		return m, err
	}
	before, err := getMJ(ctx, c, m.OrgID, m.Year)
	action := audit.ActionUpdate
	if errors.Is(err, errs.ErrNotFound) {
		action = audit.ActionCreate
	} else if err != nil {
		return m, err
	}
	if err := upsertMJ(ctx, c, m); err != nil {
		return m, err
	}
	out, err := getMJ(ctx, c, m.OrgID, m.Year)
	if err != nil {
		return out, err
	}
	ch := audit.Change{Action: action, ObjectType: ObjectMJInput, ObjectID: idStr(out.ID), Division: out.DivisionCode, After: out}
	if action == audit.ActionUpdate {
		ch.Before = before
	}
	return out, audit.Write(ctx, c, ch)
}

// figures converts stored hundredths to the units the indicators divide.
func (m MJRecord) figures() MJFigures {
	f := func(a Amount) float64 { return float64(a) / 100 }
	return MJFigures{Tax: f(m.Tax), AddedValue: f(m.AddedValue), Revenue: f(m.Revenue), RD: f(m.RD), LandMu: f(m.LandMu),
		EnergyTce: f(m.EnergyTce), Emission: f(m.EmissionT), Employees: float64(m.Employees), ElectricityMWh: f(m.Electricity)}
}

// Evaluate scores and grades every enterprise of the sheet's year and
// population with the sheet, and stores each score and grade with the
// sheet's id (bureau only: the ranking spans the prefecture). An earlier
// run of the same sheet is replaced; results of other versions stay. If
// any enterprise's figures cannot be scored, nothing is stored and the
// problems name the enterprises and indicators.
func (s *Service) Evaluate(ctx context.Context, sheetID int64) ([]Result, error) {
	if _, err := bureau(ctx); err != nil {
		return nil, err
	}
	var out []Result
	err := s.d.Tx(ctx, func(c db.Conn) error {
		sh, err := getSheet(ctx, c, sheetID)
		if err != nil {
			return err
		}
		inputs, err := listMJ(ctx, c, sh.Year, sh.Population)
		if err != nil {
			return err
		}
		if len(inputs) == 0 {
			return errs.Invalid("inputs", keyNothingToScore)
		}
		subjects := make([]MJSubject, len(inputs))
		byOrg := map[int64]MJRecord{}
		for i, m := range inputs {
			subjects[i] = MJSubject{Key: m.OrgID, Figures: m.figures(), Exempt: m.Exempt}
			byOrg[m.OrgID] = m
		}
		res, probs := Evaluate(subjects, sh.Lines, sh.Method, sh.Bands, sh.ExemptGrade)
		if len(probs) > 0 {
			v := &errs.Validation{}
			for _, p := range probs {
				v.Add("inputs", keyMissingInput, byOrg[p.Key].OrgName, string(p.Indicator))
			}
			return v
		}
		at := s.now().UTC()
		rs := make([]Result, len(res))
		for i, r := range res {
			m := byOrg[r.Key]
			rs[i] = Result{SheetID: sh.ID, OrgID: m.OrgID, ParkID: m.ParkID, DivisionCode: m.DivisionCode,
				Score: Qty(math.Round(r.Score * 100)), Rank: r.Rank, Grade: r.Grade, Exempt: r.Exempt, EvaluatedAt: at}
		}
		if err := replaceResults(ctx, c, sh.ID, rs); err != nil {
			return err
		}
		if out, err = listResults(ctx, c, sh.ID); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: "evaluate", ObjectType: ObjectEvaluation, ObjectID: idStr(sh.ID),
			After: map[string]any{"sheet_id": sh.ID, "year": sh.Year, "population": sh.Population, "version": sh.Version, "enterprises": len(rs)}})
	})
	return out, err
}

// Results returns the visible stored results of a sheet.
func (s *Service) Results(ctx context.Context, sheetID int64) ([]Result, error) {
	if _, err := getSheet(ctx, s.d.Read(), sheetID); err != nil {
		return nil, err
	}
	return listResults(ctx, s.d.Read(), sheetID)
}
