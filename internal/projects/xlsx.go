package projects

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// The dispatch table as a workbook in the layout a bureau circulates: one
// row per county (park, cluster, project), the plan and completed figures
// in 万元 as numbers Excel can sum, rates and the gap as printed, and the
// count of each light.

// num turns a printed decimal ("97.2") into a number cell, "" into empty.
func num(s string) any {
	if s == "" {
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return f
}

// wan is an amount as a number of 万元 for a cell. Two decimals of 万元
// are exact enough in float64 for display and summing in Excel.
func wan(a Amount) float64 { return float64(a) / 100 }

func (h *HTTP) dispatchExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id := qInt(r, "list")
	l, err := h.svc.GetList(ctx, id)
	if err != nil {
		return err
	}
	m, ok := ParseMonth(qStr(r, "month"))
	if !ok || m.Year() != l.Year {
		m = defaultMonth(l.Year, MonthOfTime(h.svc.now()))
	}
	group := qGroup(r)
	rows, err := h.svc.Dispatch(ctx, id, m, group)
	if err != nil {
		return err
	}
	t := func(key string, args ...any) string { return h.srv.Renderer().T(r, key, args...) }
	headers := []string{t("projects.col.name"), t("projects.col.projects"), t("projects.col.annual_plan"), t("projects.col.ytd"),
		t("projects.col.stats"), t("projects.col.completion"), t("projects.col.schedule"), t("projects.col.gap"),
		t("projects.col.start_rate"), t("projects.colour.red"), t("projects.colour.yellow"), t("projects.colour.green")}
	if group == GroupProject {
		headers = append(headers, t("projects.col.spi_plan"), t("projects.col.spi_curve"), t("projects.col.light"))
	}
	var buf bytes.Buffer
	title := l.Name + " " + m.String()
	err = xlsx.Export(&buf, m.String(), headers, func(yield func([]any) error) error {
		for _, row := range rows {
			name := row.Name
			if group == GroupWhole {
				name = t("projects.group.prefecture")
			}
			cells := []any{name, row.Projects, wan(row.AnnualPlan), wan(row.YearToDate), wan(row.StatsToDate), num(row.Completion),
				num(row.Schedule), num(row.GapPP), num(row.StartRate), row.Red, row.Yellow, row.Green}
			if group == GroupProject {
				c := "none"
				if row.Colour != NoLight {
					c = string(row.Colour)
				}
				cells = append(cells, num(row.SPIPlan), num(row.SPICurve), t("projects.colour."+c))
			}
			if err := yield(cells); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": title + ".xlsx"}))
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}

// exportURL is the workbook link of a dispatch page.
func exportURL(listID int64, m string, g DispatchGroup) string {
	return "/projects/dispatch.xlsx?" + url.Values{"list": {idStr(listID)}, "month": {m}, "group": {string(g)}}.Encode()
}
