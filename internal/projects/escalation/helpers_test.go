package escalation

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
	return access.With(context.Background(), &access.Principal{UserID: 2, Username: "county" + code, Name: "县发改委",
		Role: access.RoleLocalStaff, Scope: access.Scope{Division: code}})
}

func enterpriseCtx(org int64) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 3, Username: "ent", Name: "ent", Role: access.RoleEnterprise,
		Scope: access.Scope{Org: org}})
}

func bureauCtx() context.Context {
	return access.With(context.Background(), &access.Principal{UserID: 4, Username: "fgw", Name: "州发改委", Role: access.RoleBureauDev})
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

// fixture is the prefecture in small: two counties (吉木萨尔, 木垒), an
// enterprise and a project in each, a county government unit in 吉木萨尔,
// the 州发改委, a 包联 leader; the escalation service with its clock at
// 2025-06-15 10:00 in Changji.
type fixture struct {
	reg          *registry.Service
	proj         *projects.Service
	svc          *Service
	orgJ, orgM   registry.Organisation
	unitJ, gov   registry.Organisation
	leader       registry.Person
	projJ, projM projects.Project
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
	f.orgJ = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "昆仑天泽新能源有限责任公司", USCC: "91350100M000100Y43", DivisionCode: "652327"}))
	f.orgM = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: "木垒风电有限公司", USCC: "914403001922038216", DivisionCode: "652328"}))
	f.unitJ = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "government", Name: "吉木萨尔县自然资源局", DivisionCode: "652327"}))
	f.gov = must(f.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "government", Name: "昌吉州发展和改革委员会", DivisionCode: "652300"}))
	f.leader = must(f.reg.CreatePerson(ctx, registry.PersonInput{Name: "王副州长", DivisionCode: "652300"}))
	f.now = time.Date(2025, 6, 15, 10, 0, 0, 0, cst)
	clock := func() time.Time { return f.now }
	f.proj = projects.NewService(d, f.reg, nil).WithClock(clock)
	f.projJ = must(f.proj.CreateProject(ctx, projects.ProjectInput{Code: "2024-652327-44-01-000101", Name: "煤层气综合利用项目",
		OwnerOrgID: f.orgJ.ID, DivisionCode: "652327", TotalInvestment: "10000", Stage: "started", StageOn: "2024-04-10",
		LeaderPersonID: f.leader.ID}))
	f.projM = must(f.proj.CreateProject(ctx, projects.ProjectInput{Name: "木垒风电项目", OwnerOrgID: f.orgM.ID, DivisionCode: "652328",
		TotalInvestment: "200000", Stage: "preparation", StageOn: "2025-01-05"}))
	f.svc = NewService(d, f.reg, nil).WithClock(clock)
	return f
}

// in is a valid item for projJ raised on 2025-06-01, due 2025-06-30.
func (f *fixture) in() IssueInput {
	return IssueInput{ProjectID: f.projJ.ID, Category: "land", Description: "项目用地指标未落实", RaisedOn: "2025-06-01",
		Deadline: "2025-06-30", Measures: "县自然资源局协调调剂用地指标"}
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

func registryPerson(name string) registry.PersonInput {
	return registry.PersonInput{Name: name, DivisionCode: "652300"}
}
