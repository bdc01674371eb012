package projects

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/registry"
)

// The JSON API (/api/v1, tag "projects") gives the same data and rules as
// the pages. Every route needs module.projects; what a principal may see
// and change within it is decided in the store (scope) and the service
// (role), exactly as for the pages.

// Query parameters are read leniently: a malformed number filters nothing.
func qInt(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(r.URL.Query().Get(name)), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func qStr(r *http.Request, name string) string { return strings.TrimSpace(r.URL.Query().Get(name)) }

// qMonth reads ?month=YYYY-MM; a malformed month is a validation error.
func qMonth(r *http.Request) (Month, error) {
	m, ok := ParseMonth(qStr(r, "month"))
	if !ok {
		return 0, errs.Invalid("month", keyBadMonth)
	}
	return m, nil
}

func qGroup(r *http.Request) DispatchGroup {
	switch g := DispatchGroup(qStr(r, "group")); g {
	case GroupProject, GroupCounty, GroupPark, GroupCluster, GroupWhole:
		return g
	}
	return GroupCounty
}

func projectFilter(r *http.Request) ProjectFilter {
	limit, offset := web.Paging(r)
	return ProjectFilter{Q: qStr(r, "q"), DivisionCode: qStr(r, "division_code"), ParkID: qInt(r, "park_id"),
		OwnerOrgID: qInt(r, "owner_org_id"), ClusterID: qInt(r, "cluster_id"), Stage: qStr(r, "stage"),
		ListID: qInt(r, "list_id"), Limit: limit, Offset: offset}
}

// ReportBatch is a batch of monthly reports for the import endpoint.
type ReportBatch struct {
	Rows []ReportInput `json:"rows"`
}

// ImportResult says how many rows an import saved.
type ImportResult struct {
	Imported int `json:"imported"`
}

func (h *HTTP) registerAPI(srv *web.Server) {
	perm := access.PermModuleProjects
	s := h.svc
	op := func(method, path, summary string, query []web.Param, body, resp any, status int) web.Op {
		return web.Op{Method: method, Path: "/api/v1" + path, Summary: summary, Tag: "projects", Perm: perm, Query: query, Body: body, Response: resp, Status: status}
	}
	month := web.Param{Name: "month", Type: "string", Description: "YYYY-MM, within the list's year"}

	srv.API(op("GET", "/projects", "List key projects (项目库) within your scope", web.ListParams(
		web.Param{Name: "division_code", Type: "string", Description: "county (and below)"},
		web.Param{Name: "park_id", Type: "integer"}, web.Param{Name: "owner_org_id", Type: "integer"},
		web.Param{Name: "cluster_id", Type: "integer"}, web.Param{Name: "stage", Type: "string"},
		web.Param{Name: "list_id", Type: "integer", Description: "members of an annual list"}), nil, web.List[Project]{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			f := projectFilter(r)
			items, total, err := s.ListProjects(r.Context(), f)
			return web.Respond(w, http.StatusOK, web.List[Project]{Items: items, Total: total, Limit: f.Limit, Offset: f.Offset}, err)
		})
	srv.API(op("GET", "/projects/{id}", "Get a project with its stage history, phases, milestones and approvals", nil, nil, ProjectDetail{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			d, err := s.GetDetail(r.Context(), id, web.RequestLang(r, access.From(r.Context()).Lang))
			return web.Respond(w, http.StatusOK, d, err)
		})
	srv.API(op("POST", "/projects", "Add a project to the library (amounts in 万元 as decimal strings)", nil, ProjectInput{}, Project{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in ProjectInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			p, err := s.CreateProject(r.Context(), in)
			return web.Respond(w, http.StatusCreated, p, err)
		})
	update := func(patch bool) web.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			var in ProjectInput
			if patch {
				cur, err := s.GetProject(r.Context(), id)
				if err != nil {
					return err
				}
				in = cur.Input()
			}
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			p, err := s.UpdateProject(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, p, err)
		}
	}
	srv.API(op("PUT", "/projects/{id}", "Replace a project's library fields (the stage changes through /stages)", nil, ProjectInput{}, Project{}, 0), update(false))
	srv.API(op("PATCH", "/projects/{id}", "Change some of a project's library fields", nil, ProjectInput{}, Project{}, 0), update(true))
	srv.API(op("DELETE", "/projects/{id}", "Delete a project keyed in by mistake (one without reports, lists or links)", nil, nil, nil, http.StatusNoContent),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			if err := s.DeleteProject(r.Context(), id); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		})
	srv.API(op("POST", "/projects/{id}/stages", "Record a stage change on a day (forward only)", nil, StageInput{}, Project{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			var in StageInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			p, err := s.ChangeStage(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, p, err)
		})
	srv.API(op("PUT", "/projects/{id}/approvals", "Set one item of the 前期 approvals checklist", nil, ApprovalInput{}, Approval{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			var in ApprovalInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			a, err := s.SetApproval(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, a, err)
		})
	srv.API(op("POST", "/projects/{id}/phases", "Add a phase (分期)", nil, PhaseInput{}, Phase{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			var in PhaseInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			ph, err := s.SavePhase(r.Context(), id, 0, in)
			return web.Respond(w, http.StatusCreated, ph, err)
		})
	srv.API(op("POST", "/projects/{id}/milestones", "Add a milestone with planned and actual dates", nil, MilestoneInput{}, Milestone{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			var in MilestoneInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			m, err := s.SaveMilestone(r.Context(), id, 0, in)
			return web.Respond(w, http.StatusCreated, m, err)
		})
	srv.API(op("GET", "/projects/{id}/reports", "A project's monthly reports (history=true: corrections too)",
		[]web.Param{{Name: "history", Type: "boolean"}}, nil, []ProgressReport{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			rs, err := s.Reports(r.Context(), id, qStr(r, "history") == "true")
			return web.Respond(w, http.StatusOK, rs, err)
		})
	srv.API(op("POST", "/project-reports", "File a monthly progress report; a second report for a month is a correction", nil, ReportInput{}, ProgressReport{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in ReportInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			rep, err := s.SubmitReport(r.Context(), in)
			return web.Respond(w, http.StatusCreated, rep, err)
		})

	srv.API(op("POST", "/project-reports/import", "File many monthly reports at once, all or nothing (422 lists rows.N.field problems)",
		nil, ReportBatch{}, ImportResult{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var in ReportBatch
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			rows := make([]registry.ImportRow[ReportInput], len(in.Rows))
			for i, rep := range in.Rows {
				rows[i] = registry.ImportRow[ReportInput]{Row: i + 1, Input: rep}
			}
			n, err := s.ImportReports(r.Context(), rows)
			var ie *registry.ImportError
			if errors.As(err, &ie) {
				v := &errs.Validation{}
				for _, p := range ie.Problems {
					v.Add("rows."+strconv.Itoa(p.Row)+"."+p.Field, p.Key, p.Args...)
				}
				return v
			}
			return web.Respond(w, http.StatusOK, ImportResult{Imported: n}, err)
		})
	srv.API(op("GET", "/project-lists", "Annual key-project lists", []web.Param{{Name: "year", Type: "integer"}}, nil, []AnnualList{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			ls, err := s.Lists(r.Context(), int(qInt(r, "year")))
			return web.Respond(w, http.StatusOK, ls, err)
		})
	srv.API(op("POST", "/project-lists", "Create an annual list (draft)", nil, ListInput{}, AnnualList{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in ListInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			l, err := s.CreateList(r.Context(), in)
			return web.Respond(w, http.StatusCreated, l, err)
		})
	withList := func(fn func(w http.ResponseWriter, r *http.Request, id int64) error) web.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			return fn(w, r, id)
		}
	}
	srv.API(op("GET", "/project-lists/{id}", "Get an annual list", nil, nil, AnnualList{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			l, err := s.GetList(r.Context(), id)
			return web.Respond(w, http.StatusOK, l, err)
		}))
	srv.API(op("GET", "/project-lists/{id}/items", "A list's projects with annual and monthly plans and the frozen baseline",
		[]web.Param{{Name: "removed", Type: "boolean", Description: "include items removed after adoption"}}, nil, []ListItem{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			its, err := s.Items(r.Context(), id, qStr(r, "removed") == "true")
			return web.Respond(w, http.StatusOK, its, err)
		}))
	srv.API(op("PUT", "/project-lists/{id}/items", "Put a project on the list or change its plan (a reason once adopted)", nil, ItemInput{}, ListItem{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			var in ItemInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			it, err := s.SaveItem(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, it, err)
		}))
	srv.API(op("DELETE", "/project-lists/{id}/items/{project}", "Take a project off the list (reason required once adopted)",
		[]web.Param{{Name: "reason", Type: "string"}}, nil, nil, http.StatusNoContent),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			pid, err := web.PathID(r, "project")
			if err != nil {
				return err
			}
			if err := s.RemoveItem(r.Context(), id, pid, qStr(r, "reason")); err != nil {
				return err
			}
			w.WriteHeader(http.StatusNoContent)
			return nil
		}))
	srv.API(op("POST", "/project-lists/{id}/adopt", "Adopt the list: freeze its baseline (年初下达)", nil, nil, AnnualList{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			l, err := s.AdoptList(r.Context(), id)
			return web.Respond(w, http.StatusOK, l, err)
		}))
	srv.API(op("GET", "/project-lists/{id}/changes", "Logged changes of an adopted list (年中调整)", nil, nil, []ListChange{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			cs, err := s.ListChanges(r.Context(), id)
			return web.Respond(w, http.StatusOK, cs, err)
		}))
	srv.API(op("GET", "/project-lists/{id}/dispatch", "Dispatch table at a month by project, county, park, cluster or prefecture",
		[]web.Param{month, {Name: "group", Type: "string", Description: "project, county, park, cluster or prefecture"}}, nil, []DispatchRow{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			m, err := qMonth(r)
			if err != nil {
				return err
			}
			rows, err := s.Dispatch(r.Context(), id, m, qGroup(r))
			return web.Respond(w, http.StatusOK, rows, err)
		}))
	srv.API(op("GET", "/project-lists/{id}/measures", "Per-project measures at a month: completion, 序时进度 gap, SPI on plan and curve",
		[]web.Param{month}, nil, []Measure{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			m, err := qMonth(r)
			if err != nil {
				return err
			}
			ms, err := s.Measures(r.Context(), id, m)
			return web.Respond(w, http.StatusOK, ms, err)
		}))
	srv.API(op("GET", "/project-lists/{id}/series", "Monthly completion against plan, seasonal curve and 序时进度, January to the month (chart data)",
		[]web.Param{month, {Name: "project_id", Type: "integer", Description: "one project; empty: the list's visible total"}}, nil, []SeriesPoint{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			m, err := qMonth(r)
			if err != nil {
				return err
			}
			pts, err := s.Series(r.Context(), id, qInt(r, "project_id"), m)
			return web.Respond(w, http.StatusOK, pts, err)
		}))
	srv.API(op("GET", "/project-lists/{id}/lights", "Stored red/yellow/green lights with their rule and figures",
		[]web.Param{{Name: "month", Type: "string", Description: "YYYY-MM; empty: every month"}, {Name: "project_id", Type: "integer"}}, nil, []Light{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			var m Month
			if qStr(r, "month") != "" {
				var err error
				if m, err = qMonth(r); err != nil {
					return err
				}
			}
			ls, err := s.Lights(r.Context(), id, m, qInt(r, "project_id"))
			return web.Respond(w, http.StatusOK, ls, err)
		}))
	srv.API(op("POST", "/project-lists/{id}/lights", "Recompute and store the lights of the list at a month", []web.Param{month}, nil, map[Colour]int{}, 0),
		withList(func(w http.ResponseWriter, r *http.Request, id int64) error {
			m, err := qMonth(r)
			if err != nil {
				return err
			}
			counts, err := s.ComputeLights(r.Context(), id, m)
			return web.Respond(w, http.StatusOK, counts, err)
		}))
	srv.API(op("GET", "/project-rule-sets", "Red/yellow/green rule sets (data per issuing government and year)", nil, nil, []RuleSet{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			rs, err := s.RuleSets(r.Context())
			return web.Respond(w, http.StatusOK, rs, err)
		})
	srv.API(op("POST", "/project-rule-sets", "Add a rule set (the responsible bureau)", nil, RuleSetInput{}, RuleSet{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in RuleSetInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			rs, err := s.CreateRuleSet(r.Context(), in)
			return web.Respond(w, http.StatusCreated, rs, err)
		})
	srv.API(op("GET", "/project-settings", "Report deadline day and statistics enrolment threshold", nil, nil, Settings{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			st, err := s.Settings(r.Context())
			return web.Respond(w, http.StatusOK, st, err)
		})
	srv.API(op("PUT", "/project-settings", "Change the settings (the responsible bureau)", nil, SettingsInput{}, Settings{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var in SettingsInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			st, err := s.SetSettings(r.Context(), in)
			return web.Respond(w, http.StatusOK, st, err)
		})
	srv.API(op("GET", "/project-curves", "Seasonal planned-value curves", nil, nil, []Curve{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			cs, err := s.Curves(r.Context())
			return web.Respond(w, http.StatusOK, cs, err)
		})
}
