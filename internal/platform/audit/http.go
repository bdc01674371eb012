package audit

import (
	"embed"
	"io/fs"
	"net/http"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed locale/*.json
var localeFiles embed.FS

// Templates returns the audit page templates.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "audit", FS: sub}
}

// Locale returns the audit message catalogs.
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// HTTP serves the audit page and API.
type HTTP struct {
	db  *db.DB
	srv *web.Server
}

// Register adds the audit routes to srv.
func Register(d *db.DB, srv *web.Server) {
	h := &HTTP{db: d, srv: srv}
	srv.Page("GET /audit", access.PermAuditRead, h.page)
	srv.API(web.Op{Method: "GET", Path: "/api/v1/audit", Summary: "List audit records (newest first)", Tag: "audit",
		Perm: access.PermAuditRead, Response: web.List[Record]{},
		Query: []web.Param{
			{Name: "actor", Type: "string", Description: "username"},
			{Name: "object_type", Type: "string"}, {Name: "object_id", Type: "string"},
			{Name: "from", Type: "string", Description: "YYYY-MM-DD (China time), inclusive"},
			{Name: "to", Type: "string", Description: "YYYY-MM-DD (China time), inclusive"},
			{Name: "limit", Type: "integer"}, {Name: "offset", Type: "integer"},
		}}, h.api)
}

// filterFrom reads the page's and the API's query parameters; a malformed
// date is a validation error, not an empty result.
func filterFrom(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	f := Filter{Actor: q.Get("actor"), ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id")}
	f.Limit, f.Offset = web.Paging(r)
	v := &errs.Validation{}
	cst := time.FixedZone("CST", 8*3600)
	if s := q.Get("from"); s != "" {
		t, err := time.ParseInLocation(time.DateOnly, s, cst)
		if err != nil {
			v.Add("from", "shell.form.bad_date")
		}
		f.From = t
	}
	if s := q.Get("to"); s != "" {
		t, err := time.ParseInLocation(time.DateOnly, s, cst)
		if err != nil {
			v.Add("to", "shell.form.bad_date")
		}
		f.To = t.AddDate(0, 0, 1) // inclusive of the whole day
	}
	return f, v.Err()
}

type pageData struct {
	Records []Record
	Pager   web.Pager
	Query   map[string]string
}

func (h *HTTP) page(w http.ResponseWriter, r *http.Request) error {
	f, err := filterFrom(r)
	data := pageData{Query: map[string]string{}}
	for _, k := range []string{"actor", "object_type", "object_id", "from", "to"} {
		data.Query[k] = r.URL.Query().Get(k)
	}
	if v, ok := errs.AsValidation(err); ok {
		h.srv.Render(w, r, web.Page{Name: "audit/list", Title: "audit.title", Status: http.StatusUnprocessableEntity, Errors: v, Data: data})
		return nil
	}
	recs, total, err := List(r.Context(), h.db.Read(), f)
	if err != nil {
		return err
	}
	data.Records = recs
	data.Pager = web.Pager{Total: total, Limit: f.Limit, Offset: f.Offset, URL: r.URL}
	h.srv.Render(w, r, web.Page{Name: "audit/list", Title: "audit.title", Data: data})
	return nil
}

func (h *HTTP) api(w http.ResponseWriter, r *http.Request) error {
	f, err := filterFrom(r)
	if err != nil {
		return err
	}
	recs, total, err := List(r.Context(), h.db.Read(), f)
	if err != nil {
		return err
	}
	if recs == nil {
		recs = []Record{}
	}
	web.WriteJSON(w, http.StatusOK, web.List[Record]{Items: recs, Total: total, Limit: f.Limit, Offset: f.Offset})
	return nil
}
