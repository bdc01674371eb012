package safety

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Reward states: proposed by one reward handler, approved by another (four
// eyes), then recorded as paid.
const (
	RewardProposed = "proposed"
	RewardApproved = "approved"
	RewardPaid     = "paid"
)

// Reward is the reward of one report.
type Reward struct {
	ID         int64                 `json:"id"`
	ReportID   int64                 `json:"report_id"`
	RuleID     int64                 `json:"rule_id"`
	RuleCode   string                `json:"rule_code"`
	FineFen    int64                 `json:"fine_fen"`
	Deaths     map[AccidentGrade]int `json:"deaths,omitempty"`
	AmountFen  int64                 `json:"amount_fen"`
	Status     string                `json:"status"`
	ProposedBy int64                 `json:"proposed_by"`
	ApprovedBy int64                 `json:"approved_by"`
	ApprovedAt *time.Time            `json:"approved_at"`
	PaidOn     Date                  `json:"paid_on"`
	PaymentRef string                `json:"payment_ref"`
	CreatedAt  time.Time             `json:"created_at"`
}

// RewardInput proposes a reward: the basis and what it is computed from.
type RewardInput struct {
	Basis   string                `json:"basis"`
	FineFen int64                 `json:"fine_fen"`
	Deaths  map[AccidentGrade]int `json:"deaths"`
}

func rewardRules(ctx context.Context, c db.Conn) ([]RewardRule, error) {
	rows, err := c.Query(ctx, `SELECT id, code, name, basis, rate_bp, min_fen, max_fen, death_general_fen, death_larger_fen, death_major_fen,
		death_especially_major_fen, effective_from, effective_to, source FROM safety_reward_rules ORDER BY effective_from, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RewardRule{}
	for rows.Next() {
		var r RewardRule
		var g, l, m, e int64
		if err := rows.Scan(&r.ID, &r.Code, &r.Name, &r.Basis, &r.RateBP, &r.MinFen, &r.MaxFen, &g, &l, &m, &e, &r.EffectiveFrom.Date, &r.EffectiveTo.Date, &r.Source); err != nil {
			return nil, err
		}
		if r.Basis == BasisConcealedDeath {
			r.PerDeathFen = map[AccidentGrade]int64{AccidentGeneral: g, AccidentLarger: l, AccidentMajor: m, AccidentEspeciallyMajor: e}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RewardRules lists the reward rules, in and out of force.
func (s *Service) RewardRules(ctx context.Context) ([]RewardRule, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return rewardRules(ctx, s.d.Read())
}

func getReward(ctx context.Context, c db.Conn, where string, arg any) (Reward, error) {
	var w Reward
	var deaths string
	var approvedBy sql.NullInt64
	var approvedAt sql.NullTime
	err := c.QueryRow(ctx, `SELECT w.id, w.report_id, w.rule_id, rr.code, w.fine_fen, w.deaths_json, w.amount_fen, w.status, w.proposed_by, w.approved_by,
		w.approved_at, w.paid_on, w.payment_ref, w.created_at FROM safety_rewards w JOIN safety_reward_rules rr ON rr.id = w.rule_id WHERE `+where, arg).
		Scan(&w.ID, &w.ReportID, &w.RuleID, &w.RuleCode, &w.FineFen, &deaths, &w.AmountFen, &w.Status, &w.ProposedBy, &approvedBy, &approvedAt, &w.PaidOn.Date, &w.PaymentRef, &w.CreatedAt)
	if err != nil {
		return w, notFound(err)
	}
	w.ApprovedBy, w.ApprovedAt, w.CreatedAt = approvedBy.Int64, utcPtr(approvedAt), w.CreatedAt.UTC()
	if deaths != "" {
		if err := json.Unmarshal([]byte(deaths), &w.Deaths); err != nil {
			return w, err
		}
	}
	return w, nil
}

// ReportReward returns the reward of a report the caller can see.
func (s *Service) ReportReward(ctx context.Context, reportID int64) (Reward, error) {
	c := s.d.Read()
	if _, err := getReport(ctx, c, reportID); err != nil {
		return Reward{}, err
	}
	return getReward(ctx, c, "w.report_id = ?", reportID)
}

// ProposeReward computes the reward of a routed report by the rule of its
// basis in force today and records it as proposed (reward handlers only).
func (s *Service) ProposeReward(ctx context.Context, reportID int64, in RewardInput) (Reward, error) {
	p, err := rewardHandler(ctx)
	if err != nil {
		return Reward{}, err
	}
	var out Reward
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		r, err := getReport(ctx, c, reportID)
		if err != nil {
			return audit.Change{}, err
		}
		v := &errs.Validation{}
		if r.Status != ReportRouted {
			v.Add("status", "safety.reward.report_not_verified")
		}
		basis := RewardBasis(strings.TrimSpace(in.Basis))
		rules, err := rewardRules(ctx, c)
		if err != nil {
			return audit.Change{}, err
		}
		rule, ok := RuleFor(rules, basis, s.today())
		switch {
		case basis != BasisFineShare && basis != BasisConcealedDeath:
			v.Add("basis", keyBadChoice)
		case !ok:
			v.Add("basis", "safety.reward.no_rule")
		}
		var amount int64
		var deaths string
		switch basis {
		case BasisFineShare:
			if in.FineFen < 0 {
				v.Add("fine_fen", keyNegative)
			}
			amount = FineShareReward(rule, in.FineFen)
		case BasisConcealedDeath:
			n := 0
			for g, k := range in.Deaths {
				if !oneOf(g, AccidentGrades()) || k < 0 {
					v.Add("deaths", keyBadChoice)
				}
				n += k
			}
			if n == 0 {
				v.Add("deaths", keyRequired)
			}
			b, _ := json.Marshal(in.Deaths)
			deaths = string(b)
			amount = ConcealedDeathReward(rule, in.Deaths)
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		now := time.Now().UTC()
		var id int64
		err = c.QueryRow(ctx, `INSERT INTO safety_rewards (report_id, rule_id, fine_fen, deaths_json, amount_fen, status, proposed_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, reportID, rule.ID, max(in.FineFen, 0), deaths, amount, RewardProposed, p.UserID, now, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return audit.Change{}, errs.Invalid("report_id", "safety.reward.duplicate")
		}
		if err != nil {
			return audit.Change{}, err
		}
		if out, err = getReward(ctx, c, "w.id = ?", id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: "propose", ObjectType: ObjectReward, ObjectID: idStr(id), Division: r.DivisionCode, After: out}, nil
	})
	return out, err
}

