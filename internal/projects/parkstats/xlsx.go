package parkstats

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/changji-gov/bogda/internal/registry"
)

// The park table as a workbook in the layout a bureau circulates: the
// prefecture's own figure first, then the parks' total with its share,
// then every park by rank; money in 万元 as numbers Excel can sum, shares
// in percent as printed, land in 亩 and 公顷.

func amt(a *Amount) any {
	if a == nil {
		return nil
	}
	return float64(*a) / 100
}

func pct(s string) any {
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return f
}

func sendWorkbook(w http.ResponseWriter, name string, buf *bytes.Buffer) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name + ".xlsx"}))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

func (h *HTTP) tableExport(w http.ResponseWriter, r *http.Request) error {
	q, err := h.tableQuery(r)
	if err != nil {
		return err
	}
	t, err := h.svc.ParkTable(r.Context(), q)
	if err != nil {
		return err
	}
	tr := func(key string, args ...any) string { return h.srv.Renderer().T(r, key, args...) }
	headers := []string{tr("parkstats.col.rank"), tr("parkstats.col.park"), tr("parkstats.col.level"), tr("parkstats.col.division"),
		tr("parkstats.col.scope"), tr("parkstats.col.gross_output"), tr("parkstats.col.added_value"), tr("parkstats.col.share"),
		tr("parkstats.col.revenue"), tr("parkstats.col.tax"), tr("parkstats.col.employment"), tr("parkstats.col.land_mu"),
		tr("parkstats.col.land_ha"), tr("parkstats.col.high_tech"), tr("parkstats.col.revision")}
	scope := func(f *Figure) any {
		if f == nil {
			return nil
		}
		return tr("parkstats.scope." + string(f.Scope))
	}
	row := func(rank any, name, level, div string, f *Figure, share string, ht any) []any {
		if f == nil {
			return []any{rank, name, level, div, nil, nil, nil, pct(share), nil, nil, nil, nil, nil, ht, nil}
		}
		return []any{rank, name, level, div, scope(f), amt(f.GrossOutput), amt(f.AddedValue), pct(share), amt(f.Revenue), amt(f.Tax),
			f.Employment, amt(f.LandMu), pct(f.LandHa()), ht, f.Revision}
	}
	title := tr("parkstats.export.title", t.PeriodLabel())
	var buf bytes.Buffer
	err = xlsx.Export(&buf, t.PeriodLabel(), headers, func(yield func([]any) error) error {
		whole := "100.00"
		if t.Prefecture == nil {
			whole = ""
		}
		if err := yield(row(nil, tr("parkstats.row.prefecture"), "", "", t.Prefecture, whole, t.HighTechTotal)); err != nil {
			return err
		}
		total := []any{nil, tr("parkstats.row.parks_total"), "", "", nil, nil, float64(t.ParksAddedValue) / 100, pct(t.ParksShare())}
		if t.ShareProblem != "" {
			total = append(total, tr(t.ShareProblem))
		}
		if err := yield(total); err != nil {
			return err
		}
		for _, p := range t.Rows {
			var rank any
			if p.Rank > 0 {
				rank = p.Rank
			}
			if err := yield(row(rank, p.ParkName, tr("parkstats.level."+p.Level), p.Division, p.Figure, p.Share(), p.HighTech)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return sendWorkbook(w, title, &buf)
}

// ---- import of monthly (or annual) park figures ----

type col struct{ name, key string }

func figureSheet() []col {
	return []col{{"park", "parkstats.col.park"}, {"park_id", "parkstats.import.park_id"}, {"kind", "parkstats.col.kind"},
		{"period", "parkstats.col.period"}, {"stat_scope", "parkstats.col.scope"}, {"gross_output", "parkstats.col.gross_output"},
		{"added_value", "parkstats.col.added_value"}, {"revenue", "parkstats.col.revenue"}, {"tax", "parkstats.col.tax"},
		{"employment", "parkstats.col.employment"}, {"land_mu", "parkstats.col.land_mu"}, {"note", "parkstats.col.note"}}
}

func (h *HTTP) titles(r *http.Request, cols []col) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = h.srv.Renderer().T(r, c.key)
	}
	return out
}

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

// choice maps a cell in either language (or the canonical value) to the
// canonical value of a kind or scope.
func choice(cat *web.Catalog, s, prefix string, values ...string) string {
	for _, v := range values {
		if s == v {
			return v
		}
		for _, lang := range web.Langs() {
			if s == cat.T(lang, prefix+v) {
				return v
			}
		}
	}
	return s
}

type importPage struct {
	Columns []string
	Report  *xlsx.Report
}

func (h *HTTP) importForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "parkstats/import", Title: "parkstats.import.title", Data: importPage{Columns: h.titles(r, figureSheet())}})
	return nil
}

