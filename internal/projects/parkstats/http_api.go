package parkstats

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/registry"
)

func qInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(qStr(r, name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func qStr(r *http.Request, name string) string { return strings.TrimSpace(r.URL.Query().Get(name)) }

// qKind reads ?kind= (month by default).
func qKind(r *http.Request) PeriodKind {
	if qStr(r, "kind") == string(Annual) {
		return Annual
	}
	return Monthly
}

// qMeasure reads ?rank_by= (added value by default).
func qMeasure(r *http.Request) Measure {
	m := Measure(qStr(r, "rank_by"))
	for _, k := range Measures() {
		if k == m {
			return m
		}
	}
	return MAddedValue
}

// qPeriod reads ?period= for kind; empty means the latest closed period
// (last month, last year) by Changji's clock.
func (h *HTTP) qPeriod(r *http.Request, kind PeriodKind) (int, error) {
	s := qStr(r, "period")
	if s == "" {
		now := h.svc.now().In(cst)
		if kind == Annual {
			return now.Year() - 1, nil
		}
		prev := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC)
		return prev.Year()*100 + int(prev.Month()), nil
	}
	p, ok := parsePeriod(kind, s)
	if !ok {
		return 0, errs.Invalid("period", keyBadPeriod)
	}
	return p, nil
}

// FigureBatch is a batch of figures for the import endpoint.
type FigureBatch struct {
	Rows []FigureInput `json:"rows"`
}

// ImportResult says how many rows an import saved.
type ImportResult struct {
	Imported int `json:"imported"`
}

// SeriesPoint is one period of a park's series, numbers in 万元 (亩, persons).
type SeriesPoint struct {
	Period      string   `json:"period"`
	Scope       string   `json:"stat_scope"`
	GrossOutput *float64 `json:"gross_output"`
	AddedValue  *float64 `json:"added_value"`
	Revenue     *float64 `json:"revenue"`
	Tax         *float64 `json:"tax"`
	Employment  *int64   `json:"employment"`
	LandMu      *float64 `json:"land_mu"`
	Revision    int      `json:"revision"`
}

func points(fs []Figure) []SeriesPoint {
	f := func(a *Amount) *float64 {
		if a == nil {
			return nil
		}
		v := float64(*a) / 100
		return &v
	}
	out := make([]SeriesPoint, len(fs))
	for i, x := range fs {
		out[i] = SeriesPoint{Period: x.PeriodLabel(), Scope: string(x.Scope), GrossOutput: f(x.GrossOutput), AddedValue: f(x.AddedValue),
			Revenue: f(x.Revenue), Tax: f(x.Tax), Employment: x.Employment, LandMu: f(x.LandMu), Revision: x.Revision}
	}
	return out
}

// importErr turns an import refusal into a 422 naming rows.N.field.
func importErr(err error) error {
	var ie *registry.ImportError
	if errors.As(err, &ie) {
		v := &errs.Validation{}
		for _, p := range ie.Problems {
			v.Add("rows."+strconv.Itoa(p.Row)+"."+p.Field, p.Key, p.Args...)
		}
		return v
	}
	return err
}

func (h *HTTP) registerAPI(srv *web.Server) {
	s := h.svc
	op := func(method, path, summary string, query []web.Param, body, resp any, status int) web.Op {
		return web.Op{Method: method, Path: "/api/v1/park-stats" + path, Summary: summary, Tag: "park-stats", Perm: access.PermModuleProjects,
			Query: query, Body: body, Response: resp, Status: status}
	}
	kind := web.Param{Name: "kind", Type: "string", Description: "month (default) or year"}
	period := web.Param{Name: "period", Type: "string", Description: "YYYY-MM for a month, YYYY for a year; default the last closed one"}
	id := func(r *http.Request) (int64, error) { return web.PathID(r, "id") }

	srv.API(op("GET", "/table", "Park table (园区统计表) of a month or year: figures, share of the prefecture's added value (same scope only), rank, high-tech count",
		[]web.Param{kind, period, {Name: "rank_by", Type: "string", Description: "gross_output, added_value (default), revenue, tax, employment, land_mu"},
			{Name: "prefecture", Type: "string", Description: "prefecture code; default the registry's"}}, nil, ParkTable{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			k := qKind(r)
			p, err := h.qPeriod(r, k)
			if err != nil {
				return err
			}
			t, err := s.ParkTable(r.Context(), TableQuery{Kind: k, Period: p, RankBy: qMeasure(r), Prefecture: qStr(r, "prefecture")})
			return web.Respond(w, http.StatusOK, t, err)
		})
	srv.API(op("POST", "/figures", "Enter a park's (park_id 0: the prefecture's) figures for a month or year; a repeat is a correction kept in history",
		nil, FigureInput{}, Figure{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in FigureInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			f, err := s.SubmitFigure(r.Context(), in)
			return web.Respond(w, http.StatusCreated, f, err)
		})
	srv.API(op("POST", "/figures/import", "Enter many figures at once, all or nothing (422 lists rows.N.field problems)", nil, FigureBatch{}, ImportResult{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var in FigureBatch
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			rows := make([]registry.ImportRow[FigureInput], len(in.Rows))
			for i, x := range in.Rows {
				rows[i] = registry.ImportRow[FigureInput]{Row: i + 1, Input: x}
			}
			n, err := s.ImportFigures(r.Context(), rows)
			return web.Respond(w, http.StatusOK, ImportResult{Imported: n}, importErr(err))
		})
	srv.API(op("GET", "/figures/history", "Every revision of a park's (or the prefecture's) figures for one period, newest first",
		[]web.Param{{Name: "park_id", Type: "integer"}, {Name: "division_code", Type: "string", Description: "the prefecture, when park_id is absent"}, kind, period},
		nil, []Figure{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			k := qKind(r)
			p, err := h.qPeriod(r, k)
			if err != nil {
				return err
			}
			fs, err := s.FigureHistory(r.Context(), qInt(r, "park_id"), qStr(r, "division_code"), k, p)
			return web.Respond(w, http.StatusOK, fs, err)
		})
	srv.API(op("GET", "/parks/{id}/series", "A park's current figures period by period (numbers in 万元, 亩, persons)", []web.Param{kind}, nil, []SeriesPoint{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			pid, err := id(r)
			if err != nil {
				return err
			}
			_, fs, err := s.ParkSeries(r.Context(), pid, qKind(r))
			return web.Respond(w, http.StatusOK, points(fs), err)
		})

	srv.API(op("GET", "/high-tech", "高新技术企业 certificates within your scope", web.ListParams(
		web.Param{Name: "park_id", Type: "integer"}, web.Param{Name: "valid_on", Type: "string", Description: "YYYY-MM-DD: only those valid that day"}),
		nil, web.List[Certificate]{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			f := certFilter(r)
			items, total, err := s.ListCertificates(r.Context(), f)
			return web.Respond(w, http.StatusOK, web.List[Certificate]{Items: items, Total: total, Limit: f.Limit, Offset: f.Offset}, err)
		})
	srv.API(op("GET", "/high-tech/counts", "Certificates valid on a day per park, and each park's share of the prefecture's",
		[]web.Param{{Name: "day", Type: "string", Description: "YYYY-MM-DD; default today"}}, nil, HighTechSummary{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			day, err := h.qDay(r, "day")
			if err != nil {
				return err
			}
			sum, err := s.HighTechCounts(r.Context(), day, qStr(r, "prefecture"))
			return web.Respond(w, http.StatusOK, sum, err)
		})
	srv.API(op("POST", "/high-tech", "Record a certificate (expiry defaults to issue + validity − 1 day)", nil, CertificateInput{}, Certificate{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in CertificateInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			c, err := s.CreateCertificate(r.Context(), in)
			return web.Respond(w, http.StatusCreated, c, err)
		})
	srv.API(op("GET", "/high-tech/{id}", "Get a certificate", nil, nil, Certificate{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			cid, err := id(r)
			if err != nil {
				return err
			}
			c, err := s.GetCertificate(r.Context(), cid)
			return web.Respond(w, http.StatusOK, c, err)
		})
	srv.API(op("PUT", "/high-tech/{id}", "Change a certificate", nil, CertificateInput{}, Certificate{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			cid, err := id(r)
			if err != nil {
				return err
			}
			var in CertificateInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			c, err := s.UpdateCertificate(r.Context(), cid, in)
			return web.Respond(w, http.StatusOK, c, err)
		})
	srv.API(op("DELETE", "/high-tech/{id}", "Delete a certificate entered in error", nil, nil, nil, http.StatusNoContent),
		func(w http.ResponseWriter, r *http.Request) error {
			cid, err := id(r)
			if err != nil {
				return err
			}
			if err := s.DeleteCertificate(r.Context(), cid); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})

	srv.API(op("GET", "/mujun/sheets", "亩均效益 evaluation sheets (yearly data, versioned)", []web.Param{{Name: "year", Type: "integer"}}, nil, []Sheet{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			ss, err := s.ListSheets(r.Context(), int(qInt(r, "year")))
			return web.Respond(w, http.StatusOK, ss, err)
		})
	srv.API(op("POST", "/mujun/sheets", "Add a sheet version: indicators with weights and benchmark divisors, grade method and bands (bureau)",
		nil, SheetInput{}, Sheet{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in SheetInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			sh, err := s.CreateSheet(r.Context(), in)
			return web.Respond(w, http.StatusCreated, sh, err)
		})
	srv.API(op("GET", "/mujun/sheets/{id}", "Get a sheet version", nil, nil, Sheet{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			sid, err := id(r)
			if err != nil {
				return err
			}
			sh, err := s.GetSheet(r.Context(), sid)
			return web.Respond(w, http.StatusOK, sh, err)
		})
	srv.API(op("POST", "/mujun/sheets/{id}/evaluate", "Score and grade every enterprise of the sheet's year and population (bureau); results stored with the sheet",
		nil, nil, []Result{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			sid, err := id(r)
			if err != nil {
				return err
			}
			rs, err := s.Evaluate(r.Context(), sid)
			return web.Respond(w, http.StatusOK, rs, err)
		})
	srv.API(op("GET", "/mujun/sheets/{id}/results", "Stored scores and grades of a sheet within your scope", nil, nil, []Result{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			sid, err := id(r)
			if err != nil {
				return err
			}
			rs, err := s.Results(r.Context(), sid)
			return web.Respond(w, http.StatusOK, rs, err)
		})
	srv.API(op("GET", "/mujun/inputs", "Enterprises' yearly 亩均 figures within your scope", []web.Param{{Name: "year", Type: "integer"}}, nil, []MJRecord{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			ms, err := s.MJInputs(r.Context(), int(qInt(r, "year")))
			return web.Respond(w, http.StatusOK, ms, err)
		})
	srv.API(op("POST", "/mujun/inputs", "Enter or replace an enterprise's yearly 亩均 figures (万元, 亩, 吨标准煤, 吨, 万千瓦时)", nil, MJInput{}, MJRecord{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var in MJInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			m, err := s.SaveMJInput(r.Context(), in)
			return web.Respond(w, http.StatusOK, m, err)
		})

	srv.API(op("GET", "/settings", "Settings the reference leaves open (certificate validity in years, default 3 [U])", nil, nil, Settings{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			st, err := s.GetSettings(r.Context())
			return web.Respond(w, http.StatusOK, st, err)
		})
	srv.API(op("PUT", "/settings", "Change the settings (bureau)", nil, Settings{}, Settings{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var in Settings
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			st, err := s.UpdateSettings(r.Context(), in)
			return web.Respond(w, http.StatusOK, st, err)
		})

	srv.API(op("GET", "/targets", "Targets with their latest progress", nil, nil, []Target{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			ts, err := s.Targets(r.Context())
			return web.Respond(w, http.StatusOK, ts, err)
		})
	srv.API(op("POST", "/targets", "Set a target (万元) for a park or division", nil, TargetInput{}, Target{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in TargetInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			t, err := s.CreateTarget(r.Context(), in)
			return web.Respond(w, http.StatusCreated, t, err)
		})
	srv.API(op("GET", "/targets/{id}", "Get a target with its progress history", nil, nil, Target{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			tid, err := id(r)
			if err != nil {
				return err
			}
			t, err := s.GetTarget(r.Context(), tid)
			return web.Respond(w, http.StatusOK, t, err)
		})
	srv.API(op("PUT", "/targets/{id}", "Change a target", nil, TargetInput{}, Target{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			tid, err := id(r)
			if err != nil {
				return err
			}
			var in TargetInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			t, err := s.UpdateTarget(r.Context(), tid, in)
			return web.Respond(w, http.StatusOK, t, err)
		})
	srv.API(op("POST", "/targets/{id}/progress", "Record a target's actual as of a day; the same day again corrects it", nil, ProgressInput{}, Target{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			tid, err := id(r)
			if err != nil {
				return err
			}
			var in ProgressInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			t, err := s.RecordProgress(r.Context(), tid, in)
			return web.Respond(w, http.StatusOK, t, err)
		})
}

func certFilter(r *http.Request) CertFilter {
	lim, off := web.Paging(r)
	return CertFilter{Q: qStr(r, "q"), ParkID: qInt(r, "park_id"), ValidOn: qStr(r, "valid_on"), Limit: lim, Offset: off}
}

// qDay reads a YYYY-MM-DD parameter, default today in Changji.
func (h *HTTP) qDay(r *http.Request, name string) (time.Time, error) {
	s := qStr(r, name)
	if s == "" {
		return h.svc.today(), nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return d, errs.Invalid(name, keyBadDate)
	}
	return d, nil
}
