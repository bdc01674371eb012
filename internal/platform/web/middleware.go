package web

import (
	"errors"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// contentSecurityPolicy allows nothing but this server's own files: no inline
// script or style, no frames, no foreign hosts. htmx is configured (meta
// htmx-config) not to inject its indicator style so that style-src can stay
// 'self'.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		// Inspectors take photos and locations in the field; nothing else.
		h.Set("Permissions-Policy", "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (sr *statusRecorder) WriteHeader(code int) {
	if sr.status == 0 {
		sr.status = code
	}
	sr.ResponseWriter.WriteHeader(code)
}

func (sr *statusRecorder) Write(b []byte) (int, error) {
	if sr.status == 0 {
		sr.status = http.StatusOK
	}
	return sr.ResponseWriter.Write(b)
}

func (sr *statusRecorder) Unwrap() http.ResponseWriter { return sr.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if strings.HasPrefix(r.URL.Path, "/static/") {
			return
		}
		user := ""
		if p := access.From(r.Context()); p != nil {
			user = p.Username
		}
		s.log.Info("http", "method", r.Method, "path", r.URL.Path, "status", rec.status,
			"ms", time.Since(start).Milliseconds(), "user", user, "addr", s.ClientIP(r))
	})
}

// recoverPanics turns a panic into a logged 500 page instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", v)
				s.errorPage(w, r, http.StatusInternalServerError, "shell.error.500")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// authenticate attaches the principal of the session cookie or API token.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r)
			return
		}
		p, err := s.auth.Authenticate(r)
		if err != nil {
			s.log.Warn("authenticate", "err", err)
		}
		if p != nil {
			p.RemoteAddr = s.ClientIP(r)
			r = r.WithContext(access.With(r.Context(), p))
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps every request body; routes that take uploads raise their
// own limit with http.MaxBytesReader before this one is reached.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		}
		next.ServeHTTP(w, r)
	})
}

// parseBody parses a urlencoded or multipart form once, within the body limit.
func parseBody(r *http.Request) error {
	if r.PostForm != nil {
		return nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		// Parts above 8 MiB spill to temporary files, removed after the request.
		err := r.ParseMultipartForm(8 << 20)
		if errors.Is(err, http.ErrNotMultipart) {
			return nil
		}
		return err
	}
	return r.ParseForm()
}

// ClientIP is the address the request came from. X-Forwarded-For is
// believed only when Bogda is configured to sit behind one proxy, and then
// only its last entry — the one that proxy appended; the entries before it
// are whatever the client chose to send.
func (s *Server) ClientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndex(last, ","); i >= 0 {
				last = last[i+1:]
			}
			if ip := strings.TrimSpace(last); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// SecureRequest reports whether cookies set in answer to r must carry the
// Secure flag: always when configured, else when r came over TLS.
func (s *Server) SecureRequest(r *http.Request) bool { return s.secure(r) }

func (s *Server) secure(r *http.Request) bool {
	return s.cfg.SecureCookies || r.TLS != nil || (s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}
