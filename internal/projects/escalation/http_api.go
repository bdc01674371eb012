package escalation

import (
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// The JSON API (/api/v1/project-issues, tag "project-issues") gives the
// same data and rules as the pages; scope and roles are decided in the
// store and the service exactly as for the pages.

// IssueDetail is an item with its status history.
type IssueDetail struct {
	Issue
	History []Change `json:"history"`
}

func (h *HTTP) registerAPI(srv *web.Server) {
	s := h.svc
	op := func(method, path, summary string, query []web.Param, body, resp any, status int) web.Op {
		return web.Op{Method: method, Path: "/api/v1/project-issues" + path, Summary: summary, Tag: "project-issues",
			Perm: access.PermModuleProjects, Query: query, Body: body, Response: resp, Status: status}
	}
	srv.API(op("GET", "", "List project problems under supervision (问题协调与督办) within your scope", web.ListParams(
		web.Param{Name: "project_id", Type: "integer"},
		web.Param{Name: "division_code", Type: "string", Description: "county (and below) of the project"},
		web.Param{Name: "status", Type: "string", Description: "pending, coordinating, escalated, resolved, or open for every unresolved one"},
		web.Param{Name: "category", Type: "string"},
		web.Param{Name: "overdue", Type: "string", Description: "1: only items past their deadline (China time)"}), nil, web.List[Issue]{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			f := filterOf(r)
			items, total, err := s.List(r.Context(), f)
			return web.Respond(w, http.StatusOK, web.List[Issue]{Items: items, Total: total, Limit: f.Limit, Offset: f.Offset}, err)
		})
	srv.API(op("POST", "", "Raise a problem of a project (待交办); dates YYYY-MM-DD, deadline not before the raised day", nil,
		IssueInput{}, Issue{}, http.StatusCreated),
		func(w http.ResponseWriter, r *http.Request) error {
			var in IssueInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			i, err := s.Create(r.Context(), in)
			return web.Respond(w, http.StatusCreated, i, err)
		})
	srv.API(op("GET", "/meeting", "The monthly dispatch meeting's view (月度调度会): open and overdue items by county and by responsible unit",
		[]web.Param{{Name: "month", Type: "string", Description: "YYYY-MM; the current month if absent"}}, nil, Meeting{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			m, err := h.meetingMonth(r)
			if err != nil {
				return err
			}
			mt, err := s.Meeting(r.Context(), m)
			return web.Respond(w, http.StatusOK, mt, err)
		})
	srv.API(op("GET", "/untracked-reports", "Problems written in current monthly reports that no item tracks yet, newest month first (at most 100)",
		nil, nil, []ReportProblem{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			ps, err := s.UntrackedProblems(r.Context())
			return web.Respond(w, http.StatusOK, ps, err)
		})
	srv.API(op("GET", "/settings", "The supervision notice's issuer data", nil, nil, Settings{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			st, err := s.Settings(r.Context())
			return web.Respond(w, http.StatusOK, st, err)
		})
	srv.API(op("PUT", "/settings", "Change the supervision notice's issuer data (发改委 only)", nil, Settings{}, Settings{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			var in Settings
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			st, err := s.SetSettings(r.Context(), in)
			return web.Respond(w, http.StatusOK, st, err)
		})
	srv.API(op("GET", "/{id}", "Get a problem with its status history", nil, nil, IssueDetail{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			i, err := s.Get(r.Context(), id)
			if err != nil {
				return err
			}
			hist, err := s.History(r.Context(), id)
			return web.Respond(w, http.StatusOK, IssueDetail{Issue: i, History: hist}, err)
		})
	update := func(patch bool) web.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			var in IssueInput
			if patch {
				cur, err := s.Get(r.Context(), id)
				if err != nil {
					return err
				}
				in = cur.Input()
			}
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			i, err := s.Update(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, i, err)
		}
	}
	srv.API(op("PUT", "/{id}", "Replace an open problem's fields (project, report and raised day stay; status changes through /moves)", nil,
		IssueInput{}, Issue{}, 0), update(false))
	srv.API(op("PATCH", "/{id}", "Change some of an open problem's fields", nil, IssueInput{}, Issue{}, 0), update(true))
	srv.API(op("POST", "/{id}/moves", "Change a problem's status: to coordinating (交办, needs a unit), escalated (needs a higher level), resolved (needs the resolution note)",
		nil, MoveInput{}, Issue{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			var in MoveInput
			if err := web.DecodeJSON(r, &in); err != nil {
				return err
			}
			i, err := s.Move(r.Context(), id, in)
			return web.Respond(w, http.StatusOK, i, err)
		})
	srv.API(op("GET", "/{id}/notice", "The problem's supervision notice (督办单) data", nil, nil, Notice{}, 0),
		func(w http.ResponseWriter, r *http.Request) error {
			id, err := web.PathID(r, "id")
			if err != nil {
				return err
			}
			n, err := s.Notice(r.Context(), id)
			return web.Respond(w, http.StatusOK, n, err)
		})
}
