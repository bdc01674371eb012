// Package parkstats is item 6 of S1: park statistics and evaluation
// (园区统计与评价). Monthly and annual figures per registry park (工业总产值,
// 工业增加值 with its statistical scope, 营业收入, 税收, employment, land in
// 亩) with corrections kept as history; the prefecture's own total as the
// denominator of park shares; ranking of zones by a chosen measure;
// 高新技术企业 certificates with issue and expiry dates so counts and
// shares hold at any date; the 亩均效益 evaluation whose indicators,
// weights, benchmarks and grade bands are yearly data; and targets with
// progress.
//
// Land is kept in 亩 (mu), not hectares: every 亩均 indicator divides by
// 亩 and parks report land that way; hectares = 亩 ÷ 15 where shown.
//
// Scope: county/park staff (local_staff) enter and see their county's
// parks; enterprise users see their own certificates and evaluation
// results; the 发改委 (bureau_dev), leaders and administrators see all.
// The prefecture total and the prefecture's certificate count are the
// denominators every county's share needs, so the shares read them as
// aggregates without revealing any record outside the caller's scope.
package parkstats

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

// Migrations returns the schema. It references the registry's tables, so
// it migrates after registry.Migrations().
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "parkstats", FS: sub}
}

// Locale returns the message catalog files (zh-CN.json, en.json).
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Templates returns the page templates.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "parkstats", FS: sub}
}

// Object types written to the audit trail.
const (
	ObjectFigure      = "parkstats.figure"
	ObjectCertificate = "parkstats.certificate"
	ObjectSheet       = "parkstats.mj_sheet"
	ObjectMJInput     = "parkstats.mj_input"
	ObjectEvaluation  = "parkstats.mj_evaluation"
	ObjectTarget      = "parkstats.target"
	ObjectProgress    = "parkstats.target_progress"
	ObjectSettings    = "parkstats.settings"
)

// Amount is money in hundredths of 万元 (see projects.Amount).
type Amount = projects.Amount

// Qty is a non-money quantity with two decimals (亩, 吨标准煤, 吨, 万千瓦时),
// kept exactly like Amount: an integer of hundredths.
type Qty = projects.Amount

// Date is a calendar date that reads and writes JSON as "YYYY-MM-DD".
type Date = registry.Date

// PeriodKind tells monthly from annual figures.
type PeriodKind string

const (
	Monthly PeriodKind = "month" // period is yyyymm
	Annual  PeriodKind = "year"  // period is yyyy
)

// Measure is a column of the park table, and what zones can be ranked by.
type Measure string

const (
	MGrossOutput Measure = "gross_output" // 工业总产值
	MAddedValue  Measure = "added_value"  // 工业增加值
	MRevenue     Measure = "revenue"      // 营业收入
	MTax         Measure = "tax"          // 税收
	MEmployment  Measure = "employment"   // 从业人员
	MLand        Measure = "land_mu"      // 用地 (亩)
)

// Measures lists the measures in table order.
func Measures() []Measure {
	return []Measure{MGrossOutput, MAddedValue, MRevenue, MTax, MEmployment, MLand}
}

// Figure is one revision of a park's (or, with ParkID 0, the
// prefecture's) figures for a month or a year. Nil means not reported.
type Figure struct {
	ID           int64      `json:"id"`
	ParkID       int64      `json:"park_id"`
	ParkName     string     `json:"park_name"`
	DivisionCode string     `json:"division_code"`
	Kind         PeriodKind `json:"kind"`
	Period       int        `json:"period"`
	Scope        StatScope  `json:"stat_scope"`
	GrossOutput  *Amount    `json:"gross_output"`
	AddedValue   *Amount    `json:"added_value"`
	Revenue      *Amount    `json:"revenue"`
	Tax          *Amount    `json:"tax"`
	Employment   *int64     `json:"employment"`
	LandMu       *Qty       `json:"land_mu"`
	Revision     int        `json:"revision"`
	Current      bool       `json:"current"`
	Note         string     `json:"note"`
	Illustrative bool       `json:"illustrative"`
	Reporter     string     `json:"reporter"`
	ReportedAt   time.Time  `json:"reported_at"`
}

// Value returns measure m as an integer (hundredths for money and land,
// persons for employment) for ranking; ok false when not reported.
func (f *Figure) Value(m Measure) (int64, bool) {
	if f == nil {
		return 0, false
	}
	var a *Amount
	switch m {
	case MGrossOutput:
		a = f.GrossOutput
	case MAddedValue:
		a = f.AddedValue
	case MRevenue:
		a = f.Revenue
	case MTax:
		a = f.Tax
	case MLand:
		a = f.LandMu
	case MEmployment:
		if f.Employment == nil {
			return 0, false
		}
		return *f.Employment, true
	}
	if a == nil {
		return 0, false
	}
	return int64(*a), true
}

// PeriodLabel writes the period as "2023-05" or "2023".
func (f Figure) PeriodLabel() string { return periodLabel(f.Kind, f.Period) }

