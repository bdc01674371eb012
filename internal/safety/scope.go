package safety

import (
	"context"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Who may do what. The store asks these before every query, so that no
// handler or future caller can reach past the acting principal's scope:
//   - readers hold module.safety; county/park staff and inspectors see their
//     division subtree, enterprise users only their own organisation,
//     bureau_safety, leaders and the administrator everything (their Scope);
//   - regulators (admin, bureau_safety, local_staff, inspector) inspect,
//     grade, verify, list and enforce; enterprise users self-inspect, plan,
//     upload evidence and apply; leaders only read;
//   - the library (criteria, ladder, reward rules, credit policies) is kept
//     by bureau_safety and the administrator;
//   - a public reporter's identity is read only by holders of
//     PermSafetyRewards.

// PermSafetyRewards is the permission of the role that handles report
// rewards and may see who reported. The access table grants it to the
// administrator (who holds every permission); granting it to bureau_safety
// is a line in internal/platform/access/role.go (asked of the lead).
const PermSafetyRewards = access.PermSafetyRewards

func reader(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermModuleSafety)
}

// isRegulator reports whether p acts for a supervising department.
func isRegulator(p *access.Principal) bool {
	switch p.Role {
	case access.RoleAdmin, access.RoleBureauSafety, access.RoleLocalStaff, access.RoleInspector:
		return p.Can(access.PermModuleSafety)
	}
	return false
}

// regulator returns the acting principal if it acts for a department.
func regulator(ctx context.Context) (*access.Principal, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if !isRegulator(p) {
		return nil, access.ErrForbidden
	}
	return p, nil
}

// party returns the acting principal if it may work on hazards at all: a
// regulator, or an enterprise user (within its own organisation).
func party(ctx context.Context) (*access.Principal, Actor, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, "", err
	}
	switch {
	case isRegulator(p):
		return p, ActorRegulator, nil
	case p.Role == access.RoleEnterprise && p.Scope.Org != 0:
		return p, ActorEnterprise, nil
	}
	return nil, "", access.ErrForbidden
}

// librarian returns the acting principal if it may change the shared
// reference data of the module.
func librarian(ctx context.Context) (*access.Principal, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if p.Role != access.RoleAdmin && p.Role != access.RoleBureauSafety {
		return nil, access.ErrForbidden
	}
	return p, nil
}

// rewardHandler returns the acting principal if it handles rewards.
func rewardHandler(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, PermSafetyRewards)
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

// scoped starts a WHERE clause with the principal's scope.
func scoped(p *access.Principal, divisionCol, orgCol string) *conds {
	s, args := p.Scope.SQL(divisionCol, orgCol)
	c := &conds{}
	c.add(s, args...)
	return c
}

// underDivision adds "col is code or lies under it".
func (c *conds) underDivision(col, code string) {
	if code != "" {
		c.add(col+" LIKE ?", access.DivisionPrefix(code)+"%")
	}
}

// search adds "any of cols contains q", case-insensitively on both engines.
func (c *conds) search(q string, cols ...string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	pat := "%" + strings.ToLower(r.Replace(q)) + "%"
	ors := make([]string, len(cols))
	args := make([]any, len(cols))
	for i, col := range cols {
		ors[i] = "LOWER(" + col + `) LIKE ? ESCAPE '\'`
		args[i] = pat
	}
	c.add("("+strings.Join(ors, " OR ")+")", args...)
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

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullDate(d Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Date
}
