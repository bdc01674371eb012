package auth

import (
	"reflect"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func TestUsernameRules(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"a", "auth.user.username_length"},   // 1 < 2
		{"a1", ""},                           // 2: shortest allowed (short pinyin such as "li")
		{"zhang.wei-652301@cj_gov", ""},      // every allowed punctuation mark
		{"-abc", "auth.user.username_chars"}, // must start with a letter or digit
		{"zhang wei", "auth.user.username_chars"},
		{"张伟01", "auth.user.username_chars"},  // ASCII only; the Chinese name goes in Name
		{"Zhang", "auth.user.username_chars"}, // callers normalize to lower case first
		{string(make([]byte, 64)), "auth.user.username_chars"},
	} {
		if got, _ := usernameProblem(c.in); got != c.want {
			t.Errorf("usernameProblem(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	long := "a"
	for len(long) < 65 {
		long += "b"
	}
	if got, _ := usernameProblem(long[:64]); got != "" {
		t.Errorf("64 characters: %q, want accepted", got)
	}
	if got, _ := usernameProblem(long); got != "auth.user.username_length" {
		t.Errorf("65 characters: %q, want too long", got)
	}
	if got := normalizeUsername("  ZhangWei "); got != "zhangwei" {
		t.Errorf("normalizeUsername = %q", got)
	}
}

func fieldKeys(v *errs.Validation) map[string]string {
	out := map[string]string{}
	for _, f := range v.Fields {
		out[f.Field] = f.Key
	}
	return out
}

func TestScopeRules(t *testing.T) {
	// Divisions: 652300 昌吉回族自治州, 652327 吉木萨尔县 (GB/T 2260, domain README).
	for _, c := range []struct {
		name  string
		role  access.Role
		scope access.Scope
		want  map[string]string
	}{
		{"admin, whole prefecture", access.RoleAdmin, access.Scope{}, map[string]string{}},
		{"leader limited to the prefecture code", access.RoleLeader, access.Scope{Division: "652300"}, map[string]string{}},
		{"county staff with county", access.RoleLocalStaff, access.Scope{Division: "652327"}, map[string]string{}},
		{"county staff without division", access.RoleLocalStaff, access.Scope{},
			map[string]string{"scope_division": "auth.user.needs_division"}},
		{"inspector without division", access.RoleInspector, access.Scope{},
			map[string]string{"scope_division": "auth.user.needs_division"}},
		{"five-digit code", access.RoleLocalStaff, access.Scope{Division: "65232"},
			map[string]string{"scope_division": "auth.user.bad_division"}},
		{"letters in code", access.RoleBureauDev, access.Scope{Division: "6523ab"},
			map[string]string{"scope_division": "auth.user.bad_division"}},
		{"enterprise with organisation", access.RoleEnterprise, access.Scope{Org: 17}, map[string]string{}},
		{"enterprise with organisation and its county", access.RoleEnterprise, access.Scope{Division: "652327", Org: 17}, map[string]string{}},
		{"enterprise without organisation", access.RoleEnterprise, access.Scope{},
			map[string]string{"scope_org_id": "auth.user.enterprise_needs_org"}},
		{"enterprise with negative organisation", access.RoleEnterprise, access.Scope{Org: -1},
			map[string]string{"scope_org_id": "auth.user.bad_org"}},
		{"bureau staff limited to an organisation", access.RoleBureauSafety, access.Scope{Org: 17},
			map[string]string{"scope_org_id": "auth.user.org_only_enterprise"}},
		{"inspector with organisation only", access.RoleInspector, access.Scope{Org: 17},
			map[string]string{"scope_division": "auth.user.needs_division", "scope_org_id": "auth.user.org_only_enterprise"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := &errs.Validation{}
			checkScope(v, c.role, c.scope)
			if got := fieldKeys(v); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("checkScope = %v, want %v", got, c.want)
			}
		})
	}
}

func TestProfileRules(t *testing.T) {
	v := &errs.Validation{}
	checkProfile(v, "  ", "chief", access.Scope{}, "fr")
	want := map[string]string{"name": "shell.form.required", "role": "auth.user.bad_role", "lang": "auth.user.bad_lang"}
	if got := fieldKeys(v); !reflect.DeepEqual(got, want) {
		t.Fatalf("checkProfile = %v, want %v", got, want)
	}
	v = &errs.Validation{}
	checkProfile(v, "张伟", access.RoleLeader, access.Scope{}, "zh")
	if v.Err() != nil {
		t.Fatalf("valid profile refused: %v", v)
	}
}

func TestGrantable(t *testing.T) {
	prefecture := access.Scope{}
	county := access.Scope{Division: "652327"} // 吉木萨尔县
	for _, c := range []struct {
		name  string
		actor access.Scope
		s     access.Scope
		want  bool
	}{
		{"prefecture admin, anyone", prefecture, access.Scope{}, true},
		{"prefecture admin, enterprise", prefecture, access.Scope{Org: 3}, true},
		{"county admin, own county", county, access.Scope{Division: "652327"}, true},
		{"county admin, another county", county, access.Scope{Division: "652301"}, false},
		{"county admin, whole prefecture", county, access.Scope{}, false},
		{"county admin, enterprise in county", county, access.Scope{Division: "652327", Org: 3}, true},
		{"county admin, enterprise without division", county, access.Scope{Org: 3}, false},
		{"organisation-scoped actor", access.Scope{Org: 3}, access.Scope{Org: 3}, false},
	} {
		if got := grantable(c.actor, c.s); got != c.want {
			t.Errorf("%s: grantable = %v, want %v", c.name, got, c.want)
		}
	}
}
