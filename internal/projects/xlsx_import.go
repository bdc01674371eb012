package projects

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

// Monthly reports import from a workbook, all or nothing, with every
// row's problems reported against its row and column. A row names its
// project by national code (项目代码) or by id; titles are accepted in
// Chinese, English or as the canonical names.

type col struct{ name, key string }

func reportSheet() []col {
	return []col{{"code", "projects.field.code"}, {"project_id", "projects.import.project_id"}, {"month", "projects.report.month"},
		{"physical_amount", "projects.report.physical"}, {"stats_amount", "projects.report.stats"},
		{"physical_pct", "projects.report.pct"}, {"narrative", "projects.report.narrative"}, {"problems", "projects.report.problems"}}
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

type importPage struct {
	Columns []string
	Report  *xlsx.Report
}

func (h *HTTP) reportImportForm(w http.ResponseWriter, r *http.Request) error {
	h.srv.Render(w, r, web.Page{Name: "projects/import", Title: "projects.import.title", Data: importPage{Columns: h.titles(r, reportSheet())}})
	return nil
}

func (h *HTTP) reportImportTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	title := h.srv.Renderer().T(r, "projects.import.title")
	if err := xlsx.Export(&buf, title, h.titles(r, reportSheet()), func(func([]any) error) error { return nil }); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": title + ".xlsx"}))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

func (h *HTTP) reportImport(w http.ResponseWriter, r *http.Request) error {
	cols := reportSheet()
	page := importPage{Columns: h.titles(r, cols)}
	sheet, err := xlsx.FormSheet(r, xlsx.DefaultLimits(), aliases(h.srv.Renderer().Catalog(), cols))
	if err == nil {
		err = sheet.Require("month", "physical_amount")
	}
	if err != nil {
		v, ok := errs.AsValidation(err)
		if !ok {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "projects/import", Title: "projects.import.title", Status: http.StatusUnprocessableEntity, Errors: v, Data: page})
		return nil
	}
	rows := make([]registry.ImportRow[ReportInput], len(sheet.Rows))
	for i := range sheet.Rows {
		row := registry.ImportRow[ReportInput]{Row: sheet.RowNumber(i), Input: ReportInput{
			Month: sheet.Cell(i, "month"), PhysicalAmount: sheet.Cell(i, "physical_amount"), StatsAmount: sheet.Cell(i, "stats_amount"),
			PhysicalPct: sheet.Cell(i, "physical_pct"), Narrative: sheet.Cell(i, "narrative"), Problems: sheet.Cell(i, "problems")}}
		if m, ok := xlsxMonth(row.Input.Month); ok {
			row.Input.Month = m
		}
		code, idText := sheet.Cell(i, "code"), sheet.Cell(i, "project_id")
		switch {
		case code != "":
			id, err := h.svc.ProjectIDByCode(r.Context(), code)
			if errors.Is(err, errs.ErrNotFound) {
				row.Problems = append(row.Problems, errs.FieldError{Field: "code", Key: keyProjectUnknown})
			} else if err != nil {
				return err
			}
			row.Input.ProjectID = id
		case idText != "":
			id, err := strconv.ParseInt(idText, 10, 64)
			if err != nil || id <= 0 {
				row.Problems = append(row.Problems, errs.FieldError{Field: "project_id", Key: keyBadNum})
			}
			row.Input.ProjectID = id
		default:
			row.Problems = append(row.Problems, errs.FieldError{Field: "code", Key: keyRequired})
		}
		rows[i] = row
	}
	_, err = h.svc.ImportReports(r.Context(), rows)
	var ie *registry.ImportError
	if errors.As(err, &ie) {
		rep := &xlsx.Report{Rows: len(sheet.Rows)}
		for _, p := range ie.Problems {
			column := ""
			switch p.Field {
			case "project":
				column = sheet.Title("code")
			case "code", "project_id", "month", "physical_amount", "stats_amount", "physical_pct", "narrative", "problems":
				column = sheet.Title(p.Field)
			}
			rep.Add(p.Row, column, p.Key, p.Args...)
		}
		page.Report = rep
		h.srv.Render(w, r, web.Page{Name: "projects/import", Title: "projects.import.title", Status: http.StatusUnprocessableEntity, Data: page})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/projects/library?done=imported")
	return nil
}

// xlsxMonth accepts a month cell as Excel users write it: "2025-06",
// "202506", "2025/6", "2025年6月", or a date in the month.
func xlsxMonth(s string) (string, bool) {
	if m, ok := ParseMonth(s); ok {
		return m.String(), true
	}
	if t, ok := xlsx.ParseDate(s); ok {
		return MonthOf(t.Year(), t.Month()).String(), true
	}
	r := []rune(s)
	var y, mo, n int
	part := 0
	for _, c := range r {
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		case c == '/' || c == '-' || c == '年' || c == '.':
			if part == 0 {
				y, n, part = n, 0, 1
			}
		case c == '月':
		default:
			return "", false
		}
	}
	if part == 1 {
		mo = n
	}
	m := Month(y*100 + mo)
	if part != 1 || !m.Valid() {
		return "", false
	}
	return m.String(), true
}
