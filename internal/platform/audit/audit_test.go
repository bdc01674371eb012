package audit_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"io/fs"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/web/webtest"
)

func writeN(t *testing.T, ctx context.Context, d *db.DB, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		err := d.Tx(ctx, func(c db.Conn) error {
			return audit.Write(ctx, c, audit.Change{Action: audit.ActionUpdate, ObjectType: "organisation",
				ObjectID: fmt.Sprint(i), Division: "652327", Before: map[string]int{"v": i}, After: map[string]int{"v": i + 1}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestChainVerifiesAndDetectsTampering(t *testing.T) {
	dbtest.Each(t, []db.Migrations{audit.Migrations()}, func(t *testing.T, d *db.DB) {
		ctx := access.With(context.Background(), access.System("test"))
		writeN(t, ctx, d, 5)
		n, brk, err := audit.Verify(ctx, d.Read())
		if err != nil || brk != nil || n != 5 {
			t.Fatalf("intact chain: n=%d break=%v err=%v", n, brk, err)
		}

		// The engine refuses ordinary edits.
		if _, err := d.Write().Exec(ctx, `UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`); err == nil {
			t.Fatal("update of audit_log was accepted")
		}
		if _, err := d.Write().Exec(ctx, `DELETE FROM audit_log WHERE seq = 3`); err == nil {
			t.Fatal("delete from audit_log was accepted")
		}

		// Someone with the power to drop the guard alters record 3.
		dropGuards(t, ctx, d)
		if _, err := d.Write().Exec(ctx, `UPDATE audit_log SET after_json = '{"v":99}' WHERE seq = 3`); err != nil {
			t.Fatal(err)
		}
		_, brk, err = audit.Verify(ctx, d.Read())
		if err != nil || brk == nil || brk.Seq != 3 || !strings.Contains(brk.Reason, "altered") {
			t.Fatalf("altered record 3: break=%v err=%v", brk, err)
		}
	})
}

func TestChainDetectsRemovedRecords(t *testing.T) {
	dbtest.Each(t, []db.Migrations{audit.Migrations()}, func(t *testing.T, d *db.DB) {
		ctx := access.With(context.Background(), access.System("test"))
		writeN(t, ctx, d, 4)
		dropGuards(t, ctx, d)
		if _, err := d.Write().Exec(ctx, `DELETE FROM audit_log WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		_, brk, _ := audit.Verify(ctx, d.Read())
		if brk == nil || brk.Seq != 2 {
			t.Fatalf("removed record 2: break=%v", brk)
		}
		// Removing the last record is caught by the head.
		if _, err := d.Write().Exec(ctx, `DELETE FROM audit_log WHERE seq >= 2`); err != nil {
			t.Fatal(err)
		}
		_, brk, _ = audit.Verify(ctx, d.Read())
		if brk == nil || brk.Seq != 2 {
			t.Fatalf("truncated chain: break=%v", brk)
		}
	})
}

func TestConcurrentWritersKeepOneChain(t *testing.T) {
	dbtest.Each(t, []db.Migrations{audit.Migrations()}, func(t *testing.T, d *db.DB) {
		ctx := access.With(context.Background(), access.System("test"))
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 10; i++ {
					errs <- d.Tx(ctx, func(c db.Conn) error {
						return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: "x", ObjectID: fmt.Sprint(g, i)})
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		n, brk, err := audit.Verify(ctx, d.Read())
		if err != nil || brk != nil || n != 40 {
			t.Fatalf("n=%d break=%v err=%v", n, brk, err)
		}
	})
}

func TestWriteRefusesAnonymous(t *testing.T) {
	dbtest.Each(t, []db.Migrations{audit.Migrations()}, func(t *testing.T, d *db.DB) {
		err := d.Tx(context.Background(), func(c db.Conn) error {
			return audit.Write(context.Background(), c, audit.Change{Action: "create", ObjectType: "x", ObjectID: "1"})
		})
		if err != access.ErrNoPrincipal {
			t.Fatalf("got %v, want ErrNoPrincipal", err)
		}
	})
}

func TestListIsScoped(t *testing.T) {
	dbtest.Each(t, []db.Migrations{audit.Migrations()}, func(t *testing.T, d *db.DB) {
		sys := access.With(context.Background(), access.System("test"))
		for _, div := range []string{"652327", "652328", "652327"} {
			if err := d.Tx(sys, func(c db.Conn) error {
				return audit.Write(sys, c, audit.Change{Action: "create", ObjectType: "organisation", ObjectID: div, Division: div})
			}); err != nil {
				t.Fatal(err)
			}
		}
		county := access.With(context.Background(), &access.Principal{Username: "x", Role: access.RoleLeader, Scope: access.Scope{Division: "652327"}})
		recs, total, err := audit.List(county, d.Read(), audit.Filter{})
		if err != nil || total != 2 || len(recs) != 2 {
			t.Fatalf("county leader sees %d/%d records (err %v), want 2", len(recs), total, err)
		}
		staff := access.With(context.Background(), &access.Principal{Username: "y", Role: access.RoleEnterprise, Scope: access.Scope{Org: 1}})
		if _, _, err := audit.List(staff, d.Read(), audit.Filter{}); err != access.ErrForbidden {
			t.Fatalf("enterprise user reading audit: %v", err)
		}
	})
}

func dropGuards(t *testing.T, ctx context.Context, d *db.DB) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	if d.Dialect == db.Postgres {
		stmts = []string{`DROP TRIGGER audit_log_no_update ON audit_log`}
	}
	for _, s := range stmts {
		if _, err := d.Write().Exec(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
}

// The audit page names known actions and object types in the reader's
// language and shows an unknown code as itself, never as a missing key.
func TestAuditPageLabels(t *testing.T) {
	d := dbtest.Open(t, dbtest.Engines()[0], audit.Migrations())
	sys := access.With(context.Background(), access.System("test"))
	for _, ch := range []audit.Change{
		{Action: audit.ActionCreate, ObjectType: "registry.organisation", ObjectID: "7", Division: "652327"},
		{Action: "brand_new_verb", ObjectType: "brand.new", ObjectID: "8", Division: "652327"},
	} {
		if err := d.Tx(sys, func(c db.Conn) error { return audit.Write(sys, c, ch) }); err != nil {
			t.Fatal(err)
		}
	}
	ws := webtest.New(t, webtest.Options{Locales: []fs.FS{audit.Locale()}, Templates: []web.TemplateSet{audit.Templates()},
		Register: func(srv *web.Server) { audit.Register(d, srv) }})
	w := ws.Get("/audit", "admin")
	webtest.WantStatus(t, w, 200)
	webtest.WantBody(t, w, "<td>新增</td><td>组织机构 #7</td>", "<td>brand_new_verb</td><td>brand.new #8</td>")
	if strings.Contains(w.Body.String(), "audit.action.") || strings.Contains(w.Body.String(), "audit.object.") {
		t.Error("a catalog key shows on the page")
	}
}
