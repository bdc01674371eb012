package attraction

import (
	"context"
	"database/sql"
	"errors"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// ImportInput is one row of a lead import: the lead, its park and cluster
// by name (as staff write them), the stage it has reached, and its first
// signing when that stage is 签约 or beyond.
type ImportInput struct {
	Lead       LeadInput `json:"lead"`
	Park       string    `json:"park"`    // park name or short name
	Cluster    string    `json:"cluster"` // cluster name or code, of the newest taxonomy that has it
	SignedOn   string    `json:"signed_on"`
	Signed     string    `json:"signed_amount"`
	ContractNo string    `json:"contract_no"`
}

// Catalog keys of import problems.
const (
	keyImportPark    = "attraction.import.park_unknown"
	keyImportCluster = "attraction.import.cluster_unknown"
)

// ImportLeads creates every lead of rows or, if any row fails, none; every
// problem is reported against its row. A row at 签约 or beyond enters at
// 签约 on its signing day with that signing, then moves to its stage on
// its stage date.
func (s *Service) ImportLeads(ctx context.Context, rows []registry.ImportRow[ImportInput]) (int, error) {
	pr, err := editor(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.d.Tx(ctx, func(c db.Conn) error {
		ie := &registry.ImportError{}
		add := func(row int, err error) error {
			if v, ok := errs.AsValidation(err); ok {
				for _, f := range v.Fields {
					ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row, Field: f.Field, Key: f.Key, Args: f.Args})
				}
				return nil
			}
			return err // a database refusal ends the transaction
		}
		for _, row := range rows {
			for _, p := range row.Problems {
				ie.Problems = append(ie.Problems, registry.ImportProblem{Row: row.Row, Field: p.Field, Key: p.Key, Args: p.Args})
			}
			if len(row.Problems) > 0 {
				continue
			}
			before := len(ie.Problems)
			if err := s.importRow(ctx, c, pr, row, add); err != nil {
				return err
			}
			if len(ie.Problems) == before {
				n++
			}
		}
		if len(ie.Problems) > 0 {
			n = 0
			return ie
		}
		return nil
	})
	return n, err
}

func (s *Service) importRow(ctx context.Context, c db.Conn, pr *access.Principal, row registry.ImportRow[ImportInput],
	add func(int, error) error) error {
	in := row.Input
	v := &errs.Validation{}
	if trim(in.Park) != "" {
		err := c.QueryRow(ctx, `SELECT id FROM registry_parks WHERE name = ? OR (short_name <> '' AND short_name = ?) ORDER BY id LIMIT 1`,
			trim(in.Park), trim(in.Park)).Scan(&in.Lead.ParkID)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("park", keyImportPark)
		} else if err != nil {
			return err
		}
	}
	if trim(in.Cluster) != "" {
		err := c.QueryRow(ctx, `SELECT cl.id FROM registry_clusters cl JOIN registry_taxonomies tx ON tx.id = cl.taxonomy_id
			WHERE cl.name = ? OR cl.code = ? ORDER BY tx.effective_from DESC, cl.id DESC LIMIT 1`,
			trim(in.Cluster), trim(in.Cluster)).Scan(&in.Lead.ClusterID)
		if errors.Is(err, sql.ErrNoRows) {
			v.Add("cluster", keyImportCluster)
		} else if err != nil {
			return err
		}
	}
	target := Stage(trim(in.Lead.Stage))
	var signedOn Date
	if target.AtLeast(StageSigned) {
		signedOn = day(v, "signed_on", in.SignedOn, true, s.today())
		amount(v, "signed_amount", in.Signed, true, true)
	}
	lead := in.Lead
	if target.AtLeast(StageSigned) {
		lead.Stage = ""
	}
	if len(v.Fields) > 0 {
		// Report the lead's own problems with the row's, all at once.
		_, err := s.check(ctx, c, pr, lead, 0)
		if cv, ok := errs.AsValidation(err); ok {
			for _, f := range cv.Fields {
				if !v.Has(f.Field) {
					v.Add(f.Field, f.Key, f.Args...)
				}
			}
		} else if err != nil {
			return err
		}
		return add(row.Row, v)
	}
	l, err := s.createLead(ctx, c, pr, lead, signedOn)
	if err != nil {
		return add(row.Row, err)
	}
	if signedOn.IsZero() {
		return nil
	}
	if _, err := s.addSigning(ctx, c, pr, l.ID, SigningInput{Kind: string(SignContract), SignedOn: signedOn.String(),
		Amount: in.Signed, ContractNo: in.ContractNo}); err != nil {
		return add(row.Row, renameSigning(err))
	}
	if target != StageSigned {
		if _, err := s.advance(ctx, c, pr, l.ID, StageInput{Stage: string(target), On: in.Lead.StageOn}); err != nil {
			return add(row.Row, renameStage(err))
		}
	}
	return nil
}

// renameSigning and renameStage point a nested step's problems at the
// import's column names.
func renameSigning(err error) error {
	return rename(err, map[string]string{"amount": "signed_amount", "contract_no": "contract_no", "kind": "signed_on"})
}

func renameStage(err error) error { return rename(err, map[string]string{"on": "stage_on"}) }

func rename(err error, m map[string]string) error {
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	out := &errs.Validation{}
	for _, f := range v.Fields {
		if to, ok := m[f.Field]; ok {
			f.Field = to
		}
		out.Add(f.Field, f.Key, f.Args...)
	}
	return out
}
