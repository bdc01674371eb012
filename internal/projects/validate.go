package projects

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Field lengths, in characters.
const (
	maxName  = 200
	maxText  = 500
	maxNotes = 4000
	maxCode  = 40
)

// Shared message keys of the shell catalog.
const (
	keyRequired  = "shell.form.required"
	keyTooLong   = "shell.form.too_long"
	keyBadDate   = "shell.form.bad_date"
	keyBadNum    = "shell.form.bad_number"
	keyDuplicate = "shell.form.duplicate"
)

// The module's own keys shared by several records.
const (
	keyDivisionUnknown  = "projects.division.unknown"
	keyOutOfScope       = "projects.out_of_scope"
	keyOrgUnknown       = "projects.org.unknown"
	keyOrgNotEnterprise = "projects.org.not_enterprise"
	keyParkUnknown      = "projects.park.unknown"
	keyParkElsewhere    = "projects.park.other_county"
	keyPersonUnknown    = "projects.person.unknown"
	keyClusterUnknown   = "projects.cluster.unknown"
	keyParentUnknown    = "projects.parent.unknown"
	keyCodeDuplicate    = "projects.code.duplicate"
	keyBadMonth         = "projects.month.bad"
	keyBadChoice        = "projects.choice.bad"
	keyReasonRequired   = "projects.list.reason_required"
	keyProjectInUse     = "projects.project.in_use"
)

func text(v *errs.Validation, field, val string, required bool, max int) {
	switch {
	case required && val == "":
		v.Add(field, keyRequired)
	case utf8.RuneCountInString(val) > max:
		v.Add(field, keyTooLong, max)
	}
}

// amount parses an amount field in 万元; "" is 0 unless required.
func amount(v *errs.Validation, field, s string, required bool) Amount {
	if strings.TrimSpace(s) == "" {
		if required {
			v.Add(field, keyRequired)
		}
		return 0
	}
	a, problem := ParseAmount(s)
	if problem != "" {
		v.Add(field, problem)
	}
	return a
}

// month parses an optional "YYYY-MM" field.
func month(v *errs.Validation, field, s string, required bool) Month {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			v.Add(field, keyRequired)
		}
		return 0
	}
	m, ok := ParseMonth(s)
	if !ok {
		v.Add(field, keyBadMonth)
	}
	return m
}

// day parses an optional "YYYY-MM-DD" field.
func day(v *errs.Validation, field, s string, required bool) Date {
	s = strings.TrimSpace(s)
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
	return Date{Date: d}
}

// percent parses an optional whole percent 0–100; -1 when empty.
func percent(v *errs.Validation, field, s string) int {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return -1
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(field, keyBadNum)
		return -1
	}
	if n < 0 || n > 100 {
		v.Add(field, ReportPercent)
		return -1
	}
	return n
}

func trim(s string) string { return strings.TrimSpace(s) }
