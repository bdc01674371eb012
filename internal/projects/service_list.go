package projects

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// Keys of lists.
const (
	keyListYear       = "projects.list.year"
	keyListDuplicate  = "projects.list.duplicate"
	keyListAdopted    = "projects.list.adopted"
	keyRuleSetUnknown = "projects.rule_set.unknown"
	keyCurveUnknown   = "projects.curve.unknown"
	keyMonthlyCount   = "projects.item.monthly_count"
	keyMonthlySum     = "projects.item.monthly_sum"
	keyStartOutside   = "projects.item.start_outside_year"
	keyNotOnList      = "projects.item.not_on_list"
)

// GetList returns a list header with the number of its items the caller sees.
func (s *Service) GetList(ctx context.Context, id int64) (AnnualList, error) {
	return getList(ctx, s.d.Read(), id)
}

// Lists returns the lists of a year (0: all years).
func (s *Service) Lists(ctx context.Context, year int) ([]AnnualList, error) {
	return listLists(ctx, s.d.Read(), year)
}

// Items returns a list's items the caller may see (removed ones too if asked).
func (s *Service) Items(ctx context.Context, listID int64, withRemoved bool) ([]ListItem, error) {
	if _, err := getList(ctx, s.d.Read(), listID); err != nil {
		return nil, err
	}
	return items(ctx, s.d.Read(), listID, 0, withRemoved)
}

// ListChanges returns the logged changes of an adopted list (年中调整).
func (s *Service) ListChanges(ctx context.Context, listID int64) ([]ListChange, error) {
	if _, err := getList(ctx, s.d.Read(), listID); err != nil {
		return nil, err
	}
	return listChanges(ctx, s.d.Read(), listID)
}

// CreateList adds an annual list for a division the caller covers.
func (s *Service) CreateList(ctx context.Context, in ListInput) (AnnualList, error) {
	pr, err := editor(ctx)
	if err != nil {
		return AnnualList{}, err
	}
	var out AnnualList
	err = s.d.Tx(ctx, func(c db.Conn) error {
		v := &errs.Validation{}
		l := AnnualList{Year: in.Year, Name: trim(in.Name), Issuer: trim(in.Issuer), DivisionCode: trim(in.DivisionCode),
			RuleSetID: in.RuleSetID, CurveID: in.CurveID, Notes: trim(in.Notes)}
		text(v, "name", l.Name, true, maxName)
		text(v, "issuer", l.Issuer, false, maxName)
		text(v, "notes", l.Notes, false, maxNotes)
		if l.Year < 2000 || l.Year > MonthOfTime(s.now()).Year()+1 {
			v.Add("year", keyListYear)
		}
		if l.DivisionCode == "" {
			v.Add("division_code", keyRequired)
		} else if ok, err := exists(ctx, c, `registry_divisions WHERE code = ?`, l.DivisionCode); err != nil {
			return err
		} else if !ok {
			v.Add("division_code", keyDivisionUnknown)
		} else if !pr.Scope.CoversDivision(l.DivisionCode) {
			v.Add("division_code", keyOutOfScope)
		}
		if l.RuleSetID != 0 {
			if ok, err := exists(ctx, c, `projects_rule_sets WHERE id = ?`, l.RuleSetID); err != nil {
				return err
			} else if !ok {
				v.Add("rule_set_id", keyRuleSetUnknown)
			}
		}
		if l.CurveID != 0 {
			if ok, err := exists(ctx, c, `projects_curves WHERE id = ?`, l.CurveID); err != nil {
				return err
			} else if !ok {
				v.Add("curve_id", keyCurveUnknown)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err := insertList(ctx, c, l)
		if db.IsUniqueViolation(err) {
			return errs.Invalid("name", keyListDuplicate)
		}
		if err != nil {
			return err
		}
		if out, err = getList(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectList, ObjectID: idStr(id), Division: out.DivisionCode, After: out})
	})
	return out, err
}

// SaveItem puts a project the caller can see on a list, or changes its
// plan. Once the list is adopted the change needs a reason and is logged
// (年中调整); the frozen baseline does not move.
func (s *Service) SaveItem(ctx context.Context, listID int64, in ItemInput) (ListItem, error) {
	var out ListItem
	err := s.d.Tx(ctx, func(c db.Conn) error {
		pr, l, err := listEditable(ctx, c, listID)
		if err != nil {
			return err
		}
		out, err = saveItemTx(ctx, c, pr, l, in)
		return err
	})
	return out, err
}

// ImportItems puts every row's project on the list with its plan or, if
// any row breaks a rule, none (the annual plan as a bureau circulates it
// in a workbook). Problems come back in a *registry.ImportError.
func (s *Service) ImportItems(ctx context.Context, listID int64, rows []registry.ImportRow[ItemInput]) (int, error) {
	n := 0
	err := s.d.Tx(ctx, func(c db.Conn) error {
		pr, l, err := listEditable(ctx, c, listID)
		if err != nil {
			return err
		}
		ie := &registry.ImportError{}
		for _, row := range rows {
			for _, p := range row.Problems {
				ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: p.Field, Key: p.Key, Args: p.Args})
			}
			if len(row.Problems) > 0 {
				continue
			}
			_, err := saveItemTx(ctx, c, pr, l, row.Input)
			if v, ok := errs.AsValidation(err); ok {
				for _, f := range v.Fields {
					ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: f.Field, Key: f.Key, Args: f.Args})
				}
				continue
			}
			if errors.Is(err, errs.ErrNotFound) {
				ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: "project", Key: keyProjectUnknown})
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

