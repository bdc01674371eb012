package registry

import (
	"context"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// GetTaxonomy returns a taxonomy version with its clusters.
func (s *Service) GetTaxonomy(ctx context.Context, id int64) (Taxonomy, error) {
	return getTaxonomy(ctx, s.d.Read(), id)
}

// ListTaxonomies returns taxonomy versions matching f, with their clusters.
func (s *Service) ListTaxonomies(ctx context.Context, f TaxonomyFilter) ([]Taxonomy, int, error) {
	return listTaxonomies(ctx, s.d.Read(), f)
}

// TaxonomyInForce returns the taxonomy version in force on day for a scope:
// parkID 0 for the prefecture-wide taxonomy, else that park's own. When
// several versions are in force, the one that took effect last wins.
// errs.ErrNotFound if none applies.
func (s *Service) TaxonomyInForce(ctx context.Context, day time.Time, parkID int64) (Taxonomy, error) {
	return taxonomyInForce(ctx, s.d.Read(), day, parkID)
}

func checkTaxonomy(ctx context.Context, c db.Conn, in TaxonomyInput, id int64) (Taxonomy, error) {
	t, v := in.check()
	t.ID = id
	if t.ParkID > 0 {
		ok, err := parkExists(ctx, c, t.ParkID)
		if err != nil {
			return t, err
		}
		if !ok {
			v.Add("park_id", keyParkUnknown)
		}
	}
	if !v.Has("code") && !v.Has("version") {
		taken, err := taxonomyTaken(ctx, c, t.Code, t.Version, id)
		if err != nil {
			return t, err
		}
		if taken {
			v.Add("version", keyTaxonomyDuplicate)
		}
	}
	return t, v.Err()
}

// CreateTaxonomy adds a taxonomy version (administrator only).
func (s *Service) CreateTaxonomy(ctx context.Context, in TaxonomyInput) (Taxonomy, error) {
	if _, err := admin(ctx); err != nil {
		return Taxonomy{}, err
	}
	var out Taxonomy
	err := s.d.Tx(ctx, func(c db.Conn) error {
		t, err := checkTaxonomy(ctx, c, in, 0)
		if err != nil {
			return err
		}
		id, err := insertTaxonomy(ctx, c, t)
		if db.IsUniqueViolation(err) {
			return errs.Invalid("version", keyTaxonomyDuplicate)
		}
		if err != nil {
			return err
		}
		if out, err = getTaxonomy(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectTaxonomy, ObjectID: idStr(id), After: out})
	})
	return out, err
}

// UpdateTaxonomy changes a taxonomy version (administrator only), for
// instance to close it with an effective_to date when a new one is issued.
func (s *Service) UpdateTaxonomy(ctx context.Context, id int64, in TaxonomyInput) (Taxonomy, error) {
	if _, err := admin(ctx); err != nil {
		return Taxonomy{}, err
	}
	var out Taxonomy
	err := s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getTaxonomy(ctx, c, id)
		if err != nil {
			return err
		}
		t, err := checkTaxonomy(ctx, c, in, id)
		if err != nil {
			return err
		}
		if err := updateTaxonomy(ctx, c, t); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.Invalid("version", keyTaxonomyDuplicate)
			}
			return err
		}
		if out, err = getTaxonomy(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectTaxonomy, ObjectID: idStr(id), Before: before, After: out})
	})
	return out, err
}

// DeleteTaxonomy removes a taxonomy version and its clusters, unless an
// organisation is tagged with one of them.
func (s *Service) DeleteTaxonomy(ctx context.Context, id int64) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getTaxonomy(ctx, c, id)
		if err != nil {
			return err
		}
		if err := deleteTaxonomy(ctx, c, id); err != nil {
			return inUse(err)
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectTaxonomy, ObjectID: idStr(id), Before: before})
	})
}

// GetCluster returns one cluster.
func (s *Service) GetCluster(ctx context.Context, id int64) (Cluster, error) {
	return getCluster(ctx, s.d.Read(), id)
}

