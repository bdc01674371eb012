package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// auditVerifySize is the chain length audit.Verify is timed on: about a
// year of a busy prefecture (400 changes a working day).
const auditVerifySize = 100_000

// sampleOrg is a before/after payload the size of a real organisation
// record (about 600 bytes of JSON), so hashing and storage are realistic.
type sampleOrg struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"`
	Name         string `json:"name"`
	USCC         string `json:"uscc"`
	DivisionCode string `json:"division_code"`
	DivisionName string `json:"division_name"`
	ParkName     string `json:"park_name"`
	Industry     string `json:"industry"`
	LegalRep     string `json:"legal_rep"`
	Principal    string `json:"principal"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
	Notes        string `json:"notes"`
}

func change(i int) audit.Change {
	o := sampleOrg{ID: int64(i), Kind: "enterprise", Name: orgName(i), USCC: "91652327MA7XXXXXX" + fmt.Sprint(i%10),
		DivisionCode: "652327", DivisionName: "吉木萨尔县", ParkName: "新疆准东经济技术开发区", Industry: "煤化工",
		LegalRep: "张三", Principal: "李四", Phone: "0994-1234567", Address: "昌吉州吉木萨尔县北庭镇某路100号",
		Notes: "年产 60 万吨煤制烯烃项目配套企业，示例数据。"}
	after := o
	after.Phone = "0994-7654321"
	return audit.Change{Action: audit.ActionUpdate, ObjectType: "registry.organisation", ObjectID: fmt.Sprint(i),
		Division: o.DivisionCode, Before: o, After: after}
}

// writeAudit appends n records in transactions of perTx records each.
func writeAudit(ctx context.Context, d *db.DB, from, n, perTx int) error {
	for done := 0; done < n; done += perTx {
		err := d.Tx(ctx, func(c db.Conn) error {
			for i := done; i < min(done+perTx, n); i++ {
				if err := audit.Write(ctx, c, change(from+i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// BenchmarkAudit measures audit.Write inside transactions — one record per
// transaction as a single edit does, and 100 per transaction as an Excel
// import does — and audit.Verify over a chain of 100k records.
func BenchmarkAudit(b *testing.B) {
	ctx := access.With(context.Background(), &access.Principal{UserID: 6, Username: "jmse", Role: access.RoleLocalStaff,
		Scope: access.Scope{Division: "652327"}, RemoteAddr: "10.65.23.27"})
	for _, e := range dbtest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			for _, perTx := range []int{1, 100} {
				b.Run(fmt.Sprintf("write/per-tx=%d", perTx), func(b *testing.B) {
					d := dbtest.Open(b, e, audit.Migrations())
					b.ReportAllocs()
					b.ResetTimer()
					if err := writeAudit(ctx, d, 0, b.N, perTx); err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
				})
			}
			// The chain is built once in the parent, which runs once; the
			// measured child may be called several times as b.N grows.
			b.Run("verify", func(b *testing.B) {
				d := dbtest.Open(b, e, audit.Migrations())
				began := time.Now()
				if err := writeAudit(ctx, d, 0, auditVerifySize, 5000); err != nil {
					b.Fatal(err)
				}
				b.Logf("wrote %d audit records in %v", auditVerifySize, time.Since(began).Round(time.Millisecond))
				b.Run(fmt.Sprintf("n=%d", auditVerifySize), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						n, brk, err := audit.Verify(ctx, d.Read())
						if err != nil || brk != nil || n != auditVerifySize {
							b.Fatalf("verify: %d records, break %v, err %v", n, brk, err)
						}
					}
					b.ReportMetric(float64(auditVerifySize)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
				})
			})
		})
	}
}
