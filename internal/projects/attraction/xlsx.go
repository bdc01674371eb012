package attraction

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
)

// Workbooks: the pipeline and the funds ledger export with the page's
// filters; leads import all or nothing, every problem against its row and
// column. Titles are accepted in Chinese, English or as column names.

// wan is an amount as a number of 万元 for a cell.
func wan(a projects.Amount) float64 { return float64(a) / 100 }

func date(d Date) any {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func sendWorkbook(w http.ResponseWriter, title string, buf *bytes.Buffer) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": title + ".xlsx"}))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

func (h *HTTP) t(r *http.Request) func(string, ...any) string {
	return func(key string, args ...any) string { return h.srv.Renderer().T(r, key, args...) }
}

func (h *HTTP) pipelineExport(w http.ResponseWriter, r *http.Request) error {
	f := leadFilter(r)
	f.Limit, f.Offset = -1, 0
	leads, _, err := h.svc.ListLeads(r.Context(), f)
	if err != nil {
		return err
	}
	t := h.t(r)
	headers := []string{t("attraction.field.name"), t("attraction.field.investor_name"), t("attraction.field.investor_province"),
		t("attraction.field.ownership"), t("attraction.field.division"), t("attraction.field.park"), t("attraction.field.cluster"),
		t("attraction.field.stage"), t("attraction.field.stage_on"), t("attraction.field.planned"), t("attraction.field.first_signed"),
		t("attraction.field.contracted"), t("attraction.field.arrived"), t("attraction.field.project"), t("attraction.field.illustrative")}
	var buf bytes.Buffer
	title := t("attraction.pipeline.title")
	err = xlsx.Export(&buf, title, headers, func(yield func([]any) error) error {
		for _, l := range leads {
			project := ""
			if l.ProjectID != 0 {
				project = idStr(l.ProjectID)
			}
			illus := ""
			if l.Illustrative {
				illus = t("attraction.illustrative")
			}
			if err := yield([]any{l.Name, l.InvestorName, l.InvestorProvince, t("attraction.ownership." + string(l.Ownership)),
				l.DivisionName, l.ParkName, l.ClusterName, t("attraction.stage." + string(l.Stage)), date(l.StageOn), wan(l.Planned),
				date(l.FirstSignedOn), wan(l.Contracted), wan(l.Arrived), project, illus}); err != nil {
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

func (h *HTTP) fundsExport(w http.ResponseWriter, r *http.Request) error {
	ff := h.fundFilter(r)
	ff.Limit, ff.Offset = -1, 0
	fs, _, err := h.svc.ListFunds(r.Context(), ff)
	if err != nil {
		return err
	}
	t := h.t(r)
	headers := []string{t("attraction.fund.arrived_on"), t("attraction.field.name"), t("attraction.field.division"),
		t("attraction.fund.amount"), t("attraction.fund.source_province"), t("attraction.field.ownership"), t("attraction.field.cluster"),
		t("attraction.fund.official"), t("attraction.field.notes")}
	var buf bytes.Buffer
	title := t("attraction.funds.title")
	err = xlsx.Export(&buf, title, headers, func(yield func([]any) error) error {
		for _, f := range fs {
			official := t("attraction.no")
			if f.Official {
				official = t("attraction.yes")
			}
			if err := yield([]any{date(f.ArrivedOn), f.LeadName, f.DivisionCode, wan(f.Amount), f.SourceProvince,
				t("attraction.ownership." + string(f.Ownership)), f.ClusterName, official, f.Notes}); err != nil {
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

type col struct{ name, key string }

func importSheet() []col {
	return []col{{"name", "attraction.field.name"}, {"investor_name", "attraction.field.investor_name"},
		{"investor_province", "attraction.field.investor_province"}, {"ownership", "attraction.field.ownership"},
		{"division_code", "attraction.field.division_code"}, {"park", "attraction.field.park"}, {"cluster", "attraction.field.cluster"},
		{"planned_investment", "attraction.field.planned"}, {"stage", "attraction.field.stage"}, {"stage_on", "attraction.field.stage_on"},
		{"signed_on", "attraction.signing.signed_on"}, {"signed_amount", "attraction.signing.amount"},
		{"contract_no", "attraction.signing.contract_no"}, {"notes", "attraction.field.notes"}}
}

func (h *HTTP) titles(r *http.Request) []string {
	cols := importSheet()
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = h.srv.Renderer().T(r, c.key)
	}
	return out
}

// aliases maps every accepted title to its column name.
func aliases(cat *web.Catalog) map[string]string {
	m := map[string]string{}
	for _, c := range importSheet() {
		m[c.name] = c.name
		for _, lang := range web.Langs() {
			m[cat.T(lang, c.key)] = c.name
		}
	}
	return m
}

// code reads a stage or ownership cell written as its code or its label
// in either language; an unknown value passes through for the service to
// refuse with its own message.
func code[T ~string](cat *web.Catalog, prefix, cell string, all []T) string {
	cell = strings.TrimSpace(cell)
	for _, x := range all {
		if cell == string(x) {
			return cell
		}
		for _, lang := range web.Langs() {
			if cell == cat.T(lang, prefix+string(x)) {
				return string(x)
			}
		}
	}
	return cell
}

type importPage struct {
	Columns []string
	Report  *xlsx.Report
}

func (h *HTTP) importForm(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "attraction/import", Title: "attraction.import.title", Data: importPage{Columns: h.titles(r)}})
	return nil
}

func (h *HTTP) importTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	title := h.srv.Renderer().T(r, "attraction.import.title")
	if err := xlsx.Export(&buf, title, h.titles(r), func(func([]any) error) error { return nil }); err != nil {
		return err
	}
	return sendWorkbook(w, title, &buf)
}

func (h *HTTP) importLeads(w http.ResponseWriter, r *http.Request) error {
	if _, err := editor(r.Context()); err != nil {
		return err
	}
	cat := h.srv.Renderer().Catalog()
	page := importPage{Columns: h.titles(r)}
	sheet, err := xlsx.FormSheet(r, xlsx.DefaultLimits(), aliases(cat))
	if err == nil {
		err = sheet.Require("name", "investor_name", "ownership")
	}
	if err != nil {
		v, ok := errs.AsValidation(err)
		if !ok {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "attraction/import", Title: "attraction.import.title", Status: http.StatusUnprocessableEntity, Errors: v, Data: page})
		return nil
	}
	rows := make([]registry.ImportRow[ImportInput], len(sheet.Rows))
	for i := range sheet.Rows {
		cell := func(c string) string { return sheet.Cell(i, c) }
		in := ImportInput{Lead: LeadInput{Name: cell("name"), InvestorName: cell("investor_name"), InvestorProvince: cell("investor_province"),
			Ownership: code(cat, "attraction.ownership.", cell("ownership"), Ownerships()), DivisionCode: cell("division_code"),
			Planned: cell("planned_investment"), Stage: code(cat, "attraction.stage.", cell("stage"), Stages()),
			StageOn: xlsxDate(cell("stage_on")), Notes: cell("notes")},
			Park: cell("park"), Cluster: cell("cluster"), SignedOn: xlsxDate(cell("signed_on")), Signed: cell("signed_amount"),
			ContractNo: cell("contract_no")}
		rows[i] = registry.ImportRow[ImportInput]{Row: sheet.RowNumber(i), Input: in}
	}
	_, err = h.svc.ImportLeads(r.Context(), rows)
	var ie *registry.ImportError
	if errors.As(err, &ie) {
		rep := &xlsx.Report{Rows: len(sheet.Rows)}
		for _, p := range ie.Problems {
			column := ""
			for _, c := range importSheet() {
				if c.name == p.Field || (p.Field == "park_id" && c.name == "park") || (p.Field == "cluster_id" && c.name == "cluster") {
					column = sheet.Title(c.name)
				}
			}
			rep.Add(p.Row, column, p.Key, p.Args...)
		}
		page.Report = rep
		h.srv.Render(w, r, web.Page{Name: "attraction/import", Title: "attraction.import.title", Status: http.StatusUnprocessableEntity, Data: page})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/attraction?done=imported")
	return nil
}

// xlsxDate accepts a date cell as Excel users write it ("2025-03-01",
// "2025/3/1", a date-formatted cell); anything else passes through for
// the service to refuse.
func xlsxDate(s string) string {
	if t, ok := xlsx.ParseDate(s); ok {
		return t.Format("2006-01-02")
	}
	return s
}
