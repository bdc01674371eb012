package xlsx_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"testing/fstest"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// testOrgs is a table with a unique code, standing in for a domain's.
func testOrgs() db.Migrations {
	return db.Migrations{Component: "xlsxtest", FS: fstest.MapFS{
		"0001_org.sql": {Data: []byte(`CREATE TABLE xlsxtest_org (id {{pk}}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);`)},
	}}
}

type codedOrg struct{ Code, Name string }

// importOrgs is the documented pattern, end to end: read, validate every
// row, write all rows in one transaction, map a refusal by the database to
// a row error and roll everything back.
func importOrgs(ctx context.Context, d *db.DB, sheet *xlsx.Sheet) (*xlsx.Report, error) {
	orgs, rep := xlsx.Import(sheet, func(i int, row func(string) string, rep *xlsx.Report) (codedOrg, bool) {
		o := codedOrg{Code: row("code"), Name: row("name")}
		if o.Code == "" {
			rep.Add(sheet.RowNumber(i), "code", "shell.form.required")
			return o, false
		}
		return o, true
	})
	if !rep.OK() {
		return rep, nil
	}
	err := d.Tx(ctx, func(c db.Conn) error {
		for i, o := range orgs {
			_, err := c.Exec(ctx, `INSERT INTO xlsxtest_org (code, name) VALUES (?, ?)`, o.Code, o.Name)
			if db.IsUniqueViolation(err) {
				rep.Add(sheet.RowNumber(i), sheet.Title("code"), "shell.form.duplicate")
				return rep.Err()
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if errors.As(err, &rep) {
		return rep, nil
	}
	return rep, err
}

func TestImportAllOrNothing(t *testing.T) {
	ctx := context.Background()
	aliases := map[string]string{"统一社会信用代码": "code", "名称": "name"}
	headers := []string{"名称", "统一社会信用代码"}
	dbtest.Each(t, []db.Migrations{testOrgs()}, func(t *testing.T, d *db.DB) {
		if _, err := d.Write().Exec(ctx, `INSERT INTO xlsxtest_org (code, name) VALUES (?, ?)`, "91652300A", "已有企业"); err != nil {
			t.Fatal(err)
		}
		count := func() int {
			var n int
			if err := d.Read().QueryRow(ctx, `SELECT COUNT(*) FROM xlsxtest_org`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		cases := []struct {
			name      string
			rows      [][]any
			wantErrs  []xlsx.RowError
			wantCount int
		}{
			{
				// Row 3 (the second data row) repeats an existing code: the
				// database refuses it, row 2 already inserted is rolled back.
				name: "duplicate found by the database",
				rows: [][]any{{"甲", "91652300B"}, {"乙", "91652300A"}, {"丙", "91652300C"}},
				wantErrs: []xlsx.RowError{
					{Row: 3, Column: "统一社会信用代码", Key: "shell.form.duplicate"},
				},
				wantCount: 1,
			},
			{
				name:      "invalid rows write nothing",
				rows:      [][]any{{"甲", "91652300D"}, {"乙", nil}},
				wantErrs:  []xlsx.RowError{{Row: 3, Column: "统一社会信用代码", Key: "shell.form.required"}},
				wantCount: 1,
			},
			{
				name:      "a clean sheet is written whole",
				rows:      [][]any{{"甲", "91652300E"}, {"乙", "91652300F"}},
				wantCount: 3,
			},
		}
		for _, c := range cases {
			sheet := readExport(t, headers, c.rows, aliases)
			rep, err := importOrgs(ctx, d, sheet)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if !reflect.DeepEqual(rep.Errors, c.wantErrs) {
				t.Errorf("%s: errors = %#v, want %#v", c.name, rep.Errors, c.wantErrs)
			}
			if got := count(); got != c.wantCount {
				t.Errorf("%s: %d orgs in the table, want %d", c.name, got, c.wantCount)
			}
		}
	})
}
