// Package db opens Bogda's database on either engine and gives every store
// one query code path: SQL is written once with '?' placeholders and rebound
// for PostgreSQL at the moment it is sent.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver (pure Go, no cgo)
)

// Dialect names the engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a writer and a reader pool. On SQLite they are two handles on the same
// file: one writer connection (SQLite serialises writers anyway, and one
// connection avoids SQLITE_BUSY between our own goroutines) and a pool of
// query-only readers that WAL lets run beside it. On PostgreSQL both are the
// same pool.
type DB struct {
	Dialect Dialect
	writer  *sql.DB
	reader  *sql.DB
	// Location is the file path (SQLite) or the DSN without password (PostgreSQL),
	// for logs and backups.
	Location string
	dsn      string
}

// Open opens dsn: a postgres:// or postgresql:// URL selects PostgreSQL;
// anything else is a SQLite file path (created with its directory if missing).
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite://"))
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	loc := dsn
	if u, err := url.Parse(dsn); err == nil {
		u.User = url.User(u.User.Username())
		loc = u.String()
	}
	return &DB{Dialect: Postgres, writer: pool, reader: pool, Location: loc, dsn: dsn}, nil
}

// sqlitePragmas are set on every connection through the DSN so that a pooled
// connection opened later gets them too.
// busy_timeout: wait for the writer lock rather than fail; foreign_keys: SQLite
// leaves them off by default; synchronous(NORMAL) is durable in WAL mode for
// committed transactions except on power loss of the OS itself.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_time_format=sqlite"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("empty database path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database directory: %w", err)
		}
	}
	base := "file:" + path + "?" + sqlitePragmas
	// _txlock=immediate takes the write lock at BEGIN, so a transaction that
	// reads then writes cannot deadlock against another writer.
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	r.SetMaxOpenConns(8)
	return &DB{Dialect: SQLite, writer: w, reader: r, Location: path, dsn: path}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.writer.Close()
	if d.reader != d.writer {
		err = errors.Join(err, d.reader.Close())
	}
	return err
}

// Read returns a Conn on the reader pool for queries outside a transaction.
func (d *DB) Read() Conn { return Conn{q: d.reader, d: d.Dialect} }

// Write returns a Conn on the writer for a single statement outside a
// transaction. Changes that must be audited go through Tx instead.
func (d *DB) Write() Conn { return Conn{q: d.writer, d: d.Dialect} }

// Ping checks the writer.
func (d *DB) Ping(ctx context.Context) error { return d.writer.PingContext(ctx) }

type rawQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Conn sends SQL written with '?' placeholders to either engine.
type Conn struct {
	q rawQuerier
	d Dialect
}

// Dialect reports the engine, for the rare statement that differs.
func (c Conn) Dialect() Dialect { return c.d }

func (c Conn) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, Rebind(c.d, query), args...)
}

func (c Conn) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, Rebind(c.d, query), args...)
}

func (c Conn) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, Rebind(c.d, query), args...)
}

// Rebind turns '?' placeholders into $1, $2 … for PostgreSQL. Question marks
// inside single-quoted literals are left alone.
func Rebind(d Dialect, query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	inQuote := false
	for i := 0; i < len(query); i++ {
		ch := query[i]
		switch {
		case ch == '\'':
			inQuote = !inQuote
			b.WriteByte(ch)
		case ch == '?' && !inQuote:
			n++
			fmt.Fprintf(&b, "$%d", n)
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}
