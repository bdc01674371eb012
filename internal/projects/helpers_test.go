package projects

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

func sets() []db.Migrations {
	return []db.Migrations{audit.Migrations(), registry.Migrations(), Migrations()}
}

func sysCtx() context.Context { return access.With(context.Background(), access.System("test")) }

func countyCtx(code string) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 2, Username: "county" + code, Name: "county", Role: access.RoleLocalStaff,
		Scope: access.Scope{Division: code}})
}

func enterpriseCtx(org int64) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 3, Username: "ent", Name: "ent", Role: access.RoleEnterprise,
		Scope: access.Scope{Org: org}})
}

func bureauCtx() context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 4, Username: "fgw", Name: "fgw", Role: access.RoleBureauDev})
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

// fixture is the prefecture in small: two counties (吉木萨尔, 木垒), a park
// in each, an enterprise in each, a government unit, a taxonomy with two
// clusters, a 包联 leader; and the projects service with its clock at
// 2025-06-15 10:00 in Changji.
type fixture struct {
	reg          *registry.Service
	svc          *Service
	parkJ, parkM registry.Park
	orgJ, orgM   registry.Organisation
	gov          registry.Organisation
	clA, clB     registry.Cluster
	leader       registry.Person
	now          time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := sysCtx()
	f := &fixture{reg: registry.NewService(d, nil)}
	for _, in := range []registry.DivisionInput{
		{Code: "650000", Name: "新疆维吾尔自治区"},
		{Code: "652300", Name: "昌吉回族自治州"},
		{Code: "652327", Name: "吉木萨尔县"},
		{Code: "652328", Name: "木垒哈萨克自治县"},
	} {
		_ = must(f.reg.CreateDivision(ctx, in))
	}
	f.parkJ = must(f.reg.CreatePark(ctx, registry.ParkInput{Name: "吉木萨尔县城南工业园区", Level: "regional", Kind: "industrial", DivisionCode: "652327"}))
	f.parkM = must(f.reg.CreatePark(ctx, registry.ParkInput{Name: "木垒工业园区", Level: "regional", Kind: "industrial", DivisionCode: "652328", Illustrative: true}))
	tax := must(f.reg.CreateTaxonomy(ctx, registry.TaxonomyInput{Code: "XJ-8", Version: "2022", Name: "八大产业集群", EffectiveFrom: "2022-09-01"}))
	cls := must(f.reg.AddClusters(ctx, tax.ID, []registry.ClusterInput{{Code: "coal", Name: "煤炭煤电煤化工", SortOrder: 1}, {Code: "new_energy", Name: "新能源新材料", SortOrder: 2}}))
	f.clA, f.clB = cls[0], cls[1]
	f.orgJ = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "昆仑天泽新能源有限责任公司", USCC: "91350100M000100Y43", DivisionCode: "652327", ParkID: f.parkJ.ID}))
	f.orgM = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "木垒风电有限公司", USCC: "914403001922038216", DivisionCode: "652328", ParkID: f.parkM.ID}))
	f.gov = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "government", Name: "昌吉州发展和改革委员会", DivisionCode: "652300"}))
	f.leader = must(f.reg.CreatePerson(ctx, registry.PersonInput{Name: "王副州长", DivisionCode: "652300"}))
	f.now = time.Date(2025, 6, 15, 10, 0, 0, 0, cst)
	f.svc = NewService(d, f.reg, nil).WithClock(func() time.Time { return f.now })
	return f
}

// projJ and projM are a project in each county.
func (f *fixture) projJ(t *testing.T) Project {
	t.Helper()
	return must(f.svc.CreateProject(sysCtx(), ProjectInput{Code: "2024-652327-44-01-000101", Name: "煤层气综合利用项目",
		OwnerOrgID: f.orgJ.ID, ParkID: f.parkJ.ID, TotalInvestment: "10000", Stage: "started", StageOn: "2024-04-10",
		ResponsibleOrgID: f.gov.ID, LeaderPersonID: f.leader.ID, ClusterIDs: []int64{f.clA.ID}}))
}

func (f *fixture) projM(t *testing.T) Project {
	t.Helper()
	return must(f.svc.CreateProject(sysCtx(), ProjectInput{Name: "木垒风电项目", OwnerOrgID: f.orgM.ID, DivisionCode: "652328",
		TotalInvestment: "200000", Stage: "preparation", StageOn: "2025-01-05", PlannedStart: "2025-04", ClusterIDs: []int64{f.clB.ID}}))
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

// sameDispatch checks that the database-totalled dispatch table equals the
// one computed in Go from every project's measures, for every grouping.
func sameDispatch(t *testing.T, ctx context.Context, svc *Service, listID int64, m Month) {
	t.Helper()
	for _, g := range []DispatchGroup{GroupCounty, GroupPark, GroupCluster, GroupWhole} {
		sqlRows, err := svc.Dispatch(ctx, listID, m, g)
		if err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		goRows, err := svc.dispatchRows(ctx, listID, m, g)
		if err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		if !reflect.DeepEqual(sqlRows, goRows) {
			t.Fatalf("%s: database totals\n%+v\ndiffer from Go totals\n%+v", g, sqlRows, goRows)
		}
	}
}
