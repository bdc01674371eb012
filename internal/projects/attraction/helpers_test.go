package attraction

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
)

func sets() []db.Migrations {
	return []db.Migrations{audit.Migrations(), registry.Migrations(), projects.Migrations(), Migrations()}
}

func sysCtx() context.Context { return access.With(context.Background(), access.System("test")) }

func countyCtx(code string) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 2, Username: "county" + code, Name: "county",
		Role: access.RoleLocalStaff, Scope: access.Scope{Division: code}})
}

func enterpriseCtx(org int64) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 3, Username: "ent", Name: "ent",
		Role: access.RoleEnterprise, Scope: access.Scope{Org: org}})
}

func leaderCtx() context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 5, Username: "leader", Name: "leader", Role: access.RoleLeader})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// fixture is the prefecture in small: 木垒 and 昌吉市 with a park each,
// an enterprise investor in 木垒, a taxonomy with two clusters, and the
// services with the clock at 2025-06-15 10:00 in Changji.
type fixture struct {
	reg          *registry.Service
	proj         *projects.Service
	svc          *Service
	parkM, parkC registry.Park
	orgM         registry.Organisation
	clNE, clAg   registry.Cluster
	now          time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := sysCtx()
	f := &fixture{reg: registry.NewService(d, nil)}
	for _, in := range []registry.DivisionInput{
		{Code: "650000", Name: "新疆维吾尔自治区"},
		{Code: "652300", Name: "昌吉回族自治州"},
		{Code: "652301", Name: "昌吉市"},
		{Code: "652328", Name: "木垒哈萨克自治县"},
	} {
		_ = must(f.reg.CreateDivision(ctx, in))
	}
	f.parkM = must(f.reg.CreatePark(ctx, registry.ParkInput{Name: "木垒工业园区", Level: "regional", Kind: "industrial", DivisionCode: "652328", Illustrative: true}))
	f.parkC = must(f.reg.CreatePark(ctx, registry.ParkInput{Name: "昌吉国家农业高新技术产业示范区", Level: "national", Kind: "agri_high_tech", DivisionCode: "652301"}))
	tax := must(f.reg.CreateTaxonomy(ctx, registry.TaxonomyInput{Code: "XJ-8", Version: "2022", Name: "八大产业集群", EffectiveFrom: "2022-09-01"}))
	cls := must(f.reg.AddClusters(ctx, tax.ID, []registry.ClusterInput{{Code: "new_energy", Name: "新能源新材料", SortOrder: 1}, {Code: "veg", Name: "绿色有机果蔬", SortOrder: 2}}))
	f.clNE, f.clAg = cls[0], cls[1]
	f.orgM = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "木垒风电装备有限公司", USCC: "914403001922038216", DivisionCode: "652328", ParkID: f.parkM.ID}))
	f.now = time.Date(2025, 6, 15, 10, 0, 0, 0, cst)
	clock := func() time.Time { return f.now }
	f.proj = projects.NewService(d, f.reg, nil).WithClock(clock)
	f.svc = NewService(d, f.reg, f.proj, nil).WithClock(clock)
	return f
}

// leadM is a new-energy equipment lead at 木垒 whose investor is orgM.
func (f *fixture) leadM(t *testing.T) Lead {
	t.Helper()
	return must(f.svc.CreateLead(sysCtx(), LeadInput{Name: "风电主机装备制造项目", InvestorName: "某风电装备集团", InvestorProvince: "江苏省",
		Ownership: "private", InvestorOrgID: f.orgM.ID, ClusterID: f.clNE.ID, ParkID: f.parkM.ID, Planned: "100000", StageOn: "2025-01-10"}))
}

// leadC is an agricultural-processing lead at 昌吉农高区.
func (f *fixture) leadC(t *testing.T) Lead {
	t.Helper()
	return must(f.svc.CreateLead(sysCtx(), LeadInput{Name: "番茄深加工项目", InvestorName: "某食品集团", InvestorProvince: "福建省",
		Ownership: "local_soe", ClusterID: f.clAg.ID, ParkID: f.parkC.ID, Planned: "30000", Stage: "negotiate", StageOn: "2025-02-01"}))
}

func wantValidation(t *testing.T, err error, field, key string) {
	t.Helper()
	v, ok := errs.AsValidation(err)
	if !ok {
		t.Fatalf("err = %v, want validation %s: %s", err, field, key)
	}
	for _, f := range v.Fields {
		if f.Field == field && f.Key == key {
			return
		}
	}
	t.Fatalf("validation %v lacks %s: %s", v.Fields, field, key)
}

func wantIs(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("err = %v, want %v", err, target)
	}
}
