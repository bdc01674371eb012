package projects

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// Projects are scoped by county and, for enterprise users, by owner:
// scope.SQL("p.division_code", "p.owner_org_id").

const projectSelect = `SELECT p.id, COALESCE(p.code, ''), p.name, COALESCE(p.owner_org_id, 0), COALESCE(ow.name, ''),
	COALESCE(p.park_id, 0), COALESCE(pk.name, ''), p.division_code, COALESCE(dv.name, ''), COALESCE(p.parent_id, 0),
	p.sector, p.build_type, p.total_investment, p.prior_completed, p.capacity, p.products,
	COALESCE(p.leader_person_id, 0), COALESCE(ld.name, ''), COALESCE(p.responsible_org_id, 0), COALESCE(ro.name, ''),
	p.responsible_person, p.stage, p.stage_on, COALESCE(p.planned_start_month, 0), COALESCE(p.start_month, 0),
	COALESCE(p.enrolled_month, 0), p.stats_id, p.notes, p.illustrative, p.created_at, p.updated_at
	FROM projects_projects p
	LEFT JOIN registry_orgs ow ON ow.id = p.owner_org_id
	LEFT JOIN registry_parks pk ON pk.id = p.park_id
	LEFT JOIN registry_divisions dv ON dv.code = p.division_code
	LEFT JOIN registry_people ld ON ld.id = p.leader_person_id
	LEFT JOIN registry_orgs ro ON ro.id = p.responsible_org_id`

func scanProject(sc interface{ Scan(...any) error }) (Project, error) {
	var p Project
	err := sc.Scan(&p.ID, &p.Code, &p.Name, &p.OwnerOrgID, &p.OwnerName, &p.ParkID, &p.ParkName, &p.DivisionCode,
		&p.DivisionName, &p.ParentID, &p.Sector, &p.BuildType, &p.TotalInvestment, &p.PriorCompleted, &p.Capacity,
		&p.Products, &p.LeaderPersonID, &p.LeaderName, &p.ResponsibleOrgID, &p.ResponsibleName, &p.ResponsiblePerson,
		&p.Stage, &p.StageOn, &p.PlannedStart, &p.StartMonth, &p.EnrolledMonth, &p.StatsID, &p.Notes, &p.Illustrative,
		&p.CreatedAt, &p.UpdatedAt)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	p.Clusters = []registry.ClusterRef{}
	return p, err
}

func getProject(ctx context.Context, c db.Conn, id int64) (Project, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Project{}, err
	}
	w := db.Scoped(pr.Scope, "p.division_code", "p.owner_org_id")
	w.Add("p.id = ?", id)
	p, err := scanProject(c.QueryRow(ctx, projectSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, errs.ErrNotFound
	}
	if err != nil {
		return Project{}, err
	}
	cl, err := projectClusters(ctx, c, []int64{id})
	p.Clusters = append(p.Clusters, cl[id]...)
	return p, err
}

func projectConds(pr *access.Principal, f ProjectFilter) *db.Where {
	w := db.Scoped(pr.Scope, "p.division_code", "p.owner_org_id")
	w.Search(f.Q, "p.name", "p.code", "p.products")
	w.UnderDivision("p.division_code", f.DivisionCode)
	if f.Code != "" {
		w.Add("p.code = ?", f.Code)
	}
	if f.ParkID != 0 {
		w.Add("p.park_id = ?", f.ParkID)
	}
	if f.OwnerOrgID != 0 {
		w.Add("p.owner_org_id = ?", f.OwnerOrgID)
	}
	if f.ClusterID != 0 {
		w.Add("p.id IN (SELECT project_id FROM projects_clusters WHERE cluster_id = ?)", f.ClusterID)
	}
	if f.Stage != "" {
		w.Add("p.stage = ?", f.Stage)
	}
	if f.ListID != 0 {
		w.Add("p.id IN (SELECT project_id FROM projects_list_items WHERE list_id = ? AND removed = FALSE)", f.ListID)
	}
	return w
}

func listProjects(ctx context.Context, c db.Conn, f ProjectFilter) ([]Project, int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := projectConds(pr, f)
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM projects_projects p WHERE `+w.SQL(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, projectSelect+` WHERE `+w.SQL()+` ORDER BY p.division_code, p.id`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Project{}
	var ids []int64
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
		ids = append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	cl, err := projectClusters(ctx, c, ids)
	for i := range out {
		out[i].Clusters = append(out[i].Clusters, cl[out[i].ID]...)
	}
	return out, total, err
}

// projectClusters returns the cluster tags of projects the caller has
// already been allowed to see, with their taxonomy versions. Ids go in
// batches so that a list of 20,000 projects stays under both engines'
// limits on bound parameters.
func projectClusters(ctx context.Context, c db.Conn, ids []int64) (map[int64][]registry.ClusterRef, error) {
	out := map[int64][]registry.ClusterRef{}
	const batch = 500
	for len(ids) > 0 {
		n := min(len(ids), batch)
		if err := clusterBatch(ctx, c, ids[:n], out); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

func clusterBatch(ctx context.Context, c db.Conn, ids []int64, out map[int64][]registry.ClusterRef) error {
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := c.Query(ctx, `SELECT pc.project_id, cl.id, cl.code, cl.name, t.id, t.code, t.version, t.name
		FROM projects_clusters pc JOIN registry_clusters cl ON cl.id = pc.cluster_id
		JOIN registry_taxonomies t ON t.id = cl.taxonomy_id
		WHERE pc.project_id IN (`+ph+`) ORDER BY t.code, t.version, cl.sort_order, cl.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var pid int64
		var r registry.ClusterRef
		if err := rows.Scan(&pid, &r.ID, &r.Code, &r.Name, &r.TaxonomyID, &r.TaxonomyCode, &r.TaxonomyVersion, &r.TaxonomyName); err != nil {
			return err
		}
		out[pid] = append(out[pid], r)
	}
	return rows.Err()
}

