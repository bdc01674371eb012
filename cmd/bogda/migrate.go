package main

import (
	"context"
	"fmt"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/platform/db"
)

func runMigrate(ctx context.Context, e *env, args []string) error {
	cfg := app.DefaultConfig()
	fs := newFlags(e, "migrate", "migrate [flags]")
	cfg.Bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := db.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer d.Close()
	applied, err := d.Migrate(ctx, app.Migrations()...)
	for _, m := range applied {
		fmt.Fprintln(e.stdout, "applied", m)
	}
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(e.stdout, "database is up to date:", d.Dialect, d.Location)
	}
	return nil
}

// openDB opens and migrates the database for a one-off command.
func openDB(ctx context.Context, e *env, cfg app.Config) (*db.DB, error) {
	return app.OpenDB(ctx, cfg, app.NewLogger(e.stderr, app.Config{LogFormat: "text", LogLevel: "warn"}))
}
