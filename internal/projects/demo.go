package projects

import (
	"context"
	"fmt"
	"time"

	"github.com/changji-gov/bogda/internal/registry"
)

// Demo data of the May 2023 prefecture page (domain README, S1): the
// tomato project, the resin project and 木垒's wind and solar, on an
// illustrative 2023 key-project list with monthly reports for January–May
// so that all three lights show. Figures the page gives are used as given;
// everything else (annual plans, monthly amounts, dates not on the page)
// is illustrative and the records say so.

// DemoRefs names the registry records the demo projects attach to; the
// composition root's demo loader created them (internal/demo).
type DemoRefs struct {
	TomatoOwnerUSCC string // 新疆笑厨食品有限公司
	ResinOwnerUSCC  string // 新疆维格瑞生物科技有限公司
	MuleiOwnerUSCC  string // 木垒县风光新能源开发有限公司 (illustrative)
}

// ChangjiDemoRefs are the credit codes internal/demo gives those enterprises.
func ChangjiDemoRefs() DemoRefs {
	return DemoRefs{TomatoOwnerUSCC: "91652301MA77XC0F1H", ResinOwnerUSCC: "91652301MA775W8R26", MuleiOwnerUSCC: "91652328MA79K2M349"}
}

type demoProject struct {
	in      ProjectInput
	uscc    string
	cluster string // cluster name in the taxonomy in force on 2023-05-01
	plan    string // 2023 annual plan, 万元 (illustrative)
	monthly []string
	reports []string // Jan–May physical amounts, 万元 (illustrative)
	stats   []string // Jan–May 入库 amounts, 万元 (illustrative)
	phases  []PhaseInput
	miles   []MilestoneInput
}

func demoProjects(r DemoRefs) []demoProject {
	winter := []string{"0", "0", "1200", "2000", "2400", "2600", "2600", "2600", "2400", "2000", "1400", "800"} // sums to 20000
	return []demoProject{
		{in: ProjectInput{Name: "新疆番茄优势特色产业项目", TotalInvestment: "50000", Stage: "started", StageOn: "2023-03-20",
			Capacity: "年加工番茄20万吨", Products: "番茄酱、番茄丁、番茄块、番茄沙司", Sector: "产业类", BuildType: "新建",
			EnrolledMonth: "2023-04",
			Notes:         "总投资 5 亿元，年产 20 万吨生产线；土地已平整硬化，进入全面建设（2023 年 5 月）；预计 2025 年全面投产；订单种植 10 万亩、带动 2 万户，产值 15 亿元以上（报道）。开工日期、计划和月度金额为示意。"},
			uscc: r.TomatoOwnerUSCC, cluster: "绿色有机果蔬", plan: "20000", monthly: winter,
			reports: []string{"0", "0", "1500", "2500", "4500"}, stats: []string{"0", "0", "0", "2000", "4000"},
			miles: []MilestoneInput{{Kind: "land", Name: "土地平整、场地硬化", Planned: "2023-04-30", Actual: "2023-05-10"},
				{Kind: "production", Name: "全面投产", Planned: "2025-09-30"}}},
		{in: ProjectInput{Name: "24万吨/年生物可降解聚酯树脂项目", Stage: "partial_op", StageOn: "2023-05-15",
			Capacity: "年产24万吨生物可降解聚酯树脂", Products: "生物可降解聚酯树脂", Sector: "产业类", BuildType: "新建",
			EnrolledMonth: "2022-06", Illustrative: true,
			Notes: "昌吉高新区自治区重点项目；一期 2023 年 5 月试生产，二期 9 月试生产；年销售额 40 亿元以上（报道）。报道未给出总投资；计划和金额为示意。"},
			uscc: r.ResinOwnerUSCC, cluster: "新能源新材料等战略性新兴产业", plan: "30000",
			reports: []string{"0", "0", "2000", "2500", "3000"}, stats: []string{"0", "0", "2000", "2500", "3000"},
			phases: []PhaseInput{{Seq: 1, Name: "一期", Capacity: "12万吨/年"}, {Seq: 2, Name: "二期", Capacity: "12万吨/年"}},
			miles: []MilestoneInput{{Kind: "trial", Name: "一期试生产", Planned: "2023-05-31", Actual: "2023-05-15"},
				{Kind: "trial", Name: "二期试生产", Planned: "2023-09-30"}}},
		{in: ProjectInput{Name: "木垒县风电光伏项目（57个项目汇总）", TotalInvestment: "4000000", Stage: "continuing", StageOn: "2023-03-17",
			Capacity: "5个风电规划区（四十个井子、老君庙、大石头等），24家企业57个风光项目", Sector: "产业类", BuildType: "新建",
			EnrolledMonth: "2022-08", Illustrative: true,
			Notes: "24 家企业 57 个风光项目、投资近 400 亿元；目标 2025 年新能源装备产值 100 亿元以上（报道）。按一个打包项目展示；计划和金额为示意。"},
			uscc: r.MuleiOwnerUSCC, cluster: "新能源新材料等战略性新兴产业", plan: "800000",
			reports: []string{"0", "0", "10000", "20000", "50000"}, stats: []string{"0", "0", "10000", "20000", "45000"}},
	}
}