// FigureInput enters a park's figures, or with ParkID 0 the prefecture's
// (DivisionCode then names the prefecture). Period is "YYYY-MM" for a
// monthly and "YYYY" for an annual figure; amounts in 万元, land in 亩;
// "" leaves a figure unreported.
type FigureInput struct {
	ParkID       int64  `json:"park_id"`
	DivisionCode string `json:"division_code"`
	Kind         string `json:"kind"`
	Period       string `json:"period"`
	Scope        string `json:"stat_scope"`
	GrossOutput  string `json:"gross_output"`
	AddedValue   string `json:"added_value"`
	Revenue      string `json:"revenue"`
	Tax          string `json:"tax"`
	Employment   string `json:"employment"`
	LandMu       string `json:"land_mu"`
	Note         string `json:"note"`
	Illustrative bool   `json:"illustrative"`
}

// ParkRow is one park of the park table.
type ParkRow struct {
	ParkID    int64   `json:"park_id"`
	ParkName  string  `json:"park_name"`
	ShortName string  `json:"short_name"`
	Level     string  `json:"level"`
	Division  string  `json:"division_code"`
	Figure    *Figure `json:"figure"`
	// ShareBP is the park's added value ÷ the prefecture's, in basis
	// points; nil when either is missing or their scopes differ.
	ShareBP  *int64 `json:"share_bp"`
	Rank     int    `json:"rank"`
	HighTech int    `json:"high_tech"`
}

// ParkTable is every visible park's figures for one period, ranked.
type ParkTable struct {
	Kind       PeriodKind `json:"kind"`
	Period     int        `json:"period"`
	RankBy     Measure    `json:"rank_by"`
	Prefecture *Figure    `json:"prefecture"`
	Rows       []ParkRow  `json:"rows"`
	// ParksAddedValue sums the rows' added value; ParksShareBP is its share
	// of the prefecture's, nil with ShareProblem when it cannot be taken
	// (scopes mixed, no prefecture figure).
	ParksAddedValue Amount `json:"parks_added_value"`
	ParksShareBP    *int64 `json:"parks_share_bp"`
	ShareProblem    string `json:"share_problem"`
	// HighTechDay is the day certificates are counted on (the period's
	// last day); HighTechTotal the prefecture's count that day.
	HighTechDay   Date `json:"high_tech_day"`
	HighTechTotal int  `json:"high_tech_total"`
}

// TableQuery selects a park table. Prefecture "" is the registry's first
// prefecture-level division.
type TableQuery struct {
	Kind       PeriodKind
	Period     int
	RankBy     Measure
	Prefecture string
}

