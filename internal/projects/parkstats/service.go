package parkstats

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// Service runs the workflows: it validates input (messages are catalog
// keys), checks parks and organisations against the registry, and writes
// each change with its audit record in one transaction. Who may see what
// is decided in the store.
type Service struct {
	d   *db.DB
	reg *registry.Service
	log *slog.Logger
	// now is the clock; tests set it to put "today" at a rule's edge.
	now func() time.Time
}

// NewService returns the park statistics service on d; reg is the shared
// registry (parks, organisations, divisions).
func NewService(d *db.DB, reg *registry.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{d: d, reg: reg, log: log, now: time.Now}
}

// WithClock returns a copy of s whose "now" is fn.
func (s *Service) WithClock(fn func() time.Time) *Service {
	c := *s
	c.now = fn
	return &c
}

// cst is China Standard Time: periods and "today" are Changji's.
var cst = time.FixedZone("CST", 8*3600)

// today is the current calendar day in Changji.
func (s *Service) today() time.Time {
	t := s.now().In(cst)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// prefectureCode returns code if given, else the registry's first
// prefecture-level division.
func (s *Service) prefectureCode(ctx context.Context, code string) (string, error) {
	if code != "" {
		return code, nil
	}
	all, err := s.reg.AllDivisions(access.With(ctx, access.System("parkstats: prefecture of the park table")))
	if err != nil {
		return "", err
	}
	for _, d := range all {
		if d.Level == registry.LevelPrefecture {
			return d.Code, nil
		}
	}
	return "", errs.ErrNotFound
}

// park returns a park the caller may see, or a validation error on field.
func (s *Service) park(ctx context.Context, field string, id int64) (registry.Park, error) {
	p, err := s.reg.GetPark(ctx, id)
	if errors.Is(err, errs.ErrNotFound) || errors.Is(err, access.ErrForbidden) {
		return p, errs.Invalid(field, keyParkUnknown)
	}
	return p, err
}
