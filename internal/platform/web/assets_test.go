package web_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/web"
)

func TestAssetCaching(t *testing.T) {
	a, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	u := a.URL("app.css")
	if !regexp.MustCompile(`^/static/app\.css\?v=[0-9a-f]{12}$`).MatchString(u) {
		t.Fatalf("URL(app.css) = %q, want a content fingerprint", u)
	}
	cases := []struct {
		name, target string
		status       int
		cache        string // Cache-Control, "" when not checked
		ctype        string // Content-Type prefix, "" when not checked
	}{
		// A URL carrying the current fingerprint never changes: a year,
		// immutable (RFC 8246).
		{"fingerprinted css", u, 200, "public, max-age=31536000, immutable", "text/css"},
		{"fingerprinted js", a.URL("app.js"), 200, "public, max-age=31536000, immutable", "text/javascript"},
		// Without it, or with an old one, the browser must revalidate.
		{"bare", "/static/app.css", 200, "no-cache", "text/css"},
		{"stale fingerprint", "/static/app.css?v=000000000000", 200, "no-cache", "text/css"},
		{"unknown file", "/static/nope.css", 404, "", ""},
		{"unknown file with v", "/static/nope.css?v=abc", 404, "", ""},
		{"directory", "/static/", 404, "", ""},
		{"source file", "/static/../assets.go", 404, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			a.ServeHTTP(w, httptest.NewRequest("GET", c.target, nil))
			if w.Code != c.status {
				t.Fatalf("status %d, want %d", w.Code, c.status)
			}
			if c.cache != "" && w.Header().Get("Cache-Control") != c.cache {
				t.Errorf("Cache-Control %q, want %q", w.Header().Get("Cache-Control"), c.cache)
			}
			if c.ctype != "" && !strings.HasPrefix(w.Header().Get("Content-Type"), c.ctype) {
				t.Errorf("Content-Type %q, want %s", w.Header().Get("Content-Type"), c.ctype)
			}
		})
	}
}

// TestVendorAssets checks that `make assets` put the front-end packages in
// the binary. Outside CI a developer may run go test without them; the
// layout then simply leaves htmx out.
func TestVendorAssets(t *testing.T) {
	a, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	// The files scripts/assets.sh copies (its manifest).
	want := []string{
		"vendor/htmx.min.js", "vendor/echarts.min.js",
		"vendor/leaflet.js", "vendor/leaflet.css", "vendor/images/marker-icon.png", "vendor/images/layers.png",
		"vendor/leaflet-geoman.js", "vendor/leaflet-geoman.css",
		"vendor/licenses/htmx.org.LICENSE", "vendor/licenses/echarts.LICENSE", "vendor/licenses/echarts.NOTICE",
		"vendor/licenses/leaflet.LICENSE", "vendor/licenses/geoman-io__leaflet-geoman-free.LICENSE",
	}
	if !a.Has(want[0]) {
		if os.Getenv("CI") != "" {
			t.Fatal("vendor assets missing: run `make assets` (scripts/assets.sh) before go test")
		}
		t.Skip("vendor assets not built (make assets)")
	}
	for _, name := range want {
		if !a.Has(name) {
			t.Errorf("%s not embedded", name)
		}
	}
	w := httptest.NewRecorder()
	a.ServeHTTP(w, httptest.NewRequest("GET", a.URL("vendor/htmx.min.js"), nil))
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/javascript") {
		t.Errorf("htmx: status %d, Content-Type %q", w.Code, w.Header().Get("Content-Type"))
	}
}
