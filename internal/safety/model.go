// Package safety runs the campaign against major accident hazards
// (重大事故隐患排查整治, S2): the versioned criteria library (重大事故隐患判定标准),
// enterprises in scope with their principal person (第一责任人) and 包保
// leader, inspections, the hazard lifecycle to write-off (销号), enforcement
// actions with the overdue escalation ladder, public reports with rewards,
// and the statutory serious-dishonesty list (严重失信主体名单).
//
// Rules are pure functions in their own files (edition.go, lifecycle.go,
// plan.go, escalation.go, reward.go, geodesic.go, calendar.go, credit.go,
// evidence.go); amounts, ladders and criteria are data with effective dates.
package safety

import (
	"embed"
	"io/fs"

	"github.com/changji-gov/bogda/internal/platform/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

//go:embed locale/*.json
var localeFiles embed.FS

// Migrations returns the safety schema and its seed data (sectors, the
// criteria the domain reference captured, the escalation ladder, the 2018
// reward rules, the credit-list policies). It references the registry's
// tables, so it runs after registry.Migrations().
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "safety", FS: sub}
}

// Locale returns the safety message catalog (zh-CN.json, en.json).
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Object types written to the audit trail.
const (
	ObjectCriteriaSet  = "safety.criteria_set"
	ObjectCriterion    = "safety.criterion"
	ObjectEnterprise   = "safety.enterprise"
	ObjectAssignment   = "safety.assignment"
	ObjectInspection   = "safety.inspection"
	ObjectHazard       = "safety.hazard"
	ObjectEvidence     = "safety.evidence"
	ObjectAction       = "safety.action"
	ObjectReport       = "safety.report"
	ObjectReward       = "safety.reward"
	ObjectDishonesty   = "safety.dishonesty"
	ObjectLadderStep   = "safety.ladder_step"
	ObjectRewardRule   = "safety.reward_rule"
	ObjectCreditPolicy = "safety.credit_policy"
)

// Grade is the hazard grade of 16号令 §3 (隐患分级).
type Grade string

const (
	GradeGeneral Grade = "general" // 一般事故隐患: low harm, removable at once
	GradeMajor   Grade = "major"   // 重大事故隐患: needs stoppage and time, or outside help
)

// Grades lists the grades.
func Grades() []Grade { return []Grade{GradeGeneral, GradeMajor} }

// Source is how a hazard came to light.
type Source string

const (
	SourceSelf         Source = "self"       // 企业自查 enterprise self-inspection
	SourceDepartment   Source = "department" // 部门检查 department inspection
	SourcePublicReport Source = "public"     // 群众举报 public report
)

// Sources lists the sources.
func Sources() []Source { return []Source{SourceSelf, SourceDepartment, SourcePublicReport} }

// Kind is what sort of failure a hazard is, as the campaign counts them.
type Kind string

const (
	KindIllegalAct       Kind = "illegal_act"       // 违法违规行为
	KindOutsourcing      Kind = "outsourcing"       // 外包外租管理混乱
	KindEquipment        Kind = "equipment"         // 设备设施故障/缺陷
	KindManagementDefect Kind = "management_defect" // 安全管理缺陷
)

// Kinds lists the kinds.
func Kinds() []Kind {
	return []Kind{KindIllegalAct, KindOutsourcing, KindEquipment, KindManagementDefect}
}

// ListingLevel is the level of government that put a hazard under listed
// supervision (挂牌督办). Levels are local practice; these are the ones a
// prefecture meets.
type ListingLevel string

const (
	ListCounty     ListingLevel = "county"     // 县级
	ListPrefecture ListingLevel = "prefecture" // 州级
	ListProvince   ListingLevel = "province"   // 自治区级
	ListNational   ListingLevel = "national"   // 国家级
)

// ListingLevels lists the listing levels.
func ListingLevels() []ListingLevel {
	return []ListingLevel{ListCounty, ListPrefecture, ListProvince, ListNational}
}

// ActionKind is an enforcement or supervision action (执法/督办措施).
type ActionKind string

const (
	ActionSupervisionLetter ActionKind = "supervision_letter" // 督办函
	ActionSummons           ActionKind = "summons"            // 约谈
	ActionCircular          ActionKind = "circular"           // 通报
	ActionPublicNotice      ActionKind = "public_notice"      // 公开曝光
	ActionJointSanction     ActionKind = "joint_sanction"     // 联合惩戒
	ActionStopOrder         ActionKind = "stop_order"         // 停产整顿
	ActionFine              ActionKind = "fine"               // 罚款
	ActionCreditListing     ActionKind = "credit_listing"     // 纳入失信名单
)

// ActionKinds lists the action kinds.
func ActionKinds() []ActionKind {
	return []ActionKind{ActionSupervisionLetter, ActionSummons, ActionCircular, ActionPublicNotice,
		ActionJointSanction, ActionStopOrder, ActionFine, ActionCreditListing}
}

// ActionStatus is whether an action is still running.
type ActionStatus string

const (
	ActionOpen ActionStatus = "open" // 未办结
	ActionDone ActionStatus = "done" // 已办结
)
