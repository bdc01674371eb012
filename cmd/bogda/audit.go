package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
)

// exitError carries a specific exit status: `audit verify` exits 2 on a
// broken chain so that scripts can tell it from a failure to run.
type exitError struct {
	msg  string
	code int
}

func (e exitError) Error() string { return e.msg }
func (e exitError) ExitCode() int { return e.code }

func runAudit(ctx context.Context, e *env, args []string) error {
	cfg := app.DefaultConfig()
	fs := newFlags(e, "audit", "audit verify [flags]")
	cfg.Bind(fs)
	if len(args) > 0 && isHelp(args[0]) {
		fs.SetOutput(e.stdout)
		fs.Usage()
		return nil
	}
	if len(args) == 0 || args[0] != "verify" {
		fs.Usage()
		return errors.New("audit: the only task is 'verify'")
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	d, err := openDB(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	n, brk, err := audit.Verify(access.With(ctx, access.System("audit verify")), d.Read())
	if err != nil {
		return err
	}
	if brk != nil {
		fmt.Fprintf(e.stdout, "BROKEN: %d records read; first broken link at record %d: %s\n", n, brk.Seq, brk.Reason)
		return exitError{msg: brk.Error(), code: 2}
	}
	fmt.Fprintf(e.stdout, "OK: %d audit records, chain intact\n", n)
	return nil
}

func runVersion(_ context.Context, e *env, _ []string) error {
	fmt.Fprintln(e.stdout, "bogda", app.BuildInfo())
	return nil
}
