package registry

import (
	"context"
	"strings"

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

// scoped starts a WHERE clause with the principal's scope on the given
// division and organisation columns.
func scoped(p *access.Principal, divisionCol, orgCol string) *conds {
	s, args := p.Scope.SQL(divisionCol, orgCol)
	c := &conds{}
	c.add(s, args...)
	return c
}

// like turns search text into a LIKE pattern matching it anywhere, with the
// pattern characters of the text escaped (use with ESCAPE '\').
func like(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(q)) + "%"
}

// search adds "any of cols contains q", case-insensitively on both engines
// (PostgreSQL's LIKE is case-sensitive).
func (c *conds) search(q string, cols ...string) {
	q = strings.TrimSpace(q)
	if q == "" {
		return
	}
	pat := like(q)
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
	if code == "" {
		return
	}
	c.add(col+" LIKE ?", access.DivisionPrefix(code)+"%")
}

// page returns the LIMIT clause: 50 rows by default, at most 500, every row
// when limit is negative (exports, which are bounded by scope instead).
func page(limit, offset int) (string, []any) {
	if limit < 0 {
		return "", nil
	}
	if limit == 0 {
		limit = 50
	}
	limit = min(limit, 500)
	return " LIMIT ? OFFSET ?", []any{limit, max(offset, 0)}
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
