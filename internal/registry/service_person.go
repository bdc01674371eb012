package registry

import (
	"context"
	"errors"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// GetPerson returns a person within the caller's scope.
func (s *Service) GetPerson(ctx context.Context, id int64) (Person, error) {
	return getPerson(ctx, s.d.Read(), id)
}

// ListPeople returns the people matching f within the caller's scope.
func (s *Service) ListPeople(ctx context.Context, f PersonFilter) ([]Person, int, error) {
	return listPeople(ctx, s.d.Read(), f)
}

// CreatePerson adds a person in a county the caller covers.
func (s *Service) CreatePerson(ctx context.Context, in PersonInput) (Person, error) {
	var out Person
	err := s.d.Tx(ctx, func(c db.Conn) error {
		var err error
		out, err = createPerson(ctx, c, in)
		return err
	})
	return out, err
}

// checkPerson validates a person and its references: the organisation must
// be visible to the writer; an empty division takes the organisation's.
func checkPerson(ctx context.Context, c db.Conn, pr *access.Principal, in PersonInput, id int64) (Person, error) {
	p, v := in.check()
	p.ID = id
	if p.OrgID > 0 {
		o, err := getOrg(ctx, c, p.OrgID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("org_id", keyOrgUnknown)
		case err != nil:
			return p, err
		case p.DivisionCode == "":
			p.DivisionCode = o.DivisionCode
		}
	}
	if p.DivisionCode != "" {
		if err := checkDivision(ctx, c, v, pr, "division_code", p.DivisionCode, p.OrgID); err != nil {
			return p, err
		}
	}
	return p, v.Err()
}

func createPerson(ctx context.Context, c db.Conn, in PersonInput) (Person, error) {
	pr, err := writer(ctx)
	if err != nil {
		return Person{}, err
	}
	p, err := checkPerson(ctx, c, pr, in, 0)
	if err != nil {
		return Person{}, err
	}
	id, err := insertPerson(ctx, c, p)
	if err != nil {
		return Person{}, err
	}
	out, err := getPerson(ctx, c, id)
	if err != nil {
		return Person{}, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectPerson, ObjectID: idStr(id), Division: out.DivisionCode, After: out})
}

// UpdatePerson changes a person the caller can see.
func (s *Service) UpdatePerson(ctx context.Context, id int64, in PersonInput) (Person, error) {
	pr, err := writer(ctx)
	if err != nil {
		return Person{}, err
	}
	var out Person
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getPerson(ctx, c, id)
		if err != nil {
			return err
		}
		p, err := checkPerson(ctx, c, pr, in, id)
		if err != nil {
			return err
		}
		if err := updatePerson(ctx, c, p); err != nil {
			return err
		}
		if out, err = getPerson(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectPerson, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out})
	})
	return out, err
}

// DeletePerson removes a person no other module's record references.
func (s *Service) DeletePerson(ctx context.Context, id int64) error {
	if _, err := writer(ctx); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getPerson(ctx, c, id)
		if err != nil {
			return err
		}
		if err := deletePerson(ctx, c, id); err != nil {
			return inUse(err)
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectPerson, ObjectID: idStr(id), Division: before.DivisionCode, Before: before})
	})
}