// LoadDemo adds the demo projects, the illustrative 2023 list (judged by
// the Yinchuan 2025 bands, another city's published rules, for want of
// Changji's), the reports of January–May 2023 each filed on time, and the
// lights of May 2023. ctx must carry a principal of the bureau, e.g.
// access.System("demo").
func (s *Service) LoadDemo(ctx context.Context, refs DemoRefs) error {
	projects := demoProjects(refs)
	day := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	tax, _, err := s.reg.ListTaxonomies(ctx, registry.TaxonomyFilter{ParkID: -1, InForce: day, Limit: -1})
	if err != nil {
		return err
	}
	clusters := map[string]int64{}
	for _, t := range tax {
		full, err := s.reg.GetTaxonomy(ctx, t.ID)
		if err != nil {
			return err
		}
		for _, c := range full.Clusters {
			clusters[c.Name] = c.ID
		}
	}
	sets, err := s.RuleSets(ctx)
	if err != nil {
		return err
	}
	var yinchuan int64
	for _, rs := range sets {
		if rs.Code == "yinchuan-2025" {
			yinchuan = rs.ID
		}
	}
	l, err := s.CreateList(ctx, ListInput{Year: 2023, Name: "2023年昌吉州重点项目清单（示意）", Issuer: "昌吉回族自治州发展和改革委员会",
		DivisionCode: "652300", RuleSetID: yinchuan,
		Notes: "示意清单：报道列出了项目而非清单。在昌吉发布本地标准前，红黄绿灯按银川 2025 年标准。"})
	if err != nil {
		return fmt.Errorf("demo list: %w", err)
	}
	ids := make([]int64, len(projects))
	for i, dp := range projects {
		org, err := s.reg.FindOrganisationByUSCC(ctx, dp.uscc)
		if err != nil {
			return fmt.Errorf("demo owner %s: %w", dp.uscc, err)
		}
		in := dp.in
		in.OwnerOrgID, in.ParkID, in.DivisionCode = org.ID, org.ParkID, org.DivisionCode
		if id, ok := clusters[dp.cluster]; ok {
			in.ClusterIDs = []int64{id}
		}
		p, err := s.CreateProject(ctx, in)
		if err != nil {
			return fmt.Errorf("demo project %s: %w", in.Name, err)
		}
		ids[i] = p.ID
		for _, ph := range dp.phases {
			if _, err := s.SavePhase(ctx, p.ID, 0, ph); err != nil {
				return err
			}
		}
		for _, m := range dp.miles {
			if _, err := s.SaveMilestone(ctx, p.ID, 0, m); err != nil {
				return err
			}
		}
		cat := "continuing"
		if p.StartMonth.Year() == 2023 {
			cat = "new"
		}
		if _, err := s.SaveItem(ctx, l.ID, ItemInput{ProjectID: p.ID, Category: cat, AnnualPlan: dp.plan, Monthly: dp.monthly}); err != nil {
			return fmt.Errorf("demo list item %s: %w", in.Name, err)
		}
	}
	if _, err := s.AdoptList(ctx, l.ID); err != nil {
		return err
	}
	// Each month's reports are filed on the 5th of the next month, on time.
	for k := 1; k <= 5; k++ {
		filed := s.WithClock(func() time.Time { return time.Date(2023, time.Month(k+1), 5, 10, 0, 0, 0, cst) })
		for i, dp := range projects {
			if _, err := filed.SubmitReport(ctx, ReportInput{ProjectID: ids[i], Month: MonthOf(2023, time.Month(k)).String(),
				PhysicalAmount: dp.reports[k-1], StatsAmount: dp.stats[k-1]}); err != nil {
				return fmt.Errorf("demo report %s %d: %w", dp.in.Name, k, err)
			}
		}
	}
	if _, err = s.ComputeLights(ctx, l.ID, MonthOf(2023, time.May)); err != nil {
		return err
	}
	return s.demoThisYear(ctx, ids)
}

// demoThisYear puts the same projects on an illustrative list of the
// current year with reports up to last month, so that an enterprise
// reporting this month moves a light (the walk-through of issue 3): the
// tomato project is reported at 80 % of its monthly plan, a little behind
// 序时进度 until its owner reports the current month.
func (s *Service) demoThisYear(ctx context.Context, ids []int64) error {
	now := MonthOfTime(s.now())
	l, err := s.CreateList(ctx, ListInput{Year: now.Year(), Name: fmt.Sprintf("%d年昌吉州重点项目清单（示意）", now.Year()),
		Issuer: "昌吉回族自治州发展和改革委员会", DivisionCode: "652300",
		Notes: "示意：本年度计划和月报为演示编制，本月填报会改变灯色。"})
	if err != nil {
		return fmt.Errorf("demo list this year: %w", err)
	}
	plans := []struct {
		plan, monthly, reported string
	}{
		{"12000", "1000", "800"},     // tomato: 80 % of plan each month
		{"6000", "500", "500"},       // resin: on plan
		{"600000", "50000", "20000"}, // 木垒: 40 % of plan
	}
	for i, id := range ids {
		monthly := make([]string, 12)
		for k := range monthly {
			monthly[k] = plans[i].monthly
		}
		if _, err := s.SaveItem(ctx, l.ID, ItemInput{ProjectID: id, Category: "continuing", AnnualPlan: plans[i].plan, Monthly: monthly}); err != nil {
			return fmt.Errorf("demo list item this year: %w", err)
		}
	}
	if _, err := s.AdoptList(ctx, l.ID); err != nil {
		return err
	}
	for k := 1; k < now.Num(); k++ {
		m := MonthOf(now.Year(), time.Month(k))
		filed := s.WithClock(func() time.Time {
			next := m.Add(1)
			return time.Date(next.Year(), time.Month(next.Num()), 5, 10, 0, 0, 0, cst)
		})
		for i, id := range ids {
			if _, err := filed.SubmitReport(ctx, ReportInput{ProjectID: id, Month: m.String(), PhysicalAmount: plans[i].reported,
				StatsAmount: plans[i].reported}); err != nil {
				return fmt.Errorf("demo report this year: %w", err)
			}
		}
	}
	_, err = s.ComputeLights(ctx, l.ID, now)
	return err
}
