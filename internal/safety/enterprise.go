package safety

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Licence is a safety licence an enterprise holds (安全生产许可证 …).
type Licence struct {
	ID        int64  `json:"id"`
	Kind      string `json:"kind"`
	Number    string `json:"number"`
	Issuer    string `json:"issuer"`
	ValidFrom Date   `json:"valid_from"`
	ValidTo   Date   `json:"valid_to"`
}

// Enterprise is a registry organisation in scope of the campaign: its
// sector, licences, principal person in charge (第一责任人, 安全生产法 §21)
// and its regulator.
type Enterprise struct {
	ID                int64     `json:"id"`
	OrgID             int64     `json:"org_id"`
	OrgName           string    `json:"org_name"`
	USCC              string    `json:"uscc"`
	DivisionCode      string    `json:"division_code"`
	DivisionName      string    `json:"division_name"`
	Sector            string    `json:"sector"`
	SectorName        string    `json:"sector_name"`
	PrincipalPersonID int64     `json:"principal_person_id"`
	PrincipalName     string    `json:"principal_name"`
	Regulator         string    `json:"regulator"`
	MajorHazardSource bool      `json:"major_hazard_source"` // 重大危险源
	Notes             string    `json:"notes"`
	Licences          []Licence `json:"licences"`
	// Leaders are the 包保 leaders assigned today.
	Leaders   []string  `json:"leaders"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// EnterpriseInput creates or changes an enterprise record; Licences
// replaces the licence list.
type EnterpriseInput struct {
	OrgID             int64     `json:"org_id"`
	Sector            string    `json:"sector"`
	PrincipalPersonID int64     `json:"principal_person_id"`
	Regulator         string    `json:"regulator"`
	MajorHazardSource bool      `json:"major_hazard_source"`
	Notes             string    `json:"notes"`
	Licences          []Licence `json:"licences"`
}

// EnterpriseFilter selects enterprises.
type EnterpriseFilter struct {
	Q             string
	Sector        string
	DivisionCode  string
	Limit, Offset int
}

const enterpriseSelect = `SELECT e.id, e.org_id, o.name, COALESCE(o.uscc, ''), o.division_code, COALESCE(dv.name, ''),
	e.sector, COALESCE(sc.name, ''), COALESCE(e.principal_person_id, 0), COALESCE(pp.name, o.principal), e.regulator,
	e.major_hazard_source, e.notes, e.created_at, e.updated_at
	FROM safety_enterprises e
	JOIN registry_orgs o ON o.id = e.org_id
	LEFT JOIN registry_divisions dv ON dv.code = o.division_code
	LEFT JOIN safety_sectors sc ON sc.code = e.sector
	LEFT JOIN registry_people pp ON pp.id = e.principal_person_id`

func scanEnterprise(sc interface{ Scan(...any) error }) (Enterprise, error) {
	var e Enterprise
	err := sc.Scan(&e.ID, &e.OrgID, &e.OrgName, &e.USCC, &e.DivisionCode, &e.DivisionName, &e.Sector, &e.SectorName,
		&e.PrincipalPersonID, &e.PrincipalName, &e.Regulator, &e.MajorHazardSource, &e.Notes, &e.CreatedAt, &e.UpdatedAt)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	e.Licences = []Licence{}
	return e, err
}

// getEnterprise reads an enterprise within scope; enterprises are scoped by
// their organisation's county and, for enterprise users, its id.
func getEnterprise(ctx context.Context, c db.Conn, id int64) (Enterprise, error) {
	p, err := reader(ctx)
	if err != nil {
		return Enterprise{}, err
	}
	w := scoped(p, "o.division_code", "o.id")
	w.add("e.id = ?", id)
	e, err := scanEnterprise(c.QueryRow(ctx, enterpriseSelect+` WHERE `+w.sql(), w.args...))
	if err != nil {
		return Enterprise{}, notFound(err)
	}
	if e.Licences, err = licences(ctx, c, e.ID); err != nil {
		return e, err
	}
	e.Leaders, err = currentLeaders(ctx, c, e.ID)
	return e, err
}

// currentLeaders names the 包保 leaders whose assignment covers today
// (China time).
func currentLeaders(ctx context.Context, c db.Conn, enterpriseID int64) ([]string, error) {
	today := db.DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
	rows, err := c.Query(ctx, `SELECT pp.name FROM safety_assignments a JOIN registry_people pp ON pp.id = a.leader_person_id
		WHERE a.enterprise_id = ? AND a.starts_on <= ? AND (a.ends_on IS NULL OR a.ends_on >= ?) ORDER BY a.starts_on, a.id`, enterpriseID, today, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func licences(ctx context.Context, c db.Conn, enterpriseID int64) ([]Licence, error) {
	rows, err := c.Query(ctx, `SELECT id, kind, number, issuer, valid_from, valid_to FROM safety_licences WHERE enterprise_id = ? ORDER BY id`, enterpriseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Licence{}
	for rows.Next() {
		var l Licence
		if err := rows.Scan(&l.ID, &l.Kind, &l.Number, &l.Issuer, &l.ValidFrom.Date, &l.ValidTo.Date); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// GetEnterprise returns an enterprise within the caller's scope.
func (s *Service) GetEnterprise(ctx context.Context, id int64) (Enterprise, error) {
	return getEnterprise(ctx, s.d.Read(), id)
}

// EnterpriseByOrg returns the enterprise record of a registry organisation.
func (s *Service) EnterpriseByOrg(ctx context.Context, orgID int64) (Enterprise, error) {
	var id int64
	if err := s.d.Read().QueryRow(ctx, `SELECT id FROM safety_enterprises WHERE org_id = ?`, orgID).Scan(&id); err != nil {
		return Enterprise{}, notFound(err)
	}
	return s.GetEnterprise(ctx, id)
}

// ListEnterprises returns the enterprises matching f within scope.
func (s *Service) ListEnterprises(ctx context.Context, f EnterpriseFilter) ([]Enterprise, int, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, 0, err
	}
	c := s.d.Read()
	w := scoped(p, "o.division_code", "o.id")
	w.search(f.Q, "o.name", "o.uscc", "e.regulator")
	w.underDivision("o.division_code", f.DivisionCode)
	if f.Sector != "" {
		w.add("e.sector = ?", f.Sector)
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_enterprises e JOIN registry_orgs o ON o.id = e.org_id WHERE `+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, enterpriseSelect+` WHERE `+w.sql()+` ORDER BY o.division_code, e.id`+lim, append(w.args, largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Enterprise{}
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}

// checkEnterprise validates input and its references: the organisation is
// an enterprise the writer can see, the sector exists, the principal person
// belongs to the organisation.
func checkEnterprise(ctx context.Context, c db.Conn, p *access.Principal, in EnterpriseInput) (EnterpriseInput, orgRef, error) {
	v := &errs.Validation{}
	in.Sector = strings.TrimSpace(in.Sector)
	in.Regulator = strings.TrimSpace(in.Regulator)
	in.Notes = strings.TrimSpace(in.Notes)
	text(v, "regulator", in.Regulator, false, maxName)
	text(v, "notes", in.Notes, false, maxNotes)
	var org orgRef
	if in.OrgID <= 0 {
		v.Add("org_id", keyRequired)
	} else {
		o, err := visibleOrg(ctx, c, p, in.OrgID)
		switch {
		case errors.Is(err, errs.ErrNotFound):
			v.Add("org_id", "safety.org.unknown")
		case err != nil:
			return in, org, err
		case o.Kind != "enterprise":
			v.Add("org_id", "safety.org.not_enterprise")
		}
		org = o
	}
	if in.Sector == "" {
		v.Add("sector", keyRequired)
	} else if ok, err := sectorExists(ctx, c, in.Sector); err != nil {
		return in, org, err
	} else if !ok {
		v.Add("sector", keyBadChoice)
	}
	if in.PrincipalPersonID != 0 && !v.Has("org_id") {
		var n int
		if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_people WHERE id = ? AND org_id = ?`, in.PrincipalPersonID, in.OrgID).Scan(&n); err != nil {
			return in, org, err
		}
		if n == 0 {
			v.Add("principal_person_id", "safety.enterprise.principal_not_staff")
		}
	}
	for i := range in.Licences {
		l := &in.Licences[i]
		l.Kind, l.Number, l.Issuer = strings.TrimSpace(l.Kind), strings.TrimSpace(l.Number), strings.TrimSpace(l.Issuer)
		text(v, "licences", l.Kind, true, maxName)
		text(v, "licences", l.Number, true, maxName)
		text(v, "licences", l.Issuer, false, maxName)
		if !l.ValidFrom.IsZero() && !l.ValidTo.IsZero() && l.ValidTo.Before(l.ValidFrom.Time) {
			v.Add("licences", KeyDateOrder)
		}
	}
	return in, org, v.Err()
}

func setLicences(ctx context.Context, c db.Conn, enterpriseID int64, ls []Licence) error {
	if _, err := c.Exec(ctx, `DELETE FROM safety_licences WHERE enterprise_id = ?`, enterpriseID); err != nil {
		return err
	}
	for _, l := range ls {
		if _, err := c.Exec(ctx, `INSERT INTO safety_licences (enterprise_id, kind, number, issuer, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)`,
			enterpriseID, l.Kind, l.Number, l.Issuer, nullDate(l.ValidFrom), nullDate(l.ValidTo)); err != nil {
			return err
		}
	}
	return nil
}

// CreateEnterprise brings a registry organisation into the campaign.
func (s *Service) CreateEnterprise(ctx context.Context, in EnterpriseInput) (Enterprise, error) {
	p, err := regulator(ctx)
	if err != nil {
		return Enterprise{}, err
	}
	var out Enterprise
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		in, _, err := checkEnterprise(ctx, c, p, in)
		if err != nil {
			return audit.Change{}, err
		}
		now := time.Now().UTC()
		var id int64
		err = c.QueryRow(ctx, `INSERT INTO safety_enterprises (org_id, sector, principal_person_id, regulator, major_hazard_source, notes, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, in.OrgID, in.Sector, nullID(in.PrincipalPersonID), in.Regulator, in.MajorHazardSource, in.Notes, now, now).Scan(&id)
		if db.IsUniqueViolation(err) {
			return audit.Change{}, errs.Invalid("org_id", "safety.enterprise.duplicate")
		}
		if err != nil {
			return audit.Change{}, err
		}
		if err := setLicences(ctx, c, id, in.Licences); err != nil {
			return audit.Change{}, err
		}
		if out, err = getEnterprise(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectEnterprise, ObjectID: idStr(id), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

// UpdateEnterprise changes an enterprise record the caller can see; the
// organisation it stands for cannot change.
func (s *Service) UpdateEnterprise(ctx context.Context, id int64, in EnterpriseInput) (Enterprise, error) {
	p, err := regulator(ctx)
	if err != nil {
		return Enterprise{}, err
	}
	var out Enterprise
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		before, err := getEnterprise(ctx, c, id)
		if err != nil {
			return audit.Change{}, err
		}
		in.OrgID = before.OrgID
		in, _, err := checkEnterprise(ctx, c, p, in)
		if err != nil {
			return audit.Change{}, err
		}
		if _, err := c.Exec(ctx, `UPDATE safety_enterprises SET sector = ?, principal_person_id = ?, regulator = ?, major_hazard_source = ?, notes = ?, updated_at = ? WHERE id = ?`,
			in.Sector, nullID(in.PrincipalPersonID), in.Regulator, in.MajorHazardSource, in.Notes, time.Now().UTC(), id); err != nil {
			return audit.Change{}, err
		}
		if err := setLicences(ctx, c, id, in.Licences); err != nil {
			return audit.Change{}, err
		}
		if out, err = getEnterprise(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectEnterprise, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out}, nil
	})
	return out, err
}
