package attraction

import (
	"context"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Who may do what, as in the projects module: the module permission opens
// the pages; the 发改委 (bureau_dev), administrators and county/park staff
// (within their county) keep leads; leaders and enterprise users read —
// an enterprise only the leads whose investor it is.

// reader returns the acting principal if it may see the module.
func reader(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermModuleProjects)
}

// editor returns the principal if it may keep leads, signings and funds.
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

// canEdit tells a page whether to offer the editing forms.
func canEdit(p *access.Principal) bool {
	return p != nil && (p.Role == access.RoleAdmin || p.Role == access.RoleBureauDev || p.Role == access.RoleLocalStaff)
}

// conds collects the conditions of a WHERE clause and their arguments.
type conds struct {
	parts []string
	args  []any
}

func (c *conds) add(sql string, args ...any) {
	c.parts = append(c.parts, sql)
	c.args = append(c.args, args...)
}

func (c *conds) sql() string {
	if len(c.parts) == 0 {
		return "1=1"
	}
	return strings.Join(c.parts, " AND ")
}

// scoped starts a WHERE clause with the principal's scope: leads are
// placed by their county and belong to their investor organisation.
func scoped(p *access.Principal) *conds {
	s, args := p.Scope.SQL("l.division_code", "l.investor_org_id")
	c := &conds{}
	c.add(s, args...)
	return c
}

// search adds "any of cols contains q", case-insensitively on both engines.
func (c *conds) search(q string, cols ...string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	pat := "%" + strings.ToLower(strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)) + "%"
	ors := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, col := range cols {
		ors[i] = "LOWER(" + col + `) LIKE ? ESCAPE '\'`
		args[i] = pat
	}
	c.add("("+strings.Join(ors, " OR ")+")", args...)
}

// page returns the LIMIT clause: 50 rows by default, at most 500, every
// row when limit is negative (exports and the rates, bounded by scope).
func page(limit, offset int) (string, []any) {
	if limit < 0 {
		return "", nil
	}
	if limit == 0 {
		limit = 50
	}
	return " LIMIT ? OFFSET ?", []any{min(limit, 500), max(offset, 0)}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
