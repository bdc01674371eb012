package registry

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// TestScopingMatrix: a 吉木萨尔县 (652327) local-staff user works on its own
// county's parks, organisations and people and cannot list, get, update,
// delete, export or create anything of 木垒县 (652328); an enterprise user
// sees only its own organisation and writes nothing; no principal, nothing.
func TestScopingMatrix(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		s := f.svc
		j := countyCtx("652327")

		t.Run("county lists only its own", func(t *testing.T) {
			parks, n, err := s.ListParks(j, ParkFilter{})
			if err != nil || n != 1 || len(parks) != 1 || parks[0].ID != f.parkJ.ID {
				t.Fatalf("parks = %v, %d, %v", parks, n, err)
			}
			orgs, n, err := s.ListOrganisations(j, OrgFilter{})
			if err != nil || n != 1 || len(orgs) != 1 || orgs[0].ID != f.orgJ.ID {
				t.Fatalf("orgs = %v, %d, %v", orgs, n, err)
			}
			people, n, err := s.ListPeople(j, PersonFilter{})
			if err != nil || n != 1 || people[0].ID != f.personJ.ID {
				t.Fatalf("people = %v, %d, %v", people, n, err)
			}
			// A filter naming the other county finds nothing rather than
			// widening the scope.
			orgs, n, err = s.ListOrganisations(j, OrgFilter{DivisionCode: "652328"})
			if err != nil || n != 0 || len(orgs) != 0 {
				t.Fatalf("orgs of 652328 = %v, %d, %v", orgs, n, err)
			}
			// Export uses the same list with every row.
			orgs, _, err = s.ListOrganisations(j, OrgFilter{Limit: -1})
			if err != nil || len(orgs) != 1 || orgs[0].ID != f.orgJ.ID {
				t.Fatalf("export rows = %v, %v", orgs, err)
			}
		})
		t.Run("county cannot get the other county's records", func(t *testing.T) {
			_, err := s.GetOrganisation(j, f.orgM.ID)
			wantIs(t, err, errs.ErrNotFound)
			_, err = s.GetPark(j, f.parkM.ID)
			wantIs(t, err, errs.ErrNotFound)
			_, err = s.GetPerson(j, f.personM.ID)
			wantIs(t, err, errs.ErrNotFound)
			_, err = s.FindOrganisationByUSCC(j, usccM)
			wantIs(t, err, errs.ErrNotFound)
			if o, err := s.GetOrganisation(j, f.orgJ.ID); err != nil || o.Name != f.orgJ.Name {
				t.Fatalf("own org: %v, %v", o, err)
			}
		})
		t.Run("county cannot update or delete the other county's records", func(t *testing.T) {
			in := f.orgM.Input()
			in.Name = "改名"
			_, err := s.UpdateOrganisation(j, f.orgM.ID, in)
			wantIs(t, err, errs.ErrNotFound)
			wantIs(t, s.DeleteOrganisation(j, f.orgM.ID), errs.ErrNotFound)
			_, err = s.UpdatePark(j, f.parkM.ID, f.parkM.Input())
			wantIs(t, err, errs.ErrNotFound)
			wantIs(t, s.DeletePark(j, f.parkM.ID), errs.ErrNotFound)
			_, err = s.UpdatePerson(j, f.personM.ID, f.personM.Input())
			wantIs(t, err, errs.ErrNotFound)
			wantIs(t, s.DeletePerson(j, f.personM.ID), errs.ErrNotFound)
			// Nothing changed.
			o := must(s.GetOrganisation(sysCtx(), f.orgM.ID))
			if o.Name != f.orgM.Name {
				t.Fatalf("org of 652328 renamed to %q", o.Name)
			}
		})
		t.Run("county cannot create or move records into the other county", func(t *testing.T) {
			_, err := s.CreateOrganisation(j, OrgInput{Kind: "enterprise", Name: "越界公司", USCC: usccX, DivisionCode: "652328"})
			wantValidation(t, err, "division_code", keyDivisionOutside)
			_, err = s.CreatePark(j, ParkInput{Name: "越界园区", Level: "regional", Kind: "industrial", DivisionCode: "652328"})
			wantValidation(t, err, "division_code", keyDivisionOutside)
			_, err = s.CreatePerson(j, PersonInput{Name: "越界", DivisionCode: "652328"})
			wantValidation(t, err, "division_code", keyDivisionOutside)
			// Nor into the prefecture above its county.
			_, err = s.CreatePerson(j, PersonInput{Name: "越界", DivisionCode: "652300"})
			wantValidation(t, err, "division_code", keyDivisionOutside)
			// Moving its own organisation out.
			in := f.orgJ.Input()
			in.DivisionCode = "652328"
			_, err = s.UpdateOrganisation(j, f.orgJ.ID, in)
			wantValidation(t, err, "division_code", keyDivisionOutside)
			// The other county's park is unknown to it.
			in = f.orgJ.Input()
			in.ParkID = f.parkM.ID
			_, err = s.UpdateOrganisation(j, f.orgJ.ID, in)
			wantValidation(t, err, "park_id", keyParkUnknown)
			// A person attached to the other county's organisation.
			_, err = s.CreatePerson(j, PersonInput{Name: "越界", OrgID: f.orgM.ID, DivisionCode: "652327"})
			wantValidation(t, err, "org_id", keyOrgUnknown)
			// The store refuses on its own too, whatever the service checked.
			err = d.Tx(j, func(c db.Conn) error {
				_, err := insertOrg(j, c, Organisation{Kind: OrgEnterprise, Name: "直写", DivisionCode: "652328"})
				return err
			})
			wantIs(t, err, access.ErrForbidden)
			n, _ := countRows(t, d, "registry_orgs")
			if n != 2 {
				t.Fatalf("%d organisations after refused creates, want 2", n)
			}
		})
		t.Run("county works in its own county", func(t *testing.T) {
			o, err := s.CreateOrganisation(j, OrgInput{Kind: "enterprise", Name: "吉木萨尔新公司", USCC: usccX, DivisionCode: "652327", ParkID: f.parkJ.ID})
			if err != nil {
				t.Fatal(err)
			}
			in := o.Input()
			in.Phone = "0994-1234567"
			if _, err := s.UpdateOrganisation(j, o.ID, in); err != nil {
				t.Fatal(err)
			}
			if err := s.DeleteOrganisation(j, o.ID); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("enterprise sees only itself and writes nothing", func(t *testing.T) {
			e := enterpriseCtx(f.orgJ.ID)
			orgs, n, err := s.ListOrganisations(e, OrgFilter{})
			if err != nil || n != 1 || orgs[0].ID != f.orgJ.ID {
				t.Fatalf("orgs = %v, %d, %v", orgs, n, err)
			}
			if o, err := s.GetOrganisation(e, f.orgJ.ID); err != nil || o.ParkName != f.parkJ.Name {
				t.Fatalf("own org = %+v, %v", o, err)
			}
			_, err = s.GetOrganisation(e, f.orgM.ID)
			wantIs(t, err, errs.ErrNotFound)
			people, _, err := s.ListPeople(e, PersonFilter{})
			if err != nil || len(people) != 1 || people[0].ID != f.personJ.ID {
				t.Fatalf("people = %v, %v", people, err)
			}
			parks, n, err := s.ListParks(e, ParkFilter{})
			if err != nil || n != 0 || len(parks) != 0 {
				t.Fatalf("parks = %v, %d, %v", parks, n, err)
			}
			_, err = s.UpdateOrganisation(e, f.orgJ.ID, f.orgJ.Input())
			wantIs(t, err, access.ErrForbidden)
			wantIs(t, s.DeleteOrganisation(e, f.orgJ.ID), access.ErrForbidden)
			_, err = s.CreatePerson(e, PersonInput{Name: "x", OrgID: f.orgJ.ID})
			wantIs(t, err, access.ErrForbidden)
			c := must(s.Counts(e))
			if c.Organisations != 1 || c.Parks != 0 || c.People != 1 {
				t.Fatalf("counts = %+v", c)
			}
		})
		t.Run("no principal", func(t *testing.T) {
			ctx := context.Background()
			_, _, err := s.ListOrganisations(ctx, OrgFilter{})
			wantIs(t, err, access.ErrNoPrincipal)
			_, err = s.GetPark(ctx, f.parkJ.ID)
			wantIs(t, err, access.ErrNoPrincipal)
			_, _, err = s.ListPeople(ctx, PersonFilter{})
			wantIs(t, err, access.ErrNoPrincipal)
			_, _, err = s.ListDivisions(ctx, DivisionFilter{})
			wantIs(t, err, access.ErrNoPrincipal)
			_, err = s.CreateOrganisation(ctx, OrgInput{Kind: "government", Name: "x", DivisionCode: "652327"})
			wantIs(t, err, access.ErrNoPrincipal)
			_, err = s.Counts(ctx)
			wantIs(t, err, access.ErrNoPrincipal)
		})
		t.Run("reference data: everyone reads, only the administrator writes", func(t *testing.T) {
			divs, n, err := s.ListDivisions(j, DivisionFilter{})
			if err != nil || n != 5 || len(divs) != 5 {
				t.Fatalf("divisions = %d, %v", n, err)
			}
			if _, err := s.GetTaxonomy(enterpriseCtx(f.orgJ.ID), f.tax.ID); err != nil {
				t.Fatal(err)
			}
			_, err = s.CreateDivision(bureauCtx(), DivisionInput{Code: "652323", Name: "呼图壁县"})
			wantIs(t, err, access.ErrForbidden)
			_, err = s.CreateTaxonomy(j, TaxonomyInput{Code: "x", Version: "1", Name: "x", EffectiveFrom: "2023-01-01"})
			wantIs(t, err, access.ErrForbidden)
			_, err = s.CreateCluster(bureauCtx(), f.tax.ID, ClusterInput{Code: "x", Name: "x"})
			wantIs(t, err, access.ErrForbidden)
			wantIs(t, s.DeleteDivision(j, "652328"), access.ErrForbidden)
		})
		t.Run("prefecture-wide bureau sees everything", func(t *testing.T) {
			_, n, err := s.ListOrganisations(bureauCtx(), OrgFilter{})
			if err != nil || n != 2 {
				t.Fatalf("orgs %d, %v", n, err)
			}
		})
	})
}

