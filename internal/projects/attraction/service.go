package attraction

import (
	"context"
	"log/slog"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
)

// Service runs the attraction workflows: it validates input (messages are
// catalog keys), checks references inside the writing transaction, and
// writes each change with its audit record in one transaction. Who may
// see what is decided in the store.
type Service struct {
	d    *db.DB
	reg  *registry.Service
	proj *projects.Service
	log  *slog.Logger
	now  func() time.Time
}

// NewService returns the attraction service on d. reg is the shared
// registry; proj the project library a landed lead is handed to.
func NewService(d *db.DB, reg *registry.Service, proj *projects.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{d: d, reg: reg, proj: proj, log: log, now: time.Now}
}

// WithClock returns a copy of s whose "now" is fn (tests, the demo).
func (s *Service) WithClock(fn func() time.Time) *Service {
	c := *s
	c.now = fn
	return &c
}

func (s *Service) today() time.Time { return s.now().In(cst) }

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// GetLead returns a lead with its history, signings and funds.
func (s *Service) GetLead(ctx context.Context, id int64) (LeadDetail, error) {
	c := s.d.Read()
	l, err := getLead(ctx, c, id)
	if err != nil {
		return LeadDetail{}, err
	}
	out := LeadDetail{Lead: l, History: []StageChange{}, Signings: []Signing{}, Funds: []Fund{}}
	h, err := history(ctx, c, []int64{id})
	if err != nil {
		return out, err
	}
	sg, err := signings(ctx, c, []int64{id})
	if err != nil {
		return out, err
	}
	out.History = append(out.History, h[id]...)
	out.Signings = append(out.Signings, sg[id]...)
	fs, _, err := listFunds(ctx, c, FundFilter{LeadID: id, Limit: -1})
	out.Funds = fs
	return out, err
}

// ListLeads returns the leads matching f within the caller's scope.
func (s *Service) ListLeads(ctx context.Context, f LeadFilter) ([]Lead, int, error) {
	return listLeads(ctx, s.d.Read(), f)
}

// StageCounts counts the leads per stage under f (its stage ignored).
func (s *Service) StageCounts(ctx context.Context, f LeadFilter) (map[Stage]int, error) {
	return stageCounts(ctx, s.d.Read(), f)
}

// ListFunds returns the arrived-funds ledger within the caller's scope.
func (s *Service) ListFunds(ctx context.Context, f FundFilter) ([]Fund, int, error) {
	return listFunds(ctx, s.d.Read(), f)
}

// LeadOfProject returns the lead a library project came from, or
// errs.ErrNotFound: the project's side of the link.
func (s *Service) LeadOfProject(ctx context.Context, projectID int64) (Lead, error) {
	return leadOfProject(ctx, s.d.Read(), projectID)
}

// check validates a lead input and the registry records it names.
func (s *Service) check(ctx context.Context, c db.Conn, pr *access.Principal, in LeadInput, id int64) (Lead, error) {
	v := &errs.Validation{}
	l := Lead{ID: id, Name: trim(in.Name), InvestorName: trim(in.InvestorName), InvestorProvince: trim(in.InvestorProvince),
		Ownership: Ownership(trim(in.Ownership)), InvestorOrgID: in.InvestorOrgID, ClusterID: in.ClusterID, ParkID: in.ParkID,
		DivisionCode: trim(in.DivisionCode), Exclusion: Exclusion(trim(in.Exclusion)), Notes: trim(in.Notes), Illustrative: in.Illustrative}
	text(v, "name", l.Name, true, maxName)
	if !l.Exclusion.Valid() {
		v.Add("exclusion", keyBadChoice)
	}
	text(v, "investor_name", l.InvestorName, true, maxName)
	text(v, "investor_province", l.InvestorProvince, false, maxShort)
	text(v, "notes", l.Notes, false, maxNotes)
	if !l.Ownership.Valid() {
		v.Add("ownership", keyBadChoice)
	}
	l.Planned = amount(v, "planned_investment", in.Planned, false, false)
	if l.ParkID != 0 {
		pd, ok, err := parkDivision(ctx, c, l.ParkID)
		switch {
		case err != nil:
			return l, err
		case !ok:
			v.Add("park_id", keyParkUnknown)
		case l.DivisionCode == "":
			l.DivisionCode = pd // a park lies in one county: the lead with it
		case pd != l.DivisionCode:
			v.Add("park_id", keyParkElsewhere)
		}
	}
	if l.DivisionCode == "" {
		v.Add("division_code", keyRequired)
	} else if ok, err := exists(ctx, c, `registry_divisions WHERE code = ?`, l.DivisionCode); err != nil {
		return l, err
	} else if !ok {
		v.Add("division_code", keyDivisionUnknown)
	} else if !pr.Scope.CoversDivision(l.DivisionCode) {
		v.Add("division_code", keyOutOfScope)
	}
	if l.InvestorOrgID != 0 {
		if _, ok, err := orgKind(ctx, c, l.InvestorOrgID); err != nil {
			return l, err
		} else if !ok {
			v.Add("investor_org_id", keyOrgUnknown)
		}
	}
	if l.ClusterID != 0 {
		if ok, err := exists(ctx, c, `registry_clusters WHERE id = ?`, l.ClusterID); err != nil {
			return l, err
		} else if !ok {
			v.Add("cluster_id", keyClusterUnknown)
		}
	}
	return l, v.Err()
}

