package registry

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Organisations are scoped by county and, for enterprise users, by their own
// id: scope.SQL("o.division_code", "o.id").

const orgSelect = `SELECT o.id, o.kind, o.name, COALESCE(o.uscc, ''), o.division_code, COALESCE(dv.name, ''),
	COALESCE(o.park_id, 0), COALESCE(pk.name, ''), o.industry, o.legal_rep, o.principal, o.phone, o.address,
	o.notes, o.illustrative, o.created_at, o.updated_at
	FROM registry_orgs o
	LEFT JOIN registry_divisions dv ON dv.code = o.division_code
	LEFT JOIN registry_parks pk ON pk.id = o.park_id`

func scanOrg(sc interface{ Scan(...any) error }) (Organisation, error) {
	var o Organisation
	err := sc.Scan(&o.ID, &o.Kind, &o.Name, &o.USCC, &o.DivisionCode, &o.DivisionName, &o.ParkID, &o.ParkName,
		&o.Industry, &o.LegalRep, &o.Principal, &o.Phone, &o.Address, &o.Notes, &o.Illustrative, &o.CreatedAt, &o.UpdatedAt)
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	o.Clusters = []ClusterRef{}
	return o, err
}

func getOrg(ctx context.Context, c db.Conn, id int64) (Organisation, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Organisation{}, err
	}
	w := db.Scoped(pr.Scope, "o.division_code", "o.id")
	w.Add("o.id = ?", id)
	return oneOrg(ctx, c, w)
}

// getOrgByUSCC finds an organisation by its credit code, within scope.
func getOrgByUSCC(ctx context.Context, c db.Conn, uscc string) (Organisation, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Organisation{}, err
	}
	w := db.Scoped(pr.Scope, "o.division_code", "o.id")
	w.Add("o.uscc = ?", uscc)
	return oneOrg(ctx, c, w)
}

func oneOrg(ctx context.Context, c db.Conn, w *db.Where) (Organisation, error) {
	o, err := scanOrg(c.QueryRow(ctx, orgSelect+` WHERE `+w.SQL(), w.Args()...))
	if errors.Is(err, sql.ErrNoRows) {
		return Organisation{}, errs.ErrNotFound
	}
	if err != nil {
		return Organisation{}, err
	}
	tags, err := clusterTags(ctx, c, []int64{o.ID})
	o.Clusters = append(o.Clusters, tags[o.ID]...)
	return o, err
}

func orgConds(pr *access.Principal, f OrgFilter) *db.Where {
	w := db.Scoped(pr.Scope, "o.division_code", "o.id")
	w.Search(f.Q, "o.name", "o.uscc", "o.legal_rep", "o.principal", "o.industry")
	w.UnderDivision("o.division_code", f.DivisionCode)
	if f.Kind != "" {
		w.Add("o.kind = ?", f.Kind)
	}
	if f.ParkID != 0 {
		w.Add("o.park_id = ?", f.ParkID)
	}
	if f.ClusterID != 0 {
		w.Add("EXISTS (SELECT 1 FROM registry_org_clusters oc WHERE oc.org_id = o.id AND oc.cluster_id = ?)", f.ClusterID)
	}
	return w
}

