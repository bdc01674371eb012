package xlsx

import (
	"slices"
	"strings"
	"unicode"

	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Sheet is the content of an uploaded sheet: the header (canonical field
// names where an alias map knew the title) and the non-blank data rows,
// each at least as wide as the header. A Sheet may also be built in code
// from Header and Rows alone; RowNumber then assumes the header is row 1 and
// no row was blank.
type Sheet struct {
	Header []string
	Rows   [][]string

	rowNums []int               // Excel row number of each Rows[i]
	titles  []string            // header texts as the user wrote them
	cols    map[string]int      // normalised header name → column index
	aliases []map[string]string // for naming missing columns
}

// RowNumber is the 1-based Excel row number of Rows[i], blank rows and the
// header counted, so an error report points at the row the user sees.
func (s *Sheet) RowNumber(i int) int {
	if i >= 0 && i < len(s.rowNums) {
		return s.rowNums[i]
	}
	return i + 2
}

// Col is the index of the column whose header is name (matching ignores
// case and surrounding spaces), or -1.
func (s *Sheet) Col(name string) int {
	key := normHeader(name)
	if key == "" {
		return -1
	}
	if s.cols != nil {
		if j, ok := s.cols[key]; ok {
			return j
		}
		return -1
	}
	for j, h := range s.Header {
		if normHeader(h) == key {
			return j
		}
	}
	return -1
}

// Cell is the trimmed value of column name in Rows[i], or "" when the row or
// the column does not exist.
func (s *Sheet) Cell(i int, name string) string {
	j := s.Col(name)
	if j < 0 || i < 0 || i >= len(s.Rows) || j >= len(s.Rows[i]) {
		return ""
	}
	return strings.TrimSpace(s.Rows[i][j])
}

// Title is the header text the user wrote for column name (the sheet's own
// title, before alias translation), or name itself when the sheet has no
// such column. Row errors name columns this way so the report speaks the
// user's words.
func (s *Sheet) Title(name string) string {
	j := s.Col(name)
	switch {
	case j < 0:
		return name
	case j < len(s.titles) && s.titles[j] != "":
		return s.titles[j]
	}
	return s.Header[j]
}

// Require reports every column in cols that the sheet lacks, as an
// *errs.Validation on "file" with key xlsx.missing_column; the argument
// lists the titles the alias maps accept for it ("名称 / Name"), or the name
// itself.
func (s *Sheet) Require(cols ...string) error {
	v := &errs.Validation{}
	for _, c := range cols {
		if s.Col(c) < 0 {
			v.Add(fieldFile, "xlsx.missing_column", s.expected(c))
		}
	}
	return v.Err()
}

// expected names a missing column by the titles that would have matched it,
// Chinese ones first.
func (s *Sheet) expected(name string) string {
	key := normHeader(name)
	var titles []string
	for _, m := range s.aliases {
		for title, canon := range m {
			if normHeader(canon) == key && !slices.Contains(titles, strings.TrimSpace(title)) {
				titles = append(titles, strings.TrimSpace(title))
			}
		}
	}
	if len(titles) == 0 {
		return name
	}
	slices.SortFunc(titles, func(a, b string) int {
		if ca, cb := isASCII(a), isASCII(b); ca != cb {
			if cb {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return strings.Join(titles, " / ")
}

// setHeader records the header row, translating titles through the alias
// maps (the first map that knows a title wins). Two columns that end up with
// the same name would make every lookup ambiguous, so they are refused.
func (s *Sheet) setHeader(cells []string, aliases []map[string]string) error {
	lookup := map[string]string{}
	for _, m := range aliases {
		for title, canon := range m {
			if k := normHeader(title); k != "" {
				if _, seen := lookup[k]; !seen {
					lookup[k] = canon
				}
			}
		}
	}
	s.aliases = aliases
	s.Header = make([]string, len(cells))
	s.titles = make([]string, len(cells))
	s.cols = make(map[string]int, len(cells))
	for j, c := range cells {
		title := strings.Join(strings.Fields(c), " ")
		name := title
		if canon, ok := lookup[normHeader(title)]; ok {
			name = canon
		}
		s.Header[j], s.titles[j] = name, title
		key := normHeader(name)
		if key == "" {
			continue
		}
		if _, dup := s.cols[key]; dup {
			return errs.Invalid(fieldFile, "xlsx.duplicate_column", title)
		}
		s.cols[key] = j
	}
	return nil
}

// normHeader is the form headers are compared in: spaces (also full-width
// ones and line breaks) collapsed, "*" marks of required columns removed,
// case folded.
func normHeader(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.TrimSpace(strings.Trim(s, "*＊"))
	return strings.ToLower(s)
}

func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}
