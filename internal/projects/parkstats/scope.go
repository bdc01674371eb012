package parkstats

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
)

// Who may do what, asked by every store function before it queries.

// reader returns the principal if it may see the module (S1).
func reader(ctx context.Context) (*access.Principal, error) {
	return access.Require(ctx, access.PermModuleProjects)
}

// editor returns the principal if it may enter park figures, certificates,
// 亩均 figures and target progress: the 发改委, administrators and
// county/park staff (within their county).
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

// bureau returns the principal if it is the prefecture's responsible
// bureau (州发改委) or an administrator, unrestricted: they enter the
// prefecture's own totals, keep the 亩均 sheets and run the evaluation,
// which ranks the whole prefecture at once.
func bureau(ctx context.Context) (*access.Principal, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	if (p.Role == access.RoleAdmin || p.Role == access.RoleBureauDev) && p.Scope.All() {
		return p, nil
	}
	return nil, access.ErrForbidden
}

// Field lengths and shared catalog keys.
const (
	maxName  = 200
	maxNotes = 4000
	maxCert  = 60

	keyRequired = "shell.form.required"
	keyTooLong  = "shell.form.too_long"
	keyBadDate  = "shell.form.bad_date"
	keyBadNum   = "shell.form.bad_number"

	keyBadChoice      = "parkstats.choice.bad"
	keyBadPeriod      = "parkstats.period.bad"
	keyFuturePeriod   = "parkstats.period.future"
	keyParkUnknown    = "parkstats.park.unknown"
	keyNotPrefecture  = "parkstats.division.not_prefecture"
	keyDivUnknown     = "parkstats.division.unknown"
	keyOrgUnknown     = "parkstats.org.unknown"
	keyCertDuplicate  = "parkstats.cert.duplicate"
	keyExpiryBefore   = "parkstats.cert.expiry_before_issue"
	keyBadYear        = "parkstats.year.bad"
	keyEmployeesBad   = "parkstats.employees.bad"
	keyNothingToScore = "parkstats.mj.no_inputs"
	keyEmptyFigure    = "parkstats.figure.empty"
)

func idStr(id int64) string { return strconv.FormatInt(id, 10) }

func trim(s string) string { return strings.TrimSpace(s) }

func text(v *errs.Validation, field, val string, required bool, max int) {
	switch {
	case required && val == "":
		v.Add(field, keyRequired)
	case utf8.RuneCountInString(val) > max:
		v.Add(field, keyTooLong, max)
	}
}

// optAmount parses an optional two-decimal figure; nil when empty.
func optAmount(v *errs.Validation, field, s string) *Amount {
	if trim(s) == "" {
		return nil
	}
	a, problem := projects.ParseAmount(s)
	if problem != "" {
		v.Add(field, problem)
		return nil
	}
	return &a
}

// reqAmount parses a two-decimal figure; "" is 0 unless required.
func reqAmount(v *errs.Validation, field, s string, required bool) Amount {
	if trim(s) == "" {
		if required {
			v.Add(field, keyRequired)
		}
		return 0
	}
	a, problem := projects.ParseAmount(s)
	if problem != "" {
		v.Add(field, problem)
	}
	return a
}

// optCount parses an optional whole non-negative count; nil when empty.
func optCount(v *errs.Validation, field, s string) *int64 {
	s = trim(strings.ReplaceAll(s, ",", ""))
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 100_000_000 {
		v.Add(field, keyBadNum)
		return nil
	}
	return &n
}

// validYear reports whether y is a plausible statistical year.
func validYear(y int) bool { return y >= 1990 && y <= 2999 }

// parsePeriod reads "YYYY-MM" for a month or "YYYY" for a year.
func parsePeriod(kind PeriodKind, s string) (int, bool) {
	s = trim(s)
	switch kind {
	case Monthly:
		m, ok := projects.ParseMonth(s)
		return int(m), ok
	case Annual:
		y, err := strconv.Atoi(s)
		return y, err == nil && validYear(y)
	}
	return 0, false
}

func periodLabel(kind PeriodKind, p int) string {
	if kind == Monthly {
		return projects.Month(p).String()
	}
	return fmt.Sprintf("%04d", p)
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
