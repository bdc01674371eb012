package registry

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// GetDivision returns the division with code.
func (s *Service) GetDivision(ctx context.Context, code string) (Division, error) {
	return getDivision(ctx, s.d.Read(), code)
}

// ListDivisions returns divisions matching f and the total for paging.
func (s *Service) ListDivisions(ctx context.Context, f DivisionFilter) ([]Division, int, error) {
	return listDivisions(ctx, s.d.Read(), f)
}

// AllDivisions returns every division in code order, for choosers.
func (s *Service) AllDivisions(ctx context.Context) ([]Division, error) {
	d, _, err := listDivisions(ctx, s.d.Read(), DivisionFilter{Limit: -1})
	return d, err
}

// DivisionTree returns the divisions arranged by parent.
func (s *Service) DivisionTree(ctx context.Context) ([]*DivisionNode, error) {
	all, err := s.AllDivisions(ctx)
	if err != nil {
		return nil, err
	}
	return BuildTree(all), nil
}

// checkParent resolves the parent of a division: a given parent must exist;
// an empty one becomes the code's natural parent if that is registered, so
// that the prefecture can be loaded without its province.
func checkParent(ctx context.Context, c db.Conn, v *errs.Validation, d *Division, given bool) error {
	if v.Has("code") || v.Has("parent_code") {
		return nil
	}
	if !given {
		d.ParentCode = ParentOf(d.Code)
	}
	if d.ParentCode == "" {
		return nil
	}
	ok, err := divisionExists(ctx, c, d.ParentCode)
	if err != nil {
		return err
	}
	if !ok {
		if given {
			v.Add("parent_code", "registry.division.parent_unknown")
		} else {
			d.ParentCode = ""
		}
	}
	return nil
}

// CreateDivision adds a division (administrator only).
func (s *Service) CreateDivision(ctx context.Context, in DivisionInput) (Division, error) {
	if _, err := admin(ctx); err != nil {
		return Division{}, err
	}
	var out Division
	err := s.d.Tx(ctx, func(c db.Conn) error {
		var err error
		out, err = createDivision(ctx, c, in)
		return err
	})
	return out, err
}

// createDivision validates and inserts one division with its audit record
// inside the caller's transaction (a form, or one row of an import).
func createDivision(ctx context.Context, c db.Conn, in DivisionInput) (Division, error) {
	d, v := in.check()
	if err := checkParent(ctx, c, v, &d, d.ParentCode != ""); err != nil {
		return Division{}, err
	}
	if !v.Has("code") {
		taken, err := divisionExists(ctx, c, d.Code)
		if err != nil {
			return Division{}, err
		}
		if taken {
			v.Add("code", keyDivisionDuplicate)
		}
	}
	if err := v.Err(); err != nil {
		return Division{}, err
	}
	if err := insertDivision(ctx, c, d); err != nil {
		if db.IsUniqueViolation(err) {
			return Division{}, errs.Invalid("code", keyDivisionDuplicate)
		}
		return Division{}, err
	}
	out, err := getDivision(ctx, c, d.Code)
	if err != nil {
		return Division{}, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectDivision, ObjectID: d.Code, Division: d.Code, After: out})
}

// UpdateDivision renames a division or changes its parent; the code is its
// identity and does not change (in.Code must be empty or equal code).
func (s *Service) UpdateDivision(ctx context.Context, code string, in DivisionInput) (Division, error) {
	if _, err := admin(ctx); err != nil {
		return Division{}, err
	}
	var out Division
	err := s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getDivision(ctx, c, code)
		if err != nil {
			return err
		}
		if in.Code == "" {
			in.Code = code
		}
		d, v := in.check()
		if d.Code != code && !v.Has("code") {
			v.Add("code", "registry.division.code_fixed")
		}
		if err := checkParent(ctx, c, v, &d, d.ParentCode != ""); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := updateDivision(ctx, c, d); err != nil {
			return err
		}
		if out, err = getDivision(ctx, c, code); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectDivision, ObjectID: code, Division: code, Before: before, After: out})
	})
	return out, err
}

// DeleteDivision removes a division nothing references.
func (s *Service) DeleteDivision(ctx context.Context, code string) error {
	if _, err := admin(ctx); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getDivision(ctx, c, code)
		if err != nil {
			return err
		}
		if err := deleteDivision(ctx, c, code); err != nil {
			return inUse(err)
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectDivision, ObjectID: code, Division: code, Before: before})
	})
}
