package db_test

import (
	"context"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// The same WHERE text selects the same rows on both engines: scope prefix,
// case-insensitive search with LIKE's own characters taken literally, and
// paging.
func TestWhereOnBothEngines(t *testing.T) {
	dbtest.Each(t, nil, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Write().Exec(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, division_code TEXT, org_id INTEGER, name TEXT)`); err != nil {
			t.Fatal(err)
		}
		rows := []struct {
			id   int
			div  string
			org  int
			name string
		}{
			{1, "652327", 10, "Kunlun 天泽"}, {2, "652328", 11, "MULEI wind"}, {3, "652327", 12, "100% 达产"},
			{4, "652301", 13, "kunlun east"}, {5, "652327", 14, "a_b"},
		}
		for _, r := range rows {
			if _, err := d.Write().Exec(ctx, `INSERT INTO t VALUES (?, ?, ?, ?)`, r.id, r.div, r.org, r.name); err != nil {
				t.Fatal(err)
			}
		}
		count := func(w *db.Where, limit, offset int) int {
			lim, largs := db.Page(limit, offset)
			rs, err := d.Read().Query(ctx, `SELECT id FROM t WHERE `+w.SQL()+` ORDER BY id`+lim, append(w.Args(), largs...)...)
			if err != nil {
				t.Fatal(err)
			}
			defer rs.Close()
			n := 0
			for rs.Next() {
				n++
			}
			return n
		}
		tests := []struct {
			name  string
			where func() *db.Where
			limit int
			want  int
		}{
			{"prefecture scope sees all", func() *db.Where { return db.Scoped(access.Scope{Division: "652300"}, "division_code", "org_id") }, -1, 5},
			{"county scope", func() *db.Where { return db.Scoped(access.Scope{Division: "652327"}, "division_code", "org_id") }, -1, 3},
			{"org scope", func() *db.Where { return db.Scoped(access.Scope{Org: 11}, "division_code", "org_id") }, -1, 1},
			{"org scope on a table without org column", func() *db.Where { return db.Scoped(access.Scope{Org: 11}, "division_code", "") }, -1, 0},
			{"search is case-insensitive", func() *db.Where { w := &db.Where{}; w.Search("KUNLUN", "name"); return w }, -1, 2},
			{"search within scope", func() *db.Where {
				w := db.Scoped(access.Scope{Division: "652327"}, "division_code", "")
				w.Search("kunlun", "name")
				return w
			}, -1, 1},
			{"percent sign is literal", func() *db.Where { w := &db.Where{}; w.Search("100%", "name"); return w }, -1, 1},
			{"underscore is literal", func() *db.Where { w := &db.Where{}; w.Search("a_b", "name"); return w }, -1, 1},
			{"under division", func() *db.Where { w := &db.Where{}; w.UnderDivision("division_code", "652328"); return w }, -1, 1},
			{"page of two", func() *db.Where { return &db.Where{} }, 2, 2},
		}
		for _, tt := range tests {
			if got := count(tt.where(), tt.limit, 0); got != tt.want {
				t.Errorf("%s: %d rows, want %d", tt.name, got, tt.want)
			}
		}
	})
}