func (h *HTTP) importTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	title := h.srv.Renderer().T(r, "parkstats.import.title")
	if err := xlsx.Export(&buf, title, h.titles(r, figureSheet()), func(func([]any) error) error { return nil }); err != nil {
		return err
	}
	return sendWorkbook(w, title, &buf)
}

// importFigures enters every row of the workbook or none. A row names its
// park by name, short name or id; kind and scope may be written in either
// language; a month cell may be a date.
func (h *HTTP) importFigures(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	if _, err := editor(ctx); err != nil {
		return err
	}
	cols := figureSheet()
	page := importPage{Columns: h.titles(r, cols)}
	render := func(status int, v *errs.Validation) {
		h.srv.Render(w, r, web.Page{Name: "parkstats/import", Title: "parkstats.import.title", Status: status, Errors: v, Data: page})
	}
	cat := h.srv.Renderer().Catalog()
	sheet, err := xlsx.FormSheet(r, xlsx.DefaultLimits(), aliases(cat, cols))
	if err == nil {
		err = sheet.Require("period", "stat_scope")
	}
	if err != nil {
		v, ok := errs.AsValidation(err)
		if !ok {
			return err
		}
		render(http.StatusUnprocessableEntity, v)
		return nil
	}
	parks, _, err := h.svc.reg.ListParks(ctx, registry.ParkFilter{Limit: -1})
	if err != nil {
		return err
	}
	byName := map[string]int64{}
	for _, p := range parks {
		byName[p.Name] = p.ID
		if p.ShortName != "" {
			byName[p.ShortName] = p.ID
		}
	}
	rows := make([]registry.ImportRow[FigureInput], len(sheet.Rows))
	for i := range sheet.Rows {
		kind := choice(cat, sheet.Cell(i, "kind"), "parkstats.kind.", string(Monthly), string(Annual))
		if kind == "" {
			kind = string(Monthly)
		}
		in := FigureInput{Kind: kind, Period: sheet.Cell(i, "period"),
			Scope:       choice(cat, sheet.Cell(i, "stat_scope"), "parkstats.scope.", string(ScopeAboveScale), string(ScopeAll)),
			GrossOutput: sheet.Cell(i, "gross_output"), AddedValue: sheet.Cell(i, "added_value"), Revenue: sheet.Cell(i, "revenue"),
			Tax: sheet.Cell(i, "tax"), Employment: sheet.Cell(i, "employment"), LandMu: sheet.Cell(i, "land_mu"), Note: sheet.Cell(i, "note")}
		if kind == string(Monthly) {
			if m, ok := cellMonth(in.Period); ok {
				in.Period = m
			}
		}
		row := registry.ImportRow[FigureInput]{Row: sheet.RowNumber(i), Input: in}
		name, idText := sheet.Cell(i, "park"), sheet.Cell(i, "park_id")
		switch {
		case idText != "":
			id, err := strconv.ParseInt(idText, 10, 64)
			if err != nil || id <= 0 {
				row.Problems = append(row.Problems, errs.FieldError{Field: "park_id", Key: keyBadNum})
			}
			row.Input.ParkID = id
		case name != "":
			id, ok := byName[name]
			if !ok {
				row.Problems = append(row.Problems, errs.FieldError{Field: "park", Key: keyParkUnknown})
			}
			row.Input.ParkID = id
		default:
			row.Problems = append(row.Problems, errs.FieldError{Field: "park", Key: keyRequired})
		}
		rows[i] = row
	}
	_, err = h.svc.ImportFigures(ctx, rows)
	var ie *registry.ImportError
	if errors.As(err, &ie) {
		rep := &xlsx.Report{Rows: len(sheet.Rows)}
		for _, p := range ie.Problems {
			column := ""
			switch p.Field {
			case "park_id", "park", "kind", "period", "stat_scope", "gross_output", "added_value", "revenue", "tax", "employment", "land_mu", "note":
				column = sheet.Title(p.Field)
			}
			rep.Add(p.Row, column, p.Key, p.Args...)
		}
		page.Report = rep
		render(http.StatusUnprocessableEntity, nil)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/park-stats?done=imported")
	return nil
}

// cellMonth accepts a month as Excel users write it: "2025-06", "202506",
// or a date in the month ("2025/6/1", a date cell).
func cellMonth(s string) (string, bool) {
	if p, ok := parsePeriod(Monthly, s); ok {
		return periodLabel(Monthly, p), true
	}
	if t, ok := xlsx.ParseDate(s); ok {
		return periodLabel(Monthly, t.Year()*100+int(t.Month())), true
	}
	return "", false
}