// ApproveReward approves a proposed reward; the approver must not be the
// one who proposed it.
func (s *Service) ApproveReward(ctx context.Context, rewardID int64) (Reward, error) {
	return s.rewardStep(ctx, rewardID, "approve", func(c db.Conn, w Reward, userID int64) error {
		switch {
		case w.Status != RewardProposed:
			return errs.Invalid("status", "safety.reward.bad_state")
		case w.ProposedBy == userID:
			return errs.Invalid("status", "safety.reward.four_eyes")
		}
		_, err := c.Exec(ctx, `UPDATE safety_rewards SET status = ?, approved_by = ?, approved_at = ?, updated_at = ? WHERE id = ?`,
			RewardApproved, userID, s.now().UTC(), time.Now().UTC(), rewardID)
		return err
	})
}

// PayReward records an approved reward as paid on day paidOn.
func (s *Service) PayReward(ctx context.Context, rewardID int64, paidOn, ref string) (Reward, error) {
	return s.rewardStep(ctx, rewardID, "pay", func(c db.Conn, w Reward, _ int64) error {
		v := &errs.Validation{}
		ref = strings.TrimSpace(ref)
		text(v, "payment_ref", ref, true, maxName)
		on := parseDay(v, "paid_on", paidOn, true)
		switch {
		case w.Status != RewardApproved:
			v.Add("status", "safety.reward.bad_state")
		case !on.IsZero() && w.ApprovedAt != nil && on.Before(day(*w.ApprovedAt)):
			v.Add("paid_on", KeyDateOrder)
		case !on.IsZero() && on.After(s.today()):
			v.Add("paid_on", "safety.date.future")
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err := c.Exec(ctx, `UPDATE safety_rewards SET status = ?, paid_on = ?, payment_ref = ?, updated_at = ? WHERE id = ?`,
			RewardPaid, on.Date, ref, time.Now().UTC(), rewardID)
		return err
	})
}

func (s *Service) rewardStep(ctx context.Context, id int64, action string, fn func(c db.Conn, w Reward, userID int64) error) (Reward, error) {
	p, err := rewardHandler(ctx)
	if err != nil {
		return Reward{}, err
	}
	var out Reward
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		before, err := getReward(ctx, c, "w.id = ?", id)
		if err != nil {
			return audit.Change{}, err
		}
		r, err := getReport(ctx, c, before.ReportID)
		if err != nil {
			return audit.Change{}, err
		}
		if err := fn(c, before, p.UserID); err != nil {
			return audit.Change{}, err
		}
		if out, err = getReward(ctx, c, "w.id = ?", id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: action, ObjectType: ObjectReward, ObjectID: idStr(id), Division: r.DivisionCode, Before: before, After: out}, nil
	})
	return out, err
}

