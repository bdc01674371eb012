package escalation

import (
	"context"
	"fmt"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/projects"
)

// Demo data. The prefecture page (domain README, S1) names the projects but
// none of their problems, so every item here is illustrative and marked so;
// the problems are the kinds the reference names (用地, 要素保障, 审批, 环评;
// projects.md §2.7) on the page's projects: the tomato project entering
// full construction, the resin project's second phase due in September
// 2023, 木垒's 57 wind and solar projects. The 2023 items sit beside the
// 2023 demo list; the current-year ones are dated from today so that the
// meeting view of this month shows open, overdue and resolved items.

// Demo project names, as package projects' demo creates them.
const (
	demoTomato = "新疆番茄优势特色产业项目"
	demoResin  = "24万吨/年生物可降解聚酯树脂项目"
	demoMulei  = "木垒县风电光伏项目（57个项目汇总）"
)

type demoMove struct {
	to, note, level string
	on              int // days after raised
}

type demoIssue struct {
	project, category, description, unit, measures string
	// raised and deadline are fixed dates, or offsets in days from today
	// when fixed is "".
	raised, deadline      string
	raisedAgo, deadlineIn int
	moves                 []demoMove
}

func demoIssues() []demoIssue {
	return []demoIssue{
		{project: demoTomato, category: "utilities", description: "订单农业种植基地灌溉用水指标待落实（示意）", unit: "昌吉农高区管委会",
			measures: "协调水利部门调剂灌溉用水指标", raised: "2023-04-10", deadline: "2023-05-31",
			moves: []demoMove{{to: "coordinating", on: 2, note: "已交办"}, {to: "resolved", on: 45, note: "用水指标已调剂落实（示意）"}}},
		{project: demoResin, category: "utilities", description: "二期试生产所需蒸汽管网接入未完成（示意）", unit: "昌吉高新区管委会",
			measures: "园区热力公司加快管网施工", raised: "2023-05-08", deadline: "2023-08-31",
			moves: []demoMove{{to: "coordinating", on: 3, note: "已交办"}}},
		{project: demoMulei, category: "approval", description: "110千伏送出线路工程核准滞后，影响风电场并网（示意）", unit: "木垒县发展和改革委员会",
			measures: "县发改委对接电网企业和自治区发改委", raised: "2023-03-20", deadline: "2023-04-30",
			moves: []demoMove{{to: "coordinating", on: 1, note: "已交办"}, {to: "escalated", on: 47, level: "prefecture", note: "需州级协调电网接入（示意）"}}},
		{project: demoTomato, category: "eia", description: "厂区污水处理站环评批复待取得（示意）", unit: "昌吉州生态环境局",
			measures: "加快环评报告技术审查", raisedAgo: 40, deadlineIn: -10,
			moves: []demoMove{{to: "coordinating", on: 2, note: "已交办"}}},
		{project: demoMulei, category: "land", description: "风光项目林草地征占手续办理缓慢（示意）", unit: "",
			measures: "", raisedAgo: 12, deadlineIn: 20},
		{project: demoResin, category: "funding", description: "二期设备采购资金缺口待协调（示意）", unit: "昌吉州发展和改革委员会",
			measures: "协调银行项目贷款", raisedAgo: 30, deadlineIn: -5,
			moves: []demoMove{{to: "coordinating", on: 1, note: "已交办"}, {to: "resolved", on: 22, note: "银行贷款已审批（示意）"}}},
	}
}

// LoadDemo raises the demo items on package projects' demo projects (found
// by name through proj; LoadDemo of package projects must have run) and
// walks them through their moves. ctx must carry a principal of the bureau,
// e.g. access.System("demo").
func (s *Service) LoadDemo(ctx context.Context, proj *projects.Service) error {
	ids := map[string]int64{}
	for _, name := range []string{demoTomato, demoResin, demoMulei} {
		ps, _, err := proj.ListProjects(ctx, projects.ProjectFilter{Q: name, Limit: -1})
		if err != nil {
			return err
		}
		for _, p := range ps {
			if p.Name == name {
				ids[name] = p.ID
			}
		}
		if ids[name] == 0 {
			return fmt.Errorf("escalation demo: project %q not found (load the projects demo first)", name)
		}
	}
	today := s.today()
	at := func(fixed string, offset int) db.Date {
		if fixed != "" {
			d, _ := db.ParseDate(fixed)
			return d
		}
		return db.Date{Time: today.AddDate(0, 0, offset)}
	}
	for _, di := range demoIssues() {
		raised := at(di.raised, -di.raisedAgo)
		i, err := s.Create(ctx, IssueInput{ProjectID: ids[di.project], Category: di.category, Description: di.description,
			RaisedBy: "州发改委重点项目办（示意）", RaisedOn: raised.String(), ResponsibleUnit: di.unit, Measures: di.measures,
			Deadline: at(di.deadline, di.deadlineIn).String(), Illustrative: true})
		if err != nil {
			return fmt.Errorf("escalation demo %q: %w", di.description, err)
		}
		for _, m := range di.moves {
			on := db.Date{Time: raised.AddDate(0, 0, m.on)}
			if _, err := s.Move(ctx, i.ID, MoveInput{To: m.to, On: on.String(), Note: m.note, Level: m.level}); err != nil {
				return fmt.Errorf("escalation demo move %q → %s: %w", di.description, m.to, err)
			}
		}
	}
	return nil
}
