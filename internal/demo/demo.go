// Package demo loads the Changji prefecture of the domain README into a
// fresh Bogda: its divisions, parks, enterprises, cluster taxonomies, people
// and one user per role. Every write goes through the services, so the demo
// data is validated and audited like anything a user enters.
package demo

import (
	"context"
	"fmt"

	"github.com/changji-gov/bogda/internal/app"
	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/auth"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
	"github.com/changji-gov/bogda/internal/safety"
)

// Result is what `bogda demo` prints: how to sign in, and the tracking
// codes of the demo's public hazard reports (for following one as the
// public would).
type Result struct {
	Logins        []Login
	TrackingCodes []string
}

// Load fills a freshly migrated database.
func Load(ctx context.Context, a *app.App) (Result, error) {
	ctx = access.With(ctx, access.System("demo data"))
	reg := a.Registry
	for _, d := range divisions() {
		if _, err := reg.CreateDivision(ctx, registry.DivisionInput{Code: d.Code, Name: d.Name, Level: d.Level, ParentCode: d.Parent}); err != nil {
			return Result{}, fmt.Errorf("division %s: %w", d.Code, err)
		}
	}
	parkIDs := map[string]int64{}
	for _, p := range parks() {
		got, err := reg.CreatePark(ctx, registry.ParkInput{Name: p.Name, ShortName: p.Short, Level: p.Level, Kind: p.Kind,
			DivisionCode: p.Division, Committee: p.Committee, Notes: p.Notes, Illustrative: p.Illustrative})
		if err != nil {
			return Result{}, fmt.Errorf("park %s: %w", p.Name, err)
		}
		parkIDs[p.Short] = got.ID
	}
	clusterIDs := map[string]int64{} // name in the 2022 八大 taxonomy → id
	for _, t := range taxonomies() {
		tx, err := reg.CreateTaxonomy(ctx, registry.TaxonomyInput{Code: t.Code, Version: t.Version, Name: t.Name, Issuer: t.Issuer,
			ParkID: parkIDs[t.Park], EffectiveFrom: t.From, EffectiveTo: t.To, Notes: t.Notes})
		if err != nil {
			return Result{}, fmt.Errorf("taxonomy %s %s: %w", t.Code, t.Version, err)
		}
		for i, name := range t.Clusters {
			c, err := reg.CreateCluster(ctx, tx.ID, registry.ClusterInput{Code: fmt.Sprintf("%02d", i+1), Name: name, SortOrder: i + 1})
			if err != nil {
				return Result{}, fmt.Errorf("cluster %s: %w", name, err)
			}
			if t.Code == "XJ-CLUSTERS" && t.Version == "2022" {
				clusterIDs[name] = c.ID
			}
		}
	}
	orgIDs := map[string]int64{}
	for _, o := range organisations() {
		in := registry.OrgInput{Kind: o.Kind, Name: o.Name, USCC: o.USCC, DivisionCode: o.Division, ParkID: parkIDs[o.Park],
			Industry: o.Industry, Principal: o.Principal, Notes: o.Notes, Illustrative: o.Illustrative}
		for _, c := range o.Clusters {
			in.ClusterIDs = append(in.ClusterIDs, clusterIDs[c])
		}
		got, err := reg.CreateOrganisation(ctx, in)
		if err != nil {
			return Result{}, fmt.Errorf("organisation %s: %w", o.Name, err)
		}
		orgIDs[o.Name] = got.ID
	}
	for _, p := range people() {
		if _, err := reg.CreatePerson(ctx, registry.PersonInput{Name: p.Name, Title: p.Title, OrgID: orgIDs[p.Org],
			DivisionCode: p.Division, Phone: p.Phone, RoleNote: p.Note, Illustrative: true}); err != nil {
			return Result{}, fmt.Errorf("person %s: %w", p.Name, err)
		}
	}
	if err := a.Projects.LoadDemo(ctx, projects.ChangjiDemoRefs()); err != nil {
		return Result{}, fmt.Errorf("projects: %w", err)
	}
	if err := a.Escalation.LoadDemo(ctx, a.Projects); err != nil {
		return Result{}, fmt.Errorf("project issues: %w", err)
	}
	if err := a.Attraction.LoadDemo(ctx); err != nil {
		return Result{}, fmt.Errorf("investment attraction: %w", err)
	}
	if _, err := a.ParkStats.LoadDemo(ctx); err != nil {
		return Result{}, fmt.Errorf("park statistics: %w", err)
	}
	hazards, err := safety.LoadDemo(ctx, a.Safety, a.Registry)
	if err != nil {
		return Result{}, fmt.Errorf("safety: %w", err)
	}
	// The hazard module's demo enterprises are registered by safety.LoadDemo;
	// one of them gets an account so that a company's side of a hazard can
	// be tried (self-inspection, treatment plan, evidence, write-off).
	for _, u := range users() {
		if _, known := orgIDs[u.Org]; u.Org == "" || known {
			continue
		}
		found, _, err := reg.ListOrganisations(ctx, registry.OrgFilter{Q: u.Org, Limit: 2})
		if err != nil || len(found) != 1 {
			return Result{}, fmt.Errorf("organisation %s for user %s: %d found, %v", u.Org, u.Username, len(found), err)
		}
		orgIDs[u.Org] = found[0].ID
	}
	var logins []Login
	for _, u := range users() {
		scope := access.Scope{Division: u.Division, Org: orgIDs[u.Org]}
		if _, err := a.Auth.CreateUser(ctx, auth.NewUser{Username: u.Username, Name: u.Name, Password: DemoPassword,
			Role: access.Role(u.Role), Scope: scope, Lang: ""}); err != nil {
			return Result{}, fmt.Errorf("user %s: %w", u.Username, err)
		}
		desc := scope.String()
		if u.Org != "" {
			desc = u.Org
		} else if u.Division != "" {
			desc = u.Division + " " + divisionName(u.Division)
		}
		logins = append(logins, Login{Username: u.Username, Role: u.Role, Scope: desc, Password: DemoPassword})
	}
	return Result{Logins: logins, TrackingCodes: hazards.TrackingCodes}, nil
}

func divisionName(code string) string {
	for _, d := range divisions() {
		if d.Code == code {
			return d.Name
		}
	}
	return ""
}