// AmountYuan is the reward in yuan, for pages.
func (w Reward) AmountYuan() string { return Yuan(w.AmountFen) }

// RewardRuleInput adds a reward rule (a local scheme such as Changji's
// 昌州政办发〔2025〕14号 once its amounts are known); amounts in fen.
type RewardRuleInput struct {
	Code          string                  `json:"code"`
	Name          string                  `json:"name"`
	Basis         string                  `json:"basis"`
	RateBP        int64                   `json:"rate_bp"`
	MinFen        int64                   `json:"min_fen"`
	MaxFen        int64                   `json:"max_fen"`
	PerDeathFen   map[AccidentGrade]int64 `json:"per_death_fen"`
	EffectiveFrom string                  `json:"effective_from"`
	EffectiveTo   string                  `json:"effective_to"`
	Source        string                  `json:"source"`
}

// AddRewardRule adds a rule (library keepers only). Rules are never edited
// in place: a new rule with a later start replaces the old one from that
// day (RuleFor), so past rewards keep the rule they were computed by.
func (s *Service) AddRewardRule(ctx context.Context, in RewardRuleInput) (RewardRule, error) {
	if _, err := librarian(ctx); err != nil {
		return RewardRule{}, err
	}
	var out RewardRule
	err := s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		r := RewardRule{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), Basis: RewardBasis(strings.TrimSpace(in.Basis)),
			RateBP: in.RateBP, MinFen: in.MinFen, MaxFen: in.MaxFen, Source: strings.TrimSpace(in.Source)}
		text(v, "code", r.Code, true, maxCode)
		text(v, "name", r.Name, true, maxName)
		text(v, "source", r.Source, false, maxURL)
		switch r.Basis {
		case BasisFineShare:
			if r.RateBP <= 0 || r.RateBP > 10000 {
				v.Add("rate_bp", "safety.reward.rate_range")
			}
		case BasisConcealedDeath:
			r.PerDeathFen = map[AccidentGrade]int64{}
			for _, g := range AccidentGrades() {
				if in.PerDeathFen[g] < 0 {
					v.Add("per_death_fen", keyNegative)
				}
				r.PerDeathFen[g] = in.PerDeathFen[g]
			}
		default:
			v.Add("basis", keyBadChoice)
		}
		if r.MinFen < 0 || r.MaxFen < 0 {
			v.Add("min_fen", keyNegative)
		}
		if r.MaxFen > 0 && r.MinFen > r.MaxFen {
			v.Add("max_fen", "safety.reward.min_above_max")
		}
		r.EffectiveFrom = parseDay(v, "effective_from", in.EffectiveFrom, true)
		r.EffectiveTo = parseDay(v, "effective_to", in.EffectiveTo, false)
		if !r.EffectiveFrom.IsZero() && !r.EffectiveTo.IsZero() && r.EffectiveTo.Before(r.EffectiveFrom.Time) {
			v.Add("effective_to", KeyDateOrder)
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		err := c.QueryRow(ctx, `INSERT INTO safety_reward_rules (code, name, basis, rate_bp, min_fen, max_fen, death_general_fen, death_larger_fen, death_major_fen,
			death_especially_major_fen, effective_from, effective_to, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			r.Code, r.Name, string(r.Basis), r.RateBP, r.MinFen, r.MaxFen, r.PerDeathFen[AccidentGeneral], r.PerDeathFen[AccidentLarger], r.PerDeathFen[AccidentMajor],
			r.PerDeathFen[AccidentEspeciallyMajor], r.EffectiveFrom.Date, nullDate(r.EffectiveTo), r.Source).Scan(&r.ID)
		if db.IsUniqueViolation(err) {
			return audit.Change{}, errs.Invalid("code", "safety.reward.rule_duplicate")
		}
		if err != nil {
			return audit.Change{}, err
		}
		out = r
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectRewardRule, ObjectID: idStr(r.ID), After: r}, nil
	})
	return out, err
}
