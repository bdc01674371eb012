package projects

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// Benchmarks of the dispatch table on a generated province: n projects in
// 7 counties on one 2025 list with monthly plans, each with five years of
// monthly reports (2021–2025, n × 60 rows). Run with
//
//	go test -run '^$' -bench Dispatch -benchtime 5x ./internal/projects
//
// Data is written straight with SQL (the services would audit every row).

var benchCounties = []string{"652301", "652302", "652323", "652324", "652325", "652327", "652328"}

func benchDB(b *testing.B, n int) (*Service, int64) {
	b.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx, sets()...); err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	err = d.Tx(ctx, func(c db.Conn) error {
		if _, err := c.Exec(ctx, `INSERT INTO registry_divisions (code, name, level, created_at, updated_at) VALUES ('652300', '昌吉回族自治州', 'prefecture', ?, ?)`, now, now); err != nil {
			return err
		}
		for _, code := range benchCounties {
			if _, err := c.Exec(ctx, `INSERT INTO registry_divisions (code, name, level, parent_code, created_at, updated_at) VALUES (?, ?, 'county', '652300', ?, ?)`, code, "县"+code, now, now); err != nil {
				return err
			}
		}
		if _, err := c.Exec(ctx, `INSERT INTO projects_lists (year, name, division_code, created_at, updated_at, adopted_at) VALUES (2025, 'bench', '652300', ?, ?, ?)`, now, now, now); err != nil {
			return err
		}
		bulk := func(head string, cols, rows int, row func(i int) []any) error {
			const per = 200
			for start := 0; start < rows; start += per {
				k := min(per, rows-start)
				ph := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
				args := make([]any, 0, k*cols)
				for i := start; i < start+k; i++ {
					args = append(args, row(i)...)
				}
				if _, err := c.Exec(ctx, head+strings.TrimSuffix(strings.Repeat(ph+",", k), ","), args...); err != nil {
					return err
				}
			}
			return nil
		}
		if err := bulk(`INSERT INTO projects_projects (id, name, division_code, total_investment, stage, stage_on, planned_start_month, start_month, enrolled_month, created_at, updated_at) VALUES `,
			11, n, func(i int) []any {
				start := Month(202101).Add(i % 60)
				return []any{i + 1, fmt.Sprintf("项目%d", i+1), benchCounties[i%len(benchCounties)], int64(Wan(100000)), "continuing", "2021-03-01",
					int(start), int(start), int(start.Add(1)), now, now}
			}); err != nil {
			return err
		}
		if err := bulk(`INSERT INTO projects_list_items (list_id, project_id, category, annual_plan, in_baseline, baseline_plan, added_at) VALUES `,
			7, n, func(i int) []any {
				return []any{1, i + 1, "continuing", int64(Wan(12000)), true, int64(Wan(12000)), now}
			}); err != nil {
			return err
		}
		if err := bulk(`INSERT INTO projects_item_months (list_id, project_id, month, plan, baseline) VALUES `, 5, n*12, func(i int) []any {
			return []any{1, i/12 + 1, i%12 + 1, int64(Wan(1000)), int64(Wan(1000))}
		}); err != nil {
			return err
		}
		return bulk(`INSERT INTO projects_reports (project_id, month, revision, is_current, physical_amount, stats_amount, division_code, reporter, reported_at) VALUES `,
			9, n*60, func(i int) []any {
				p, k := i/60, i%60
				return []any{p + 1, int(Month(202101).Add(k)), 1, true, int64(Wan(int64(800 + p%400))), int64(Wan(700)), benchCounties[p%len(benchCounties)], "bench", now}
			})
	})
	if err != nil {
		b.Fatal(err)
	}
	return NewService(d, nil, nil), 1
}

func BenchmarkDispatch(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		if testing.Short() && n > 2000 {
			continue
		}
		svc, list := benchDB(b, n)
		ctx := sysCtx()
		b.Run(fmt.Sprintf("county/projects=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rows, err := svc.Dispatch(ctx, list, 202506, GroupCounty)
				if err != nil || len(rows) != len(benchCounties) {
					b.Fatalf("%v %d", err, len(rows))
				}
			}
		})
		b.Run(fmt.Sprintf("export-projects/projects=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				rows, err := svc.Dispatch(ctx, list, 202506, GroupProject)
				if err != nil || len(rows) != n {
					b.Fatalf("%v %d", err, len(rows))
				}
				var buf bytes.Buffer
				err = xlsx.Export(&buf, "2025-06", []string{"name", "plan", "ytd", "completion", "gap"}, func(yield func([]any) error) error {
					for _, r := range rows {
						if err := yield([]any{r.Name, wan(r.AnnualPlan), wan(r.YearToDate), num(r.Completion), num(r.GapPP)}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("lights/projects=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := svc.ComputeLights(ctx, list, 202506); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
