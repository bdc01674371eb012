package xlsx_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/xuri/excelize/v2"
)

// validationKey is the catalog key of a Read refusal, checking that it is an
// *errs.Validation on the upload field "file" (shown beside the input).
func validationKey(err error) string {
	v, ok := errs.AsValidation(err)
	if !ok || len(v.Fields) == 0 {
		return ""
	}
	if v.Fields[0].Field != "file" {
		return "field " + v.Fields[0].Field
	}
	return v.Fields[0].Key
}

func validationArgs(err error) []any {
	if v, ok := errs.AsValidation(err); ok && len(v.Fields) > 0 {
		return v.Fields[0].Args
	}
	return nil
}

// workbook builds a file the way a user's Excel would, cell by cell.
func workbook(t *testing.T, fill func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if fill != nil {
		fill(f, "Sheet1")
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// table writes rows from A1 down.
func table(rows ...[]any) func(f *excelize.File, sheet string) {
	return func(f *excelize.File, sheet string) {
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			_ = f.SetSheetRow(sheet, cell, &r)
		}
	}
}

// rewriteZip copies a zip, replacing the named entry with a raw deflate
// stream of size zero bytes whose header declares declared bytes.
func rewriteZip(t *testing.T, b []byte, entry string, size int, declared uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name != entry {
			if err := zw.Copy(zf); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var comp bytes.Buffer
		fw, _ := flate.NewWriter(&comp, flate.BestCompression)
		_, _ = fw.Write(make([]byte, size))
		_ = fw.Close()
		w, err := zw.CreateRaw(&zip.FileHeader{Name: entry, Method: zip.Deflate,
			CompressedSize64: uint64(comp.Len()), UncompressedSize64: declared})
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestReadRefuses(t *testing.T) {
	good := export(t, "Sheet1", []string{"名称", "代码"}, [][]any{{"甲", "1"}, {"乙", "2"}, {"丙", "3"}})
	encrypted := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		_ = f.SetSheetRow("Sheet1", "A1", &[]any{"名称"})
		_ = f.SetSheetRow("Sheet1", "A2", &[]any{"甲"})
		var buf bytes.Buffer
		if err := f.Write(&buf, excelize.Options{Password: "secret"}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	lim := xlsx.DefaultLimits()
	with := func(change func(*xlsx.Limits)) xlsx.Limits { l := lim; change(&l); return l }

	cases := []struct {
		name    string
		r       io.Reader
		lim     xlsx.Limits
		wantKey string // "" means Read succeeds
		args    []any
	}{
		// Size: the limit itself is allowed, one byte more is not.
		{"exactly MaxBytes", bytes.NewReader(good), with(func(l *xlsx.Limits) { l.MaxBytes = int64(len(good)) }), "", nil},
		{"one byte over MaxBytes", bytes.NewReader(good), with(func(l *xlsx.Limits) { l.MaxBytes = int64(len(good) - 1) }), "xlsx.too_large", nil},
		// The argument is the limit in MiB: 5 << 20 bytes is 5 MiB.
		{"too large reports MiB", bytes.NewReader(make([]byte, 5<<20+1)), lim, "xlsx.too_large", []any{5.0}},
		{"body limit of the server", failingReader{&http.MaxBytesError{Limit: 10}}, lim, "xlsx.too_large", []any{5.0}},

		// Not an xlsx at all.
		{"text file renamed .xlsx", strings.NewReader("名称,代码\n甲,1\n"), lim, "xlsx.corrupt", nil},
		{"zero bytes", bytes.NewReader(nil), lim, "xlsx.corrupt", nil},
		{"truncated zip", bytes.NewReader(good[:len(good)/2]), lim, "xlsx.corrupt", nil},
		{"last byte missing", bytes.NewReader(good[:len(good)-1]), lim, "xlsx.corrupt", nil},
		{"password-protected workbook", bytes.NewReader(encrypted), lim, "xlsx.corrupt", nil},
		{"upload broken off", failingReader{io.ErrUnexpectedEOF}, lim, "xlsx.corrupt", nil},

		// Zip bombs. 17 MiB of zeros deflate to about 17 KiB but pass the
		// 16 MiB floor of the unpacked limit (max(20 × MaxBytes, 16 MiB)
		// with MaxBytes = 64 KiB).
		{"zip bomb in a worksheet", bytes.NewReader(rewriteZip(t, good, "xl/worksheets/sheet1.xml", 17<<20, 17<<20)),
			with(func(l *xlsx.Limits) { l.MaxBytes = 64 << 10 }), "xlsx.unzipped_too_large", []any{16.0}},
		// Parts other than worksheets and shared strings are parsed in
		// memory: at most max(MaxBytes, 1 MiB) each.
		{"oversized styles part", bytes.NewReader(rewriteZip(t, good, "xl/styles.xml", 2<<20, 2<<20)),
			with(func(l *xlsx.Limits) { l.MaxBytes = 64 << 10 }), "xlsx.unzipped_too_large", nil},

		// Rows: 3 data rows pass a limit of 3 and fail a limit of 2.
		{"exactly MaxRows", bytes.NewReader(good), with(func(l *xlsx.Limits) { l.MaxRows = 3 }), "", nil},
		{"one row over MaxRows", bytes.NewReader(good), with(func(l *xlsx.Limits) { l.MaxRows = 2 }), "xlsx.too_many_rows", []any{2}},
		// Columns: 2 pass a limit of 2 and fail a limit of 1.
		{"exactly MaxCols", bytes.NewReader(good), with(func(l *xlsx.Limits) { l.MaxCols = 2 }), "", nil},
		{"one column over MaxCols", bytes.NewReader(good), with(func(l *xlsx.Limits) { l.MaxCols = 1 }), "xlsx.too_many_columns", []any{1}},

		// Nothing to import.
		{"empty workbook", bytes.NewReader(workbook(t, nil)), lim, "xlsx.empty", nil},
		{"header only", bytes.NewReader(workbook(t, table([]any{"名称", "代码"}))), lim, "xlsx.empty", nil},
		{"only blank and space cells", bytes.NewReader(workbook(t, table([]any{}, []any{" ", "　"}, []any{""}))), lim, "xlsx.empty", nil},

		{"duplicate header", bytes.NewReader(workbook(t, table([]any{"名称", "代码", " 名称 "}, []any{"甲", "1", "乙"}))), lim,
			"xlsx.duplicate_column", []any{"名称"}},
		// Zero limits mean the defaults, not "refuse everything".
		{"zero Limits", bytes.NewReader(good), xlsx.Limits{}, "", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := xlsx.Read(c.r, c.lim)
			if c.wantKey == "" {
				if err != nil || s == nil {
					t.Fatalf("Read = %v, want success", err)
				}
				return
			}
			if got := validationKey(err); got != c.wantKey {
				t.Fatalf("Read = %v, want %s", err, c.wantKey)
			}
			if c.args != nil && !reflect.DeepEqual(validationArgs(err), c.args) {
				t.Errorf("args = %#v, want %#v", validationArgs(err), c.args)
			}
		})
	}
}

func TestReadZipBombLyingAboutItsSize(t *testing.T) {
	// The worksheet inflates to 64 MiB but declares 1000 bytes, so it passes
	// the directory check. archive/zip stops it once it inflates past the
	// declared size: the sheet reads as garbage and is refused, and memory
	// stays far below the 64 MiB it would have cost.
	good := export(t, "Sheet1", []string{"名称"}, [][]any{{"甲"}})
	bomb := rewriteZip(t, good, "xl/worksheets/sheet1.xml", 64<<20, 1000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := xlsx.Read(bytes.NewReader(bomb), xlsx.DefaultLimits())
	runtime.ReadMemStats(&after)
	if key := validationKey(err); key != "xlsx.corrupt" && key != "xlsx.empty" {
		t.Errorf("Read = %v, want a refusal", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("Read allocated %d MiB for a bomb declaring 1000 bytes", alloc>>20)
	}
}

func TestReadSharedStringAmplification(t *testing.T) {
	// One 30,000-character shared string referred to by 600 cells is a small
	// file but 18 MB of text once read: more than the 16 MiB budget that
	// MaxBytes = 64 KiB allows (max(20 × 64 KiB, 16 MiB)).
	long := strings.Repeat("x", 30_000)
	b := workbook(t, func(f *excelize.File, sh string) {
		_ = f.SetSheetRow(sh, "A1", &[]any{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
		for r := 2; r <= 61; r++ {
			for c := 1; c <= 10; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				_ = f.SetCellStr(sh, cell, long)
			}
		}
	})
	lim := xlsx.DefaultLimits()
	lim.MaxBytes = 64 << 10
	if len(b) > int(lim.MaxBytes) {
		t.Fatalf("test file is %d bytes, want it under MaxBytes", len(b))
	}
	_, err := xlsx.Read(bytes.NewReader(b), lim)
	if key := validationKey(err); key != "xlsx.unzipped_too_large" {
		t.Errorf("Read = %v, want xlsx.unzipped_too_large", err)
	}
	// The same file is fine with the default budget (100 MiB).
	if _, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits()); err != nil {
		t.Errorf("Read with default limits = %v", err)
	}
}

func TestReadRowNumbersSkipBlankRows(t *testing.T) {
	b := workbook(t, func(f *excelize.File, sh string) {
		// Row 1 is absent, row 2 holds only spaces: both are skipped and
		// the header is row 3.
		_ = f.SetCellValue(sh, "B2", "   ")
		_ = f.SetSheetRow(sh, "A3", &[]any{"名称", "数量", "备注"})
		_ = f.SetSheetRow(sh, "A4", &[]any{"甲", 1})
		// Row 5 is formatted but empty: its cells exist in the file.
		style, _ := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
		_ = f.SetCellStyle(sh, "A5", "C5", style)
		_ = f.SetSheetRow(sh, "A6", &[]any{"乙", 2})
		_ = f.SetCellValue(sh, "C7", "\t")
		// Row 9 has only its second column filled: still a data row.
		_ = f.SetCellValue(sh, "B9", 5)
		// A trailing cell of spaces does not widen the row.
		_ = f.SetSheetRow(sh, "A12", &[]any{"丙", 3, "注", "  "})
	})
	s, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		row        int
		name, qty  string
		cellsInRow int
	}{
		{4, "甲", "1", 3},
		{6, "乙", "2", 3},
		{9, "", "5", 3},
		{12, "丙", "3", 3},
	}
	if len(s.Rows) != len(want) {
		t.Fatalf("rows = %d %q, want %d", len(s.Rows), s.Rows, len(want))
	}
	for i, w := range want {
		if got := s.RowNumber(i); got != w.row {
			t.Errorf("RowNumber(%d) = %d, want %d", i, got, w.row)
		}
		if s.Cell(i, "名称") != w.name || s.Cell(i, "数量") != w.qty {
			t.Errorf("row %d = %q", i, s.Rows[i])
		}
		if len(s.Rows[i]) != w.cellsInRow {
			t.Errorf("row %d has %d cells, want it padded to the header's %d", i, len(s.Rows[i]), w.cellsInRow)
		}
	}
	// Out of range indexes answer without panicking.
	if s.Cell(-1, "名称") != "" || s.Cell(99, "名称") != "" || s.Cell(0, "无此列") != "" {
		t.Error("Cell out of range should be empty")
	}
}

func TestReadFirstSheetOnly(t *testing.T) {
	b := workbook(t, func(f *excelize.File, sh string) {
		_ = f.SetSheetRow(sh, "A1", &[]any{"名称"})
		_ = f.SetSheetRow(sh, "A2", &[]any{"第一个"})
		_, _ = f.NewSheet("说明")
		_ = f.SetSheetRow("说明", "A1", &[]any{"填写说明"})
		_ = f.SetSheetRow("说明", "A2", &[]any{"不要读"})
	})
	s, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != 1 || s.Cell(0, "名称") != "第一个" {
		t.Errorf("rows = %q, want only the first sheet's", s.Rows)
	}
}

func TestReadUserFormattedCells(t *testing.T) {
	// Cells as a user's Excel stores them: dates with the built-in short
	// date format (numFmt 14, shown by the author's locale), a custom
	// Chinese date format, and grouped numbers.
	b := workbook(t, func(f *excelize.File, sh string) {
		_ = f.SetSheetRow(sh, "A1", &[]any{"日期", "中文日期", "金额", "时间"})
		_ = f.SetCellValue(sh, "A2", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
		short, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		_ = f.SetCellStyle(sh, "A2", "A2", short)
		_ = f.SetCellValue(sh, "B2", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC))
		cn := `yyyy"年"m"月"d"日"`
		cnStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &cn})
		_ = f.SetCellStyle(sh, "B2", "B2", cnStyle)
		_ = f.SetCellValue(sh, "C2", 1234567.5)
		grouped, _ := f.NewStyle(&excelize.Style{NumFmt: 4}) // #,##0.00
		_ = f.SetCellStyle(sh, "C2", "C2", grouped)
		_ = f.SetCellValue(sh, "D2", time.Date(2024, 5, 1, 8, 30, 0, 0, time.UTC))
		dt, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
		_ = f.SetCellStyle(sh, "D2", "D2", dt)
	})
	s, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"日期":   "2024-05-01", // numFmt 14 read with ShortDatePattern yyyy-mm-dd
		"中文日期": "2024年5月1日",
		"金额":   "1,234,567.50", // numFmt 4 is #,##0.00 (ECMA-376 §18.8.30)
		"时间":   "2024-05-01 08:30",
	}
	for col, w := range want {
		got := s.Cell(0, col)
		if got != w {
			t.Errorf("%s = %q, want %q", col, got, w)
		}
	}
	// And the parse helpers read what Excel shows.
	for _, col := range []string{"日期", "中文日期", "时间"} {
		if d, ok := xlsx.ParseDate(s.Cell(0, col)); !ok || !d.Equal(time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("ParseDate(%q) = %v, %v", s.Cell(0, col), d, ok)
		}
	}
	if n, ok := xlsx.ParseNumber(s.Cell(0, "金额")); !ok || n != 1234567.5 {
		t.Errorf("ParseNumber(%q) = %v, %v", s.Cell(0, "金额"), n, ok)
	}
}

func TestHeaderAliases(t *testing.T) {
	b := workbook(t, table(
		[]any{"  项目名称* ", "Investment (10k yuan)", "备注", "CODE", "所属\n县市"},
		[]any{"番茄项目", 50000, "示例", "P-1", "昌吉市"},
	))
	zh := map[string]string{"项目名称": "name", "投资额（万元）": "investment", "代码": "code", "县市区": "county", "联系电话": "phone"}
	en := map[string]string{"Name": "name", "Investment (10k yuan)": "investment", "Code": "code", "County": "county", "所属 县市": "county"}
	s, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits(), zh, en)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := s.Header, []string{"name", "investment", "备注", "code", "county"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Header = %q, want %q", got, want)
	}
	cols := []struct {
		name string
		want int
	}{
		{"name", 0}, {"NAME", 0}, {"  name ", 0}, {"investment", 1}, {"备注", 2}, {"code", 3}, {"county", 4},
		{"phone", -1}, {"", -1}, {"项目名称", -1}, // titles are translated away
	}
	for _, c := range cols {
		if got := s.Col(c.name); got != c.want {
			t.Errorf("Col(%q) = %d, want %d", c.name, got, c.want)
		}
	}
	if got := s.Cell(0, "investment"); got != "50000" {
		t.Errorf("Cell(investment) = %q", got)
	}
	if got := s.Title("name"); got != "项目名称*" {
		t.Errorf("Title(name) = %q, want the user's own header", got)
	}
	if got := s.Title("county"); got != "所属 县市" {
		t.Errorf("Title(county) = %q", got)
	}
	if err := s.Require("name", "code", "county"); err != nil {
		t.Errorf("Require present columns = %v", err)
	}
	err = s.Require("name", "phone", "tel")
	v, ok := errs.AsValidation(err)
	if !ok || len(v.Fields) != 2 {
		t.Fatalf("Require = %v, want two missing columns", err)
	}
	// A missing column is named by the titles that would match it,
	// Chinese first; a column no alias map knows, by its own name.
	wantMissing := []errs.FieldError{
		{Field: "file", Key: "xlsx.missing_column", Args: []any{"联系电话"}},
		{Field: "file", Key: "xlsx.missing_column", Args: []any{"tel"}},
	}
	if !reflect.DeepEqual(v.Fields, wantMissing) {
		t.Errorf("Require = %#v, want %#v", v.Fields, wantMissing)
	}
}