// CreateLead adds a lead in a county the caller covers, with its first
// stage (default 线索 today). A new lead may not start at 签约 or beyond:
// record a signing first (AddSigning moves it to 签约).
func (s *Service) CreateLead(ctx context.Context, in LeadInput) (Lead, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Lead{}, err
	}
	var out Lead
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.createLead(ctx, c, pr, in, Date{})
		return err
	})
	return out, err
}

// createLead inserts a lead. signedOn is set only by the import, which
// records the lead's first signing in the same transaction: the lead then
// enters the history at 签约 on that day.
func (s *Service) createLead(ctx context.Context, c db.Conn, pr *access.Principal, in LeadInput, signedOn Date) (Lead, error) {
	l, err := s.check(ctx, c, pr, in, 0)
	v, _ := errs.AsValidation(err)
	if err != nil && v == nil {
		return l, err
	}
	if v == nil {
		v = &errs.Validation{}
	}
	l.Stage = Stage(trim(in.Stage))
	if l.Stage == "" {
		l.Stage = StageClue
	}
	l.StageOn = day(v, "stage_on", in.StageOn, false, s.today())
	if !signedOn.IsZero() {
		l.Stage, l.StageOn = StageSigned, signedOn
	} else if problem := TransitionProblem("", l.Stage, false); problem != "" {
		v.Add("stage", problem)
	}
	if l.StageOn.IsZero() {
		l.StageOn = Date{Date: db.DateOf(s.today())}
	}
	if err := v.Err(); err != nil {
		return l, err
	}
	id, err := insertLead(ctx, c, l)
	if err != nil {
		return l, err
	}
	if err := insertStage(ctx, c, pr, StageChange{LeadID: id, Stage: l.Stage, On: l.StageOn}); err != nil {
		return l, err
	}
	out, err := getLead(ctx, c, id)
	if err != nil {
		return out, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectLead, ObjectID: idStr(id),
		Division: out.DivisionCode, After: out})
}

// UpdateLead changes a lead's descriptive fields (not its stage).
func (s *Service) UpdateLead(ctx context.Context, id int64, in LeadInput) (Lead, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Lead{}, err
	}
	var out Lead
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getLead(ctx, c, id)
		if err != nil {
			return err
		}
		l, err := s.check(ctx, c, pr, in, id)
		if err != nil {
			return err
		}
		if err := updateLead(ctx, c, l); err != nil {
			return err
		}
		if out, err = getLead(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectLead, ObjectID: idStr(id),
			Division: out.DivisionCode, Before: before, After: out})
	})
	return out, err
}

// Advance moves a lead along the pipeline on a date (today if empty):
// forward only, or out through 终止/流失; not before its current stage's
// date nor after today; 签约 and beyond only with a signing on record.
func (s *Service) Advance(ctx context.Context, id int64, in StageInput) (Lead, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Lead{}, err
	}
	var out Lead
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.advance(ctx, c, pr, id, in)
		return err
	})
	return out, err
}

