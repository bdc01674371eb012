package projects

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/registry"
)

// Service runs the module's workflows: it validates input (messages are
// catalog keys), checks references against the registry inside the
// writing transaction, writes the change and its audit record in one
// transaction. Who may see what is decided below it, in the store.
type Service struct {
	d   *db.DB
	reg *registry.Service
	log *slog.Logger
	// now is the clock; tests set it to put "today" at a rule's edge.
	now func() time.Time
}

// NewService returns the projects service on d. reg is the shared
// registry (organisations, parks, divisions, cluster taxonomies).
func NewService(d *db.DB, reg *registry.Service, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{d: d, reg: reg, log: log, now: time.Now}
}

// WithClock returns a copy of s whose "now" is fn: tests, and the demo
// loader that backfills past months, use it.
func (s *Service) WithClock(fn func() time.Time) *Service {
	c := *s
	c.now = fn
	return &c
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }
