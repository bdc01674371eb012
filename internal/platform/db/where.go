package db

import (
	"slices"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Where collects the conditions of a WHERE clause and their arguments, so
// that list queries with optional filters stay one readable statement on
// both engines. Every domain's store starts one with Scoped, so the acting
// principal's scope is always its first condition.
type Where struct {
	parts []string
	args  []any
}

// Scoped starts a WHERE clause with the scope on the given division and
// organisation columns ("" where the table has none).
func Scoped(s access.Scope, divisionCol, orgCol string) *Where {
	cond, args := s.SQL(divisionCol, orgCol)
	w := &Where{}
	w.Add(cond, args...)
	return w
}

// Add appends one condition with its '?' arguments.
func (w *Where) Add(cond string, args ...any) {
	w.parts = append(w.parts, cond)
	w.args = append(w.args, args...)
}

// SQL is the clause without the WHERE keyword ("1=1" when empty).
func (w *Where) SQL() string {
	if len(w.parts) == 0 {
		return "1=1"
	}
	return strings.Join(w.parts, " AND ")
}

// Args are the arguments of SQL, in order; appending to the result (the
// LIMIT arguments) never writes into the Where.
func (w *Where) Args() []any { return slices.Clip(w.args) }

// Search adds "any of cols contains q", case-insensitively on both engines
// (PostgreSQL's LIKE is case-sensitive), with LIKE's own characters in q
// taken literally.
func (w *Where) Search(q string, cols ...string) {
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
	w.Add("("+strings.Join(ors, " OR ")+")", args...)
}

// UnderDivision adds "col is code or lies under it" (GB/T 2260 subtree).
func (w *Where) UnderDivision(col, code string) {
	if code == "" {
		return
	}
	cond, args := access.SubtreeSQL(col, code)
	w.Add(cond, args...)
}

// Page returns the LIMIT clause and its arguments: 50 rows by default, at
// most 500, every row when limit is negative (exports, bounded by scope).
func Page(limit, offset int) (string, []any) {
	if limit < 0 {
		return "", nil
	}
	if limit == 0 {
		limit = 50
	}
	limit = min(limit, 500)
	return " LIMIT ? OFFSET ?", []any{limit, max(offset, 0)}
}
