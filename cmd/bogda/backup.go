package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/platform/db"
)

func runBackup(ctx context.Context, e *env, args []string) error {
	cfg := app.DefaultConfig()
	fs := newFlags(e, "backup", "backup [flags] FILE")
	cfg.Bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("backup needs exactly one target FILE")
	}
	// No migration here: a backup copies the database as it is, even one
	// written by a newer or older Bogda.
	d, err := db.Open(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Backup(ctx, fs.Arg(0)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "backup of %s %s written to %s\n", d.Dialect, d.Location, fs.Arg(0))
	return nil
}
