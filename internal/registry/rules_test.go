package registry

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// Expected values: GB 32100-2015 §4 (structure) and its check-character
// rule (weights 3^i mod 31 over the 31-character set without I, O, Z, S, V).
// Real codes are as published on the National Enterprise Credit Information
// Publicity System (国家企业信用信息公示系统); constructed codes were
// computed by hand from the rule and are marked so.
func TestUSCCProblem(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"commonly cited example code (GB 32100 explanatory material)", "91350100M000100Y43", ""},
		{"华为技术有限公司, published", "914403001922038216", ""},
		{"阿里巴巴（中国）有限公司, published", "91330100716105852F", ""},
		{"深圳市腾讯计算机系统有限公司, published", "91440300708461136T", ""},
		{"小米科技有限责任公司, published", "91110108551385082Q", ""},
		{"lower case is upper-cased first", NormalizeUSCC("91350100m000100y43"), ""},
		{"full-width input folds to ASCII", NormalizeUSCC("９１３５０１００Ｍ０００１００Ｙ４３"), ""},
		{"surrounding spaces trimmed", NormalizeUSCC("  91350100M000100Y43 "), ""},
		// sum mod 31 = 0 → 31 − 0 = 31, mapped to value 0 → '0' (constructed)
		{"check value 31 maps to 0", "91652327MA700000H0", ""},
		// sum mod 31 = 1 → 30 → 'Y', the last character (constructed)
		{"check value 30 is Y", "91652327MA700000UY", ""},
		{"check value 1 (constructed)", "91652327MA70000071", ""},
		{"17 characters", "91350100M000100Y4", USCCLength},
		{"19 characters", "91350100M000100Y433", USCCLength},
		{"empty", "", USCCLength},
		{"18 CJK characters are 18 characters, but illegal ones", "统一社会信用代码统一社会信用代码统一", USCCCharset},
		{"letter I is not in the set", "91350100M000100I43", USCCCharset},
		{"letter O is not in the set", "91350100O000100Y43", USCCCharset},
		{"letter Z is not in the set", "Z1350100M000100Y43", USCCCharset},
		{"letter S is not in the set", "91350100M000100S43", USCCCharset},
		{"letter V is not in the set", "91350100M000100V43", USCCCharset},
		{"lower case without normalising", "91350100m000100y43", USCCCharset},
		{"hyphen", "91350100-000100Y43", USCCCharset},
		{"letter in the division part", "9135A100M000100Y43", USCCDivision},
		{"last check character off by one", "91350100M000100Y44", USCCCheck},
		{"two body characters swapped", "91350100M000010Y43", USCCCheck},
		{"check 0 expected, 1 given (constructed)", "91652327MA700000H1", USCCCheck},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := USCCProblem(tt.in); got != tt.want {
				t.Errorf("USCCProblem(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestUSCCCheckChar(t *testing.T) {
	// The 18th character of each published code above.
	for body, want := range map[string]byte{
		"91350100M000100Y4": '3',
		"91440300192203821": '6',
		"91330100716105852": 'F',
	} {
		if got, ok := USCCCheckChar(body); !ok || got != want {
			t.Errorf("USCCCheckChar(%q) = %q, %v; want %q", body, got, ok, want)
		}
	}
	if _, ok := USCCCheckChar("9135010"); ok {
		t.Error("short body accepted")
	}
	if _, ok := USCCCheckChar("91350100M000100I4"); ok {
		t.Error("body with I accepted")
	}
}

// Expected values: GB/T 2260 codes of the prefecture as listed in the
// domain README (652300 昌吉回族自治州, 652327 吉木萨尔县 …) and the
// standard's two-digits-per-level structure.
func TestDivisionCodes(t *testing.T) {
	tests := []struct {
		code   string
		valid  bool
		level  DivisionLevel
		parent string
	}{
		{"650000", true, LevelProvince, ""},
		{"652300", true, LevelPrefecture, "650000"},
		{"652327", true, LevelCounty, "652300"},
		{"652328", true, LevelCounty, "652300"},
		{"659001", true, LevelCounty, "659000"}, // 石河子市, directly under the region
		{"110101", true, LevelCounty, "110100"}, // 东城区, Beijing
		{"820000", true, LevelProvince, ""},     // Macao: highest province pair
		{"65230", false, "", ""},
		{"6523271", false, "", ""},
		{"65232a", false, "", ""},
		{"６５２３２７", false, "", ""}, // full-width digits are not digits
		{"000000", false, "", ""},
		{"100000", false, "", ""}, // no province 10
		{"160000", false, "", ""}, // 15 is the last of the north
		{"830000", false, "", ""}, // 82 is the last
		{"650027", false, "", ""}, // a county under no prefecture
	}
	for _, tt := range tests {
		if got := ValidDivisionCode(tt.code); got != tt.valid {
			t.Errorf("ValidDivisionCode(%q) = %v, want %v", tt.code, got, tt.valid)
			continue
		}
		if !tt.valid {
			continue
		}
		if got := LevelOf(tt.code); got != tt.level {
			t.Errorf("LevelOf(%q) = %q, want %q", tt.code, got, tt.level)
		}
		if got := ParentOf(tt.code); got != tt.parent {
			t.Errorf("ParentOf(%q) = %q, want %q", tt.code, got, tt.parent)
		}
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		code, ancestor string
		want           bool
	}{
		{"652327", "652300", true},  // county in its prefecture
		{"652300", "652300", true},  // a division is within itself
		{"652327", "650000", true},  // county in its province
		{"652327", "652327", true},  //
		{"652328", "652327", false}, // 木垒 is not in 吉木萨尔
		{"652300", "652327", false}, // the prefecture is not in its county
		{"652401", "652300", false}, // 伊犁 is another prefecture
		{"652327", "", false},       // no ancestor, no subtree
	}
	for _, tt := range tests {
		if got := Within(tt.code, tt.ancestor); got != tt.want {
			t.Errorf("Within(%q, %q) = %v, want %v", tt.code, tt.ancestor, got, tt.want)
		}
	}
}

func TestBuildTree(t *testing.T) {
	divs := []Division{
		{Code: "652328", ParentCode: "652300"},
		{Code: "652300", ParentCode: "650000"}, // parent absent: a root
		{Code: "652327", ParentCode: "652300"},
		{Code: "652301", ParentCode: "652300"},
		{Code: "110000"},
	}
	roots := BuildTree(divs)
	if len(roots) != 2 || roots[0].Code != "110000" || roots[1].Code != "652300" {
		t.Fatalf("roots = %v", roots)
	}
	var kids []string
	for _, k := range roots[1].Children {
		kids = append(kids, k.Code)
	}
	if want := []string{"652301", "652327", "652328"}; len(kids) != 3 || kids[0] != want[0] || kids[1] != want[1] || kids[2] != want[2] {
		t.Errorf("children of 652300 = %v, want %v", kids, want)
	}
}

func TestPhoneOK(t *testing.T) {
	for s, want := range map[string]bool{
		"":                         true,
		"0994-2345678":             true,
		"13912345678":              true,
		"+86 994 234 5678":         true,
		"(0994)2345678转8001":       true,
		"0994-1234567、13912345678": true,
		"12":                       false, // too few digits to be a number
		"call me":                  false,
		"0994-2345678 ext 1":       false, // 转 is the extension mark
	} {
		if got := phoneOK(s); got != want {
			t.Errorf("phoneOK(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTaxonomyInForce(t *testing.T) {
	d := func(s string) Date {
		v, err := db.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return Date{v}
	}
	closed := Taxonomy{EffectiveFrom: d("2022-09-01"), EffectiveTo: d("2024-12-31")}
	open := Taxonomy{EffectiveFrom: d("2025-01-01")}
	at := func(s string) time.Time { return d(s).Time }
	tests := []struct {
		t    Taxonomy
		day  string
		want bool
	}{
		{closed, "2022-08-31", false}, // the day before it took effect
		{closed, "2022-09-01", true},  // its first day
		{closed, "2024-12-31", true},  // effective_to is the last day in force
		{closed, "2025-01-01", false},
		{open, "2024-12-31", false},
		{open, "2099-01-01", true},
	}
	for _, tt := range tests {
		if got := tt.t.InForce(at(tt.day)); got != tt.want {
			t.Errorf("%v–%v InForce(%s) = %v, want %v", tt.t.EffectiveFrom, tt.t.EffectiveTo, tt.day, got, tt.want)
		}
	}
}

func TestInputChecks(t *testing.T) {
	area := -1.0
	tests := []struct {
		name  string
		check func() []string // fields with errors, in order
		want  []string
	}{
		{"enterprise without USCC", func() []string {
			_, _, v := OrgInput{Kind: "enterprise", Name: "x", DivisionCode: "652327"}.check()
			return fields(v.Fields)
		}, []string{"uscc"}},
		{"government unit without USCC is fine", func() []string {
			_, _, v := OrgInput{Kind: "government", Name: "x", DivisionCode: "652327"}.check()
			return fields(v.Fields)
		}, nil},
		{"everything missing", func() []string {
			_, _, v := OrgInput{}.check()
			return fields(v.Fields)
		}, []string{"kind", "name", "division_code"}},
		{"park with negative area and bad date", func() []string {
			_, v := ParkInput{Name: "p", Level: "national", Kind: "high_tech", DivisionCode: "652301", AreaKm2: &area, Established: "2023-02-29"}.check()
			return fields(v.Fields)
		}, []string{"area_km2", "established"}},
		{"park of unknown level and kind", func() []string {
			_, v := ParkInput{Name: "p", Level: "county", Kind: "zone", DivisionCode: "652301"}.check()
			return fields(v.Fields)
		}, []string{"level", "kind"}},
		{"taxonomy ending before it starts", func() []string {
			_, v := TaxonomyInput{Code: "XJ-8", Version: "2022", Name: "八大产业集群", EffectiveFrom: "2022-09-01", EffectiveTo: "2022-08-31"}.check()
			return fields(v.Fields)
		}, []string{"effective_to"}},
		{"taxonomy of one day", func() []string {
			_, v := TaxonomyInput{Code: "XJ-8", Version: "2022", Name: "八大产业集群", EffectiveFrom: "2022-09-01", EffectiveTo: "2022-09-01"}.check()
			return fields(v.Fields)
		}, nil},
		{"taxonomy without version takes its first year", func() []string {
			tx, v := TaxonomyInput{Code: "XJ-10", Name: "十大产业集群", EffectiveFrom: "2025-01-01"}.check()
			if tx.Version != "2025" {
				return []string{"version=" + tx.Version}
			}
			return fields(v.Fields)
		}, nil},
		{"taxonomy without version or start", func() []string {
			_, v := TaxonomyInput{Code: "XJ-10", Name: "十大产业集群"}.check()
			return fields(v.Fields)
		}, []string{"effective_from", "version"}},
		{"division whose level does not match its code", func() []string {
			_, v := DivisionInput{Code: "652327", Name: "吉木萨尔县", Level: "prefecture"}.check()
			return fields(v.Fields)
		}, []string{"level"}},
		{"division under a county", func() []string {
			_, v := DivisionInput{Code: "652327", Name: "吉木萨尔县", ParentCode: "652328"}.check()
			return fields(v.Fields)
		}, []string{"parent_code"}},
		{"person without division or organisation", func() []string {
			_, v := PersonInput{Name: "李明"}.check()
			return fields(v.Fields)
		}, []string{"division_code"}},
		{"person with organisation only", func() []string {
			_, v := PersonInput{Name: "李明", OrgID: 3}.check()
			return fields(v.Fields)
		}, nil},
		{"name of 201 characters", func() []string {
			long := make([]rune, 201)
			for i := range long {
				long[i] = '园'
			}
			_, v := ParkInput{Name: string(long), Level: "national", Kind: "high_tech", DivisionCode: "652301"}.check()
			return fields(v.Fields)
		}, []string{"name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.check()
			if len(got) != len(tt.want) {
				t.Fatalf("error fields %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("error fields %v, want %v", got, tt.want)
				}
			}
		})
	}
}
