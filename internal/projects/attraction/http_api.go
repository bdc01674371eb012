package attraction

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
)

// The JSON API (/api/v1/attraction…, tag "attraction") gives the same data
// and rules as the pages; scope and role are decided in the store and the
// service, exactly as for the pages.

// StageCount is one column of the pipeline.
type StageCount struct {
	Stage Stage `json:"stage"`
	Count int   `json:"count"`
}

// ImportBatch is a batch of lead rows for the import endpoint.
type ImportBatch struct {
	Rows []ImportInput `json:"rows"`
}

// ImportResult says how many rows an import saved.
type ImportResult struct {
	Imported int `json:"imported"`
}

func (h *HTTP) registerAPI(srv *web.Server) {
	perm := access.PermModuleProjects
	s := h.svc
	op := func(method, path, summary string, query []web.Param, body, resp any, status int) web.Op {
		return web.Op{Method: method, Path: "/api/v1/attraction" + path, Summary: summary, Tag: "attraction", Perm: perm,
			Query: query, Body: body, Response: resp, Status: status}
	}
	withID := func(fn func(w http.ResponseWriter, r *http.Request, id int64) error) web.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			return fn(w, r, id)
		}
	}

	srv.API(op("GET", "/leads", "List investment-attraction leads (招商线索) within your scope", web.ListParams(
		web.Param{Name: "stage", Type: "string"}, web.Param{Name: "division_code", Type: "string", Description: "county (and below)"},
		web.Param{Name: "park_id", Type: "integer"}, web.Param{Name: "cluster_id", Type: "integer"}), nil, web.List[Lead]{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			f := leadFilter(r)
			items, total, err := s.ListLeads(r.Context(), f)
			return web.Respond(w, http.StatusOK, web.List[Lead]{Items: items, Total: total, Limit: f.Limit, Offset: f.Offset}, err)
		})
	srv.API(op("GET", "/stages", "Count leads per pipeline stage", []web.Param{{Name: "division_code", Type: "string"},
		{Name: "park_id", Type: "integer"}, {Name: "cluster_id", Type: "integer"}}, nil, []StageCount{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			counts, err := s.StageCounts(r.Context(), leadFilter(r))
			out := []StageCount{}
			for _, st := range Stages() {
				out = append(out, StageCount{Stage: st, Count: counts[st]})
			}
			return web.Respond(w, http.StatusOK, out, err)
		})
	srv.API(op("POST", "/leads", "Create a lead (线索; 签约 comes with its first signing)", nil, LeadInput{}, Lead{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in LeadInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			l, err := s.CreateLead(r.Context(), in)
			return web.Respond(w, http.StatusCreated, l, err)
		})
	srv.API(op("GET", "/leads/{id}", "A lead with its stage history, signings and arrived funds", nil, nil, LeadDetail{}, 0),
		withID(func(w http.ResponseWriter, r *http.Request, id int64) error {
			l, err := s.GetLead(r.Context(), id)
			return web.Respond(w, http.StatusOK, l, err)
		}))
	srv.API(op("PUT", "/leads/{id}", "Change a lead's fields (not its stage)", nil, LeadInput{}, Lead{}, 0),
		withID(func(w http.ResponseWriter, r *http.Request, id int64) error {
			var in LeadInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			l, err := s.UpdateLead(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, l, err)
		}))
	srv.API(op("POST", "/leads/{id}/stage", "Move a lead forward (or out: terminated, lost) on a date", nil, StageInput{}, Lead{}, 0),
		withID(func(w http.ResponseWriter, r *http.Request, id int64) error {
			var in StageInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			l, err := s.Advance(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, l, err)
		}))
	srv.API(op("POST", "/leads/{id}/signings", "Record a signing (framework, contract, capital increase as the new total)", nil,
		SigningInput{}, Signing{}, http.StatusCreated),
		withID(func(w http.ResponseWriter, r *http.Request, id int64) error {
			var in SigningInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			sg, err := s.AddSigning(r.Context(), id, in)
			return web.Respond(w, http.StatusCreated, sg, err)
		}))
	srv.API(op("POST", "/leads/{id}/funds", "Record arrived funds (到位资金)", nil, FundInput{}, Fund{}, http.StatusCreated),
		withID(func(w http.ResponseWriter, r *http.Request, id int64) error {
			var in FundInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			f, err := s.AddFund(r.Context(), id, in)
			return web.Respond(w, http.StatusCreated, f, err)
		}))
	srv.API(op("POST", "/leads/{id}/project", "Hand a landed lead to the project library (creates and links the project)", nil, nil,
		projects.Project{}, http.StatusCreated),
		withID(func(w http.ResponseWriter, r *http.Request, id int64) error {
			p, err := s.ConvertToProject(r.Context(), id)
			return web.Respond(w, http.StatusCreated, p, err)
		}))
	srv.API(op("GET", "/projects/{id}/lead", "The lead a library project came from", nil, nil, Lead{}, 0),
		withID(func(w http.ResponseWriter, r *http.Request, id int64) error {
			l, err := s.LeadOfProject(r.Context(), id)
			return web.Respond(w, http.StatusOK, l, err)
		}))
	srv.API(op("GET", "/funds", "The arrived-funds ledger (到位资金) within your scope", web.ListParams(
		web.Param{Name: "year", Type: "integer"}, web.Param{Name: "division_code", Type: "string"},
		web.Param{Name: "lead_id", Type: "integer"}), nil, web.List[Fund]{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			ff := h.fundFilter(r)
			items, total, err := s.ListFunds(r.Context(), ff)
			return web.Respond(w, http.StatusOK, web.List[Fund]{Items: items, Total: total, Limit: ff.Limit, Offset: ff.Offset}, err)
		})
	srv.API(op("GET", "/funds/totals", "Arrived funds summed by source province, investor type or cluster", []web.Param{
		{Name: "split", Type: "string", Description: "province, ownership or cluster"}, {Name: "year", Type: "integer"},
		{Name: "division_code", Type: "string"}}, nil, []FundTotal{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			rows, err := s.FundTotals(r.Context(), h.fundFilter(r), qSplit(r))
			return web.Respond(w, http.StatusOK, rows, err)
		})
	srv.API(op("GET", "/rates", "履约率, 落地率, 开工率, 投产率, 资金到位率 of the leads first signed in a year", []web.Param{
		{Name: "year", Type: "integer"}, {Name: "group", Type: "string", Description: "whole, county, park or cluster"},
		{Name: "as_of", Type: "string", Description: "YYYY-MM-DD, default today"}}, nil, []Rates{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var asOf time.Time
			if a := qStr(r, "as_of"); a != "" {
				d, err := db.ParseDate(a)
				if err != nil {
					return errs.Invalid("as_of", keyBadDate)
				}
				asOf = d.Time
			}
			rows, err := s.Rates(r.Context(), h.qYear(r), asOf, qGrouping(r))
			return web.Respond(w, http.StatusOK, rows, err)
		})
	srv.API(op("GET", "/count-rules", "Counting rules (floor on the contracted amount) by effective date", nil, nil, []CountRule{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			rules, err := s.CountRules(r.Context())
			return web.Respond(w, http.StatusOK, rules, err)
		})
	srv.API(op("POST", "/count-rules", "Add the counting rule in force from a date (bureau)", nil, CountRuleInput{}, CountRule{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in CountRuleInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			rule, err := s.SaveCountRule(r.Context(), in)
			return web.Respond(w, http.StatusCreated, rule, err)
		})
	srv.API(op("POST", "/leads/import", "Import leads, all or nothing (problems as rows.N.field)", nil, ImportBatch{}, ImportResult{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var b ImportBatch
			if err := web.DecodeJSON(r, &b); err != nil {
				return err
			}
			rows := make([]registry.ImportRow[ImportInput], len(b.Rows))
			for i, in := range b.Rows {
				rows[i] = registry.ImportRow[ImportInput]{Row: i + 1, Input: in}
			}
			n, err := s.ImportLeads(r.Context(), rows)
			var ie *registry.ImportError
			if errors.As(err, &ie) {
				v := &errs.Validation{}
				for _, p := range ie.Problems {
					v.Add("rows."+strconv.Itoa(p.Row)+"."+p.Field, p.Key, p.Args...)
				}
				return v
			}
			return web.Respond(w, http.StatusOK, ImportResult{Imported: n}, err)
		})
}
