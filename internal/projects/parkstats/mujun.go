package parkstats

import (
	"math"
	"sort"
)

// 亩均效益 (per-mu efficiency) evaluation. The indicators, their weights,
// the benchmark divisors and the grade bands are data of a yearly sheet
// (MJSheet), because every county and year publishes its own (Huangyan
// 2022 and 2021 benchmarks, gu456 weights and rank bands; Xinjiang's own
// scheme is not identified [U], projects.md §2.10). This file holds only
// the arithmetic every sheet shares:
//
//	score = Σ indicator value ÷ benchmark × weight
//
// (Huangyan 2022: 亩均税收/24.097×30 + 亩均增加值/136.16×20 + …).

// Indicator is one measure a sheet may weigh.
type Indicator string

const (
	IndTaxPerMu      Indicator = "tax_per_mu"          // 亩均税收 = 税收 ÷ 用地 (万元/亩)
	IndVAPerMu       Indicator = "va_per_mu"           // 亩均增加值 = 工业增加值 ÷ 用地 (万元/亩)
	IndRevenuePerMu  Indicator = "revenue_per_mu"      // 亩均销售收入 = 营业收入 ÷ 用地 (万元/亩)
	IndVAPerEnergy   Indicator = "va_per_energy"       // 单位能耗增加值 = 工业增加值 ÷ 综合能耗 (万元/吨标煤)
	IndVAPerEmission Indicator = "va_per_emission"     // 单位排放增加值 = 工业增加值 ÷ 主要污染物排放量 (万元/吨)
	IndLabourProd    Indicator = "labour_productivity" // 全员劳动生产率 = 工业增加值 ÷ 年平均职工人数 (万元/人)
	IndRDIntensity   Indicator = "rd_intensity"        // 研发强度 = R&D经费支出 ÷ 营业收入 (ratio)
	IndTaxPerKWh     Indicator = "tax_per_kwh"         // 单位电耗税收 = 税收 ÷ 用电量 (万元/万千瓦时)
	keyMissingInput            = "parkstats.mj.missing_input"
)

// Indicators lists the indicators in the order sheets show them.
func Indicators() []Indicator {
	return []Indicator{IndTaxPerMu, IndVAPerMu, IndRevenuePerMu, IndVAPerEnergy, IndVAPerEmission, IndLabourProd, IndRDIntensity, IndTaxPerKWh}
}

// Valid reports whether i is a known indicator.
func (i Indicator) Valid() bool {
	for _, k := range Indicators() {
		if k == i {
			return true
		}
	}
	return false
}

// MJFigures are one enterprise's yearly figures, in the units the
// indicators divide: money in 万元, land in 亩, energy in 吨标准煤,
// emissions in 吨, electricity in 万千瓦时.
type MJFigures struct {
	Tax, AddedValue, Revenue, RD float64
	LandMu, EnergyTce, Emission  float64
	Employees                    float64
	ElectricityMWh               float64 // 万千瓦时 (10⁴ kWh)
}

// Value computes indicator i; ok is false when its divisor is missing
// (zero), so that an enterprise is never graded on a silently dropped term.
func (f MJFigures) Value(i Indicator) (v float64, ok bool) {
	div := func(a, b float64) (float64, bool) {
		if b <= 0 {
			return 0, false
		}
		return a / b, true
	}
	switch i {
	case IndTaxPerMu:
		return div(f.Tax, f.LandMu)
	case IndVAPerMu:
		return div(f.AddedValue, f.LandMu)
	case IndRevenuePerMu:
		return div(f.Revenue, f.LandMu)
	case IndVAPerEnergy:
		return div(f.AddedValue, f.EnergyTce)
	case IndVAPerEmission:
		return div(f.AddedValue, f.Emission)
	case IndLabourProd:
		return div(f.AddedValue, f.Employees)
	case IndRDIntensity:
		return div(f.RD, f.Revenue)
	case IndTaxPerKWh:
		return div(f.Tax, f.ElectricityMWh)
	}
	return 0, false
}

// Weighted is one line of a sheet: an indicator, its weight (points) and
// its benchmark divisor (基准值).
type Weighted struct {
	Indicator Indicator `json:"indicator"`
	Weight    float64   `json:"weight"`
	Benchmark float64   `json:"benchmark"`
}

// Score is Σ value ÷ benchmark × weight, rounded to two decimals; problem
// is a catalog key when an indicator cannot be computed.
func Score(f MJFigures, lines []Weighted) (score float64, problem string, missing Indicator) {
	for _, l := range lines {
		v, ok := f.Value(l.Indicator)
		if !ok || l.Benchmark <= 0 {
			return 0, keyMissingInput, l.Indicator
		}
		score += v / l.Benchmark * l.Weight
	}
	return math.Round(score*100) / 100, "", ""
}

// GradeMethod is how a sheet turns scores into grades.
type GradeMethod string

