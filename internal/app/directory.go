package app

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/auth"
	"github.com/changji-gov/bogda/internal/registry"
)

// directory lets the account and user pages name scopes from the registry
// (auth is platform and cannot import a domain). Names are reference data
// shown to whoever may already see the account, so they are read as the
// system; the user pages themselves stay behind their own permissions.
type directory struct{ reg *registry.Service }

func (d directory) ScopeName(ctx context.Context, s access.Scope) string {
	sys := access.With(ctx, access.System("scope names"))
	switch {
	case s.Org != 0:
		if o, err := d.reg.GetOrganisation(sys, s.Org); err == nil {
			return o.Name
		}
	case s.Division != "":
		if dv, err := d.reg.GetDivision(sys, s.Division); err == nil {
			return dv.Name
		}
	}
	return ""
}

func (d directory) Divisions(ctx context.Context) []auth.DirectoryEntry {
	all, err := d.reg.AllDivisions(access.With(ctx, access.System("scope names")))
	if err != nil {
		return nil
	}
	out := make([]auth.DirectoryEntry, len(all))
	for i, dv := range all {
		out[i] = auth.DirectoryEntry{Value: dv.Code, Name: dv.Name}
	}
	return out
}
