package xlsx

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// Export writes a one-sheet workbook to w: a bold, frozen header row and then
// every row that rows yields, in order. Rows are streamed through excelize's
// StreamWriter, so memory stays flat however long the list is.
//
// rows calls yield once per row and must return the first error yield
// returns. Cell values keep their type (see cellValue): integers and floats
// stay numbers Excel can sum, time.Time and db.Date become dates, nil and
// zero times are empty cells, anything else is written as text.
//
// Column widths are chosen from the header and the first rows (see
// widthSample), since a stream cannot be measured to the end before it is
// written.
func Export(w io.Writer, sheet string, headers []string, rows func(yield func([]any) error) error) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	name := SheetName(sheet)
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return fmt.Errorf("xlsx: sheet name: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return fmt.Errorf("xlsx: stream: %w", err)
	}
	e := &exporter{sw: sw, st: st, headers: headers, row: 1}
	if err := rows(e.yield); err != nil {
		return err
	}
	if !e.started {
		if err := e.start(); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("xlsx: flush: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// widthSample is how many data rows are held back to size the columns. The
// widths must be set before the first row is streamed; a hundred rows show
// what a column typically holds at a cost of a few kilobytes.
const widthSample = 100

// exporter streams rows, holding back the first widthSample of them until
// the column widths are known.
type exporter struct {
	sw      *excelize.StreamWriter
	st      styles
	headers []string
	pending [][]any
	started bool
	row     int   // next Excel row number to write
	cells   []any // reused for every streamed row
}

func (e *exporter) yield(values []any) error {
	if e.started {
		e.cells = e.convert(e.cells[:0], values)
		return e.write(e.cells)
	}
	// A held-back row gets its own slice: the caller may reuse its own.
	e.pending = append(e.pending, e.convert(nil, values))
	if len(e.pending) < widthSample {
		return nil
	}
	return e.start()
}

// start sets the column widths, the frozen pane and the header, then writes
// the rows held back so far.
func (e *exporter) start() error {
	e.started = true
	ncols := len(e.headers)
	for _, r := range e.pending {
		ncols = max(ncols, len(r))
	}
	for c := range ncols {
		width := 0
		if c < len(e.headers) {
			width = textWidth(e.headers[c])
		}
		for _, r := range e.pending {
			if c < len(r) {
				width = max(width, e.st.cellWidth(r[c]))
			}
		}
		if err := e.sw.SetColWidth(c+1, c+1, columnWidth(width)); err != nil {
			return fmt.Errorf("xlsx: column width: %w", err)
		}
	}
	if len(e.headers) > 0 {
		if err := e.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return fmt.Errorf("xlsx: panes: %w", err)
		}
		head := make([]any, len(e.headers))
		for i, h := range e.headers {
			head[i] = excelize.Cell{StyleID: e.st.header, Value: h}
		}
		if err := e.sw.SetRow("A1", head); err != nil {
			return fmt.Errorf("xlsx: header: %w", err)
		}
		e.row = 2
	}
	for _, r := range e.pending {
		if err := e.write(r); err != nil {
			return err
		}
	}
	e.pending = nil
	return nil
}

// convert appends the stream writer's form of each value to dst.
func (e *exporter) convert(dst, values []any) []any {
	for _, v := range values {
		dst = append(dst, e.st.cell(v))
	}
	return dst
}

// write streams one converted row.
func (e *exporter) write(cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, e.row)
	if err != nil {
		return fmt.Errorf("xlsx: row %d: %w", e.row, err)
	}
	if err := e.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("xlsx: row %d: %w", e.row, err)
	}
	e.row++
	return nil
}

// maxSheetName is Excel's limit on a sheet name, in UTF-16 units.
const maxSheetName = 31

// SheetName makes s a valid Excel sheet name: the characters Excel forbids
// ([ ] : * ? / \) become "_", leading and trailing apostrophes (which Excel
// also refuses) are dropped, and the result is cut to 31 characters. An empty
// result becomes "Sheet1".
func SheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			return '_'
		}
		if r < ' ' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(strings.Trim(s, "'"))
	// Excel counts UTF-16 units: a Chinese character is one, an emoji two.
	units := 0
	for i, r := range s {
		if units += utf16.RuneLen(r); units > maxSheetName {
			s = strings.TrimRight(s[:i], "'")
			break
		}
	}
	switch {
	case s == "":
		return "Sheet1"
	case strings.EqualFold(s, "History"):
		// Excel reserves this name for its change history.
		return s + "_"
	}
	return s
}
