package registry

import (
	"net/http"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/web/webtest"
)

// Divisions import all or nothing, administrators only; a row may name as
// parent a division created by an earlier row. Codes: GB/T 2260 (652900
// 阿克苏地区, 652901 阿克苏市).
func TestImportDivisions(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		headers := []string{"行政区划代码", "区划名称", "级别", "上级区划"}
		before, _ := countRows(t, d, "registry_divisions")

		// County staff may not import reference data.
		w := s.Upload("/registry/divisions/import", "county:652327", webtest.Workbook(t, headers, []any{"652900", "阿克苏地区", "地级", "650000"}))
		webtest.WantStatus(t, w, http.StatusForbidden)

		// Row 3 has a five-digit code, row 4 a level that does not exist:
		// nothing is imported, not even the good row 2.
		w = s.Upload("/registry/divisions/import", "admin", webtest.Workbook(t, headers,
			[]any{"652900", "阿克苏地区", "地级", "650000"},
			[]any{"65290", "坏代码", "", ""},
			[]any{"652901", "阿克苏市", "乡级", "652900"},
		))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, `data-testid="xlsx-report"`,
			"<td class=\"num\">3</td><td>行政区划代码</td><td>"+s.ZH("registry.division.code_format"),
			"<td class=\"num\">4</td><td>级别</td><td>"+s.ZH("registry.division.level_invalid"))
		if n, _ := countRows(t, d, "registry_divisions"); n != before {
			t.Fatalf("%d divisions after a refused import, want %d", n, before)
		}

		// A good sheet in English: the city's parent comes from the row above.
		w = s.Upload("/registry/divisions/import", "admin", webtest.Workbook(t, []string{"Division code", "Name", "Level", "Parent division"},
			[]any{"652900", "阿克苏地区", "prefecture", "650000"},
			[]any{"652901", "阿克苏市", "county", "652900"},
		))
		webtest.WantStatus(t, w, http.StatusSeeOther)
		if n, _ := countRows(t, d, "registry_divisions"); n != before+2 {
			t.Fatalf("%d divisions after import, want %d", n, before+2)
		}
		got := must(s.f.svc.GetDivision(sysCtx(), "652901"))
		if got.ParentCode != "652900" || got.Level != "county" {
			t.Fatalf("imported %+v", got)
		}
	})
}

// Clusters import into existing taxonomy versions named by code and version
// (fixture: XJ-8 2022 八大产业集群 with clusters oil and coal); an unknown
// version or a code already used in that version refuses the whole sheet.
func TestImportClusters(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		s := newSite(t, d)
		headers := []string{"分类代码", "版本", "集群代码", "集群名称", "排序"}
		before, _ := countRows(t, d, "registry_clusters")

		w := s.Upload("/registry/clusters/import", "admin", webtest.Workbook(t, headers,
			[]any{"XJ-8", "2022", "mining", "绿色矿业", 3},
			[]any{"XJ-8", "2099", "grain", "粮油", 4},
			[]any{"XJ-8", "2022", "oil", "油气（重复）", 5},
		))
		webtest.WantStatus(t, w, http.StatusUnprocessableEntity)
		webtest.WantBody(t, w, "<td class=\"num\">3</td><td>分类代码</td><td>"+s.ZH("registry.taxonomy.unknown"))
		if n, _ := countRows(t, d, "registry_clusters"); n != before {
			t.Fatalf("%d clusters after a refused import, want %d", n, before)
		}

		w = s.Upload("/registry/clusters/import", "admin", webtest.Workbook(t, headers,
			[]any{"XJ-8", "2022", "mining", "绿色矿业", 3},
			[]any{"XJ-8", "2022", "grain", "粮油", 4},
		))
		webtest.WantStatus(t, w, http.StatusSeeOther)
		cls := must(s.f.svc.ListClusters(sysCtx(), s.f.tax.ID))
		if len(cls) != 4 || cls[2].Name != "绿色矿业" || cls[3].SortOrder != 4 {
			t.Fatalf("clusters after import: %+v", cls)
		}
		if w := s.Upload("/registry/clusters/import", "county:652327", webtest.Workbook(t, headers, []any{"XJ-8", "2022", "x", "x", 9})); w.Code != http.StatusForbidden {
			t.Fatalf("county import of clusters: %d", w.Code)
		}
	})
}
