package safety

import (
	"context"
	"errors"
	"testing"

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

func roleCtx(id int64, r access.Role, s access.Scope) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: id, Username: string(r), Name: string(r), Role: r, Scope: s})
}

func bureauCtx() context.Context { return roleCtx(10, access.RoleBureauSafety, access.Scope{}) }
func countyCtx(code string) context.Context {
	return roleCtx(11, access.RoleLocalStaff, access.Scope{Division: code})
}
func inspectorCtx(code string) context.Context {
	return roleCtx(12, access.RoleInspector, access.Scope{Division: code})
}
func enterpriseCtx(org int64) context.Context {
	return roleCtx(13, access.RoleEnterprise, access.Scope{Org: org})
}
func leaderCtx() context.Context { return roleCtx(14, access.RoleLeader, access.Scope{}) }

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
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

// fixture is the prefecture in small: two counties (吉木萨尔, 木垒), an
// enterprise in each in scope of the campaign, a principal person and a
// 包保 leader.
type fixture struct {
	reg        *registry.Service
	svc        *Service
	orgJ, orgM registry.Organisation
	entJ, entM Enterprise
	principalJ registry.Person
	leader     registry.Person
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := sysCtx()
	f := &fixture{reg: registry.NewService(d, nil)}
	f.svc = NewService(d, f.reg, nil)
	for _, in := range []registry.DivisionInput{
		{Code: "650000", Name: "新疆维吾尔自治区"},
		{Code: "652300", Name: "昌吉回族自治州"},
		{Code: "652327", Name: "吉木萨尔县"},
		{Code: "652328", Name: "木垒哈萨克自治县"},
	} {
		_ = must(f.reg.CreateDivision(ctx, in))
	}
	f.orgJ = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "吉木萨尔化工有限公司", USCC: "91350100M000100Y43", DivisionCode: "652327", Principal: "李明"}))
	f.orgM = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "木垒矿业有限公司", USCC: "914403001922038216", DivisionCode: "652328"}))
	f.principalJ = must(f.reg.CreatePerson(ctx, registry.PersonInput{Name: "李明", OrgID: f.orgJ.ID, RoleNote: "第一责任人"}))
	f.leader = must(f.reg.CreatePerson(ctx, registry.PersonInput{Name: "王副县长", Title: "副县长", DivisionCode: "652327"}))
	f.entJ = must(f.svc.CreateEnterprise(ctx, EnterpriseInput{OrgID: f.orgJ.ID, Sector: "hazchem", PrincipalPersonID: f.principalJ.ID, Regulator: "吉木萨尔县应急管理局",
		Licences: []Licence{{Kind: "危险化学品经营许可证", Number: "新昌危化经字〔2024〕001号", ValidTo: dt("2027-05-31")}}}))
	f.entM = must(f.svc.CreateEnterprise(ctx, EnterpriseInput{OrgID: f.orgM.ID, Sector: "metal_mine", Regulator: "木垒县应急管理局"}))
	return f
}

func orgInput(name, uscc, division string) registry.OrgInput {
	return registry.OrgInput{Kind: "enterprise", Name: name, USCC: uscc, DivisionCode: division}
}