func (s *Service) advance(ctx context.Context, c db.Conn, pr *access.Principal, id int64, in StageInput) (Lead, error) {
	before, err := getLead(ctx, c, id)
	if err != nil {
		return before, err
	}
	v := &errs.Validation{}
	to := Stage(trim(in.Stage))
	if problem := TransitionProblem(before.Stage, to, !before.FirstSignedOn.IsZero()); problem != "" {
		v.Add("stage", problem)
	}
	on := day(v, "on", in.On, false, s.today())
	if on.IsZero() && !v.Has("on") {
		on = Date{Date: db.DateOf(s.today())}
	}
	if !on.IsZero() && on.Before(before.StageOn.Time) {
		v.Add("on", keyBeforeStage, before.StageOn.String())
	}
	note := trim(in.Note)
	text(v, "note", note, false, maxNotes)
	if err := v.Err(); err != nil {
		return before, err
	}
	if err := insertStage(ctx, c, pr, StageChange{LeadID: id, Stage: to, On: on, Note: note}); err != nil {
		return before, err
	}
	out, err := getLead(ctx, c, id)
	if err != nil {
		return out, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectLead, ObjectID: idStr(id),
		Division: out.DivisionCode, Before: before, After: out})
}

// AddSigning records a signing of a lead. The first signing moves a lead
// still before 签约 to 签约 on the signing day; an increase counts only
// what it adds (see Counted).
func (s *Service) AddSigning(ctx context.Context, id int64, in SigningInput) (Signing, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Signing{}, err
	}
	var out Signing
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.addSigning(ctx, c, pr, id, in)
		return err
	})
	return out, err
}

func (s *Service) addSigning(ctx context.Context, c db.Conn, pr *access.Principal, id int64, in SigningInput) (Signing, error) {
	l, err := getLead(ctx, c, id)
	if err != nil {
		return Signing{}, err
	}
	v := &errs.Validation{}
	sg := Signing{LeadID: id, Kind: SigningKind(trim(in.Kind)), ContractNo: trim(in.ContractNo), Notes: trim(in.Notes)}
	if sg.Kind == "" {
		sg.Kind = SignContract
	}
	sg.SignedOn = day(v, "signed_on", in.SignedOn, true, s.today())
	sg.Amount = amount(v, "amount", in.Amount, true, true)
	text(v, "contract_no", sg.ContractNo, false, maxShort)
	text(v, "notes", sg.Notes, false, maxNotes)
	if l.Stage.Closed() {
		v.Add("kind", keyStageClosed)
	}
	if !l.Stage.AtLeast(StageSigned) && !sg.SignedOn.IsZero() && sg.SignedOn.Before(l.StageOn.Time) {
		// The first signing moves the lead to 签约 on its day: the
		// history must stay in date order.
		v.Add("signed_on", keyBeforeStage, l.StageOn.String())
	}
	if err := v.Err(); err != nil {
		return sg, err
	}
	prev, err := signings(ctx, c, []int64{id})
	if err != nil {
		return sg, err
	}
	if field, key := SigningProblem(prev[id], sg); key != "" {
		return sg, errs.Invalid(field, key)
	}
	each, _ := Counted(append(prev[id], sg))
	sg.Counted = each[len(each)-1]
	if sg.ID, err = insertSigning(ctx, c, sg); err != nil {
		return sg, err
	}
	if !l.Stage.AtLeast(StageSigned) {
		if err := insertStage(ctx, c, pr, StageChange{LeadID: id, Stage: StageSigned, On: sg.SignedOn}); err != nil {
			return sg, err
		}
		after, err := getLead(ctx, c, id)
		if err != nil {
			return sg, err
		}
		if err := audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectLead, ObjectID: idStr(id),
			Division: l.DivisionCode, Before: l, After: after}); err != nil {
			return sg, err
		}
	}
	return sg, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectSigning, ObjectID: idStr(sg.ID),
		Division: l.DivisionCode, After: sg})
}

