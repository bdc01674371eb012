package auth

import (
	"net/http"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// UserResource is an account in the API: no secrets.
type UserResource struct {
	ID                int64       `json:"id"`
	Username          string      `json:"username"`
	Name              string      `json:"name"`
	Role              access.Role `json:"role"`
	ScopeDivision     string      `json:"scope_division"`
	ScopeOrg          int64       `json:"scope_org_id"`
	Lang              string      `json:"lang"`
	Active            bool        `json:"active"`
	LockedUntil       time.Time   `json:"locked_until,omitzero"`
	PasswordChangedAt time.Time   `json:"password_changed_at"`
	CreatedAt         time.Time   `json:"created_at"`
	UpdatedAt         time.Time   `json:"updated_at"`
}

func resourceOf(u User, now time.Time) UserResource {
	r := UserResource{ID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, ScopeDivision: u.Scope.Division,
		ScopeOrg: u.Scope.Org, Lang: u.Lang, Active: u.Active,
		PasswordChangedAt: u.PasswordChangedAt, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
	if u.LockedAt(now) {
		r.LockedUntil = u.LockedUntil
	}
	return r
}

// MeResource is the caller: their account and, for a machine, the token it used.
type MeResource struct {
	ID            int64       `json:"id"`
	Username      string      `json:"username"`
	Name          string      `json:"name"`
	Role          access.Role `json:"role"`
	ScopeDivision string      `json:"scope_division"`
	ScopeOrg      int64       `json:"scope_org_id"`
	Lang          string      `json:"lang"`
	TokenID       int64       `json:"token_id,omitempty"`
}

// UserCreateRequest is the body of POST /api/v1/users.
type UserCreateRequest struct {
	Username      string      `json:"username"`
	Name          string      `json:"name"`
	Password      string      `json:"password"`
	Role          access.Role `json:"role"`
	ScopeDivision string      `json:"scope_division"`
	ScopeOrg      int64       `json:"scope_org_id"`
	Lang          string      `json:"lang"`
}

// UserPatchRequest is the body of PATCH /api/v1/users/{id}: fields left out
// keep their value.
type UserPatchRequest struct {
	Name          *string      `json:"name"`
	Role          *access.Role `json:"role"`
	ScopeDivision *string      `json:"scope_division"`
	ScopeOrg      *int64       `json:"scope_org_id"`
	Active        *bool        `json:"active"`
	Lang          *string      `json:"lang"`
}

func (h *HTTP) registerAPI(srv *web.Server) {
	srv.API(web.Op{Method: "GET", Path: "/api/v1/me", Summary: "The signed-in user or the API token's user", Tag: "users",
		Response: MeResource{}}, h.apiMe)
	srv.API(web.Op{Method: "GET", Path: "/api/v1/users", Summary: "List users", Tag: "users", Perm: access.PermUsersAdmin,
		Query:    web.ListParams(web.Param{Name: "role", Type: "string", Description: "only users with this role"}),
		Response: web.List[UserResource]{}}, h.apiList)
	srv.API(web.Op{Method: "POST", Path: "/api/v1/users", Summary: "Create a user", Tag: "users", Perm: access.PermUsersAdmin,
		Body: UserCreateRequest{}, Response: UserResource{}, Status: http.StatusCreated}, h.apiCreate)
	srv.API(web.Op{Method: "GET", Path: "/api/v1/users/{id}", Summary: "Get a user", Tag: "users", Perm: access.PermUsersAdmin,
		Response: UserResource{}}, h.apiGet)
	srv.API(web.Op{Method: "PATCH", Path: "/api/v1/users/{id}", Summary: "Change a user's name, role, scope, status or language",
		Tag: "users", Perm: access.PermUsersAdmin, Body: UserPatchRequest{}, Response: UserResource{}}, h.apiPatch)
}

func (h *HTTP) apiMe(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	web.WriteJSON(w, http.StatusOK, MeResource{ID: p.UserID, Username: p.Username, Name: p.Name, Role: p.Role,
		ScopeDivision: p.Scope.Division, ScopeOrg: p.Scope.Org, Lang: p.Lang, TokenID: p.TokenID})
	return nil
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	limit, offset := web.Paging(r)
	q := r.URL.Query()
	role := access.Role(q.Get("role"))
	if role != "" && !role.Valid() {
		return errs.Invalid("role", "auth.user.bad_role")
	}
	users, total, err := h.s.ListUsers(r.Context(), UserFilter{Q: q.Get("q"), Role: role, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	now := h.s.now()
	items := make([]UserResource, len(users))
	for i, u := range users {
		items[i] = resourceOf(u, now)
	}
	web.WriteJSON(w, http.StatusOK, web.List[UserResource]{Items: items, Total: total, Limit: limit, Offset: offset})
	return nil
}

func (h *HTTP) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var req UserCreateRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := h.s.CreateUser(r.Context(), NewUser{Username: req.Username, Name: req.Name, Password: req.Password, Role: req.Role,
		Scope: access.Scope{Division: req.ScopeDivision, Org: req.ScopeOrg}, Lang: req.Lang})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, resourceOf(u, h.s.now()))
	return nil
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.s.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, resourceOf(u, h.s.now()))
	return nil
}

func (h *HTTP) apiPatch(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var req UserPatchRequest
	if err := web.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := h.s.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	up := UserUpdate{Name: u.Name, Role: u.Role, Scope: u.Scope, Active: u.Active, Lang: u.Lang}
	if req.Name != nil {
		up.Name = *req.Name
	}
	if req.Role != nil {
		up.Role = *req.Role
	}
	if req.ScopeDivision != nil {
		up.Scope.Division = *req.ScopeDivision
	}
	if req.ScopeOrg != nil {
		up.Scope.Org = *req.ScopeOrg
	}
	if req.Active != nil {
		up.Active = *req.Active
	}
	if req.Lang != nil {
		up.Lang = *req.Lang
	}
	u, err = h.s.UpdateUser(r.Context(), id, up)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, resourceOf(u, h.s.now()))
	return nil
}
