package parkstats

import (
	"context"
	"fmt"
	"time"

	"github.com/changji-gov/bogda/internal/registry"
)

// Demo data of the May 2023 prefecture page (domain README, S1). Used as
// the page gives them: 准东's gross industrial output of 1406亿元 in 2022;
// parks' industrial added value = 93 % of the prefecture's; 昌吉高新区's 50
// national high-tech enterprises = 30 % of the prefecture's; 木垒's target
// of new-energy equipment output above 100亿元 by 2025; 昌吉农高区's 2023
// plan of 106亿元 of project investment. Everything else — the prefecture's
// and each park's other figures, the split of the 93 %, the generated
// certificate holders and numbers, the 亩均 sheet and figures, progress
// on targets — is illustrative and every record says so.

// DemoResult counts what LoadDemo added.
type DemoResult struct {
	Figures, Certificates, Enterprises, Results, Targets int
}

// demoShare is each park's part of the parks' 2022 规上 added value, in
// per-mille of the prefecture's (illustrative), summing to 930 = 93 %.
var demoShares = []struct {
	short    string
	permille int64
}{
	{"准东开发区", 420}, {"昌吉高新区", 190}, {"阜康产业园", 95}, {"城南工业园区", 60}, {"昌吉农高区", 45},
	{"玛纳斯工业园", 40}, {"呼图壁工业园", 35}, {"奇台工业园", 25}, {"木垒工业园", 20},
}

// demoPrefectureVA is the prefecture's 2022 规上 industrial added value in
// 万元 — illustrative (the page gives only the 93 % share).
const demoPrefectureVA = 10_000_000

// LoadDemo adds the demo's park figures, certificates, 亩均 sheet and
// results, and targets. It expects the registry demo (internal/demo): the
// prefecture 652300, the nine parks by short name and the page's
// enterprises. ctx must carry a principal of the bureau, e.g.
// access.System("demo").
func (s *Service) LoadDemo(ctx context.Context) (DemoResult, error) {
	var res DemoResult
	parks, _, err := s.reg.ListParks(ctx, registry.ParkFilter{Limit: -1})
	if err != nil {
		return res, err
	}
	byShort := map[string]registry.Park{}
	for _, p := range parks {
		byShort[p.ShortName] = p
	}
	for _, d := range demoShares {
		if _, ok := byShort[d.short]; !ok {
			return res, fmt.Errorf("parkstats demo: park %s not in the registry", d.short)
		}
	}
	if err := s.demoFigures(ctx, byShort, &res); err != nil {
		return res, err
	}
	if err := s.demoCertificates(ctx, byShort, &res); err != nil {
		return res, err
	}
	if err := s.demoMujun(ctx, &res); err != nil {
		return res, err
	}
	return res, s.demoTargets(ctx, byShort, &res)
}

func wanText(n int64) string { return fmt.Sprintf("%d", n) }

func (s *Service) demoFigures(ctx context.Context, parks map[string]registry.Park, res *DemoResult) error {
	add := func(in FigureInput) error {
		if _, err := s.SubmitFigure(ctx, in); err != nil {
			return fmt.Errorf("parkstats demo figure %d %s: %w", in.ParkID, in.Period, err)
		}
		res.Figures++
		return nil
	}
	if err := add(FigureInput{DivisionCode: "652300", Kind: "year", Period: "2022", Scope: "above_scale", AddedValue: wanText(demoPrefectureVA),
		Note: "合计为示意：报道只给出园区占比 93%。", Illustrative: true}); err != nil {
		return err
	}
	for _, d := range demoShares {
		va := demoPrefectureVA * d.permille / 1000
		in := FigureInput{ParkID: parks[d.short].ID, Kind: "year", Period: "2022", Scope: "above_scale", AddedValue: wanText(va),
			GrossOutput: wanText(va * 4), Revenue: wanText(va * 4), Tax: wanText(va / 5), Employment: wanText(va / 400),
			LandMu: wanText(va / 100), Illustrative: true,
			Note: "报道中园区占全州工业增加值 93% 的分园区拆分为示意。"}
		if d.short == "准东开发区" {
			// Page: 准东 gross industrial output 1406亿元 in 2022 (scope not
			// stated on the page; 规上 assumed [U]).
			in.GrossOutput, in.Illustrative = "14060000", false
			in.Note = "Gross industrial output 1406亿元 (page, 2022; 规上 scope assumed [U]); other figures illustrative."
		}
		if err := add(in); err != nil {
			return err
		}
	}
	// January–April 2023 monthly figures (illustrative) with the same
	// shares, so that the monthly table, ranking and series show.
	season := []int64{70, 80, 100, 110} // per cent of an average month (winter stop)
	for i, f := range season {
		period := fmt.Sprintf("2023-%02d", i+1)
		total := demoPrefectureVA * f / 100 / 12
		if err := add(FigureInput{DivisionCode: "652300", Kind: "month", Period: period, Scope: "above_scale", AddedValue: wanText(total),
			Illustrative: true, Note: "示意数据。"}); err != nil {
			return err
		}
		for _, d := range demoShares {
			va := total * d.permille / 1000
			if err := add(FigureInput{ParkID: parks[d.short].ID, Kind: "month", Period: period, Scope: "above_scale", AddedValue: wanText(va),
				GrossOutput: wanText(va * 4), Tax: wanText(va / 5), Illustrative: true, Note: "示意数据。"}); err != nil {
				return err
			}
		}
	}
	return nil
}

