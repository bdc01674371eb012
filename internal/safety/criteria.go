package safety

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// The criteria library is reference data every reader of the module sees
// (the standards are public); bureau_safety and the administrator keep it.

// CriteriaSetInput creates an edition of a standard; dates "YYYY-MM-DD".
type CriteriaSetInput struct {
	Code          string `json:"code"`
	Family        string `json:"family"`
	Sector        string `json:"sector"`
	Title         string `json:"title"`
	Issuer        string `json:"issuer"`
	DocNo         string `json:"doc_no"`
	EffectiveFrom string `json:"effective_from"`
	EffectiveTo   string `json:"effective_to"`
	Source        string `json:"source"`
	Tag           string `json:"tag"`
	Notes         string `json:"notes"`
}

// CriterionInput adds an item to a set (import of the items the reference
// did not capture).
type CriterionInput struct {
	Code      string `json:"code"`
	Article   string `json:"article"`
	Text      string `json:"text"`
	Grade     string `json:"grade"`
	Kind      string `json:"kind"`
	Tag       string `json:"tag"`
	SortOrder int    `json:"sort_order"`
}

const setSelect = `SELECT id, code, family, sector, title, issuer, doc_no, effective_from, effective_to, source, tag, notes FROM safety_criteria_sets`

func scanSet(sc interface{ Scan(...any) error }) (CriteriaSet, error) {
	var s CriteriaSet
	err := sc.Scan(&s.ID, &s.Code, &s.Family, &s.Sector, &s.Title, &s.Issuer, &s.DocNo, &s.EffectiveFrom.Date, &s.EffectiveTo.Date, &s.Source, &s.Tag, &s.Notes)
	return s, err
}

