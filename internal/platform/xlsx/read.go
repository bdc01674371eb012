package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/xuri/excelize/v2"
)

// Limits bound what an upload may cost the server.
type Limits struct {
	MaxBytes int64 // size of the .xlsx file itself
	MaxRows  int   // data rows, not counting the header and blank rows
	MaxCols  int   // width of any row, up to its last non-blank cell
}

// DefaultLimits fit the largest list a county or bureau keeps by hand
// (5 MiB, 10,000 rows, 100 columns) with room to spare.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 5 << 20, MaxRows: 10_000, MaxCols: 100}
}

// orDefault fills zero or negative fields from DefaultLimits, so a
// half-filled Limits never refuses every upload.
func (l Limits) orDefault() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCols <= 0 {
		l.MaxCols = d.MaxCols
	}
	return l
}

// Decompression bounds. XML compresses about 5–15 times, so a genuine
// workbook near MaxBytes unpacks to well under unzipRatio × MaxBytes, while a
// zip bomb that inflates a thousandfold is refused from the zip directory
// before a byte is inflated. Worksheets and the shared-strings table may be
// large: excelize spills them to temporary files and streams them. Every
// other part is parsed in memory and must stay under partLimit.
const (
	unzipRatio     = 20
	minUnzipLimit  = 16 << 20
	minPartLimit   = 1 << 20
	mib            = 1 << 20
	fieldFile      = "file"
	shortDateStyle = "yyyy-mm-dd"
)

func (l Limits) unzipLimit() int64 { return max(unzipRatio*l.MaxBytes, minUnzipLimit) }
func (l Limits) partLimit() int64  { return max(l.MaxBytes, minPartLimit) }

// FormSheet reads the workbook uploaded in the multipart field "file" (the
// xlsx-import-form partial's input). A missing file or an upload cut off by
// a body limit is an *errs.Validation like every other refusal of Read.
func FormSheet(r *http.Request, lim Limits, headerAliases ...map[string]string) (*Sheet, error) {
	lim = lim.orDefault()
	f, _, err := r.FormFile(fieldFile)
	if err != nil {
		if cutOff(r, err) {
			return nil, tooLarge(lim)
		}
		// No file chosen, or a form that is not multipart: either way the
		// user has to pick a file.
		return nil, errs.Invalid(fieldFile, "xlsx.no_file")
	}
	defer f.Close()
	return Read(f, lim, headerAliases...)
}

// cutOff reports whether a failed form parse was stopped by a body limit.
// The multipart parser often reports the broken part ("malformed MIME
// header") rather than the limit, but http.MaxBytesReader keeps answering
// with its error, so one more read tells.
func cutOff(r *http.Request, err error) bool {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return true
	}
	if r.Body == nil {
		return false
	}
	_, err = r.Body.Read(make([]byte, 1))
	return errors.As(err, &tooBig)
}

// Read reads the first sheet of an .xlsx workbook. Blank rows are skipped;
// the first non-blank row is the header, the rest are data rows, each padded
// to the header's width. Each headerAliases map translates header texts
// (Chinese and English titles) to canonical field names; matching ignores
// case, surrounding and repeated spaces, and "*" marks of required columns.
// A header that no map knows keeps its own trimmed text.
//
// Every refusal is an *errs.Validation on the field "file" with one of the
// keys xlsx.too_large, xlsx.unzipped_too_large, xlsx.corrupt,
// xlsx.too_many_rows, xlsx.too_many_columns, xlsx.duplicate_column or
// xlsx.empty. Zero fields of lim take their DefaultLimits values.
func Read(r io.Reader, lim Limits, headerAliases ...map[string]string) (*Sheet, error) {
	lim = lim.orDefault()
	b, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, tooLarge(lim)
		}
		// The upload broke off: what arrived is a truncated file.
		return nil, corrupt()
	}
	if int64(len(b)) > lim.MaxBytes {
		return nil, tooLarge(lim)
	}
	if err := checkZip(b, lim); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit:    lim.unzipLimit(),
		UnzipXMLSizeLimit: lim.partLimit(),
		// Dates typed in Excel or WPS come back in ISO order whatever the
		// author's locale, and Chinese built-in formats read as in China.
		ShortDatePattern: shortDateStyle,
		CultureInfo:      excelize.CultureNameZhCN,
	})
	if err != nil {
		return nil, corrupt()
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, corrupt()
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, corrupt()
	}
	defer rows.Close()

	s := &Sheet{}
	// A shared string is stored once but read into every cell that refers
	// to it: a small file could ask for gigabytes of text. The text kept is
	// held to the same budget as the unpacked file.
	budget := lim.unzipLimit()
	excelRow := 0 // Next visits every row number, present in the file or not
	for rows.Next() {
		excelRow++
		cells, err := rows.Columns()
		if err != nil {
			return nil, corrupt()
		}
		cells = trimRow(cells)
		if len(cells) == 0 {
			continue
		}
		if len(cells) > lim.MaxCols {
			return nil, errs.Invalid(fieldFile, "xlsx.too_many_columns", lim.MaxCols)
		}
		for _, c := range cells {
			budget -= int64(len(c))
		}
		if budget < 0 {
			return nil, errs.Invalid(fieldFile, "xlsx.unzipped_too_large", mebibytes(lim.unzipLimit()))
		}
		if s.Header == nil {
			if err := s.setHeader(cells, headerAliases); err != nil {
				return nil, err
			}
			continue
		}
		if len(s.Rows) == lim.MaxRows {
			return nil, errs.Invalid(fieldFile, "xlsx.too_many_rows", lim.MaxRows)
		}
		for len(cells) < len(s.Header) {
			cells = append(cells, "")
		}
		s.Rows = append(s.Rows, cells)
		s.rowNums = append(s.rowNums, excelRow)
	}
	if rows.Error() != nil {
		return nil, corrupt()
	}
	if len(s.Rows) == 0 {
		return nil, errs.Invalid(fieldFile, "xlsx.empty")
	}
	return s, nil
}

// checkZip refuses, from the zip's central directory alone, what is not a
// zip (a renamed text file, an old .xls, an encrypted workbook, which is an
// OLE container) or would inflate past the limits. archive/zip stops any
// entry that inflates past its declared size, so the declared sizes bound
// the real ones.
func checkZip(b []byte, lim Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return corrupt()
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(zf.Name, `\`, "/"))
		streamed := strings.HasPrefix(name, "xl/worksheets/sheet") || name == "xl/sharedstrings.xml"
		if total > uint64(lim.unzipLimit()) || (!streamed && zf.UncompressedSize64 > uint64(lim.partLimit())) {
			return errs.Invalid(fieldFile, "xlsx.unzipped_too_large", mebibytes(lim.unzipLimit()))
		}
	}
	return nil
}

// trimRow drops trailing cells that hold only spaces; a row of nothing but
// spaces becomes empty and is skipped like a blank row.
func trimRow(cells []string) []string {
	n := len(cells)
	for n > 0 && strings.TrimSpace(cells[n-1]) == "" {
		n--
	}
	return cells[:n]
}

func tooLarge(lim Limits) error {
	return errs.Invalid(fieldFile, "xlsx.too_large", mebibytes(lim.MaxBytes))
}

func corrupt() error { return errs.Invalid(fieldFile, "xlsx.corrupt") }

// mebibytes is n in MiB with at most one decimal, for messages ("5", "0.5").
func mebibytes(n int64) float64 {
	return math.Round(float64(n)/mib*10) / 10
}
