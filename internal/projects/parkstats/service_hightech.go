package parkstats

import (
	"context"
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// GetCertificate returns a certificate within the caller's scope.
func (s *Service) GetCertificate(ctx context.Context, id int64) (Certificate, error) {
	return getCert(ctx, s.d.Read(), id)
}

// ListCertificates returns the certificates matching f within scope.
func (s *Service) ListCertificates(ctx context.Context, f CertFilter) ([]Certificate, int, error) {
	return listCerts(ctx, s.d.Read(), f)
}

// checkCert validates a certificate against the registry: the organisation
// must be an enterprise the caller covers; park and county follow it.
func (s *Service) checkCert(ctx context.Context, c db.Conn, pr *access.Principal, in CertificateInput, id int64) (Certificate, error) {
	v := &errs.Validation{}
	x := Certificate{ID: id, OrgID: in.OrgID, CertNo: trim(in.CertNo), Notes: trim(in.Notes), Illustrative: in.Illustrative}
	text(v, "cert_no", x.CertNo, true, maxCert)
	text(v, "notes", x.Notes, false, maxNotes)
	issued, err := db.ParseDate(trim(in.IssuedOn))
	if err != nil {
		v.Add("issued_on", keyBadDate)
	}
	x.IssuedOn = Date{Date: issued}
	if trim(in.ExpiresOn) == "" {
		if !issued.IsZero() {
			years, err := intSetting(ctx, c, "hightech_validity_years", DefaultValidityYears)
			if err != nil {
				return x, err
			}
			x.ExpiresOn = Date{Date: db.DateOf(ExpiryFor(issued.Time, years))}
		}
	} else if e, err := db.ParseDate(trim(in.ExpiresOn)); err != nil {
		v.Add("expires_on", keyBadDate)
	} else {
		x.ExpiresOn = Date{Date: e}
		if !issued.IsZero() && e.Before(issued.Time) {
			v.Add("expires_on", keyExpiryBefore)
		}
	}
	org, err := s.reg.GetOrganisation(ctx, in.OrgID)
	switch {
	case errors.Is(err, errs.ErrNotFound), errors.Is(err, access.ErrForbidden):
		v.Add("org_id", keyOrgUnknown)
	case err != nil:
		return x, err
	case org.Kind != registry.OrgEnterprise || !pr.Scope.Covers(org.DivisionCode, org.ID) || pr.Scope.Org != 0:
		v.Add("org_id", keyOrgUnknown)
	default:
		x.OrgName, x.ParkID, x.ParkName, x.DivisionCode = org.Name, org.ParkID, org.ParkName, org.DivisionCode
	}
	if !v.Has("cert_no") {
		var other int64
		err := c.QueryRow(ctx, `SELECT COUNT(*) FROM parkstats_hightech WHERE cert_no = ? AND id <> ?`, x.CertNo, id).Scan(&other)
		if err != nil {
			return x, err
		}
		if other > 0 {
			v.Add("cert_no", keyCertDuplicate)
		}
	}
	x.UpdatedAt = s.now().UTC()
	return x, v.Err()
}

// CreateCertificate records a 高新技术企业 certificate of an enterprise the
// caller covers; a missing expiry is the issue date plus the configured
// validity less a day.
func (s *Service) CreateCertificate(ctx context.Context, in CertificateInput) (Certificate, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Certificate{}, err
	}
	var out Certificate
	err = s.d.Tx(ctx, func(c db.Conn) error {
		out, err = s.createCert(ctx, c, pr, in)
		return err
	})
	return out, err
}

func (s *Service) createCert(ctx context.Context, c db.Conn, pr *access.Principal, in CertificateInput) (Certificate, error) {
	x, err := s.checkCert(ctx, c, pr, in, 0)
	if err != nil {
		return x, err
	}
	x.CreatedAt = x.UpdatedAt
	id, err := insertCert(ctx, c, x)
	if db.IsUniqueViolation(err) {
		return x, errs.Invalid("cert_no", keyCertDuplicate)
	}
	if err != nil {
		return x, err
	}
	out, err := getCert(ctx, c, id)
	if err != nil {
		return out, err
	}
	return out, audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectCertificate, ObjectID: idStr(id), Division: out.DivisionCode, After: out})
}

// UpdateCertificate changes a certificate the caller can see.
func (s *Service) UpdateCertificate(ctx context.Context, id int64, in CertificateInput) (Certificate, error) {
	pr, err := editor(ctx)
	if err != nil {
		return Certificate{}, err
	}
	var out Certificate
	err = s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getCert(ctx, c, id)
		if err != nil {
			return err
		}
		x, err := s.checkCert(ctx, c, pr, in, id)
		if err != nil {
			return err
		}
		if err := updateCert(ctx, c, x); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.Invalid("cert_no", keyCertDuplicate)
			}
			return err
		}
		if out, err = getCert(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: ObjectCertificate, ObjectID: idStr(id), Division: out.DivisionCode, Before: before, After: out})
	})
	return out, err
}

// DeleteCertificate removes a certificate entered in error (an expired
// one stays: counts at past dates need it).
func (s *Service) DeleteCertificate(ctx context.Context, id int64) error {
	if _, err := editor(ctx); err != nil {
		return err
	}
	return s.d.Tx(ctx, func(c db.Conn) error {
		before, err := getCert(ctx, c, id)
		if err != nil {
			return err
		}
		if err := deleteCert(ctx, c, id); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionDelete, ObjectType: ObjectCertificate, ObjectID: idStr(id), Division: before.DivisionCode, Before: before})
	})
}

// HighTechCounts counts certificates valid on day for every visible park
// of the prefecture (prefecture "" is the registry's first), with each
// park's share of the prefecture's count (page: 昌吉高新区 50 = 30 %).
func (s *Service) HighTechCounts(ctx context.Context, day time.Time, prefecture string) (HighTechSummary, error) {
	out := HighTechSummary{Day: Date{Date: db.DateOf(day)}, Parks: []HighTechCount{}}
	if _, err := reader(ctx); err != nil {
		return out, err
	}
	code, err := s.prefectureCode(ctx, prefecture)
	if err != nil {
		return out, err
	}
	counts, err := countValid(ctx, s.d.Read(), accessPrefix(code), out.Day.Date)
	if err != nil {
		return out, err
	}
	for _, n := range counts {
		out.Prefecture += n
	}
	parks, _, err := s.reg.ListParks(ctx, registry.ParkFilter{DivisionCode: code, Limit: -1})
	if err != nil {
		return out, err
	}
	for _, p := range parks {
		h := HighTechCount{ParkID: p.ID, ParkName: p.Name, Count: counts[p.ID]}
		if bp, ok := ShareBP(int64(h.Count), int64(out.Prefecture)); ok {
			h.ShareBP = &bp
		}
		out.Parks = append(out.Parks, h)
	}
	return out, nil
}

func accessPrefix(code string) string { return access.DivisionPrefix(code) }
