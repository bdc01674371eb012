package safety

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

// Date is a calendar date that reads and writes JSON as "YYYY-MM-DD"; the
// registry's type, so dates pass between the modules unchanged.
type Date = registry.Date

// DateOf truncates t to its calendar date.
func DateOf(t time.Time) Date { return registry.DateOf(t) }

// day truncates t to midnight UTC of its calendar date, as every Date is.
func day(t time.Time) time.Time { return db.DateOf(t).Time }

// Shared message keys of the shell catalog.
const (
	keyRequired = "shell.form.required"
	keyTooLong  = "shell.form.too_long"
	keyBadDate  = "shell.form.bad_date"
	keyBadNum   = "shell.form.bad_number"
)

// Safety message keys used by several rules.
const (
	KeyMarkup    = "safety.text.markup"
	KeyDateOrder = "safety.date.order"
	keyNegative  = "safety.number.negative"
	keyBadChoice = "safety.form.bad_choice"
)

// Field lengths, in characters.
const (
	maxName  = 200
	maxCode  = 60
	maxText  = 4000
	maxURL   = 500
	maxNotes = 4000
)

// HasMarkup reports whether s carries something a browser could read as
// markup or script: a tag opening ("<a", "</", "<!", "<?") or a javascript:
// URL. Free text is always escaped on output; refusing it at input keeps a
// report "with a script in its text" out of the ledger and out of exports
// (Excel, print) that do not escape.
func HasMarkup(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		c := s[i+1]
		if c == '/' || c == '!' || c == '?' || (c|0x20 >= 'a' && c|0x20 <= 'z') {
			return true
		}
	}
	return strings.Contains(strings.ToLower(s), "javascript:")
}

// text checks one trimmed free-text field.
func text(v *errs.Validation, field, val string, required bool, max int) {
	switch {
	case required && val == "":
		v.Add(field, keyRequired)
	case utf8.RuneCountInString(val) > max:
		v.Add(field, keyTooLong, max)
	case HasMarkup(val):
		v.Add(field, KeyMarkup)
	}
}

// parseDay parses an optional "YYYY-MM-DD" field.
func parseDay(v *errs.Validation, field, s string, required bool) Date {
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

func oneOf[T ~string](val T, all []T) bool {
	for _, a := range all {
		if a == val {
			return true
		}
	}
	return false
}
