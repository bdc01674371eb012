package safety

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// Excel exports of the ledger and the quarterly table (staff live in Excel
// and WPS), and printable notices of actions (约谈通知书, 督办通知书).

func (h *HTTP) registerExports(srv *web.Server) {
	read := access.PermModuleSafety
	srv.Page("GET /safety/hazards/export.xlsx", read, h.hazardExport)
	srv.Page("GET /safety/statistics/export.xlsx", read, h.statsExport)
	srv.Page("GET /safety/actions/{id}/notice", read, h.actionNotice)
}

// sendXLSX writes a workbook built in memory, so that a failure half-way
// is still an error page and not a truncated download.
func (h *HTTP) sendXLSX(w http.ResponseWriter, r *http.Request, titleKey string, headers []string, rows func(yield func([]any) error) error) error {
	title := h.srv.Renderer().T(r, titleKey)
	var buf bytes.Buffer
	if err := xlsx.Export(&buf, title, headers, rows); err != nil {
		return err
	}
	name := title + "-" + time.Now().In(time.FixedZone("CST", 8*3600)).Format("20060102") + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
	_, err := buf.WriteTo(w)
	return err
}

func (h *HTTP) titles(r *http.Request, keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = h.srv.Renderer().T(r, k)
	}
	return out
}

// hazardExport is the ledger with the list page's filters, every row in
// scope (no paging: an export is bounded by scope).
func (h *HTTP) hazardExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	items, _, err := h.svc.ListHazards(r.Context(), HazardFilter{Q: q.Get("q"), Status: q.Get("status"), Grade: q.Get("grade"),
		Overdue: q.Get("overdue") == "1", Listed: q.Get("listed") == "1", Limit: -1})
	if err != nil {
		return err
	}
	t := func(k string) string { return h.srv.Renderer().T(r, k) }
	headers := h.titles(r, "safety.export.id", "safety.hazard.title_field", "safety.hazard.enterprise", "safety.hazard.division", "safety.export.sector",
		"safety.hazard.source", "safety.hazard.grade", "safety.hazard.kind", "safety.hazard.status", "safety.hazard.criterion", "safety.hazard.found_on",
		"safety.hazard.deadline", "safety.export.days_overdue", "safety.hazard.listed", "safety.hazard.closed_at")
	return h.sendXLSX(w, r, "safety.hazard.list", headers, func(yield func([]any) error) error {
		for _, x := range items {
			listed := ""
			if x.ListedLevel != "" {
				listed = t("safety.listing." + string(x.ListedLevel))
			}
			var closed any
			if x.ClosedAt != nil {
				closed = *x.ClosedAt
			}
			var deadline any
			if !x.Deadline.IsZero() {
				deadline = x.Deadline.Time
			}
			if err := yield([]any{x.ID, x.Title, x.OrgName, x.DivisionName, x.Sector, t("safety.source." + string(x.Source)), t("safety.grade." + string(x.Grade)),
				t("safety.kind." + string(x.Kind)), t("safety.status." + string(x.Status)), x.CriterionCode, x.FoundOn.Time, deadline, x.DaysOverdue, listed, closed}); err != nil {
				return err
			}
		}
		return nil
	})
}

func (h *HTTP) statsExport(w http.ResponseWriter, r *http.Request) error {
	d, err := h.statsTable(r)
	if err != nil {
		return err
	}
	headers := h.titles(r, "safety.stats.key_"+d.By, "safety.stats.general_found", "safety.stats.general_closed", "safety.stats.major_found",
		"safety.stats.major_closed", "safety.stats.major_dept", "safety.stats.major_self", "safety.stats.listed", "safety.stats.listed_closed",
		"safety.stats.overdue", "safety.export.rate", "safety.stats.overdue_rate")
	return h.sendXLSX(w, r, "safety.stats.title", headers, func(yield func([]any) error) error {
		for _, f := range append(d.Table.Rows, d.Table.Total) {
			name := d.Names[f.Key]
			if f.Key == "total" {
				name = h.srv.Renderer().T(r, "safety.stats.total")
			} else if name == "" {
				name = f.Key
			}
			if err := yield([]any{name, f.GeneralFound, f.GeneralClosed, f.MajorFound, f.MajorClosed, f.MajorDept, f.MajorSelf, f.Listed, f.ListedClosed,
				f.Overdue, f.RectificationRate(), f.OverdueRate()}); err != nil {
				return err
			}
		}
		return nil
	})
}

type actionNoticeData struct {
	A Action
	H *Hazard
}

// actionNotice is the printable notice of an action: 约谈通知书 for a
// summons, 督办通知书 for a supervision letter, a generic decision notice
// otherwise.
func (h *HTTP) actionNotice(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.GetAction(r.Context(), id)
	if err != nil {
		return err
	}
	d := actionNoticeData{A: a}
	if a.HazardID != 0 {
		hz, err := h.svc.GetHazard(r.Context(), a.HazardID)
		if err != nil {
			return err
		}
		d.H = &hz
	}
	h.srv.Render(w, r, web.Page{Name: "safety/action_notice", Title: fmt.Sprintf("safety.notice.%s", noticeKind(a.Kind)), Data: d})
	return nil
}

func noticeKind(k ActionKind) string {
	switch k {
	case ActionSummons:
		return "summons"
	case ActionSupervisionLetter:
		return "supervision"
	}
	return "decision"
}

// NoticeKind names the notice an action prints as, for templates.
func (a Action) NoticeKind() string { return noticeKind(a.Kind) }