// AddFund records arrived funds (到位资金) of a signed lead. Source
// province and ownership default to the lead's investor.
func (s *Service) AddFund(ctx context.Context, id int64, in FundInput) (Fund, error) {
	if _, err := editor(ctx); err != nil {
		return Fund{}, err
	}
	var out Fund
	var err error
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.addFund(ctx, c, id, in)
		return err
	})
	return out, err
}

func (s *Service) addFund(ctx context.Context, c db.Conn, id int64, in FundInput) (Fund, error) {
	l, err := getLead(ctx, c, id)
	if err != nil {
		return Fund{}, err
	}
	v := &errs.Validation{}
	f := Fund{LeadID: id, LeadName: l.Name, DivisionCode: l.DivisionCode, SourceProvince: trim(in.SourceProvince),
		Ownership: Ownership(trim(in.Ownership)), Official: in.Official == nil || *in.Official, Notes: trim(in.Notes), ClusterID: l.ClusterID,
		ClusterName: l.ClusterName}
	if f.SourceProvince == "" {
		f.SourceProvince = l.InvestorProvince
	}
	if f.Ownership == "" {
		f.Ownership = l.Ownership
	}
	f.ArrivedOn = day(v, "arrived_on", in.ArrivedOn, true, s.today())
	f.Amount = amount(v, "amount", in.Amount, true, true)
	text(v, "source_province", f.SourceProvince, false, maxShort)
	text(v, "notes", f.Notes, false, maxNotes)
	if !f.Ownership.Valid() {
		v.Add("ownership", keyBadChoice)
	}
	if l.FirstSignedOn.IsZero() {
		v.Add("amount", keyFundUnsigned)
	} else if !f.ArrivedOn.IsZero() && f.ArrivedOn.Before(l.FirstSignedOn.Time) {
		v.Add("arrived_on", keyBeforeStage, l.FirstSignedOn.String())
	}
	if err := v.Err(); err != nil {
		return f, err
	}
	if f.ID, err = insertFund(ctx, c, f); err != nil {
		return f, err
	}
	return f, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectFund, ObjectID: idStr(f.ID),
		Division: l.DivisionCode, After: f})
}

// FundTotals sums the arrived-funds ledger under f (paging ignored) by
// source province, investor type or cluster.
func (s *Service) FundTotals(ctx context.Context, f FundFilter, split FundSplit) ([]FundTotal, error) {
	f.Limit, f.Offset = -1, 0
	fs, _, err := listFunds(ctx, s.d.Read(), f)
	if err != nil {
		return nil, err
	}
	return Totals(fs, split), nil
}

// CountRules returns the counting rules, oldest first.
func (s *Service) CountRules(ctx context.Context) ([]CountRule, error) {
	return listCountRules(ctx, s.d.Read())
}

// SaveCountRule adds the counting rule in force from a date (the bureau
// only: it changes every county's statistics). One rule per date.
func (s *Service) SaveCountRule(ctx context.Context, in CountRuleInput) (CountRule, error) {
	p, err := reader(ctx)
	if err != nil {
		return CountRule{}, err
	}
	if !((p.Role == access.RoleAdmin || p.Role == access.RoleBureauDev) && p.Scope.All()) {
		return CountRule{}, access.ErrForbidden
	}
	v := &errs.Validation{}
	r := CountRule{Source: trim(in.Source)}
	if d, err := db.ParseDate(trim(in.EffectiveFrom)); err != nil {
		v.Add("effective_from", keyBadDate)
	} else {
		r.EffectiveFrom = Date{Date: d}
	}
	r.Floor = amount(v, "floor", in.Floor, true, false)
	text(v, "source", r.Source, true, maxNotes)
	if err := v.Err(); err != nil {
		return r, err
	}
	err = s.d.Tx(ctx, func(c db.Conn) error {
		if taken, err := exists(ctx, c, `attraction_count_rules WHERE effective_from = ?`, r.EffectiveFrom.Date); err != nil {
			return err
		} else if taken {
			return errs.Invalid("effective_from", keyRuleTaken)
		}
		if r.ID, err = insertCountRule(ctx, c, r); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectRule, ObjectID: idStr(r.ID), After: r})
	})
	return r, err
}
