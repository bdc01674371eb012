package registry

import (
	"context"
	"errors"
	"fmt"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// ImportRow is one spreadsheet row turned into input. Problems found while
// reading the cells (a bad number, an unknown park name) come with it; such
// a row is reported and not created.
type ImportRow[T any] struct {
	Row      int // 1-based Excel row number
	Input    T
	Problems []errs.FieldError
}

// ImportProblem is one broken rule of one row, named by input field.
type ImportProblem struct {
	Row   int
	Field string
	Key   string
	Args  []any
}

// ImportError lists every problem of a refused import. Nothing was saved.
type ImportError struct {
	Problems []ImportProblem
}

func (e *ImportError) Error() string {
	return fmt.Sprintf("import refused: %d problems", len(e.Problems))
}

// ImportDivisions creates every division of rows or, if any row fails,
// none (administrator only: divisions are the prefecture's shared
// reference data). A row may name as parent a division created by an
// earlier row of the same sheet.
func (s *Service) ImportDivisions(ctx context.Context, rows []ImportRow[DivisionInput]) (int, error) {
	if _, err := admin(ctx); err != nil {
		return 0, err
	}
	return importRows(ctx, s, rows, func(ctx context.Context, c db.Conn, in DivisionInput) error {
		_, err := createDivision(ctx, c, in)
		return err
	})
}

// ClusterRow is one cluster of an import, with the taxonomy version it
// belongs to already resolved from the sheet's code and version columns.
type ClusterRow struct {
	TaxonomyID int64
	Cluster    ClusterInput
}

// ImportClusters adds every cluster of rows to its taxonomy version or, if
// any row fails, none (administrator only).
func (s *Service) ImportClusters(ctx context.Context, rows []ImportRow[ClusterRow]) (int, error) {
	if _, err := admin(ctx); err != nil {
		return 0, err
	}
	return importRows(ctx, s, rows, func(ctx context.Context, c db.Conn, in ClusterRow) error {
		_, err := createCluster(ctx, c, in.TaxonomyID, in.Cluster)
		return err
	})
}

// ImportParks creates every park of rows or, if any row fails, none.
func (s *Service) ImportParks(ctx context.Context, rows []ImportRow[ParkInput]) (int, error) {
	return importRows(ctx, s, rows, func(ctx context.Context, c db.Conn, in ParkInput) error {
		_, err := createPark(ctx, c, in)
		return err
	})
}

// ImportOrganisations creates every organisation of rows or, if any row
// fails, none.
func (s *Service) ImportOrganisations(ctx context.Context, rows []ImportRow[OrgInput]) (int, error) {
	return importRows(ctx, s, rows, func(ctx context.Context, c db.Conn, in OrgInput) error {
		_, err := createOrg(ctx, c, in)
		return err
	})
}

// ImportPeople creates every person of rows or, if any row fails, none.
func (s *Service) ImportPeople(ctx context.Context, rows []ImportRow[PersonInput]) (int, error) {
	return importRows(ctx, s, rows, func(ctx context.Context, c db.Conn, in PersonInput) error {
		_, err := createPerson(ctx, c, in)
		return err
	})
}

// importRows creates all rows in one transaction, all or nothing. Every row
// is still tried after a failure so that the report lists every problem at
// once; each row runs under a savepoint so that a failed statement (which
// poisons a PostgreSQL transaction) does not stop the rows after it.
func importRows[T any](ctx context.Context, s *Service, rows []ImportRow[T], create func(context.Context, db.Conn, T) error) (int, error) {
	if _, err := writer(ctx); err != nil {
		return 0, err
	}
	var problems []ImportProblem
	n := 0
	err := s.d.Tx(ctx, func(c db.Conn) error {
		for _, r := range rows {
			if len(r.Problems) > 0 {
				for _, f := range r.Problems {
					problems = append(problems, ImportProblem{Row: r.Row, Field: f.Field, Key: f.Key, Args: f.Args})
				}
				continue
			}
			if _, err := c.Exec(ctx, `SAVEPOINT registry_import_row`); err != nil {
				return err
			}
			err := create(ctx, c, r.Input)
			if err == nil {
				n++
				if _, err := c.Exec(ctx, `RELEASE SAVEPOINT registry_import_row`); err != nil {
					return err
				}
				continue
			}
			var v *errs.Validation
			switch {
			case errors.As(err, &v):
				for _, f := range v.Fields {
					problems = append(problems, ImportProblem{Row: r.Row, Field: f.Field, Key: f.Key, Args: f.Args})
				}
			case errors.Is(err, access.ErrForbidden):
				problems = append(problems, ImportProblem{Row: r.Row, Key: keyDivisionOutside})
			case db.IsUniqueViolation(err), db.IsForeignKeyViolation(err):
				problems = append(problems, ImportProblem{Row: r.Row, Key: "registry.import.conflict"})
			default:
				return err
			}
			if _, err := c.Exec(ctx, `ROLLBACK TO SAVEPOINT registry_import_row`); err != nil {
				return err
			}
			if _, err := c.Exec(ctx, `RELEASE SAVEPOINT registry_import_row`); err != nil {
				return err
			}
		}
		if len(problems) > 0 {
			return &ImportError{Problems: problems}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