// Certificate is a 高新技术企业 certificate of a registry organisation.
type Certificate struct {
	ID           int64     `json:"id"`
	OrgID        int64     `json:"org_id"`
	OrgName      string    `json:"org_name"`
	ParkID       int64     `json:"park_id"`
	ParkName     string    `json:"park_name"`
	DivisionCode string    `json:"division_code"`
	CertNo       string    `json:"cert_no"`
	IssuedOn     Date      `json:"issued_on"`
	ExpiresOn    Date      `json:"expires_on"`
	Notes        string    `json:"notes"`
	Illustrative bool      `json:"illustrative"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// CertificateInput enters a certificate; ExpiresOn "" is the issue date
// plus the configured validity (3 years [U]) less a day.
type CertificateInput struct {
	OrgID        int64  `json:"org_id"`
	CertNo       string `json:"cert_no"`
	IssuedOn     string `json:"issued_on"`
	ExpiresOn    string `json:"expires_on"`
	Notes        string `json:"notes"`
	Illustrative bool   `json:"illustrative"`
}

// CertFilter selects certificates; ValidOn "YYYY-MM-DD" keeps those valid
// that day.
type CertFilter struct {
	Q       string
	ParkID  int64
	ValidOn string
	Limit   int
	Offset  int
}

// HighTechCount is a park's certificates valid on a day, and its share of
// the prefecture's.
type HighTechCount struct {
	ParkID   int64  `json:"park_id"`
	ParkName string `json:"park_name"`
	Count    int    `json:"count"`
	ShareBP  *int64 `json:"share_bp"`
}

// HighTechSummary counts certificates valid on Day.
type HighTechSummary struct {
	Day        Date            `json:"day"`
	Prefecture int             `json:"prefecture"`
	Parks      []HighTechCount `json:"parks"`
}

// Population is the set of enterprises a 亩均 sheet evaluates.
type Population string

const (
	PopAboveScale Population = "above" // 规上
	PopBelowScale Population = "below" // 规下
)

// Valid reports whether p is known.
func (p Population) Valid() bool { return p == PopAboveScale || p == PopBelowScale }

// Sheet is one version of a year's 亩均 evaluation sheet. Sheets are never
// edited: a change is a new version.
type Sheet struct {
	ID           int64       `json:"id"`
	Year         int         `json:"year"`
	Population   Population  `json:"population"`
	Version      int         `json:"version"`
	Name         string      `json:"name"`
	Method       GradeMethod `json:"method"`
	ExemptGrade  string      `json:"exempt_grade"`
	Lines        []Weighted  `json:"lines"`
	Bands        []Band      `json:"bands"`
	Source       string      `json:"source"`
	Illustrative bool        `json:"illustrative"`
	CreatedAt    time.Time   `json:"created_at"`
}

// SheetInput creates a sheet version.
type SheetInput struct {
	Year         int        `json:"year"`
	Population   string     `json:"population"`
	Name         string     `json:"name"`
	Method       string     `json:"method"`
	ExemptGrade  string     `json:"exempt_grade"`
	Lines        []Weighted `json:"lines"`
	Bands        []Band     `json:"bands"`
	Source       string     `json:"source"`
	Illustrative bool       `json:"illustrative"`
}

// MJRecord is an enterprise's yearly figures for the evaluation.
type MJRecord struct {
	ID           int64      `json:"id"`
	OrgID        int64      `json:"org_id"`
	OrgName      string     `json:"org_name"`
	ParkID       int64      `json:"park_id"`
	ParkName     string     `json:"park_name"`
	DivisionCode string     `json:"division_code"`
	Year         int        `json:"year"`
	Population   Population `json:"population"`
	Tax          Amount     `json:"tax"`
	AddedValue   Amount     `json:"added_value"`
	Revenue      Amount     `json:"revenue"`
	RD           Amount     `json:"rd"`
	LandMu       Qty        `json:"land_mu"`
	EnergyTce    Qty        `json:"energy_tce"`
	EmissionT    Qty        `json:"emission_t"`
	Electricity  Qty        `json:"electricity"`
	Employees    int64      `json:"employees"`
	Exempt       bool       `json:"exempt"`
	Illustrative bool       `json:"illustrative"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// MJInput enters (or replaces) an enterprise's figures for a year.
type MJInput struct {
	OrgID        int64  `json:"org_id"`
	Year         int    `json:"year"`
	Population   string `json:"population"`
	Tax          string `json:"tax"`
	AddedValue   string `json:"added_value"`
	Revenue      string `json:"revenue"`
	RD           string `json:"rd"`
	LandMu       string `json:"land_mu"`
	EnergyTce    string `json:"energy_tce"`
	EmissionT    string `json:"emission_t"`
	Electricity  string `json:"electricity"`
	Employees    int64  `json:"employees"`
	Exempt       bool   `json:"exempt"`
	Illustrative bool   `json:"illustrative"`
}

// Result is an enterprise's stored score and grade under one sheet.
type Result struct {
	SheetID      int64     `json:"sheet_id"`
	OrgID        int64     `json:"org_id"`
	OrgName      string    `json:"org_name"`
	ParkID       int64     `json:"park_id"`
	ParkName     string    `json:"park_name"`
	DivisionCode string    `json:"division_code"`
	Score        Qty       `json:"score"`
	Rank         int       `json:"rank"`
	Grade        string    `json:"grade"`
	Exempt       bool      `json:"exempt"`
	EvaluatedAt  time.Time `json:"evaluated_at"`
}

// Target is a money figure a park or county is to reach (不低于) by the
// end of DueYear, with its latest progress.
type Target struct {
	ID           int64      `json:"id"`
	ParkID       int64      `json:"park_id"`
	ParkName     string     `json:"park_name"`
	DivisionCode string     `json:"division_code"`
	Name         string     `json:"name"`
	TargetValue  Amount     `json:"target_value"`
	BaseYear     int        `json:"base_year"`
	DueYear      int        `json:"due_year"`
	Source       string     `json:"source"`
	Illustrative bool       `json:"illustrative"`
	Latest       *Progress  `json:"latest"`
	ProgressBP   *int64     `json:"progress_bp"`
	Met          bool       `json:"met"`
	History      []Progress `json:"history,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// TargetInput creates or changes a target. ParkID 0 makes it a county's
// (or the prefecture's) target in DivisionCode.
type TargetInput struct {
	ParkID       int64  `json:"park_id"`
	DivisionCode string `json:"division_code"`
	Name         string `json:"name"`
	TargetValue  string `json:"target_value"`
	BaseYear     int    `json:"base_year"`
	DueYear      int    `json:"due_year"`
	Source       string `json:"source"`
	Illustrative bool   `json:"illustrative"`
}

// Progress is an actual figure of a target as of a day.
type Progress struct {
	ID           int64     `json:"id"`
	TargetID     int64     `json:"target_id"`
	AsOf         Date      `json:"as_of"`
	Actual       Amount    `json:"actual"`
	Note         string    `json:"note"`
	Illustrative bool      `json:"illustrative"`
	Reporter     string    `json:"reporter"`
	ReportedAt   time.Time `json:"reported_at"`
}

// ProgressInput records (or corrects) a target's actual as of a day.
type ProgressInput struct {
	AsOf         string `json:"as_of"`
	Actual       string `json:"actual"`
	Note         string `json:"note"`
	Illustrative bool   `json:"illustrative"`
}
