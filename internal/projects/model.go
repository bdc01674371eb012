// Package projects is the backbone of S1 (园区与重点项目调度): the project
// library with national project codes, dated stage history, phases,
// milestones and the 前期 approvals checklist; annual key-project lists
// with a frozen baseline and logged changes; monthly progress reports with
// the physical-basis and statistical (入库) figures and corrections kept in
// history; and the dispatch measures — 投资完成率, 序时进度 and its gap, SPI
// against the project's plan or a seasonal curve, 开工率, enrolment lag —
// with red/yellow/green lights from rule sets that are data.
//
// Scope: county staff see their county's projects, enterprise users the
// projects their organisation owns, the 发改委 (bureau_dev), leaders and
// administrators everything; every query applies it in the store.
package projects

import (
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/registry"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

//go:embed locale/*.json
var localeFiles embed.FS

// Migrations returns the projects schema. It references the registry's
// tables, so it migrates after registry.Migrations().
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "projects", FS: sub}
}

// Locale returns the module's message catalog files (zh-CN.json, en.json).
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Object types written to the audit trail.
const (
	ObjectProject  = "projects.project"
	ObjectList     = "projects.list"
	ObjectReport   = "projects.report"
	ObjectRuleSet  = "projects.rule_set"
	ObjectSettings = "projects.settings"
)

// Date is a calendar date that reads and writes JSON as "YYYY-MM-DD".
type Date = registry.Date

// MarshalJSON writes the amount as a decimal string in 万元 with two
// decimals ("1234.50"): exact, never through float64, and the same shape
// the API takes amounts in.
func (a Amount) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// UnmarshalJSON reads the decimal string (or a bare number) that
// MarshalJSON writes, for Go clients of the API.
func (a *Amount) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		s = string(b)
	}
	v, problem := ParseAmount(s)
	if problem != "" {
		return errors.New("projects: amount " + strconv.Quote(s) + ": " + problem)
	}
	*a = v
	return nil
}

// OpenAPIType tells the API document the amount is a decimal string.
func (Amount) OpenAPIType() string { return "decimal" }

// MarshalJSON writes the month as "YYYY-MM" or null.
func (m Month) MarshalJSON() ([]byte, error) {
	if m == 0 {
		return []byte("null"), nil
	}
	return json.Marshal(m.String())
}

// OpenAPIType tells the API document the month is a string.
func (Month) OpenAPIType() string { return "year-month" }

// Project is one investment project of the library (项目库).
type Project struct {
	ID int64 `json:"id"`
	// Code is the national project code (项目代码), "" for reserve projects.
	Code              string `json:"code"`
	Name              string `json:"name"`
	OwnerOrgID        int64  `json:"owner_org_id"` // 业主 enterprise; 0: not yet known
	OwnerName         string `json:"owner_name"`
	ParkID            int64  `json:"park_id"`
	ParkName          string `json:"park_name"`
	DivisionCode      string `json:"division_code"`
	DivisionName      string `json:"division_name"`
	ParentID          int64  `json:"parent_id"`  // 打包 package this project belongs to
	Sector            string `json:"sector"`     // 产业类/基础设施类/民生类 …
	BuildType         string `json:"build_type"` // 新建/扩建/技改 …
	TotalInvestment   Amount `json:"total_investment"`
	PriorCompleted    Amount `json:"prior_completed"` // completed before the first report here
	Capacity          string `json:"capacity"`
	Products          string `json:"products"`
	LeaderPersonID    int64  `json:"leader_person_id"` // 包联 leader
	LeaderName        string `json:"leader_name"`
	ResponsibleOrgID  int64  `json:"responsible_org_id"` // 责任单位
	ResponsibleName   string `json:"responsible_name"`
	ResponsiblePerson string `json:"responsible_person"`
	Stage             Stage  `json:"stage"`
	StageOn           Date   `json:"stage_on"`
	PlannedStart      Month  `json:"planned_start_month"`
	StartMonth        Month  `json:"start_month"`
	EnrolledMonth     Month  `json:"enrolled_month"` // 入库
	StatsID           string `json:"stats_id"`
	Notes             string `json:"notes"`
	Illustrative      bool   `json:"illustrative"`
	// Clusters are the cluster tags, each naming its taxonomy version.
	Clusters  []registry.ClusterRef `json:"clusters"`
	CreatedAt time.Time             `json:"created_at"`
	UpdatedAt time.Time             `json:"updated_at"`
}

