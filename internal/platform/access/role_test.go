package access

import "testing"

// The permission table (issue 2 §4: each bureau sees its own module; leaders
// read everything; enterprises and inspectors are narrow; issue 4 §6: a
// reporter's identity only for the role that handles rewards).
func TestRolePermissions(t *testing.T) {
	tests := []struct {
		role Role
		perm Permission
		want bool
	}{
		{RoleAdmin, PermUsersAdmin, true},
		{RoleAdmin, PermSafetyRewards, true},
		{RoleLeader, PermModuleSafety, true},
		{RoleLeader, PermRegistryWrite, false},
		{RoleLeader, PermSafetyRewards, false},
		{RoleBureauDev, PermModuleProjects, true},
		{RoleBureauDev, PermModuleSafety, false},
		{RoleBureauSafety, PermModuleSafety, true},
		{RoleBureauSafety, PermSafetyRewards, true},
		{RoleBureauSafety, PermModuleProjects, false},
		{RoleBureauWater, PermModuleSoilWater, true},
		{RoleBureauWater, PermModuleEnergy, false},
		{RoleBureauEnergy, PermModuleEnergy, true},
		{RoleLocalStaff, PermRegistryWrite, true},
		{RoleLocalStaff, PermSafetyRewards, false},
		{RoleLocalStaff, PermUsersAdmin, false},
		{RoleEnterprise, PermRegistryRead, true},
		{RoleEnterprise, PermRegistryWrite, false},
		{RoleEnterprise, PermAuditRead, false},
		{RoleInspector, PermModuleSafety, true},
		{RoleInspector, PermModuleProjects, false},
		{RoleInspector, PermSafetyRewards, false},
		{Role("emperor"), PermRegistryRead, false},
	}
	for _, tt := range tests {
		if got := tt.role.Can(tt.perm); got != tt.want {
			t.Errorf("%s.Can(%s) = %v, want %v", tt.role, tt.perm, got, tt.want)
		}
	}
}