// ListClusters returns the clusters of a taxonomy version in order.
func (s *Service) ListClusters(ctx context.Context, taxonomyID int64) ([]Cluster, error) {
	t, err := getTaxonomy(ctx, s.d.Read(), taxonomyID)
	return t.Clusters, err
}

func createCluster(ctx context.Context, c db.Conn, taxonomyID int64, in ClusterInput) (Cluster, error) {
	if _, err := getTaxonomy(ctx, c, taxonomyID); err != nil {
		return Cluster{}, err
	}
	cl, v := in.check()
	cl.TaxonomyID = taxonomyID
	if !v.Has("code") {
		taken, err := clusterTaken(ctx, c, taxonomyID, cl.Code, 0)
		if err != nil {
			return Cluster{}, err
		}
		if taken {
			v.Add("code", keyClusterDuplicate)
		}
	}
	if err := v.Err(); err != nil {
		return Cluster{}, err
	}
	id, err := insertCluster(ctx, c, cl)
	if db.IsUniqueViolation(err) {
		return Cluster{}, errs.Invalid("code", keyClusterDuplicate)
	}
	if err != nil {
		return Cluster{}, err
	}
	out, err := getCluster(ctx, c, id)
	if err != nil {
		return Cluster{}, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectCluster, ObjectID: idStr(id), After: out})
}

// CreateCluster adds a cluster to a taxonomy version (administrator only).
func (s *Service) CreateCluster(ctx context.Context, taxonomyID int64, in ClusterInput) (Cluster, error) {
	if _, err := admin(ctx); err != nil {
		return Cluster{}, err
	}
	var out Cluster
	err := s.d.Tx(ctx, func(c db.Conn) error {
		var err error
		out, err = createCluster(ctx, c, taxonomyID, in)
		return err
	})
	return out, err
}

// AddClusters adds several clusters to a taxonomy version in one
// transaction: all of them or none. A validation error names the failing
// input by its position ("clusters[2].code").
func (s *Service) AddClusters(ctx context.Context, taxonomyID int64, in []ClusterInput) ([]Cluster, error) {
	if _, err := admin(ctx); err != nil {
		return nil, err
	}
	var out []Cluster
	err := s.d.Tx(ctx, func(c db.Conn) error {
		for i, ci := range in {
			cl, err := createCluster(ctx, c, taxonomyID, ci)
			var v *errs.Validation
			if errors.As(err, &v) {
				all := &errs.Validation{}
				for _, f := range v.Fields {
					all.Add("clusters["+idStr(int64(i))+"]."+f.Field, f.Key, f.Args...)
				}
				return all
			}
			if err != nil {
				return err
			}
			out = append(out, cl)
		}
		return nil
	})
	return out, err
}

// UpdateCluster renames or reorders a cluster (administrator only).
func (s *Service) UpdateCluster(ctx context.Context, id int64, in ClusterInput) (Cluster, error) {
	if _, err := admin(ctx); err != nil {
		return Cluster{}, err
	}
	var out Cluster
	err := s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getCluster(ctx, c, id)
		if err != nil {
			return err
		}
		cl, v := in.check()
		cl.ID, cl.TaxonomyID = id, before.TaxonomyID
		if !v.Has("code") {
			taken, err := clusterTaken(ctx, c, cl.TaxonomyID, cl.Code, id)
			if err != nil {
				return err
			}
			if taken {
				v.Add("code", keyClusterDuplicate)
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := updateCluster(ctx, c, cl); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.Invalid("code", keyClusterDuplicate)
			}
			return err
		}
		if out, err = getCluster(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectCluster, ObjectID: idStr(id), Before: before, After: out})
	})
	return out, err
}

// DeleteCluster removes a cluster no organisation is tagged with.
func (s *Service) DeleteCluster(ctx context.Context, id int64) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getCluster(ctx, c, id)
		if err != nil {
			return err
		}
		if err := deleteCluster(ctx, c, id); err != nil {
			return inUse(err)
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectCluster, ObjectID: idStr(id), Before: before})
	})
}