// ProjectInput creates or changes a project. Amounts are in 万元 as typed
// ("1234.56"); months "YYYY-MM"; Stage and StageOn only apply on create
// (later changes go through ChangeStage, which keeps the history).
type ProjectInput struct {
	Code              string  `json:"code"`
	Name              string  `json:"name"`
	OwnerOrgID        int64   `json:"owner_org_id"`
	ParkID            int64   `json:"park_id"`
	DivisionCode      string  `json:"division_code"`
	ParentID          int64   `json:"parent_id"`
	Sector            string  `json:"sector"`
	BuildType         string  `json:"build_type"`
	TotalInvestment   string  `json:"total_investment"`
	PriorCompleted    string  `json:"prior_completed"`
	Capacity          string  `json:"capacity"`
	Products          string  `json:"products"`
	LeaderPersonID    int64   `json:"leader_person_id"`
	ResponsibleOrgID  int64   `json:"responsible_org_id"`
	ResponsiblePerson string  `json:"responsible_person"`
	Stage             string  `json:"stage"`
	StageOn           string  `json:"stage_on"`
	PlannedStart      string  `json:"planned_start_month"`
	EnrolledMonth     string  `json:"enrolled_month"`
	StatsID           string  `json:"stats_id"`
	Notes             string  `json:"notes"`
	Illustrative      bool    `json:"illustrative"`
	ClusterIDs        []int64 `json:"cluster_ids"`
}

// Input returns the project as input, for a change of some of its fields.
func (p Project) Input() ProjectInput {
	ids := make([]int64, 0, len(p.Clusters))
	for _, c := range p.Clusters {
		ids = append(ids, c.ID)
	}
	return ProjectInput{Code: p.Code, Name: p.Name, OwnerOrgID: p.OwnerOrgID, ParkID: p.ParkID, DivisionCode: p.DivisionCode,
		ParentID: p.ParentID, Sector: p.Sector, BuildType: p.BuildType, TotalInvestment: p.TotalInvestment.String(),
		PriorCompleted: p.PriorCompleted.String(), Capacity: p.Capacity, Products: p.Products, LeaderPersonID: p.LeaderPersonID,
		ResponsibleOrgID: p.ResponsibleOrgID, ResponsiblePerson: p.ResponsiblePerson, Stage: string(p.Stage),
		StageOn: p.StageOn.String(), PlannedStart: p.PlannedStart.String(), EnrolledMonth: p.EnrolledMonth.String(),
		StatsID: p.StatsID, Notes: p.Notes, Illustrative: p.Illustrative, ClusterIDs: ids}
}

// ProjectFilter selects projects. Limit 0 is the default page (50), a
// negative Limit every row (exports).
type ProjectFilter struct {
	Q            string
	Code         string // exact national project code
	DivisionCode string
	ParkID       int64
	OwnerOrgID   int64
	ClusterID    int64
	Stage        string
	ListID       int64 // members of a list (not removed)
	Limit        int
	Offset       int
}

// StageChange is one row of a project's stage history.
type StageChange struct {
	ID         int64     `json:"id"`
	ProjectID  int64     `json:"project_id"`
	PhaseID    int64     `json:"phase_id"`
	Stage      Stage     `json:"stage"`
	On         Date      `json:"on"`
	Note       string    `json:"note"`
	RecordedBy string    `json:"recorded_by"`
	RecordedAt time.Time `json:"recorded_at"`
}

// StageInput records a stage change on a day ("YYYY-MM-DD"), optionally
// of one phase (部分投产 of phase 1).
type StageInput struct {
	Stage   string `json:"stage"`
	On      string `json:"on"`
	PhaseID int64  `json:"phase_id"`
	Note    string `json:"note"`
}

// Phase is one phase (分期) of a project.
type Phase struct {
	ID         int64  `json:"id"`
	ProjectID  int64  `json:"project_id"`
	Seq        int    `json:"seq"`
	Name       string `json:"name"`
	Capacity   string `json:"capacity"`
	Investment Amount `json:"investment"`
	Notes      string `json:"notes"`
}

// PhaseInput creates or changes a phase.
type PhaseInput struct {
	Seq        int    `json:"seq"`
	Name       string `json:"name"`
	Capacity   string `json:"capacity"`
	Investment string `json:"investment"`
	Notes      string `json:"notes"`
}

