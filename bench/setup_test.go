// Package bench measures Bogda at prefecture and province scale on both
// engines: registry lists and exports, the audit trail and logins. Data is
// generated in bulk with plain SQL (fast); every measured operation goes
// through the real service, store or HTTP handler chain. Run with
// `CI=1 go test -run '^$' -bench . -benchmem ./bench/` (see docs/performance.md).
package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/demo"
	"github.com/changji-gov/bogda/internal/platform/auth"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/registry"
)

// site is a whole Bogda on one engine with the Changji demo loaded: the
// same composition root, services and handler chain as production.
type site struct {
	app *app.App
	h   http.Handler
}

func openSite(b *testing.B, e dbtest.Engine) *site {
	b.Helper()
	ctx := context.Background()
	cfg := app.DefaultConfig()
	cfg.DB = e.DSN(b)
	cfg.LogLevel = "error"
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if _, err := demo.Load(ctx, a); err != nil {
		b.Fatal(err)
	}
	return &site{app: a, h: a.Handler()}
}

// session signs a demo user in through auth.Service.Login (what the login
// form calls) and returns the session cookie a browser would then send.
func (s *site) session(b *testing.B, username string) *http.Cookie {
	b.Helper()
	tok, _, err := s.app.Auth.Login(context.Background(), username, demo.DemoPassword, "127.0.0.1", "bench")
	if err != nil {
		b.Fatalf("login %s: %v", username, err)
	}
	return &http.Cookie{Name: auth.SessionCookie, Value: tok}
}

// get serves one GET through the full handler chain (session lookup,
// CSRF cookie, permission check, handler, template) and fails on any
// status but 200. It returns the body size.
func (s *site) get(b *testing.B, path string, cookie *http.Cookie) int {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(cookie)
	req.Header.Set("Accept-Language", "zh-CN")
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d\n%.500s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.Len()
}

// counties are the seven county-level divisions of the demo with a rough
// share of the prefecture's organisations (昌吉市 is the prefecture seat and
// holds the most; the shares are illustrative, not statistics).
var counties = []struct {
	code  string
	share int // out of 100
}{
	{"652301", 34}, // 昌吉市
	{"652302", 14}, // 阜康市
	{"652323", 11}, // 呼图壁县
	{"652324", 11}, // 玛纳斯县
	{"652325", 12}, // 奇台县
	{"652327", 10}, // 吉木萨尔县 — the county user jmse's scope
	{"652328", 8},  // 木垒哈萨克自治县
}

// Name parts for generated organisations. 食品 is one of eight industries,
// so a search for it matches about one organisation in eight.
var (
	namePlaces     = []string{"天山", "博格达", "庭州", "北庭", "准东", "西域", "金疆", "绿洲", "雪莲", "丝路"}
	nameIndustries = []string{"食品", "煤化工", "新能源", "建材", "物流", "农业科技", "装备制造", "商贸"}
	nameSuffixes   = []string{"有限公司", "股份有限公司", "有限责任公司", "合作社"}
)

// orgName is the name of generated organisation i, e.g. 天山食品示例40有限公司
// (示例 marks it as sample data, like the demo's illustrative flag).
func orgName(i int) string {
	return namePlaces[i%len(namePlaces)] + nameIndustries[(i/3)%len(nameIndustries)] + "示例" + strconv.Itoa(i) +
		nameSuffixes[i%len(nameSuffixes)]
}

// countyOf spreads organisation i over the counties by their shares.
func countyOf(i int) string {
	r := (i * 37) % 100 // a fixed permutation of 0..99, so the spread is even at any size
	for _, c := range counties {
		if r < c.share {
			return c.code
		}
		r -= c.share
	}
	return counties[0].code
}

// uscc builds a well-formed unified social credit code for organisation i
// registered in division div: "91" (enterprise, company), the division, a
// nine-character body from i in the code's own alphabet, the check character.
func uscc(b *testing.B, i int, div string) string {
	const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	body := make([]byte, 9)
	for k := 8; k >= 0; k-- {
		body[k] = charset[i%31]
		i /= 31
	}
	head := "91" + div + string(body)
	c, ok := registry.USCCCheckChar(head)
	if !ok {
		b.Fatalf("bad uscc body %s", head)
	}
	return head + string(c)
}