// demoCertificates makes the page's counts true on the page's date: 50
// certificates at 昌吉高新区 and 117 elsewhere, 167 in all (50/167 =
// 29.94 % ≈ 30 %). The holders and numbers are generated and illustrative;
// all were issued 2020-12 … 2022-12, so the counts hold from 2022-12-31 to
// 2023-11-30. Each holder is re-certified when its certificate runs out
// (high-tech certificates last three years), so that the same counts show
// today too; res.Certificates counts the first certificates only.
func (s *Service) demoCertificates(ctx context.Context, parks map[string]registry.Park, res *DemoResult) error {
	others := []string{"准东开发区", "昌吉农高区", "阜康产业园", "呼图壁工业园", "玛纳斯工业园", "奇台工业园", "城南工业园区", "木垒工业园"}
	n := 0
	place := func(i int) registry.Park {
		if i < 50 {
			return parks["昌吉高新区"]
		}
		return parks[others[(i-50)%len(others)]]
	}
	first := time.Date(2020, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 167; i++ {
		p := place(i)
		body := fmt.Sprintf("91%sMA7HT%04d", p.DivisionCode, i+1)
		c, ok := registry.USCCCheckChar(body)
		if !ok {
			return fmt.Errorf("parkstats demo: credit code %s", body)
		}
		org, err := s.reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: fmt.Sprintf("%s高新技术企业%03d（示意）", p.ShortName, i+1),
			USCC: body + string(c), DivisionCode: p.DivisionCode, ParkID: p.ID, Illustrative: true,
			Notes: "为使报道中的高新技术企业数（50 家 = 30%）成立而生成的示意企业。"})
		if err != nil {
			return fmt.Errorf("parkstats demo enterprise %d: %w", i+1, err)
		}
		res.Enterprises++
		issued := first.AddDate(0, 0, (i*97)%760) // spread over 2020-12 … 2022-12
		if _, err := s.CreateCertificate(ctx, CertificateInput{OrgID: org.ID, CertNo: fmt.Sprintf("GR%d65%06d", issued.Year(), i+1),
			IssuedOn: issued.Format(time.DateOnly), Illustrative: true, Notes: "示意证书。"}); err != nil {
			return fmt.Errorf("parkstats demo certificate %d: %w", i+1, err)
		}
		renewed := issued.AddDate(3, 0, 0)
		if _, err := s.CreateCertificate(ctx, CertificateInput{OrgID: org.ID, CertNo: fmt.Sprintf("GR%d65%06d", renewed.Year(), i+1),
			IssuedOn: renewed.Format(time.DateOnly), Illustrative: true, Notes: "示意：到期后重新认定。"}); err != nil {
			return fmt.Errorf("parkstats demo renewal %d: %w", i+1, err)
		}
		n++
	}
	res.Certificates = n
	return nil
}