// MilestoneKind names a milestone (节点).
type MilestoneKind string

const (
	MilestoneLand       MilestoneKind = "land"       // 供地/土地平整
	MilestoneStart      MilestoneKind = "start"      // 开工
	MilestoneTrial      MilestoneKind = "trial"      // 试生产
	MilestoneProduction MilestoneKind = "production" // 投产
	MilestoneFull       MilestoneKind = "full"       // 达产
	MilestoneCompletion MilestoneKind = "completion" // 竣工验收
	MilestoneOther      MilestoneKind = "other"
)

// MilestoneKinds lists the milestone kinds in life order.
func MilestoneKinds() []MilestoneKind {
	return []MilestoneKind{MilestoneLand, MilestoneStart, MilestoneTrial, MilestoneProduction, MilestoneFull, MilestoneCompletion, MilestoneOther}
}

// Milestone is a planned and (once met) actual date.
type Milestone struct {
	ID        int64         `json:"id"`
	ProjectID int64         `json:"project_id"`
	PhaseID   int64         `json:"phase_id"`
	Kind      MilestoneKind `json:"kind"`
	Name      string        `json:"name"`
	Planned   Date          `json:"planned"`
	Actual    Date          `json:"actual"`
	Notes     string        `json:"notes"`
}

// MilestoneInput creates or changes a milestone; dates "YYYY-MM-DD" or "".
type MilestoneInput struct {
	PhaseID int64  `json:"phase_id"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Planned string `json:"planned"`
	Actual  string `json:"actual"`
	Notes   string `json:"notes"`
}

// ApprovalStatus is where one 前期 approval stands.
type ApprovalStatus string

const (
	ApprovalPending     ApprovalStatus = "pending"      // 办理中
	ApprovalObtained    ApprovalStatus = "obtained"     // 已取得
	ApprovalNotRequired ApprovalStatus = "not_required" // 不涉及
)

// ApprovalStatuses lists the statuses.
func ApprovalStatuses() []ApprovalStatus {
	return []ApprovalStatus{ApprovalPending, ApprovalObtained, ApprovalNotRequired}
}

// Approval is one item of a project's 前期 checklist. Kinds without a row
// are shown as pending.
type Approval struct {
	KindCode   string         `json:"kind_code"`
	KindName   string         `json:"kind_name"`
	Status     ApprovalStatus `json:"status"`
	DocNo      string         `json:"doc_no"`
	ObtainedOn Date           `json:"obtained_on"`
	Notes      string         `json:"notes"`
}

// ApprovalInput sets one checklist item.
type ApprovalInput struct {
	KindCode   string `json:"kind_code"`
	Status     string `json:"status"`
	DocNo      string `json:"doc_no"`
	ObtainedOn string `json:"obtained_on"`
	Notes      string `json:"notes"`
}

// ItemCategory is why a project is on a year's list.
type ItemCategory string

const (
	CategoryNew        ItemCategory = "new"        // 新建/新开工
	CategoryContinuing ItemCategory = "continuing" // 续建
	CategoryReserve    ItemCategory = "reserve"    // 储备/前期
)

// ItemCategories lists the categories.
func ItemCategories() []ItemCategory {
	return []ItemCategory{CategoryNew, CategoryContinuing, CategoryReserve}
}

// AnnualList is an annual key-project list (年度重点项目清单).
type AnnualList struct {
	ID           int64     `json:"id"`
	Year         int       `json:"year"`
	Name         string    `json:"name"`
	Issuer       string    `json:"issuer"`
	DivisionCode string    `json:"division_code"`
	RuleSetID    int64     `json:"rule_set_id"` // 0: the set in force for the year
	CurveID      int64     `json:"curve_id"`    // 0: the linear curve
	AdoptedAt    time.Time `json:"adopted_at"`  // zero: draft, baseline not frozen
	AdoptedBy    string    `json:"adopted_by"`
	Notes        string    `json:"notes"`
	Items        int       `json:"items"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Adopted reports whether the list's baseline is frozen.
func (l AnnualList) Adopted() bool { return !l.AdoptedAt.IsZero() }

// ListInput creates or changes a list.
type ListInput struct {
	Year         int    `json:"year"`
	Name         string `json:"name"`
	Issuer       string `json:"issuer"`
	DivisionCode string `json:"division_code"`
	RuleSetID    int64  `json:"rule_set_id"`
	CurveID      int64  `json:"curve_id"`
	Notes        string `json:"notes"`
}

// ListItem is a project's membership of a list with its plan for the year.
type ListItem struct {
	ListID       int64        `json:"list_id"`
	ProjectID    int64        `json:"project_id"`
	ProjectName  string       `json:"project_name"`
	Category     ItemCategory `json:"category"`
	AnnualPlan   Amount       `json:"annual_plan"`
	PlannedStart Month        `json:"planned_start_month"`
	InBaseline   bool         `json:"in_baseline"`
	BaselinePlan *Amount      `json:"baseline_plan"`
	Removed      bool         `json:"removed"`
	// Monthly is the current monthly plan, Jan–Dec (empty: none given).
	Monthly []Amount `json:"monthly"`
	// BaselineMonthly is the monthly plan frozen at adoption.
	BaselineMonthly []Amount `json:"baseline_monthly"`
}

// ItemInput puts a project on a list or changes its plan. Monthly, if
// given, has 12 amounts in 万元 summing to AnnualPlan. Reason is required
// once the list is adopted (年中调整 are logged).
type ItemInput struct {
	ProjectID    int64    `json:"project_id"`
	Category     string   `json:"category"`
	AnnualPlan   string   `json:"annual_plan"`
	PlannedStart string   `json:"planned_start_month"`
	Monthly      []string `json:"monthly"`
	Reason       string   `json:"reason"`
}

// ListChange is one logged change of an adopted list.
type ListChange struct {
	ID        int64     `json:"id"`
	ListID    int64     `json:"list_id"`
	ProjectID int64     `json:"project_id"`
	Kind      string    `json:"kind"` // add, replan, remove
	Reason    string    `json:"reason"`
	Before    string    `json:"before"`
	After     string    `json:"after"`
	ChangedBy string    `json:"changed_by"`
	ChangedAt time.Time `json:"changed_at"`
}

// ProgressReport is one revision of a project's monthly progress report.
type ProgressReport struct {
	ID             int64     `json:"id"`
	ProjectID      int64     `json:"project_id"`
	Month          Month     `json:"month"`
	Revision       int       `json:"revision"` // 1, then 2, 3 … for corrections
	Current        bool      `json:"current"`
	PhysicalAmount Amount    `json:"physical_amount"` // 本月完成投资 (实物工作量)
	StatsAmount    Amount    `json:"stats_amount"`    // 本月入库/统计口径完成投资
	PhysicalPct    *int      `json:"physical_pct"`    // 形象进度 percent, if given
	Narrative      string    `json:"narrative"`       // 形象进度
	Problems       string    `json:"problems"`        // 存在问题
	Reporter       string    `json:"reporter"`
	ReportedAt     time.Time `json:"reported_at"`
	AfterLock      bool      `json:"after_lock"` // a bureau correction after the deadline
	Photos         []int64   `json:"photos"`     // photo ids: GET /project-photos/{id}
}

// ReportInput is one month's report; amounts in 万元, month "YYYY-MM".
type ReportInput struct {
	ProjectID      int64  `json:"project_id"`
	Month          string `json:"month"`
	PhysicalAmount string `json:"physical_amount"`
	StatsAmount    string `json:"stats_amount"`
	PhysicalPct    string `json:"physical_pct"`
	Narrative      string `json:"narrative"`
	Problems       string `json:"problems"`
}

// RuleSet is one issuing government's red/yellow/green rules for a year.
type RuleSet struct {
	ID            int64     `json:"id"`
	Code          string    `json:"code"`
	Name          string    `json:"name"`
	Issuer        string    `json:"issuer"`
	Year          int       `json:"year"`
	EffectiveFrom Date      `json:"effective_from"`
	EffectiveTo   Date      `json:"effective_to"`
	Source        string    `json:"source"`
	Notes         string    `json:"notes"`
	Illustrative  bool      `json:"illustrative"`
	Rules         []Rule    `json:"rules"`
	CreatedAt     time.Time `json:"created_at"`
}

// RuleSetInput creates a rule set with its rules.
type RuleSetInput struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Issuer        string `json:"issuer"`
	Year          int    `json:"year"`
	EffectiveFrom string `json:"effective_from"`
	EffectiveTo   string `json:"effective_to"`
	Source        string `json:"source"`
	Notes         string `json:"notes"`
	Illustrative  bool   `json:"illustrative"`
	Rules         []Rule `json:"rules"`
}

