// Package dbtest runs store tests on both engines against real databases: a
// fresh SQLite file, and a fresh database on the machine's PostgreSQL server.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// PostgresAdminDSN is where test databases are created; override with
// BOGDA_TEST_POSTGRES.
func PostgresAdminDSN() string {
	if v := os.Getenv("BOGDA_TEST_POSTGRES"); v != "" {
		return v
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// postgresRequired is true in CI (and when asked): a missing server then
// fails the run instead of silently testing one engine.
func postgresRequired() bool {
	return os.Getenv("CI") != "" || os.Getenv("BOGDA_REQUIRE_POSTGRES") == "1"
}

// Engine is one way to get a fresh database.
type Engine struct {
	Name string
	DSN  func(t testing.TB) string
}

// Engines lists SQLite and PostgreSQL.
func Engines() []Engine {
	return []Engine{
		{Name: "sqlite", DSN: func(t testing.TB) string { return filepath.Join(t.TempDir(), "bogda.db") }},
		{Name: "postgres", DSN: NewPostgresDatabase},
	}
}

// NewPostgresDatabase creates an empty database for this test, dropped at cleanup.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", PostgresAdminDSN())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if postgresRequired() {
			t.Fatalf("PostgreSQL not reachable at %s: %v", PostgresAdminDSN(), err)
		}
		t.Skipf("PostgreSQL not reachable (%v); set CI=1 to require it", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "bogda_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE DATABASE ` + name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		admin.Close()
	})
	dsn := PostgresAdminDSN()
	i := strings.LastIndex(dsn, "/")
	rest := ""
	if q := strings.Index(dsn[i:], "?"); q >= 0 {
		rest = dsn[i+q:]
	}
	return dsn[:i+1] + name + rest
}

// Open opens a fresh database of engine e, migrated with sets, closed at cleanup.
func Open(t testing.TB, e Engine, sets ...db.Migrations) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, e.DSN(t))
	if err != nil {
		t.Fatalf("open %s: %v", e.Name, err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, sets...); err != nil {
		t.Fatalf("migrate %s: %v", e.Name, err)
	}
	return d
}

// Each runs fn once per engine as a subtest with a fresh migrated database.
func Each(t *testing.T, sets []db.Migrations, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) {
			fn(t, Open(t, e, sets...))
		})
	}
}
