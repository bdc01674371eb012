package projects

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Keys of rule sets.
const (
	keyRuleDuplicate = "projects.rule_set.duplicate"
	keyRuleColour    = "projects.rule.colour"
	keyRuleMetric    = "projects.rule.metric"
	keyRuleOp        = "projects.rule.op"
	keyRuleThreshold = "projects.rule.threshold"
	keyRuleEmpty     = "projects.rule.empty"
	keyRuleDates     = "projects.rule_set.dates"
)

// CreateRuleSet adds a red/yellow/green rule set — another government's
// published bands, or the prefecture's own once adopted. Only the
// responsible bureau may. Each rule needs a dimension, a colour (red or
// yellow: green is "no band holds"), at least one condition on a known
// metric with an exact decimal threshold.
func (s *Service) CreateRuleSet(ctx context.Context, in RuleSetInput) (RuleSet, error) {
	if _, err := bureau(ctx); err != nil {
		return RuleSet{}, err
	}
	v := &errs.Validation{}
	rs := RuleSet{Code: trim(in.Code), Name: trim(in.Name), Issuer: trim(in.Issuer), Year: in.Year, Source: trim(in.Source),
		Notes: trim(in.Notes), Illustrative: in.Illustrative}
	text(v, "code", rs.Code, true, maxCode)
	text(v, "name", rs.Name, true, maxName)
	text(v, "issuer", rs.Issuer, true, maxName)
	text(v, "source", rs.Source, false, maxText)
	text(v, "notes", rs.Notes, false, maxNotes)
	if rs.Year < 2000 || rs.Year > 2999 {
		v.Add("year", keyListYear)
	}
	rs.EffectiveFrom = day(v, "effective_from", in.EffectiveFrom, true)
	rs.EffectiveTo = day(v, "effective_to", in.EffectiveTo, false)
	if !rs.EffectiveTo.IsZero() && !rs.EffectiveFrom.IsZero() && rs.EffectiveTo.Before(rs.EffectiveFrom.Time) {
		v.Add("effective_to", keyRuleDates)
	}
	if len(in.Rules) == 0 {
		v.Add("rules", keyRuleEmpty)
	}
	for i, r := range in.Rules {
		field := "rules." + idStr(int64(i+1))
		text(v, field+".dimension", trim(r.Dimension), true, maxCode)
		text(v, field+".action", trim(r.Action), false, maxText)
		if r.Colour != Red && r.Colour != Yellow {
			v.Add(field+".colour", keyRuleColour)
		}
		if len(r.Conditions) == 0 {
			v.Add(field, keyRuleEmpty)
		}
		if r.Persistence < 0 || r.Persistence > 12 {
			v.Add(field+".persistence", keyBadNum)
		}
		for _, c := range r.Conditions {
			if !oneOf(string(c.Metric), Metrics()) {
				v.Add(field+".metric", keyRuleMetric)
			}
			if !oneOf(string(c.Op), Ops()) {
				v.Add(field+".op", keyRuleOp)
			}
			if !ValidThreshold(c.Threshold) {
				v.Add(field+".threshold", keyRuleThreshold)
			}
		}
	}
	if err := v.Err(); err != nil {
		return RuleSet{}, err
	}
	var out RuleSet
	err := s.d.Tx(ctx, func(c db.Conn) error {
		var id int64
		err := c.QueryRow(ctx, `INSERT INTO projects_rule_sets (code, name, issuer, year, effective_from, effective_to, source, notes, illustrative, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, rs.Code, rs.Name, rs.Issuer, rs.Year, rs.EffectiveFrom.Date,
			rs.EffectiveTo.Date, rs.Source, rs.Notes, rs.Illustrative, s.now().UTC()).Scan(&id)
		if db.IsUniqueViolation(err) {
			return errs.Invalid("code", keyRuleDuplicate)
		}
		if err != nil {
			return err
		}
		for i, r := range in.Rules {
			if _, err := c.Exec(ctx, `INSERT INTO projects_rules (rule_set_id, dimension, colour, conditions, persistence, action, sort_order)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, id, trim(r.Dimension), string(r.Colour), jsonText(r.Conditions), max(r.Persistence, 1), trim(r.Action), i+1); err != nil {
				return err
			}
		}
		if out, err = ruleSet(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectRuleSet, ObjectID: idStr(id), After: out})
	})
	return out, err
}
