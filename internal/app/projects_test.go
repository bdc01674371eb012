package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/app/apptest"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/projects"
)

// The projects module through the whole stack on the demo data: an
// enterprise sees and reports only its own project, bad input is refused,
// and the bureau's dispatch table shows the light its report produced.
func TestProjectsThroughTheApp(t *testing.T) {
	for _, e := range dbtest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			s := apptest.Start(t, e)
			sys := access.With(context.Background(), access.System("test"))
			ps, _, err := s.App.Projects.ListProjects(sys, projects.ProjectFilter{Q: "番茄"})
			if err != nil || len(ps) != 1 {
				t.Fatalf("%v %v", ps, err)
			}
			tomato := ps[0]
			ent := s.Login(t, "xiaochu")
			_, body := ent.Get("/projects/library")
			if !strings.Contains(body, "番茄") || strings.Contains(body, "木垒县风电") {
				t.Fatalf("enterprise library:\n%s", body)
			}
			res, body := ent.JSON("GET", "/api/v1/projects", "")
			if res.StatusCode != 200 || !strings.Contains(body, `"total":1`) {
				t.Fatalf("enterprise API: %d %s", res.StatusCode, body)
			}
			res, body = ent.Get(fmt.Sprintf("/projects/%d", tomato.ID))
			if res.StatusCode != 200 || !strings.Contains(body, "report-form") {
				t.Fatalf("project page: %d", res.StatusCode)
			}
			now := projects.MonthOfTime(time.Now())
			res, body = ent.PostForm(fmt.Sprintf("/projects/%d/reports", tomato.ID), url.Values{"month": {now.String()}, "physical_amount": {"-1"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("bad report: %d", res.StatusCode)
			}
			res, _ = ent.PostForm(fmt.Sprintf("/projects/%d/reports", tomato.ID), url.Values{"month": {now.String()}, "physical_amount": {"3000"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("report: %d", res.StatusCode)
			}
			admin := s.Login(t, "admin")
			res, body = admin.Get("/projects?group=project")
			if res.StatusCode != 200 || !strings.Contains(body, "light-green") {
				t.Fatalf("dispatch: %d\n%s", res.StatusCode, body)
			}
			for _, who := range []string{"jmse", "mulei", "admin"} {
				c := s.Login(t, who)
				for _, p := range []string{"/projects", "/projects/library", "/projects/reports/import", "/projects/new", "/project-lists/new"} {
					if res, _ := c.Get(p); res.StatusCode != http.StatusOK {
						t.Errorf("%s %s: %d", who, p, res.StatusCode)
					}
				}
			}
		})
	}
}