// seedOrgs adds organisations numbered from..to-1 in large transactions of
// multi-row INSERTs, with a park for one in five and a cluster tag for one
// in four (so that the list's tag query has work to do). The registry's
// store is bypassed only here, to build the data set in seconds.
func seedOrgs(b *testing.B, d *db.DB, from, to int) {
	b.Helper()
	ctx := context.Background()
	began := time.Now()
	defer func() {
		b.Logf("seeded organisations %d..%d in %v", from, to, time.Since(began).Round(time.Millisecond))
	}()
	parks := map[string][]int64{} // county → its parks
	rows, err := d.Read().Query(ctx, `SELECT id, division_code FROM registry_parks ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var div string
		if err := rows.Scan(&id, &div); err != nil {
			b.Fatal(err)
		}
		parks[div] = append(parks[div], id)
	}
	rows.Close()
	var clusters []int64
	rows, err = d.Read().Query(ctx, `SELECT id FROM registry_clusters ORDER BY id`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			b.Fatal(err)
		}
		clusters = append(clusters, id)
	}
	rows.Close()
	if len(parks) == 0 || len(clusters) == 0 {
		b.Fatal("demo data has no parks or clusters")
	}

	now := time.Now().UTC()
	const batch = 500 // 15 columns × 500 rows stays under both engines' parameter limits
	const cols = `(kind, name, uscc, division_code, park_id, industry, legal_rep, principal, phone, address, notes, illustrative, created_at, updated_at)`
	for start := from; start < to; start += 10 * batch {
		err := d.Tx(ctx, func(c db.Conn) error {
			for lo := start; lo < min(start+10*batch, to); lo += batch {
				hi := min(lo+batch, to)
				var sb strings.Builder
				sb.WriteString(`INSERT INTO registry_orgs ` + cols + ` VALUES `)
				args := make([]any, 0, 14*(hi-lo))
				var lastID int64
				if err := c.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM registry_orgs`).Scan(&lastID); err != nil {
					return err
				}
				for i := lo; i < hi; i++ {
					if i > lo {
						sb.WriteString(", ")
					}
					sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
					div := countyOf(i)
					var park any
					if ps := parks[div]; i%5 == 0 && len(ps) > 0 {
						park = ps[i%len(ps)]
					}
					ind := nameIndustries[(i/3)%len(nameIndustries)]
					args = append(args, "enterprise", orgName(i), uscc(b, i, div), div, park, ind,
						fmt.Sprintf("法人%d", i%997), fmt.Sprintf("负责人%d", i%991), fmt.Sprintf("0994-%07d", i%10000000),
						fmt.Sprintf("昌吉州某路%d号", i%2000), "", true, now, now)
				}
				if _, err := c.Exec(ctx, sb.String(), args...); err != nil {
					return fmt.Errorf("insert orgs %d..%d: %w", lo, hi, err)
				}
				// One organisation in four of the batch gets one cluster tag.
				if _, err := c.Exec(ctx, `INSERT INTO registry_org_clusters (org_id, cluster_id)
					SELECT id, ? FROM registry_orgs WHERE id > ? AND id % 4 = 0`, clusters[(lo/batch)%len(clusters)], lastID); err != nil {
					return fmt.Errorf("tag orgs %d..%d: %w", lo, hi, err)
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// Fresh planner statistics, as autovacuum (PostgreSQL) or an operator's
	// ANALYZE (SQLite) would have after a bulk load.
	if _, err := d.Write().Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// peakHeap samples the heap while the benchmark body runs and reports the
// largest growth over the heap at the start, in MB, as a custom metric.
// Sampling uses runtime/metrics, which does not stop the world.
type peakHeap struct {
	stop chan struct{}
	done sync.WaitGroup
	base uint64
	peak uint64
}

const heapMetric = "/memory/classes/heap/objects:bytes"

func heapNow() uint64 {
	s := []metrics.Sample{{Name: heapMetric}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startPeakHeap() *peakHeap {
	runtime.GC()
	p := &peakHeap{stop: make(chan struct{}), base: heapNow()}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				if h := heapNow(); h > p.peak {
					p.peak = h
				}
			}
		}
	}()
	return p
}

func (p *peakHeap) report(b *testing.B) {
	close(p.stop)
	p.done.Wait()
	grow := 0.0
	if p.peak > p.base {
		grow = float64(p.peak-p.base) / (1 << 20)
	}
	b.ReportMetric(grow, "peak-heap-MB")
}