func countRows(t *testing.T, d *db.DB, table string) (int, error) {
	t.Helper()
	var n int
	err := d.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n, err
}

// TestAuditTrail: each change is recorded in the same transaction with the
// record before and after it, placed in the record's county.
func TestAuditTrail(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		in := f.orgJ.Input()
		in.Phone = "0994-7654321"
		if _, err := f.svc.UpdateOrganisation(ctx, f.orgJ.ID, in); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeletePerson(ctx, f.personM.ID); err != nil {
			t.Fatal(err)
		}
		recs, _, err := audit.List(ctx, d.Read(), audit.Filter{ObjectType: ObjectOrganisation, ObjectID: idStr(f.orgJ.ID)})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0].Action != audit.ActionUpdate || recs[1].Action != audit.ActionCreate {
			t.Fatalf("records = %+v", recs)
		}
		up := recs[0]
		var before, after Organisation
		if err := json.Unmarshal([]byte(up.Before), &before); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(up.After), &after); err != nil {
			t.Fatal(err)
		}
		if before.Phone != "" || after.Phone != "0994-7654321" || up.Division != "652327" || up.Actor != "system" {
			t.Fatalf("update record: before %q after %q division %q actor %q", before.Phone, after.Phone, up.Division, up.Actor)
		}
		if len(after.Clusters) != 1 || after.Clusters[0].ID != f.clA.ID {
			t.Fatalf("cluster tags not in the snapshot: %+v", after.Clusters)
		}
		if recs[1].Before != "" || recs[1].After == "" {
			t.Fatalf("create record: before %q after %q", recs[1].Before, recs[1].After)
		}
		del, _, err := audit.List(ctx, d.Read(), audit.Filter{ObjectType: ObjectPerson, ObjectID: idStr(f.personM.ID)})
		if err != nil || len(del) != 2 || del[0].Action != audit.ActionDelete || del[0].After != "" || del[0].Before == "" || del[0].Division != "652328" {
			t.Fatalf("delete record: %+v, %v", del, err)
		}
		if _, brk, err := audit.Verify(ctx, d.Read()); err != nil || brk != nil {
			t.Fatalf("chain: %v %v", brk, err)
		}
	})
}

