package escalation

import (
	"context"

	"github.com/changji-gov/bogda/internal/projects"
)

// ReportProblem is a problem (存在问题) written in a project's current
// monthly report that no item tracks yet: the inbox from which staff raise
// items, so that what enterprises report does not go unanswered.
type ReportProblem struct {
	ReportID     int64          `json:"report_id"`
	ProjectID    int64          `json:"project_id"`
	ProjectName  string         `json:"project_name"`
	DivisionName string         `json:"division_name"`
	Month        projects.Month `json:"month"`
	Problems     string         `json:"problems"`
}

// maxUntracked bounds the inbox; older months are reached by the project.
const maxUntracked = 100

// UntrackedProblems returns the problems of current monthly reports
// within scope that no item was raised from (for any revision of that
// project-month), newest month first.
func (s *Service) UntrackedProblems(ctx context.Context) ([]ReportProblem, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	w := scopedWhere(pr)
	w.Add("r.is_current = ?", true)
	w.Add("r.problems <> ''")
	w.Add(`NOT EXISTS (SELECT 1 FROM escalation_issues i JOIN projects_reports r2 ON r2.id = i.report_id
		WHERE r2.project_id = r.project_id AND r2.month = r.month)`)
	rows, err := s.d.Read().Query(ctx, `SELECT r.id, r.project_id, p.name, COALESCE(dv.name, ''), r.month, r.problems
		FROM projects_reports r
		JOIN projects_projects p ON p.id = r.project_id
		LEFT JOIN registry_divisions dv ON dv.code = p.division_code
		WHERE `+w.SQL()+` ORDER BY r.month DESC, p.name LIMIT ?`, append(w.Args(), maxUntracked)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ReportProblem{}
	for rows.Next() {
		var p ReportProblem
		if err := rows.Scan(&p.ReportID, &p.ProjectID, &p.ProjectName, &p.DivisionName, &p.Month, &p.Problems); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
