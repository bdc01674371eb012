package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/changji-gov/bogda/internal/demo"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/auth"
	"github.com/changji-gov/bogda/internal/safety"
)

// Issue 4's two S2 walks (first written against the safety module alone in
// internal/safety/browser_test.go) on the whole application: real sign-in,
// the demo's users and its S2 data (internal/safety/demo.go).

// safetyHazchemName is the demo's hazardous-chemicals enterprise, the one
// S2 demo enterprise in 吉木萨尔县 (652327), so inside the inspector's scope.
const safetyHazchemName = "吉木萨尔县示范危化储运有限公司"

// safetyToday is the module's calendar day: the safety service counts days
// in China Standard Time (internal/safety/service.go, today).
func safetyToday() time.Time {
	return time.Now().In(time.FixedZone("CST", 8*3600))
}

func safetyDay(days int) string {
	return safetyToday().AddDate(0, 0, days).Format(time.DateOnly)
}

func safetySys() context.Context {
	return access.With(context.Background(), access.System("e2e test"))
}

// safetyHazchem finds the demo's hazchem enterprise.
func safetyHazchem(t *testing.T, s *site) safety.Enterprise {
	t.Helper()
	es, _, err := s.App.Safety.ListEnterprises(safetySys(), safety.EnterpriseFilter{Q: safetyHazchemName})
	if err != nil || len(es) != 1 || es[0].DivisionCode != "652327" {
		t.Fatalf("demo hazchem enterprise: %+v %v", es, err)
	}
	return es[0]
}

// safetyCriterion is the id of item code in the checklist edition set of
// sector in force today.
func safetyCriterion(t *testing.T, s *site, sector, set, code string) int64 {
	t.Helper()
	sets, err := s.App.Safety.Checklist(safetySys(), sector, safetyToday())
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range sets {
		if cs.Code != set {
			continue
		}
		for _, it := range cs.Items {
			if it.Code == code {
				return it.ID
			}
		}
	}
	t.Fatalf("criterion %s %s not in the %s checklist", set, code, sector)
	return 0
}

// logout signs out through the header button and waits for the login form.
func logout() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(chromedp.CSS(`[data-testid=logout]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
	)
}

// safetyWaitText waits until the element with data-testid id reads want:
// after a form post the old page stays for a moment, so reading at once
// could read the page being left.
func safetyWaitText(t *testing.T, ctx context.Context, id, want string) {
	t.Helper()
	expr := fmt.Sprintf(`((document.querySelector('[data-testid=%s]') || {}).textContent || '').trim() === %q`, id, want)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector('[data-testid=%s]') || {}).textContent || ''`, id)))
		t.Fatalf("%s: want %q, have %q (%v)", id, want, got, err)
	}
}

