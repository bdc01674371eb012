package attraction

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
)

// projectStage maps a landed lead's stage to the library's: a landed lead
// is in 前期 (approvals), a started one 新开工, one in production has a
// phase in production (部分建成投产), one at full capacity is complete.
func projectStage(s Stage) projects.Stage {
	switch s {
	case StageStarted:
		return projects.StageStarted
	case StageProducing:
		return projects.StagePartialOp
	case StageFull:
		return projects.StageCompleted
	}
	return projects.StagePreparation
}

// ProjectInput returns the library input for a lead: its name, investor
// (when registered as an enterprise), park, county, cluster and amount
// (the contracted amount, else the planned one), stage and stage date.
func (l Lead) ProjectInput(investorIsEnterprise bool) projects.ProjectInput {
	in := projects.ProjectInput{Name: l.Name, ParkID: l.ParkID, DivisionCode: l.DivisionCode,
		Sector: "", Stage: string(projectStage(l.Stage)), StageOn: l.StageOn.String(), Illustrative: l.Illustrative}
	if investorIsEnterprise {
		in.OwnerOrgID = l.InvestorOrgID
	}
	total := l.Contracted
	if total == 0 {
		total = l.Planned
	}
	if total > 0 {
		in.TotalInvestment = total.String()
	}
	if l.ClusterID != 0 {
		in.ClusterIDs = []int64{l.ClusterID}
	}
	return in
}

// ConvertToProject hands a landed lead (履约/落地 or further) to the
// project library without re-keying: it creates the project through the
// projects service (which validates and audits it) and links the lead to
// it. The link lives on this side (attraction_leads.project_id, unique);
// LeadOfProject reads it from the project's side.
//
// The project is created in the projects service's own transaction, so
// two simultaneous conversions of one lead could both create a project;
// the second link then fails with keyConverted and leaves an unlinked
// project behind. A transaction-taking create in the projects service
// would close that gap.
func (s *Service) ConvertToProject(ctx context.Context, id int64) (projects.Project, error) {
	if _, err := editor(ctx); err != nil {
		return projects.Project{}, err
	}
	l, err := getLead(ctx, s.d.Read(), id)
	if err != nil {
		return projects.Project{}, err
	}
	switch {
	case l.ProjectID != 0:
		return projects.Project{}, errs.Invalid("project_id", keyConverted)
	case !l.Stage.AtLeast(StageLanded):
		return projects.Project{}, errs.Invalid("stage", keyNotLanded)
	}
	enterprise := false
	if l.InvestorOrgID != 0 {
		kind, ok, err := orgKind(ctx, s.d.Read(), l.InvestorOrgID)
		if err != nil {
			return projects.Project{}, err
		}
		enterprise = ok && kind == "enterprise"
	}
	// The project and the lead's link to it land in one transaction: two
	// people converting the same lead at once cannot leave an unlinked
	// project behind (the second one's setProject finds the link taken and
	// rolls its project back).
	var p projects.Project
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getLead(ctx, c, id)
		if err != nil {
			return err
		}
		if before.ProjectID != 0 {
			return errs.Invalid("project_id", keyConverted)
		}
		if p, err = s.proj.CreateProjectIn(ctx, c, l.ProjectInput(enterprise)); err != nil {
			return err
		}
		ok, err := setProject(ctx, c, id, p.ID)
		if err != nil {
			return err
		}
		if !ok {
			return errs.Invalid("project_id", keyConverted)
		}
		after, err := getLead(ctx, c, id)
		if err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectLead, ObjectID: idStr(id),
			Division: after.DivisionCode, Before: before, After: after})
	})
	if err != nil {
		return projects.Project{}, err
	}
	return p, nil
}
