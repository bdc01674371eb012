package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/registry"
)

func orgCount(t *testing.T, s *site) int {
	t.Helper()
	_, n, err := s.App.Registry.ListOrganisations(access.With(context.Background(), access.System("test")), registry.OrgFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Bureau staff create an enterprise: a mistyped credit code is refused with
// a message beside the field and nothing is created; the corrected code
// saves; then the record is edited.
func TestCreateAndEditEnterprise(t *testing.T) {
	s := startSite(t)
	ctx := newBrowser(t)
	before := orgCount(t, s)
	do(t, ctx,
		login(s, "fgw"),
		chromedp.Navigate(s.URL+"/registry/orgs/new"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=org-form]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=kind]`), "enterprise"),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "昌吉市示范机械有限公司"),
		// GB 32100-2015 check character of 91652301MA77Q8H45… is F, not X.
		chromedp.SendKeys(chromedp.CSS(`input[name=uscc]`), "91652301MA77Q8H45X"),
		chromedp.SetValue(chromedp.CSS(`select[name=division_code]`), "652301"),
		chromedp.Click(chromedp.CSS(`[data-testid=org-save]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=error-uscc]:not(:empty)`)),
	)
	msg := get(t, ctx, chromedp.Text(chromedp.CSS(`[data-testid=error-uscc]`)))
	if !strings.Contains(msg, "校验") {
		t.Errorf("credit code message %q does not name the check", msg)
	}
	if n := orgCount(t, s); n != before {
		t.Fatalf("a rejected form created a record: %d → %d", before, n)
	}
	// The summary above the form names the field and leads to it.
	summary := get(t, ctx, chromedp.Text(chromedp.CSS(`.errors li[data-field=uscc] a`)))
	if !strings.HasPrefix(summary, "统一社会信用代码：") {
		t.Errorf("error summary line %q does not name its field", summary)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`.errors li[data-field=uscc] a`)))
	if focused := get(t, ctx, chromedp.Evaluate[string](`document.activeElement.name`)); focused != "uscc" {
		t.Errorf("summary link focused %q", focused)
	}
	// The form kept what was typed; fix the code and save.
	do(t, ctx,
		chromedp.Clear(chromedp.CSS(`input[name=uscc]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=uscc]`), "91652301MA77Q8H45F"),
		chromedp.Click(chromedp.CSS(`[data-testid=org-save]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=org-detail]`)),
	)
	if code := get(t, ctx, chromedp.Text(chromedp.CSS(`[data-testid=org-uscc]`))); code != "91652301MA77Q8H45F" {
		t.Fatalf("saved credit code %q", code)
	}
	if n := orgCount(t, s); n != before+1 {
		t.Fatalf("organisations %d → %d, want one more", before, n)
	}
	do(t, ctx,
		chromedp.Click(chromedp.CSS(`[data-testid=org-edit]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=org-form]`)),
		chromedp.Clear(chromedp.CSS(`input[name=name]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=name]`), "昌吉市示范装备有限公司"),
		chromedp.Click(chromedp.CSS(`[data-testid=org-save]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=org-detail]`)),
	)
	if h := get(t, ctx, chromedp.Text(chromedp.CSS(`main`))); !strings.Contains(h, "昌吉市示范装备有限公司") {
		t.Fatalf("edited name not shown")
	}
}

// A 吉木萨尔县 user does not see 木垒县's enterprise in the list and is
// refused its page, even by typing the address.
func TestCountyUserRefusedOtherCounty(t *testing.T) {
	s := startSite(t)
	ctx := newBrowser(t)
	o, err := s.App.Registry.FindOrganisationByUSCC(access.With(context.Background(), access.System("test")), "91652328MA79K2M349")
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		login(s, "jmse"),
		chromedp.Navigate(s.URL+"/registry/orgs"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=org-table]`)),
	)
	list := get(t, ctx, chromedp.Text(chromedp.CSS(`[data-testid=org-table]`)))
	if !strings.Contains(list, "昆仑天泽") || strings.Contains(list, "木垒") {
		t.Fatalf("county list: %q", list)
	}
	do(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/registry/orgs/%d", s.URL, o.ID)),
		chromedp.WaitVisible(chromedp.CSS(`.error-page`)),
	)
	page := get(t, ctx, chromedp.Text(chromedp.CSS(`.error-page`)))
	if !strings.Contains(page, "404") || strings.Contains(page, "木垒县风光") {
		t.Fatalf("refusal page: %q", page)
	}
}
