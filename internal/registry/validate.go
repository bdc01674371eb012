package registry

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Field lengths, in characters. Names of Chinese units run long
// (新疆维吾尔自治区昌吉回族自治州…管理委员会) but not past 200.
const (
	maxName  = 200
	maxText  = 500
	maxNotes = 4000
	maxCode  = 40
)

// Shared message keys of the shell catalog.
const (
	keyRequired = "shell.form.required"
	keyTooLong  = "shell.form.too_long"
	keyBadDate  = "shell.form.bad_date"
	keyBadNum   = "shell.form.bad_number"
)

// text checks one trimmed text field.
func text(v *errs.Validation, field, val string, required bool, max int) {
	switch {
	case required && val == "":
		v.Add(field, keyRequired)
	case utf8.RuneCountInString(val) > max:
		v.Add(field, keyTooLong, max)
	}
}

// phoneOK accepts what people write as phone numbers in China: digits with
// spaces, dashes, brackets, a leading +, an extension (转), and several
// numbers separated by / , ; or 、 — but nothing else, and some digits.
func phoneOK(s string) bool {
	if s == "" {
		return true
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()/,;、转", r):
		default:
			return false
		}
	}
	return digits >= 3
}

// day parses an optional "YYYY-MM-DD" date field.
func day(v *errs.Validation, field, s string, required bool) Date {
	if s == "" {
		if required {
			v.Add(field, keyRequired)
		}
		return Date{}
	}
	d, err := db.ParseDate(s)
	if err != nil {
		v.Add(field, keyBadDate)
		return Date{}
	}
	return Date{d}
}

func oneOf[T ~string](val string, all []T) bool {
	for _, a := range all {
		if string(a) == val {
			return true
		}
	}
	return false
}

// check normalises a division input and applies the rules that need no
// database. Level and parent are derived from the code when left empty.
func (in DivisionInput) check() (Division, *errs.Validation) {
	v := &errs.Validation{}
	d := Division{
		Code:       strings.TrimSpace(in.Code),
		Name:       strings.TrimSpace(in.Name),
		Level:      DivisionLevel(strings.TrimSpace(in.Level)),
		ParentCode: strings.TrimSpace(in.ParentCode),
	}
	switch {
	case d.Code == "":
		v.Add("code", keyRequired)
	case !ValidDivisionCode(d.Code):
		v.Add("code", DivisionCodeFormat)
	}
	text(v, "name", d.Name, true, maxName)
	if v.Has("code") {
		return d, v
	}
	if d.Level == "" {
		d.Level = LevelOf(d.Code)
	} else if d.Level != LevelOf(d.Code) {
		v.Add("level", "registry.division.level_mismatch")
	}
	if d.ParentCode != "" && (d.ParentCode == d.Code || !ValidDivisionCode(d.ParentCode) ||
		!Within(d.Code, d.ParentCode) || LevelOf(d.ParentCode) == LevelCounty) {
		v.Add("parent_code", "registry.division.parent_mismatch")
	}
	return d, v
}

// check normalises a park input.
func (in ParkInput) check() (Park, *errs.Validation) {
	v := &errs.Validation{}
	p := Park{
		Name:         strings.TrimSpace(in.Name),
		ShortName:    strings.TrimSpace(in.ShortName),
		Level:        ParkLevel(strings.TrimSpace(in.Level)),
		Kind:         ParkKind(strings.TrimSpace(in.Kind)),
		DivisionCode: strings.TrimSpace(in.DivisionCode),
		Committee:    strings.TrimSpace(in.Committee),
		AreaKm2:      in.AreaKm2,
		Notes:        strings.TrimSpace(in.Notes),
		Illustrative: in.Illustrative,
	}
	text(v, "name", p.Name, true, maxName)
	text(v, "short_name", p.ShortName, false, maxName)
	switch {
	case p.Level == "":
		v.Add("level", keyRequired)
	case !oneOf(string(p.Level), ParkLevels()):
		v.Add("level", "registry.park.level_invalid")
	}
	switch {
	case p.Kind == "":
		v.Add("kind", keyRequired)
	case !oneOf(string(p.Kind), ParkKinds()):
		v.Add("kind", "registry.park.kind_invalid")
	}
	divisionField(v, p.DivisionCode)
	text(v, "committee", p.Committee, false, maxName)
	if p.AreaKm2 != nil && (*p.AreaKm2 <= 0 || *p.AreaKm2 > 100000) {
		// The prefecture covers about 73,660 km²; no park is larger.
		v.Add("area_km2", "registry.park.area_invalid")
	}
	p.Established = day(v, "established", strings.TrimSpace(in.Established), false)
	text(v, "notes", p.Notes, false, maxNotes)
	return p, v
}

func divisionField(v *errs.Validation, code string) {
	switch {
	case code == "":
		v.Add("division_code", keyRequired)
	case !ValidDivisionCode(code):
		v.Add("division_code", DivisionCodeFormat)
	}
}

