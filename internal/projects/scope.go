package projects

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Who may do what. The module permission opens the module; within it the
// role decides between reading, keeping the library, reporting and the
// bureau's own powers. The role table of package access has one permission
// per module, so the finer split lives here, next to the store that
// enforces it, and every store function asks before it queries.

// reader returns the acting principal if it may see the module.
func reader(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermModuleProjects)
}

// editor returns the principal if it may keep the project library and
// lists: the 发改委, administrators and county/park staff (within their
// county). Leaders read only; enterprises report but do not edit.
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

// reporter returns the principal if it may file monthly reports: editors
// and enterprise users (for the projects their organisation owns).
func reporter(ctx context.Context) (*access.Principal, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	switch p.Role {
	case access.RoleAdmin, access.RoleBureauDev, access.RoleLocalStaff, access.RoleEnterprise:
		return p, nil
	}
	return nil, access.ErrForbidden
}

// isBureau reports whether p is the responsible bureau (州发改委) or an
// administrator: they adopt prefecture lists, change rule sets and
// settings, and may still correct a month after its report deadline.
func isBureau(p *access.Principal) bool {
	return p != nil && (p.Role == access.RoleAdmin || p.Role == access.RoleBureauDev) && p.Scope.All()
}

// bureau returns the principal if it is the responsible bureau.
func bureau(ctx context.Context) (*access.Principal, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if !isBureau(p) {
		return nil, access.ErrForbidden
	}
	return p, nil
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullMonth stores the zero month as NULL.
func nullMonth(m Month) any {
	if m == 0 {
		return nil
	}
	return int(m)
}

// nullText stores "" as NULL where NULL has a meaning (a unique column).
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
