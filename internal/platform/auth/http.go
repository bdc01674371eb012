package auth

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// HTTP serves the sign-in, account and user administration pages and the
// users API.
type HTTP struct {
	s   *Service
	srv *web.Server
	dir Directory // optional; see WithDirectory
}

// NewHTTP creates the handlers; Register puts them on a server.
func NewHTTP(s *Service) *HTTP { return &HTTP{s: s} }

// Register adds every route of this package to srv.
func (h *HTTP) Register(srv *web.Server) {
	h.srv = srv
	srv.Public("GET /login", h.loginForm)
	srv.Public("POST /login", h.login)
	// Public: a browser whose session has already ended may still press
	// "log out" and must get its cookie cleared rather than a login page.
	srv.Public("POST /logout", h.logout)

	srv.Page("GET /account", "", h.account)
	srv.Page("POST /account/password", "", h.changePassword)
	srv.Page("POST /account/tokens", "", h.createToken)
	srv.Page("POST /account/tokens/{id}/revoke", "", h.revokeToken)

	srv.Page("GET /admin/users", access.PermUsersAdmin, h.users)
	srv.Page("GET /admin/users/new", access.PermUsersAdmin, h.newUserForm)
	srv.Page("POST /admin/users/new", access.PermUsersAdmin, h.createUser)
	srv.Page("GET /admin/users/{id}", access.PermUsersAdmin, h.userForm)
	srv.Page("POST /admin/users/{id}", access.PermUsersAdmin, h.saveUser)

	h.registerAPI(srv)
}

// doneFlash maps the ?done= marker of a redirect after a successful post to
// the notice shown; anything else shows nothing, so the parameter cannot be
// used to put arbitrary text on the page.
func doneFlash(r *http.Request) string {
	switch r.URL.Query().Get("done") {
	case "password":
		return "auth.account.password_changed"
	case "revoked":
		return "auth.token.revoked"
	case "created":
		return "shell.form.created"
	case "saved":
		return "shell.form.saved"
	case "password_set":
		return "auth.user.password_set"
	}
	return ""
}

// formInt64 reads an optional integer form field; ok is false if it is
// present but not a number.
func formInt64(r *http.Request, name string) (n int64, ok bool) {
	s := strings.TrimSpace(r.PostFormValue(name))
	if s == "" {
		return 0, true
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// noStore keeps pages with secrets on them (a new token) out of caches and
// the browser's back-forward history.
func noStore(w http.ResponseWriter) { w.Header().Set("Cache-Control", "no-store") }
