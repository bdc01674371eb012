package xlsx_test

import (
	"bytes"
	"database/sql"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/xuri/excelize/v2"
)

// export writes headers and rows with xlsx.Export and returns the file.
func export(t testing.TB, sheet string, headers []string, rows [][]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := xlsx.Export(&buf, sheet, headers, func(yield func([]any) error) error {
		for _, r := range rows {
			if err := yield(r); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Export: %v", err)
	}
	return buf.Bytes()
}

// open parses an exported file with excelize itself, to inspect what Excel
// will see.
func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize cannot open the export: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

type tier int // a named integer type, as domains declare them

func TestExportRoundTrip(t *testing.T) {
	name := "企业"
	var noName *string
	// The instant 02:30 UTC is 10:30 in China time (UTC+8), which is how
	// the pages show it.
	instant := time.Date(2024, 5, 1, 2, 30, 0, 0, time.UTC)
	headers := []string{"名称", "数量", "金额（万元）", "日期", "时间", "备注", "代码", "是否", "等级"}
	rows := [][]any{
		{"新疆笑厨食品有限公司", 42, 50000.5, db.DateOf(time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)), instant, nil, "007", true, tier(3)},
		{&name, int64(-7), float32(0.25), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC), time.Time{}, "", "=1+1", false, nil},
		{noName, uint8(0), math.NaN(), db.Date{}, sql.NullString{}, sql.NullString{String: "有", Valid: true}, " 前后空格 ", nil, nil},
	}
	b := export(t, "重点项目", headers, rows)

	s, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits())
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got := strings.Join(s.Header, "|"); got != strings.Join(headers, "|") {
		t.Errorf("header = %q", got)
	}
	want := [][]string{
		// Numbers print as Excel's General format shows them; dates in the
		// formats Export sets (yyyy-mm-dd, yyyy-mm-dd hh:mm); booleans as
		// Excel's TRUE/FALSE; a formula-looking string stays text.
		{"新疆笑厨食品有限公司", "42", "50000.5", "2023-05-01", "2024-05-01 10:30", "", "007", "TRUE", "3"},
		{"企业", "-7", "0.25", "2025-12-31", "", "", "=1+1", "FALSE", ""},
		{"", "0", "", "", "", "有", " 前后空格 ", "", ""},
	}
	if len(s.Rows) != len(want) {
		t.Fatalf("rows = %d, want %d", len(s.Rows), len(want))
	}
	for i := range want {
		for j, w := range want[i] {
			if got := s.Rows[i][j]; got != w {
				t.Errorf("row %d col %q = %q, want %q", i, headers[j], got, w)
			}
		}
		if got := s.RowNumber(i); got != i+2 {
			t.Errorf("RowNumber(%d) = %d, want %d (header is row 1)", i, got, i+2)
		}
	}
	if got := s.Cell(2, "备注"); got != "有" {
		t.Errorf("Cell(2, 备注) = %q", got)
	}
	if got := s.Cell(2, "代码"); got != "前后空格" {
		t.Errorf("Cell trims: got %q", got)
	}
}

func TestExportCellTypes(t *testing.T) {
	b := export(t, "Sheet1", []string{"a", "b", "c", "d", "e", "f"}, [][]any{
		{1234, 0.5, "1234", db.DateOf(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)), time.Date(2024, 2, 29, 16, 0, 0, 0, time.UTC), "=SUM(A1)"},
	})
	f := open(t, b)
	raw := excelize.Options{RawCellValue: true}
	cases := []struct {
		cell     string
		typ      excelize.CellType
		raw      string
		numFmt   string
		wantNote string
	}{
		{"A2", excelize.CellTypeUnset, "1234", "", "int stays a number (no t attribute)"},
		{"B2", excelize.CellTypeUnset, "0.5", "", "float stays a number"},
		{"C2", excelize.CellTypeInlineString, "1234", "", "numeric-looking string stays text"},
		// 2024-02-29 is serial 45351 in the 1900 date system (Excel: =DATE(2024,2,29)).
		{"D2", excelize.CellTypeUnset, "45351", "yyyy-mm-dd", "date is a serial number with a date format"},
		// 16:00 UTC is 00:00 next day in China: serial 45352.
		{"E2", excelize.CellTypeUnset, "45352", "yyyy-mm-dd hh:mm", "instant in China time"},
		{"F2", excelize.CellTypeInlineString, "=SUM(A1)", "", "no formula injection"},
	}
	for _, c := range cases {
		typ, err := f.GetCellType("Sheet1", c.cell)
		if err != nil {
			t.Fatal(err)
		}
		if typ != c.typ {
			t.Errorf("%s (%s): type %v, want %v", c.cell, c.wantNote, typ, c.typ)
		}
		v, _ := f.GetCellValue("Sheet1", c.cell, raw)
		if v != c.raw {
			t.Errorf("%s (%s): raw %q, want %q", c.cell, c.wantNote, v, c.raw)
		}
		formula, _ := f.GetCellFormula("Sheet1", c.cell)
		if formula != "" {
			t.Errorf("%s: unexpected formula %q", c.cell, formula)
		}
		if c.numFmt != "" {
			id, _ := f.GetCellStyle("Sheet1", c.cell)
			st, err := f.GetStyle(id)
			if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != c.numFmt {
				t.Errorf("%s: number format %v, want %q", c.cell, st, c.numFmt)
			}
		}
	}
}

