// Command bogda runs the Bogda platform and its operator tasks.
//
//	bogda serve      serve the web application and API
//	bogda demo       serve a fresh data directory loaded with the Changji demo data
//	bogda migrate    apply database migrations
//	bogda user       add users, set passwords, list users
//	bogda backup F   write a consistent copy of the database to F while it runs
//	bogda audit verify  check the audit chain
//	bogda version    print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand: its name, a line of help, and its body, which
// gets its own flag set and the remaining arguments.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the process: no command reads
// os.Stdout or os.Args directly, so tests can run them in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"serve", "serve the web application and API", runServe},
		{"demo", "serve a fresh data directory loaded with the Changji demo data", runDemo},
		{"migrate", "apply database migrations and exit", runMigrate},
		{"user", "manage users: add, passwd, list", runUser},
		{"backup", "write a consistent copy of the database to FILE while the server runs", runBackup},
		{"audit", "audit trail tasks: verify", runAudit},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // the command printed its help
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bogda:", err)
		os.Exit(exitCode(err))
	}
}

func exitCode(err error) int {
	var ec interface{ ExitCode() int }
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return 1
}

func run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || isHelp(args[0]) {
		usage(e.stdout)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, e, args[1:])
		}
	}
	usage(e.stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Bogda (博格达) — prefecture development and supervision platform")
	fmt.Fprintln(w, "\nUsage: bogda COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'bogda COMMAND --help' for a command's flags. Every flag has a BOGDA_* environment equivalent.")
}

// newFlags makes a command's flag set that prints its help to the command's
// output and returns errors instead of exiting.
func newFlags(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: bogda %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func isHelp(arg string) bool { return arg == "-h" || arg == "--help" || arg == "help" }
