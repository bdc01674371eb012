package projects

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// GetProject returns a project within the caller's scope (else errs.ErrNotFound).
func (s *Service) GetProject(ctx context.Context, id int64) (Project, error) {
	return getProject(ctx, s.d.Read(), id)
}

// ListProjects returns the projects matching f within the caller's scope.
func (s *Service) ListProjects(ctx context.Context, f ProjectFilter) ([]Project, int, error) {
	return listProjects(ctx, s.d.Read(), f)
}

// check validates a project input and the registry records it names; id
// is 0 for a new project.
func (s *Service) check(ctx context.Context, c db.Conn, pr *access.Principal, in ProjectInput, id int64) (Project, error) {
	v := &errs.Validation{}
	p := Project{ID: id, Name: trim(in.Name), Code: NormalizeCode(in.Code), OwnerOrgID: in.OwnerOrgID, ParkID: in.ParkID,
		DivisionCode: trim(in.DivisionCode), ParentID: in.ParentID, Sector: trim(in.Sector), BuildType: trim(in.BuildType),
		Capacity: trim(in.Capacity), Products: trim(in.Products), LeaderPersonID: in.LeaderPersonID,
		ResponsibleOrgID: in.ResponsibleOrgID, ResponsiblePerson: trim(in.ResponsiblePerson), StatsID: trim(in.StatsID),
		Notes: trim(in.Notes), Illustrative: in.Illustrative}
	text(v, "name", p.Name, true, maxName)
	text(v, "sector", p.Sector, false, maxCode)
	text(v, "build_type", p.BuildType, false, maxCode)
	text(v, "capacity", p.Capacity, false, maxText)
	text(v, "products", p.Products, false, maxText)
	text(v, "responsible_person", p.ResponsiblePerson, false, maxName)
	text(v, "stats_id", p.StatsID, false, maxCode)
	text(v, "notes", p.Notes, false, maxNotes)
	if p.Code != "" {
		if problem := CodeProblem(p.Code, MonthOfTime(s.now()).Year()); problem != "" {
			v.Add("code", problem)
		} else if taken, err := exists(ctx, c, `projects_projects WHERE code = ? AND id <> ?`, p.Code, id); err != nil {
			return p, err
		} else if taken {
			v.Add("code", keyCodeDuplicate)
		}
	}
	p.TotalInvestment = amount(v, "total_investment", in.TotalInvestment, false)
	p.PriorCompleted = amount(v, "prior_completed", in.PriorCompleted, false)
	if !v.Has("prior_completed") && p.TotalInvestment > 0 && p.PriorCompleted > p.TotalInvestment {
		v.Add("prior_completed", ReportAboveTotal, p.PriorCompleted.String(), p.TotalInvestment.String())
	}
	p.PlannedStart = month(v, "planned_start_month", in.PlannedStart, false)
	p.EnrolledMonth = month(v, "enrolled_month", in.EnrolledMonth, false)

	if p.ParkID != 0 {
		pd, ok, err := parkDivision(ctx, c, p.ParkID)
		switch {
		case err != nil:
			return p, err
		case !ok:
			v.Add("park_id", keyParkUnknown)
		case p.DivisionCode == "":
			p.DivisionCode = pd // a park lies in one county: the project with it
		case pd != p.DivisionCode:
			v.Add("park_id", keyParkElsewhere)
		}
	}
	if p.DivisionCode == "" {
		v.Add("division_code", keyRequired)
	} else if ok, err := exists(ctx, c, `registry_divisions WHERE code = ?`, p.DivisionCode); err != nil {
		return p, err
	} else if !ok {
		v.Add("division_code", keyDivisionUnknown)
	} else if !pr.Scope.CoversDivision(p.DivisionCode) {
		v.Add("division_code", keyOutOfScope)
	}
	if p.OwnerOrgID != 0 {
		if _, kind, ok, err := orgInfo(ctx, c, p.OwnerOrgID); err != nil {
			return p, err
		} else if !ok {
			v.Add("owner_org_id", keyOrgUnknown)
		} else if kind != "enterprise" {
			v.Add("owner_org_id", keyOrgNotEnterprise)
		}
	}
	if p.ResponsibleOrgID != 0 {
		if _, _, ok, err := orgInfo(ctx, c, p.ResponsibleOrgID); err != nil {
			return p, err
		} else if !ok {
			v.Add("responsible_org_id", keyOrgUnknown)
		}
	}
	if p.LeaderPersonID != 0 {
		if ok, err := exists(ctx, c, `registry_people WHERE id = ?`, p.LeaderPersonID); err != nil {
			return p, err
		} else if !ok {
			v.Add("leader_person_id", keyPersonUnknown)
		}
	}
	if p.ParentID != 0 {
		if p.ParentID == id {
			v.Add("parent_id", keyParentUnknown)
		} else if _, err := getProject(ctx, c, p.ParentID); err == errs.ErrNotFound {
			v.Add("parent_id", keyParentUnknown)
		} else if err != nil {
			return p, err
		}
	}
	for _, cid := range in.ClusterIDs {
		if ok, err := exists(ctx, c, `registry_clusters WHERE id = ?`, cid); err != nil {
			return p, err
		} else if !ok && !v.Has("cluster_ids") {
			v.Add("cluster_ids", keyClusterUnknown)
		}
	}
	return p, v.Err()
}