// TestDuplicatesAreValidationErrors: every unique key answers with a
// validation error naming the field, and the database is left as it was.
func TestDuplicatesAreValidationErrors(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		orgs, _ := countRows(t, d, "registry_orgs")
		trail, _ := countRows(t, d, "audit_log")

		// The same credit code typed in lower case is the same code.
		_, err := f.svc.CreateOrganisation(ctx, OrgInput{Kind: "enterprise", Name: "重复公司", USCC: "91350100m000100y43", DivisionCode: "652327"})
		wantValidation(t, err, "uscc", keyUSCCDuplicate)
		in := f.orgM.Input()
		in.USCC = usccJ
		_, err = f.svc.UpdateOrganisation(ctx, f.orgM.ID, in)
		wantValidation(t, err, "uscc", keyUSCCDuplicate)
		_, err = f.svc.CreatePark(ctx, ParkInput{Name: f.parkJ.Name, Level: "regional", Kind: "industrial", DivisionCode: "652327"})
		wantValidation(t, err, "name", keyParkDuplicate)
		_, err = f.svc.CreateDivision(ctx, DivisionInput{Code: "652327", Name: "again"})
		wantValidation(t, err, "code", keyDivisionDuplicate)
		_, err = f.svc.CreateTaxonomy(ctx, TaxonomyInput{Code: "XJ-8", Version: "2022", Name: "again", EffectiveFrom: "2023-01-01"})
		wantValidation(t, err, "version", keyTaxonomyDuplicate)
		_, err = f.svc.CreateCluster(ctx, f.tax.ID, ClusterInput{Code: "oil", Name: "again"})
		wantValidation(t, err, "code", keyClusterDuplicate)
		// AddClusters is all or nothing: the good first cluster is not kept.
		_, err = f.svc.AddClusters(ctx, f.tax.ID, []ClusterInput{{Code: "new", Name: "新"}, {Code: "coal", Name: "again"}})
		wantValidation(t, err, "clusters[1].code", keyClusterDuplicate)
		if cl := must(f.svc.ListClusters(ctx, f.tax.ID)); len(cl) != 2 {
			t.Fatalf("%d clusters after a refused batch, want 2", len(cl))
		}
		// An invalid credit code is refused before any duplicate check.
		_, err = f.svc.CreateOrganisation(ctx, OrgInput{Kind: "enterprise", Name: "坏代码", USCC: "91350100M000100Y44", DivisionCode: "652327"})
		wantValidation(t, err, "uscc", USCCCheck)

		if n, _ := countRows(t, d, "registry_orgs"); n != orgs {
			t.Fatalf("organisations %d → %d", orgs, n)
		}
		if n, _ := countRows(t, d, "audit_log"); n != trail {
			t.Fatalf("audit records %d → %d after refused changes", trail, n)
		}
	})
}

