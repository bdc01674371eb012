package safety

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web"
)

// Browser tests of issue 4's two walks, with Debian's Chromium against the
// module's handlers on a real SQLite database. Sign-in is the test
// authenticator's cookie (the real login is platform/auth's, tested there;
// the full-app walks belong in internal/e2e once the module is wired).

func chromium(t *testing.T) string {
	for _, p := range []string{os.Getenv("BOGDA_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := exec.LookPath(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium not found")
	}
	t.Skip("chromium not installed")
	return ""
}

type browserSite struct {
	URL string
	f   *fixture
}

func startBrowserSite(t *testing.T) *browserSite {
	t.Helper()
	d := dbtest.Open(t, dbtest.Engines()[0], sets()...)
	f := newFixture(t, d)
	cat, err := web.NewCatalog(web.Locale(), Locale())
	if err != nil {
		t.Fatal(err)
	}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rd, err := web.NewRenderer(cat, assets, []web.NavItem{Nav()}, log, Templates())
	if err != nil {
		t.Fatal(err)
	}
	srv := web.NewServer(web.Config{Version: "test"}, rd, assets, testAuth{}, log)
	NewHTTP(f.svc).Register(srv)
	// Test-only sign-in: the cookie names the principal (see testAuth).
	srv.Public("GET /test-login", func(w http.ResponseWriter, r *http.Request) error {
		http.SetCookie(w, &http.Cookie{Name: "bogda_test_user", Value: url.QueryEscape(r.URL.Query().Get("u")), Path: "/"})
		http.Redirect(w, r, r.URL.Query().Get("next"), http.StatusSeeOther)
		return nil
	})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &browserSite{URL: ts.URL, f: f}
}

func (s *browserSite) as(user, next string) chromedp.Action[chromedp.Void] {
	return chromedp.Navigate(s.URL + "/test-login?u=" + url.QueryEscape(user) + "&next=" + url.QueryEscape(next))
}

