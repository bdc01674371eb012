package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/projects"
)

// Issue 3's walk-through: the tomato project's owner reports this month in
// the browser (a negative amount is refused beside the field first), and
// the 发改委 user sees the project's light turn green on the dispatch table.
// Demo data (internal/projects/demo.go): the project is reported at 80 % of
// its monthly plan up to last month, yellow from February on; 3000万 this
// month brings it to 序时进度 or just below, green in every month.
func TestEnterpriseReportTurnsLightGreen(t *testing.T) {
	s := startSite(t)
	sys := access.With(context.Background(), access.System("test"))
	ps, _, err := s.App.Projects.ListProjects(sys, projects.ProjectFilter{Q: "番茄"})
	if err != nil || len(ps) != 1 {
		t.Fatalf("tomato project: %v %v", ps, err)
	}
	id := ps[0].ID
	now := projects.MonthOfTime(time.Now())
	light := fmt.Sprintf(`tr[data-key="%d"] [data-testid=dispatch-light]`, id)

	bureau := newBrowser(t)
	do(t, bureau, login(s, "fgw"), chromedp.Navigate(s.URL+"/projects?group=project"), chromedp.WaitVisible(chromedp.CSS(light)))
	before := get(t, bureau, chromedp.Text(chromedp.CSS(light)))
	if now.Num() >= 2 && !strings.Contains(before, "黄灯") {
		t.Fatalf("light before the report: %q, want 黄灯", before)
	}

	ent := newBrowser(t)
	do(t, ent,
		login(s, "xiaochu"),
		chromedp.Navigate(fmt.Sprintf("%s/projects/%d", s.URL, id)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=report-form]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=report-physical]`), "-5"),
		chromedp.Click(chromedp.CSS(`[data-testid=report-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-physical_amount]:not(:empty)`)),
	)
	if msg := get(t, ent, chromedp.Text(chromedp.CSS(`[data-testid=error-physical_amount]`))); !strings.Contains(msg, "负") {
		t.Fatalf("negative amount message %q", msg)
	}
	do(t, ent,
		chromedp.Clear(chromedp.CSS(`[data-testid=report-physical]`)),
		chromedp.SendKeys(chromedp.CSS(`[data-testid=report-physical]`), "3000"),
		chromedp.Click(chromedp.CSS(`[data-testid=report-submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.flash`)),
	)
	if body := get(t, ent, chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(body, "3000.00") {
		t.Fatalf("report not listed on the project page")
	}

	do(t, bureau, chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(light)))
	if after := get(t, bureau, chromedp.Text(chromedp.CSS(light))); !strings.Contains(after, "绿灯") {
		t.Fatalf("light after the report: %q, want 绿灯", after)
	}
}