func TestReferencesAndDeletes(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		_, err := f.svc.CreateOrganisation(ctx, OrgInput{Kind: "government", Name: "无此县", DivisionCode: "652399"})
		wantValidation(t, err, "division_code", keyDivisionUnknown)
		_, err = f.svc.CreateOrganisation(ctx, OrgInput{Kind: "government", Name: "无此集群", DivisionCode: "652327", ClusterIDs: []int64{f.clB.ID, 99999}})
		wantValidation(t, err, "cluster_ids", keyClusterUnknown)
		_, err = f.svc.CreateOrganisation(ctx, OrgInput{Kind: "government", Name: "无此园区", DivisionCode: "652327", ParkID: 99999})
		wantValidation(t, err, "park_id", keyParkUnknown)
		_, err = f.svc.CreateDivision(ctx, DivisionInput{Code: "652401", Name: "伊宁市", ParentCode: "652400"})
		wantValidation(t, err, "parent_code", "registry.division.parent_unknown")

		// Referenced records are not deleted, and say why.
		wantValidation(t, f.svc.DeletePark(ctx, f.parkJ.ID), "id", keyInUse)
		wantValidation(t, f.svc.DeleteDivision(ctx, "652327"), "id", keyInUse)
		wantValidation(t, f.svc.DeleteOrganisation(ctx, f.orgJ.ID), "id", keyInUse) // 李明 works there
		wantValidation(t, f.svc.DeleteCluster(ctx, f.clA.ID), "id", keyInUse)       // orgJ is tagged
		wantValidation(t, f.svc.DeleteTaxonomy(ctx, f.tax.ID), "id", keyInUse)
		// Unreferenced ones are.
		if err := f.svc.DeleteCluster(ctx, f.clB.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeletePerson(ctx, f.personJ.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteOrganisation(ctx, f.orgJ.ID); err != nil {
			t.Fatal(err)
		}
		if n, _ := countRows(t, d, "registry_org_clusters"); n != 0 {
			t.Fatalf("%d cluster tags left after deleting the tagged organisation", n)
		}
		wantIs(t, f.svc.DeleteOrganisation(ctx, f.orgJ.ID), errs.ErrNotFound)
		if err := f.svc.DeleteTaxonomy(ctx, f.tax.ID); err != nil {
			t.Fatal(err)
		}

		// A person with an organisation and no division takes the organisation's.
		p := must(f.svc.CreatePerson(ctx, PersonInput{Name: "马丽", OrgID: f.orgM.ID}))
		if p.DivisionCode != "652328" || p.OrgName != f.orgM.Name {
			t.Fatalf("person = %+v", p)
		}
		// The division's parent follows from its code when registered.
		dv := must(f.svc.CreateDivision(ctx, DivisionInput{Code: "652323", Name: "呼图壁县"}))
		if dv.ParentCode != "652300" || dv.Level != LevelCounty {
			t.Fatalf("division = %+v", dv)
		}
		dv = must(f.svc.UpdateDivision(ctx, "652323", DivisionInput{Name: "呼图壁县（改）"}))
		if dv.Name != "呼图壁县（改）" || dv.ParentCode != "652300" {
			t.Fatalf("updated division = %+v", dv)
		}
		_, err = f.svc.UpdateDivision(ctx, "652323", DivisionInput{Code: "652324", Name: "x"})
		wantValidation(t, err, "code", "registry.division.code_fixed")
	})
}

