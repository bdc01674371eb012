// Package registry is the shared register every module uses (基础信息):
// administrative divisions, parks, organisations, versioned industrial-cluster
// taxonomies and people. Counties, parks and enterprises show up in every
// other domain, so they are kept once, here, and every read and write of a
// scoped record goes through the scope of the acting principal in the store.
package registry

import (
	"bytes"
	"embed"
	"encoding/json"
	"io/fs"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/web"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

//go:embed locale/*.json
var localeFiles embed.FS

//go:embed templates/*.html
var templateFiles embed.FS

// Migrations returns the registry schema.
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "registry", FS: sub}
}

// Locale returns the registry's message catalog files (zh-CN.json, en.json).
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Templates returns the registry's page templates.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "registry", FS: sub}
}

// Object types written to the audit trail.
const (
	ObjectDivision     = "registry.division"
	ObjectPark         = "registry.park"
	ObjectOrganisation = "registry.organisation"
	ObjectTaxonomy     = "registry.taxonomy"
	ObjectCluster      = "registry.cluster"
	ObjectPerson       = "registry.person"
)

// Date is a calendar date that reads and writes JSON as "YYYY-MM-DD"
// (db.Date alone would print a full timestamp). The zero value is null.
type Date struct{ db.Date }

// DateOf truncates t to its calendar date.
func DateOf(t time.Time) Date { return Date{db.DateOf(t)} }

// MarshalJSON writes "YYYY-MM-DD" or null.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	v, err := db.ParseDate(s)
	if err != nil {
		return err
	}
	*d = Date{v}
	return nil
}

// OpenAPIType tells the API document this is a date string.
func (Date) OpenAPIType() string { return "date" }

// DivisionLevel is the tier of an administrative division.
type DivisionLevel string

const (
	LevelProvince   DivisionLevel = "province"   // 省级 (e.g. 650000 新疆维吾尔自治区)
	LevelPrefecture DivisionLevel = "prefecture" // 地级 (e.g. 652300 昌吉回族自治州)
	LevelCounty     DivisionLevel = "county"     // 县级 (e.g. 652327 吉木萨尔县)
)

// DivisionLevels lists the levels in the order forms offer them.
func DivisionLevels() []DivisionLevel {
	return []DivisionLevel{LevelProvince, LevelPrefecture, LevelCounty}
}

// Division is an administrative division (行政区划) with its GB/T 2260 code.
type Division struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Level      DivisionLevel `json:"level"`
	ParentCode string        `json:"parent_code"`
	CreatedAt  time.Time     `json:"created_at"`
	UpdatedAt  time.Time     `json:"updated_at"`
}

// DivisionInput is what a form, the API or the demo loader gives to create
// or change a division. Level and ParentCode may be left empty: they follow
// from the code.
type DivisionInput struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	ParentCode string `json:"parent_code"`
}

// ParkLevel is who approved a park.
type ParkLevel string

const (
	ParkNational ParkLevel = "national" // 国家级
	ParkRegional ParkLevel = "regional" // 自治区级
)

// ParkLevels lists the park levels.
func ParkLevels() []ParkLevel { return []ParkLevel{ParkNational, ParkRegional} }

// ParkKind is the type of development zone.
type ParkKind string

const (
	ParkEconTech     ParkKind = "econ_tech"      // 经开区 economic-technological development zone
	ParkHighTech     ParkKind = "high_tech"      // 高新区 high-tech industrial development zone
	ParkAgriHighTech ParkKind = "agri_high_tech" // 农高区 agricultural high-tech demonstration zone
	ParkIndustrial   ParkKind = "industrial"     // 工业园区 industrial park
)

// ParkKinds lists the park kinds.
func ParkKinds() []ParkKind {
	return []ParkKind{ParkEconTech, ParkHighTech, ParkAgriHighTech, ParkIndustrial}
}