func allSets(ctx context.Context, c db.Conn, sector string) ([]CriteriaSet, error) {
	w := &conds{}
	if sector != "" {
		w.add("sector = ?", sector)
	}
	rows, err := c.Query(ctx, setSelect+` WHERE `+w.sql()+` ORDER BY sector, family, effective_from, id`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CriteriaSet{}
	for rows.Next() {
		s, err := scanSet(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func setItems(ctx context.Context, c db.Conn, setID int64) ([]Criterion, error) {
	rows, err := c.Query(ctx, `SELECT id, set_id, code, article, text, grade, kind, tag, sort_order FROM safety_criteria WHERE set_id = ? ORDER BY sort_order, id`, setID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Criterion{}
	for rows.Next() {
		var x Criterion
		if err := rows.Scan(&x.ID, &x.SetID, &x.Code, &x.Article, &x.Text, &x.Grade, &x.Kind, &x.Tag, &x.SortOrder); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ListCriteriaSets returns every edition of every standard, or those of
// one sector, without their items.
func (s *Service) ListCriteriaSets(ctx context.Context, sector string) ([]CriteriaSet, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return allSets(ctx, s.d.Read(), sector)
}

// GetCriteriaSet returns one edition with its items.
func (s *Service) GetCriteriaSet(ctx context.Context, id int64) (CriteriaSet, error) {
	if _, err := reader(ctx); err != nil {
		return CriteriaSet{}, err
	}
	c := s.d.Read()
	set, err := scanSet(c.QueryRow(ctx, setSelect+` WHERE id = ?`, id))
	if err != nil {
		return CriteriaSet{}, notFound(err)
	}
	set.Items, err = setItems(ctx, c, id)
	return set, err
}

// Checklist returns the editions, with items, that judge an enterprise of
// sector inspected on day on: one per standard, the edition in force then.
func (s *Service) Checklist(ctx context.Context, sector string, on time.Time) ([]CriteriaSet, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	c := s.d.Read()
	all, err := allSets(ctx, c, sector)
	if err != nil {
		return nil, err
	}
	out := ChecklistSets(all, sector, on)
	for i := range out {
		if out[i].Items, err = setItems(ctx, c, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// criterionInForce reads criterion id with its set, for a hazard found on
// day on: it must exist and its edition must be in force on that day.
func criterionInForce(ctx context.Context, c db.Conn, v *errs.Validation, field string, id int64, on time.Time) (Criterion, CriteriaSet, error) {
	var x Criterion
	err := c.QueryRow(ctx, `SELECT id, set_id, code, article, text, grade, kind, tag, sort_order FROM safety_criteria WHERE id = ?`, id).
		Scan(&x.ID, &x.SetID, &x.Code, &x.Article, &x.Text, &x.Grade, &x.Kind, &x.Tag, &x.SortOrder)
	if errors.Is(notFound(err), errs.ErrNotFound) {
		v.Add(field, "safety.criterion.unknown")
		return x, CriteriaSet{}, nil
	}
	if err != nil {
		return x, CriteriaSet{}, err
	}
	set, err := scanSet(c.QueryRow(ctx, setSelect+` WHERE id = ?`, x.SetID))
	if err != nil {
		return x, set, err
	}
	if !on.IsZero() && !set.InForce(on) {
		v.Add(field, "safety.criterion.not_in_force")
	}
	return x, set, nil
}

// CreateCriteriaSet adds an edition of a standard.
func (s *Service) CreateCriteriaSet(ctx context.Context, in CriteriaSetInput) (CriteriaSet, error) {
	if _, err := librarian(ctx); err != nil {
		return CriteriaSet{}, err
	}
	var out CriteriaSet
	err := s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		set := CriteriaSet{Code: strings.TrimSpace(in.Code), Family: strings.TrimSpace(in.Family), Sector: strings.TrimSpace(in.Sector),
			Title: strings.TrimSpace(in.Title), Issuer: strings.TrimSpace(in.Issuer), DocNo: strings.TrimSpace(in.DocNo),
			Source: strings.TrimSpace(in.Source), Tag: strings.TrimSpace(in.Tag), Notes: strings.TrimSpace(in.Notes)}
		text(v, "code", set.Code, true, maxCode)
		text(v, "family", set.Family, true, maxCode)
		text(v, "title", set.Title, true, maxName)
		text(v, "issuer", set.Issuer, false, maxName)
		text(v, "doc_no", set.DocNo, false, maxName)
		text(v, "source", set.Source, false, maxURL)
		text(v, "notes", set.Notes, false, maxNotes)
		if set.Tag == "" {
			set.Tag = "U"
		} else if set.Tag != "V" && set.Tag != "P" && set.Tag != "U" {
			v.Add("tag", keyBadChoice)
		}
		set.EffectiveFrom = parseDay(v, "effective_from", in.EffectiveFrom, true)
		set.EffectiveTo = parseDay(v, "effective_to", in.EffectiveTo, false)
		if !set.EffectiveFrom.IsZero() && !set.EffectiveTo.IsZero() && set.EffectiveTo.Before(set.EffectiveFrom.Time) {
			v.Add("effective_to", KeyDateOrder)
		}
		if ok, err := sectorExists(ctx, c, set.Sector); err != nil {
			return audit.Change{}, err
		} else if !ok {
			v.Add("sector", keyBadChoice)
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		err := c.QueryRow(ctx, `INSERT INTO safety_criteria_sets (code, family, sector, title, issuer, doc_no, effective_from, effective_to, source, tag, notes)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, set.Code, set.Family, set.Sector, set.Title, set.Issuer, set.DocNo,
			set.EffectiveFrom.Date, nullDate(set.EffectiveTo), set.Source, set.Tag, set.Notes).Scan(&set.ID)
		if db.IsUniqueViolation(err) {
			return audit.Change{}, errs.Invalid("code", "safety.criteria.duplicate")
		}
		if err != nil {
			return audit.Change{}, err
		}
		out = set
		out.Items = []Criterion{}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectCriteriaSet, ObjectID: idStr(set.ID), After: set}, nil
	})
	return out, err
}

// AddCriteria adds items to a set, all or none.
func (s *Service) AddCriteria(ctx context.Context, setID int64, items []CriterionInput) ([]Criterion, error) {
	if _, err := librarian(ctx); err != nil {
		return nil, err
	}
	var out []Criterion
	err := s.write(ctx, func(c db.Conn) (audit.Change, error) {
		var n int
		if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_criteria_sets WHERE id = ?`, setID).Scan(&n); err != nil {
			return audit.Change{}, err
		}
		if n == 0 {
			return audit.Change{}, errs.ErrNotFound
		}
		v := &errs.Validation{}
		for _, in := range items {
			x := Criterion{SetID: setID, Code: strings.TrimSpace(in.Code), Article: strings.TrimSpace(in.Article), Text: strings.TrimSpace(in.Text),
				Grade: Grade(strings.TrimSpace(in.Grade)), Kind: Kind(strings.TrimSpace(in.Kind)), Tag: strings.TrimSpace(in.Tag), SortOrder: in.SortOrder}
			if x.Grade == "" {
				x.Grade = GradeMajor
			}
			if x.Kind == "" {
				x.Kind = KindManagementDefect
			}
			if x.Tag == "" {
				x.Tag = "U"
			}
			text(v, "code", x.Code, true, maxCode)
			text(v, "article", x.Article, false, maxName)
			text(v, "text", x.Text, true, maxText)
			if !oneOf(x.Grade, Grades()) {
				v.Add("grade", keyBadChoice)
			}
			if !oneOf(x.Kind, Kinds()) {
				v.Add("kind", keyBadChoice)
			}
			if v.Err() != nil {
				return audit.Change{}, v
			}
			err := c.QueryRow(ctx, `INSERT INTO safety_criteria (set_id, code, article, text, grade, kind, tag, sort_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				setID, x.Code, x.Article, x.Text, string(x.Grade), string(x.Kind), x.Tag, x.SortOrder).Scan(&x.ID)
			if db.IsUniqueViolation(err) {
				return audit.Change{}, errs.Invalid("code", "safety.criterion.duplicate", x.Code)
			}
			if err != nil {
				return audit.Change{}, err
			}
			out = append(out, x)
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectCriterion, ObjectID: idStr(setID), After: out}, nil
	})
	return out, err
}
