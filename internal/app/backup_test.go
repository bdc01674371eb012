package app_test

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/changji-gov/bogda/internal/app/apptest"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/registry"
)

// A backup taken while writers are busy is a consistent database: it opens,
// its audit chain verifies, and every organisation in it has its audit
// record (the row and its record were written in one transaction, so a
// consistent snapshot has both or neither). Restoring follows the README.
func TestBackupWhileWriting(t *testing.T) {
	for _, e := range dbtest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			s := apptest.Start(t, e)
			ctx := access.With(context.Background(), access.System("writer"))
			var stop atomic.Bool
			var wg sync.WaitGroup
			var written atomic.Int64
			started := make(chan struct{})
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; !stop.Load() && i < 5000; i++ {
					_, err := s.App.Registry.CreatePerson(ctx, registry.PersonInput{Name: fmt.Sprintf("备份测试%d", i), DivisionCode: "652327"})
					if err != nil {
						t.Errorf("write during backup: %v", err)
						return
					}
					if written.Add(1) == 20 {
						close(started) // the snapshot should land mid-stream
					}
				}
			}()
			<-started
			file := filepath.Join(t.TempDir(), "bogda-backup")
			if err := s.App.DB.Backup(context.Background(), file); err != nil {
				t.Fatal(err)
			}
			stop.Store(true)
			wg.Wait()

			restored := restore(t, e, s.App.DB, file)
			n, brk, err := audit.Verify(ctx, restored.Read())
			if err != nil || brk != nil {
				t.Fatalf("restored chain: n=%d break=%v err=%v", n, brk, err)
			}
			var people, created int
			if err := restored.Read().QueryRow(ctx, `SELECT COUNT(*) FROM registry_people WHERE name LIKE '备份测试%'`).Scan(&people); err != nil {
				t.Fatal(err)
			}
			if err := restored.Read().QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE object_type = 'registry.person' AND action = 'create' AND after_json LIKE '%备份测试%'`).Scan(&created); err != nil {
				t.Fatal(err)
			}
			if people == 0 || people != created {
				t.Errorf("restored copy has %d people and %d create records", people, created)
			}
			t.Logf("%d writes, %d in the snapshot", written.Load(), people)
		})
	}
}

// restore brings a backup back the way the README says.
func restore(t *testing.T, e dbtest.Engine, live *db.DB, file string) *db.DB {
	t.Helper()
	ctx := context.Background()
	dsn := file // SQLite: the backup is the database file
	if live.Dialect == db.Postgres {
		dsn = dbtest.NewPostgresDatabase(t)
		out, err := exec.Command("pg_restore", "--no-owner", "--dbname="+dsn, file).CombinedOutput()
		if err != nil {
			t.Fatalf("pg_restore: %v %s", err, out)
		}
	}
	d, err := db.Open(ctx, strings.TrimSpace(dsn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}
