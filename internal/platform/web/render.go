package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

//go:embed templates/*.html
var baseTemplates embed.FS

//go:embed locale/*.json
var baseLocale embed.FS

// Locale returns the shell's own message catalog files.
func Locale() fs.FS {
	sub, _ := fs.Sub(baseLocale, "locale")
	return sub
}

// Renderer executes page templates inside the shared layout. Each component
// contributes a folder of templates: pages are parsed together with the
// layout and with the component's partials (files whose names start with "_").
type Renderer struct {
	cat    *Catalog
	assets *Assets
	nav    []NavItem
	pages  map[string]*template.Template
	log    *slog.Logger
}

// TemplateSet is one component's templates.
type TemplateSet struct {
	Component string // pages are named "component/file" without .html
	FS        fs.FS
	// Shared makes the set's partials visible to every page (platform
	// pieces such as the Excel import form), not just its own component's.
	Shared bool
}

// NewRenderer parses the layout, the shell's own pages and every set.
func NewRenderer(cat *Catalog, assets *Assets, nav []NavItem, log *slog.Logger, sets ...TemplateSet) (*Renderer, error) {
	r := &Renderer{cat: cat, assets: assets, nav: nav, pages: map[string]*template.Template{}, log: log}
	funcs := template.FuncMap{
		"asset":    assets.URL,
		"hasAsset": assets.Has,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(chinaTime()).Format("2006-01-02")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(chinaTime()).Format("2006-01-02 15:04")
		},
		"add": func(a, b int) int { return a + b },
		"seq": func(n int) []int {
			s := make([]int, n)
			for i := range s {
				s[i] = i + 1
			}
			return s
		},
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(baseTemplates, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("layout templates: %w", err)
	}
	for _, set := range sets {
		if !set.Shared {
			continue
		}
		if shared, _ := fs.Glob(set.FS, "_*.html"); len(shared) > 0 {
			if _, err := base.ParseFS(set.FS, shared...); err != nil {
				return nil, fmt.Errorf("shared templates %s: %w", set.Component, err)
			}
		}
	}
	shell, _ := fs.Sub(baseTemplates, "templates")
	all := append([]TemplateSet{{Component: "shell", FS: shell, Shared: true}}, sets...)
	for _, set := range all {
		// The shell's and shared sets' partials are already in base; a
		// component's own partials are visible to its pages only.
		var partials []string
		if !set.Shared {
			partials, _ = fs.Glob(set.FS, "_*.html")
		}
		pages, _ := fs.Glob(set.FS, "[^_]*.html")
		for _, p := range pages {
			t, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if _, err := t.ParseFS(set.FS, slices.Concat(partials, []string{p})...); err != nil {
				return nil, fmt.Errorf("template %s/%s: %w", set.Component, p, err)
			}
			r.pages[set.Component+"/"+strings.TrimSuffix(path.Base(p), ".html")] = t
		}
	}
	return r, nil
}

// chinaTime is UTC+8, the only time zone the prefecture works in. A fixed
// zone needs no tzdata on the server.
func chinaTime() *time.Location { return time.FixedZone("CST", 8*3600) }

// Page is what a handler asks to render.
type Page struct {
	Name   string // "component/file"
	Title  string // catalog key
	Status int    // 0 means 200
	Flash  string
	Errors *errs.Validation
	Data   any
}

// NewView builds the layout's data for r.
func (rd *Renderer) NewView(r *http.Request, title string, data any) *View {
	p := access.From(r.Context())
	lang := RequestLang(r, langOf(p))
	return &View{Lang: lang, Principal: p, CSRF: CSRFToken(r.Context()), Path: r.URL.Path,
		Title: title, Data: data, Nav: navFor(p, rd.nav, r.URL.Path), cat: rd.cat}
}

func langOf(p *access.Principal) string {
	if p == nil {
		return ""
	}
	return p.Lang
}

// Render writes page pg. An htmx request that is not a boosted navigation
// gets only the page's "partial" block when it has one (a table refreshed
// by a search box); everything else gets the full layout.
func (rd *Renderer) Render(w http.ResponseWriter, r *http.Request, pg Page) {
	t, ok := rd.pages[pg.Name]
	if !ok {
		rd.log.Error("unknown template", "page", pg.Name)
		http.Error(w, "template not found", http.StatusInternalServerError)
		return
	}
	v := rd.NewView(r, pg.Title, pg.Data)
	v.Flash, v.Errors = pg.Flash, pg.Errors
	entry := "layout"
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Boosted") != "true" && t.Lookup("partial") != nil {
		entry = "partial"
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, entry, v); err != nil {
		rd.log.Error("render", "page", pg.Name, "err", err)
		http.Error(w, "render error", http.StatusInternalServerError)
		return
	}
	status := pg.Status
	if status == 0 {
		status = http.StatusOK
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", v.Lang)
	w.Header().Set("Vary", "HX-Request, Accept-Language, Cookie")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// T translates for the request's language, for text set outside templates
// (downloads, headers of exported sheets).
func (rd *Renderer) T(r *http.Request, key string, args ...any) string {
	return rd.cat.T(RequestLang(r, langOf(access.From(r.Context()))), key, args...)
}

// Catalog returns the message catalog.
func (rd *Renderer) Catalog() *Catalog { return rd.cat }
