package attraction

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/registry"
)

// Nav is the module's entry of the main navigation.
func Nav() web.NavItem {
	return web.NavItem{Href: "/attraction", Label: "attraction.title", Perm: access.PermModuleProjects}
}

// HTTP serves the attraction pages and JSON API.
type HTTP struct {
	svc *Service
	srv *web.Server
}

// NewHTTP returns the handlers on svc.
func NewHTTP(svc *Service) *HTTP { return &HTTP{svc: svc} }

// Register mounts the pages (/attraction…) and the API
// (/api/v1/attraction…). Every route needs module.projects; the service
// and store decide the rest.
func (h *HTTP) Register(srv *web.Server) {
	h.srv = srv
	perm := access.PermModuleProjects
	srv.Page("GET /attraction", perm, h.pipeline)
	srv.Page("GET /attraction/pipeline.xlsx", perm, h.pipelineExport)
	srv.Page("GET /attraction/new", perm, h.leadNew)
	srv.Page("POST /attraction/new", perm, h.leadCreate)
	srv.Page("GET /attraction/leads/{id}", perm, h.lead)
	srv.Page("GET /attraction/leads/{id}/edit", perm, h.leadEdit)
	srv.Page("POST /attraction/leads/{id}", perm, h.leadUpdate)
	srv.Page("POST /attraction/leads/{id}/stage", perm, h.leadStage)
	srv.Page("POST /attraction/leads/{id}/signings", perm, h.leadSigning)
	srv.Page("POST /attraction/leads/{id}/funds", perm, h.leadFund)
	srv.Page("POST /attraction/leads/{id}/project", perm, h.leadConvert)
	srv.Page("GET /attraction/rates", perm, h.rates)
	srv.Page("POST /attraction/rates/rules", perm, h.ruleSave)
	srv.Page("GET /attraction/funds", perm, h.funds)
	srv.Page("GET /attraction/funds.xlsx", perm, h.fundsExport)
	srv.Page("GET /attraction/import", perm, h.importForm)
	srv.Page("GET /attraction/import/template.xlsx", perm, h.importTemplate)
	srv.Page("POST /attraction/import", perm, h.importLeads)
	h.registerAPI(srv)
}

// Query parameters are read leniently: a malformed number filters nothing.
func qInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func qStr(r *http.Request, name string) string { return strings.TrimSpace(r.URL.Query().Get(name)) }

func fStr(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

func fID(r *http.Request, v *errs.Validation, name string) int64 {
	s := fStr(r, name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		v.Add(name, keyBadChoice)
		return 0
	}
	return n
}

// merge joins a form's parse problems with the service's, parse first.
func merge(parse *errs.Validation, err error) error {
	if len(parse.Fields) == 0 {
		return err
	}
	if v, ok := errs.AsValidation(err); ok {
		for _, f := range v.Fields {
			if !parse.Has(f.Field) {
				parse.Fields = append(parse.Fields, f)
			}
		}
	}
	return parse
}

func leadFilter(r *http.Request) LeadFilter {
	limit, offset := web.Paging(r)
	return LeadFilter{Q: qStr(r, "q"), Stage: qStr(r, "stage"), DivisionCode: qStr(r, "division_code"),
		ParkID: qInt(r, "park_id"), ClusterID: qInt(r, "cluster_id"), Limit: limit, Offset: offset}
}

func (f LeadFilter) query() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", f.Q)
	set("stage", f.Stage)
	set("division_code", f.DivisionCode)
	if f.ParkID != 0 {
		v.Set("park_id", strconv.FormatInt(f.ParkID, 10))
	}
	if f.ClusterID != 0 {
		v.Set("cluster_id", strconv.FormatInt(f.ClusterID, 10))
	}
	return v
}

// ClusterOption is a cluster of some taxonomy version for a select.
type ClusterOption struct {
	ID      int64
	Name    string
	Version string
}

// choices are the registry records the forms and filters offer.
type choices struct {
	Divisions []registry.Division
	Parks     []registry.Park
	Clusters  []ClusterOption
	Investors []registry.Organisation
}

