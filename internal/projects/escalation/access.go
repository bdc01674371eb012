package escalation

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Who may do what, as in package projects: the module permission opens
// the pages; keeping items (raising, editing, moving) is for the 发改委,
// administrators and county/park staff within their county; leaders and
// enterprises read (an enterprise raises its problems in its monthly
// report, which staff turn into items).

func reader(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermModuleProjects)
}

func editor(ctx context.Context) (*access.Principal, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	switch p.Role {
	case access.RoleAdmin, access.RoleBureauDev, access.RoleLocalStaff:
		return p, nil
	}
	return nil, access.ErrForbidden
}

// canEdit reports whether the principal of ctx may keep items (for
// showing forms).
func canEdit(ctx context.Context) bool {
	_, err := editor(ctx)
	return err == nil
}

// bureau returns the principal if it is the 发改委 or an administrator with
// the whole prefecture: they set the notice's issuer data.
func bureau(ctx context.Context) (*access.Principal, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if (p.Role != access.RoleAdmin && p.Role != access.RoleBureauDev) || !p.Scope.All() {
		return nil, access.ErrForbidden
	}
	return p, nil
}