// TestTaxonomyVersions: the version in force on a day is data: 八大 until
// the end of 2024, 十大 from 2025, and 昌吉农高区's own "4+1" for its scope.
func TestTaxonomyVersions(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		ten := must(f.svc.CreateTaxonomy(ctx, TaxonomyInput{Code: "XJ-10", Version: "2025", Name: "十大产业集群", EffectiveFrom: "2025-01-01"}))
		park := must(f.svc.CreatePark(ctx, ParkInput{Name: "昌吉国家农业高新技术产业示范区", ShortName: "昌吉农高区", Level: "national", Kind: "agri_high_tech", DivisionCode: "652301"}))
		agri := must(f.svc.CreateTaxonomy(ctx, TaxonomyInput{Code: "NGQ-4+1", Version: "2023", Name: "4+1", ParkID: park.ID, EffectiveFrom: "2023-01-01"}))
		day := func(s string) time.Time { v, _ := db.ParseDate(s); return v.Time }
		tests := []struct {
			day  string
			park int64
			want int64 // 0: none in force
		}{
			{"2022-08-31", 0, 0},             // before 八大 took effect
			{"2022-09-01", 0, f.tax.ID},      // 八大's first day
			{"2024-12-31", 0, f.tax.ID},      // its last day
			{"2025-01-01", 0, ten.ID},        // 十大 from 2025
			{"2023-05-19", park.ID, agri.ID}, // the park's own "4+1"
			{"2022-12-31", park.ID, 0},       // before the park's taxonomy
		}
		for _, tt := range tests {
			got, err := f.svc.TaxonomyInForce(ctx, day(tt.day), tt.park)
			if tt.want == 0 {
				wantIs(t, err, errs.ErrNotFound)
				continue
			}
			if err != nil || got.ID != tt.want {
				t.Errorf("in force on %s for park %d: %d (%v), want %d", tt.day, tt.park, got.ID, err, tt.want)
			}
			if got.ID == f.tax.ID && len(got.Clusters) != 2 {
				t.Errorf("clusters of 八大: %v", got.Clusters)
			}
		}
		list, n, err := f.svc.ListTaxonomies(ctx, TaxonomyFilter{InForce: day("2023-05-19")})
		if err != nil || n != 2 || len(list) != 2 {
			t.Fatalf("in force on 2023-05-19: %d, %v", n, err)
		}
		list, n, err = f.svc.ListTaxonomies(ctx, TaxonomyFilter{ParkID: -1})
		if err != nil || n != 2 {
			t.Fatalf("prefecture-wide: %d %v", n, err)
		}
		_ = list
	})
}