// safetyAbsent fails when the page shows an element matching sel.
func safetyAbsent(t *testing.T, ctx context.Context, sel, why string) {
	t.Helper()
	if n := get(t, ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%q).length`, sel))); n != 0 {
		t.Errorf("%s: %s shown %d times", why, sel, n)
	}
}

// safetyCheck clicks the checkbox sel if it is not already in state want,
// as a person would, rather than trusting the form's default.
func safetyCheck(t *testing.T, ctx context.Context, sel string, want bool) {
	t.Helper()
	if get(t, ctx, chromedp.JavascriptAttribute[bool](chromedp.CSS(sel), "checked")) != want {
		do(t, ctx, chromedp.Click(chromedp.CSS(sel)))
	}
	if get(t, ctx, chromedp.JavascriptAttribute[bool](chromedp.CSS(sel), "checked")) != want {
		t.Fatalf("%s: could not set checked=%v", sel, want)
	}
}

// safetyPNG writes a small valid PNG to upload as evidence.
func safetyPNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		for y := range 8 {
			img.Set(x, y, color.RGBA{R: 200, G: uint8(20 * x), B: uint8(20 * y), A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "安全阀更换后.png")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Walk (a): the 吉木萨尔县 inspector records a major hazard at the hazchem
// enterprise; the enterprise reports its treatment plan (五落实), uploads
// evidence and applies for write-off; the inspector lists it for
// prefecture supervision (挂牌督办), verifies on site and writes it off.
//
// The demo has no account for the hazchem enterprise (its one enterprise
// user, xiaochu, belongs to 新疆笑厨食品有限公司, not an S2 enterprise), so
// the test opens one through the accounts service as an administrator
// would; everything else is done in the browser by the demo's users.
func TestSafetyMajorHazardWalk(t *testing.T) {
	s := startSite(t)
	ent := safetyHazchem(t, s)
	// 安监总管三〔2017〕121号 item 15: safety valves not in service
	// (internal/safety/migrations/0002_seed.sql).
	relief := safetyCriterion(t, s, "hazchem", "AJZG3-2017-121", "15")
	if _, err := s.App.Auth.CreateUser(safetySys(), auth.NewUser{Username: "weihua", Name: "危化储运 安全员", Password: demo.DemoPassword,
		Role: access.RoleEnterprise, Scope: access.Scope{Org: ent.OrgID}}); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	// The inspector's finding.
	do(t, ctx,
		login(s, "inspector"),
		chromedp.Navigate(s.URL+"/safety/hazards/new"),
		chromedp.WaitVisible(css(`[data-testid=hazard-pick-enterprise]`)),
		chromedp.SetValue(css(`[data-testid=hazard-pick-enterprise] select[name=enterprise_id]`), fmt.Sprint(ent.ID)),
		chromedp.Click(css(`[data-testid=hazard-pick-enterprise] button`)),
		// Picking the enterprise loads its sector's checklist.
		chromedp.WaitReady(css(fmt.Sprintf(`[data-testid=hazard-criterion] option[value="%d"]`, relief))),
		chromedp.SetValue(css(`[data-testid=hazard-criterion]`), fmt.Sprint(relief)),
		chromedp.SendKeys(css(`[data-testid=hazard-title]`), "2号储罐安全阀未投用"),
		chromedp.SetValue(css(`[data-testid=hazard-grade]`), "major"),
		chromedp.SetValue(css(`#hz-kind`), "equipment"),
		chromedp.SetValue(css(`[data-testid=hazard-deadline]`), safetyDay(7)),
		chromedp.Click(css(`[data-testid=hazard-save]`)),
		chromedp.WaitVisible(css(`[data-testid=hazard-detail]`)),
	)
	hazard := strings.TrimPrefix(get(t, ctx, chromedp.Location()), s.URL)
	// A major hazard starts by waiting for its plan (lifecycle.go).
	safetyWaitText(t, ctx, "hazard-status", "待制定方案")
	if g := get(t, ctx, chromedp.Text(css(`dd[data-testid=hazard-grade]`))); g != "重大事故隐患" {
		t.Errorf("grade shown %q", g)
	}
	if d := get(t, ctx, chromedp.Text(css(`[data-testid=hazard-detail]`))); !strings.Contains(d, safetyHazchemName) || !strings.Contains(d, "安全阀") {
		t.Errorf("hazard detail lacks the enterprise or the criterion: %q", d)
	}

	// The enterprise: plan, evidence, application for write-off.
	do(t, ctx,
		logout(),
		login(s, "weihua"),
		chromedp.Navigate(s.URL+hazard),
		chromedp.WaitVisible(css(`[data-testid=plan-form]`)),
		chromedp.SendKeys(css(`[data-testid=plan-responsible]`), "设备部 张伟"),
		chromedp.SendKeys(css(`[data-testid=plan-measures]`), "更换2号储罐安全阀并校验"),
		chromedp.SendKeys(css(`[data-testid=plan-funds]`), "80000"),
		chromedp.SetValue(css(`[data-testid=plan-deadline]`), safetyDay(30)),
		chromedp.SendKeys(css(`[data-testid=plan-contingency]`), "降液位运行，设警戒区"),
		chromedp.Click(css(`[data-testid=plan-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=hazard-plan]`)),
	)
	safetyWaitText(t, ctx, "hazard-status", "治理中")
	if p := get(t, ctx, chromedp.Text(css(`[data-testid=hazard-plan]`))); !strings.Contains(p, "80000.00") || !strings.Contains(p, "设备部 张伟") {
		t.Errorf("plan shown: %q", p)
	}
	// Listing is the regulator's: the enterprise is not offered the form.
	safetyAbsent(t, ctx, `[data-testid=listing-form]`, "enterprise user")
	do(t, ctx,
		chromedp.SetUploadFiles(css(`[data-testid=evidence-file]`), []string{safetyPNG(t)}),
		chromedp.Click(css(`[data-testid=evidence-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=evidence-intact]`)),
		chromedp.SendKeys(css(`[data-testid=apply-note]`), "安全阀已更换并校验"),
		chromedp.Click(css(`[data-testid=hazard-apply]`)),
	)
	safetyWaitText(t, ctx, "hazard-status", "待核查销号")
	// A major hazard closes only on the regulator's verification.
	safetyAbsent(t, ctx, `[data-testid=hazard-verify]`, "enterprise user")

	// The inspector: listing, on-site verification, write-off.
	do(t, ctx,
		logout(),
		login(s, "inspector"),
		chromedp.Navigate(s.URL+hazard),
		chromedp.WaitVisible(css(`[data-testid=listing-form]`)),
		chromedp.SetValue(css(`[data-testid=listing-level]`), "prefecture"),
		chromedp.SendKeys(css(`[data-testid=listing-by]`), "昌吉州安委办"),
		chromedp.Click(css(`[data-testid=listing-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=hazard-listing]`)),
	)
	if l := get(t, ctx, chromedp.Text(css(`[data-testid=hazard-listing]`))); !strings.Contains(l, "州级挂牌督办") || !strings.Contains(l, "昌吉州安委办") {
		t.Errorf("listing shown: %q", l)
	}
	safetyWaitText(t, ctx, "hazard-status", "待核查销号")
	do(t, ctx,
		chromedp.SendKeys(css(`[data-testid=verify-note]`), "现场核查合格"),
		chromedp.Click(css(`[data-testid=hazard-verify]`)),
	)
	safetyWaitText(t, ctx, "hazard-status", "已销号")
	if h := get(t, ctx, chromedp.Text(css(`[data-testid=hazard-history]`))); !strings.Contains(h, "现场核查合格") {
		t.Errorf("history lacks the verification: %q", h)
	}
	// Closed: no more forms for anyone.
	safetyAbsent(t, ctx, `[data-testid=evidence-form], [data-testid=listing-form], [data-testid=hazard-verify]`, "closed hazard")
}