func listOrgs(ctx context.Context, c db.Conn, f OrgFilter) ([]Organisation, int, error) {
	pr, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	w := orgConds(pr, f)
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_orgs o WHERE `+w.SQL(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, orgSelect+` WHERE `+w.SQL()+` ORDER BY o.division_code, o.id`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, 0, err
	}
	out := []Organisation{}
	var ids []int64
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, o)
		ids = append(ids, o.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	tags, err := clusterTags(ctx, c, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].Clusters = append(out[i].Clusters, tags[out[i].ID]...)
	}
	return out, total, nil
}

// clusterTags loads the cluster tags of the given organisations, which the
// caller has already read within scope, in chunks that stay under both
// engines' limits on bound parameters.
func clusterTags(ctx context.Context, c db.Conn, ids []int64) (map[int64][]ClusterRef, error) {
	out := map[int64][]ClusterRef{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		chunk := ids[:n]
		ids = ids[n:]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := c.Query(ctx, `SELECT oc.org_id, cl.id, cl.code, cl.name, t.id, t.code, t.version, t.name
			FROM registry_org_clusters oc
			JOIN registry_clusters cl ON cl.id = oc.cluster_id
			JOIN registry_taxonomies t ON t.id = cl.taxonomy_id
			WHERE oc.org_id IN (`+placeholders(len(chunk))+`)
			ORDER BY oc.org_id, t.code, t.version, cl.sort_order, cl.id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var org int64
			var r ClusterRef
			if err := rows.Scan(&org, &r.ID, &r.Code, &r.Name, &r.TaxonomyID, &r.TaxonomyCode, &r.TaxonomyVersion, &r.TaxonomyName); err != nil {
				rows.Close()
				return nil, err
			}
			out[org] = append(out[org], r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// usccTaken looks across the whole prefecture: a credit code names one
// organisation in the country, whoever can see it.
func usccTaken(ctx context.Context, c db.Conn, uscc string, except int64) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_orgs WHERE uscc = ? AND id <> ?`, uscc, except).Scan(&n)
	return n > 0, err
}

func insertOrg(ctx context.Context, c db.Conn, o Organisation) (int64, error) {
	pr, err := writer(ctx)
	if err != nil {
		return 0, err
	}
	if !pr.Scope.Covers(o.DivisionCode, 0) {
		return 0, access.ErrForbidden
	}
	now := time.Now().UTC()
	var id int64
	err = c.QueryRow(ctx, `INSERT INTO registry_orgs (kind, name, uscc, division_code, park_id, industry, legal_rep, principal, phone, address, notes, illustrative, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		string(o.Kind), o.Name, nullText(o.USCC), o.DivisionCode, nullID(o.ParkID), o.Industry, o.LegalRep, o.Principal,
		o.Phone, o.Address, o.Notes, o.Illustrative, now, now).Scan(&id)
	return id, err
}

// updateOrg changes an organisation the principal can see: a county
// principal only within its county, an organisation-scoped principal only
// its own record (enterprise users hold no write permission today).
func updateOrg(ctx context.Context, c db.Conn, o Organisation) error {
	pr, err := writer(ctx)
	if err != nil {
		return err
	}
	if !pr.Scope.Covers(o.DivisionCode, o.ID) {
		return access.ErrForbidden
	}
	w := db.Scoped(pr.Scope, "division_code", "id")
	w.Add("id = ?", o.ID)
	args := append([]any{string(o.Kind), o.Name, nullText(o.USCC), o.DivisionCode, nullID(o.ParkID), o.Industry, o.LegalRep,
		o.Principal, o.Phone, o.Address, o.Notes, o.Illustrative, time.Now().UTC()}, w.Args()...)
	res, err := c.Exec(ctx, `UPDATE registry_orgs SET kind = ?, name = ?, uscc = ?, division_code = ?, park_id = ?, industry = ?, legal_rep = ?,
		principal = ?, phone = ?, address = ?, notes = ?, illustrative = ?, updated_at = ? WHERE `+w.SQL(), args...)
	return oneRow(res, err)
}

// setOrgClusters replaces the cluster tags of an organisation that the
// caller has just written within scope.
func setOrgClusters(ctx context.Context, c db.Conn, orgID int64, clusterIDs []int64) error {
	if _, err := writer(ctx); err != nil {
		return err
	}
	if _, err := c.Exec(ctx, `DELETE FROM registry_org_clusters WHERE org_id = ?`, orgID); err != nil {
		return err
	}
	for _, cid := range clusterIDs {
		if _, err := c.Exec(ctx, `INSERT INTO registry_org_clusters (org_id, cluster_id) VALUES (?, ?)`, orgID, cid); err != nil {
			return err
		}
	}
	return nil
}

func deleteOrg(ctx context.Context, c db.Conn, id int64) error {
	pr, err := writer(ctx)
	if err != nil {
		return err
	}
	w := db.Scoped(pr.Scope, "division_code", "id")
	w.Add("id = ?", id)
	res, err := c.Exec(ctx, `DELETE FROM registry_orgs WHERE `+w.SQL(), w.Args()...)
	return oneRow(res, err)
}
