package bench

import (
	"context"
	"testing"

	"github.com/changji-gov/bogda/internal/demo"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// BenchmarkLogin measures auth.Service.Login with the right password: the
// argon2id check (OWASP parameters, 19 MiB, 2 passes) plus the session and
// audit writes. "parallel" runs as many logins at once as GOMAXPROCS, as at
// 9:00 on a Monday.
func BenchmarkLogin(b *testing.B) {
	for _, e := range dbtest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			s := openSite(b, e)
			ctx := context.Background()
			b.Run("serial", func(b *testing.B) {
				b.ReportAllocs()
				heap := startPeakHeap()
				for b.Loop() {
					if _, _, err := s.app.Auth.Login(ctx, "jmse", demo.DemoPassword, "127.0.0.1", "bench"); err != nil {
						b.Fatal(err)
					}
				}
				heap.report(b)
			})
			b.Run("parallel", func(b *testing.B) {
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if _, _, err := s.app.Auth.Login(ctx, "jmse", demo.DemoPassword, "127.0.0.1", "bench"); err != nil {
							b.Error(err)
							return
						}
					}
				})
			})
		})
	}
}