func TestSearchAndFilters(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		_ = must(f.svc.CreateOrganisation(ctx, OrgInput{Kind: "government", Name: "Changji Water Bureau 100%_x", DivisionCode: "652300"}))
		tests := []struct {
			name string
			f    OrgFilter
			want int
		}{
			{"name part", OrgFilter{Q: "昆仑"}, 1},
			{"case-insensitive on PostgreSQL too", OrgFilter{Q: "changji WATER"}, 1},
			{"% is literal", OrgFilter{Q: "100%"}, 1},
			{"_ is literal", OrgFilter{Q: "%_x"}, 1},
			{"% alone matches only a literal %", OrgFilter{Q: "%"}, 1},
			{"credit code", OrgFilter{Q: "914403"}, 1},
			{"prefecture subtree", OrgFilter{DivisionCode: "652300"}, 3},
			{"one county", OrgFilter{DivisionCode: "652328"}, 1},
			{"kind", OrgFilter{Kind: "government"}, 1},
			{"park", OrgFilter{ParkID: f.parkJ.ID}, 1},
			{"cluster", OrgFilter{ClusterID: f.clA.ID}, 1},
			{"cluster nobody has", OrgFilter{ClusterID: f.clB.ID}, 0},
		}
		for _, tt := range tests {
			_, n, err := f.svc.ListOrganisations(ctx, tt.f)
			if err != nil || n != tt.want {
				t.Errorf("%s: %d (%v), want %d", tt.name, n, err, tt.want)
			}
		}
		// Paging: limit and offset, with the total of all pages.
		page, n, err := f.svc.ListOrganisations(ctx, OrgFilter{Limit: 2, Offset: 2})
		if err != nil || n != 3 || len(page) != 1 {
			t.Fatalf("page 2: %d items of %d, %v", len(page), n, err)
		}
	})
}