func TestHeaderAliasFirstMapWins(t *testing.T) {
	b := workbook(t, table([]any{"代码"}, []any{"1"}))
	s, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits(),
		map[string]string{"代码": "code"}, map[string]string{"代码": "other"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Header[0] != "code" {
		t.Errorf("Header = %q, want the first map's name", s.Header)
	}
}

func TestRequireNamesBothLanguages(t *testing.T) {
	s := &xlsx.Sheet{Header: []string{"name"}, Rows: [][]string{{"甲"}}}
	if err := s.Require("name"); err != nil {
		t.Fatal(err)
	}
	b := workbook(t, table([]any{"名称"}, []any{"甲"}))
	s, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits(),
		map[string]string{"名称": "name", "统一社会信用代码": "code"}, map[string]string{"Name": "name", "Credit code": "code", "USCC": "code"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.Require("code")
	// Non-ASCII titles first, then the rest in byte order.
	if args := validationArgs(err); !reflect.DeepEqual(args, []any{"统一社会信用代码 / Credit code / USCC"}) {
		t.Errorf("Require(code) args = %q", args)
	}
}

func TestSheetBuiltInCode(t *testing.T) {
	// Domains may build a Sheet in tests without Read: header in row 1, no
	// blank rows.
	s := &xlsx.Sheet{Header: []string{"Name", "Code"}, Rows: [][]string{{" 甲 ", "1"}, {"乙"}}}
	cases := []struct {
		i       int
		col     string
		want    string
		wantRow int
	}{
		{0, "name", "甲", 2},
		{1, "CODE", "", 3},
	}
	for _, c := range cases {
		if got := s.Cell(c.i, c.col); got != c.want {
			t.Errorf("Cell(%d, %q) = %q, want %q", c.i, c.col, got, c.want)
		}
		if got := s.RowNumber(c.i); got != c.wantRow {
			t.Errorf("RowNumber(%d) = %d, want %d", c.i, got, c.wantRow)
		}
	}
	if got := s.Title("code"); got != "Code" {
		t.Errorf("Title(code) = %q", got)
	}
}

func TestFormSheet(t *testing.T) {
	good := export(t, "Sheet1", []string{"名称"}, [][]any{{"甲"}})
	upload := func(field string, content []byte, limit int64) *http.Request {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("csrf", "token")
		if field != "" {
			fw, _ := mw.CreateFormFile(field, "导入.xlsx")
			_, _ = fw.Write(content)
		}
		_ = mw.Close()
		r := httptest.NewRequest(http.MethodPost, "/import", &body)
		r.Header.Set("Content-Type", mw.FormDataContentType())
		if limit > 0 {
			r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, limit)
		}
		return r
	}
	cases := []struct {
		name    string
		r       *http.Request
		wantKey string
	}{
		{"good upload", upload("file", good, 0), ""},
		{"no file chosen", upload("", nil, 0), "xlsx.no_file"},
		{"file under another name", upload("upload", good, 0), "xlsx.no_file"},
		{"not multipart", httptest.NewRequest(http.MethodPost, "/import", strings.NewReader("a=b")), "xlsx.no_file"},
		// The limit strikes in the file part's header, or in its data.
		{"cut off by the server's body limit in a header", upload("file", good, 200), "xlsx.too_large"},
		{"cut off by the server's body limit in the file", upload("file", good, 1000), "xlsx.too_large"},
		{"not an xlsx", upload("file", []byte("hello"), 0), "xlsx.corrupt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := xlsx.FormSheet(c.r, xlsx.DefaultLimits())
			if c.wantKey == "" {
				if err != nil || s.Cell(0, "名称") != "甲" {
					t.Fatalf("FormSheet = %v, %v", s, err)
				}
				return
			}
			if got := validationKey(err); got != c.wantKey {
				t.Errorf("FormSheet = %v, want %s", err, c.wantKey)
			}
		})
	}
}

func TestReadErrorsAreValidation(t *testing.T) {
	// Every refusal must reach the user as a message, never a 500: it is an
	// *errs.Validation the web layer renders.
	_, err := xlsx.Read(strings.NewReader("x"), xlsx.DefaultLimits())
	var v *errs.Validation
	if !errors.As(err, &v) {
		t.Fatalf("err = %T, want *errs.Validation", err)
	}
}