// check normalises an organisation input: the USCC is required for
// enterprises (every enterprise registered since 2015 has one) and optional
// for government units, and must pass GB 32100-2015 when given.
func (in OrgInput) check() (Organisation, []int64, *errs.Validation) {
	v := &errs.Validation{}
	o := Organisation{
		Kind:         OrgKind(strings.TrimSpace(in.Kind)),
		Name:         strings.TrimSpace(in.Name),
		USCC:         NormalizeUSCC(in.USCC),
		DivisionCode: strings.TrimSpace(in.DivisionCode),
		ParkID:       in.ParkID,
		Industry:     strings.TrimSpace(in.Industry),
		LegalRep:     strings.TrimSpace(in.LegalRep),
		Principal:    strings.TrimSpace(in.Principal),
		Phone:        strings.TrimSpace(in.Phone),
		Address:      strings.TrimSpace(in.Address),
		Notes:        strings.TrimSpace(in.Notes),
		Illustrative: in.Illustrative,
	}
	switch {
	case o.Kind == "":
		v.Add("kind", keyRequired)
	case !oneOf(string(o.Kind), OrgKinds()):
		v.Add("kind", "registry.org.kind_invalid")
	}
	text(v, "name", o.Name, true, maxName)
	switch {
	case o.USCC == "" && o.Kind == OrgEnterprise:
		v.Add("uscc", "registry.org.uscc_required")
	case o.USCC != "":
		if k := USCCProblem(o.USCC); k != "" {
			v.Add("uscc", k)
		}
	}
	divisionField(v, o.DivisionCode)
	if o.ParkID < 0 {
		v.Add("park_id", "registry.park.unknown")
	}
	text(v, "industry", o.Industry, false, maxName)
	text(v, "legal_rep", o.LegalRep, false, maxName)
	text(v, "principal", o.Principal, false, maxName)
	text(v, "phone", o.Phone, false, maxCode)
	if !v.Has("phone") && !phoneOK(o.Phone) {
		v.Add("phone", "registry.phone.format")
	}
	text(v, "address", o.Address, false, maxText)
	text(v, "notes", o.Notes, false, maxNotes)
	seen := map[int64]bool{}
	var ids []int64
	for _, id := range in.ClusterIDs {
		if id <= 0 {
			v.Add("cluster_ids", "registry.cluster.unknown")
			break
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return o, ids, v
}

// check normalises a taxonomy input: the version defaults to the year the
// taxonomy takes effect; effective_to, when given, may not be before
// effective_from.
func (in TaxonomyInput) check() (Taxonomy, *errs.Validation) {
	v := &errs.Validation{}
	t := Taxonomy{
		Code:    strings.TrimSpace(in.Code),
		Version: strings.TrimSpace(in.Version),
		Name:    strings.TrimSpace(in.Name),
		Issuer:  strings.TrimSpace(in.Issuer),
		ParkID:  in.ParkID,
		Notes:   strings.TrimSpace(in.Notes),
	}
	t.EffectiveFrom = day(v, "effective_from", strings.TrimSpace(in.EffectiveFrom), true)
	t.EffectiveTo = day(v, "effective_to", strings.TrimSpace(in.EffectiveTo), false)
	if t.Version == "" && !t.EffectiveFrom.IsZero() {
		// Policies are known by the year they take effect (2022年版).
		t.Version = strconv.Itoa(t.EffectiveFrom.Year())
	}
	text(v, "code", t.Code, true, maxCode)
	text(v, "version", t.Version, true, maxCode)
	text(v, "name", t.Name, true, maxName)
	text(v, "issuer", t.Issuer, false, maxName)
	if t.ParkID < 0 {
		v.Add("park_id", "registry.park.unknown")
	}
	if !t.EffectiveFrom.IsZero() && !t.EffectiveTo.IsZero() && t.EffectiveTo.Before(t.EffectiveFrom.Time) {
		v.Add("effective_to", "registry.taxonomy.dates_order")
	}
	text(v, "notes", t.Notes, false, maxNotes)
	return t, v
}

// check normalises a cluster input.
func (in ClusterInput) check() (Cluster, *errs.Validation) {
	v := &errs.Validation{}
	c := Cluster{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), SortOrder: in.SortOrder}
	text(v, "code", c.Code, true, maxCode)
	text(v, "name", c.Name, true, maxName)
	if c.SortOrder < 0 || c.SortOrder > 100000 {
		v.Add("sort_order", keyBadNum)
	}
	return c, v
}

// check normalises a person input. The division may be left empty when an
// organisation is given; the service fills it from the organisation.
func (in PersonInput) check() (Person, *errs.Validation) {
	v := &errs.Validation{}
	p := Person{
		Name:         strings.TrimSpace(in.Name),
		Title:        strings.TrimSpace(in.Title),
		OrgID:        in.OrgID,
		DivisionCode: strings.TrimSpace(in.DivisionCode),
		Phone:        strings.TrimSpace(in.Phone),
		RoleNote:     strings.TrimSpace(in.RoleNote),
		Notes:        strings.TrimSpace(in.Notes),
		Illustrative: in.Illustrative,
	}
	text(v, "name", p.Name, true, maxName)
	text(v, "title", p.Title, false, maxName)
	if p.OrgID < 0 {
		v.Add("org_id", "registry.org.unknown")
	}
	if p.DivisionCode != "" || p.OrgID == 0 {
		divisionField(v, p.DivisionCode)
	}
	text(v, "phone", p.Phone, false, maxCode)
	if !v.Has("phone") && !phoneOK(p.Phone) {
		v.Add("phone", "registry.phone.format")
	}
	text(v, "role_note", p.RoleNote, false, maxText)
	text(v, "notes", p.Notes, false, maxNotes)
	return p, v
}