// CreateProject adds a project to the library in a county the caller
// covers, with its first stage (default 储备 today).
func (s *Service) CreateProject(ctx context.Context, in ProjectInput) (Project, error) {
	var out Project
	err := s.d.Tx(ctx, func(c db.Conn) error {
		var err error
		out, err = s.CreateProjectIn(ctx, c, in)
		return err
	})
	return out, err
}

// CreateProjectIn is CreateProject inside the caller's transaction c, for
// another S1 service whose own record must land together with the project
// (a landed investment lead becomes a project, linked in the same commit).
func (s *Service) CreateProjectIn(ctx context.Context, c db.Conn, in ProjectInput) (Project, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Project{}, err
	}
	p, err := s.check(ctx, c, pr, in, 0)
	v, _ := errs.AsValidation(err)
	if err != nil && v == nil {
		return Project{}, err
	}
	if v == nil {
		v = &errs.Validation{}
	}
	p.Stage = Stage(trim(in.Stage))
	if p.Stage == "" {
		p.Stage = StageReserve
	}
	if problem := TransitionProblem("", p.Stage); problem != "" {
		v.Add("stage", problem)
	}
	p.StageOn = day(v, "stage_on", in.StageOn, false)
	if p.StageOn.IsZero() {
		p.StageOn = Date{Date: db.DateOf(s.now().In(cst))}
	}
	if p.Stage.Started() {
		p.StartMonth = MonthOf(p.StageOn.Year(), p.StageOn.Month())
	}
	if err := v.Err(); err != nil {
		return Project{}, err
	}
	id, err := insertProject(ctx, c, p)
	if db.IsUniqueViolation(err) {
		return Project{}, errs.Invalid("code", keyCodeDuplicate)
	}
	if err != nil {
		return Project{}, err
	}
	if err := setProjectClusters(ctx, c, id, in.ClusterIDs); err != nil {
		return Project{}, err
	}
	if err := insertStage(ctx, c, pr, StageChange{ProjectID: id, Stage: p.Stage, On: p.StageOn}); err != nil {
		return Project{}, err
	}
	out, err := getProject(ctx, c, id)
	if err != nil {
		return Project{}, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectProject, ObjectID: idStr(id), Division: out.DivisionCode, After: out})
}

// UpdateProject changes the library fields of a project the caller can
// see. The stage changes through ChangeStage.
func (s *Service) UpdateProject(ctx context.Context, id int64, in ProjectInput) (Project, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Project{}, err
	}
	var out Project
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getProject(ctx, c, id)
		if err != nil {
			return err
		}
		p, err := s.check(ctx, c, pr, in, id)
		if err != nil {
			return err
		}
		if err := updateProject(ctx, c, p); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.Invalid("code", keyCodeDuplicate)
			}
			return err
		}
		if err := setProjectClusters(ctx, c, id, in.ClusterIDs); err != nil {
			return err
		}
		if out, err = getProject(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectProject, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out})
	})
	return out, err
}

// DeleteProject removes a project keyed in by mistake: only one that no
// report, list, light or other project refers to (a project with a
// history is corrected, not deleted).
func (s *Service) DeleteProject(ctx context.Context, id int64) error {
	pr, err := editor(ctx)
	if err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getProject(ctx, c, id)
		if err != nil {
			return err
		}
		for _, q := range []string{`projects_reports WHERE project_id = ?`, `projects_list_items WHERE project_id = ?`,
			`projects_lights WHERE project_id = ?`, `projects_projects WHERE parent_id = ?`} {
			used, err := exists(ctx, c, q, id)
			if err != nil {
				return err
			}
			if used {
				return errs.Invalid("id", keyProjectInUse)
			}
		}
		w := db.Scoped(pr.Scope, "division_code", "owner_org_id")
		w.Add("id = ?", id)
		res, err := c.Exec(ctx, `DELETE FROM projects_projects WHERE `+w.SQL(), w.Args()...)
		if db.IsForeignKeyViolation(err) {
			return errs.Invalid("id", keyProjectInUse)
		}
		if err := oneRow(res, err); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectProject, ObjectID: idStr(id), Division: before.DivisionCode, Before: before})
	})
}
