package auth

import (
	"net/http"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

type accountData struct {
	User   User
	Tokens []Token
	Now    time.Time
	// NewToken is the plain text of a token just created: shown this once.
	NewToken       string
	TokenName      string
	TokenExpires   string
	MinPasswordLen int
	// ViaToken is set when the page is opened with an API token, which may
	// not manage tokens or the password.
	ViaToken bool
	// ScopeName names the user's division or organisation ("" to show codes).
	ScopeName string
}

func (h *HTTP) accountData(r *http.Request) (accountData, error) {
	p := access.From(r.Context())
	d := accountData{Now: h.s.now(), MinPasswordLen: h.s.cfg.MinPasswordLen, ViaToken: p.TokenID != 0}
	u, err := h.s.GetUser(r.Context(), p.UserID)
	if err != nil {
		return d, err
	}
	d.User = u
	d.ScopeName = h.scopeName(r.Context(), u.Scope)
	if !d.ViaToken {
		if d.Tokens, err = h.s.ListTokens(r.Context(), p.UserID); err != nil {
			return d, err
		}
	}
	return d, nil
}

func (h *HTTP) renderAccount(w http.ResponseWriter, r *http.Request, d accountData, status int, flash string, v *errs.Validation) {
	noStore(w)
	h.srv.Render(w, r, web.Page{Name: "auth/account", Title: "auth.account.title", Status: status, Flash: flash, Errors: v, Data: d})
}

func (h *HTTP) account(w http.ResponseWriter, r *http.Request) error {
	d, err := h.accountData(r)
	if err != nil {
		return err
	}
	h.renderAccount(w, r, d, http.StatusOK, doneFlash(r), nil)
	return nil
}

// changePassword changes the password and then signs this browser in with a
// new session, since the change ended all of them.
func (h *HTTP) changePassword(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	old, next, confirm := r.PostFormValue("old_password"), r.PostFormValue("new_password"), r.PostFormValue("confirm_password")
	var err error
	if next != confirm {
		err = errs.Invalid("confirm_password", "auth.password.mismatch")
	} else {
		err = h.s.ChangePassword(r.Context(), p.UserID, old, next)
	}
	if v, ok := errs.AsValidation(err); ok {
		d, derr := h.accountData(r)
		if derr != nil {
			return derr
		}
		h.renderAccount(w, r, d, http.StatusUnprocessableEntity, "", v)
		return nil
	}
	if err != nil {
		return err
	}
	u, err := h.s.GetUser(r.Context(), p.UserID)
	if err != nil {
		return err
	}
	token, err := h.s.startSession(r.Context(), u, h.srv.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	h.setSessionCookie(w, r, token)
	web.Redirect(w, r, "/account?done=password")
	return nil
}

// parseExpiry reads the optional expiry date of a token form: the token
// stays valid through that whole day, China time.
func parseExpiry(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	d, err := time.ParseInLocation(time.DateOnly, s, chinaTime())
	if err != nil {
		return time.Time{}, false
	}
	return d.AddDate(0, 0, 1), true
}

func (h *HTTP) createToken(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	name, expiresText := r.PostFormValue("name"), r.PostFormValue("expires")
	expires, ok := parseExpiry(expiresText)
	var plain string
	var err error
	if !ok {
		err = errs.Invalid("expires", "shell.form.bad_date")
	} else {
		plain, _, err = h.s.CreateToken(r.Context(), p.UserID, name, expires)
	}
	v, invalid := errs.AsValidation(err)
	if err != nil && !invalid {
		return err
	}
	d, derr := h.accountData(r)
	if derr != nil {
		return derr
	}
	if invalid {
		d.TokenName, d.TokenExpires = name, expiresText
		h.renderAccount(w, r, d, http.StatusUnprocessableEntity, "", v)
		return nil
	}
	// Rendered, not redirected: the plain token exists only in this answer.
	d.NewToken = plain
	h.renderAccount(w, r, d, http.StatusOK, "auth.token.created", nil)
	return nil
}

func (h *HTTP) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.s.RevokeToken(r.Context(), id); err != nil {
		return err
	}
	back := "/account?done=revoked"
	if b := r.PostFormValue("back"); b != "" {
		back = web.LocalPath(b)
	}
	web.Redirect(w, r, back)
	return nil
}