func TestExportLayout(t *testing.T) {
	long := strings.Repeat("长", 100)
	b := export(t, "Sheet1", []string{"名称", "n", "很长的列"}, [][]any{{"昌吉回族自治州", 1, long}})
	f := open(t, b)

	panes, err := f.GetPanes("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, want the header row frozen", panes)
	}
	id, _ := f.GetCellStyle("Sheet1", "A1")
	st, err := f.GetStyle(id)
	if err != nil || st.Font == nil || !st.Font.Bold {
		t.Errorf("header style = %+v, want bold", st)
	}
	widths := []struct {
		col  string
		want float64
	}{
		// 昌吉回族自治州: 7 CJK characters × 2 units + 2 padding = 16.
		{"A", 16},
		// "n" and "1" are narrow: the minimum width, 8.
		{"B", 8},
		// 100 CJK characters would be 202 units: capped at 60.
		{"C", 60},
	}
	for _, w := range widths {
		got, err := f.GetColWidth("Sheet1", w.col)
		if err != nil || got != w.want {
			t.Errorf("width of %s = %v (%v), want %v", w.col, got, err, w.want)
		}
	}
}

func TestExportHeaderOnlyIsATemplate(t *testing.T) {
	// A header with no rows is the blank import template domains offer.
	b := export(t, "模板", []string{"名称", "代码"}, nil)
	f := open(t, b)
	if got := f.GetSheetName(0); got != "模板" {
		t.Errorf("sheet name = %q", got)
	}
	if v, _ := f.GetCellValue("模板", "B1"); v != "代码" {
		t.Errorf("B1 = %q", v)
	}
	_, err := xlsx.Read(bytes.NewReader(b), xlsx.DefaultLimits())
	if key := validationKey(err); key != "xlsx.empty" {
		t.Errorf("Read(template) = %v, want xlsx.empty", err)
	}
}

func TestExportManyRowsStreamAndKeepOrder(t *testing.T) {
	// More rows than the width sample (100), so both the held-back and the
	// streamed paths run; the caller reuses its slice as a real loop would.
	const n = 1000
	var buf bytes.Buffer
	row := make([]any, 2)
	err := xlsx.Export(&buf, "Sheet1", []string{"i", "s"}, func(yield func([]any) error) error {
		for i := range n {
			row[0], row[1] = i, "行"+strings.Repeat("x", i%7)
			if err := yield(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := xlsx.Read(&buf, xlsx.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Rows) != n {
		t.Fatalf("rows = %d, want %d", len(s.Rows), n)
	}
	for _, i := range []int{0, 99, 100, 101, n - 1} {
		if got, want := s.Cell(i, "i"), strconv.Itoa(i); got != want {
			t.Errorf("row %d: i = %q, want %q", i, got, want)
		}
		if got, want := s.Cell(i, "s"), "行"+strings.Repeat("x", i%7); got != want {
			t.Errorf("row %d: s = %q, want %q", i, got, want)
		}
	}
}

func TestExportStopsOnCallerError(t *testing.T) {
	stop := errors.New("database gone")
	err := xlsx.Export(io.Discard, "s", []string{"a"}, func(yield func([]any) error) error {
		if err := yield([]any{1}); err != nil {
			return err
		}
		return stop
	})
	if !errors.Is(err, stop) {
		t.Errorf("Export = %v, want the caller's error", err)
	}
}

func TestSheetName(t *testing.T) {
	cases := []struct{ in, want string }{
		{"重点项目", "重点项目"},
		// Excel forbids [ ] : * ? / \ in sheet names (Excel: "rename sheet" dialog).
		{"a[b]c:d*e?f/g\\h", "a_b_c_d_e_f_g_h"},
		// Names may not start or end with an apostrophe.
		{"'quoted'", "quoted"},
		{"", "Sheet1"},
		{"   ", "Sheet1"},
		// 31 UTF-16 units at most: 40 Chinese characters keep 31.
		{strings.Repeat("州", 40), strings.Repeat("州", 31)},
		{strings.Repeat("a", 31), strings.Repeat("a", 31)},
		{strings.Repeat("a", 32), strings.Repeat("a", 31)},
		// An emoji is two UTF-16 units: 30 letters + one emoji is 32.
		{strings.Repeat("a", 30) + "😀", strings.Repeat("a", 30)},
		// "History" is reserved by Excel.
		{"history", "history_"},
		{"行\n列", "行列"},
	}
	for _, c := range cases {
		if got := xlsx.SheetName(c.in); got != c.want {
			t.Errorf("SheetName(%q) = %q, want %q", c.in, got, c.want)
		}
		// Whatever comes out, excelize (which applies Excel's rules) accepts.
		f := excelize.NewFile()
		if err := f.SetSheetName("Sheet1", xlsx.SheetName(c.in)); err != nil {
			t.Errorf("SheetName(%q): excelize refuses: %v", c.in, err)
		}
		_ = f.Close()
	}
}

// BenchmarkExport100k streams 100,000 rows × 10 columns; allocations per
// export show that memory does not grow with the rows held (the rows are
// streamed to a temporary file past 16 MiB).
func BenchmarkExport100k(b *testing.B) {
	headers := []string{"序号", "名称", "统一社会信用代码", "县市", "投资额（万元）", "开工日期", "进度", "负责人", "电话", "备注"}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, 10)
	b.ReportAllocs()
	for b.Loop() {
		err := xlsx.Export(io.Discard, "重点项目", headers, func(yield func([]any) error) error {
			for i := range 100_000 {
				row[0], row[1], row[2], row[3] = i+1, "新疆维格瑞生物科技有限公司", "91652300MA78XXXXXX", "昌吉市"
				row[4], row[5], row[6], row[7] = float64(i)*1.5, db.DateOf(start.AddDate(0, 0, i%700)), 0.35, "张三"
				row[8], row[9] = "0994-1234567", nil
				if err := yield(row); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
