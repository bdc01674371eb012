package safety

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// Importing the items of a standard the reference did not capture (for
// example GB 35181-2025's) from an Excel sheet: all rows or none. Column
// titles may be Chinese, English or the canonical names.

var criterionCols = []struct{ name, key string }{
	{"code", "safety.criteria.code"}, {"article", "safety.criteria.article"}, {"text", "safety.criteria.text"},
	{"grade", "safety.hazard.grade"}, {"kind", "safety.hazard.kind"}, {"tag", "safety.criteria.tag"}, {"sort_order", "safety.criteria.sort_order"},
}

func (h *HTTP) criteriaAliases() map[string]string {
	cat := h.srv.Renderer().Catalog()
	m := map[string]string{}
	for _, c := range criterionCols {
		m[c.name] = c.name
		for _, lang := range web.Langs() {
			m[cat.T(lang, c.key)] = c.name
		}
	}
	return m
}

func (h *HTTP) criteriaImport(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := librarian(r.Context()); err != nil {
		return err
	}
	sheet, err := xlsx.FormSheet(r, xlsx.DefaultLimits(), h.criteriaAliases())
	var items []CriterionInput
	if err == nil {
		v := &errs.Validation{}
		for i := range sheet.Rows {
			in := CriterionInput{Code: sheet.Cell(i, "code"), Article: sheet.Cell(i, "article"), Text: sheet.Cell(i, "text"),
				Grade: sheet.Cell(i, "grade"), Kind: sheet.Cell(i, "kind"), Tag: sheet.Cell(i, "tag")}
			if s := sheet.Cell(i, "sort_order"); s != "" {
				n, perr := strconv.Atoi(s)
				if perr != nil {
					v.Add("file", "safety.import.bad_row", sheet.RowNumber(i))
				}
				in.SortOrder = n
			}
			items = append(items, in)
		}
		if len(items) == 0 {
			v.Add("file", "safety.import.empty")
		}
		err = v.Err()
	}
	if err == nil {
		_, err = h.svc.AddCriteria(r.Context(), id, items)
	}
	if v, ok := errs.AsValidation(err); ok {
		set, gerr := h.svc.GetCriteriaSet(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		h.srv.Render(w, r, web.Page{Name: "safety/criteria_set", Title: "safety.criteria.title", Status: http.StatusUnprocessableEntity, Errors: v, Data: set})
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/criteria/%d", id))
	return nil
}
