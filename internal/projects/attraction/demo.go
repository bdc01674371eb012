package attraction

import (
	"context"
	"fmt"
	"time"

	"github.com/changji-gov/bogda/internal/registry"
)

// Demo data: a few leads across the pipeline at the parks of the May 2023
// prefecture page (domain README, S1) — new-energy equipment at 木垒,
// whose target is equipment output above 100亿元 by 2025, and agricultural
// processing at 昌吉农高区, whose "4+1" system the page names. The page
// names no attraction leads: every lead, investor, amount and date here
// is illustrative and marked so.

type demoLead struct {
	in       LeadInput
	park     string // park name in the registry
	cluster  string // cluster name in the taxonomy in force on 2023-05-01
	signings []SigningInput
	steps    []StageInput // after the signings, in date order
	funds    []FundInput
}

const demoNote = "Illustrative lead for the demo: the page names the parks and their industries, not this lead, investor or figures."

func demoLeads() []demoLead {
	return []demoLead{
		{in: LeadInput{Name: "风电整机及关键部件制造项目（示意）", InvestorName: "某风电整机制造企业（示意）", InvestorProvince: "江苏省",
			Ownership: "private", Planned: "200000", Stage: "clue", StageOn: "2022-10-12"},
			park: "木垒工业园区", cluster: "新能源新材料等战略性新兴产业",
			signings: []SigningInput{{Kind: "contract", SignedOn: "2023-01-15", Amount: "200000", ContractNo: "ML-ZS-2023-001"}},
			steps:    []StageInput{{Stage: "landed", On: "2023-03-01", Note: "公司注册、土地出让金缴清"}, {Stage: "started", On: "2023-04-20", Note: "主厂房开工"}},
			funds: []FundInput{{ArrivedOn: "2023-03-10", Amount: "30000", Official: yes()},
				{ArrivedOn: "2023-05-10", Amount: "20000", Official: yes()}}},
		{in: LeadInput{Name: "光伏支架及组件配套项目（示意）", InvestorName: "某中央能源企业（示意）", InvestorProvince: "北京市",
			Ownership: "central_soe", Planned: "80000", Stage: "negotiate", StageOn: "2023-01-05"},
			park: "木垒工业园区", cluster: "新能源新材料等战略性新兴产业",
			signings: []SigningInput{{Kind: "framework", SignedOn: "2023-02-20", Amount: "80000"},
				{Kind: "contract", SignedOn: "2023-04-01", Amount: "80000", ContractNo: "ML-ZS-2023-007", Notes: "框架协议升格，不重复计金额"}},
			steps: []StageInput{{Stage: "landed", On: "2023-05-05"}},
			funds: []FundInput{{ArrivedOn: "2023-04-15", Amount: "8000", Official: yes()}}},
		{in: LeadInput{Name: "风电塔筒制造项目（示意）", InvestorName: "某自治区国有企业（示意）", InvestorProvince: "新疆维吾尔自治区",
			Ownership: "local_soe", Planned: "30000", Stage: "negotiate", StageOn: "2023-03-01"},
			park: "木垒工业园区", cluster: "新能源新材料等战略性新兴产业"},
		{in: LeadInput{Name: "番茄制品精深加工项目（示意）", InvestorName: "某食品加工企业（示意）", InvestorProvince: "福建省",
			Ownership: "private", Planned: "30000", Stage: "assess", StageOn: "2022-12-01"},
			park: "昌吉国家农业高新技术产业示范区", cluster: "绿色有机果蔬",
			signings: []SigningInput{{Kind: "contract", SignedOn: "2023-02-10", Amount: "30000", ContractNo: "NGQ-ZS-2023-003"},
				{Kind: "increase", SignedOn: "2023-04-20", Amount: "36000", Notes: "增资至3.6亿元，只计增加的6000万元"}},
			steps: []StageInput{{Stage: "landed", On: "2023-03-15"}, {Stage: "started", On: "2023-04-25"}},
			funds: []FundInput{{ArrivedOn: "2023-03-20", Amount: "10000", Official: yes()}}},
		{in: LeadInput{Name: "粮油精深加工项目（示意）", InvestorName: "某境外粮油企业（示意）", InvestorProvince: "香港特别行政区",
			Ownership: "foreign", Planned: "50000", Stage: "assess", StageOn: "2023-04-01"},
			park: "昌吉国家农业高新技术产业示范区", cluster: "粮油"},
		{in: LeadInput{Name: "牛羊肉精深加工项目（示意）", InvestorName: "某畜产品企业（示意）", InvestorProvince: "山东省",
			Ownership: "private", Planned: "15000", Stage: "negotiate", StageOn: "2022-09-01"},
			park: "昌吉国家农业高新技术产业示范区", cluster: "优质畜产品",
			signings: []SigningInput{{Kind: "contract", SignedOn: "2023-01-05", Amount: "15000"}},
			steps:    []StageInput{{Stage: "terminated", On: "2023-03-01", Note: "投资方资金链问题，协议解除"}}},
	}
}

// LoadDemo adds the illustrative leads with their signings, stage steps
// and arrived funds, so that the 2023 rates show every case (a contract,
// a framework upgraded, an increase, a termination). ctx must carry a
// principal of the bureau, e.g. access.System("demo"); the registry's demo
// parks and cluster taxonomies must exist.
func (s *Service) LoadDemo(ctx context.Context) error {
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
	parks, _, err := s.reg.ListParks(ctx, registry.ParkFilter{Limit: -1})
	if err != nil {
		return err
	}
	parkIDs := map[string]int64{}
	for _, p := range parks {
		parkIDs[p.Name] = p.ID
	}
	for _, dl := range demoLeads() {
		in := dl.in
		in.Illustrative, in.Notes = true, demoNote
		if in.ParkID = parkIDs[dl.park]; in.ParkID == 0 {
			return fmt.Errorf("demo lead %s: no park %s", in.Name, dl.park)
		}
		in.ClusterID = clusters[dl.cluster] // none if the taxonomy lacks it
		l, err := s.CreateLead(ctx, in)
		if err != nil {
			return fmt.Errorf("demo lead %s: %w", in.Name, err)
		}
		for _, sg := range dl.signings {
			if _, err := s.AddSigning(ctx, l.ID, sg); err != nil {
				return fmt.Errorf("demo signing %s: %w", in.Name, err)
			}
		}
		for _, st := range dl.steps {
			if _, err := s.Advance(ctx, l.ID, st); err != nil {
				return fmt.Errorf("demo stage %s: %w", in.Name, err)
			}
		}
		for _, f := range dl.funds {
			if _, err := s.AddFund(ctx, l.ID, f); err != nil {
				return fmt.Errorf("demo funds %s: %w", in.Name, err)
			}
		}
	}
	return nil
}

func yes() *bool { t := true; return &t }
