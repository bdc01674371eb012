// Package access says who is acting and what they may touch: roles, their
// permissions and their scope. It has no dependencies so that every layer —
// web, stores, services — can ask the same questions.
package access

// Role is what a user does in the prefecture.
type Role string

const (
	RoleAdmin        Role = "admin"         // 州级管理员 prefecture administrator
	RoleBureauDev    Role = "bureau_dev"    // 发改委 staff: parks and key projects (S1)
	RoleBureauSafety Role = "bureau_safety" // 应急管理局 staff: hazards (S2)
	RoleBureauWater  Role = "bureau_water"  // 水利局 staff: soil and water conservation (S3)
	RoleBureauEnergy Role = "bureau_energy" // 能源 regulator staff: coalbed methane (S4)
	RoleLocalStaff   Role = "local_staff"   // 县市/园区 staff, limited to a division subtree
	RoleEnterprise   Role = "enterprise"    // 企业用户, limited to one organisation
	RoleInspector    Role = "inspector"     // 执法检查员 field inspector
	RoleLeader       Role = "leader"        // 州领导 read-only view of everything
)

// Roles lists every role in the order forms offer them.
func Roles() []Role {
	return []Role{RoleAdmin, RoleBureauDev, RoleBureauSafety, RoleBureauWater, RoleBureauEnergy,
		RoleLocalStaff, RoleEnterprise, RoleInspector, RoleLeader}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, k := range Roles() {
		if k == r {
			return true
		}
	}
	return false
}

// Permission is one thing a role may do.
type Permission string

const (
	PermRegistryRead  Permission = "registry.read"
	PermRegistryWrite Permission = "registry.write"
	PermUsersAdmin    Permission = "users.admin"
	PermAuditRead     Permission = "audit.read"
	PermTokensManage  Permission = "tokens.manage"
	// Module permissions: each bureau sees its own module; admin and leaders see all.
	PermModuleProjects  Permission = "module.projects"
	PermModuleSafety    Permission = "module.safety"
	PermModuleSoilWater Permission = "module.soilwater"
	PermModuleEnergy    Permission = "module.energy"
	PermCockpit         Permission = "module.cockpit"
	// PermSafetyRewards sees a public reporter's identity and handles
	// rewards (举报奖励): the safety bureau and the administrator only.
	PermSafetyRewards Permission = "safety.rewards"
)

// Can reports whether role r holds permission p. The table is code, not
// data: it is the security model, reviewed with the code that relies on it.
func (r Role) Can(p Permission) bool {
	switch r {
	case RoleAdmin:
		return true
	case RoleLeader:
		switch p {
		case PermRegistryRead, PermAuditRead, PermCockpit,
			PermModuleProjects, PermModuleSafety, PermModuleSoilWater, PermModuleEnergy:
			return true
		}
	case RoleBureauDev:
		return p == PermRegistryRead || p == PermRegistryWrite || p == PermModuleProjects
	case RoleBureauSafety:
		return p == PermRegistryRead || p == PermRegistryWrite || p == PermModuleSafety || p == PermSafetyRewards
	case RoleBureauWater:
		return p == PermRegistryRead || p == PermRegistryWrite || p == PermModuleSoilWater
	case RoleBureauEnergy:
		return p == PermRegistryRead || p == PermRegistryWrite || p == PermModuleEnergy
	case RoleLocalStaff:
		switch p {
		case PermRegistryRead, PermRegistryWrite,
			PermModuleProjects, PermModuleSafety, PermModuleSoilWater, PermModuleEnergy:
			return true
		}
	case RoleEnterprise:
		switch p {
		case PermRegistryRead, PermModuleProjects, PermModuleSafety, PermModuleSoilWater, PermModuleEnergy:
			return true
		}
	case RoleInspector:
		return p == PermRegistryRead || p == PermModuleSafety
	}
	return false
}
