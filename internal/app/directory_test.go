package app_test

import (
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/app/apptest"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
)

// Account and user pages name scopes from the registry: a county user's
// account says 吉木萨尔县, and the administrator's list names the
// enterprise user's company instead of its id.
func TestScopesAreNamed(t *testing.T) {
	s := apptest.Start(t, dbtest.Engines()[0])
	_, body := s.Login(t, "jmse").Get("/account")
	if !strings.Contains(body, `data-testid="account-scope">吉木萨尔县<`) {
		t.Errorf("account page does not name the county")
	}
	_, body = s.Login(t, "admin").Get("/admin/users?q=xiaochu")
	if !strings.Contains(body, "新疆笑厨食品有限公司") {
		t.Errorf("user list does not name the enterprise")
	}
}

// List pagers name their links for screen readers, in the page's language
// (the demo registers more organisations than one page holds).
func TestPagerLinksAreNamed(t *testing.T) {
	s := apptest.Start(t, dbtest.Engines()[0])
	_, body := s.Login(t, "admin").Get("/registry/orgs")
	if !strings.Contains(body, `rel="next" aria-label="下一页"`) {
		t.Errorf("next-page link has no name")
	}
}