const (
	// GradeByRank cuts by position in the ranking: a band's Bound is the
	// cumulative share of enterprises, in percent, it reaches down to
	// (gu456: A top 25 % incl., B 26–70 %, C 71–95 %, D bottom 5 %).
	GradeByRank GradeMethod = "rank"
	// GradeByScore cuts by score: a band's Bound is its minimum score.
	GradeByScore GradeMethod = "score"
)

// Band is one grade of a sheet.
type Band struct {
	Grade string  `json:"grade"`
	Bound float64 `json:"bound"`
}

// GradeForRank is the grade of the enterprise at rank (1 = best) among n
// ranked: the first band whose cumulative share reaches rank ÷ n. Bands
// are in ascending Bound order, the last at 100.
func GradeForRank(rank, n int, bands []Band) string {
	for _, b := range bands {
		// rank/n ≤ Bound/100, in integers scaled to avoid 0.7*20 = 13.999….
		if float64(rank)*100 <= b.Bound*float64(n)+1e-9 {
			return b.Grade
		}
	}
	if len(bands) > 0 {
		return bands[len(bands)-1].Grade
	}
	return ""
}

// GradeForScore is the first band (descending Bound) whose minimum the
// score reaches; below every band, the last band.
func GradeForScore(score float64, bands []Band) string {
	for _, b := range bands {
		if score >= b.Bound {
			return b.Grade
		}
	}
	if len(bands) > 0 {
		return bands[len(bands)-1].Grade
	}
	return ""
}

// MJSubject is one enterprise to evaluate. Exempt ones (不定等级: power,
// heat, gas and water utilities, start-ups, major projects in
// construction) are scored but take no place in the ranking and are
// managed as ExemptGrade (gu456: "managed as B").
type MJSubject struct {
	Key     int64
	Figures MJFigures
	Exempt  bool
}

// MJResult is a subject's score, its rank (0 for exempt) and grade.
type MJResult struct {
	Key    int64
	Score  float64
	Rank   int
	Grade  string
	Exempt bool
}

// MJProblem names a subject whose indicator could not be computed.
type MJProblem struct {
	Key       int64
	Indicator Indicator
}

// Evaluate scores and grades every subject with one sheet. Ranking is by
// score, highest first, ties sharing a rank (1, 2, 2, 4); by rank, the
// share is taken over the ranked (non-exempt) subjects. Any subject whose
// figures cannot be scored is returned as a problem and nothing is graded:
// a grade computed over a partial population would be wrong for everyone.
func Evaluate(subjects []MJSubject, lines []Weighted, method GradeMethod, bands []Band, exemptGrade string) ([]MJResult, []MJProblem) {
	var probs []MJProblem
	out := make([]MJResult, 0, len(subjects))
	var ranked []Ranked
	for _, s := range subjects {
		sc, p, ind := Score(s.Figures, lines)
		if p != "" {
			probs = append(probs, MJProblem{Key: s.Key, Indicator: ind})
			continue
		}
		out = append(out, MJResult{Key: s.Key, Score: sc, Exempt: s.Exempt})
		if !s.Exempt {
			ranked = append(ranked, Ranked{Key: s.Key, Value: int64(math.Round(sc * 100)), Has: true})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	ranks, _ := Rank(ranked)
	for i := range out {
		r := &out[i]
		switch {
		case r.Exempt:
			r.Grade = exemptGrade
		case method == GradeByRank:
			r.Rank = ranks[r.Key]
			r.Grade = GradeForRank(r.Rank, len(ranked), bands)
		default:
			r.Rank = ranks[r.Key]
			r.Grade = GradeForScore(r.Score, bands)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Exempt != out[j].Exempt {
			return !out[i].Exempt
		}
		return out[i].Score > out[j].Score
	})
	return out, nil
}

// Catalog keys of sheet problems.
const (
	KeySheetBands   = "parkstats.mj.bands_bad"
	KeySheetWeights = "parkstats.mj.weights_bad"
)

// SheetProblem checks a sheet's lines and bands: at least one line, known
// indicators, positive weights and benchmarks; rank bands ascending and
// ending at 100; score bands descending. It returns the field and key of
// the first problem, or "".
func SheetProblem(lines []Weighted, method GradeMethod, bands []Band) (field, key string) {
	if len(lines) == 0 {
		return "lines", KeySheetWeights
	}
	seen := map[Indicator]bool{}
	for _, l := range lines {
		if !l.Indicator.Valid() || seen[l.Indicator] || l.Weight <= 0 || l.Benchmark <= 0 {
			return "lines", KeySheetWeights
		}
		seen[l.Indicator] = true
	}
	if len(bands) == 0 || (method != GradeByRank && method != GradeByScore) {
		return "bands", KeySheetBands
	}
	for i, b := range bands {
		if b.Grade == "" || b.Bound < 0 {
			return "bands", KeySheetBands
		}
		if i == 0 {
			continue
		}
		if method == GradeByRank && b.Bound <= bands[i-1].Bound || method == GradeByScore && b.Bound >= bands[i-1].Bound {
			return "bands", KeySheetBands
		}
	}
	if method == GradeByRank && bands[len(bands)-1].Bound != 100 {
		return "bands", KeySheetBands
	}
	return "", ""
}
