package main

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/demo"
)

// runDemo serves a fresh data directory loaded with the Changji demo data
// and prints where to go and how to sign in.
func runDemo(ctx context.Context, e *env, args []string) error {
	cfg := app.DefaultConfig()
	cfg.DataDir = ""
	fs := newFlags(e, "demo", "demo [flags]")
	cfg.Bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if cfg.DB == "" {
		// A fresh directory every time, so the demo never touches real data.
		dir, err := os.MkdirTemp(cfg.DataDir, "bogda-demo-")
		if err != nil {
			return err
		}
		cfg.DataDir = dir
	}
	log := app.NewLogger(e.stderr, cfg)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	res, err := demo.Load(ctx, a)
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	return serve(ctx, e, a, func(addr string) {
		fmt.Fprintf(e.stdout, "\nBogda demo (博格达演示) — Changji Hui Autonomous Prefecture\n")
		fmt.Fprintf(e.stdout, "Open:     http://%s/\n", addr)
		fmt.Fprintf(e.stdout, "Database: %s %s\n\n", a.DB.Dialect, a.DB.Location)
		tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tPASSWORD\tROLE\tSCOPE")
		for _, l := range res.Logins {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.Username, l.Password, l.Role, l.Scope)
		}
		_ = tw.Flush()
		for _, code := range res.TrackingCodes {
			fmt.Fprintf(e.stdout, "\nPublic hazard report (公众举报) to follow: http://%s/report/track?code=%s\n", addr, code)
		}
		fmt.Fprintln(e.stdout, "\nStop with Ctrl-C.")
	})
}
