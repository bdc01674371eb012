package registry

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// HTTP serves the registry's pages, Excel exports and imports, and JSON API.
type HTTP struct {
	svc *Service
	srv *web.Server
}

// NewHTTP returns the registry's handlers on svc for srv.
func NewHTTP(svc *Service, srv *web.Server) *HTTP { return &HTTP{svc: svc, srv: srv} }

// Nav is the registry's entry of the main navigation.
func Nav() web.NavItem {
	return web.NavItem{Href: "/registry", Label: "shell.nav.registry", Perm: access.PermRegistryRead}
}

// Register mounts every page and API route on srv. Pages that change
// records need registry.write (or users.admin for divisions and
// taxonomies); the store checks again, with the scope, whatever the route.
func (h *HTTP) Register(srv *web.Server) {
	h.srv = srv
	read, write, admin := access.PermRegistryRead, access.PermRegistryWrite, access.PermUsersAdmin
	srv.Page("GET /registry", read, h.overview)

	srv.Page("GET /registry/divisions", read, h.divisionList)
	srv.Page("GET /registry/divisions/export.xlsx", read, h.divisionExport)
	srv.Page("GET /registry/divisions/import", admin, h.divisionImportForm)
	srv.Page("GET /registry/divisions/import/template.xlsx", admin, h.divisionImportTemplate)
	srv.Page("POST /registry/divisions/import", admin, h.divisionImport)
	srv.Page("GET /registry/divisions/new", admin, h.divisionNew)
	srv.Page("POST /registry/divisions/new", admin, h.divisionCreate)
	srv.Page("GET /registry/divisions/{code}", read, h.divisionShow)
	srv.Page("GET /registry/divisions/{code}/edit", admin, h.divisionEdit)
	srv.Page("POST /registry/divisions/{code}", admin, h.divisionUpdate)
	srv.Page("POST /registry/divisions/{code}/delete", admin, h.divisionDelete)

	srv.Page("GET /registry/parks", read, h.parkList)
	srv.Page("GET /registry/parks/export.xlsx", read, h.parkExport)
	srv.Page("GET /registry/parks/import", write, h.parkImportForm)
	srv.Page("GET /registry/parks/import/template.xlsx", write, h.parkImportTemplate)
	srv.Page("POST /registry/parks/import", write, h.parkImport)
	srv.Page("GET /registry/parks/new", write, h.parkNew)
	srv.Page("POST /registry/parks/new", write, h.parkCreate)
	srv.Page("GET /registry/parks/{id}", read, h.parkShow)
	srv.Page("GET /registry/parks/{id}/edit", write, h.parkEdit)
	srv.Page("POST /registry/parks/{id}", write, h.parkUpdate)
	srv.Page("POST /registry/parks/{id}/delete", write, h.parkDelete)

	srv.Page("GET /registry/orgs", read, h.orgList)
	srv.Page("GET /registry/orgs/export.xlsx", read, h.orgExport)
	srv.Page("GET /registry/orgs/import", write, h.orgImportForm)
	srv.Page("GET /registry/orgs/import/template.xlsx", write, h.orgImportTemplate)
	srv.Page("POST /registry/orgs/import", write, h.orgImport)
	srv.Page("GET /registry/orgs/new", write, h.orgNew)
	srv.Page("POST /registry/orgs/new", write, h.orgCreate)
	srv.Page("GET /registry/orgs/{id}", read, h.orgShow)
	srv.Page("GET /registry/orgs/{id}/edit", write, h.orgEdit)
	srv.Page("POST /registry/orgs/{id}", write, h.orgUpdate)
	srv.Page("POST /registry/orgs/{id}/delete", write, h.orgDelete)

	srv.Page("GET /registry/clusters", read, h.taxonomyList)
	srv.Page("GET /registry/clusters/export.xlsx", read, h.clusterExport)
	srv.Page("GET /registry/clusters/import", admin, h.clusterImportForm)
	srv.Page("GET /registry/clusters/import/template.xlsx", admin, h.clusterImportTemplate)
	srv.Page("POST /registry/clusters/import", admin, h.clusterImport)
	srv.Page("GET /registry/taxonomies/new", admin, h.taxonomyNew)
	srv.Page("POST /registry/taxonomies/new", admin, h.taxonomyCreate)
	srv.Page("GET /registry/taxonomies/{id}", read, h.taxonomyShow)
	srv.Page("GET /registry/taxonomies/{id}/edit", admin, h.taxonomyEdit)
	srv.Page("POST /registry/taxonomies/{id}", admin, h.taxonomyUpdate)
	srv.Page("POST /registry/taxonomies/{id}/delete", admin, h.taxonomyDelete)
	srv.Page("GET /registry/taxonomies/{id}/clusters/new", admin, h.clusterNew)
	srv.Page("POST /registry/taxonomies/{id}/clusters/new", admin, h.clusterCreate)
	srv.Page("GET /registry/clusters/{id}/edit", admin, h.clusterEdit)
	srv.Page("POST /registry/clusters/{id}", admin, h.clusterUpdate)
	srv.Page("POST /registry/clusters/{id}/delete", admin, h.clusterDelete)

	srv.Page("GET /registry/people", read, h.personList)
	srv.Page("GET /registry/people/export.xlsx", read, h.personExport)
	srv.Page("GET /registry/people/import", write, h.personImportForm)
	srv.Page("GET /registry/people/import/template.xlsx", write, h.personImportTemplate)
	srv.Page("POST /registry/people/import", write, h.personImport)
	srv.Page("GET /registry/people/new", write, h.personNew)
	srv.Page("POST /registry/people/new", write, h.personCreate)
	srv.Page("GET /registry/people/{id}", read, h.personShow)
	srv.Page("GET /registry/people/{id}/edit", write, h.personEdit)
	srv.Page("POST /registry/people/{id}", write, h.personUpdate)
	srv.Page("POST /registry/people/{id}/delete", write, h.personDelete)

	h.registerAPI(srv)
}

