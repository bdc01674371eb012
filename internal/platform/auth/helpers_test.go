package auth

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// testClock is the injected clock: tests move it instead of sleeping.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: t0} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// each runs fn on both engines with a fresh auth (and audit) schema.
func each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	dbtest.Each(t, []db.Migrations{audit.Migrations(), Migrations()}, fn)
}

func newTestService(d *db.DB, clk *testClock) *Service {
	cfg := DefaultConfig()
	cfg.Now = clk.Now
	return NewService(d, cfg, quietLog())
}

func sysCtx() context.Context { return access.With(context.Background(), access.System("test")) }

const goodPassword = "Bogda-2023-changji"

func mustCreate(t *testing.T, s *Service, username string, role access.Role, scope access.Scope) User {
	t.Helper()
	u, err := s.CreateUser(sysCtx(), NewUser{Username: username, Name: "测试 " + username, Password: goodPassword, Role: role, Scope: scope})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	return u
}

func mustLogin(t *testing.T, s *Service, username, addr string) string {
	t.Helper()
	tok, _, err := s.Login(context.Background(), username, goodPassword, addr, "test-agent")
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return tok
}

// authAs runs Authenticate on a request carrying the session cookie or bearer token.
func authCookie(t *testing.T, s *Service, token string) *access.Principal {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.AddCookie(&http.Cookie{Name: SessionCookie, Value: token})
	p, err := s.Authenticate(r)
	if err != nil {
		t.Fatalf("authenticate: %v", err)
	}
	return p
}

func authBearer(s *Service, token string) (*access.Principal, error) {
	r := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	return s.Authenticate(r)
}

// auditActions lists the actions recorded about one object, oldest first.
func auditActions(t *testing.T, d *db.DB, objectType, objectID string) []string {
	t.Helper()
	rows, err := d.Read().Query(context.Background(), `SELECT action FROM audit_log WHERE object_type = ? AND object_id = ? ORDER BY seq`, objectType, objectID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