// saveItemTx checks and stores one item inside the caller's transaction.
func saveItemTx(ctx context.Context, c db.Conn, pr *access.Principal, l AnnualList, in ItemInput) (ListItem, error) {
	listID := l.ID
	var out ListItem
	err := func() error {
		p, err := getProject(ctx, c, in.ProjectID)
		if err != nil {
			return err
		}
		v := &errs.Validation{}
		it := ListItem{ListID: listID, ProjectID: p.ID, ProjectName: p.Name, Category: ItemCategory(trim(in.Category))}
		if !oneOf(string(it.Category), ItemCategories()) {
			v.Add("category", keyBadChoice)
		}
		it.AnnualPlan = amount(v, "annual_plan", in.AnnualPlan, true)
		it.PlannedStart = month(v, "planned_start_month", in.PlannedStart, false)
		if it.PlannedStart != 0 && it.PlannedStart.Year() != l.Year {
			v.Add("planned_start_month", keyStartOutside, l.Year)
		}
		var monthly []Amount
		if len(in.Monthly) > 0 {
			if len(in.Monthly) != 12 {
				v.Add("monthly", keyMonthlyCount)
			} else {
				var sum Amount
				for i, s := range in.Monthly {
					a := amount(v, "monthly."+strconv.Itoa(i+1), s, false)
					monthly = append(monthly, a)
					sum += a
				}
				if !v.Has("annual_plan") && sum != it.AnnualPlan && len(v.Fields) == 0 {
					v.Add("monthly", keyMonthlySum, sum.String(), it.AnnualPlan.String())
				}
			}
		}
		reason := trim(in.Reason)
		text(v, "reason", reason, false, maxText)
		if l.Adopted() && reason == "" && !v.Has("reason") {
			v.Add("reason", keyReasonRequired)
		}
		if err := v.Err(); err != nil {
			return err
		}
		old, err := items(ctx, c, listID, p.ID, true)
		if err != nil {
			return err
		}
		kind := "add"
		var before any
		if len(old) == 1 {
			it.InBaseline, it.BaselinePlan, it.BaselineMonthly = old[0].InBaseline, old[0].BaselinePlan, old[0].BaselineMonthly
			before = old[0]
			if !old[0].Removed {
				kind = "replan"
			}
		}
		if err := saveItem(ctx, c, it, monthly); err != nil {
			return err
		}
		got, err := items(ctx, c, listID, p.ID, false)
		if err != nil {
			return err
		}
		out = got[0]
		if l.Adopted() {
			if err := insertChange(ctx, c, pr, ListChange{ListID: listID, ProjectID: p.ID, Kind: kind, Reason: reason, Before: jsonText(before), After: jsonText(out)}); err != nil {
				return err
			}
		}
		return audit.Write(ctx, c, audit.Change{Action: "item." + kind, ObjectType: ObjectList, ObjectID: idStr(listID), Division: p.DivisionCode, Before: before, After: out})
	}()
	return out, err
}