// Park is an industrial park or development zone (园区). It belongs to the
// county whose code it carries.
type Park struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	ShortName    string    `json:"short_name"`
	Level        ParkLevel `json:"level"`
	Kind         ParkKind  `json:"kind"`
	DivisionCode string    `json:"division_code"`
	DivisionName string    `json:"division_name"`
	Committee    string    `json:"committee"` // 管委会
	AreaKm2      *float64  `json:"area_km2"`
	Established  Date      `json:"established"`
	Notes        string    `json:"notes"`
	// Illustrative marks demo records that are not from the source page.
	Illustrative bool      `json:"illustrative"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ParkInput creates or changes a park. Established is "YYYY-MM-DD" or "".
type ParkInput struct {
	Name         string   `json:"name"`
	ShortName    string   `json:"short_name"`
	Level        string   `json:"level"`
	Kind         string   `json:"kind"`
	DivisionCode string   `json:"division_code"`
	Committee    string   `json:"committee"`
	AreaKm2      *float64 `json:"area_km2"`
	Established  string   `json:"established"`
	Notes        string   `json:"notes"`
	Illustrative bool     `json:"illustrative"`
}

// OrgKind tells enterprises from government units.
type OrgKind string

const (
	OrgEnterprise OrgKind = "enterprise" // 企业
	OrgGovernment OrgKind = "government" // 政府部门/事业单位
)

// OrgKinds lists the organisation kinds.
func OrgKinds() []OrgKind { return []OrgKind{OrgEnterprise, OrgGovernment} }

// ClusterRef is a cluster an organisation is tagged with, named with its
// taxonomy version so that tags of old and new taxonomies can be told apart.
type ClusterRef struct {
	ID              int64  `json:"id"`
	Code            string `json:"code"`
	Name            string `json:"name"`
	TaxonomyID      int64  `json:"taxonomy_id"`
	TaxonomyCode    string `json:"taxonomy_code"`
	TaxonomyVersion string `json:"taxonomy_version"`
	TaxonomyName    string `json:"taxonomy_name"`
}

// Organisation is an enterprise or a government unit (组织机构).
type Organisation struct {
	ID   int64   `json:"id"`
	Kind OrgKind `json:"kind"`
	Name string  `json:"name"`
	// USCC is the unified social credit code (统一社会信用代码), "" if none.
	USCC         string       `json:"uscc"`
	DivisionCode string       `json:"division_code"`
	DivisionName string       `json:"division_name"`
	ParkID       int64        `json:"park_id"` // 0: not in a park
	ParkName     string       `json:"park_name"`
	Industry     string       `json:"industry"`
	LegalRep     string       `json:"legal_rep"` // 法定代表人
	Principal    string       `json:"principal"` // 主要负责人/第一责任人
	Phone        string       `json:"phone"`
	Address      string       `json:"address"`
	Notes        string       `json:"notes"`
	Illustrative bool         `json:"illustrative"`
	Clusters     []ClusterRef `json:"clusters"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// OrgInput creates or changes an organisation. ParkID 0 means none;
// ClusterIDs replaces the organisation's cluster tags.
type OrgInput struct {
	Kind         string  `json:"kind"`
	Name         string  `json:"name"`
	USCC         string  `json:"uscc"`
	DivisionCode string  `json:"division_code"`
	ParkID       int64   `json:"park_id"`
	Industry     string  `json:"industry"`
	LegalRep     string  `json:"legal_rep"`
	Principal    string  `json:"principal"`
	Phone        string  `json:"phone"`
	Address      string  `json:"address"`
	Notes        string  `json:"notes"`
	Illustrative bool    `json:"illustrative"`
	ClusterIDs   []int64 `json:"cluster_ids"`
}

