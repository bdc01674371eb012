package safety

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// The check of how the principal person in charge performs (第一责任人履职,
// 安全生产法 §21: seven duties; the page names it as a mechanism). The
// duties are data with effective dates; a check answers every duty in
// force on its day, met or not, with a note.

// Duty is one duty of the principal person.
type Duty struct {
	Code   string `json:"code"`
	Text   string `json:"text"`
	Source string `json:"source"`
}

// DutyResult answers one duty.
type DutyResult struct {
	Code string `json:"code"`
	Met  bool   `json:"met"`
	Note string `json:"note"`
}

// DutyCheck is one recorded check.
type DutyCheck struct {
	ID           int64        `json:"id"`
	EnterpriseID int64        `json:"enterprise_id"`
	OrgName      string       `json:"org_name"`
	DivisionCode string       `json:"division_code"`
	CheckedOn    Date         `json:"checked_on"`
	Checker      string       `json:"checker"`
	Results      []DutyResult `json:"results"`
	Met          int          `json:"met"`
	Total        int          `json:"total"`
	CreatedAt    time.Time    `json:"created_at"`
}

// DutyCheckInput records a check; Results must answer each duty in force
// once.
type DutyCheckInput struct {
	EnterpriseID int64        `json:"enterprise_id"`
	CheckedOn    string       `json:"checked_on"`
	Checker      string       `json:"checker"`
	Results      []DutyResult `json:"results"`
}

// CheckDutyAnswers is the rule: every duty answered exactly once, nothing
// else answered; a duty not met needs a note saying what is missing.
// It returns the number met.
func CheckDutyAnswers(duties []Duty, results []DutyResult, v *errs.Validation) int {
	want := map[string]bool{}
	for _, d := range duties {
		want[d.Code] = true
	}
	seen := map[string]bool{}
	met := 0
	for _, r := range results {
		switch {
		case !want[r.Code]:
			v.Add("results", "safety.duty.unknown", r.Code)
			continue
		case seen[r.Code]:
			v.Add("results", "safety.duty.twice", r.Code)
			continue
		}
		seen[r.Code] = true
		note := strings.TrimSpace(r.Note)
		if !r.Met && note == "" {
			v.Add("results", "safety.duty.note_required", r.Code)
		}
		if HasMarkup(note) {
			v.Add("results", KeyMarkup)
		}
		if r.Met {
			met++
		}
	}
	for _, d := range duties {
		if !seen[d.Code] {
			v.Add("results", "safety.duty.unanswered", d.Code)
		}
	}
	return met
}

func dutiesOn(ctx context.Context, c db.Conn, on time.Time) ([]Duty, error) {
	rows, err := c.Query(ctx, `SELECT code, text, source FROM safety_duty_items
		WHERE effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?) ORDER BY sort_order, code`, db.DateOf(on), db.DateOf(on))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Duty{}
	for rows.Next() {
		var d Duty
		if err := rows.Scan(&d.Code, &d.Text, &d.Source); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Duties lists the principal person's duties in force on day on.
func (s *Service) Duties(ctx context.Context, on time.Time) ([]Duty, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return dutiesOn(ctx, s.d.Read(), on)
}

// RecordDutyCheck records a regulator's check of an enterprise's principal
// person against the duties in force on the day checked.
func (s *Service) RecordDutyCheck(ctx context.Context, in DutyCheckInput) (DutyCheck, error) {
	p, err := regulator(ctx)
	if err != nil {
		return DutyCheck{}, err
	}
	var out DutyCheck
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		checker := strings.TrimSpace(in.Checker)
		text(v, "checker", checker, true, maxName)
		on := parseDay(v, "checked_on", in.CheckedOn, true)
		if !on.IsZero() && on.After(s.today()) {
			v.Add("checked_on", "safety.date.future")
		}
		e, err := getEnterprise(ctx, c, in.EnterpriseID)
		if errors.Is(err, errs.ErrNotFound) {
			v.Add("enterprise_id", "safety.enterprise.unknown")
		} else if err != nil {
			return audit.Change{}, err
		}
		met := 0
		var duties []Duty
		if !on.IsZero() {
			if duties, err = dutiesOn(ctx, c, on.Time); err != nil {
				return audit.Change{}, err
			}
			met = CheckDutyAnswers(duties, in.Results, v)
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		for i := range in.Results {
			in.Results[i].Note = strings.TrimSpace(in.Results[i].Note)
		}
		res, _ := json.Marshal(in.Results)
		out = DutyCheck{EnterpriseID: e.ID, OrgName: e.OrgName, DivisionCode: e.DivisionCode, CheckedOn: on, Checker: checker, Results: in.Results,
			Met: met, Total: len(duties), CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
		if err := c.QueryRow(ctx, `INSERT INTO safety_duty_checks (enterprise_id, org_id, division_code, checked_on, checker, results_json, met, total, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ID, e.OrgID, e.DivisionCode, on.Date, checker, string(res), met, len(duties), p.UserID, out.CreatedAt).Scan(&out.ID); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: "safety.duty_check", ObjectID: idStr(out.ID), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

// DutyChecks lists the checks of an enterprise the caller can see, newest first.
func (s *Service) DutyChecks(ctx context.Context, enterpriseID int64) ([]DutyCheck, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := scoped(p, "k.division_code", "k.org_id")
	w.add("k.enterprise_id = ?", enterpriseID)
	rows, err := s.d.Read().Query(ctx, `SELECT k.id, k.enterprise_id, o.name, k.division_code, k.checked_on, k.checker, k.results_json, k.met, k.total, k.created_at
		FROM safety_duty_checks k JOIN registry_orgs o ON o.id = k.org_id WHERE `+w.sql()+` ORDER BY k.checked_on DESC, k.id DESC`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DutyCheck{}
	for rows.Next() {
		var k DutyCheck
		var res string
		if err := rows.Scan(&k.ID, &k.EnterpriseID, &k.OrgName, &k.DivisionCode, &k.CheckedOn.Date, &k.Checker, &res, &k.Met, &k.Total, &k.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(res), &k.Results); err != nil {
			return nil, err
		}
		k.CreatedAt = k.CreatedAt.UTC()
		out = append(out, k)
	}
	return out, rows.Err()
}
