// Package attraction is the investment-attraction part of S1 (招商引资):
// leads through 线索 → 研判 → 在谈 → 签约 → 履约/落地 → 开工 → 投产 → 达产
// with a dated, forward-only stage history; their signings (a project
// counts once, at its first signing; an increase counts only what it
// adds); the ledger of arrived funds (到位资金) by source province,
// ownership and cluster; the rates 履约率, 落地率, 开工率, 投产率 and
// 资金到位率 by year, county, park and cluster; and the hand-over of a
// landed lead to the project library without re-keying.
//
// Scope: county staff see the leads of their county, enterprise users the
// leads whose investor is their organisation, the 发改委, leaders and
// administrators everything; every query applies it in the store.
package attraction

import (
	"embed"
	"io/fs"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/registry"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

//go:embed locale/*.json
var localeFiles embed.FS

//go:embed templates/*.html
var templateFiles embed.FS

// Migrations returns the attraction schema; it migrates after
// registry.Migrations() and projects.Migrations(), whose tables it names.
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "attraction", FS: sub}
}

// Locale returns the message catalog files (zh-CN.json, en.json).
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Templates returns the page templates (component "attraction").
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "attraction", FS: sub}
}

// Object types written to the audit trail.
const (
	ObjectLead    = "attraction.lead"
	ObjectSigning = "attraction.signing"
	ObjectFund    = "attraction.fund"
	ObjectRule    = "attraction.count_rule"
)

// Date is a calendar date that reads and writes JSON as "YYYY-MM-DD".
type Date = registry.Date

// Ownership is the investor's type (引资类型), as Xinjiang's statistics
// split it (projects.md §2.9 "Xinjiang").
type Ownership string

const (
	OwnCentralSOE Ownership = "central_soe" // 央企
	OwnLocalSOE   Ownership = "local_soe"   // 地方国企
	OwnPrivate    Ownership = "private"     // 民营
	OwnForeign    Ownership = "foreign"     // 外资
)

// Ownerships returns the investor types in display order.
func Ownerships() []Ownership {
	return []Ownership{OwnCentralSOE, OwnLocalSOE, OwnPrivate, OwnForeign}
}

// Valid reports whether o is a known investor type.
func (o Ownership) Valid() bool {
	for _, x := range Ownerships() {
		if x == o {
			return true
		}
	}
	return false
}

// Lead is one investment-attraction lead (招商线索/项目).
type Lead struct {
	ID               int64           `json:"id"`
	Name             string          `json:"name"`
	InvestorName     string          `json:"investor_name"`
	InvestorProvince string          `json:"investor_province"` // source province/region (来源地)
	Ownership        Ownership       `json:"ownership"`
	InvestorOrgID    int64           `json:"investor_org_id"` // a registry organisation, 0 if not registered
	ClusterID        int64           `json:"cluster_id"`      // cluster tag (its taxonomy names the version)
	ClusterName      string          `json:"cluster_name"`
	TaxonomyVersion  string          `json:"taxonomy_version"`
	ParkID           int64           `json:"park_id"`
	ParkName         string          `json:"park_name"`
	DivisionCode     string          `json:"division_code"`
	DivisionName     string          `json:"division_name"`
	Planned          projects.Amount `json:"planned_investment"`
	Contracted       projects.Amount `json:"contracted"` // counted total of the signings
	Arrived          projects.Amount `json:"arrived"`    // sum of the funds ledger
	FirstSignedOn    Date            `json:"first_signed_on"`
	Stage            Stage           `json:"stage"`
	StageOn          Date            `json:"stage_on"`
	ProjectID        int64           `json:"project_id"` // the library project it became, 0 before
	Exclusion        Exclusion       `json:"exclusion"`  // reason it stays out of the statistics, "" if none
	Notes            string          `json:"notes"`
	Illustrative     bool            `json:"illustrative"`
	CreatedAt        time.Time       `json:"created_at"`
	UpdatedAt        time.Time       `json:"updated_at"`
}

// LeadInput creates or changes a lead. Amounts in 万元 as typed; Stage and
// StageOn apply on create only (later: Advance keeps the history).
type LeadInput struct {
	Name             string `json:"name"`
	InvestorName     string `json:"investor_name"`
	InvestorProvince string `json:"investor_province"`
	Ownership        string `json:"ownership"`
	InvestorOrgID    int64  `json:"investor_org_id"`
	ClusterID        int64  `json:"cluster_id"`
	ParkID           int64  `json:"park_id"`
	DivisionCode     string `json:"division_code"`
	Planned          string `json:"planned_investment"`
	Stage            string `json:"stage"`
	StageOn          string `json:"stage_on"`
	Exclusion        string `json:"exclusion"`
	Notes            string `json:"notes"`
	Illustrative     bool   `json:"illustrative"`
}

// StageChange is one dated step of a lead's history.
type StageChange struct {
	ID        int64     `json:"id"`
	LeadID    int64     `json:"lead_id"`
	Stage     Stage     `json:"stage"`
	On        Date      `json:"on"`
	Note      string    `json:"note"`
	By        string    `json:"by"`
	CreatedAt time.Time `json:"created_at"`
}

// StageInput moves a lead.
type StageInput struct {
	Stage string `json:"stage"`
	On    string `json:"on"`
	Note  string `json:"note"`
}

// SigningInput records a signing.
type SigningInput struct {
	Kind       string `json:"kind"`
	SignedOn   string `json:"signed_on"`
	Amount     string `json:"amount"`
	ContractNo string `json:"contract_no"`
	Notes      string `json:"notes"`
}

// Fund is one entry of the arrived-funds ledger (到位资金).
type Fund struct {
	ID             int64           `json:"id"`
	LeadID         int64           `json:"lead_id"`
	LeadName       string          `json:"lead_name"`
	DivisionCode   string          `json:"division_code"`
	ArrivedOn      Date            `json:"arrived_on"`
	Amount         projects.Amount `json:"amount"`
	SourceProvince string          `json:"source_province"`
	Ownership      Ownership       `json:"ownership"`
	ClusterID      int64           `json:"cluster_id"`
	ClusterName    string          `json:"cluster_name"`
	Official       bool            `json:"counted_in_official_total"`
	Notes          string          `json:"notes"`
	CreatedAt      time.Time       `json:"created_at"`
}

// FundInput records arrived funds; source province and ownership default
// to the lead's investor, Official (counted in the official total) to
// true: the exceptions (e.g. "不含石油、外资" in some years) are marked.
type FundInput struct {
	ArrivedOn      string `json:"arrived_on"`
	Amount         string `json:"amount"`
	SourceProvince string `json:"source_province"`
	Ownership      string `json:"ownership"`
	Official       *bool  `json:"counted_in_official_total"`
	Notes          string `json:"notes"`
}

// LeadDetail is a lead with its history, signings and funds.
type LeadDetail struct {
	Lead
	History  []StageChange `json:"history"`
	Signings []Signing     `json:"signings"`
	Funds    []Fund        `json:"funds"`
}

// LeadFilter selects leads. Limit 0 is the default page, negative every row.
type LeadFilter struct {
	Q            string
	Stage        string
	DivisionCode string
	ParkID       int64
	ClusterID    int64
	Limit        int
	Offset       int
}

// FundFilter selects ledger entries.
type FundFilter struct {
	LeadID       int64
	Year         int
	DivisionCode string
	Limit        int
	Offset       int
}
