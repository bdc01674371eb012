package auth

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

type usersData struct {
	Users []User
	Q     string
	Role  string
	Roles []access.Role
	Now   time.Time
	Pager web.Pager
	// ScopeNames names each listed user's scope by user id.
	ScopeNames map[int64]string
}

func (h *HTTP) users(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset := web.Paging(r)
	f := UserFilter{Q: q.Get("q"), Limit: limit, Offset: offset}
	if role := access.Role(q.Get("role")); role.Valid() {
		f.Role = role
	}
	users, total, err := h.s.ListUsers(r.Context(), f)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range users {
		names[u.ID] = h.scopeName(r.Context(), u.Scope)
	}
	h.srv.Render(w, r, web.Page{Name: "auth/users", Title: "auth.users.title", Flash: doneFlash(r), Data: usersData{
		Users: users, Q: f.Q, Role: string(f.Role), Roles: access.Roles(), Now: h.s.now(), ScopeNames: names,
		Pager: web.Pager{Total: total, Limit: limit, Offset: offset, URL: r.URL}}})
	return nil
}

// userForm is the form as typed, so that a refused form comes back as it was.
type userForm struct {
	Username      string
	Name          string
	Role          string
	ScopeDivision string
	ScopeOrg      string
	Active        bool
	Lang          string
}

func formOf(u User) userForm {
	f := userForm{Username: u.Username, Name: u.Name, Role: string(u.Role), ScopeDivision: u.Scope.Division,
		Active: u.Active, Lang: u.Lang}
	if u.Scope.Org != 0 {
		f.ScopeOrg = strconv.FormatInt(u.Scope.Org, 10)
	}
	return f
}

type userFormData struct {
	User           User // the stored account; zero on the new-user page
	Form           userForm
	Roles          []access.Role
	Langs          []string
	Tokens         []Token
	Now            time.Time
	MinPasswordLen int
	// Divisions suggest scope codes; OrgName names the organisation scope.
	Divisions []DirectoryEntry
	OrgName   string
}

func (h *HTTP) renderUserForm(w http.ResponseWriter, r *http.Request, d userFormData, status int, flash string, v *errs.Validation) {
	d.Roles, d.Langs, d.Now, d.MinPasswordLen = access.Roles(), web.Langs(), h.s.now(), h.s.cfg.MinPasswordLen
	if h.dir != nil {
		d.Divisions = h.dir.Divisions(r.Context())
		if org, err := strconv.ParseInt(d.Form.ScopeOrg, 10, 64); err == nil && org > 0 {
			d.OrgName = h.dir.ScopeName(r.Context(), access.Scope{Org: org})
		}
	}
	title := "auth.users.new"
	if d.User.ID != 0 {
		title = "auth.users.edit"
	}
	noStore(w)
	h.srv.Render(w, r, web.Page{Name: "auth/user_form", Title: title, Status: status, Flash: flash, Errors: v, Data: d})
}

// readUserForm reads the profile fields of the user form.
func readUserForm(r *http.Request) (userForm, access.Scope, *errs.Validation) {
	f := userForm{
		Username:      strings.TrimSpace(r.PostFormValue("username")),
		Name:          r.PostFormValue("name"),
		Role:          r.PostFormValue("role"),
		ScopeDivision: strings.TrimSpace(r.PostFormValue("scope_division")),
		ScopeOrg:      strings.TrimSpace(r.PostFormValue("scope_org_id")),
		Active:        r.PostFormValue("active") != "",
		Lang:          r.PostFormValue("lang"),
	}
	v := &errs.Validation{}
	org, ok := formInt64(r, "scope_org_id")
	if !ok {
		v.Add("scope_org_id", "shell.form.bad_number")
	}
	return f, access.Scope{Division: f.ScopeDivision, Org: org}, v
}

// merge adds the service's objections in err to the form's own, one per
// field, so the form shows everything at once.
func merge(form *errs.Validation, err error) error {
	if v, ok := errs.AsValidation(err); ok {
		for _, f := range v.Fields {
			if !form.Has(f.Field) {
				form.Fields = append(form.Fields, f)
			}
		}
	}
	return form.Err()
}

func (h *HTTP) newUserForm(w http.ResponseWriter, r *http.Request) error {
	h.renderUserForm(w, r, userFormData{Form: userForm{Active: true, Role: string(access.RoleLocalStaff)}}, http.StatusOK, "", nil)
	return nil
}

func (h *HTTP) createUser(w http.ResponseWriter, r *http.Request) error {
	f, scope, fv := readUserForm(r)
	password, confirm := r.PostFormValue("password"), r.PostFormValue("confirm_password")
	if password != confirm {
		fv.Add("confirm_password", "auth.password.mismatch")
	}
	nu := NewUser{Username: f.Username, Name: f.Name, Password: password, Role: access.Role(f.Role), Scope: scope, Lang: f.Lang}
	var u User
	var err error
	if len(fv.Fields) > 0 {
		// The form itself is wrong: create nothing, but show the service's
		// objections too, so that everything is fixed in one round.
		err = merge(fv, h.s.checkNewUser(access.From(r.Context()).Scope, nu).Err())
	} else {
		u, err = h.s.CreateUser(r.Context(), nu)
	}
	if v, ok := errs.AsValidation(err); ok {
		h.renderUserForm(w, r, userFormData{Form: f}, http.StatusUnprocessableEntity, "", v)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/users/"+idString(u.ID)+"?done=created")
	return nil
}

func (h *HTTP) userForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.s.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	toks, err := h.s.ListTokens(r.Context(), id)
	if err != nil {
		return err
	}
	h.renderUserForm(w, r, userFormData{User: u, Form: formOf(u), Tokens: toks}, http.StatusOK, doneFlash(r), nil)
	return nil
}

// saveUser handles both forms of the user page: the profile ("save") and an
// administrator's password reset ("password").
func (h *HTTP) saveUser(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.s.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	f := formOf(u)
	done := "saved"
	switch r.PostFormValue("action") {
	case "password":
		password, confirm := r.PostFormValue("password"), r.PostFormValue("confirm_password")
		if password != confirm {
			err = errs.Invalid("confirm_password", "auth.password.mismatch")
		} else {
			err = h.s.SetPassword(r.Context(), u.Username, password)
		}
		done = "password_set"
	default:
		var scope access.Scope
		var fv *errs.Validation
		f, scope, fv = readUserForm(r)
		f.Username = u.Username
		if len(fv.Fields) > 0 {
			err = fv
		} else {
			_, err = h.s.UpdateUser(r.Context(), id, UserUpdate{Name: f.Name, Role: access.Role(f.Role), Scope: scope,
				Active: f.Active, Lang: f.Lang})
		}
	}
	if v, ok := errs.AsValidation(err); ok {
		toks, terr := h.s.ListTokens(r.Context(), id)
		if terr != nil {
			return terr
		}
		h.renderUserForm(w, r, userFormData{User: u, Form: f, Tokens: toks}, http.StatusUnprocessableEntity, "", v)
		return nil
	}
	if err != nil {
		return err
	}
	web.Redirect(w, r, "/admin/users/"+idString(id)+"?done="+done)
	return nil
}
