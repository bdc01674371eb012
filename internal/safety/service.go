package safety

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// Service runs the module's workflows: it validates input (catalog keys in
// *errs.Validation), checks references, writes in one transaction with the
// audit record, and applies the pure rules. Who may see what is decided in
// the store functions below it.
type Service struct {
	d   *db.DB
	reg *registry.Service
	log *slog.Logger
	now func() time.Time
	cal Calendar
}

// NewService returns the safety service on d. reg is the shared registry
// (organisations, people, divisions).
func NewService(d *db.DB, reg *registry.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{d: d, reg: reg, log: log, now: time.Now, cal: DefaultCalendar()}
}

// WithClock returns a copy of s that takes the time from now (tests, demo
// data that must look overdue on a given day).
func (s *Service) WithClock(now func() time.Time) *Service {
	c := *s
	c.now = now
	return &c
}

// today is the calendar day in China (UTC+8), the prefecture's only zone.
func (s *Service) today() time.Time {
	return day(s.now().In(time.FixedZone("CST", 8*3600)))
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// write runs fn in a transaction and appends its audit record.
func (s *Service) write(ctx context.Context, fn func(c db.Conn) (audit.Change, error)) error {
	return s.d.Tx(ctx, func(c db.Conn) error {
		ch, err := fn(c)
		if err != nil {
			return err
		}
		return audit.Write(ctx, c, ch)
	})
}

// notFound maps "no row" to errs.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.ErrNotFound
	}
	return err
}

// oneRow turns an UPDATE or DELETE that touched nothing into ErrNotFound:
// the row is gone or outside the caller's scope.
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

// orgRef is what the module needs of a registry organisation.
type orgRef struct {
	ID           int64
	Name         string
	Kind         string
	DivisionCode string
	Principal    string
}

// visibleOrg reads an organisation of the registry within p's scope.
func visibleOrg(ctx context.Context, c db.Conn, p *access.Principal, id int64) (orgRef, error) {
	w := scoped(p, "division_code", "id")
	w.add("id = ?", id)
	var o orgRef
	err := c.QueryRow(ctx, `SELECT id, name, kind, division_code, principal FROM registry_orgs WHERE `+w.sql(), w.args...).
		Scan(&o.ID, &o.Name, &o.Kind, &o.DivisionCode, &o.Principal)
	return o, notFound(err)
}

// sectorExists reports whether code is a sector of the module.
func sectorExists(ctx context.Context, c db.Conn, code string) (bool, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_sectors WHERE code = ?`, code).Scan(&n)
	return n > 0, err
}

// Sector is a sector (行业领域) of the campaign.
type Sector struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	SortOrder int    `json:"sort_order"`
}

// Sectors lists the sectors.
func (s *Service) Sectors(ctx context.Context) ([]Sector, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	rows, err := s.d.Read().Query(ctx, `SELECT code, name, name_en, sort_order FROM safety_sectors ORDER BY sort_order, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Sector{}
	for rows.Next() {
		var x Sector
		if err := rows.Scan(&x.Code, &x.Name, &x.NameEN, &x.SortOrder); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}
