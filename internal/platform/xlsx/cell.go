package xlsx

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/xuri/excelize/v2"
)

// Number formats of exported dates. ISO order reads the same to Chinese and
// English staff and sorts as text too.
const (
	dateFormat     = "yyyy-mm-dd"
	dateTimeFormat = "yyyy-mm-dd hh:mm"
)

// styles are the workbook's cell styles, created once per export, and the
// zone instants are shown in.
type styles struct {
	header, date, dateTime int
	// zone is UTC+8, the only zone the prefecture works in: instants are
	// exported as the wall clock staff saw on the pages (web does the same).
	zone *time.Location
}

func newStyles(f *excelize.File) (styles, error) {
	st := styles{zone: time.FixedZone("CST", 8*3600)}
	var err error
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7EEF7"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
	}); err != nil {
		return st, fmt.Errorf("xlsx: header style: %w", err)
	}
	df, dtf := dateFormat, dateTimeFormat
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &df}); err != nil {
		return st, fmt.Errorf("xlsx: date style: %w", err)
	}
	if st.dateTime, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dtf}); err != nil {
		return st, fmt.Errorf("xlsx: date style: %w", err)
	}
	return st, nil
}

// cell turns one exported value into what the stream writer should store:
//   - integers, floats and bools, also of named types (type Tier int), as
//     numbers Excel can sum; NaN and infinities, which Excel cannot hold,
//     become empty cells;
//   - db.Date as a date cell (yyyy-mm-dd);
//   - time.Time at midnight as a date cell, any other time.Time as the
//     China-time wall clock (yyyy-mm-dd hh:mm); zero times are empty;
//   - nil, nil pointers and NULL driver values (sql.NullString …) as empty;
//   - pointers by what they point to, driver.Valuer by its value,
//     fmt.Stringer by its text;
//   - anything else as text (fmt.Sprint), including strings that look like
//     numbers, so ID-card and credit codes keep their leading zeros.
func (st styles) cell(v any) any {
	if c, ok := st.known(v); ok {
		return c
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil
		}
		if c, ok := st.known(rv.Elem().Interface()); ok {
			return c
		}
	}
	switch x := v.(type) {
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil || dv == nil {
			return nil
		}
		if c, ok := st.known(dv); ok {
			return c
		}
		return fmt.Sprint(dv)
	case fmt.Stringer:
		return x.String()
	}
	if rv.Kind() == reflect.Pointer {
		return st.cell(rv.Elem().Interface())
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint()
	case reflect.Float32, reflect.Float64:
		return finite(rv.Float())
	}
	return fmt.Sprint(v)
}

// known converts the types cell handles exactly; ok is false for others.
func (st styles) known(v any) (any, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return x, true
	case []byte:
		return string(x), true
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, bool:
		return x, true
	case float32:
		return finite(float64(x)), true
	case float64:
		return finite(x), true
	case db.Date:
		if x.IsZero() {
			return nil, true
		}
		return excelize.Cell{StyleID: st.date, Value: wallClock(x.Time)}, true
	case time.Time:
		return st.timeCell(x), true
	case excelize.Cell:
		return x, true
	}
	return nil, false
}

func finite(f float64) any {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return f
}

func (st styles) timeCell(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	if h, m, s := t.Clock(); h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0 {
		// A calendar date carried in a time.Time: keep its own day.
		return excelize.Cell{StyleID: st.date, Value: wallClock(t)}
	}
	return excelize.Cell{StyleID: st.dateTime, Value: wallClock(t.In(st.zone))}
}

// wallClock is t's calendar date and clock reading, placed in UTC: Excel
// has no time zones and excelize writes the wall clock of the value's own
// location.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// Column widths, in Excel's units (the width of one "0" of the default
// font). A CJK character is about two units wide.
const (
	minColWidth = 8
	maxColWidth = 60
)

func columnWidth(textUnits int) float64 {
	return float64(min(max(textUnits+2, minColWidth), maxColWidth))
}

// textWidth estimates how many width units s needs on one line.
func textWidth(s string) int {
	w, line := 0, 0
	for _, r := range s {
		switch {
		case r == '\n':
			w, line = max(w, line), 0
		case r >= 0x1100 && utf8.RuneLen(r) >= 3:
			line += 2 // CJK, Hangul, full-width forms
		default:
			line++
		}
	}
	return max(w, line)
}

// cellWidth estimates the displayed width of a converted cell value.
func (st styles) cellWidth(v any) int {
	switch x := v.(type) {
	case nil:
		return 0
	case string:
		return textWidth(x)
	case float64:
		return len(strconv.FormatFloat(x, 'f', -1, 64))
	case excelize.Cell:
		switch x.StyleID {
		case st.date:
			return len(dateFormat)
		case st.dateTime:
			return len(dateTimeFormat)
		}
		return st.cellWidth(x.Value)
	}
	return len(fmt.Sprint(v))
}
