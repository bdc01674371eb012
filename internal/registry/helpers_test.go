package registry

import (
	"context"
	"errors"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func sets() []db.Migrations { return []db.Migrations{audit.Migrations(), Migrations()} }

func fields(fs []errs.FieldError) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Field)
	}
	return out
}

// Principals of the scoping matrix.
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

// fixture is the prefecture in small: the province, the prefecture and
// three of its counties, a park in 吉木萨尔 and one in 木垒, an enterprise
// in each, a taxonomy with two clusters, a person in each county.
type fixture struct {
	svc              *Service
	parkJ, parkM     Park
	orgJ, orgM       Organisation
	tax              Taxonomy
	clA, clB         Cluster
	personJ, personM Person
}

// Codes of the fixture's enterprises (published codes, see rules_test.go).
const (
	usccJ = "91350100M000100Y43"
	usccM = "914403001922038216"
	usccX = "91330100716105852F"
)

// must is for fixture set-up, where any error means the test cannot start.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := sysCtx()
	f := &fixture{svc: NewService(d, nil)}
	for _, in := range []DivisionInput{
		{Code: "650000", Name: "新疆维吾尔自治区"},
		{Code: "652300", Name: "昌吉回族自治州"},
		{Code: "652301", Name: "昌吉市"},
		{Code: "652327", Name: "吉木萨尔县"},
		{Code: "652328", Name: "木垒哈萨克自治县"},
	} {
		_ = must(f.svc.CreateDivision(ctx, in))
	}
	f.parkJ = must(f.svc.CreatePark(ctx, ParkInput{Name: "吉木萨尔县城南工业园区", ShortName: "城南工业园区", Level: "regional", Kind: "industrial", DivisionCode: "652327"}))
	f.parkM = must(f.svc.CreatePark(ctx, ParkInput{Name: "木垒工业园区", Level: "regional", Kind: "industrial", DivisionCode: "652328", Illustrative: true}))
	f.tax = must(f.svc.CreateTaxonomy(ctx, TaxonomyInput{Code: "XJ-8", Version: "2022", Name: "八大产业集群", Issuer: "新疆维吾尔自治区", EffectiveFrom: "2022-09-01", EffectiveTo: "2024-12-31"}))
	cls := must(f.svc.AddClusters(ctx, f.tax.ID, []ClusterInput{{Code: "oil", Name: "油气生产加工", SortOrder: 1}, {Code: "coal", Name: "煤炭煤电煤化工", SortOrder: 2}}))
	f.clA, f.clB = cls[0], cls[1]
	f.orgJ = must(f.svc.CreateOrganisation(ctx, OrgInput{Kind: "enterprise", Name: "昆仑天泽新能源有限责任公司", USCC: usccJ, DivisionCode: "652327", ParkID: f.parkJ.ID, ClusterIDs: []int64{f.clA.ID}}))
	f.orgM = must(f.svc.CreateOrganisation(ctx, OrgInput{Kind: "enterprise", Name: "木垒风电有限公司", USCC: usccM, DivisionCode: "652328", ParkID: f.parkM.ID}))
	f.personJ = must(f.svc.CreatePerson(ctx, PersonInput{Name: "李明", OrgID: f.orgJ.ID, RoleNote: "第一责任人"}))
	f.personM = must(f.svc.CreatePerson(ctx, PersonInput{Name: "阿不都", DivisionCode: "652328"}))
	return f
}

// wantErr checks err is target (errors.Is) or, for a validation error, that
// it names field with key.
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
