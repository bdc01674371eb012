package app_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/app/apptest"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/changji-gov/bogda/internal/registry"
)

// Demo credit codes (internal/demo/changji.go).
const (
	usccKunlun  = "91652327MA78A1B03C" // 昆仑天泽, 吉木萨尔县 652327
	usccMulei   = "91652328MA79K2M349" // 木垒 wind company, 木垒县 652328
	usccXiaochu = "91652301MA77XC0F1H" // 笑厨, 昌吉市 652301
)

func orgID(t *testing.T, s *apptest.Site, uscc string) int64 {
	t.Helper()
	o, err := s.App.Registry.FindOrganisationByUSCC(access.With(context.Background(), access.System("test")), uscc)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// A 吉木萨尔县 user can neither read nor change a 木垒县 record by page, API
// or export; an enterprise user sees only its own organisation. Run on both
// engines through the whole stack: real login, real session, real store.
func TestCountyScopeHoldsEverywhere(t *testing.T) {
	for _, e := range dbtest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			s := apptest.Start(t, e)
			mulei, kunlun := orgID(t, s, usccMulei), orgID(t, s, usccKunlun)
			c := s.Login(t, "jmse") // local_staff, 652327

			// Page: own county's record opens, the other county's is "not found".
			if res, _ := c.Get(fmt.Sprintf("/registry/orgs/%d", kunlun)); res.StatusCode != http.StatusOK {
				t.Errorf("own county org page: %d", res.StatusCode)
			}
			if res, body := c.Get(fmt.Sprintf("/registry/orgs/%d", mulei)); res.StatusCode != http.StatusNotFound || strings.Contains(body, "木垒县风光") {
				t.Errorf("other county org page: %d", res.StatusCode)
			}
			// List page and API list hold only 652327 records.
			_, body := c.Get("/registry/orgs")
			if !strings.Contains(body, "昆仑天泽") || strings.Contains(body, "木垒县风光") || strings.Contains(body, "笑厨") {
				t.Errorf("org list leaks or misses records")
			}
			res, body := c.JSON("GET", "/api/v1/organisations?limit=500", "")
			if res.StatusCode != 200 || !strings.Contains(body, usccKunlun) || strings.Contains(body, usccMulei) {
				t.Errorf("API list: %d %s", res.StatusCode, body)
			}
			if res, _ := c.JSON("GET", fmt.Sprintf("/api/v1/organisations/%d", mulei), ""); res.StatusCode != http.StatusNotFound {
				t.Errorf("API get other county: %d", res.StatusCode)
			}
			// Change attempts by form and by API change nothing.
			res, _ = c.PostForm(fmt.Sprintf("/registry/orgs/%d", mulei), url.Values{"kind": {"enterprise"}, "name": {"篡改"}, "uscc": {usccMulei}, "division_code": {"652328"}})
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("form update of other county: %d", res.StatusCode)
			}
			res, _ = c.JSON("PATCH", fmt.Sprintf("/api/v1/organisations/%d", mulei), `{"name":"篡改"}`)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("API update of other county: %d", res.StatusCode)
			}
			res, _ = c.JSON("DELETE", fmt.Sprintf("/api/v1/organisations/%d", mulei), "")
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("API delete of other county: %d", res.StatusCode)
			}
			// Nor can the user create a record in another county.
			res, _ = c.JSON("POST", "/api/v1/organisations", `{"kind":"enterprise","name":"越界公司","uscc":"91652328MA79K2M349","division_code":"652328"}`)
			if res.StatusCode < 400 || res.StatusCode >= 500 {
				t.Errorf("create in other county: %d", res.StatusCode)
			}
			admin := s.Login(t, "admin")
			if _, body := admin.Get(fmt.Sprintf("/registry/orgs/%d", mulei)); strings.Contains(body, "篡改") || !strings.Contains(body, "木垒县风光") {
				t.Errorf("other county's record changed")
			}
			// Export holds only the county's records.
			res, body = c.Get("/registry/orgs/export.xlsx")
			if res.StatusCode != 200 {
				t.Fatalf("export: %d", res.StatusCode)
			}
			sheet, err := xlsx.Read(bytes.NewReader([]byte(body)), xlsx.DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			if flat := fmt.Sprint(sheet.Rows); !strings.Contains(flat, usccKunlun) || strings.Contains(flat, usccMulei) || strings.Contains(flat, usccXiaochu) {
				t.Errorf("export rows: %v", sheet.Rows)
			}
		})
	}
}

func TestEnterpriseUserSeesOnlyItself(t *testing.T) {
	for _, e := range dbtest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			s := apptest.Start(t, e)
			own, other := orgID(t, s, usccXiaochu), orgID(t, s, usccKunlun)
			c := s.Login(t, "xiaochu")
			res, body := c.JSON("GET", "/api/v1/organisations", "")
			if res.StatusCode != 200 || !strings.Contains(body, usccXiaochu) || strings.Contains(body, usccKunlun) || !strings.Contains(body, `"total":1`) {
				t.Errorf("enterprise list: %d %s", res.StatusCode, body)
			}
			res, body = c.Get(fmt.Sprintf("/registry/orgs/%d", own))
			if res.StatusCode != 200 {
				t.Errorf("own org: %d", res.StatusCode)
			}
			// Enterprise users cannot open parks, so their park is named, not linked.
			if !strings.Contains(body, "昌吉国家农业高新技术产业示范区") || strings.Contains(body, `href="/registry/parks/`) {
				t.Errorf("own org page links to a park the user cannot open")
			}
			if res, _ := c.Get(fmt.Sprintf("/registry/orgs/%d", other)); res.StatusCode != 404 {
				t.Errorf("other org: %d", res.StatusCode)
			}
			// Enterprise users read their record; they do not edit the registry.
			if res, _ := c.JSON("PATCH", fmt.Sprintf("/api/v1/organisations/%d", own), `{"name":"x"}`); res.StatusCode != 403 {
				t.Errorf("enterprise edit: %d", res.StatusCode)
			}
			if res, _ := c.Get("/audit"); res.StatusCode != 403 {
				t.Errorf("enterprise audit page: %d", res.StatusCode)
			}
		})
	}
}

// A form post without the CSRF token is refused and changes nothing.
func TestCSRFRequiredOnForms(t *testing.T) {
	s := apptest.Start(t, dbtest.Engines()[0])
	c := s.Login(t, "admin")
	before, _, _ := s.App.Registry.ListOrganisations(access.With(context.Background(), access.System("t")), registry.OrgFilter{Limit: -1})
	res, _ := c.PostForm("/registry/orgs/new", url.Values{"csrf": {"forged"}, "kind": {"enterprise"}, "name": {"伪造公司"}, "uscc": {"91652301MA77Q8H45F"}, "division_code": {"652301"}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("forged token: %d", res.StatusCode)
	}
	req, _ := http.NewRequest("POST", s.URL+"/api/v1/organisations", strings.NewReader(`{"kind":"enterprise","name":"伪造公司","uscc":"91652301MA77Q8H45F","division_code":"652301"}`))
	req.Header.Set("Content-Type", "application/json")
	if res, _ := c.Do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("session JSON without token: %d", res.StatusCode)
	}
	after, _, _ := s.App.Registry.ListOrganisations(access.With(context.Background(), access.System("t")), registry.OrgFilter{Limit: -1})
	if len(after) != len(before) {
		t.Errorf("organisations changed: %d → %d", len(before), len(after))
	}
}