// Curve is a seasonal planned-value curve: 12 monthly weights.
type Curve struct {
	ID           int64   `json:"id"`
	Code         string  `json:"code"`
	Name         string  `json:"name"`
	Weights      [12]int `json:"weights"`
	Notes        string  `json:"notes"`
	Illustrative bool    `json:"illustrative"`
}

// Measure is a project-month's dispatch figures on a list, as computed
// and as printed (percent strings to one decimal, as reports print them).
type Measure struct {
	ProjectID    int64  `json:"project_id"`
	ListID       int64  `json:"list_id"`
	Month        Month  `json:"month"`
	AnnualPlan   Amount `json:"annual_plan"`
	MonthAmount  Amount `json:"month_amount"`  // this month, physical basis
	YearToDate   Amount `json:"year_to_date"`  // A_m, physical basis
	StatsToDate  Amount `json:"stats_to_date"` // A_m, 入库 figure
	Cumulative   Amount `json:"cumulative"`    // since the start, incl. prior
	PVPlan       string `json:"pv_plan"`       // from the monthly plan, 万元
	PVCurve      string `json:"pv_curve"`      // from the list's curve, 万元
	Completion   string `json:"completion_pct"`
	Schedule     string `json:"schedule_pct"`
	GapPP        string `json:"gap_pp"`
	SPIPlan      string `json:"spi_plan"`
	SPICurve     string `json:"spi_curve"`
	SPITPlan     string `json:"spi_t_plan"`  // earned schedule ÷ months (Lipke), monthly plan
	SPITCurve    string `json:"spi_t_curve"` // earned schedule ÷ months, seasonal curve
	StartOverdue int    `json:"start_overdue_months"`
	EnrolmentLag int    `json:"enrolment_lag_months"`
	Reported     bool   `json:"reported"` // a report exists for the month
	// Figures are the exact values rules are applied to.
	Figures Figures `json:"-"`
}

