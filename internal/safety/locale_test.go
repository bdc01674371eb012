package safety

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/web"
)

// Every catalog key the code names exists in both languages, every enum
// value has a label, and messages with arguments carry a verb for them.
func TestLocale(t *testing.T) {
	cat, err := web.NewCatalog(Locale(), web.Locale())
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	key := regexp.MustCompile(`"((?:safety|shell)\.[a-z_]+\.[a-z_.]*[a-z])"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range key.FindAllStringSubmatch(string(b), -1) {
			if !cat.Has(m[1]) {
				t.Errorf("%s: key %q missing from the catalog", f, m[1])
			}
		}
	}
	labels := map[string][]string{}
	for _, v := range Statuses() {
		labels["safety.status."] = append(labels["safety.status."], string(v))
	}
	for _, v := range Grades() {
		labels["safety.grade."] = append(labels["safety.grade."], string(v))
	}
	for _, v := range Sources() {
		labels["safety.source."] = append(labels["safety.source."], string(v))
	}
	for _, v := range Kinds() {
		labels["safety.kind."] = append(labels["safety.kind."], string(v))
	}
	for _, v := range ListingLevels() {
		labels["safety.listing."] = append(labels["safety.listing."], string(v))
	}
	for _, v := range ActionKinds() {
		labels["safety.action_kind."] = append(labels["safety.action_kind."], string(v))
	}
	for _, v := range AccidentGrades() {
		labels["safety.accident."] = append(labels["safety.accident."], string(v))
	}
	for prefix, vals := range labels {
		for _, v := range vals {
			if !cat.Has(prefix + v) {
				t.Errorf("no label %s%s", prefix, v)
			}
		}
	}
	for k, want := range map[string]string{"safety.file.too_large": "10", "safety.credit.too_early": "2025-03-01"} {
		if got := cat.T(web.LangEN, k, want); !regexp.MustCompile(want).MatchString(got) {
			t.Errorf("%s with %s = %q", k, want, got)
		}
	}
}
