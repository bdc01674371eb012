package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/auth"
)

func runUser(ctx context.Context, e *env, args []string) error {
	const usage = "Usage: bogda user add|passwd|list [flags]   ('bogda user add --help' for flags)"
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, usage)
		return errors.New("user: say add, passwd or list")
	}
	if isHelp(args[0]) {
		fmt.Fprintln(e.stdout, usage)
		return nil
	}
	ctx = access.With(ctx, access.System("bogda user "+args[0]))
	switch args[0] {
	case "add":
		return userAdd(ctx, e, args[1:])
	case "passwd":
		return userPasswd(ctx, e, args[1:])
	case "list":
		return userList(ctx, e, args[1:])
	}
	return fmt.Errorf("user: unknown task %q (add, passwd, list)", args[0])
}

// passwordFlags reads a password from --password, or the first line of
// standard input with --password-stdin (keeps it out of shell history);
// with neither, a random one is generated and printed once.
type passwordFlags struct {
	password string
	stdin    bool
}

func (p *passwordFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&p.password, "password", "", "the password (prefer --password-stdin)")
	fs.BoolVar(&p.stdin, "password-stdin", false, "read the password from the first line of standard input")
}

func (p *passwordFlags) get(e *env) (pw string, generated bool, err error) {
	switch {
	case p.stdin:
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", false, fmt.Errorf("read password from stdin: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	case p.password != "":
		return p.password, false, nil
	}
	return rand.Text()[:16], true, nil
}

func userAdd(ctx context.Context, e *env, args []string) error {
	cfg := app.DefaultConfig()
	fs := newFlags(e, "user add", "user add --username NAME --role ROLE [--division CODE | --org ID] [flags]")
	cfg.Bind(fs)
	var nu auth.NewUser
	var role string
	var pf passwordFlags
	fs.StringVar(&nu.Username, "username", "", "login name (required)")
	fs.StringVar(&nu.Name, "name", "", "display name (default: the username)")
	fs.StringVar(&role, "role", "", "role: "+rolesList())
	fs.StringVar(&nu.Scope.Division, "division", "", "scope: GB/T 2260 division code, e.g. 652327 (county staff, inspectors)")
	fs.Int64Var(&nu.Scope.Org, "org", 0, "scope: organisation id (enterprise users)")
	fs.StringVar(&nu.Lang, "lang", "zh-CN", "interface language: zh-CN or en")
	pf.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if nu.Username == "" || role == "" {
		fs.Usage()
		return errors.New("user add needs --username and --role")
	}
	if nu.Name == "" {
		nu.Name = nu.Username
	}
	nu.Role = access.Role(role)
	pw, generated, err := pf.get(e)
	if err != nil {
		return err
	}
	nu.Password = pw
	a, err := app.Open(ctx, cfg, app.NewLogger(e.stderr, app.Config{LogFormat: "text", LogLevel: "warn"}))
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Auth.CreateUser(ctx, nu)
	if err != nil {
		return describe(a, err)
	}
	fmt.Fprintf(e.stdout, "user %s (%s) created with id %d\n", u.Username, u.Role, u.ID)
	if generated {
		fmt.Fprintf(e.stdout, "generated password: %s\n", pw)
	}
	return nil
}

func userPasswd(ctx context.Context, e *env, args []string) error {
	cfg := app.DefaultConfig()
	fs := newFlags(e, "user passwd", "user passwd --username NAME [--password-stdin] [flags]")
	cfg.Bind(fs)
	var username string
	var pf passwordFlags
	fs.StringVar(&username, "username", "", "login name (required)")
	pf.bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if username == "" {
		fs.Usage()
		return errors.New("user passwd needs --username")
	}
	pw, generated, err := pf.get(e)
	if err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.NewLogger(e.stderr, app.Config{LogFormat: "text", LogLevel: "warn"}))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Auth.SetPassword(ctx, username, pw); err != nil {
		return describe(a, err)
	}
	fmt.Fprintf(e.stdout, "password of %s set\n", username)
	if generated {
		fmt.Fprintf(e.stdout, "generated password: %s\n", pw)
	}
	return nil
}

func userList(ctx context.Context, e *env, args []string) error {
	cfg := app.DefaultConfig()
	fs := newFlags(e, "user list", "user list [flags]")
	cfg.Bind(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.NewLogger(e.stderr, app.Config{LogFormat: "text", LogLevel: "warn"}))
	if err != nil {
		return err
	}
	defer a.Close()
	users, _, err := a.Auth.ListUsers(ctx, auth.UserFilter{Limit: 100000})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tSCOPE\tACTIVE")
	for _, u := range users {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%v\n", u.ID, u.Username, u.Name, u.Role, u.Scope, u.Active)
	}
	return tw.Flush()
}

func rolesList() string {
	var names []string
	for _, r := range access.Roles() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}
