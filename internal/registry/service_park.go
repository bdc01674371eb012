package registry

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// GetPark returns a park within the caller's scope (else errs.ErrNotFound).
func (s *Service) GetPark(ctx context.Context, id int64) (Park, error) {
	return getPark(ctx, s.d.Read(), id)
}

// ListParks returns the parks matching f within the caller's scope.
func (s *Service) ListParks(ctx context.Context, f ParkFilter) ([]Park, int, error) {
	return listParks(ctx, s.d.Read(), f)
}

// CreatePark adds a park in a county the caller covers.
func (s *Service) CreatePark(ctx context.Context, in ParkInput) (Park, error) {
	var out Park
	err := s.d.Tx(ctx, func(c db.Conn) error {
		var err error
		out, err = createPark(ctx, c, in)
		return err
	})
	return out, err
}

func checkPark(ctx context.Context, c db.Conn, in ParkInput, id int64) (Park, error) {
	pr, err := writer(ctx)
	if err != nil {
		return Park{}, err
	}
	p, v := in.check()
	p.ID = id
	if err := checkDivision(ctx, c, v, pr, "division_code", p.DivisionCode, 0); err != nil {
		return p, err
	}
	if !v.Has("name") {
		taken, err := parkNameTaken(ctx, c, p.Name, id)
		if err != nil {
			return p, err
		}
		if taken {
			v.Add("name", keyParkDuplicate)
		}
	}
	return p, v.Err()
}

func createPark(ctx context.Context, c db.Conn, in ParkInput) (Park, error) {
	p, err := checkPark(ctx, c, in, 0)
	if err != nil {
		return Park{}, err
	}
	id, err := insertPark(ctx, c, p)
	if db.IsUniqueViolation(err) {
		return Park{}, errs.Invalid("name", keyParkDuplicate)
	}
	if err != nil {
		return Park{}, err
	}
	out, err := getPark(ctx, c, id)
	if err != nil {
		return Park{}, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectPark, ObjectID: idStr(id), Division: out.DivisionCode, After: out})
}

// UpdatePark changes a park the caller can see, keeping it in a county the
// caller covers.
func (s *Service) UpdatePark(ctx context.Context, id int64, in ParkInput) (Park, error) {
	if _, err := writer(ctx); err != nil {
		return Park{}, err
	}
	var out Park
	err := s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getPark(ctx, c, id)
		if err != nil {
			return err
		}
		p, err := checkPark(ctx, c, in, id)
		if err != nil {
			return err
		}
		if err := updatePark(ctx, c, p); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.Invalid("name", keyParkDuplicate)
			}
			return err
		}
		if out, err = getPark(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectPark, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out})
	})
	return out, err
}

// DeletePark removes a park that no organisation, taxonomy or other
// module's record references.
func (s *Service) DeletePark(ctx context.Context, id int64) error {
	if _, err := writer(ctx); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getPark(ctx, c, id)
		if err != nil {
			return err
		}
		if err := deletePark(ctx, c, id); err != nil {
			return inUse(err)
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectPark, ObjectID: idStr(id), Division: before.DivisionCode, Before: before})
	})
}
