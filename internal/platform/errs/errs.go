// Package errs names the failures that every layer must tell apart so that
// the user gets a clear answer instead of a 500: a record that is not there,
// input that does not pass the rules. Messages are catalog keys, so the same
// failure reads in Chinese or English.
package errs

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound means the record does not exist, or is outside the caller's
// scope: the two are deliberately indistinguishable to the caller.
var ErrNotFound = errors.New("not found")

// FieldError is one rule broken by one input field (or row, for imports).
type FieldError struct {
	Field string `json:"field"`
	Key   string `json:"code"` // catalog key of the message
	Args  []any  `json:"args,omitempty"`
}

// Validation collects every broken rule of one input, so the form can show
// them all at once.
type Validation struct {
	Fields []FieldError
}

// Add records a broken rule on field with a catalog key and its arguments.
func (v *Validation) Add(field, key string, args ...any) {
	v.Fields = append(v.Fields, FieldError{Field: field, Key: key, Args: args})
}

// Has reports whether field already has an error.
func (v *Validation) Has(field string) bool {
	for _, f := range v.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns v as an error if anything was added, else nil.
func (v *Validation) Err() error {
	if v == nil || len(v.Fields) == 0 {
		return nil
	}
	return v
}

func (v *Validation) Error() string {
	parts := make([]string, len(v.Fields))
	for i, f := range v.Fields {
		parts[i] = fmt.Sprintf("%s: %s", f.Field, f.Key)
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Invalid is shorthand for a validation error with one field.
func Invalid(field, key string, args ...any) error {
	v := &Validation{}
	v.Add(field, key, args...)
	return v
}

// AsValidation returns the validation error inside err, if any.
func AsValidation(err error) (*Validation, bool) {
	var v *Validation
	ok := errors.As(err, &v)
	return v, ok
}
