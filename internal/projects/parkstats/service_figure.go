package parkstats

import (
	"context"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
)

// SubmitFigure enters a park's figures for a month or a year (county/park
// staff for their county's parks, the bureau for any), or with ParkID 0
// the prefecture's own (bureau only). A second entry for the same park and
// period is a correction: it becomes current and the earlier one stays in
// history. Refused, changing nothing: unknown kind, scope or park, a
// malformed or future period, negative or malformed figures, an entry with
// no figure at all.
func (s *Service) SubmitFigure(ctx context.Context, in FigureInput) (Figure, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Figure{}, err
	}
	var out Figure
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.submitFigure(ctx, c, pr, in)
		return err
	})
	return out, err
}

func (s *Service) checkFigure(ctx context.Context, pr *access.Principal, in FigureInput) (Figure, error) {
	v := &errs.Validation{}
	f := Figure{ParkID: in.ParkID, Kind: PeriodKind(trim(in.Kind)), Scope: StatScope(trim(in.Scope)), Note: trim(in.Note),
		Illustrative: in.Illustrative, Reporter: pr.Username, ReportedAt: s.now().UTC()}
	if f.Kind != Monthly && f.Kind != Annual {
		v.Add("kind", keyBadChoice)
	} else if p, ok := parsePeriod(f.Kind, in.Period); !ok {
		v.Add("period", keyBadPeriod)
	} else {
		f.Period = p
		now := projects.MonthOfTime(s.now())
		if f.Kind == Monthly && projects.Month(p) > now || f.Kind == Annual && p > now.Year() {
			v.Add("period", keyFuturePeriod)
		}
	}
	if !f.Scope.Valid() {
		v.Add("stat_scope", keyBadChoice)
	}
	f.GrossOutput = optAmount(v, "gross_output", in.GrossOutput)
	f.AddedValue = optAmount(v, "added_value", in.AddedValue)
	f.Revenue = optAmount(v, "revenue", in.Revenue)
	f.Tax = optAmount(v, "tax", in.Tax)
	f.Employment = optCount(v, "employment", in.Employment)
	f.LandMu = optAmount(v, "land_mu", in.LandMu)
	text(v, "note", f.Note, false, maxNotes)
	if len(v.Fields) == 0 && f.GrossOutput == nil && f.AddedValue == nil && f.Revenue == nil && f.Tax == nil && f.Employment == nil && f.LandMu == nil {
		v.Add("added_value", keyEmptyFigure)
	}
	if f.ParkID != 0 {
		p, err := s.park(ctx, "park_id", f.ParkID)
		if ve, ok := errs.AsValidation(err); ok {
			v.Fields = append(v.Fields, ve.Fields...)
		} else if err != nil {
			return f, err
		}
		f.ParkName, f.DivisionCode = p.Name, p.DivisionCode
		if p.ID != 0 && !pr.Scope.CoversDivision(p.DivisionCode) {
			v.Add("park_id", keyParkUnknown)
		}
	} else {
		// The prefecture's own total: only the unrestricted bureau enters it.
		if _, err := bureau(ctx); err != nil {
			return f, err
		}
		f.DivisionCode = trim(in.DivisionCode)
		d, err := s.reg.GetDivision(ctx, f.DivisionCode)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("division_code", keyDivUnknown)
		case err != nil:
			return f, err
		case d.Level != registry.LevelPrefecture:
			v.Add("division_code", keyNotPrefecture)
		}
	}
	return f, v.Err()
}

func (s *Service) submitFigure(ctx context.Context, c db.Conn, pr *access.Principal, in FigureInput) (Figure, error) {
	f, err := s.checkFigure(ctx, pr, in)
	if err != nil {
		return f, err
	}
	out, err := insertFigure(ctx, c, f)
	if err != nil {
		return out, err
	}
	action := audit.ActionCreate
	if out.Revision > 1 {
		action = "correct"
	}
	return out, audit.Write(ctx, c, audit.Change{Action: action, ObjectType: ObjectFigure, ObjectID: idStr(out.ID), Division: out.DivisionCode, After: out})
}

// ImportFigures enters every row's figures or, if any row breaks a rule,
// none: the problems of every row come back in a *registry.ImportError.
func (s *Service) ImportFigures(ctx context.Context, rows []registry.ImportRow[FigureInput]) (int, error) {
	pr, err := editor(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.d.Tx(ctx, func(c db.Conn) error {
		ie := &registry.ImportError{}
		for _, row := range rows {
			for _, p := range row.Problems {
				ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: p.Field, Key: p.Key, Args: p.Args})
			}
			if len(row.Problems) > 0 {
				continue
			}
			_, err := s.submitFigure(ctx, c, pr, row.Input)
			if v, ok := errs.AsValidation(err); ok {
				for _, f := range v.Fields {
					ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: f.Field, Key: f.Key, Args: f.Args})
				}
				continue
			}
			if errors.Is(err, access.ErrForbidden) {
				ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: "park_id", Key: keyParkUnknown})
				continue
			}
			if err != nil {
				return err
			}
			n++
		}
		if len(ie.Problems) > 0 {
			n = 0
			return ie
		}
		return nil
	})
	return n, err
}

