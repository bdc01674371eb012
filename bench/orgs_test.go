package bench

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/registry"
)

// orgSizes are the registry sizes measured: 10k is a generous prefecture
// (Changji has on the order of ten thousand registered enterprises), 100k
// a province-wide registry.
var orgSizes = []int{10_000, 100_000}

// rareOrg is the generated organisation searched for by its full name.
const rareOrg = 4321

// listCase is one way of opening the organisation list.
type listCase struct {
	name   string
	county bool // as the 吉木萨尔县 (652327) local_staff user instead of the prefecture admin
	f      registry.OrgFilter
}

func listCases() []listCase {
	return []listCase{
		{name: "admin/first", f: registry.OrgFilter{}},
		{name: "admin/q-common", f: registry.OrgFilter{Q: "食品"}},           // one organisation in eight
		{name: "admin/q-rare", f: registry.OrgFilter{Q: orgName(rareOrg)}}, // exactly one
		{name: "admin/county", f: registry.OrgFilter{DivisionCode: "652327"}},
		{name: "county/first", county: true, f: registry.OrgFilter{}},
		{name: "county/q-common", county: true, f: registry.OrgFilter{Q: "食品"}},
		{name: "admin/page-100", f: registry.OrgFilter{Offset: 100 * 50}}, // deep paging
	}
}

// query is the list page's URL for the filter, as its filter form builds it.
func (c listCase) query() string {
	v := url.Values{}
	if c.f.Q != "" {
		v.Set("q", c.f.Q)
	}
	if c.f.DivisionCode != "" {
		v.Set("division_code", c.f.DivisionCode)
	}
	if c.f.Offset != 0 {
		v.Set("offset", fmt.Sprint(c.f.Offset))
	}
	if len(v) == 0 {
		return "/registry/orgs"
	}
	return "/registry/orgs?" + v.Encode()
}

// BenchmarkOrgs measures the organisation list (service and HTTP page) and
// the Excel export on each engine at 10k and then 100k organisations (the
// same database grown in place, so the two sizes differ only in rows).
func BenchmarkOrgs(b *testing.B) {
	// The same role and scope as the demo users admin and jmse, whose
	// sessions the HTTP cases use.
	admin := access.With(context.Background(), &access.Principal{UserID: 1, Username: "admin", Role: access.RoleAdmin})
	county := access.With(context.Background(), &access.Principal{UserID: 6, Username: "jmse", Role: access.RoleLocalStaff,
		Scope: access.Scope{Division: "652327"}})
	for _, e := range dbtest.Engines() {
		b.Run(e.Name, func(b *testing.B) {
			s := openSite(b, e)
			adminCookie, countyCookie := s.session(b, "admin"), s.session(b, "jmse")
			seeded := 0
			for _, n := range orgSizes {
				seedOrgs(b, s.app.DB, seeded, n)
				seeded = n
				b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
					for _, c := range listCases() {
						ctx := admin
						if c.county {
							ctx = county
						}
						b.Run("service/"+c.name, func(b *testing.B) {
							b.ReportAllocs()
							var total int
							for b.Loop() {
								items, t, err := s.app.Registry.ListOrganisations(ctx, c.f)
								if err != nil {
									b.Fatal(err)
								}
								if len(items) == 0 {
									b.Fatalf("%s: empty page of %d", c.name, t)
								}
								total = t
							}
							b.ReportMetric(float64(total), "matches")
						})
					}
					for _, c := range listCases() {
						cookie := adminCookie
						if c.county {
							cookie = countyCookie
						}
						b.Run("http/"+c.name, func(b *testing.B) {
							b.ReportAllocs()
							size := 0
							for b.Loop() {
								size = s.get(b, c.query(), cookie)
							}
							b.ReportMetric(float64(size)/1024, "page-KiB")
						})
					}
					// The query half of the admin export alone: every row the
					// export reads, materialised as the handler does, so that the
					// export's cost splits into database and workbook.
					b.Run("export/admin/query-only", func(b *testing.B) {
						b.ReportAllocs()
						heap := startPeakHeap()
						for b.Loop() {
							items, _, err := s.app.Registry.ListOrganisations(admin, registry.OrgFilter{Limit: -1})
							if err != nil || len(items) < n {
								b.Fatalf("export query: %d rows, %v", len(items), err)
							}
						}
						heap.report(b)
					})
					exports := []struct {
						name   string
						path   string
						county bool
					}{
						{"admin/all", "/registry/orgs/export.xlsx", false},
						{"county/all", "/registry/orgs/export.xlsx", true},
					}
					for _, x := range exports {
						cookie := adminCookie
						if x.county {
							cookie = countyCookie
						}
						b.Run("export/"+x.name, func(b *testing.B) {
							b.ReportAllocs()
							heap := startPeakHeap()
							size := 0
							for b.Loop() {
								size = s.get(b, x.path, cookie)
							}
							heap.report(b)
							b.ReportMetric(float64(size)/(1<<20), "xlsx-MB")
						})
					}
				})
			}
		})
	}
}