func (h *HTTP) choices(ctx context.Context) (choices, error) {
	var c choices
	var err error
	if c.Divisions, err = h.svc.reg.AllDivisions(ctx); err != nil {
		return c, err
	}
	if c.Parks, _, err = h.svc.reg.ListParks(ctx, registry.ParkFilter{Limit: -1}); err != nil {
		return c, err
	}
	if c.Investors, _, err = h.svc.reg.ListOrganisations(ctx, registry.OrgFilter{Kind: "enterprise", Limit: -1}); err != nil {
		return c, err
	}
	taxes, _, err := h.svc.reg.ListTaxonomies(ctx, registry.TaxonomyFilter{Limit: -1})
	if err != nil {
		return c, err
	}
	for _, t := range taxes {
		cls, err := h.svc.reg.ListClusters(ctx, t.ID)
		if err != nil {
			return c, err
		}
		for _, cl := range cls {
			c.Clusters = append(c.Clusters, ClusterOption{ID: cl.ID, Name: cl.Name, Version: t.Name + " " + t.Version})
		}
	}
	return c, nil
}

// flash maps ?done= to the notices a redirect may ask for.
func flash(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "saved":
		return "attraction.flash.saved"
	case "imported":
		return "attraction.flash.imported"
	case "converted":
		return "attraction.flash.converted"
	}
	return ""
}

type stageColumn struct {
	Stage Stage
	Count int
}

type pipelinePage struct {
	choices
	Filter  LeadFilter
	Columns []stageColumn
	Leads   []Lead
	Pager   web.Pager
	Export  string
	CanEdit bool
	Stages  []Stage
}

func (h *HTTP) pipeline(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	f := leadFilter(r)
	leads, total, err := h.svc.ListLeads(ctx, f)
	if err != nil {
		return err
	}
	counts, err := h.svc.StageCounts(ctx, f)
	if err != nil {
		return err
	}
	ch, err := h.choices(ctx)
	if err != nil {
		return err
	}
	pg := pipelinePage{choices: ch, Filter: f, Leads: leads, Stages: Stages(), CanEdit: canEdit(access.From(ctx))}
	for _, s := range Stages() {
		pg.Columns = append(pg.Columns, stageColumn{Stage: s, Count: counts[s]})
	}
	q := f.query()
	pg.Pager = web.Pager{Total: total, Limit: f.Limit, Offset: f.Offset, URL: r.URL}
	pg.Export = "/attraction/pipeline.xlsx?" + q.Encode()
	h.srv.Render(w, r, web.Page{Name: "attraction/pipeline", Title: "attraction.pipeline.title", Flash: flash(r), Data: pg})
	return nil
}

type leadFormPage struct {
	choices
	ID         int64
	In         LeadInput
	Exclusions []Exclusion
	Ownerships []Ownership
	Stages     []Stage
}

func (h *HTTP) renderLeadForm(w http.ResponseWriter, r *http.Request, id int64, in LeadInput, v *errs.Validation) error {
	ch, err := h.choices(r.Context())
	if err != nil {
		return err
	}
	pg := web.Page{Name: "attraction/lead_form", Title: "attraction.lead.new", Errors: v,
		Data: leadFormPage{choices: ch, ID: id, In: in, Exclusions: Exclusions(), Ownerships: Ownerships(), Stages: []Stage{StageClue, StageAssess, StageNegotiate}}}
	if id != 0 {
		pg.Title = "attraction.lead.edit"
	}
	if v != nil {
		pg.Status = http.StatusUnprocessableEntity
	}
	h.srv.Render(w, r, pg)
	return nil
}

func (h *HTTP) leadNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	return h.renderLeadForm(w, r, 0, LeadInput{Ownership: string(OwnPrivate)}, nil)
}

func leadForm(r *http.Request, v *errs.Validation) LeadInput {
	return LeadInput{Name: fStr(r, "name"), InvestorName: fStr(r, "investor_name"), InvestorProvince: fStr(r, "investor_province"),
		Ownership: fStr(r, "ownership"), InvestorOrgID: fID(r, v, "investor_org_id"), ClusterID: fID(r, v, "cluster_id"),
		ParkID: fID(r, v, "park_id"), DivisionCode: fStr(r, "division_code"), Planned: fStr(r, "planned_investment"),
		Stage: fStr(r, "stage"), StageOn: fStr(r, "stage_on"), Exclusion: fStr(r, "exclusion"), Notes: fStr(r, "notes"),
		Illustrative: fStr(r, "illustrative") != ""}
}

