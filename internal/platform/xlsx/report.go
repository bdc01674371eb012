package xlsx

import (
	"fmt"
	"strings"
)

// RowError is one broken rule in one cell of an imported sheet.
type RowError struct {
	Row    int    `json:"row"`              // Excel row number, as the user sees it
	Column string `json:"column,omitempty"` // header title; "" for the whole row
	Key    string `json:"code"`             // catalog key of the message
	Args   []any  `json:"args,omitempty"`
}

// Report collects every problem of an import, so the user fixes the whole
// sheet in one go. A Report with errors is also the error value that rolls
// back the import's transaction (see Err).
type Report struct {
	Errors []RowError `json:"errors"`
	Rows   int        `json:"rows"` // data rows read
}

// Add records a broken rule in Excel row row and column (a canonical name
// or header title; "" when the row as a whole is wrong).
func (r *Report) Add(row int, column, key string, args ...any) {
	r.Errors = append(r.Errors, RowError{Row: row, Column: column, Key: key, Args: args})
}

// OK reports whether no error was recorded.
func (r *Report) OK() bool { return r == nil || len(r.Errors) == 0 }

// Err returns nil when the report is OK, else the report itself, so that
// returning it from a d.Tx function rolls the transaction back and callers
// can recover it with errors.As(err, &rep).
func (r *Report) Err() error {
	if r.OK() {
		return nil
	}
	return r
}

// errorSample is how many row errors Error spells out; the page shows all.
const errorSample = 5

func (r *Report) Error() string {
	if r.OK() {
		return "xlsx import: no errors"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "xlsx import: %d error(s) in %d row(s): ", len(r.Errors), r.Rows)
	for i, e := range r.Errors {
		if i == errorSample {
			b.WriteString("; …")
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "row %d", e.Row)
		if e.Column != "" {
			fmt.Fprintf(&b, " %s", e.Column)
		}
		fmt.Fprintf(&b, ": %s", e.Key)
	}
	return b.String()
}

// Import runs parse over every row of sheet, collecting all errors in one
// Report. parse gets the row index i (sheet.RowNumber(i) is its Excel row
// number), a getter for trimmed cells by canonical column name, and the
// report to add errors to; it returns the parsed value and whether the row
// passed. Columns of errors added during parse are turned into the header
// titles the user wrote (sheet.Title).
//
// The values come back only when every row passed, in sheet order (so index
// i is row i as long as parse rejects rows only with an error); otherwise
// the slice is nil and the report says why. Rows is set to the number of
// data rows.
func Import[T any](sheet *Sheet, parse func(i int, row func(col string) string, rep *Report) (T, bool)) ([]T, *Report) {
	rep := &Report{Rows: len(sheet.Rows)}
	out := make([]T, 0, len(sheet.Rows))
	for i := range sheet.Rows {
		before := len(rep.Errors)
		v, ok := parse(i, func(col string) string { return sheet.Cell(i, col) }, rep)
		for k := before; k < len(rep.Errors); k++ {
			if c := rep.Errors[k].Column; c != "" {
				rep.Errors[k].Column = sheet.Title(c)
			}
		}
		if ok {
			out = append(out, v)
		}
	}
	if !rep.OK() {
		return nil, rep
	}
	return out, rep
}

// Translator is what turns a catalog key into text; *web.View is one, so a
// template writes {{.Message $}} for each row error.
type Translator interface {
	T(key string, args ...any) string
}

// Message is the error's text in t's language, with all its arguments.
func (e RowError) Message(t Translator) string { return t.T(e.Key, e.Args...) }
