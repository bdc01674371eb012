package registry

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// Excel glue: every list exports what the page shows (same filters, same
// scope, since it is the same service call with every row), with headers in
// the reader's language; organisations, parks and people import from the
// same layout, all or nothing.

// col is one spreadsheet column: its canonical name (the input field it
// fills, for imports and error reports) and the catalog key of its title.
type col struct {
	name, key string
}

func titles(h *HTTP, r *http.Request, cols []col) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = h.srv.Renderer().T(r, c.key)
	}
	return out
}

// aliases maps every title a column may carry — Chinese, English, or its
// canonical name — to the canonical name, so that a sheet exported in one
// language imports in the other.
func aliases(cat *web.Catalog, cols []col) map[string]string {
	m := map[string]string{}
	for _, c := range cols {
		m[c.name] = c.name
		for _, lang := range web.Langs() {
			m[cat.T(lang, c.key)] = c.name
		}
	}
	return m
}

// sendXLSX writes a workbook built in memory, so that a failure half-way
// is still an error page and not a truncated download.
func (h *HTTP) sendXLSX(w http.ResponseWriter, r *http.Request, titleKey string, cols []col, rows func(yield func([]any) error) error) error {
	title := h.srv.Renderer().T(r, titleKey)
	var buf bytes.Buffer
	if err := xlsx.Export(&buf, title, titles(h, r, cols), rows); err != nil {
		return err
	}
	name := title + "-" + time.Now().In(time.FixedZone("CST", 8*3600)).Format("20060102") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

func yesNo(h *HTTP, r *http.Request, b bool) string {
	if b {
		return h.srv.Renderer().T(r, "registry.yes")
	}
	return h.srv.Renderer().T(r, "registry.no")
}

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Columns of each entity. Those of orgSheet, parkSheet and personSheet
// that have an input field are also the import layout; the
// others (id, names of referenced records, timestamps) are ignored on import.
func divisionSheet() []col {
	return []col{{"code", "registry.division.code"}, {"name", "registry.division.name"}, {"level", "registry.division.level"},
		{"parent_code", "registry.division.parent"}, {"updated_at", "registry.updated_at"}}
}

func parkSheet() []col {
	return []col{{"name", "registry.park.name"}, {"short_name", "registry.park.short_name"}, {"level", "registry.park.level"},
		{"kind", "registry.park.kind"}, {"division_code", "registry.division.code"}, {"committee", "registry.park.committee"},
		{"area_km2", "registry.park.area"}, {"established", "registry.park.established"}, {"notes", "registry.notes"},
		{"illustrative", "registry.illustrative"}, {"division_name", "registry.division.name"}, {"id", "registry.id"},
		{"updated_at", "registry.updated_at"}}
}

func orgSheet() []col {
	return []col{{"kind", "registry.org.kind"}, {"name", "registry.org.name"}, {"uscc", "registry.org.uscc"},
		{"division_code", "registry.division.code"}, {"park", "registry.org.park"}, {"industry", "registry.org.industry"},
		{"legal_rep", "registry.org.legal_rep"}, {"principal", "registry.org.principal"}, {"phone", "registry.phone"},
		{"address", "registry.org.address"}, {"notes", "registry.notes"}, {"illustrative", "registry.illustrative"},
		{"clusters", "registry.org.clusters"}, {"division_name", "registry.division.name"}, {"id", "registry.id"},
		{"updated_at", "registry.updated_at"}}
}

func personSheet() []col {
	return []col{{"name", "registry.person.name"}, {"title", "registry.person.position"}, {"org", "registry.person.org"},
		{"division_code", "registry.division.code"}, {"phone", "registry.phone"}, {"role_note", "registry.person.role_note"},
		{"notes", "registry.notes"}, {"illustrative", "registry.illustrative"}, {"division_name", "registry.division.name"},
		{"id", "registry.id"}, {"updated_at", "registry.updated_at"}}
}

func clusterSheet() []col {
	return []col{{"taxonomy_code", "registry.taxonomy.code"}, {"taxonomy_version", "registry.taxonomy.version"},
		{"taxonomy_name", "registry.taxonomy.name"}, {"scope", "registry.taxonomy.scope"}, {"effective_from", "registry.taxonomy.effective_from"},
		{"effective_to", "registry.taxonomy.effective_to"}, {"code", "registry.cluster.code"}, {"name", "registry.cluster.name"},
		{"sort_order", "registry.cluster.sort_order"}}
}

// importable cuts a column list to the columns an import reads.
func importable(cols []col) []col {
	var out []col
	for _, c := range cols {
		switch c.name {
		case "id", "division_name", "updated_at", "clusters":
			continue
		}
		out = append(out, c)
	}
	return out
}

func (h *HTTP) divisionExport(w http.ResponseWriter, r *http.Request) error {
	f := divisionFilter(r)
	f.Limit, f.Offset = -1, 0
	items, _, err := h.svc.ListDivisions(r.Context(), f)
	if err != nil {
		return err
	}
	return h.sendXLSX(w, r, "registry.division.title", divisionSheet(), func(yield func([]any) error) error {
		for _, d := range items {
			if err := yield([]any{d.Code, d.Name, h.srv.Renderer().T(r, "registry.level."+string(d.Level)), d.ParentCode, d.UpdatedAt}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (h *HTTP) parkExport(w http.ResponseWriter, r *http.Request) error {
	f := parkFilter(r)
	f.Limit, f.Offset = -1, 0
	items, _, err := h.svc.ListParks(r.Context(), f)
	if err != nil {
		return err
	}
	T := h.srv.Renderer().T
	return h.sendXLSX(w, r, "registry.park.title", parkSheet(), func(yield func([]any) error) error {
		for _, p := range items {
			if err := yield([]any{p.Name, p.ShortName, T(r, "registry.park_level."+string(p.Level)), T(r, "registry.park_kind."+string(p.Kind)),
				p.DivisionCode, p.Committee, p.AreaKm2, p.Established.Date, p.Notes, yesNo(h, r, p.Illustrative), p.DivisionName, p.ID, p.UpdatedAt}); err != nil {
				return err
			}
		}
		return nil
	})
}

func clusterNames(cs []ClusterRef) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.TaxonomyName + "（" + c.TaxonomyVersion + "）：" + c.Name
	}
	return strings.Join(names, "；")
}

func (h *HTTP) orgExport(w http.ResponseWriter, r *http.Request) error {
	f := orgFilter(r)
	f.Limit, f.Offset = -1, 0
	items, _, err := h.svc.ListOrganisations(r.Context(), f)
	if err != nil {
		return err
	}
	T := h.srv.Renderer().T
	return h.sendXLSX(w, r, "registry.org.title", orgSheet(), func(yield func([]any) error) error {
		for _, o := range items {
			if err := yield([]any{T(r, "registry.org_kind."+string(o.Kind)), o.Name, o.USCC, o.DivisionCode, o.ParkName, o.Industry,
				o.LegalRep, o.Principal, o.Phone, o.Address, o.Notes, yesNo(h, r, o.Illustrative), clusterNames(o.Clusters),
				o.DivisionName, o.ID, o.UpdatedAt}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (h *HTTP) personExport(w http.ResponseWriter, r *http.Request) error {
	f := personFilter(r)
	f.Limit, f.Offset = -1, 0
	items, _, err := h.svc.ListPeople(r.Context(), f)
	if err != nil {
		return err
	}
	return h.sendXLSX(w, r, "registry.person.title", personSheet(), func(yield func([]any) error) error {
		for _, p := range items {
			if err := yield([]any{p.Name, p.Title, p.OrgName, p.DivisionCode, p.Phone, p.RoleNote, p.Notes, yesNo(h, r, p.Illustrative),
				p.DivisionName, p.ID, p.UpdatedAt}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (h *HTTP) clusterExport(w http.ResponseWriter, r *http.Request) error {
	f, _ := taxonomyFilter(r)
	f.Limit, f.Offset = -1, 0
	items, _, err := h.svc.ListTaxonomies(r.Context(), f)
	if err != nil {
		return err
	}
	prefecture := h.srv.Renderer().T(r, "registry.taxonomy.prefecture")
	return h.sendXLSX(w, r, "registry.taxonomy.title", clusterSheet(), func(yield func([]any) error) error {
		for _, t := range items {
			scope := t.ParkName
			if t.ParkID == 0 {
				scope = prefecture
			}
			for _, c := range t.Clusters {
				if err := yield([]any{t.Code, t.Version, t.Name, scope, t.EffectiveFrom.Date, t.EffectiveTo.Date, c.Code, c.Name, c.SortOrder}); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Import pages.

type importPage struct {
	Entity  string // "orgs", "parks", "people"
	Columns []string
	Report  *xlsx.Report
}

func (h *HTTP) importForm(w http.ResponseWriter, r *http.Request, entity, titleKey string, cols []col) error {
	return h.show(w, r, "import", titleKey, importPage{Entity: entity, Columns: titles(h, r, importable(cols))})
}

func (h *HTTP) importTemplate(w http.ResponseWriter, r *http.Request, titleKey string, cols []col) error {
	return h.sendXLSX(w, r, titleKey, importable(cols), func(func([]any) error) error { return nil })
}

// readUpload reads the uploaded workbook, or answers with the import page
// showing why it cannot be read (too large, not an .xlsx, missing columns).
func (h *HTTP) readUpload(w http.ResponseWriter, r *http.Request, entity, titleKey string, cols []col, required ...string) (*xlsx.Sheet, bool, error) {
	sheet, err := xlsx.FormSheet(r, xlsx.DefaultLimits(), aliases(h.srv.Renderer().Catalog(), importable(cols)))
	if err == nil {
		err = sheet.Require(required...)
	}
	if err != nil {
		return nil, false, h.refused(w, r, "import", titleKey, err, importPage{Entity: entity, Columns: titles(h, r, importable(cols))})
	}
	return sheet, true, nil
}

// importDone answers the service's verdict: the list with a notice, or the
// import page with every row's problems (nothing was saved).
func (h *HTTP) importDone(w http.ResponseWriter, r *http.Request, entity, titleKey string, cols []col, sheet *xlsx.Sheet, err error) error {
	var ie *ImportError
	if errors.As(err, &ie) {
		rep := &xlsx.Report{Rows: len(sheet.Rows)}
		for _, p := range ie.Problems {
			column := ""
			if name := fieldColumn(p.Field); name != "" {
				column = sheet.Title(name)
			}
			rep.Add(p.Row, column, p.Key, p.Args...)
		}
		h.srv.Render(w, r, web.Page{Name: "registry/import", Title: titleKey, Status: http.StatusUnprocessableEntity,
			Data: importPage{Entity: entity, Columns: titles(h, r, importable(cols)), Report: rep}})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/registry/"+entity+"?done=imported")
	return nil
}

// fieldColumn names the column that fills an input field.
func fieldColumn(field string) string {
	switch field {
	case "park_id":
		return "park"
	case "org_id":
		return "org"
	case "cluster_ids":
		return "clusters"
	}
	return field
}

// cells reads labelled values of one sheet.
type cells struct {
	sheet *xlsx.Sheet
	i     int
	probs []errs.FieldError
}

func (c *cells) get(name string) string { return c.sheet.Cell(c.i, name) }

func (c *cells) bad(field, key string, args ...any) {
	c.probs = append(c.probs, errs.FieldError{Field: field, Key: key, Args: args})
}

// enum reads a coded value written as its code or as its label in either
// language; "" stays "" for the service to report as missing.
func (c *cells) enum(name, field, badKey string, labels map[string]string) string {
	v := c.get(name)
	if v == "" {
		return ""
	}
	if code, ok := labels[strings.ToLower(v)]; ok {
		return code
	}
	c.bad(field, badKey)
	return ""
}

func (c *cells) boolean(name string, labels map[string]string) bool {
	v := strings.ToLower(c.get(name))
	if v == "" {
		return false
	}
	b, ok := labels[v]
	if !ok {
		c.bad(name, "registry.import.bad_bool")
	}
	return b == "yes"
}

func (c *cells) date(name string) string {
	v := c.get(name)
	if v == "" {
		return ""
	}
	t, ok := xlsx.ParseDate(v)
	if !ok {
		c.bad(name, keyBadDate)
		return ""
	}
	return t.Format(time.DateOnly)
}

func (c *cells) number(name string) *float64 {
	v := c.get(name)
	if v == "" {
		return nil
	}
	f, ok := xlsx.ParseNumber(v)
	if !ok {
		c.bad(name, keyBadNum)
		return nil
	}
	return &f
}

// division reads a division written as its code or its exact name.
func (c *cells) division(byName map[string]string) string {
	v := c.get("division_code")
	if v == "" || ValidDivisionCode(v) {
		return v
	}
	if code, ok := byName[v]; ok {
		return code
	}
	c.bad("division_code", keyDivisionUnknown)
	return ""
}

// labels maps codes and their labels in both languages (lower case) to codes.
func labels[T ~string](cat *web.Catalog, prefix string, codes []T) map[string]string {
	m := map[string]string{}
	for _, code := range codes {
		m[strings.ToLower(string(code))] = string(code)
		for _, lang := range web.Langs() {
			m[strings.ToLower(cat.T(lang, prefix+string(code)))] = string(code)
		}
	}
	return m
}

func boolLabels(cat *web.Catalog) map[string]string {
	m := map[string]string{"true": "yes", "false": "no", "1": "yes", "0": "no", "y": "yes", "n": "no"}
	for _, lang := range web.Langs() {
		m[strings.ToLower(cat.T(lang, "registry.yes"))] = "yes"
		m[strings.ToLower(cat.T(lang, "registry.no"))] = "no"
	}
	return m
}

func (h *HTTP) divisionNames(r *http.Request) (map[string]string, error) {
	all, err := h.svc.AllDivisions(r.Context())
	m := map[string]string{}
	for _, d := range all {
		m[d.Name] = d.Code
	}
	return m, err
}

func (h *HTTP) divisionImportForm(w http.ResponseWriter, r *http.Request) error {
	return h.importForm(w, r, "divisions", "registry.import.divisions", divisionSheet())
}

func (h *HTTP) divisionImportTemplate(w http.ResponseWriter, r *http.Request) error {
	return h.importTemplate(w, r, "registry.division.title", divisionSheet())
}

func (h *HTTP) divisionImport(w http.ResponseWriter, r *http.Request) error {
	const title = "registry.import.divisions"
	sheet, ok, err := h.readUpload(w, r, "divisions", title, divisionSheet(), "code", "name")
	if !ok {
		return err
	}
	levels := labels(h.srv.Renderer().Catalog(), "registry.level.", DivisionLevels())
	rows := make([]ImportRow[DivisionInput], len(sheet.Rows))
	for i := range sheet.Rows {
		c := &cells{sheet: sheet, i: i}
		rows[i] = ImportRow[DivisionInput]{Row: sheet.RowNumber(i), Input: DivisionInput{
			Code: c.get("code"), Name: c.get("name"),
			Level:      c.enum("level", "level", "registry.division.level_invalid", levels),
			ParentCode: c.get("parent_code"),
		}}
		rows[i].Problems = c.probs
	}
	_, err = h.svc.ImportDivisions(r.Context(), rows)
	return h.importDone(w, r, "divisions", title, divisionSheet(), sheet, err)
}

// clusterImportSheet is the layout of a cluster import: the taxonomy version
// named by code and version, then the cluster.
func clusterImportSheet() []col {
	return []col{{"taxonomy_code", "registry.taxonomy.code"}, {"taxonomy_version", "registry.taxonomy.version"},
		{"code", "registry.cluster.code"}, {"name", "registry.cluster.name"}, {"sort_order", "registry.cluster.sort_order"}}
}

func (h *HTTP) clusterImportForm(w http.ResponseWriter, r *http.Request) error {
	return h.importForm(w, r, "clusters", "registry.import.clusters", clusterImportSheet())
}

func (h *HTTP) clusterImportTemplate(w http.ResponseWriter, r *http.Request) error {
	return h.importTemplate(w, r, "registry.taxonomy.title", clusterImportSheet())
}

func (h *HTTP) clusterImport(w http.ResponseWriter, r *http.Request) error {
	const title = "registry.import.clusters"
	sheet, ok, err := h.readUpload(w, r, "clusters", title, clusterImportSheet(), "taxonomy_code", "taxonomy_version", "code", "name")
	if !ok {
		return err
	}
	taxa, _, err := h.svc.ListTaxonomies(r.Context(), TaxonomyFilter{Limit: -1})
	if err != nil {
		return err
	}
	byKey := map[string]int64{}
	for _, t := range taxa {
		byKey[t.Code+"\x00"+t.Version] = t.ID
	}
	rows := make([]ImportRow[ClusterRow], len(sheet.Rows))
	for i := range sheet.Rows {
		c := &cells{sheet: sheet, i: i}
		in := ClusterRow{Cluster: ClusterInput{Code: c.get("code"), Name: c.get("name")}}
		if n := c.number("sort_order"); n != nil {
			in.Cluster.SortOrder = int(*n)
		}
		id, found := byKey[c.get("taxonomy_code")+"\x00"+c.get("taxonomy_version")]
		if !found {
			c.bad("taxonomy_code", "registry.taxonomy.unknown")
		}
		in.TaxonomyID = id
		rows[i] = ImportRow[ClusterRow]{Row: sheet.RowNumber(i), Input: in, Problems: c.probs}
	}
	_, err = h.svc.ImportClusters(r.Context(), rows)
	return h.importDone(w, r, "clusters", title, clusterImportSheet(), sheet, err)
}

func (h *HTTP) parkImportForm(w http.ResponseWriter, r *http.Request) error {
	return h.importForm(w, r, "parks", "registry.import.parks", parkSheet())
}

func (h *HTTP) parkImportTemplate(w http.ResponseWriter, r *http.Request) error {
	return h.importTemplate(w, r, "registry.park.title", parkSheet())
}

func (h *HTTP) parkImport(w http.ResponseWriter, r *http.Request) error {
	const title = "registry.import.parks"
	sheet, ok, err := h.readUpload(w, r, "parks", title, parkSheet(), "name", "level", "kind", "division_code")
	if !ok {
		return err
	}
	cat := h.srv.Renderer().Catalog()
	levels, kinds, yn := labels(cat, "registry.park_level.", ParkLevels()), labels(cat, "registry.park_kind.", ParkKinds()), boolLabels(cat)
	divs, err := h.divisionNames(r)
	if err != nil {
		return err
	}
	rows := make([]ImportRow[ParkInput], len(sheet.Rows))
	for i := range sheet.Rows {
		c := &cells{sheet: sheet, i: i}
		rows[i] = ImportRow[ParkInput]{Row: sheet.RowNumber(i), Input: ParkInput{
			Name: c.get("name"), ShortName: c.get("short_name"),
			Level: c.enum("level", "level", "registry.park.level_invalid", levels), Kind: c.enum("kind", "kind", "registry.park.kind_invalid", kinds),
			DivisionCode: c.division(divs), Committee: c.get("committee"), AreaKm2: c.number("area_km2"),
			Established: c.date("established"), Notes: c.get("notes"), Illustrative: c.boolean("illustrative", yn),
		}}
		rows[i].Problems = c.probs
	}
	_, err = h.svc.ImportParks(r.Context(), rows)
	return h.importDone(w, r, "parks", title, parkSheet(), sheet, err)
}

func (h *HTTP) orgImportForm(w http.ResponseWriter, r *http.Request) error {
	return h.importForm(w, r, "orgs", "registry.import.orgs", orgSheet())
}

func (h *HTTP) orgImportTemplate(w http.ResponseWriter, r *http.Request) error {
	return h.importTemplate(w, r, "registry.org.title", orgSheet())
}

func (h *HTTP) orgImport(w http.ResponseWriter, r *http.Request) error {
	const title = "registry.import.orgs"
	sheet, ok, err := h.readUpload(w, r, "orgs", title, orgSheet(), "kind", "name", "division_code")
	if !ok {
		return err
	}
	cat := h.srv.Renderer().Catalog()
	kinds, yn := labels(cat, "registry.org_kind.", OrgKinds()), boolLabels(cat)
	divs, err := h.divisionNames(r)
	if err != nil {
		return err
	}
	parks, _, err := h.svc.ListParks(r.Context(), ParkFilter{Limit: -1})
	if err != nil {
		return err
	}
	parkIDs := map[string]int64{}
	for _, p := range parks {
		parkIDs[p.Name] = p.ID
		if p.ShortName != "" {
			parkIDs[p.ShortName] = p.ID
		}
	}
	rows := make([]ImportRow[OrgInput], len(sheet.Rows))
	for i := range sheet.Rows {
		c := &cells{sheet: sheet, i: i}
		in := OrgInput{Kind: c.enum("kind", "kind", "registry.org.kind_invalid", kinds), Name: c.get("name"), USCC: c.get("uscc"),
			DivisionCode: c.division(divs), Industry: c.get("industry"), LegalRep: c.get("legal_rep"), Principal: c.get("principal"),
			Phone: c.get("phone"), Address: c.get("address"), Notes: c.get("notes"), Illustrative: c.boolean("illustrative", yn)}
		if p := c.get("park"); p != "" {
			if id, ok := parkIDs[p]; ok {
				in.ParkID = id
			} else {
				c.bad("park_id", keyParkUnknown)
			}
		}
		rows[i] = ImportRow[OrgInput]{Row: sheet.RowNumber(i), Input: in, Problems: c.probs}
	}
	_, err = h.svc.ImportOrganisations(r.Context(), rows)
	return h.importDone(w, r, "orgs", title, orgSheet(), sheet, err)
}

func (h *HTTP) personImportForm(w http.ResponseWriter, r *http.Request) error {
	return h.importForm(w, r, "people", "registry.import.people", personSheet())
}

func (h *HTTP) personImportTemplate(w http.ResponseWriter, r *http.Request) error {
	return h.importTemplate(w, r, "registry.person.title", personSheet())
}

func (h *HTTP) personImport(w http.ResponseWriter, r *http.Request) error {
	const title = "registry.import.people"
	sheet, ok, err := h.readUpload(w, r, "people", title, personSheet(), "name")
	if !ok {
		return err
	}
	yn := boolLabels(h.srv.Renderer().Catalog())
	divs, err := h.divisionNames(r)
	if err != nil {
		return err
	}
	orgs, _, err := h.svc.ListOrganisations(r.Context(), OrgFilter{Limit: -1})
	if err != nil {
		return err
	}
	// An organisation is named by its credit code or its name; a name two
	// visible organisations share is refused rather than guessed.
	byUSCC, byName := map[string]int64{}, map[string]int64{}
	for _, o := range orgs {
		if o.USCC != "" {
			byUSCC[o.USCC] = o.ID
		}
		if _, dup := byName[o.Name]; dup {
			byName[o.Name] = -1
		} else {
			byName[o.Name] = o.ID
		}
	}
	rows := make([]ImportRow[PersonInput], len(sheet.Rows))
	for i := range sheet.Rows {
		c := &cells{sheet: sheet, i: i}
		in := PersonInput{Name: c.get("name"), Title: c.get("title"), DivisionCode: c.division(divs), Phone: c.get("phone"),
			RoleNote: c.get("role_note"), Notes: c.get("notes"), Illustrative: c.boolean("illustrative", yn)}
		if o := c.get("org"); o != "" {
			id, ok := byUSCC[NormalizeUSCC(o)]
			if !ok {
				id, ok = byName[o]
			}
			switch {
			case !ok:
				c.bad("org_id", keyOrgUnknown)
			case id < 0:
				c.bad("org_id", "registry.import.ambiguous")
			default:
				in.OrgID = id
			}
		}
		rows[i] = ImportRow[PersonInput]{Row: sheet.RowNumber(i), Input: in, Problems: c.probs}
	}
	_, err = h.svc.ImportPeople(r.Context(), rows)
	return h.importDone(w, r, "people", title, personSheet(), sheet, err)
}
