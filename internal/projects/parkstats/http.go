package parkstats

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/registry"
)

// Nav is the module's entry of the main navigation.
func Nav() web.NavItem {
	return web.NavItem{Href: "/park-stats", Label: "parkstats.nav", Perm: access.PermModuleProjects}
}

// HTTP serves the pages and JSON API of park statistics.
type HTTP struct {
	svc *Service
	srv *web.Server
}

// NewHTTP returns the handlers on svc.
func NewHTTP(svc *Service) *HTTP { return &HTTP{svc: svc} }

// Register mounts the pages and API routes on srv. Every route needs
// module.projects; the service and store decide the rest.
func (h *HTTP) Register(srv *web.Server) {
	h.srv = srv
	perm := access.PermModuleProjects
	srv.Page("GET /park-stats", perm, h.table)
	srv.Page("GET /park-stats/table.xlsx", perm, h.tableExport)
	srv.Page("GET /park-stats/figures/new", perm, h.figureNew)
	srv.Page("POST /park-stats/figures", perm, h.figureCreate)
	srv.Page("GET /park-stats/import", perm, h.importForm)
	srv.Page("GET /park-stats/import/template.xlsx", perm, h.importTemplate)
	srv.Page("POST /park-stats/import", perm, h.importFigures)
	srv.Page("GET /park-stats/parks/{id}", perm, h.park)
	srv.Page("GET /park-stats/high-tech", perm, h.highTech)
	srv.Page("POST /park-stats/high-tech", perm, h.highTechCreate)
	srv.Page("GET /park-stats/high-tech.xlsx", perm, h.highTechExport)
	srv.Page("POST /park-stats/high-tech/{id}/delete", perm, h.highTechDelete)
	srv.Page("GET /park-stats/mujun", perm, h.mujun)
	srv.Page("POST /park-stats/mujun/sheets", perm, h.sheetCreate)
	srv.Page("POST /park-stats/mujun/inputs", perm, h.mjInputSave)
	srv.Page("POST /park-stats/mujun/sheets/{id}/evaluate", perm, h.evaluate)
	srv.Page("GET /park-stats/mujun/sheets/{id}/results.xlsx", perm, h.resultsExport)
	srv.Page("GET /park-stats/targets", perm, h.targets)
	srv.Page("POST /park-stats/targets", perm, h.targetCreate)
	srv.Page("POST /park-stats/targets/{id}/progress", perm, h.progressRecord)
	h.registerAPI(srv)
}

// flash maps ?done= to the notices a redirect may ask for.
func flash(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "saved":
		return "shell.form.saved"
	case "imported":
		return "parkstats.import.done"
	case "evaluated":
		return "parkstats.mj.evaluated"
	}
	return ""
}

func fStr(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

func fInt(r *http.Request, v *errs.Validation, name string) int64 {
	s := fStr(r, name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		v.Add(name, keyBadNum)
		return 0
	}
	return n
}

func fFloat(r *http.Request, v *errs.Validation, name string) float64 {
	s := fStr(r, name)
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		v.Add(name, keyBadNum)
		return 0
	}
	return f
}

// refused renders page again with the validation error (status 422), or
// returns any other error.
func (h *HTTP) refused(w http.ResponseWriter, r *http.Request, pg web.Page, err error) error {
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	pg.Status, pg.Errors = http.StatusUnprocessableEntity, v
	h.srv.Render(w, r, pg)
	return nil
}

// merge folds form-parse problems into the service's error.
func merge(parse *errs.Validation, err error) error {
	if len(parse.Fields) == 0 {
		return err
	}
	if v, ok := errs.AsValidation(err); ok {
		parse.Fields = append(parse.Fields, v.Fields...)
	} else if err != nil {
		return err
	}
	return parse
}

func canEdit(r *http.Request) bool {
	_, err := editor(r.Context())
	return err == nil
}

func isBureauReq(r *http.Request) bool {
	_, err := bureau(r.Context())
	return err == nil
}

// ---- park table ----

type tablePage struct {
	Table     ParkTable
	Kind      PeriodKind
	Period    string
	RankBy    Measure
	Measures  []Measure
	CanEdit   bool
	ExportURL string
}

func (h *HTTP) tableQuery(r *http.Request) (TableQuery, error) {
	k := qKind(r)
	p, err := h.qPeriod(r, k)
	return TableQuery{Kind: k, Period: p, RankBy: qMeasure(r)}, err
}

func (h *HTTP) table(w http.ResponseWriter, r *http.Request) error {
	q, err := h.tableQuery(r)
	if err != nil {
		return err
	}
	t, err := h.svc.ParkTable(r.Context(), q)
	if err != nil {
		return err
	}
	label := periodLabel(q.Kind, q.Period)
	pg := tablePage{Table: t, Kind: q.Kind, Period: label, RankBy: q.RankBy, Measures: Measures(), CanEdit: canEdit(r),
		ExportURL: "/park-stats/table.xlsx?" + url.Values{"kind": {string(q.Kind)}, "period": {label}, "rank_by": {string(q.RankBy)}}.Encode()}
	h.srv.Render(w, r, web.Page{Name: "parkstats/index", Title: "parkstats.title", Flash: flash(r), Data: pg})
	return nil
}

// ---- figure entry ----

type figurePage struct {
	In       FigureInput
	Parks    []registry.Park
	Bureau   bool
	Scopes   []StatScope
	Measures []Measure
}