// FigureHistory returns every revision of a park's figures for a period
// (parkID 0 with division: the prefecture's), newest first.
func (s *Service) FigureHistory(ctx context.Context, parkID int64, division string, kind PeriodKind, period int) ([]Figure, error) {
	return figureHistory(ctx, s.d.Read(), parkID, division, kind, period)
}

// ParkSeries returns a visible park and its current figures of one kind,
// oldest first.
func (s *Service) ParkSeries(ctx context.Context, parkID int64, kind PeriodKind) (registry.Park, []Figure, error) {
	p, err := s.reg.GetPark(ctx, parkID)
	if err != nil {
		return p, nil, err
	}
	fs, err := parkSeries(ctx, s.d.Read(), parkID, kind)
	return p, fs, err
}

// ParkTable is the park table of one period: every visible park of the
// prefecture with its current figures, its share of the prefecture's
// added value (same scope only), its rank by q.RankBy and its high-tech
// certificates valid on the period's last day; and the parks' total share.
func (s *Service) ParkTable(ctx context.Context, q TableQuery) (ParkTable, error) {
	if _, err := reader(ctx); err != nil {
		return ParkTable{}, err
	}
	if q.RankBy == "" {
		q.RankBy = MAddedValue
	}
	t := ParkTable{Kind: q.Kind, Period: q.Period, RankBy: q.RankBy}
	code, err := s.prefectureCode(ctx, q.Prefecture)
	if err != nil {
		return t, err
	}
	parks, _, err := s.reg.ListParks(ctx, registry.ParkFilter{DivisionCode: code, Limit: -1})
	if err != nil {
		return t, err
	}
	c := s.d.Read()
	figs, err := parkFigures(ctx, c, q.Kind, q.Period)
	if err != nil {
		return t, err
	}
	if t.Prefecture, err = prefectureFigure(ctx, c, code, q.Kind, q.Period); err != nil {
		return t, err
	}
	byPark := map[int64]*Figure{}
	for i := range figs {
		byPark[figs[i].ParkID] = &figs[i]
	}
	t.HighTechDay = Date{Date: db.DateOf(periodEnd(q.Kind, q.Period))}
	ht, err := s.HighTechCounts(ctx, t.HighTechDay.Time, code)
	if err != nil {
		return t, err
	}
	htBy := map[int64]int{}
	for _, h := range ht.Parks {
		htBy[h.ParkID] = h.Count
	}
	t.HighTechTotal = ht.Prefecture
	var ranked []Ranked
	var parts []ScopedValue
	var whole ScopedValue
	if t.Prefecture != nil && t.Prefecture.AddedValue != nil {
		whole = ScopedValue{*t.Prefecture.AddedValue, t.Prefecture.Scope}
	}
	rows := map[int64]ParkRow{}
	for _, p := range parks {
		r := ParkRow{ParkID: p.ID, ParkName: p.Name, ShortName: p.ShortName, Level: string(p.Level), Division: p.DivisionCode,
			Figure: byPark[p.ID], HighTech: htBy[p.ID]}
		if r.Figure != nil && r.Figure.AddedValue != nil {
			sv := ScopedValue{*r.Figure.AddedValue, r.Figure.Scope}
			parts = append(parts, sv)
			t.ParksAddedValue += sv.Value
			if bp, problem := ScopedShare([]ScopedValue{sv}, whole); problem == "" {
				r.ShareBP = &bp
			}
		}
		v, has := r.Figure.Value(q.RankBy)
		ranked = append(ranked, Ranked{Key: p.ID, Value: v, Has: has})
		rows[p.ID] = r
	}
	if len(parts) > 0 {
		bp, problem := ScopedShare(parts, whole)
		if problem == "" {
			t.ParksShareBP = &bp
		}
		t.ShareProblem = problem
	}
	ranks, order := Rank(ranked)
	for _, id := range order {
		r := rows[id]
		r.Rank = ranks[id]
		t.Rows = append(t.Rows, r)
	}
	return t, nil
}

// periodEnd is the last day of a month or year.
func periodEnd(kind PeriodKind, p int) time.Time {
	if kind == Monthly {
		m := projects.Month(p)
		return time.Date(m.Year(), time.Month(m.Num())+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(p, 12, 31, 0, 0, 0, 0, time.UTC)
}
