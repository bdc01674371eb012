package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/app/apptest"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// Bad input anywhere gets a clear answer, never a 500: every documented API
// operation is called with malformed bodies, wrong types, odd path values and
// nonsense query parameters, as an administrator and as a county user.
func TestNoServerErrorOnBadInput(t *testing.T) {
	s := apptest.Start(t, dbtest.Engines()[0])
	_, body := s.Anonymous(t).Get("/api/v1/openapi.json")
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	bodies := []string{"", "{", "[]", "null", `"text"`, `{"name": 5}`, `{"unknown_field": 1}`,
		`{"name":"` + strings.Repeat("长", 5000) + `"}`, `{"division_code":"99999999","uscc":"<script>alert(1)</script>"}`,
		`{"limit": -1}`, "{}{}"}
	pathValues := []string{"0", "-1", "99999999999999999999", "abc", "%00", "652327"}
	queries := []string{"", "?limit=abc&offset=-5", "?limit=100000", "?q=%25%5F%27%22", "?from=2024-13-45&to=yesterday", "?date=not-a-date&park_id=x"}
	for _, user := range []string{"admin", "jmse"} {
		c := s.Login(t, user)
		for path, ops := range doc.Paths {
			for method := range ops {
				m := strings.ToUpper(method)
				for _, pv := range pathValues {
					p := param.ReplaceAllString(path, url.PathEscape(pv))
					if m == http.MethodGet {
						for _, q := range queries {
							if res, b := c.JSON(m, p+q, ""); res.StatusCode >= 500 {
								t.Errorf("%s %s %s%s: %d %s", user, m, p, q, res.StatusCode, b)
							}
						}
						continue
					}
					for _, b := range bodies {
						if res, rb := c.JSON(m, p, b); res.StatusCode >= 500 {
							t.Errorf("%s %s %s body %.40q: %d %s", user, m, p, b, res.StatusCode, rb)
						}
					}
				}
			}
		}
	}
}
