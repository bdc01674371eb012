package registry

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Taxonomies and their clusters are reference data like divisions: read by
// everyone who reads the registry, written by the administrator.

const taxonomySelect = `SELECT t.id, t.code, t.version, t.name, t.issuer, COALESCE(t.park_id, 0), COALESCE(pk.name, ''),
	t.effective_from, t.effective_to, t.notes, t.created_at, t.updated_at
	FROM registry_taxonomies t LEFT JOIN registry_parks pk ON pk.id = t.park_id`

func scanTaxonomy(sc interface{ Scan(...any) error }) (Taxonomy, error) {
	var t Taxonomy
	err := sc.Scan(&t.ID, &t.Code, &t.Version, &t.Name, &t.Issuer, &t.ParkID, &t.ParkName,
		&t.EffectiveFrom, &t.EffectiveTo, &t.Notes, &t.CreatedAt, &t.UpdatedAt)
	t.CreatedAt, t.UpdatedAt = t.CreatedAt.UTC(), t.UpdatedAt.UTC()
	t.Clusters = []Cluster{}
	return t, err
}

func getTaxonomy(ctx context.Context, c db.Conn, id int64) (Taxonomy, error) {
	if _, err := reader(ctx); err != nil {
		return Taxonomy{}, err
	}
	t, err := scanTaxonomy(c.QueryRow(ctx, taxonomySelect+` WHERE t.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Taxonomy{}, errs.ErrNotFound
	}
	if err != nil {
		return Taxonomy{}, err
	}
	cl, err := clustersOf(ctx, c, []int64{id})
	t.Clusters = append(t.Clusters, cl[id]...)
	return t, err
}

func taxonomyConds(f TaxonomyFilter) *db.Where {
	w := &db.Where{}
	w.Search(f.Q, "t.code", "t.name", "t.issuer")
	switch {
	case f.ParkID < 0:
		w.Add("t.park_id IS NULL")
	case f.ParkID > 0:
		w.Add("t.park_id = ?", f.ParkID)
	}
	if !f.InForce.IsZero() {
		d := db.DateOf(f.InForce)
		w.Add("t.effective_from <= ? AND (t.effective_to IS NULL OR t.effective_to >= ?)", d, d)
	}
	return w
}

func listTaxonomies(ctx context.Context, c db.Conn, f TaxonomyFilter) ([]Taxonomy, int, error) {
	if _, err := reader(ctx); err != nil {
		return nil, 0, err
	}
	w := taxonomyConds(f)
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_taxonomies t WHERE `+w.SQL(), w.Args()...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := db.Page(f.Limit, f.Offset)
	// Newest version first within a code: that is the one people look for.
	rows, err := c.Query(ctx, taxonomySelect+` WHERE `+w.SQL()+` ORDER BY t.effective_from DESC, t.code, t.id DESC`+lim, append(w.Args(), largs...)...)
	if err != nil {
		return nil, 0, err
	}
	out := []Taxonomy{}
	var ids []int64
	for rows.Next() {
		t, err := scanTaxonomy(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		out = append(out, t)
		ids = append(ids, t.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	cl, err := clustersOf(ctx, c, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range out {
		out[i].Clusters = append(out[i].Clusters, cl[out[i].ID]...)
	}
	return out, total, nil
}

// taxonomyInForce is the version for scope (park id, 0 for prefecture-wide)
// in force on day: the one that took effect last, ties to the newest row.
func taxonomyInForce(ctx context.Context, c db.Conn, day time.Time, parkID int64) (Taxonomy, error) {
	if _, err := reader(ctx); err != nil {
		return Taxonomy{}, err
	}
	scope := int64(-1)
	if parkID > 0 {
		scope = parkID
	}
	w := taxonomyConds(TaxonomyFilter{ParkID: scope, InForce: day})
	var id int64
	err := c.QueryRow(ctx, `SELECT t.id FROM registry_taxonomies t WHERE `+w.SQL()+` ORDER BY t.effective_from DESC, t.id DESC LIMIT 1`, w.Args()...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Taxonomy{}, errs.ErrNotFound
	}
	if err != nil {
		return Taxonomy{}, err
	}
	return getTaxonomy(ctx, c, id)
}

func taxonomyTaken(ctx context.Context, c db.Conn, code, version string, except int64) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_taxonomies WHERE code = ? AND version = ? AND id <> ?`, code, version, except).Scan(&n)
	return n > 0, err
}

func insertTaxonomy(ctx context.Context, c db.Conn, t Taxonomy) (int64, error) {
	if _, err := admin(ctx); err != nil {
		return 0, err
	}
	now := time.Now().UTC()
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO registry_taxonomies (code, version, name, issuer, park_id, effective_from, effective_to, notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.Code, t.Version, t.Name, t.Issuer, nullID(t.ParkID), t.EffectiveFrom.Date, t.EffectiveTo.Date, t.Notes, now, now).Scan(&id)
	return id, err
}

func updateTaxonomy(ctx context.Context, c db.Conn, t Taxonomy) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	res, err := c.Exec(ctx, `UPDATE registry_taxonomies SET code = ?, version = ?, name = ?, issuer = ?, park_id = ?, effective_from = ?, effective_to = ?, notes = ?, updated_at = ? WHERE id = ?`,
		t.Code, t.Version, t.Name, t.Issuer, nullID(t.ParkID), t.EffectiveFrom.Date, t.EffectiveTo.Date, t.Notes, time.Now().UTC(), t.ID)
	return oneRow(res, err)
}

func deleteTaxonomy(ctx context.Context, c db.Conn, id int64) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	res, err := c.Exec(ctx, `DELETE FROM registry_taxonomies WHERE id = ?`, id)
	return oneRow(res, err)
}

// parkExists checks a park reference of reference data (a taxonomy's
// scope), which is not limited by the writer's county.
func parkExists(ctx context.Context, c db.Conn, id int64) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_parks WHERE id = ?`, id).Scan(&n)
	return n > 0, err
}

const clusterCols = `id, taxonomy_id, code, name, sort_order, created_at, updated_at`

func scanCluster(sc interface{ Scan(...any) error }) (Cluster, error) {
	var cl Cluster
	err := sc.Scan(&cl.ID, &cl.TaxonomyID, &cl.Code, &cl.Name, &cl.SortOrder, &cl.CreatedAt, &cl.UpdatedAt)
	cl.CreatedAt, cl.UpdatedAt = cl.CreatedAt.UTC(), cl.UpdatedAt.UTC()
	return cl, err
}

func clustersOf(ctx context.Context, c db.Conn, taxonomyIDs []int64) (map[int64][]Cluster, error) {
	out := map[int64][]Cluster{}
	for len(taxonomyIDs) > 0 {
		n := min(len(taxonomyIDs), 500)
		args := make([]any, n)
		for i, id := range taxonomyIDs[:n] {
			args[i] = id
		}
		taxonomyIDs = taxonomyIDs[n:]
		rows, err := c.Query(ctx, `SELECT `+clusterCols+` FROM registry_clusters WHERE taxonomy_id IN (`+placeholders(n)+`) ORDER BY taxonomy_id, sort_order, id`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			cl, err := scanCluster(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[cl.TaxonomyID] = append(out[cl.TaxonomyID], cl)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func getCluster(ctx context.Context, c db.Conn, id int64) (Cluster, error) {
	if _, err := reader(ctx); err != nil {
		return Cluster{}, err
	}
	cl, err := scanCluster(c.QueryRow(ctx, `SELECT `+clusterCols+` FROM registry_clusters WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Cluster{}, errs.ErrNotFound
	}
	return cl, err
}

// clustersExist counts how many of ids are clusters.
func clustersExist(ctx context.Context, c db.Conn, ids []int64) (bool, error) {
	if len(ids) == 0 {
		return true, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_clusters WHERE id IN (`+placeholders(len(ids))+`)`, args...).Scan(&n)
	return n == len(ids), err
}

func clusterTaken(ctx context.Context, c db.Conn, taxonomyID int64, code string, except int64) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_clusters WHERE taxonomy_id = ? AND code = ? AND id <> ?`, taxonomyID, code, except).Scan(&n)
	return n > 0, err
}

func insertCluster(ctx context.Context, c db.Conn, cl Cluster) (int64, error) {
	if _, err := admin(ctx); err != nil {
		return 0, err
	}
	now := time.Now().UTC()
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO registry_clusters (taxonomy_id, code, name, sort_order, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		cl.TaxonomyID, cl.Code, cl.Name, cl.SortOrder, now, now).Scan(&id)
	return id, err
}

func updateCluster(ctx context.Context, c db.Conn, cl Cluster) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	res, err := c.Exec(ctx, `UPDATE registry_clusters SET code = ?, name = ?, sort_order = ?, updated_at = ? WHERE id = ?`,
		cl.Code, cl.Name, cl.SortOrder, time.Now().UTC(), cl.ID)
	return oneRow(res, err)
}

func deleteCluster(ctx context.Context, c db.Conn, id int64) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	res, err := c.Exec(ctx, `DELETE FROM registry_clusters WHERE id = ?`, id)
	return oneRow(res, err)
}
