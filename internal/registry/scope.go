package registry

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// The store layer asks these before any query of a scoped table, so that no
// handler, service or future caller can read or write outside the acting
// principal's part of the prefecture by forgetting a check.

// reader returns the acting principal if it may read the registry.
func reader(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermRegistryRead)
}

// writer returns the acting principal if it may change parks,
// organisations and people.
func writer(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermRegistryWrite)
}

// admin returns the acting principal if it may change reference data that
// the whole prefecture shares: divisions and cluster taxonomies. Only the
// administrator role holds users.admin.
func admin(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermUsersAdmin)
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullText stores "" as NULL where NULL has a meaning (a unique column).
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