func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	if err := chromedp.Do(ctx); err != nil {
		cancelC()
		cancelA()
		t.Fatalf("start chromium: %v", err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return tctx
}

func run(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

func read[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Walk (a): an inspector's finding to a major hazard through plan,
// listing, evidence, verification and closure.
func TestBrowserMajorHazard(t *testing.T) {
	s := startBrowserSite(t)
	ctx := browser(t)
	today := s.f.svc.today()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	relief := ""
	for _, cs := range must(s.f.svc.Checklist(sysCtx(), "hazchem", today)) {
		for _, it := range cs.Items {
			if it.Code == "15" {
				relief = fmt.Sprint(it.ID)
			}
		}
	}
	run(t, ctx,
		s.as("inspector:652327", fmt.Sprintf("/safety/hazards/new?enterprise_id=%d", s.f.entJ.ID)),
		chromedp.WaitVisible(css(`[data-testid=hazard-form]`)),
		chromedp.SetValue(css(`[data-testid=hazard-criterion]`), relief),
		chromedp.SendKeys(css(`[data-testid=hazard-title]`), "2号储罐安全阀未投用"),
		chromedp.SetValue(css(`[data-testid=hazard-grade]`), "major"),
		chromedp.SetValue(css(`select[name=kind]`), "equipment"),
		chromedp.SetValue(css(`[data-testid=hazard-deadline]`), today.AddDate(0, 0, 7).Format(time.DateOnly)),
		chromedp.Click(css(`[data-testid=hazard-save]`)),
		chromedp.WaitVisible(css(`[data-testid=hazard-detail]`)),
	)
	page := read(t, ctx, chromedp.Location())
	png := filepath.Join(t.TempDir(), "after.png")
	if err := os.WriteFile(png, demoPNG(), 0o600); err != nil {
		t.Fatal(err)
	}
	run(t, ctx,
		s.as(fmt.Sprintf("enterprise:%d", s.f.orgJ.ID), strings.TrimPrefix(page, s.URL)),
		chromedp.WaitVisible(css(`[data-testid=plan-form]`)),
		chromedp.SendKeys(css(`[data-testid=plan-responsible]`), "设备部 张伟"),
		chromedp.SendKeys(css(`[data-testid=plan-measures]`), "更换2号储罐安全阀并校验"),
		chromedp.SendKeys(css(`[data-testid=plan-funds]`), "80000"),
		chromedp.SetValue(css(`[data-testid=plan-deadline]`), today.AddDate(0, 0, 30).Format(time.DateOnly)),
		chromedp.SendKeys(css(`[data-testid=plan-contingency]`), "降液位运行，设警戒区"),
		chromedp.Click(css(`[data-testid=plan-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=hazard-plan]`)),
		chromedp.SetUploadFiles(css(`[data-testid=evidence-file]`), []string{png}),
		chromedp.Click(css(`[data-testid=evidence-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=evidence-intact]`)),
		chromedp.Click(css(`[data-testid=hazard-apply]`)),
	)
	waitText(t, ctx, "hazard-status", "待核查销号")
	run(t, ctx,
		s.as("inspector:652327", strings.TrimPrefix(page, s.URL)),
		chromedp.WaitVisible(css(`[data-testid=listing-form]`)),
		chromedp.SetValue(css(`[data-testid=listing-level]`), "prefecture"),
		chromedp.SendKeys(css(`[data-testid=listing-by]`), "昌吉州安委办"),
		chromedp.Click(css(`[data-testid=listing-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=hazard-listing]`)),
		chromedp.SendKeys(css(`[data-testid=verify-note]`), "现场核查合格"),
		chromedp.Click(css(`[data-testid=hazard-verify]`)),
	)
	waitText(t, ctx, "hazard-status", "已销号")
}

// Walk (b): an anonymous public report followed by its code to a paid
// reward.
func TestBrowserReportToReward(t *testing.T) {
	s := startBrowserSite(t)
	ctx := browser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	run(t, ctx,
		chromedp.Navigate(s.URL+"/report"),
		chromedp.WaitVisible(css(`[data-testid=report-form]`)),
		chromedp.SetValue(css(`[data-testid=report-division]`), "652327"),
		chromedp.SendKeys(css(`input[name=enterprise_name]`), "吉木萨尔化工有限公司"),
		chromedp.SendKeys(css(`[data-testid=report-body]`), "储罐安全阀被拆除，夜间仍在生产"),
		chromedp.Click(css(`[data-testid=report-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=tracking-code]`)),
	)
	code := read(t, ctx, chromedp.Text(css(`[data-testid=tracking-code]`)))
	run(t, ctx,
		s.as("inspector:652327", "/safety/reports"),
		chromedp.WaitVisible(css(`[data-testid=report-table]`)),
		chromedp.Click(css(`a[href^="/safety/reports/"]`)),
		chromedp.WaitVisible(css(`[data-testid=route-form]`)),
		chromedp.SetValue(css(`[data-testid=route-enterprise]`), fmt.Sprint(s.f.entJ.ID)),
		chromedp.SendKeys(css(`[data-testid=route-title]`), "储罐安全阀被拆除"),
		chromedp.SetValue(css(`[data-testid=route-grade]`), "major"),
		chromedp.SendKeys(css(`[data-testid=route-regulator]`), "吉木萨尔县应急管理局"),
		chromedp.SetValue(css(`[data-testid=route-deadline]`), s.f.svc.today().AddDate(0, 0, 10).Format(time.DateOnly)),
		chromedp.Click(css(`[data-testid=route-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=report-hazard]`)),
	)
	report := strings.TrimPrefix(read(t, ctx, chromedp.Location()), s.URL)
	report, _, _ = strings.Cut(report, "?")
	run(t, ctx,
		s.as("admin:1", report),
		chromedp.WaitVisible(css(`[data-testid=reward-form]`)),
		chromedp.SendKeys(css(`[data-testid=reward-fine]`), "100000"),
		chromedp.Click(css(`[data-testid=reward-propose]`)),
		chromedp.WaitVisible(css(`[data-testid=reward-status]`)),
		s.as("admin:2", report),
		chromedp.WaitVisible(css(`[data-testid=reward-approve]`)),
		chromedp.Click(css(`[data-testid=reward-approve]`)),
		chromedp.WaitVisible(css(`[data-testid=pay-form]`)),
		chromedp.SendKeys(css(`[data-testid=pay-ref]`), "ZF-2026-001"),
		chromedp.Click(css(`[data-testid=reward-pay]`)),
	)
	waitText(t, ctx, "reward-status", "已发放")
	run(t, ctx,
		s.as("", "/report/track?code="+code),
		chromedp.WaitVisible(css(`[data-testid=track-reward]`)),
	)
	if got := read(t, ctx, chromedp.Text(css(`[data-testid=track-reward]`))); !strings.Contains(got, "已发放") || !strings.Contains(got, "15000.00") {
		t.Errorf("tracking page reward = %q", got)
	}
}

// waitText waits until the element with data-testid id shows want: after a
// form post the old page is still there for a moment, so reading at once
// could read the page being left.
func waitText(t *testing.T, ctx context.Context, id, want string) {
	t.Helper()
	expr := fmt.Sprintf(`(document.querySelector('[data-testid=%s]') || {}).textContent === %q`, id, want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector('[data-testid=%s]') || {}).textContent || ''`, id)))
		t.Fatalf("%s: want %q, have %q (%v)", id, want, got, err)
	}
}
