package safety

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Expected values: the items the domain reference §2.6 captured — 令4号
// 15 categories, 121号 20 items, the fire switch on 2025-11-01.
func TestCriteriaLibrary(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := inspectorCtx("652327")
		coal := must(f.svc.Checklist(ctx, "coal", d0("2024-01-01")))
		if len(coal) != 1 || coal[0].Code != "MEM4-2020" || len(coal[0].Items) != 15 {
			t.Fatalf("coal checklist = %+v", coal)
		}
		chem := must(f.svc.Checklist(ctx, "hazchem", d0("2024-01-01")))
		if len(chem) != 1 || len(chem[0].Items) != 20 {
			t.Fatalf("hazchem checklist = %d sets", len(chem))
		}
		for on, want := range map[string]string{"2025-10-31": "GB35181-2017", "2025-11-01": "GB35181-2025"} {
			fire := must(f.svc.Checklist(ctx, "fire", d0(on)))
			if len(fire) != 1 || fire[0].Code != want {
				t.Errorf("fire checklist on %s = %+v, want %s", on, fire, want)
			}
		}
		// Importing the items of the 2025 edition: the library keeper only.
		set25 := must(f.svc.Checklist(ctx, "fire", d0("2025-11-01")))[0]
		_, err := f.svc.AddCriteria(ctx, set25.ID, []CriterionInput{{Code: "5.1", Text: "x"}})
		wantIs(t, err, access.ErrForbidden)
		items, err := f.svc.AddCriteria(bureauCtx(), set25.ID, []CriterionInput{{Code: "5.1", Article: "5", Text: "直接判定要素（导入）", Kind: "illegal_act"}})
		if err != nil || len(items) != 1 {
			t.Fatalf("AddCriteria = %v, %v", items, err)
		}
		_, err = f.svc.AddCriteria(bureauCtx(), set25.ID, []CriterionInput{{Code: "5.1", Text: "again"}})
		wantValidation(t, err, "code", "safety.criterion.duplicate")
		_, err = f.svc.AddCriteria(bureauCtx(), set25.ID, []CriterionInput{{Code: "5.2", Text: "<script>x</script>"}})
		wantValidation(t, err, "text", KeyMarkup)
		_, err = f.svc.CreateCriteriaSet(bureauCtx(), CriteriaSetInput{Code: "X", Family: "X", Sector: "fire", Title: "t", EffectiveFrom: "2026-01-02", EffectiveTo: "2026-01-01"})
		wantValidation(t, err, "effective_to", KeyDateOrder)
		_, err = f.svc.CreateCriteriaSet(bureauCtx(), CriteriaSetInput{Code: "GB35181-2025", Family: "GB35181", Sector: "fire", Title: "t", EffectiveFrom: "2026-01-01"})
		wantValidation(t, err, "code", "safety.criteria.duplicate")
	})
}

func TestEnterprises(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		e := must(f.svc.GetEnterprise(enterpriseCtx(f.orgJ.ID), f.entJ.ID))
		if e.PrincipalName != "李明" || e.DivisionCode != "652327" || len(e.Licences) != 1 || e.SectorName != "危险化学品" {
			t.Errorf("enterprise = %+v", e)
		}
		// Another company's user, another county's staff: not found.
		_, err := f.svc.GetEnterprise(enterpriseCtx(f.orgM.ID), f.entJ.ID)
		wantIs(t, err, errs.ErrNotFound)
		_, err = f.svc.GetEnterprise(countyCtx("652328"), f.entJ.ID)
		wantIs(t, err, errs.ErrNotFound)
		list, total := must2(f.svc.ListEnterprises(countyCtx("652327"), EnterpriseFilter{}))
		if total != 1 || list[0].ID != f.entJ.ID {
			t.Errorf("county list = %d %+v", total, list)
		}
		_, total = must2(f.svc.ListEnterprises(leaderCtx(), EnterpriseFilter{}))
		if total != 2 {
			t.Errorf("leader sees %d", total)
		}
		// Duplicates, unknown sector, a principal from another company.
		_, err = f.svc.CreateEnterprise(bureauCtx(), EnterpriseInput{OrgID: f.orgJ.ID, Sector: "hazchem"})
		wantValidation(t, err, "org_id", "safety.enterprise.duplicate")
		_, err = f.svc.UpdateEnterprise(bureauCtx(), f.entM.ID, EnterpriseInput{Sector: "nope", PrincipalPersonID: f.principalJ.ID})
		wantValidation(t, err, "sector", keyBadChoice)
		wantValidation(t, err, "principal_person_id", "safety.enterprise.principal_not_staff")
		// Enterprise users and leaders do not write; counties only their own.
		_, err = f.svc.UpdateEnterprise(enterpriseCtx(f.orgJ.ID), f.entJ.ID, EnterpriseInput{Sector: "hazchem"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.UpdateEnterprise(leaderCtx(), f.entJ.ID, EnterpriseInput{Sector: "hazchem"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.UpdateEnterprise(countyCtx("652328"), f.entJ.ID, EnterpriseInput{Sector: "hazchem"})
		wantIs(t, err, errs.ErrNotFound)
		up := must(f.svc.UpdateEnterprise(countyCtx("652327"), f.entJ.ID, EnterpriseInput{Sector: "hazchem", MajorHazardSource: true}))
		if !up.MajorHazardSource || len(up.Licences) != 0 {
			t.Errorf("updated = %+v", up)
		}
	})
}

func d0(s string) time.Time { return d(s) }

func must2[T any](v T, n int, err error) (T, int) {
	if err != nil {
		panic(err)
	}
	return v, n
}