// flashes are the notices a redirect after a change may ask for (?done=…);
// only these keys can be shown, so the parameter cannot inject text.
func flash(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "created":
		return "shell.form.created"
	case "saved":
		return "shell.form.saved"
	case "deleted":
		return "shell.form.deleted"
	case "imported":
		return "registry.import.done"
	}
	return ""
}

// show renders a page that is not a form answer.
func (h *HTTP) show(w http.ResponseWriter, r *http.Request, name, title string, data any) error {
	h.srv.Render(w, r, web.Page{Name: "registry/" + name, Title: title, Flash: flash(r), Data: data})
	return nil
}

// refused re-renders a form with the user's input and what was wrong with
// it (422); any other error goes to the shell's error pages.
func (h *HTTP) refused(w http.ResponseWriter, r *http.Request, name, title string, err error, data any) error {
	v, ok := errs.AsValidation(err)
	if !ok {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "registry/" + name, Title: title, Status: http.StatusUnprocessableEntity, Errors: v, Data: data})
	return nil
}

// listing is what every list page shares: the query (search text and
// filters, kept in links), the pager and the export link.
type listing struct {
	Query     url.Values
	Total     int
	Pager     web.Pager
	ExportURL string
}

func newListing(r *http.Request, base string, total, limit, offset int) listing {
	q := r.URL.Query()
	exp := url.Values{}
	for k, v := range q {
		if k != "limit" && k != "offset" && k != "done" {
			exp[k] = v
		}
	}
	u := base + "/export.xlsx"
	if len(exp) > 0 {
		u += "?" + exp.Encode()
	}
	return listing{Query: q, Total: total, Pager: web.Pager{Total: total, Limit: limit, Offset: offset, URL: r.URL}, ExportURL: u}
}

// Query parameters are read leniently on pages and in the API alike: a
// malformed number filters nothing rather than failing the list.
func qInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func qStr(r *http.Request, name string) string { return strings.TrimSpace(r.URL.Query().Get(name)) }

// Form values. Numbers that do not parse are reported on their field.
func fStr(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

func fBool(r *http.Request, name string) bool {
	v := r.PostFormValue(name)
	return v == "on" || v == "true" || v == "1"
}

func fID(r *http.Request, v *errs.Validation, name string) int64 {
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

func fInt(r *http.Request, v *errs.Validation, name string) int {
	s := fStr(r, name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(name, keyBadNum)
		return 0
	}
	return n
}

func fFloat(r *http.Request, v *errs.Validation, name string) *float64 {
	s := fStr(r, name)
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		v.Add(name, keyBadNum)
		return nil
	}
	return &f
}

// merge joins the form's own parse errors with the rules the input breaks,
// so the form shows every problem at once.
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

// writableDivisions are the divisions the principal may place records in,
// for form choosers.
func (h *HTTP) writableDivisions(r *http.Request) ([]Division, error) {
	all, err := h.svc.AllDivisions(r.Context())
	if err != nil {
		return nil, err
	}
	p := access.From(r.Context())
	var out []Division
	for _, d := range all {
		if p.Scope.CoversDivision(d.Code) {
			out = append(out, d)
		}
	}
	return out, nil
}

// visibleDivisions are the divisions worth offering as a list filter: those
// in the principal's scope (all for the prefecture, its own for a county).
func (h *HTTP) visibleDivisions(r *http.Request) ([]Division, error) {
	p := access.From(r.Context())
	if p.Scope.Org != 0 {
		return nil, nil
	}
	return h.writableDivisions(r)
}

func (h *HTTP) overview(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.Counts(r.Context())
	if err != nil {
		return err
	}
	return h.show(w, r, "index", "registry.title", n)
}