// demoMujun stores an illustrative 2022 规上 sheet — Huangyan 2022's
// weights and benchmarks (projects.md §2.10, chacewang news430850) with
// gu456's rank bands — and scores the page's enterprises with
// illustrative figures. Xinjiang's own scheme is not identified [U].
func (s *Service) demoMujun(ctx context.Context, res *DemoResult) error {
	sh, err := s.CreateSheet(ctx, SheetInput{Year: 2022, Population: "above", Name: "规上工业企业亩均效益评价（示意）", Method: "rank", ExemptGrade: "B",
		Lines: []Weighted{{IndTaxPerMu, 30, 24.097}, {IndVAPerMu, 20, 136.16}, {IndVAPerEnergy, 20, 2.694},
			{IndVAPerEmission, 10, 4929.81}, {IndLabourProd, 10, 18.14}, {IndRDIntensity, 10, 0.0302}},
		Bands:        []Band{{"A", 25}, {"B", 70}, {"C", 95}, {"D", 100}},
		Source:       "示意：权重和基准值取自黄岩区 2022 年办法，分档取 A 前 25%、B 26–70%、C 71–95%、D 末 5%；新疆办法待核实。",
		Illustrative: true})
	if err != nil {
		return fmt.Errorf("parkstats demo sheet: %w", err)
	}
	// Illustrative figures: tax, VA, revenue, R&D (万元), land (亩), energy
	// (tce), emissions (t), employees.
	firms := []struct {
		uscc                                     string
		tax, va, rev, rd, land, energy, emission string
		employees                                int64
		exempt                                   bool
	}{
		{"91652301MA775W8R26", "9000", "52000", "400000", "12000", "1200", "30000", "12", 900, false},
		{"91652301MA77XC0F1H", "1500", "9000", "60000", "1500", "300", "4000", "3", 600, false},
		{"91652302MA7812TC6H", "6000", "40000", "250000", "2000", "2000", "90000", "40", 1500, false},
		{"91652325MA79P0QX7K", "300", "2500", "20000", "100", "150", "1500", "2", 200, false},
		{"91652328MA79K2M349", "2500", "30000", "45000", "200", "800", "2000", "1", 150, false},
		// Gas supplier: a utility, 不定等级 (gu456), graded as B.
		{"91652327MA78A1B03C", "800", "6000", "20000", "300", "500", "5000", "5", 300, true},
	}
	for _, f := range firms {
		org, err := s.reg.FindOrganisationByUSCC(ctx, f.uscc)
		if err != nil {
			return fmt.Errorf("parkstats demo: enterprise %s: %w", f.uscc, err)
		}
		if _, err := s.SaveMJInput(ctx, MJInput{OrgID: org.ID, Year: 2022, Population: "above", Tax: f.tax, AddedValue: f.va, Revenue: f.rev,
			RD: f.rd, LandMu: f.land, EnergyTce: f.energy, EmissionT: f.emission, Employees: f.employees, Exempt: f.exempt, Illustrative: true}); err != nil {
			return fmt.Errorf("parkstats demo 亩均 %s: %w", f.uscc, err)
		}
	}
	rs, err := s.Evaluate(ctx, sh.ID)
	res.Results = len(rs)
	return err
}

func (s *Service) demoTargets(ctx context.Context, parks map[string]registry.Park, res *DemoResult) error {
	mulei, err := s.CreateTarget(ctx, TargetInput{DivisionCode: "652328", Name: "新能源装备制造业产值", TargetValue: "1000000", BaseYear: 2021, DueYear: 2025,
		Source: "报道（2023 年 5 月）：“十四五”末新能源装备产值 100 亿元以上。"})
	if err != nil {
		return fmt.Errorf("parkstats demo target 木垒: %w", err)
	}
	if _, err := s.RecordProgress(ctx, mulei.ID, ProgressInput{AsOf: "2022-12-31", Actual: "350000", Note: "示意数据。", Illustrative: true}); err != nil {
		return err
	}
	nonggao, err := s.CreateTarget(ctx, TargetInput{ParkID: parks["昌吉农高区"].ID, Name: "年度项目投资", TargetValue: "1060000", BaseYear: 2023, DueYear: 2023,
		Source: "报道（2023 年 5 月）：昌吉农高区今年计划完成项目投资 106 亿元。"})
	if err != nil {
		return fmt.Errorf("parkstats demo target 农高区: %w", err)
	}
	if _, err := s.RecordProgress(ctx, nonggao.ID, ProgressInput{AsOf: "2023-04-30", Actual: "318000", Note: "示意数据。", Illustrative: true}); err != nil {
		return err
	}
	res.Targets = 2
	return nil
}