// Light is a stored red/yellow/green verdict with what produced it.
type Light struct {
	ID          int64     `json:"id"`
	ProjectID   int64     `json:"project_id"`
	ProjectName string    `json:"project_name"`
	ListID      int64     `json:"list_id"`
	Month       Month     `json:"month"`
	Colour      Colour    `json:"colour"`
	RuleSetID   int64     `json:"rule_set_id"`
	Findings    []Finding `json:"findings"`
	// Figures are the metric values as exact decimals ("-13.8333").
	Figures    map[string]string `json:"figures"`
	ComputedAt time.Time         `json:"computed_at"`
}

// DispatchGroup is how the dispatch table is totalled.
type DispatchGroup string

const (
	GroupProject DispatchGroup = "project"
	GroupCounty  DispatchGroup = "county"
	GroupPark    DispatchGroup = "park"
	GroupCluster DispatchGroup = "cluster"
	GroupWhole   DispatchGroup = "prefecture"
)

// DispatchRow is one line of the dispatch table (调度表): a project, county,
// park, cluster or the whole prefecture, for one list and month.
type DispatchRow struct {
	Key         string `json:"key"`
	Name        string `json:"name"`
	Projects    int    `json:"projects"`
	AnnualPlan  Amount `json:"annual_plan"`
	YearToDate  Amount `json:"year_to_date"`
	StatsToDate Amount `json:"stats_to_date"`
	Completion  string `json:"completion_pct"`
	Schedule    string `json:"schedule_pct"`
	GapPP       string `json:"gap_pp"`
	// PlannedStarts and Started give 开工率 (started ÷ planned starts, year to date).
	PlannedStarts int    `json:"planned_starts"`
	Started       int    `json:"started"`
	StartRate     string `json:"start_rate_pct"`
	Red           int    `json:"red"`
	Yellow        int    `json:"yellow"`
	Green         int    `json:"green"`
	Colour        Colour `json:"colour"` // the project's light (project rows)
	// SPIPlan and SPICurve are side by side on project rows: PV from the
	// project's monthly plan and from the list's seasonal curve.
	SPIPlan  string `json:"spi_plan,omitempty"`
	SPICurve string `json:"spi_curve,omitempty"`
}
