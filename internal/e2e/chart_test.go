package e2e

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
)

// The dispatch page draws its chart of monthly completion against plan from
// the API with the embedded ECharts, under the strict CSP (no inline script).
func TestDispatchChartDraws(t *testing.T) {
	s := startSite(t)
	if res, err := http.Get(s.URL + "/static/vendor/echarts.min.js"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatal("ECharts is not embedded: run `make assets` (make test does) before the browser tests")
	} else {
		res.Body.Close()
	}
	ctx := newBrowser(t)
	do(t, ctx,
		login(s, "fgw"),
		chromedp.Navigate(s.URL+"/projects"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=dispatch-chart][data-chart-drawn] svg`)),
	)
	n := get(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('[data-testid=dispatch-chart] svg path').length`))
	if n < 5 {
		t.Fatalf("chart has %d paths; expected bars and lines", n)
	}
	points := get(t, ctx, chromedp.Evaluate[string](`document.querySelector('[data-testid=dispatch-chart]').getAttribute('data-chart-drawn')`))
	if points == "0" {
		t.Fatal("chart drew no months")
	}
}