// Walk (b): a member of the public reports anonymously and keeps the
// tracking code; the inspector triages the report and routes it as a major
// hazard, without seeing anything of the reward; the safety bureau (yjj)
// proposes the reward, the administrator approves it (not its proposer) and
// records the payment; the tracking page then shows the reward paid.
func TestSafetyReportToRewardWalk(t *testing.T) {
	s := startSite(t)
	ent := safetyHazchem(t, s)
	ctx := newBrowser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	do(t, ctx,
		chromedp.Navigate(s.URL+"/report"),
		chromedp.WaitVisible(css(`[data-testid=report-form]`)),
		chromedp.SetValue(css(`[data-testid=report-division]`), "652327"),
		chromedp.SendKeys(css(`input[name=enterprise_name]`), safetyHazchemName),
		chromedp.SendKeys(css(`[data-testid=report-body]`), "储罐安全阀被拆除，夜间仍在生产"),
	)
	// The form offers anonymity by default; the walk relies on it.
	safetyCheck(t, ctx, `[data-testid=report-anonymous]`, true)
	do(t, ctx,
		chromedp.Click(css(`[data-testid=report-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=tracking-code]`)),
	)
	code := strings.TrimSpace(get(t, ctx, chromedp.Text(css(`[data-testid=tracking-code]`))))
	if code == "" {
		t.Fatal("no tracking code")
	}
	do(t, ctx,
		chromedp.Click(css(`[data-testid=track-link]`)),
		chromedp.WaitVisible(css(`[data-testid=track-status]`)),
	)
	safetyWaitText(t, ctx, "track-report-status", "已受理")
	safetyAbsent(t, ctx, `[data-testid=track-reward]`, "new report")

	// The inspector finds the report by its code and routes it.
	do(t, ctx,
		login(s, "inspector"),
		chromedp.Navigate(s.URL+"/safety/reports?q="+code),
		chromedp.WaitVisible(css(`[data-testid=report-row] a`)),
	)
	if n := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=report-row]').length`)); n != 1 {
		t.Fatalf("search by tracking code found %d reports", n)
	}
	do(t, ctx,
		chromedp.Click(css(`[data-testid=report-row] a`)),
		chromedp.WaitVisible(css(`[data-testid=route-form]`)),
	)
	report := strings.TrimPrefix(get(t, ctx, chromedp.Location()), s.URL)
	report, _, _ = strings.Cut(report, "?")
	safetyWaitText(t, ctx, "report-reporter", "匿名举报")
	do(t, ctx,
		chromedp.SetValue(css(`[data-testid=route-enterprise]`), fmt.Sprint(ent.ID)),
		chromedp.SendKeys(css(`[data-testid=route-title]`), "储罐安全阀被拆除"),
		chromedp.SetValue(css(`[data-testid=route-grade]`), "major"),
		chromedp.SendKeys(css(`[data-testid=route-regulator]`), "吉木萨尔县应急管理局"),
		chromedp.SetValue(css(`[data-testid=route-deadline]`), safetyDay(10)),
		chromedp.Click(css(`[data-testid=route-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=report-hazard]`)),
	)
	safetyWaitText(t, ctx, "report-status", "已转办")
	// Rewards are the safety bureau's and the administrator's (role.go).
	safetyAbsent(t, ctx, `[data-testid=reward-form], [data-testid=reward-detail]`, "inspector")

	// The safety bureau proposes: 15 % of a 100,000 yuan fine is 15,000 yuan,
	// inside the rule's 3,000–300,000 yuan bounds (安监总财〔2018〕19号,
	// seeded as national-2018-fine in internal/safety/migrations/0002_seed.sql).
	do(t, ctx,
		logout(),
		login(s, "yjj"),
		chromedp.Navigate(s.URL+report),
		chromedp.WaitVisible(css(`[data-testid=reward-form]`)),
		chromedp.SendKeys(css(`[data-testid=reward-fine]`), "100000"),
		chromedp.Click(css(`[data-testid=reward-propose]`)),
		chromedp.WaitVisible(css(`[data-testid=reward-status]`)),
	)
	safetyWaitText(t, ctx, "reward-status", "已提出")
	if a := get(t, ctx, chromedp.Text(css(`[data-testid=reward-amount]`))); !strings.Contains(a, "15000.00 元") {
		t.Errorf("proposed amount %q", a)
	}
	// The proposer may not approve their own proposal.
	safetyAbsent(t, ctx, `[data-testid=reward-approve]`, "proposer")

	do(t, ctx,
		logout(),
		login(s, "admin"),
		chromedp.Navigate(s.URL+report),
		chromedp.WaitVisible(css(`[data-testid=reward-approve]`)),
		chromedp.Click(css(`[data-testid=reward-approve]`)),
		chromedp.WaitVisible(css(`[data-testid=pay-form]`)),
	)
	safetyWaitText(t, ctx, "reward-status", "已审批")
	do(t, ctx,
		chromedp.SendKeys(css(`[data-testid=pay-ref]`), "ZF-2026-001"),
		chromedp.Click(css(`[data-testid=reward-pay]`)),
	)
	safetyWaitText(t, ctx, "reward-status", "已发放")

	// The reporter, signed out, follows the code.
	do(t, ctx,
		logout(),
		chromedp.Navigate(s.URL+"/report/track"),
		chromedp.WaitVisible(css(`[data-testid=track-code]`)),
		chromedp.SendKeys(css(`[data-testid=track-code]`), code),
		chromedp.Submit(css(`[data-testid=track-code]`)),
		chromedp.WaitVisible(css(`[data-testid=track-reward]`)),
	)
	safetyWaitText(t, ctx, "track-report-status", "已转办")
	if got := get(t, ctx, chromedp.Text(css(`[data-testid=track-reward]`))); !strings.Contains(got, "已发放") || !strings.Contains(got, "15000.00") {
		t.Errorf("tracking page reward = %q", got)
	}
}

