package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// A reporter on a phone fills the map point of a public hazard report from
// the device's position ("use my location"), under the strict CSP. The
// browser's position is set through DevTools: 吉木萨尔县's seat, about
// 44.0°N 89.2°E.
func TestReportFormUsesDeviceLocation(t *testing.T) {
	s := startSite(t)
	ctx := newBrowser(t)
	lat, lng, acc := 43.997118, 89.180633, 10.0
	do(t, ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetPermission, browser.SetPermissionParams{
				Permission: &browser.PermissionDescriptor{Name: "geolocation"}, Setting: browser.PermissionSettingGranted, Origin: s.URL})
			return err
		}),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lng, Accuracy: &acc})
			return err
		}),
		chromedp.Navigate(s.URL+"/report"),
		chromedp.WaitVisible(chromedp.CSS(`form [data-geolocate]`)),
		chromedp.Click(chromedp.CSS(`form [data-geolocate]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-geolocate][data-geolocate-state=ok]`)),
	)
	gotLat := get(t, ctx, chromedp.Value(chromedp.CSS(`form input[name=lat]`)))
	gotLng := get(t, ctx, chromedp.Value(chromedp.CSS(`form input[name=lng]`)))
	if gotLat != "43.997118" || gotLng != "89.180633" {
		t.Fatalf("map point %s, %s", gotLat, gotLng)
	}
}
