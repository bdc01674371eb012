package auth

import (
	"strings"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/web"
)

const (
	maxNameLen     = 100
	maxUsernameLen = 64
	minUsernameLen = 2
	maxTokenName   = 100
)

// normalizeUsername is how usernames are stored and looked up: trimmed and
// lower-case, so that "ZhangWei" and "zhangwei" are one account.
func normalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// usernameProblem returns the catalog key of what is wrong with a normalized
// username: 2–64 characters of a–z, 0–9 and . _ - @, starting with a letter
// or digit. Login names stay ASCII so that they can be typed on any keyboard
// and in any input method; the person's Chinese name goes in Name.
func usernameProblem(u string) (key string, args []any) {
	if len(u) < minUsernameLen || len(u) > maxUsernameLen {
		return "auth.user.username_length", []any{minUsernameLen, maxUsernameLen}
	}
	for i, r := range u {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case i > 0 && (r == '.' || r == '_' || r == '-' || r == '@'):
		default:
			return "auth.user.username_chars", nil
		}
	}
	return "", nil
}

// isDivisionCode reports whether s looks like a GB/T 2260 code: six digits.
func isDivisionCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkScope adds the rules tying a role to its scope:
//   - a division must be a six-digit GB/T 2260 code;
//   - an enterprise user sees one organisation, so needs one;
//   - only enterprise users are limited to an organisation;
//   - county/park staff and field inspectors work in a division subtree, so
//     need one (an unrestricted inspector would see every county).
func checkScope(v *errs.Validation, role access.Role, s access.Scope) {
	if s.Division != "" && !isDivisionCode(s.Division) {
		v.Add("scope_division", "auth.user.bad_division")
	}
	if s.Org < 0 {
		v.Add("scope_org_id", "auth.user.bad_org")
	}
	switch role {
	case access.RoleEnterprise:
		if s.Org <= 0 && !v.Has("scope_org_id") {
			v.Add("scope_org_id", "auth.user.enterprise_needs_org")
		}
	case access.RoleLocalStaff, access.RoleInspector:
		if s.Division == "" {
			v.Add("scope_division", "auth.user.needs_division")
		}
		fallthrough
	default:
		if s.Org > 0 {
			v.Add("scope_org_id", "auth.user.org_only_enterprise")
		}
	}
}

// checkProfile adds the rules for the fields an administrator edits.
func checkProfile(v *errs.Validation, name string, role access.Role, scope access.Scope, lang string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(name)); {
	case n == 0:
		v.Add("name", "shell.form.required")
	case n > maxNameLen:
		v.Add("name", "shell.form.too_long", maxNameLen)
	}
	if !role.Valid() {
		v.Add("role", "auth.user.bad_role")
	} else {
		checkScope(v, role, scope)
	}
	if lang != "" && web.NormalizeLang(lang) == "" {
		v.Add("lang", "auth.user.bad_lang")
	}
}

// grantable reports whether an administrator limited to a scope may manage an
// account with scope s: an unrestricted administrator manages everyone; a
// county administrator only accounts inside the county's subtree, so that a
// county can neither see nor create accounts reaching beyond itself.
func grantable(actor access.Scope, s access.Scope) bool {
	switch {
	case actor.All():
		return true
	case actor.Org != 0:
		return false
	}
	return s.Division != "" && actor.CoversDivision(s.Division)
}
