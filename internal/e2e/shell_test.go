package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// A person signs in, sees the shell in Chinese, switches to English, and the
// choice stays with their account across a new sign-in.
func TestLoginAndSwitchLanguage(t *testing.T) {
	s := startSite(t)
	ctx := newBrowser(t)
	do(t, ctx, login(s, "admin"))
	if lang := get(t, ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "zh-CN" {
		t.Fatalf("default language %q", lang)
	}
	if nav := get(t, ctx, chromedp.Text(chromedp.CSS(`nav.main`))); !strings.Contains(nav, "基础信息") {
		t.Fatalf("Chinese navigation missing: %q", nav)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=lang-switch]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[lang=en] nav.main`)),
	)
	if nav := get(t, ctx, chromedp.Text(chromedp.CSS(`nav.main`))); !strings.Contains(nav, "Registry") {
		t.Fatalf("English navigation missing: %q", nav)
	}
	// Signing out and in again (the language cookie cleared) keeps English:
	// it is remembered on the account.
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=logout]`)),
		chromedp.WaitVisible(chromedp.CSS(`input[name=username]`)),
		clearCookie(s, "bogda_lang"),
		login(s, "admin"),
		chromedp.WaitVisible(chromedp.CSS(`html[lang=en] nav.main`)),
	)
}

// clearCookie deletes a browser cookie (HttpOnly ones too) through the
// DevTools protocol.
func clearCookie(s *site, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.DeleteCookies, network.DeleteCookiesParams{Name: name, URL: s.URL})
		return err
	})
}