// Taxonomy is one version of an industrial-cluster taxonomy (产业集群分类),
// e.g. the prefecture's 八大产业集群 or 昌吉农高区's "4+1". Versions are data
// with effective dates: a new policy adds a version, it does not edit code.
type Taxonomy struct {
	ID      int64  `json:"id"`
	Code    string `json:"code"`
	Version string `json:"version"`
	Name    string `json:"name"`
	Issuer  string `json:"issuer"`
	// ParkID is the park the taxonomy applies to; 0 means prefecture-wide.
	ParkID        int64  `json:"park_id"`
	ParkName      string `json:"park_name"`
	EffectiveFrom Date   `json:"effective_from"`
	// EffectiveTo is the last day in force (inclusive); zero means open-ended.
	EffectiveTo Date      `json:"effective_to"`
	Notes       string    `json:"notes"`
	Clusters    []Cluster `json:"clusters"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// InForce reports whether the taxonomy applies on day d.
func (t Taxonomy) InForce(d time.Time) bool {
	day := db.DateOf(d).Time
	if day.Before(t.EffectiveFrom.Time) {
		return false
	}
	return t.EffectiveTo.IsZero() || !day.After(t.EffectiveTo.Time)
}

// TaxonomyInput creates or changes a taxonomy version; dates are "YYYY-MM-DD".
type TaxonomyInput struct {
	Code          string `json:"code"`
	Version       string `json:"version"`
	Name          string `json:"name"`
	Issuer        string `json:"issuer"`
	ParkID        int64  `json:"park_id"`
	EffectiveFrom string `json:"effective_from"`
	EffectiveTo   string `json:"effective_to"`
	Notes         string `json:"notes"`
}

// Cluster is one industrial cluster of a taxonomy version.
type Cluster struct {
	ID         int64     `json:"id"`
	TaxonomyID int64     `json:"taxonomy_id"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	SortOrder  int       `json:"sort_order"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// ClusterInput creates or changes a cluster.
type ClusterInput struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	SortOrder int    `json:"sort_order"`
}

// Person is someone the modules name: a 包保 leader, an enterprise's
// principal person in charge (第一责任人), a contact (人员).
type Person struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Title        string    `json:"title"`
	OrgID        int64     `json:"org_id"` // 0: no organisation
	OrgName      string    `json:"org_name"`
	DivisionCode string    `json:"division_code"`
	DivisionName string    `json:"division_name"`
	Phone        string    `json:"phone"`
	RoleNote     string    `json:"role_note"`
	Notes        string    `json:"notes"`
	Illustrative bool      `json:"illustrative"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// PersonInput creates or changes a person. An empty DivisionCode takes the
// organisation's.
type PersonInput struct {
	Name         string `json:"name"`
	Title        string `json:"title"`
	OrgID        int64  `json:"org_id"`
	DivisionCode string `json:"division_code"`
	Phone        string `json:"phone"`
	RoleNote     string `json:"role_note"`
	Notes        string `json:"notes"`
	Illustrative bool   `json:"illustrative"`
}

// Filters. Limit 0 means the default page (50); a negative Limit means every
// row (exports).

// DivisionFilter selects divisions.
type DivisionFilter struct {
	Q             string
	Level         string
	Parent        string
	Limit, Offset int
}

// ParkFilter selects parks.
type ParkFilter struct {
	Q            string
	DivisionCode string // the division and everything under it
	Level        string
	Kind         string
	Limit        int
	Offset       int
}

// OrgFilter selects organisations.
type OrgFilter struct {
	Q            string
	DivisionCode string
	Kind         string
	ParkID       int64
	ClusterID    int64
	Limit        int
	Offset       int
}

// TaxonomyFilter selects taxonomy versions.
type TaxonomyFilter struct {
	Q string
	// ParkID -1 selects prefecture-wide taxonomies, > 0 one park's, 0 all.
	ParkID int64
	// InForce, if set, keeps versions in force on that day.
	InForce       time.Time
	Limit, Offset int
}

// PersonFilter selects people.
type PersonFilter struct {
	Q            string
	DivisionCode string
	OrgID        int64
	Limit        int
	Offset       int
}

// Counts is the overview page's figures, within the reader's scope.
type Counts struct {
	Divisions     int `json:"divisions"`
	Parks         int `json:"parks"`
	Organisations int `json:"organisations"`
	Enterprises   int `json:"enterprises"`
	Taxonomies    int `json:"taxonomies"`
	People        int `json:"people"`
}

// Input returns the division as input, for a change of some of its fields.
func (d Division) Input() DivisionInput {
	return DivisionInput{Code: d.Code, Name: d.Name, Level: string(d.Level), ParentCode: d.ParentCode}
}

// Input returns the park as input, for a change of some of its fields.
func (p Park) Input() ParkInput {
	return ParkInput{Name: p.Name, ShortName: p.ShortName, Level: string(p.Level), Kind: string(p.Kind),
		DivisionCode: p.DivisionCode, Committee: p.Committee, AreaKm2: p.AreaKm2, Established: p.Established.String(),
		Notes: p.Notes, Illustrative: p.Illustrative}
}

// Input returns the organisation as input, for a change of some of its fields.
func (o Organisation) Input() OrgInput {
	ids := make([]int64, 0, len(o.Clusters))
	for _, c := range o.Clusters {
		ids = append(ids, c.ID)
	}
	return OrgInput{Kind: string(o.Kind), Name: o.Name, USCC: o.USCC, DivisionCode: o.DivisionCode, ParkID: o.ParkID,
		Industry: o.Industry, LegalRep: o.LegalRep, Principal: o.Principal, Phone: o.Phone, Address: o.Address,
		Notes: o.Notes, Illustrative: o.Illustrative, ClusterIDs: ids}
}

// Input returns the taxonomy as input, for a change of some of its fields.
func (t Taxonomy) Input() TaxonomyInput {
	return TaxonomyInput{Code: t.Code, Version: t.Version, Name: t.Name, Issuer: t.Issuer, ParkID: t.ParkID,
		EffectiveFrom: t.EffectiveFrom.String(), EffectiveTo: t.EffectiveTo.String(), Notes: t.Notes}
}

// Input returns the cluster as input, for a change of some of its fields.
func (c Cluster) Input() ClusterInput {
	return ClusterInput{Code: c.Code, Name: c.Name, SortOrder: c.SortOrder}
}

// Input returns the person as input, for a change of some of its fields.
func (p Person) Input() PersonInput {
	return PersonInput{Name: p.Name, Title: p.Title, OrgID: p.OrgID, DivisionCode: p.DivisionCode, Phone: p.Phone,
		RoleNote: p.RoleNote, Notes: p.Notes, Illustrative: p.Illustrative}
}

// chinaToday is the calendar day in China (UTC+8), the prefecture's only
// time zone, at midnight UTC like every Date.
func chinaToday() time.Time {
	return db.DateOf(time.Now().In(time.FixedZone("CST", 8*3600))).Time
}
