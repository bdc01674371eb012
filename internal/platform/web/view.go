package web

import (
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// View is what every page template receives: the page's own Data plus what
// the layout needs. Templates call {{$.T "key"}} for every visible string.
type View struct {
	Lang      string
	Principal *access.Principal
	CSRF      string
	Path      string
	// Title is a catalog key.
	Title string
	// Flash is a catalog key of a one-line notice shown above the content.
	Flash string
	// Errors are the broken rules of the submitted form, shown beside fields.
	Errors *errs.Validation
	Data   any
	Nav    []NavItem

	cat *Catalog
}

// T translates key into the page's language.
func (v *View) T(key string, args ...any) string { return v.cat.T(v.Lang, key, args...) }

// TOr translates key, or shows fallback when the catalog has no such key:
// for codes that come from data (audit actions, object types), where a
// new code should read as itself rather than as a missing key.
func (v *View) TOr(key, fallback string) string {
	if !v.cat.Has(key) {
		return fallback
	}
	return v.cat.T(v.Lang, key)
}

// Pager returns p with its links named in the page's language.
func (v *View) Pager(p Pager) Pager {
	p.PrevLabel, p.NextLabel = v.T("shell.pager.prev"), v.T("shell.pager.next")
	return p
}

// FieldError returns the translated error for field, or "".
func (v *View) FieldError(field string) string {
	if v.Errors == nil {
		return ""
	}
	for _, f := range v.Errors.Fields {
		if f.Field == field {
			return v.cat.T(v.Lang, f.Key, f.Args...)
		}
	}
	return ""
}

// ErrorList returns every translated error, for a summary above the form.
func (v *View) ErrorList() []string {
	if v.Errors == nil {
		return nil
	}
	out := make([]string, len(v.Errors.Fields))
	for i, f := range v.Errors.Fields {
		out[i] = v.cat.T(v.Lang, f.Key, f.Args...)
	}
	return out
}

// ErrorItem is one broken rule for the summary above a form: the field it
// belongs to (the input's name) and the message.
type ErrorItem struct {
	Field, Message string
}

// ErrorItems are the form's errors in order with their fields, so that the
// summary can name each field and lead to it (app.js).
func (v *View) ErrorItems() []ErrorItem {
	if v.Errors == nil {
		return nil
	}
	out := make([]ErrorItem, len(v.Errors.Fields))
	for i, f := range v.Errors.Fields {
		out[i] = ErrorItem{Field: f.Field, Message: v.cat.T(v.Lang, f.Key, f.Args...)}
	}
	return out
}

// Can reports whether the viewer holds a permission, for showing buttons.
func (v *View) Can(perm string) bool { return v.Principal.Can(access.Permission(perm)) }

// NavItem is one entry of the main navigation.
type NavItem struct {
	Href   string
	Label  string // catalog key
	Perm   access.Permission
	Active bool
}

// navFor lists the modules the principal may open, the current one marked.
func navFor(p *access.Principal, items []NavItem, path string) []NavItem {
	if p == nil {
		return nil
	}
	var out []NavItem
	for _, it := range items {
		if it.Perm != "" && !p.Can(it.Perm) {
			continue
		}
		it.Active = path == it.Href || (it.Href != "/" && len(path) > len(it.Href) && path[:len(it.Href)+1] == it.Href+"/")
		out = append(out, it)
	}
	return out
}
