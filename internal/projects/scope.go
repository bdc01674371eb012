package projects

import (
	"context"
	"strings"

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

// scoped starts a WHERE clause with the principal's scope: projects are
// placed by their county and owned by their enterprise.
func scoped(p *access.Principal, divisionCol, orgCol string) *conds {
	s, args := p.Scope.SQL(divisionCol, orgCol)
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

// underDivision adds "col is code or lies under it".
func (c *conds) underDivision(col, code string) {
	if code != "" {
		c.add(col+" LIKE ?", access.DivisionPrefix(code)+"%")
	}
}

// page returns the LIMIT clause: 50 rows by default, at most 500, every row
// when limit is negative (exports, bounded by scope instead).
func page(limit, offset int) (string, []any) {
	if limit < 0 {
		return "", nil
	}
	if limit == 0 {
		limit = 50
	}
	return " LIMIT ? OFFSET ?", []any{min(limit, 500), max(offset, 0)}
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