// RemoveItem takes a project off a list. From a draft it goes; from an
// adopted list it is marked removed, with the reason logged, so the
// baseline still shows it.
func (s *Service) RemoveItem(ctx context.Context, listID, projectID int64, reason string) error {
	return s.d.Tx(ctx, func(c db.Conn) error {
		pr, l, err := listEditable(ctx, c, listID)
		if err != nil {
			return err
		}
		p, err := getProject(ctx, c, projectID)
		if err != nil {
			return err
		}
		old, err := items(ctx, c, listID, projectID, false)
		if err != nil {
			return err
		}
		if len(old) == 0 {
			return errs.Invalid("project_id", keyNotOnList)
		}
		reason = trim(reason)
		if l.Adopted() {
			if reason == "" {
				return errs.Invalid("reason", keyReasonRequired)
			}
			if _, err := c.Exec(ctx, `UPDATE projects_list_items SET removed = TRUE WHERE list_id = ? AND project_id = ?`, listID, projectID); err != nil {
				return err
			}
			if err := insertChange(ctx, c, pr, ListChange{ListID: listID, ProjectID: projectID, Kind: "remove", Reason: reason, Before: jsonText(old[0])}); err != nil {
				return err
			}
		} else if _, err := c.Exec(ctx, `DELETE FROM projects_list_items WHERE list_id = ? AND project_id = ?`, listID, projectID); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: "item.remove", ObjectType: ObjectList, ObjectID: idStr(listID), Division: p.DivisionCode, Before: old[0], After: map[string]string{"reason": reason}})
	})
}

// AdoptList freezes a draft list's baseline (年初下达): each item's annual
// and monthly plan is copied to its baseline. Afterwards changes are
// logged with reasons. Only the responsible bureau adopts a list of the
// prefecture; a county adopts its own.
func (s *Service) AdoptList(ctx context.Context, listID int64) (AnnualList, error) {
	var out AnnualList
	err := s.d.Tx(ctx, func(c db.Conn) error {
		pr, l, err := listEditable(ctx, c, listID)
		if err != nil {
			return err
		}
		if !isBureau(pr) && l.DivisionCode != pr.Scope.Division {
			return access.ErrForbidden
		}
		if l.Adopted() {
			return errs.Invalid("id", keyListAdopted)
		}
		now := s.now().UTC()
		if _, err := c.Exec(ctx, `UPDATE projects_list_items SET in_baseline = TRUE, baseline_plan = annual_plan WHERE list_id = ? AND removed = FALSE`, listID); err != nil {
			return err
		}
		if _, err := c.Exec(ctx, `UPDATE projects_item_months SET baseline = plan WHERE list_id = ?`, listID); err != nil {
			return err
		}
		if _, err := c.Exec(ctx, `UPDATE projects_lists SET adopted_at = ?, adopted_by = ?, updated_at = ? WHERE id = ?`, now, pr.Username, now, listID); err != nil {
			return err
		}
		if out, err = getList(ctx, c, listID); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: "adopt", ObjectType: ObjectList, ObjectID: idStr(listID), Division: l.DivisionCode, Before: l, After: out})
	})
	return out, err
}

func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
