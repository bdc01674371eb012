package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
)

// Backup writes a consistent copy of the database to file while the server
// goes on serving reads and writes.
//
// SQLite: VACUUM INTO copies one read transaction's snapshot into a new,
// compacted database file; restoring is copying that file into place while
// Bogda is stopped.
// PostgreSQL: pg_dump in custom format takes a snapshot inside one
// repeatable-read transaction; restore with pg_restore (see README).
func (d *DB) Backup(ctx context.Context, file string) error {
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("backup target %s already exists; choose a new file", file)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	switch d.Dialect {
	case SQLite:
		// VACUUM INTO reads the source inside one read transaction, so WAL lets
		// the writer go on. The reader pool is query_only, which forbids
		// writing even the target, and the writer must stay free for the
		// server: the copy gets a connection of its own.
		h, err := sql.Open("sqlite", "file:"+d.Location+"?"+sqlitePragmas)
		if err != nil {
			return err
		}
		defer h.Close()
		if _, err := h.ExecContext(ctx, `VACUUM INTO ?`, file); err != nil {
			return fmt.Errorf("vacuum into %s: %w", file, err)
		}
		return nil
	case Postgres:
		cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--no-owner", "--file="+file, "--dbname="+d.dsn)
		out, err := cmd.CombinedOutput()
		if err != nil {
			_ = os.Remove(file)
			return fmt.Errorf("pg_dump: %w: %s", err, out)
		}
		return nil
	}
	return fmt.Errorf("backup: unknown dialect %q", d.Dialect)
}