func insertProject(ctx context.Context, c db.Conn, p Project) (int64, error) {
	pr, err := editor(ctx)
	if err != nil {
		return 0, err
	}
	if !pr.Scope.Covers(p.DivisionCode, p.OwnerOrgID) {
		return 0, access.ErrForbidden
	}
	now := time.Now().UTC()
	var id int64
	err = c.QueryRow(ctx, `INSERT INTO projects_projects (code, name, owner_org_id, park_id, division_code, parent_id, sector,
		build_type, total_investment, prior_completed, capacity, products, leader_person_id, responsible_org_id,
		responsible_person, stage, stage_on, planned_start_month, start_month, enrolled_month, stats_id, notes, illustrative,
		created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullText(p.Code), p.Name, nullID(p.OwnerOrgID), nullID(p.ParkID), p.DivisionCode, nullID(p.ParentID), p.Sector,
		p.BuildType, int64(p.TotalInvestment), int64(p.PriorCompleted), p.Capacity, p.Products, nullID(p.LeaderPersonID),
		nullID(p.ResponsibleOrgID), p.ResponsiblePerson, string(p.Stage), p.StageOn.Date, nullMonth(p.PlannedStart),
		nullMonth(p.StartMonth), nullMonth(p.EnrolledMonth), p.StatsID, p.Notes, p.Illustrative, now, now).Scan(&id)
	return id, err
}

// updateProject changes the library fields of a project the caller can
// see, keeping it inside the caller's scope. Stage fields are not touched:
// they change through setStage, which writes the history.
func updateProject(ctx context.Context, c db.Conn, p Project) error {
	pr, err := editor(ctx)
	if err != nil {
		return err
	}
	if !pr.Scope.Covers(p.DivisionCode, p.OwnerOrgID) {
		return access.ErrForbidden
	}
	w := db.Scoped(pr.Scope, "division_code", "owner_org_id")
	w.Add("id = ?", p.ID)
	args := append([]any{nullText(p.Code), p.Name, nullID(p.OwnerOrgID), nullID(p.ParkID), p.DivisionCode, nullID(p.ParentID),
		p.Sector, p.BuildType, int64(p.TotalInvestment), int64(p.PriorCompleted), p.Capacity, p.Products,
		nullID(p.LeaderPersonID), nullID(p.ResponsibleOrgID), p.ResponsiblePerson, nullMonth(p.PlannedStart),
		nullMonth(p.EnrolledMonth), p.StatsID, p.Notes, p.Illustrative, time.Now().UTC()}, w.Args()...)
	res, err := c.Exec(ctx, `UPDATE projects_projects SET code = ?, name = ?, owner_org_id = ?, park_id = ?, division_code = ?,
		parent_id = ?, sector = ?, build_type = ?, total_investment = ?, prior_completed = ?, capacity = ?, products = ?,
		leader_person_id = ?, responsible_org_id = ?, responsible_person = ?, planned_start_month = ?, enrolled_month = ?,
		stats_id = ?, notes = ?, illustrative = ?, updated_at = ? WHERE `+w.SQL(), args...)
	if err != nil {
		return err
	}
	// The report rows repeat the project's place for scoped queries; keep them with it.
	_, err = c.Exec(ctx, `UPDATE projects_reports SET division_code = ?, owner_org_id = ? WHERE project_id = ?`,
		p.DivisionCode, nullID(p.OwnerOrgID), p.ID)
	if err == nil {
		_, err = c.Exec(ctx, `UPDATE projects_lights SET division_code = ?, owner_org_id = ? WHERE project_id = ?`,
			p.DivisionCode, nullID(p.OwnerOrgID), p.ID)
	}
	if err != nil {
		return err
	}
	return oneRow(res, nil)
}

func setProjectClusters(ctx context.Context, c db.Conn, id int64, clusterIDs []int64) error {
	if _, err := editor(ctx); err != nil {
		return err
	}
	if _, err := c.Exec(ctx, `DELETE FROM projects_clusters WHERE project_id = ?`, id); err != nil {
		return err
	}
	for _, cid := range clusterIDs {
		if _, err := c.Exec(ctx, `INSERT INTO projects_clusters (project_id, cluster_id) VALUES (?, ?)`, id, cid); err != nil {
			return err
		}
	}
	return nil
}

// oneRow turns "no row changed" into not-found: the record is missing or
// outside the caller's scope.
func oneRow(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return errs.ErrNotFound
	}
	return nil
}

// Reference checks. They look at the registry directly, inside the
// writing transaction, so that a reference checked is a reference written.

func exists(ctx context.Context, c db.Conn, query string, args ...any) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM `+query, args...).Scan(&n)
	return n > 0, err
}

// orgInfo returns an organisation's county and kind, ok false if unknown.
func orgInfo(ctx context.Context, c db.Conn, id int64) (division, kind string, ok bool, err error) {
	err = c.QueryRow(ctx, `SELECT division_code, kind FROM registry_orgs WHERE id = ?`, id).Scan(&division, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", false, nil
	}
	return division, kind, err == nil, err
}

// parkDivision returns a park's county, ok false if unknown.
func parkDivision(ctx context.Context, c db.Conn, id int64) (string, bool, error) {
	var d string
	err := c.QueryRow(ctx, `SELECT division_code FROM registry_parks WHERE id = ?`, id).Scan(&d)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return d, err == nil, err
}
