package attraction

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
)

// Catalog keys of input problems.
const (
	keyRequired        = "attraction.required"
	keyTooLong         = "attraction.too_long"
	keyBadDate         = "attraction.date.bad"
	keyFutureDate      = "attraction.date.future"
	keyBeforeStage     = "attraction.date.before_stage"
	keyBadChoice       = "attraction.choice.bad"
	keyPositive        = "attraction.amount.positive"
	keyDivisionUnknown = "attraction.division.unknown"
	keyOutOfScope      = "attraction.division.out_of_scope"
	keyParkUnknown     = "attraction.park.unknown"
	keyParkElsewhere   = "attraction.park.elsewhere"
	keyOrgUnknown      = "attraction.org.unknown"
	keyClusterUnknown  = "attraction.cluster.unknown"
	keyFundUnsigned    = "attraction.fund.unsigned"
	keyNotLanded       = "attraction.convert.not_landed"
	keyConverted       = "attraction.convert.done"
	keyRuleTaken       = "attraction.rule.date_taken"
)

// Field limits in characters.
const (
	maxName  = 200
	maxShort = 60
	maxNotes = 2000
)

// cst is China Standard Time: "today" and "future" are Changji's days.
var cst = time.FixedZone("CST", 8*3600)

func trim(s string) string { return strings.TrimSpace(s) }

func text(v *errs.Validation, field, val string, required bool, max int) {
	switch {
	case required && val == "":
		v.Add(field, keyRequired)
	case utf8.RuneCountInString(val) > max:
		v.Add(field, keyTooLong, max)
	}
}

// amount parses an amount in 万元; "" is 0 unless required; positive
// asks for more than zero.
func amount(v *errs.Validation, field, s string, required, positive bool) projects.Amount {
	if trim(s) == "" {
		if required {
			v.Add(field, keyRequired)
		}
		return 0
	}
	a, problem := projects.ParseAmount(s)
	switch {
	case problem != "":
		v.Add(field, problem)
	case positive && a <= 0:
		v.Add(field, keyPositive)
	}
	return a
}

// day parses a "YYYY-MM-DD" field that may not lie after today.
func day(v *errs.Validation, field, s string, required bool, today time.Time) Date {
	s = trim(s)
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
	if d.After(db.DateOf(today).Time) {
		v.Add(field, keyFutureDate)
	}
	return Date{Date: d}
}
