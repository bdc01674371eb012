package xlsx_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

func TestReportAccumulates(t *testing.T) {
	var rep xlsx.Report
	if !rep.OK() || rep.Err() != nil {
		t.Fatal("an empty report must be OK with a nil Err")
	}
	var nilRep *xlsx.Report
	if !nilRep.OK() || nilRep.Err() != nil {
		t.Fatal("a nil report must be OK with a nil Err")
	}
	rep.Rows = 10
	rep.Add(3, "名称", "shell.form.required")
	rep.Add(5, "投资额", "shell.form.too_long", 20)
	rep.Add(7, "", "registry.org.duplicate")
	want := []xlsx.RowError{
		{Row: 3, Column: "名称", Key: "shell.form.required"},
		{Row: 5, Column: "投资额", Key: "shell.form.too_long", Args: []any{20}},
		{Row: 7, Key: "registry.org.duplicate"},
	}
	if !reflect.DeepEqual(rep.Errors, want) {
		t.Errorf("Errors = %#v, want %#v", rep.Errors, want)
	}
	if rep.OK() {
		t.Error("OK() with errors")
	}
	// Err is the report itself, recoverable through wrapping, as a d.Tx
	// function's error is.
	err := fmt.Errorf("import orgs: %w", rep.Err())
	var got *xlsx.Report
	if !errors.As(err, &got) || got != &rep {
		t.Fatalf("errors.As(%v) did not find the report", err)
	}
	msg := rep.Error()
	for _, part := range []string{"3 error(s) in 10 row(s)", "row 3 名称: shell.form.required", "row 7: registry.org.duplicate"} {
		if !strings.Contains(msg, part) {
			t.Errorf("Error() = %q, missing %q", msg, part)
		}
	}
}

func TestReportErrorIsShort(t *testing.T) {
	var rep xlsx.Report
	for i := range 1000 {
		rep.Add(i+2, "c", "k")
	}
	// Five errors are spelled out; a log line must not carry a thousand.
	if n := strings.Count(rep.Error(), "row "); n != 5 {
		t.Errorf("Error() names %d rows, want 5", n)
	}
}

type org struct {
	Name    string
	Capital float64
}

func parseOrg(sheet *xlsx.Sheet) func(int, func(string) string, *xlsx.Report) (org, bool) {
	return func(i int, row func(string) string, rep *xlsx.Report) (org, bool) {
		o := org{Name: row("name")}
		ok := true
		if o.Name == "" {
			rep.Add(sheet.RowNumber(i), "name", "shell.form.required")
			ok = false
		}
		if s := row("capital"); s != "" {
			n, good := xlsx.ParseNumber(s)
			if !good {
				rep.Add(sheet.RowNumber(i), "capital", "shell.form.bad_number")
				ok = false
			}
			o.Capital = n
		}
		return o, ok
	}
}

func TestImport(t *testing.T) {
	aliases := map[string]string{"企业名称": "name", "注册资本": "capital"}
	cases := []struct {
		name     string
		rows     [][]any
		wantOrgs []org
		wantErrs []xlsx.RowError
	}{
		{
			name:     "every row passes",
			rows:     [][]any{{"甲", 100}, {"乙", "1,000.5"}, {"丙", nil}},
			wantOrgs: []org{{"甲", 100}, {"乙", 1000.5}, {"丙", 0}},
		},
		{
			// All errors of all rows, with Excel row numbers (header is
			// row 1) and the user's own column titles; no values at all.
			name: "errors in several rows",
			rows: [][]any{{"甲", 100}, {nil, "很多"}, {"丙", 1}, {"", 2}},
			wantErrs: []xlsx.RowError{
				{Row: 3, Column: "企业名称", Key: "shell.form.required"},
				{Row: 3, Column: "注册资本", Key: "shell.form.bad_number"},
				{Row: 5, Column: "企业名称", Key: "shell.form.required"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sheet := readExport(t, []string{"企业名称", "注册资本"}, c.rows, aliases)
			orgs, rep := xlsx.Import(sheet, parseOrg(sheet))
			if rep.Rows != len(c.rows) {
				t.Errorf("Rows = %d, want %d", rep.Rows, len(c.rows))
			}
			if !reflect.DeepEqual(orgs, c.wantOrgs) {
				t.Errorf("values = %#v, want %#v", orgs, c.wantOrgs)
			}
			if !reflect.DeepEqual(rep.Errors, c.wantErrs) {
				t.Errorf("errors = %#v, want %#v", rep.Errors, c.wantErrs)
			}
			if rep.OK() != (c.wantErrs == nil) {
				t.Errorf("OK() = %v", rep.OK())
			}
		})
	}
}

// readExport exports rows under headers and reads them back.
func readExport(t *testing.T, headers []string, rows [][]any, aliases map[string]string) *xlsx.Sheet {
	t.Helper()
	sheet, err := xlsx.Read(strings.NewReader(string(export(t, "s", headers, rows))), xlsx.DefaultLimits(), aliases)
	if err != nil {
		t.Fatal(err)
	}
	return sheet
}

type catalog map[string]string

func (c catalog) T(key string, args ...any) string { return fmt.Sprintf(c[key], args...) }

func TestRowErrorMessage(t *testing.T) {
	cat := catalog{"k0": "必填", "k2": "%s 须在 %d 之内", "k4": "%d-%d-%d-%d"}
	cases := []struct {
		e    xlsx.RowError
		want string
	}{
		{xlsx.RowError{Key: "k0"}, "必填"},
		{xlsx.RowError{Key: "k2", Args: []any{"投资额", 100}}, "投资额 须在 100 之内"},
		// Any number of arguments reaches the catalog.
		{xlsx.RowError{Key: "k4", Args: []any{1, 2, 3, 4}}, "1-2-3-4"},
	}
	for _, c := range cases {
		if got := c.e.Message(cat); got != c.want {
			t.Errorf("Message(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}