// A named (实名) report: the inspector, who triages but does not handle
// rewards, sees that the reporter is named but not who; the safety bureau,
// which pays rewards and so must reach the reporter, sees the name and
// phone.
func TestSafetyReporterIdentityHidden(t *testing.T) {
	s := startSite(t)
	ctx := newBrowser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	const name, phone = "测试举报人", "13800000000" // illustrative
	do(t, ctx,
		chromedp.Navigate(s.URL+"/report"),
		chromedp.WaitVisible(css(`[data-testid=report-form]`)),
		chromedp.SetValue(css(`[data-testid=report-division]`), "652327"),
		chromedp.SendKeys(css(`input[name=enterprise_name]`), safetyHazchemName),
		chromedp.SendKeys(css(`[data-testid=report-body]`), "装卸区夜间无人值守，可燃气体报警器长期不响"),
		chromedp.SendKeys(css(`input[name=reporter_name]`), name),
		chromedp.SendKeys(css(`input[name=reporter_phone]`), phone),
	)
	safetyCheck(t, ctx, `[data-testid=report-anonymous]`, false)
	do(t, ctx,
		chromedp.Click(css(`[data-testid=report-submit]`)),
		chromedp.WaitVisible(css(`[data-testid=tracking-code]`)),
	)
	code := strings.TrimSpace(get(t, ctx, chromedp.Text(css(`[data-testid=tracking-code]`))))
	open := chromedp.Steps(
		chromedp.Navigate(s.URL+"/safety/reports?q="+code),
		chromedp.WaitVisible(css(`[data-testid=report-row] a`)),
		chromedp.Click(css(`[data-testid=report-row] a`)),
		chromedp.WaitVisible(css(`[data-testid=report-detail]`)),
	)

	do(t, ctx, login(s, "inspector"), open)
	// The catalog's safety.report.identity_hidden (internal/safety/locale/zh-CN.json).
	safetyWaitText(t, ctx, "report-reporter", "实名举报（举报人信息仅奖励经办人员可见）")
	if page := get(t, ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`)); strings.Contains(page, name) || strings.Contains(page, phone) {
		t.Errorf("the inspector's page carries the reporter's identity")
	}

	do(t, ctx, logout(), login(s, "yjj"), open)
	safetyWaitText(t, ctx, "report-reporter", name+" "+phone)
}
