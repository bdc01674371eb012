package xlsx_test

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/xlsx"
)

func TestParseDate(t *testing.T) {
	may1 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Time // zero: refused
	}{
		{"2024-05-01", may1},
		{" 2024-5-1 ", may1},
		{"2024/5/1", may1},         // Excel zh-CN short date
		{"2024.5.1", may1},         // common in WPS and typed by hand
		{"2024年5月1日", may1},        // Chinese long date
		{"20240501", may1},         // typed without separators
		{"2024-05-01 08:30", may1}, // a date-time cell: the time is dropped
		{"2024-05-01T08:30:00Z", may1},
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}, // 2024 is a leap year
		{"2023-02-29", time.Time{}},                                  // 2023 is not
		{"2024-13-01", time.Time{}},
		{"2024-04-31", time.Time{}},
		{"24-5-1", time.Time{}}, // two-digit years are ambiguous
		{"5/1/2024", time.Time{}},
		{"2024-5", time.Time{}},
		{"2024-05-01-02", time.Time{}},
		{"45413", time.Time{}}, // a serial number is not taken for a date
		{"", time.Time{}},
		{"明天", time.Time{}},
		{"2024-0x-01", time.Time{}},
	}
	for _, c := range cases {
		got, ok := xlsx.ParseDate(c.in)
		if ok != !c.want.IsZero() || !got.Equal(c.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"42", 42, true},
		{" -7.5 ", -7.5, true},
		{"+3", 3, true},
		{"1,234,567.50", 1234567.5, true}, // Excel's #,##0.00
		{"-1,000", -1000, true},
		{"999,999", 999999, true},
		{"1e3", 1000, true},
		{"0.1", 0.1, true},
		{"1,5", 0, false},      // a decimal comma must not become 15
		{"1,23,456", 0, false}, // Indian grouping is not Excel's zh-CN format
		{",123", 0, false},
		{"1234,567", 0, false},
		{"12%", 0, false},
		{"100万", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"1e999", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"", 0, false},
		{"-", 0, false},
	}
	for _, c := range cases {
		got, ok := xlsx.ParseNumber(c.in)
		if ok != c.ok || got != c.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
