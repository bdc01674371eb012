package safety

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// HTTP serves the module's JSON API (/api/v1/safety/…, tag "safety") and
// the public report endpoints (/api/v1/public/reports). Every rule and
// scope check is in the service and store; handlers only translate.
type HTTP struct {
	svc     *Service
	srv     *web.Server
	limiter *rateLimiter
}

// NewHTTP returns the module's handlers on svc. Public report submission
// is limited to 5 per client address per 10 minutes.
func NewHTTP(svc *Service) *HTTP {
	return &HTTP{svc: svc, limiter: newRateLimiter(5, 10*time.Minute)}
}

// jsonIn decodes a body of type In and answers fn's result with status.
func jsonIn[In, Out any](status int, fn func(context.Context, In) (Out, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in In
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		out, err := fn(r.Context(), in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, status, out)
		return nil
	}
}

// idIn is jsonIn for a route with {id}.
func idIn[In, Out any](fn func(context.Context, int64, In) (Out, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		var in In
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		out, err := fn(r.Context(), id, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

// idGet answers GET …/{id}.
func idGet[Out any](fn func(context.Context, int64) (Out, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		out, err := fn(r.Context(), id)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

func list[T any](w http.ResponseWriter, items []T, total, limit, offset int, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List[T]{Items: items, Total: total, Limit: limit, Offset: offset})
	return nil
}

func qStr(r *http.Request, k string) string { return strings.TrimSpace(r.URL.Query().Get(k)) }

func qInt(r *http.Request, k string) int64 {
	n, _ := strconv.ParseInt(qStr(r, k), 10, 64)
	return n
}

func qBool(r *http.Request, k string) bool { v := qStr(r, k); return v == "1" || v == "true" }

// qDay reads an optional date parameter; a malformed one is a 422.
func qDay(r *http.Request, k string, def time.Time) (time.Time, error) {
	s := qStr(r, k)
	if s == "" {
		return def, nil
	}
	d, err := db.ParseDate(s)
	if err != nil {
		return time.Time{}, errs.Invalid(k, keyBadDate)
	}
	return d.Time, nil
}

// Bodies of the step endpoints.
type (
	noteBody struct {
		Note string `json:"note"`
	}
	gradeBody struct {
		Grade    string `json:"grade"`
		Deadline string `json:"deadline"`
		Note     string `json:"note"`
	}
	completeBody struct {
		DoneOn string `json:"done_on"`
		Note   string `json:"note"`
	}
	mergeBody struct {
		Into int64  `json:"into"`
		Note string `json:"note"`
	}
	payBody struct {
		PaidOn     string `json:"paid_on"`
		PaymentRef string `json:"payment_ref"`
	}
	visitBody struct {
		VisitedOn string `json:"visited_on"`
		Notes     string `json:"notes"`
	}
	removeBody struct {
		RemovedOn string `json:"removed_on"`
		Reason    string `json:"reason"`
	}
)

// Register mounts the pages and the API on srv.
func (h *HTTP) Register(srv *web.Server) {
	h.srv = srv
	h.registerPages(srv)
	s := h.svc
	read := access.PermModuleSafety
	op := func(method, path, summary string, body, resp any, status int) web.Op {
		return web.Op{Method: method, Path: "/api/v1/safety" + path, Summary: summary, Tag: "safety", Perm: read, Body: body, Response: resp, Status: status}
	}

	srv.API(op("GET", "/sectors", "Sectors of the campaign", nil, []Sector{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.Sectors(r.Context())
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})

	// Criteria library.
	sets := op("GET", "/criteria-sets", "Editions of the determination standards (判定标准)", nil, []CriteriaSet{}, 0)
	sets.Query = []web.Param{{Name: "sector", Type: "string", Description: "sector code"}}
	srv.API(sets, func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.ListCriteriaSets(r.Context(), qStr(r, "sector"))
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.API(op("GET", "/criteria-sets/{id}", "One edition with its items", nil, CriteriaSet{}, 0), idGet(s.GetCriteriaSet))
	srv.API(op("POST", "/criteria-sets", "Add an edition of a standard", CriteriaSetInput{}, CriteriaSet{}, http.StatusCreated), jsonIn(http.StatusCreated, s.CreateCriteriaSet))
	srv.API(op("POST", "/criteria-sets/{id}/items", "Import items into an edition, all or none", []CriterionInput{}, []Criterion{}, 0), idIn(s.AddCriteria))
	cl := op("GET", "/checklist", "The checklist for a sector on an inspection date: one edition per standard", nil, []CriteriaSet{}, 0)
	cl.Query = []web.Param{{Name: "sector", Type: "string", Description: "sector code"}, {Name: "date", Type: "string", Description: "YYYY-MM-DD (default today)"}}
	srv.API(cl, func(w http.ResponseWriter, r *http.Request) error {
		on, err := qDay(r, "date", s.today())
		if err != nil {
			return err
		}
		out, err := s.Checklist(r.Context(), qStr(r, "sector"), on)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})

	// Enterprises.
	ents := op("GET", "/enterprises", "Enterprises in the campaign, in scope", nil, web.List[Enterprise]{}, 0)
	ents.Query = web.ListParams(web.Param{Name: "sector", Type: "string"}, web.Param{Name: "division_code", Type: "string"})
	srv.API(ents, func(w http.ResponseWriter, r *http.Request) error {
		limit, offset := web.Paging(r)
		items, total, err := s.ListEnterprises(r.Context(), EnterpriseFilter{Q: qStr(r, "q"), Sector: qStr(r, "sector"), DivisionCode: qStr(r, "division_code"), Limit: limit, Offset: offset})
		return list(w, items, total, limit, offset, err)
	})
	srv.API(op("GET", "/enterprises/{id}", "One enterprise", nil, Enterprise{}, 0), idGet(s.GetEnterprise))
	srv.API(op("POST", "/enterprises", "Bring a registry organisation into the campaign", EnterpriseInput{}, Enterprise{}, http.StatusCreated), jsonIn(http.StatusCreated, s.CreateEnterprise))
	srv.API(op("PUT", "/enterprises/{id}", "Replace an enterprise record", EnterpriseInput{}, Enterprise{}, 0), idIn(s.UpdateEnterprise))

	// Hazards.
	hz := op("GET", "/hazards", "The hazard ledger in scope", nil, web.List[Hazard]{}, 0)
	hz.Query = web.ListParams(web.Param{Name: "status", Type: "string"}, web.Param{Name: "grade", Type: "string"}, web.Param{Name: "source", Type: "string"},
		web.Param{Name: "kind", Type: "string"}, web.Param{Name: "sector", Type: "string"}, web.Param{Name: "division_code", Type: "string"},
		web.Param{Name: "enterprise_id", Type: "integer"}, web.Param{Name: "open", Type: "boolean"}, web.Param{Name: "overdue", Type: "boolean"},
		web.Param{Name: "listed", Type: "boolean"})
	srv.API(hz, func(w http.ResponseWriter, r *http.Request) error {
		limit, offset := web.Paging(r)
		items, total, err := s.ListHazards(r.Context(), HazardFilter{Q: qStr(r, "q"), Status: qStr(r, "status"), Grade: qStr(r, "grade"), Source: qStr(r, "source"),
			Kind: qStr(r, "kind"), Sector: qStr(r, "sector"), DivisionCode: qStr(r, "division_code"), EnterpriseID: qInt(r, "enterprise_id"),
			Open: qBool(r, "open"), Overdue: qBool(r, "overdue"), Listed: qBool(r, "listed"), Limit: limit, Offset: offset})
		return list(w, items, total, limit, offset, err)
	})
	srv.API(op("POST", "/hazards", "Record a hazard", HazardInput{}, Hazard{}, http.StatusCreated), jsonIn(http.StatusCreated, s.CreateHazard))
	srv.API(op("GET", "/hazards/{id}", "One hazard", nil, Hazard{}, 0), idGet(s.GetHazard))
	srv.API(op("GET", "/hazards/{id}/history", "A hazard's history", nil, []HazardEvent{}, 0), idGet(s.HazardHistory))
	srv.API(op("GET", "/hazards/{id}/plan", "A major hazard's treatment plan", nil, Plan{}, 0), idGet(func(ctx context.Context, id int64) (Plan, error) {
		p, ok, err := s.HazardPlan(ctx, id)
		if err == nil && !ok {
			err = errs.ErrNotFound
		}
		return p, err
	}))
	srv.API(op("PUT", "/hazards/{id}/plan", "Submit (or revise) the treatment plan and report it to the regulator", Plan{}, Hazard{}, 0), idIn(s.SubmitPlan))
	step := func(name, summary string, fn func(context.Context, int64, string) (Hazard, error)) {
		srv.API(op("POST", "/hazards/{id}/"+name, summary, noteBody{}, Hazard{}, 0), idIn(func(ctx context.Context, id int64, b noteBody) (Hazard, error) { return fn(ctx, id, b.Note) }))
	}
	step("fix", "Close a general hazard once fixed (evidence stored, no open action)", s.FixHazard)
	step("apply", "Apply for write-off of a major hazard (申请销号)", s.ApplyClosure)
	step("verify", "Verify on site and write off (销号; regulators)", s.VerifyClosure)
	step("reject", "Send a write-off application back to remediation (regulators)", s.RejectClosure)
	srv.API(op("POST", "/hazards/{id}/regrade", "Change a hazard's grade (regulators)", gradeBody{}, Hazard{}, 0), idIn(func(ctx context.Context, id int64, b gradeBody) (Hazard, error) {
		return s.RegradeHazard(ctx, id, Grade(b.Grade), b.Deadline, b.Note)
	}))
	srv.API(op("POST", "/hazards/{id}/listing", "Put a major hazard under listed supervision (挂牌督办)", ListingInput{}, Hazard{}, 0), idIn(s.ListHazard))
	srv.API(op("POST", "/hazards/{id}/evidence", "Upload an evidence file (multipart field \"file\"; JPEG, PNG, WebP or PDF), hashed with SHA-256", nil, FileInfo{}, http.StatusCreated), h.uploadEvidence)
	srv.API(op("GET", "/hazards/{id}/evidence", "Evidence files re-hashed: intact or changed since stored", nil, []FileCheck{}, 0), idGet(s.CheckEvidence))

	// Inspections.
	srv.API(op("POST", "/inspections", "Record an inspection; failed findings become hazards", InspectionInput{}, Inspection{}, http.StatusCreated), jsonIn(http.StatusCreated, s.CreateInspection))
	srv.API(op("GET", "/inspections/{id}", "One inspection record", nil, Inspection{}, 0), idGet(s.GetInspection))
	srv.API(op("POST", "/inspections/{id}/photos", "Upload a photo taken during an inspection (multipart field \"file\")", nil, FileInfo{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			if err := multipartBody(r); err != nil {
				return err
			}
			up, err := readUpload(r, "file", MaxPhotoBytes)
			if err != nil {
				return err
			}
			out, err := s.AddInspectionPhoto(r.Context(), id, up.Name, up.Data)
			if err != nil {
				return err
			}
			web.WriteJSON(w, http.StatusCreated, out)
			return nil
		})

	// Actions and the ladder.
	acts := op("GET", "/actions", "Enforcement and supervision actions in scope", nil, web.List[Action]{}, 0)
	acts.Query = web.ListParams(web.Param{Name: "kind", Type: "string"}, web.Param{Name: "status", Type: "string"}, web.Param{Name: "hazard_id", Type: "integer"},
		web.Param{Name: "enterprise_id", Type: "integer"}, web.Param{Name: "division_code", Type: "string"}, web.Param{Name: "published", Type: "boolean"})
	srv.API(acts, func(w http.ResponseWriter, r *http.Request) error {
		limit, offset := web.Paging(r)
		items, total, err := s.ListActions(r.Context(), ActionFilter{Kind: qStr(r, "kind"), Status: qStr(r, "status"), HazardID: qInt(r, "hazard_id"),
			EnterpriseID: qInt(r, "enterprise_id"), DivisionCode: qStr(r, "division_code"), Published: qBool(r, "published"), Limit: limit, Offset: offset})
		return list(w, items, total, limit, offset, err)
	})
	srv.API(op("POST", "/actions", "Record an action", ActionInput{}, Action{}, http.StatusCreated), jsonIn(http.StatusCreated, s.CreateAction))
	srv.API(op("GET", "/actions/{id}", "One action", nil, Action{}, 0), idGet(s.GetAction))
	srv.API(op("POST", "/actions/{id}/complete", "Mark an action done (办结)", completeBody{}, Action{}, 0), idIn(func(ctx context.Context, id int64, b completeBody) (Action, error) {
		return s.CompleteAction(ctx, id, b.DoneOn, b.Note)
	}))
	srv.API(op("GET", "/ladder", "The overdue escalation ladder", nil, []LadderStep{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.Ladder(r.Context())
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.API(op("POST", "/ladder", "Add a rung to the ladder", LadderStepInput{}, LadderStep{}, http.StatusCreated), jsonIn(http.StatusCreated, s.AddLadderStep))
	srv.API(op("POST", "/escalate", "Climb the ladder for overdue hazards in scope; returns the actions created", nil, []Action{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.Escalate(r.Context())
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})

	// Public reports: triage and rewards.
	reps := op("GET", "/reports", "Public reports in scope (reporter identity only for reward handlers)", nil, web.List[Report]{}, 0)
	reps.Query = web.ListParams(web.Param{Name: "status", Type: "string"}, web.Param{Name: "division_code", Type: "string"})
	srv.API(reps, func(w http.ResponseWriter, r *http.Request) error {
		limit, offset := web.Paging(r)
		items, total, err := s.ListReports(r.Context(), ReportFilter{Q: qStr(r, "q"), Status: qStr(r, "status"), DivisionCode: qStr(r, "division_code"), Limit: limit, Offset: offset})
		return list(w, items, total, limit, offset, err)
	})
	srv.API(op("GET", "/reports/{id}", "One public report", nil, Report{}, 0), idGet(s.GetReport))
	srv.API(op("GET", "/reports/{id}/duplicates", "Earlier reports naming the same enterprise or within 50 m", nil, []Suggestion{}, 0), idGet(s.ReportDuplicates))
	srv.API(op("POST", "/reports/{id}/merge", "Merge a report into an earlier one", mergeBody{}, Report{}, 0), idIn(func(ctx context.Context, id int64, b mergeBody) (Report, error) {
		return s.MergeReport(ctx, id, b.Into, b.Note)
	}))
	srv.API(op("POST", "/reports/{id}/route", "Record the hazard a verified report revealed and route it", RouteInput{}, Report{}, 0), idIn(s.RouteReport))
	srv.API(op("POST", "/reports/{id}/reject", "Reject a report, with the reason", noteBody{}, Report{}, 0), idIn(func(ctx context.Context, id int64, b noteBody) (Report, error) {
		return s.RejectReport(ctx, id, b.Note)
	}))
	srv.API(op("GET", "/reports/{id}/reward", "The reward of a report", nil, Reward{}, 0), idGet(s.ReportReward))
	srv.API(op("POST", "/reports/{id}/reward", "Propose the reward of a routed report (reward handlers)", RewardInput{}, Reward{}, http.StatusCreated), func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		var in RewardInput
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		out, err := s.ProposeReward(r.Context(), id, in)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusCreated, out)
		return nil
	})
	srv.API(op("POST", "/rewards/{id}/approve", "Approve a reward (not its proposer)", nil, Reward{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		out, err := s.ApproveReward(r.Context(), id)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.API(op("POST", "/rewards/{id}/pay", "Record an approved reward as paid", payBody{}, Reward{}, 0), idIn(func(ctx context.Context, id int64, b payBody) (Reward, error) {
		return s.PayReward(ctx, id, b.PaidOn, b.PaymentRef)
	}))
	srv.API(op("GET", "/reward-rules", "Reward rules, in and out of force", nil, []RewardRule{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.RewardRules(r.Context())
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})

	srv.API(op("POST", "/reward-rules", "Add a reward rule (bureau_safety, administrator)", RewardRuleInput{}, RewardRule{}, http.StatusCreated), jsonIn(http.StatusCreated, s.AddRewardRule))

	// Serious-dishonesty list.
	dl := op("GET", "/dishonesty", "Serious-dishonesty list entries in scope (令11号)", nil, []Dishonesty{}, 0)
	dl.Query = []web.Param{{Name: "current", Type: "boolean", Description: "only entries on the list today"}}
	srv.API(dl, func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.ListDishonesty(r.Context(), qBool(r, "current"))
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.API(op("POST", "/dishonesty", "List an enterprise", DishonestyInput{}, Dishonesty{}, http.StatusCreated), jsonIn(http.StatusCreated, s.AddDishonesty))
	srv.API(op("POST", "/dishonesty/{id}/remove", "Remove an entry early after credit repair", removeBody{}, Dishonesty{}, 0), idIn(func(ctx context.Context, id int64, b removeBody) (Dishonesty, error) {
		return s.RemoveDishonestyEarly(ctx, id, b.RemovedOn, b.Reason)
	}))
	srv.API(op("GET", "/credit-situations", "Listing situations of every regime", nil, []CreditSituation{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.CreditSituations(r.Context())
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})

	// 包保.
	al := op("GET", "/assignments", "包保 assignments in scope", nil, []Assignment{}, 0)
	al.Query = []web.Param{{Name: "enterprise_id", Type: "integer"}}
	srv.API(al, func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.ListAssignments(r.Context(), qInt(r, "enterprise_id"))
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.API(op("POST", "/assignments", "Assign a 包保 leader", AssignmentInput{}, Assignment{}, http.StatusCreated), jsonIn(http.StatusCreated, s.AssignLeader))
	srv.API(op("POST", "/assignments/{id}/visits", "Log a leader's visit", visitBody{}, Assignment{}, 0), idIn(func(ctx context.Context, id int64, b visitBody) (Assignment, error) {
		return s.RecordVisit(ctx, id, b.VisitedOn, b.Notes)
	}))
	srv.API(op("GET", "/coverage", "包保 coverage by county", nil, []Coverage{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.CoverageByCounty(r.Context())
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})

	// Cases and the principal person's duties.
	srv.API(op("POST", "/cases", "Open an enforcement case", CaseInput{}, Case{}, http.StatusCreated), jsonIn(http.StatusCreated, s.CreateCase))
	srv.API(op("GET", "/cases/{id}", "One enforcement case", nil, Case{}, 0), idGet(s.GetCase))
	srv.API(op("POST", "/cases/publish", "Publish typical cases as one batch", PublishInput{}, []Case{}, 0), jsonIn(http.StatusOK, s.PublishCases))
	dq := op("GET", "/duties", "The principal person's duties (安全生产法 §21) in force on a day", nil, []Duty{}, 0)
	dq.Query = []web.Param{{Name: "date", Type: "string", Description: "YYYY-MM-DD (default today)"}}
	srv.API(dq, func(w http.ResponseWriter, r *http.Request) error {
		on, err := qDay(r, "date", s.today())
		if err != nil {
			return err
		}
		out, err := s.Duties(r.Context(), on)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.API(op("POST", "/duty-checks", "Record a check of the principal person's duties", DutyCheckInput{}, DutyCheck{}, http.StatusCreated), jsonIn(http.StatusCreated, s.RecordDutyCheck))
	srv.API(op("GET", "/enterprises/{id}/duty-checks", "An enterprise's duty checks", nil, []DutyCheck{}, 0), idGet(s.DutyChecks))

	// 红黑榜.
	srv.API(op("POST", "/rankings/preview", "Compute a 红黑榜 over a period without publishing it", RankingInput{}, []Ranked{}, 0), jsonIn(http.StatusOK,
		func(ctx context.Context, in RankingInput) ([]Ranked, error) {
			_, out, _, _, err := s.ComputeRanking(ctx, in)
			return out, err
		}))
	srv.API(op("POST", "/rankings", "Publish a 红黑榜 (bureau_safety, administrator)", RankingInput{}, Ranking{}, http.StatusCreated), jsonIn(http.StatusCreated, s.PublishRanking))
	srv.API(op("GET", "/rankings/{id}", "A published 红黑榜", nil, Ranking{}, 0), idGet(s.GetRanking))

	// Statistics and to-dos.
	st := op("GET", "/statistics", "Hazard figures found in a period, by county, sector or kind", nil, Table{}, 0)
	st.Query = []web.Param{{Name: "from", Type: "string", Description: "YYYY-MM-DD"}, {Name: "to", Type: "string", Description: "YYYY-MM-DD"},
		{Name: "by", Type: "string", Description: "division, sector or kind"}}
	srv.API(st, func(w http.ResponseWriter, r *http.Request) error {
		y, q := QuarterOf(s.today())
		qf, qt := QuarterBounds(y, q)
		from, err := qDay(r, "from", qf)
		if err != nil {
			return err
		}
		to, err := qDay(r, "to", qt)
		if err != nil {
			return err
		}
		by := qStr(r, "by")
		if by == "" {
			by = ByDivision
		}
		out, err := s.Statistics(r.Context(), from, to, by)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	qt := op("GET", "/statistics/quarterly", "The quarterly hazard statistics table (16号令 §14), with its due date", nil, Table{}, 0)
	qt.Query = []web.Param{{Name: "year", Type: "integer"}, {Name: "quarter", Type: "integer", Description: "1–4"}}
	srv.API(qt, func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.QuarterlyTable(r.Context(), int(qInt(r, "year")), int(qInt(r, "quarter")))
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	at := op("GET", "/statistics/annual", "The annual hazard statistics table (16号令 §14), due 31 January", nil, Table{}, 0)
	at.Query = []web.Param{{Name: "year", Type: "integer"}}
	srv.API(at, func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.AnnualTable(r.Context(), int(qInt(r, "year")))
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.API(op("GET", "/todos", "What waits on the caller", nil, []Todo{}, 0), func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.Todos(r.Context())
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})

	// Public: no account.
	srv.Public("GET /api/v1/public/listed-hazards", func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.PublicListedHazards(r.Context(), 500)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.Public("GET /api/v1/public/cases", func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.PublishedCases(r.Context(), 200)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
	srv.Public("POST /api/v1/public/reports", h.publicSubmit)
	srv.Public("GET /api/v1/public/reports/{code}", func(w http.ResponseWriter, r *http.Request) error {
		out, err := s.TrackReport(r.Context(), r.PathValue("code"))
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, out)
		return nil
	})
}

// readUpload reads one multipart file, at most max+1 bytes (so that "too
// large" is told from "exactly the limit" by the rule, not the reader).
func readUpload(r *http.Request, field string, max int) (Upload, error) {
	f, hdr, err := r.FormFile(field)
	if err != nil {
		return Upload{}, errs.Invalid(field, keyRequired)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return Upload{}, err
	}
	return Upload{Name: hdr.Filename, Data: b}, nil
}

func multipartBody(r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "multipart/form-data" {
		return errs.Invalid("body", "safety.upload.multipart")
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return errs.Invalid("body", "safety.upload.multipart")
	}
	return nil
}

func (h *HTTP) uploadEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := multipartBody(r); err != nil {
		return err
	}
	up, err := readUpload(r, "file", MaxEvidenceBytes)
	if err != nil {
		return err
	}
	out, err := h.svc.AddEvidence(r.Context(), id, up.Name, up.Data)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, out)
	return nil
}

// publicSubmit takes a report as multipart/form-data: the ReportInput
// fields by their JSON names, "anonymous" as 1/true, and up to five
// "photo" files. It is rate-limited per client address.
func (h *HTTP) publicSubmit(w http.ResponseWriter, r *http.Request) error {
	ip := h.srv.ClientIP(r)
	if !h.limiter.allow(ip, time.Now()) {
		w.Header().Set("Retry-After", "600")
		web.WriteJSON(w, http.StatusTooManyRequests, map[string]any{"error": map[string]string{"code": "rate_limited",
			"message": h.srv.Renderer().T(r, "safety.report.rate_limited")}})
		return nil
	}
	if err := multipartBody(r); err != nil {
		return err
	}
	f := r.MultipartForm
	val := func(k string) string {
		if v := f.Value[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	in := ReportInput{DivisionCode: val("division_code"), EnterpriseName: val("enterprise_name"), Body: val("body"), Address: val("address"),
		Anonymous: val("anonymous") == "1" || val("anonymous") == "true", ReporterName: val("reporter_name"), ReporterPhone: val("reporter_phone")}
	v := &errs.Validation{}
	for _, k := range []string{"lat", "lng"} {
		if s := strings.TrimSpace(val(k)); s != "" {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				v.Add(k, keyBadNum)
				continue
			}
			if k == "lat" {
				in.Lat = &x
			} else {
				in.Lng = &x
			}
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	var photos []Upload
	for _, fh := range f.File["photo"] {
		if len(photos) == MaxReportPhotos {
			return errs.Invalid("photos", "safety.report.too_many_photos", MaxReportPhotos)
		}
		file, err := fh.Open()
		if err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(file, MaxPhotoBytes+1))
		file.Close()
		if err != nil {
			return err
		}
		photos = append(photos, Upload{Name: fh.Filename, Data: b})
	}
	ctx := access.With(r.Context(), &access.Principal{Username: "public", Name: "public report", RemoteAddr: ip})
	out, err := h.svc.SubmitReport(ctx, in, photos)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, out)
	return nil
}

// rateLimiter allows n events per window per key (a sliding log; the
// public form's volume is small). Keys idle past the window are dropped.
type rateLimiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	seen   map[string][]time.Time
}

func newRateLimiter(n int, window time.Duration) *rateLimiter {
	return &rateLimiter{n: n, window: window, seen: map[string][]time.Time{}}
}

func (l *rateLimiter) allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	cut := now.Add(-l.window)
	for k, ts := range l.seen {
		if len(ts) > 0 && ts[len(ts)-1].Before(cut) {
			delete(l.seen, k)
		}
	}
	ts := l.seen[key]
	i := 0
	for i < len(ts) && ts[i].Before(cut) {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.n {
		l.seen[key] = ts
		return false
	}
	l.seen[key] = append(ts, now)
	return true
}