func (h *HTTP) figurePage(r *http.Request, in FigureInput) (figurePage, error) {
	parks, _, err := h.svc.reg.ListParks(r.Context(), registry.ParkFilter{Limit: -1})
	return figurePage{In: in, Parks: parks, Bureau: isBureauReq(r), Scopes: StatScopes()}, err
}

func (h *HTTP) figureNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	in := FigureInput{ParkID: qInt(r, "park"), Kind: string(qKind(r)), Scope: string(ScopeAboveScale), Period: qStr(r, "period")}
	pg, err := h.figurePage(r, in)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "parkstats/figure_form", Title: "parkstats.figure.new", Data: pg})
	return nil
}

func (h *HTTP) figureCreate(w http.ResponseWriter, r *http.Request) error {
	v := &errs.Validation{}
	in := FigureInput{ParkID: fInt(r, v, "park_id"), DivisionCode: fStr(r, "division_code"), Kind: fStr(r, "kind"), Period: fStr(r, "period"),
		Scope: fStr(r, "stat_scope"), GrossOutput: fStr(r, "gross_output"), AddedValue: fStr(r, "added_value"), Revenue: fStr(r, "revenue"),
		Tax: fStr(r, "tax"), Employment: fStr(r, "employment"), LandMu: fStr(r, "land_mu"), Note: fStr(r, "note")}
	var err error
	if len(v.Fields) == 0 {
		if in.ParkID == 0 && in.DivisionCode == "" && isBureauReq(r) {
			in.DivisionCode, err = h.svc.prefectureCode(r.Context(), "")
		}
		if err == nil {
			_, err = h.svc.SubmitFigure(r.Context(), in)
		}
	}
	if err = merge(v, err); err != nil {
		pg, perr := h.figurePage(r, in)
		if perr != nil {
			return perr
		}
		return h.refused(w, r, web.Page{Name: "parkstats/figure_form", Title: "parkstats.figure.new", Data: pg}, err)
	}
	web.Redirect(w, r, "/park-stats?"+url.Values{"kind": {in.Kind}, "period": {in.Period}, "done": {"saved"}}.Encode())
	return nil
}

// ---- park detail ----

type parkPage struct {
	Park    registry.Park
	Kind    PeriodKind
	Series  []Figure
	History []Figure
	Period  string
	CanEdit bool
}

func (h *HTTP) park(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	k := qKind(r)
	p, series, err := h.svc.ParkSeries(r.Context(), id, k)
	if err != nil {
		return err
	}
	pg := parkPage{Park: p, Kind: k, Series: series, CanEdit: canEdit(r), Period: qStr(r, "period")}
	if pg.Period != "" {
		if per, ok := parsePeriod(k, pg.Period); ok {
			if pg.History, err = h.svc.FigureHistory(r.Context(), id, "", k, per); err != nil {
				return err
			}
		}
	}
	h.srv.Render(w, r, web.Page{Name: "parkstats/park", Title: "parkstats.park.title", Data: pg})
	return nil
}

// ---- high-tech certificates ----

type highTechPage struct {
	Certs   []Certificate
	Total   int
	Pager   web.Pager
	Counts  HighTechSummary
	ValidOn string
	Q       string
	Orgs    []registry.Organisation
	In      CertificateInput
	CanEdit bool
	// ExportURL keeps the list's filters for the workbook.
	ExportURL string
}

func (h *HTTP) highTechPage(r *http.Request, in CertificateInput) (highTechPage, error) {
	ctx := r.Context()
	f := certFilter(r)
	day, err := h.qDay(r, "valid_on")
	if err != nil {
		return highTechPage{}, err
	}
	pg := highTechPage{ValidOn: f.ValidOn, Q: f.Q, In: in, CanEdit: canEdit(r),
		ExportURL: "/park-stats/high-tech.xlsx?" + url.Values{"valid_on": {f.ValidOn}, "q": {f.Q}}.Encode()}
	if pg.Certs, pg.Total, err = h.svc.ListCertificates(ctx, f); err != nil {
		return pg, err
	}
	pg.Pager = web.Pager{Total: pg.Total, Limit: f.Limit, Offset: f.Offset, URL: r.URL}
	if pg.Counts, err = h.svc.HighTechCounts(ctx, day, ""); err != nil {
		return pg, err
	}
	if pg.CanEdit {
		pg.Orgs, _, err = h.svc.reg.ListOrganisations(ctx, registry.OrgFilter{Kind: string(registry.OrgEnterprise), Limit: 500})
	}
	return pg, err
}

func (h *HTTP) highTech(w http.ResponseWriter, r *http.Request) error {
	pg, err := h.highTechPage(r, CertificateInput{})
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "parkstats/hightech", Title: "parkstats.ht.title", Flash: flash(r), Data: pg})
	return nil
}

func (h *HTTP) highTechCreate(w http.ResponseWriter, r *http.Request) error {
	v := &errs.Validation{}
	in := CertificateInput{OrgID: fInt(r, v, "org_id"), CertNo: fStr(r, "cert_no"), IssuedOn: fStr(r, "issued_on"),
		ExpiresOn: fStr(r, "expires_on"), Notes: fStr(r, "notes")}
	var err error
	if len(v.Fields) == 0 {
		_, err = h.svc.CreateCertificate(r.Context(), in)
	}
	if err = merge(v, err); err != nil {
		pg, perr := h.highTechPage(r, in)
		if perr != nil {
			return perr
		}
		return h.refused(w, r, web.Page{Name: "parkstats/hightech", Title: "parkstats.ht.title", Data: pg}, err)
	}
	web.Redirect(w, r, "/park-stats/high-tech?done=saved")
	return nil
}
