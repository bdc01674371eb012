package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/app/apptest"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/auth"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// The OpenAPI document matches the routes actually mounted: every documented
// operation is served by exactly the pattern it documents, and the document
// lists every registry resource.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := apptest.Start(t, dbtest.Engines()[0])
	res, body := s.Anonymous(t).Get("/api/v1/openapi.json")
	if res.StatusCode != 200 {
		t.Fatalf("openapi: %d", res.StatusCode)
	}
	var doc struct {
		OpenAPI string                            `json:"openapi"`
		Paths   map[string]map[string]interface{} `json:"paths"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	param := regexp.MustCompile(`\{[^}]+\}`)
	n := 0
	for path, ops := range doc.Paths {
		for method := range ops {
			m := strings.ToUpper(method)
			req := httptest.NewRequest(m, param.ReplaceAllString(path, "1"), nil)
			if got, want := s.App.Server.RoutePattern(req), m+" "+path; got != want {
				t.Errorf("documented %s is served by %q", want, got)
			}
			n++
		}
	}
	for _, p := range []string{"/api/v1/divisions", "/api/v1/parks", "/api/v1/organisations", "/api/v1/taxonomies", "/api/v1/people", "/api/v1/users", "/api/v1/audit", "/api/v1/me"} {
		if _, ok := doc.Paths[p]; !ok {
			t.Errorf("%s is not documented", p)
		}
	}
	if n < 20 {
		t.Errorf("only %d operations documented", n)
	}
}

// Machines authenticate with API tokens; a token acts with its user's scope,
// and a revoked token is refused.
func TestAPITokenScopeAndRevocation(t *testing.T) {
	for _, e := range dbtest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			s := apptest.Start(t, e)
			sys := access.With(context.Background(), access.System("test"))
			users, _, err := s.App.Auth.ListUsers(sys, auth.UserFilter{Q: "jmse"})
			if err != nil || len(users) != 1 {
				t.Fatalf("find jmse: %v", err)
			}
			plain, tok, err := s.App.Auth.CreateToken(access.With(context.Background(), users[0].Principal()), users[0].ID, "gateway", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			res, body := s.Bearer(t, plain, "GET", "/api/v1/organisations", "")
			if res.StatusCode != 200 || !strings.Contains(body, usccKunlun) || strings.Contains(body, usccMulei) {
				t.Errorf("token list: %d %s", res.StatusCode, body)
			}
			// No CSRF token is needed with a bearer token; validation still applies.
			res, body = s.Bearer(t, plain, "POST", "/api/v1/organisations", `{"kind":"enterprise","name":"坏代码公司","uscc":"91652327MA78A1B03X","division_code":"652327"}`)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `"uscc"`) {
				t.Errorf("invalid credit code by token: %d %s", res.StatusCode, body)
			}
			res, body = s.Bearer(t, plain, "POST", "/api/v1/organisations", `{"kind":"enterprise",`)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("malformed JSON: %d %s", res.StatusCode, body)
			}
			if err := s.App.Auth.RevokeToken(access.With(context.Background(), users[0].Principal()), tok.ID); err != nil {
				t.Fatal(err)
			}
			if res, _ := s.Bearer(t, plain, "GET", "/api/v1/organisations", ""); res.StatusCode != http.StatusUnauthorized {
				t.Errorf("revoked token: %d", res.StatusCode)
			}
		})
	}
}
