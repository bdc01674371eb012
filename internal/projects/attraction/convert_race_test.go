package attraction

import (
	"sync"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/projects"
)

// Two people convert the same landed lead at once: exactly one project is
// created and linked; the other gets "already converted" and leaves no
// project behind, because the project and the link commit together.
func TestConvertConcurrentlyLeavesOneProject(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		lm := f.leadM(t)
		must(f.svc.AddSigning(ctx, lm.ID, SigningInput{SignedOn: "2025-03-01", Amount: "80000"}))
		must(f.svc.Advance(ctx, lm.ID, StageInput{Stage: "started", On: "2025-05-20"}))
		var wg sync.WaitGroup
		errsSeen := make([]error, 4)
		for i := range errsSeen {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errsSeen[i] = f.svc.ConvertToProject(ctx, lm.ID)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errsSeen {
			if err == nil {
				ok++
			} else {
				wantValidation(t, err, "project_id", keyConverted)
			}
		}
		if ok != 1 {
			t.Fatalf("%d conversions succeeded, want 1", ok)
		}
		if _, n, _ := f.proj.ListProjects(ctx, projects.ProjectFilter{}); n != 1 {
			t.Fatalf("%d projects in the library, want 1", n)
		}
	})
}
