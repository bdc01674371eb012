package registry

import (
	"context"
	"errors"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// GetOrganisation returns an organisation within the caller's scope.
func (s *Service) GetOrganisation(ctx context.Context, id int64) (Organisation, error) {
	return getOrg(ctx, s.d.Read(), id)
}

// FindOrganisationByUSCC returns the organisation with credit code uscc
// (normalised first) within the caller's scope.
func (s *Service) FindOrganisationByUSCC(ctx context.Context, uscc string) (Organisation, error) {
	code := NormalizeUSCC(uscc)
	if code == "" {
		return Organisation{}, errs.ErrNotFound
	}
	return getOrgByUSCC(ctx, s.d.Read(), code)
}

// ListOrganisations returns the organisations matching f within the
// caller's scope, with their cluster tags.
func (s *Service) ListOrganisations(ctx context.Context, f OrgFilter) ([]Organisation, int, error) {
	return listOrgs(ctx, s.d.Read(), f)
}

// CreateOrganisation adds an organisation in a county the caller covers.
func (s *Service) CreateOrganisation(ctx context.Context, in OrgInput) (Organisation, error) {
	var out Organisation
	err := s.d.Tx(ctx, func(c db.Conn) error {
		var err error
		out, err = createOrg(ctx, c, in)
		return err
	})
	return out, err
}

// checkOrg validates an organisation and every reference it makes: its
// county (exists, in scope), its park (visible to the writer), its cluster
// tags (exist) and its credit code (not taken).
func checkOrg(ctx context.Context, c db.Conn, pr *access.Principal, in OrgInput, id int64) (Organisation, []int64, error) {
	o, clusters, v := in.check()
	o.ID = id
	if err := checkDivision(ctx, c, v, pr, "division_code", o.DivisionCode, id); err != nil {
		return o, nil, err
	}
	if o.ParkID > 0 {
		if _, err := getPark(ctx, c, o.ParkID); errors.Is(err, errs.ErrNotFound) {
			v.Add("park_id", keyParkUnknown)
		} else if err != nil {
			return o, nil, err
		}
	}
	if !v.Has("cluster_ids") {
		ok, err := clustersExist(ctx, c, clusters)
		if err != nil {
			return o, nil, err
		}
		if !ok {
			v.Add("cluster_ids", keyClusterUnknown)
		}
	}
	if o.USCC != "" && !v.Has("uscc") {
		taken, err := usccTaken(ctx, c, o.USCC, id)
		if err != nil {
			return o, nil, err
		}
		if taken {
			v.Add("uscc", keyUSCCDuplicate)
		}
	}
	return o, clusters, v.Err()
}

func createOrg(ctx context.Context, c db.Conn, in OrgInput) (Organisation, error) {
	pr, err := writer(ctx)
	if err != nil {
		return Organisation{}, err
	}
	o, clusters, err := checkOrg(ctx, c, pr, in, 0)
	if err != nil {
		return Organisation{}, err
	}
	id, err := insertOrg(ctx, c, o)
	if db.IsUniqueViolation(err) {
		return Organisation{}, errs.Invalid("uscc", keyUSCCDuplicate)
	}
	if err != nil {
		return Organisation{}, err
	}
	if err := setOrgClusters(ctx, c, id, clusters); err != nil {
		return Organisation{}, err
	}
	out, err := getOrg(ctx, c, id)
	if err != nil {
		return Organisation{}, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectOrganisation, ObjectID: idStr(id), Division: out.DivisionCode, After: out})
}

// UpdateOrganisation changes an organisation the caller can see, keeping it
// in a county the caller covers, and replaces its cluster tags.
func (s *Service) UpdateOrganisation(ctx context.Context, id int64, in OrgInput) (Organisation, error) {
	pr, err := writer(ctx)
	if err != nil {
		return Organisation{}, err
	}
	var out Organisation
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getOrg(ctx, c, id)
		if err != nil {
			return err
		}
		o, clusters, err := checkOrg(ctx, c, pr, in, id)
		if err != nil {
			return err
		}
		if err := updateOrg(ctx, c, o); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.Invalid("uscc", keyUSCCDuplicate)
			}
			return err
		}
		if err := setOrgClusters(ctx, c, id, clusters); err != nil {
			return err
		}
		if out, err = getOrg(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectOrganisation, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out})
	})
	return out, err
}

// DeleteOrganisation removes an organisation that no person or other
// module's record references; its cluster tags go with it.
func (s *Service) DeleteOrganisation(ctx context.Context, id int64) error {
	if _, err := writer(ctx); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getOrg(ctx, c, id)
		if err != nil {
			return err
		}
		if err := deleteOrg(ctx, c, id); err != nil {
			return inUse(err)
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectOrganisation, ObjectID: idStr(id), Division: before.DivisionCode, Before: before})
	})
}
