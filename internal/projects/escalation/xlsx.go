package escalation

import (
	"bytes"
	"mime"
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// The meeting view as a workbook for the 调度会's papers: one row per item
// open on the meeting day, then the month's resolved ones, each with its
// county and responsible unit so the sheet can be sorted and subtotalled
// either way in Excel or WPS.
func (h *HTTP) meetingExport(w http.ResponseWriter, r *http.Request) error {
	m, err := h.meetingMonth(r)
	if err != nil {
		return err
	}
	mt, err := h.svc.Meeting(r.Context(), m)
	if err != nil {
		return err
	}
	t := func(key string, args ...any) string { return h.srv.Renderer().T(r, key, args...) }
	headers := []string{t("escalation.field.notice_no"), t("escalation.field.county"), t("escalation.field.responsible_unit"),
		t("escalation.field.project"), t("escalation.field.category"), t("escalation.field.description"),
		t("escalation.field.leader"), t("escalation.field.raised_on"), t("escalation.field.deadline"),
		t("escalation.field.status"), t("escalation.field.level"), t("escalation.col.overdue_days"),
		t("escalation.field.measures"), t("escalation.field.resolved_on"), t("escalation.field.resolution")}
	var buf bytes.Buffer
	err = xlsx.Export(&buf, mt.Month, headers, func(yield func([]any) error) error {
		for _, set := range [][]Issue{mt.Open, mt.Resolved} {
			for _, i := range set {
				unit := i.ResponsibleUnit
				if unit == "" {
					unit = t("escalation.unit.none")
				}
				row := []any{i.NoticeNo, i.DivisionName, unit, i.ProjectName, t("escalation.category." + i.Category),
					i.Description, i.LeaderName, i.RaisedOn.Date, i.Deadline.Date, t("escalation.status." + string(i.Status)),
					t("escalation.level." + string(i.Level)), i.OverdueDays, i.Measures, i.ResolvedOn.Date, i.Resolution}
				if err := yield(row); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": t("escalation.meeting.file", mt.Month) + ".xlsx"}))
	w.Header().Set("Cache-Control", "no-store")
	_, err = buf.WriteTo(w)
	return err
}
