package xlsx_test

import (
	"encoding/json"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

// importPage is the Data shape the partials document.
type importPage struct {
	Report *xlsx.Report
}

func renderer(t *testing.T) *web.Renderer {
	t.Helper()
	cat, err := web.NewCatalog(web.Locale(), xlsx.Locale())
	if err != nil {
		t.Fatalf("catalogs: %v", err)
	}
	assets, err := web.NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	// A domain's import page, including the shared partials as documented.
	page := fstest.MapFS{"import.html": {Data: []byte(
		`{{define "content"}}{{template "xlsx-import-form" .}}{{template "xlsx-report" .}}{{end}}`)}}
	rd, err := web.NewRenderer(cat, assets, nil, slog.New(slog.DiscardHandler),
		web.TemplateSet{Component: "xlsx", FS: xlsx.Templates(), Shared: true},
		web.TemplateSet{Component: "demo", FS: page})
	if err != nil {
		t.Fatalf("renderer: %v", err)
	}
	return rd
}

func TestImportTemplates(t *testing.T) {
	rd := renderer(t)
	rep := &xlsx.Report{Rows: 12}
	rep.Add(3, "企业名称", "xlsx.missing_column", "名称<b>")
	rep.Add(9, "", "xlsx.too_many_rows", 100)
	cases := []struct {
		name   string
		lang   string
		page   web.Page
		want   []string
		absent []string
	}{
		{
			name: "empty form",
			lang: "zh-CN",
			page: web.Page{Name: "demo/import", Title: "xlsx.upload.submit", Data: importPage{}},
			want: []string{`enctype="multipart/form-data"`, `name="csrf"`, `type="file"`, `name="file"`, `accept=".xlsx"`,
				"仅支持 .xlsx 格式", `data-testid="xlsx-import-submit"`},
			absent: []string{"xlsx-report", "aria-invalid"},
		},
		{
			name: "file refused",
			lang: "zh-CN",
			page: web.Page{Name: "demo/import", Title: "xlsx.upload.submit", Status: 422,
				Errors: errs.Invalid("file", "xlsx.too_large", 5.0).(*errs.Validation), Data: importPage{}},
			want: []string{`class="field required invalid"`, "不能超过 5 MB", `aria-invalid="true"`},
		},
		{
			name: "report in Chinese",
			lang: "zh-CN",
			page: web.Page{Name: "demo/import", Title: "xlsx.upload.submit", Status: 422, Data: importPage{Report: rep}},
			want: []string{`data-testid="xlsx-report"`, "导入失败，未导入任何数据", "共 2 处错误（文件共 12 行数据）",
				"<td class=\"num\">3</td><td>企业名称</td>", "缺少必需的列：名称&lt;b&gt;", "每次最多导入 100 行"},
			absent: []string{"名称<b>"},
		},
		{
			name: "report in English",
			lang: "en",
			page: web.Page{Name: "demo/import", Title: "xlsx.upload.submit", Status: 422, Data: importPage{Report: rep}},
			want: []string{"nothing was imported", "2 error(s)", "A required column is missing", "at most 100 rows"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/demo/import", nil)
			r.Header.Set("Accept-Language", c.lang)
			w := httptest.NewRecorder()
			rd.Render(w, r, c.page)
			body := w.Body.String()
			if w.Code >= 500 {
				t.Fatalf("status %d: %s", w.Code, body)
			}
			for _, s := range c.want {
				if !strings.Contains(body, s) {
					t.Errorf("page lacks %q", s)
				}
			}
			for _, s := range c.absent {
				if strings.Contains(body, s) {
					t.Errorf("page has %q", s)
				}
			}
		})
	}
}

// TestCatalogKeys checks that every "xlsx.*" key the code and templates use
// exists in both languages, and that no key is left unused.
func TestCatalogKeys(t *testing.T) {
	used := map[string]bool{}
	keyRE := regexp.MustCompile(`"(xlsx\.[a-z_.]+)"`)
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	tmpl, err := fs.ReadFile(xlsx.Templates(), "_import.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range keyRE.FindAllStringSubmatch(string(tmpl), -1) {
		used[m[1]] = true
	}
	for _, lang := range web.Langs() {
		b, err := fs.ReadFile(xlsx.Locale(), lang+".json")
		if err != nil {
			t.Fatal(err)
		}
		var msgs map[string]string
		if err := json.Unmarshal(b, &msgs); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		for k := range used {
			if msgs[k] == "" {
				t.Errorf("%s: key %q is used but has no text", lang, k)
			}
		}
		for k := range msgs {
			if !used[k] {
				t.Errorf("%s: key %q is never used", lang, k)
			}
			if !strings.HasPrefix(k, "xlsx.") {
				t.Errorf("%s: key %q lacks the xlsx. prefix", lang, k)
			}
		}
	}
	// The keys the brief names must all be there.
	for _, k := range []string{"xlsx.too_large", "xlsx.corrupt", "xlsx.too_many_rows", "xlsx.empty", "xlsx.missing_column",
		"xlsx.report.title", "xlsx.report.row", "xlsx.report.column", "xlsx.report.message",
		"xlsx.upload.label", "xlsx.upload.hint", "xlsx.upload.submit"} {
		if !used[k] {
			t.Errorf("key %q is not used", k)
		}
	}
}

// TestTemplatesHaveNoLiteralText: every visible string comes from the
// catalog.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	b, err := fs.ReadFile(xlsx.Templates(), "_import.html")
	if err != nil {
		t.Fatal(err)
	}
	s := regexp.MustCompile(`(?s)\{\{/\*.*?\*/\}\}`).ReplaceAllString(string(b), "")
	s = regexp.MustCompile(`(?s)\{\{.*?\}\}`).ReplaceAllString(s, "")
	s = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(s, "")
	if text := strings.Join(strings.Fields(s), " "); text != "" {
		t.Errorf("literal text in template: %q", text)
	}
	names, _ := fs.Glob(xlsx.Templates(), "*.html")
	if !slices.Equal(names, []string{"_import.html"}) {
		t.Errorf("templates = %q: only partials belong here (they are shared)", names)
	}
}
