package registry

import (
	"context"
	"log/slog"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Service runs the registry's workflows: it validates input, checks the
// references a record makes, writes the record and its audit entry in one
// transaction, and turns constraint failures into validation errors. Who
// may see what is decided below it, in the store functions.
type Service struct {
	d   *db.DB
	log *slog.Logger
}

// NewService returns the registry service on d.
func NewService(d *db.DB, log *slog.Logger) *Service {
	if log == nil {
		log = slog.Default()
	}
	return &Service{d: d, log: log}
}

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

// Keys shared by several records.
const (
	keyInUse             = "registry.delete.in_use"
	keyDivisionUnknown   = "registry.division.unknown"
	keyDivisionOutside   = "registry.division.out_of_scope"
	keyParkUnknown       = "registry.park.unknown"
	keyOrgUnknown        = "registry.org.unknown"
	keyClusterUnknown    = "registry.cluster.unknown"
	keyDivisionDuplicate = "registry.division.duplicate"
	keyParkDuplicate     = "registry.park.duplicate"
	keyUSCCDuplicate     = "registry.org.uscc_duplicate"
	keyTaxonomyDuplicate = "registry.taxonomy.duplicate"
	keyClusterDuplicate  = "registry.cluster.duplicate"
)

// inUse answers a delete refused by a foreign key: something (here or in
// another module) still references the record.
func inUse(err error) error {
	if db.IsForeignKeyViolation(err) {
		return errs.Invalid("id", keyInUse)
	}
	return err
}

// checkDivision checks the division a scoped record is placed in: it must
// exist and lie inside the writer's scope, so that nobody creates or moves
// a record into a county they do not cover.
func checkDivision(ctx context.Context, c db.Conn, v *errs.Validation, pr *access.Principal, field, code string, org int64) error {
	if v.Has(field) {
		return nil
	}
	ok, err := divisionExists(ctx, c, code)
	if err != nil {
		return err
	}
	switch {
	case !ok:
		v.Add(field, keyDivisionUnknown)
	case !pr.Scope.Covers(code, org):
		v.Add(field, keyDivisionOutside)
	}
	return nil
}

// Counts returns the overview figures within the caller's scope.
func (s *Service) Counts(ctx context.Context) (Counts, error) {
	return counts(ctx, s.d.Read())
}
