package auth

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/web"
)

type loginData struct {
	Username string
	Next     string
	// Error is the translated refusal, shown in the error box.
	Error string
}

func (h *HTTP) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := web.LocalPath(r.URL.Query().Get("next"))
	if p := access.From(r.Context()); p != nil && p.UserID != 0 {
		web.Redirect(w, r, next)
		return nil
	}
	noStore(w)
	h.srv.Render(w, r, web.Page{Name: "auth/login", Title: "auth.login.title", Data: loginData{Next: next}})
	return nil
}

// loginRefusal is the status and message for each way a login fails.
func (h *HTTP) loginRefusal(w http.ResponseWriter, r *http.Request, err error) (int, string, bool) {
	t := h.srv.Renderer().T
	var locked *LockedError
	switch {
	case errors.Is(err, ErrBadCredentials):
		return http.StatusUnauthorized, t(r, "auth.login.bad_credentials"), true
	case errors.As(err, &locked):
		return http.StatusLocked, t(r, "auth.login.locked", clock(locked.Until)), true
	case errors.Is(err, ErrAddrThrottled):
		w.Header().Set("Retry-After", strconv.Itoa(int(h.s.cfg.AddrWindow.Seconds())))
		return http.StatusTooManyRequests, t(r, "auth.login.throttled"), true
	case errors.Is(err, ErrDisabled):
		return http.StatusForbidden, t(r, "auth.login.disabled"), true
	}
	return 0, "", false
}

func (h *HTTP) login(w http.ResponseWriter, r *http.Request) error {
	data := loginData{Username: r.PostFormValue("username"), Next: web.LocalPath(r.PostFormValue("next"))}
	password := r.PostFormValue("password")
	noStore(w)
	if data.Username == "" || password == "" {
		data.Error = h.srv.Renderer().T(r, "auth.login.missing")
		h.srv.Render(w, r, web.Page{Name: "auth/login", Title: "auth.login.title", Status: http.StatusUnprocessableEntity, Data: data})
		return nil
	}
	token, _, err := h.s.Login(r.Context(), data.Username, password, h.srv.ClientIP(r), r.UserAgent())
	if err != nil {
		status, msg, ok := h.loginRefusal(w, r, err)
		if !ok {
			return err
		}
		data.Error = msg
		h.srv.Render(w, r, web.Page{Name: "auth/login", Title: "auth.login.title", Status: status, Data: data})
		return nil
	}
	h.setSessionCookie(w, r, token)
	h.srv.RotateCSRF(w, r)
	web.Redirect(w, r, data.Next)
	return nil
}

func (h *HTTP) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := h.s.Logout(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: h.srv.SecureRequest(r), SameSite: http.SameSiteLaxMode})
	h.srv.RotateCSRF(w, r)
	web.Redirect(w, r, "/login")
	return nil
}

// setSessionCookie gives the browser its session. The cookie has no expiry
// of its own (it ends with the browser); the server enforces the idle and
// absolute limits. SameSite=Lax keeps it on links into Bogda from mail or
// chat, while cross-site posts are stopped by the CSRF layers.
func (h *HTTP) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: h.srv.SecureRequest(r), SameSite: http.SameSiteLaxMode})
}
