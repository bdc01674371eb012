package safety

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// Triage pages for public reports (staff) and the reward steps (reward
// handlers). Who sees what is decided in the service.

func (h *HTTP) registerReportPages(srv *web.Server) {
	read := access.PermModuleSafety
	srv.Page("GET /safety/reports", read, h.reportList)
	srv.Page("GET /safety/reports/{id}", read, h.reportShow)
	srv.Page("POST /safety/reports/{id}/{step}", read, h.reportStep)
	srv.Page("GET /safety/report-files/{id}", read, h.reportPhoto)
}

type reportListData struct {
	Items    []Report
	Total    int
	Query    url.Values
	Pager    web.Pager
	Statuses []ReportStatus
}

func (h *HTTP) reportList(w http.ResponseWriter, r *http.Request) error {
	limit, offset := web.Paging(r)
	q := r.URL.Query()
	items, total, err := h.svc.ListReports(r.Context(), ReportFilter{Q: q.Get("q"), Status: q.Get("status"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/reports", Title: "safety.report.list", Data: reportListData{Items: items, Total: total, Query: q,
		Pager: web.Pager{Total: total, Limit: limit, Offset: offset, URL: r.URL}, Statuses: []ReportStatus{ReportReceived, ReportRouted, ReportMerged, ReportRejected}}})
	return nil
}

type reportData struct {
	R           Report
	Photos      []FileInfo
	Duplicates  []Suggestion
	Enterprises []Enterprise
	Grades      []Grade
	Kinds       []Kind
	Accidents   []AccidentGrade
	Reward      *Reward
	Rewards     bool // the viewer handles rewards
	UserID      int64
	Today       string
}

func (h *HTTP) reportData(r *http.Request, id int64) (reportData, error) {
	ctx := r.Context()
	rep, err := h.svc.GetReport(ctx, id)
	if err != nil {
		return reportData{}, err
	}
	d := reportData{R: rep, Grades: Grades(), Kinds: Kinds(), Accidents: AccidentGrades(), Today: h.svc.today().Format("2006-01-02")}
	if d.Photos, err = h.svc.ReportPhotos(ctx, id); err != nil {
		return d, err
	}
	if rep.Status == ReportReceived {
		if d.Duplicates, err = h.svc.ReportDuplicates(ctx, id); err != nil {
			return d, err
		}
		if d.Enterprises, _, err = h.svc.ListEnterprises(ctx, EnterpriseFilter{DivisionCode: rep.DivisionCode, Limit: 500}); err != nil {
			return d, err
		}
	}
	if w, err := h.svc.ReportReward(ctx, id); err == nil {
		d.Reward = &w
	} else if !errors.Is(err, errs.ErrNotFound) {
		return d, err
	}
	p := access.From(ctx)
	d.Rewards, d.UserID = p.Can(PermSafetyRewards), p.UserID
	return d, nil
}

func (h *HTTP) reportShow(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.reportData(r, id)
	if err != nil {
		return err
	}
	h.srv.Render(w, r, web.Page{Name: "safety/report", Title: "safety.report.detail", Flash: r.URL.Query().Get("done"), Data: d})
	return nil
}

func (h *HTTP) reportStep(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	var serr error
	switch r.PathValue("step") {
	case "merge":
		_, serr = h.svc.MergeReport(ctx, id, formInt(r, "into"), r.PostFormValue("note"))
	case "reject":
		_, serr = h.svc.RejectReport(ctx, id, r.PostFormValue("note"))
	case "route":
		_, serr = h.svc.RouteReport(ctx, id, RouteInput{EnterpriseID: formInt(r, "enterprise_id"), Grade: r.PostFormValue("grade"), Kind: r.PostFormValue("kind"),
			Title: r.PostFormValue("title"), CriterionID: formInt(r, "criterion_id"), Deadline: r.PostFormValue("deadline"), Regulator: r.PostFormValue("regulator"),
			Note: r.PostFormValue("note")})
	case "reward":
		v := &errs.Validation{}
		in := RewardInput{Basis: r.PostFormValue("basis"), FineFen: parseYuan(v, "fine_fen", r.PostFormValue("fine_yuan"))}
		if in.Basis == string(BasisConcealedDeath) {
			in.Deaths = map[AccidentGrade]int{}
			for _, g := range AccidentGrades() {
				if s := strings.TrimSpace(r.PostFormValue("deaths_" + string(g))); s != "" {
					n, err := strconv.Atoi(s)
					if err != nil || n < 0 {
						v.Add("deaths", keyBadNum)
						continue
					}
					in.Deaths[g] = n
				}
			}
		}
		serr = v.Err()
		if serr == nil {
			_, serr = h.svc.ProposeReward(ctx, id, in)
		}
	case "approve":
		_, serr = h.svc.ApproveReward(ctx, formInt(r, "reward_id"))
	case "pay":
		_, serr = h.svc.PayReward(ctx, formInt(r, "reward_id"), r.PostFormValue("paid_on"), r.PostFormValue("payment_ref"))
	default:
		return errs.ErrNotFound
	}
	if v, ok := errs.AsValidation(serr); ok {
		d, err := h.reportData(r, id)
		if err != nil {
			return err
		}
		h.srv.Render(w, r, web.Page{Name: "safety/report", Title: "safety.report.detail", Status: http.StatusUnprocessableEntity, Errors: v, Data: d})
		return nil
	}
	if serr != nil {
		return serr
	}
	web.Redirect(w, r, fmt.Sprintf("/safety/reports/%d?done=safety.flash.saved", id))
	return nil
}

func (h *HTTP) reportPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f, data, err := h.svc.OpenReportPhoto(r.Context(), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(f.Name))
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(data)
	return nil
}
