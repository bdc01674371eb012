package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"flag"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func runCmd(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut}, args)
	return out.String() + errOut.String(), err
}

// The operator's path on a fresh machine: migrate, add a user with a
// password from stdin, list, verify the audit chain, back up.
func TestOperatorCommands(t *testing.T) {
	dir := t.TempDir()
	data := "--data=" + dir
	if out, err := runCmd(t, "", "migrate", data); err != nil || !strings.Contains(out, "applied") {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "", "migrate", data); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("second migrate: %v\n%s", err, out)
	}
	out, err := runCmd(t, "Str0ng-enough-pass\n", "user", "add", data, "--username=ops", "--role=admin", "--password-stdin")
	if err != nil || !strings.Contains(out, "created") {
		t.Fatalf("user add: %v\n%s", err, out)
	}
	// Bad input is refused with a readable reason and changes nothing.
	out, err = runCmd(t, "", "user", "add", data, "--username=x", "--role=local_staff", "--password=Str0ng-enough-pass")
	if err == nil || strings.Contains(out, "created") {
		t.Fatalf("local staff without division accepted: %s", out)
	}
	if out, err := runCmd(t, "", "user", "add", data, "--username=y", "--role=emperor"); err == nil {
		t.Fatalf("unknown role accepted: %s", out)
	}
	out, err = runCmd(t, "", "user", "list", data)
	if err != nil || !strings.Contains(out, "ops") || strings.Contains(out, "\nx ") {
		t.Fatalf("user list: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "N3w-password-ok\n", "user", "passwd", data, "--username=ops", "--password-stdin"); err != nil {
		t.Fatalf("passwd: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "", "audit", "verify", data); err != nil || !strings.Contains(out, "OK:") {
		t.Fatalf("audit verify: %v\n%s", err, out)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if out, err := runCmd(t, "", "backup", data, backup); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if _, err := runCmd(t, "", "backup", data, backup); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	// The copy is a working database: the chain verifies there too.
	if out, err := runCmd(t, "", "audit", "verify", "--db="+backup); err != nil || !strings.Contains(out, "OK:") {
		t.Fatalf("verify backup: %v\n%s", err, out)
	}
}

// audit verify exits 2 and names the first broken record when a row was altered.
func TestAuditVerifyReportsTampering(t *testing.T) {
	dir := t.TempDir()
	data := "--data=" + dir
	for _, u := range []string{"a1", "a2", "a3"} {
		if out, err := runCmd(t, "", "user", "add", data, "--username="+u, "--role=leader", "--password=Str0ng-enough-pass"); err != nil {
			t.Fatalf("%v %s", err, out)
		}
	}
	h, err := sql.Open("sqlite", filepath.Join(dir, "bogda.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, q := range []string{`DROP TRIGGER audit_log_no_update`, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`} {
		if _, err := h.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runCmd(t, "", "audit", "verify", data)
	if err == nil || exitCode(err) != 2 || !strings.Contains(out, "record 2") {
		t.Fatalf("tampered chain: err=%v code=%d\n%s", err, exitCode(err), out)
	}
}

func TestHelpAndUnknownCommand(t *testing.T) {
	if out, err := runCmd(t, "", "--help"); err != nil || !strings.Contains(out, "backup") {
		t.Fatalf("help: %v %s", err, out)
	}
	for _, args := range [][]string{{"user", "--help"}, {"audit", "--help"}, {"serve", "--help"}, {"backup", "--help"}, {"demo", "--help"}, {"migrate", "--help"}, {"user", "add", "--help"}} {
		out, err := runCmd(t, "", args...)
		if err != nil && !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: bogda") {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
	}
	if _, err := runCmd(t, "", "frobnicate"); err == nil {
		t.Fatal("unknown command accepted")
	}
	if out, err := runCmd(t, "", "version"); err != nil || !strings.Contains(out, "bogda") {
		t.Fatalf("version: %v %s", err, out)
	}
}
