package parkstats

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

// fixture: the prefecture, two counties (吉木萨尔, 木垒), a park and an
// enterprise in each, and the service with its clock at 2025-06-15 in
// Changji.
type fixture struct {
	reg          *registry.Service
	svc          *Service
	parkJ, parkM registry.Park
	orgJ, orgM   registry.Organisation
	gov          registry.Organisation
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
	f.orgJ = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "昆仑天泽新能源有限责任公司", USCC: "91350100M000100Y43", DivisionCode: "652327", ParkID: f.parkJ.ID}))
	f.orgM = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "木垒风电有限公司", USCC: "914403001922038216", DivisionCode: "652328", ParkID: f.parkM.ID}))
	f.gov = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "government", Name: "昌吉州发展和改革委员会", DivisionCode: "652300"}))
	f.now = time.Date(2025, 6, 15, 10, 0, 0, 0, cst)
	f.svc = NewService(d, f.reg, nil).WithClock(func() time.Time { return f.now })
	return f
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

func countRows(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func auditCount(t *testing.T, d *db.DB, objectType string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE object_type = ?`, objectType).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