func (h *HTTP) leadCreate(w http.ResponseWriter, r *http.Request) error {
	parse := &errs.Validation{}
	in := leadForm(r, parse)
	l, err := h.svc.CreateLead(r.Context(), in)
	if err == nil && len(parse.Fields) > 0 {
		err = parse // unreachable in practice: a bad id is refused by the service too
	}
	if v, ok := errs.AsValidation(merge(parse, err)); ok {
		return h.renderLeadForm(w, r, 0, in, v)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/attraction/leads/"+idStr(l.ID)+"?done=saved")
	return nil
}

func (h *HTTP) leadEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	l, err := h.svc.GetLead(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderLeadForm(w, r, id, l.Input(), nil)
}

// Input returns the lead as input, for a change of some of its fields.
func (l Lead) Input() LeadInput {
	planned := ""
	if l.Planned != 0 {
		planned = l.Planned.String()
	}
	return LeadInput{Name: l.Name, InvestorName: l.InvestorName, InvestorProvince: l.InvestorProvince, Ownership: string(l.Ownership),
		InvestorOrgID: l.InvestorOrgID, ClusterID: l.ClusterID, ParkID: l.ParkID, DivisionCode: l.DivisionCode, Planned: planned,
		Stage: string(l.Stage), StageOn: l.StageOn.String(), Exclusion: string(l.Exclusion), Notes: l.Notes, Illustrative: l.Illustrative}
}

func (h *HTTP) leadUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	parse := &errs.Validation{}
	in := leadForm(r, parse)
	_, err = h.svc.UpdateLead(r.Context(), id, in)
	if v, ok := errs.AsValidation(merge(parse, err)); ok {
		return h.renderLeadForm(w, r, id, in, v)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/attraction/leads/"+idStr(id)+"?done=saved")
	return nil
}

type leadPage struct {
	Lead       LeadDetail
	CanEdit    bool
	Next       []Stage
	Kinds      []SigningKind
	Ownerships []Ownership
	Stage      StageInput
	Signing    SigningInput
	Fund       FundInput
	Today      string
}

func (h *HTTP) renderLead(w http.ResponseWriter, r *http.Request, id int64, status int, v *errs.Validation, pg leadPage) error {
	ctx := r.Context()
	l, err := h.svc.GetLead(ctx, id)
	if err != nil {
		return err
	}
	pg.Lead, pg.CanEdit, pg.Kinds, pg.Ownerships = l, canEdit(access.From(ctx)), SigningKinds(), Ownerships()
	pg.Today = h.svc.today().Format(time.DateOnly)
	for _, s := range Stages() {
		if TransitionProblem(l.Stage, s, !l.FirstSignedOn.IsZero()) == "" {
			pg.Next = append(pg.Next, s)
		}
	}
	h.srv.Render(w, r, web.Page{Name: "attraction/lead", Title: "attraction.lead.title", Status: status, Errors: v, Flash: flash(r), Data: pg})
	return nil
}

func (h *HTTP) lead(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.renderLead(w, r, id, 0, nil, leadPage{})
}

// afterForm redirects on success or shows the lead again with the form's
// problems (422) and the user's input kept.
func (h *HTTP) afterForm(w http.ResponseWriter, r *http.Request, id int64, err error, pg leadPage, done string) error {
	if v, ok := errs.AsValidation(err); ok {
		return h.renderLead(w, r, id, http.StatusUnprocessableEntity, v, pg)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/attraction/leads/"+idStr(id)+"?done="+done)
	return nil
}

func (h *HTTP) leadStage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in := StageInput{Stage: fStr(r, "stage"), On: fStr(r, "on"), Note: fStr(r, "note")}
	_, err = h.svc.Advance(r.Context(), id, in)
	return h.afterForm(w, r, id, err, leadPage{Stage: in}, "saved")
}

func (h *HTTP) leadSigning(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	in := SigningInput{Kind: fStr(r, "kind"), SignedOn: fStr(r, "signed_on"), Amount: fStr(r, "amount"),
		ContractNo: fStr(r, "contract_no"), Notes: fStr(r, "notes")}
	_, err = h.svc.AddSigning(r.Context(), id, in)
	return h.afterForm(w, r, id, err, leadPage{Signing: in}, "saved")
}

func (h *HTTP) leadFund(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	official := fStr(r, "official") != "" // an unticked box is absent from the form
	in := FundInput{ArrivedOn: fStr(r, "arrived_on"), Amount: fStr(r, "amount"), SourceProvince: fStr(r, "source_province"),
		Ownership: fStr(r, "ownership"), Official: &official, Notes: fStr(r, "notes")}
	_, err = h.svc.AddFund(r.Context(), id, in)
	return h.afterForm(w, r, id, err, leadPage{Fund: in}, "saved")
}

func (h *HTTP) leadConvert(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	_, err = h.svc.ConvertToProject(r.Context(), id)
	return h.afterForm(w, r, id, err, leadPage{}, "converted")
}

type ratesPage struct {
	Rules     []CountRule
	Rule      CountRuleInput
	IsBureau  bool
	Year      int
	Years     []int
	Group     Grouping
	Groupings []Grouping
	Rows      []Rates
}

// qYear reads ?year=, defaulting to this year, within 2000 … next year.
func (h *HTTP) qYear(r *http.Request) int {
	this := h.svc.today().Year()
	y := int(qInt(r, "year"))
	if y < 2000 || y > this+1 {
		return this
	}
	return y
}

func qGrouping(r *http.Request) Grouping {
	switch g := Grouping(qStr(r, "group")); g {
	case ByWhole, ByCounty, ByPark, ByCluster:
		return g
	}
	return ByWhole
}

func qSplit(r *http.Request) FundSplit {
	switch sp := FundSplit(qStr(r, "split")); sp {
	case SplitProvince, SplitOwnership, SplitCluster:
		return sp
	}
	return SplitProvince
}

func (h *HTTP) rates(w http.ResponseWriter, r *http.Request) error {
	pg := ratesPage{Year: h.qYear(r), Group: qGrouping(r), Groupings: Groupings()}
	for y := h.svc.today().Year(); y >= h.svc.today().Year()-5; y-- {
		pg.Years = append(pg.Years, y)
	}
	rows, err := h.svc.Rates(r.Context(), pg.Year, time.Time{}, pg.Group)
	if err != nil {
		return err
	}
	pg.Rows = rows
	return h.renderRates(w, r, pg, 0, nil)
}

func (h *HTTP) renderRates(w http.ResponseWriter, r *http.Request, pg ratesPage, status int, v *errs.Validation) error {
	rules, err := h.svc.CountRules(r.Context())
	if err != nil {
		return err
	}
	p := access.From(r.Context())
	pg.Rules, pg.IsBureau = rules, p != nil && (p.Role == access.RoleAdmin || p.Role == access.RoleBureauDev) && p.Scope.All()
	h.srv.Render(w, r, web.Page{Name: "attraction/rates", Title: "attraction.rates.title", Status: status, Errors: v, Flash: flash(r), Data: pg})
	return nil
}

func (h *HTTP) ruleSave(w http.ResponseWriter, r *http.Request) error {
	in := CountRuleInput{EffectiveFrom: fStr(r, "effective_from"), Floor: fStr(r, "floor"), Source: fStr(r, "source")}
	_, err := h.svc.SaveCountRule(r.Context(), in)
	if v, ok := errs.AsValidation(err); ok {
		pg := ratesPage{Year: h.qYear(r), Group: ByWhole, Groupings: Groupings(), Rule: in}
		pg.Years = []int{pg.Year}
		if pg.Rows, err = h.svc.Rates(r.Context(), pg.Year, time.Time{}, pg.Group); err != nil {
			return err
		}
		return h.renderRates(w, r, pg, http.StatusUnprocessableEntity, v)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/attraction/rates?done=saved")
	return nil
}

type fundsPage struct {
	choices
	Year     int
	Division string
	Split    FundSplit
	Splits   []FundSplit
	Totals   []FundTotal
	Funds    []Fund
	Pager    web.Pager
	Export   string
}

func (h *HTTP) fundFilter(r *http.Request) FundFilter {
	limit, offset := web.Paging(r)
	return FundFilter{Year: int(qInt(r, "year")), DivisionCode: qStr(r, "division_code"), LeadID: qInt(r, "lead_id"), Limit: limit, Offset: offset}
}

func (ff FundFilter) query() url.Values {
	v := url.Values{}
	if ff.Year != 0 {
		v.Set("year", strconv.Itoa(ff.Year))
	}
	if ff.DivisionCode != "" {
		v.Set("division_code", ff.DivisionCode)
	}
	if ff.LeadID != 0 {
		v.Set("lead_id", strconv.FormatInt(ff.LeadID, 10))
	}
	return v
}

func (h *HTTP) funds(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ff := h.fundFilter(r)
	fs, total, err := h.svc.ListFunds(ctx, ff)
	if err != nil {
		return err
	}
	ch, err := h.choices(ctx)
	if err != nil {
		return err
	}
	split := qSplit(r)
	totals, err := h.svc.FundTotals(ctx, ff, split)
	if err != nil {
		return err
	}
	q := ff.query()
	pg := fundsPage{choices: ch, Year: ff.Year, Division: ff.DivisionCode, Funds: fs, Split: split, Splits: FundSplits(), Totals: totals,
		Pager:  web.Pager{Total: total, Limit: ff.Limit, Offset: ff.Offset, URL: r.URL},
		Export: "/attraction/funds.xlsx?" + q.Encode()}
	h.srv.Render(w, r, web.Page{Name: "attraction/funds", Title: "attraction.funds.title", Data: pg})
	return nil
}
