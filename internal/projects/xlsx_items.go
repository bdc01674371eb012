package projects

import (
	"bytes"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/changji-gov/bogda/internal/registry"
)

// An annual plan imports from a workbook into a list, all or nothing: one
// row per project (by code or id) with its category, annual plan, planned
// start and optionally the twelve monthly amounts. After adoption every
// row is a logged change and needs its reason.

func itemSheet() []col {
	cols := []col{{"code", "projects.field.code"}, {"project_id", "projects.import.project_id"}, {"category", "projects.list.category"},
		{"annual_plan", "projects.list.current"}, {"planned_start_month", "projects.field.planned_start"}}
	for i := 1; i <= 12; i++ {
		cols = append(cols, col{"m" + strconv.Itoa(i), "projects.import.month_" + strconv.Itoa(i)})
	}
	return append(cols, col{"reason", "projects.list.reason"})
}

type itemImportPage struct {
	List    AnnualList
	Columns []string
	Report  *xlsx.Report
}

func (h *HTTP) itemImportForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	l, err := h.svc.GetList(r.Context(), id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "projects/import_items", Title: "projects.import.items_title", Data: itemImportPage{List: l, Columns: h.titles(r, itemSheet())}})
	return nil
}

func (h *HTTP) itemImportTemplate(w http.ResponseWriter, r *http.Request) error {
	var buf bytes.Buffer
	title := h.srv.Renderer().T(r, "projects.import.items_title")
	if err := xlsx.Export(&buf, title, h.titles(r, itemSheet()), func(func([]any) error) error { return nil }); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": title + ".xlsx"}))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

func (h *HTTP) itemImport(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	l, err := h.svc.GetList(r.Context(), id)
	if err != nil {
		return err
	}
	cols := itemSheet()
	page := itemImportPage{List: l, Columns: h.titles(r, cols)}
	render := func(status int, v *errs.Validation) error {
		h.srv.Render(w, r, web.Page{Name: "projects/import_items", Title: "projects.import.items_title", Status: status, Errors: v, Data: page})
		return nil
	}
	cat := h.srv.Renderer().Catalog()
	sheet, err := xlsx.FormSheet(r, xlsx.DefaultLimits(), aliases(cat, cols))
	if err == nil {
		err = sheet.Require("category", "annual_plan")
	}
	if err != nil {
		v, ok := errs.AsValidation(err)
		if !ok {
			return err
		}
		return render(http.StatusUnprocessableEntity, v)
	}
	// Categories as people write them: the code, or its label in either language.
	cats := map[string]string{}
	for _, c := range ItemCategories() {
		cats[string(c)] = string(c)
		for _, lang := range web.Langs() {
			cats[cat.T(lang, "projects.category."+string(c))] = string(c)
		}
	}
	rows := make([]registry.ImportRow[ItemInput], len(sheet.Rows))
	for i := range sheet.Rows {
		row := registry.ImportRow[ItemInput]{Row: sheet.RowNumber(i), Input: ItemInput{
			AnnualPlan: sheet.Cell(i, "annual_plan"), Reason: sheet.Cell(i, "reason")}}
		if c, ok := cats[strings.TrimSpace(sheet.Cell(i, "category"))]; ok {
			row.Input.Category = c
		} else {
			row.Problems = append(row.Problems, errs.FieldError{Field: "category", Key: keyBadChoice})
		}
		if ps := sheet.Cell(i, "planned_start_month"); ps != "" {
			if m, ok := xlsxMonth(ps); ok {
				row.Input.PlannedStart = m
			} else {
				row.Problems = append(row.Problems, errs.FieldError{Field: "planned_start_month", Key: keyBadMonth})
			}
		}
		monthly := make([]string, 12)
		given := false
		for k := range monthly {
			monthly[k] = sheet.Cell(i, "m"+strconv.Itoa(k+1))
			given = given || monthly[k] != ""
		}
		if given {
			row.Input.Monthly = monthly
		}
		pid, problem, err := h.projectOf(r, sheet.Cell(i, "code"), sheet.Cell(i, "project_id"))
		if err != nil {
			return err
		}
		if problem != nil {
			row.Problems = append(row.Problems, *problem)
		}
		row.Input.ProjectID = pid
		rows[i] = row
	}
	_, err = h.svc.ImportItems(r.Context(), id, rows)
	var ie *registry.ImportError
	if errors.As(err, &ie) {
		rep := &xlsx.Report{Rows: len(sheet.Rows)}
		for _, p := range ie.Problems {
			field := p.Field
			switch {
			case field == "project":
				field = "code"
			case strings.HasPrefix(field, "monthly."):
				field = "m" + strings.TrimPrefix(field, "monthly.")
			case field == "monthly":
				field = "m1"
			}
			rep.Add(p.Row, sheet.Title(field), p.Key, p.Args...)
		}
		page.Report = rep
		return render(http.StatusUnprocessableEntity, nil)
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/project-lists/"+idStr(id)+"?done=imported")
	return nil
}

// projectOf resolves a sheet row's project by code or id.
func (h *HTTP) projectOf(r *http.Request, code, idText string) (int64, *errs.FieldError, error) {
	switch {
	case code != "":
		id, err := h.svc.ProjectIDByCode(r.Context(), code)
		if errors.Is(err, errs.ErrNotFound) {
			return 0, &errs.FieldError{Field: "code", Key: keyProjectUnknown}, nil
		}
		return id, nil, err
	case idText != "":
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil || id <= 0 {
			return 0, &errs.FieldError{Field: "project_id", Key: keyBadNum}, nil
		}
		return id, nil, nil
	}
	return 0, &errs.FieldError{Field: "code", Key: keyRequired}, nil
}
