package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
)

// Languages Bogda speaks; the first is the default.
const (
	LangZH = "zh-CN"
	LangEN = "en"
)

// Langs lists the supported languages, default first.
func Langs() []string { return []string{LangZH, LangEN} }

// Catalog holds every UI string, by language and key. Each component ships
// flat JSON files named after the language (zh-CN.json, en.json); keys are
// namespaced by component ("registry.org.name") so files never collide.
type Catalog struct {
	msgs map[string]map[string]string
}

// NewCatalog loads and merges the catalogs in each fs. A key defined twice,
// or present in one language and missing in another, is an error: the
// catalogs must stay complete in both languages.
func NewCatalog(sources ...fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]string{}}
	for _, lang := range Langs() {
		c.msgs[lang] = map[string]string{}
	}
	for _, src := range sources {
		for _, lang := range Langs() {
			b, err := fs.ReadFile(src, lang+".json")
			if err != nil {
				return nil, fmt.Errorf("catalog %s: %w", lang, err)
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("catalog %s: %w", lang, err)
			}
			for k, v := range m {
				if _, dup := c.msgs[lang][k]; dup {
					return nil, fmt.Errorf("catalog %s: key %q defined twice", lang, k)
				}
				c.msgs[lang][k] = v
			}
		}
	}
	for k := range c.msgs[LangZH] {
		if _, ok := c.msgs[LangEN][k]; !ok {
			return nil, fmt.Errorf("catalog: key %q has no English text", k)
		}
	}
	for k := range c.msgs[LangEN] {
		if _, ok := c.msgs[LangZH][k]; !ok {
			return nil, fmt.Errorf("catalog: key %q has no Chinese text", k)
		}
	}
	return c, nil
}

// T returns the message for key in lang, formatted with args (fmt verbs).
// A missing key shows as the key itself so that it is noticed, not hidden.
func (c *Catalog) T(lang, key string, args ...any) string {
	m, ok := c.msgs[lang]
	if !ok {
		m = c.msgs[LangZH]
	}
	s, ok := m[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether key exists.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[LangZH][key]; return ok }

// Keys returns every key, for tests that check templates and code use only
// known keys.
func (c *Catalog) Keys() []string {
	out := make([]string, 0, len(c.msgs[LangZH]))
	for k := range c.msgs[LangZH] {
		out = append(out, k)
	}
	return out
}

// NormalizeLang maps a requested language to a supported one.
func NormalizeLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "":
		return ""
	case strings.HasPrefix(s, "zh"):
		return LangZH
	case strings.HasPrefix(s, "en"):
		return LangEN
	}
	return ""
}

// langCookie remembers the choice of a visitor who is not signed in; signed-in
// users have it stored on their account.
const langCookie = "bogda_lang"

// RequestLang picks the language: the user's saved choice, else the cookie,
// else the browser's first supported language, else Chinese.
func RequestLang(r *http.Request, userLang string) string {
	if l := NormalizeLang(userLang); l != "" {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l := NormalizeLang(c.Value); l != "" {
			return l
		}
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(part, ";")
		if l := NormalizeLang(tag); l != "" {
			return l
		}
	}
	return LangZH
}
