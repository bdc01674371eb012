package safety

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/registry"
)

// Demo data for S2 (issue 4 item 11): one illustrative enterprise in each
// of the page's five sectors (交通, 矿山, 危化, 消防, 旅游) plus a metal
// mine, hazards in every state — on time, overdue and escalated, listed,
// awaiting verification, written off —, a 包保 assignment, and public
// reports, one of them followed by its tracking code. Everything goes
// through the services, so it is validated and audited like user input.
// The organisations are created in the registry and marked illustrative.

// DemoResult is what the loader made that a presenter needs.
type DemoResult struct {
	Enterprises   int      `json:"enterprises"`
	Hazards       int      `json:"hazards"`
	TrackingCodes []string `json:"tracking_codes"`
}

type demoOrg struct {
	name, uscc17, division, sector, industry, principal, regulator string
}

func demoOrgs() []demoOrg {
	return []demoOrg{
		{"吉木萨尔县示范危化储运有限公司", "91652327MA7DA0001", "652327", "hazchem", "危险化学品储存", "赵立新", "吉木萨尔县应急管理局"},
		{"奇台县示范露天煤矿有限公司", "91652325MA7DA0002", "652325", "coal", "煤炭开采", "马海军", "奇台县应急管理局"},
		{"阜康市示范石料矿业有限公司", "91652302MA7DA0003", "652302", "metal_mine", "非金属矿采选", "孙志强", "阜康市应急管理局"},
		{"昌吉市示范长途客运有限公司", "91652301MA7DA0004", "652301", "road", "道路旅客运输", "周红", "昌吉市交通运输局"},
		{"昌吉市示范商业综合体管理有限公司", "91652301MA7DA0005", "652301", "fire", "商业综合体", "吴敏", "昌吉市消防救援大队"},
		{"呼图壁县示范旅游景区有限公司", "91652323MA7DA0006", "652323", "tourism", "景区管理", "古丽", "呼图壁县文化体育广播电视和旅游局"},
	}
}

// demoPNG is a small valid image for demo evidence and photos.
func demoPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := 0; x < 8; x++ {
		for y := 0; y < 8; y++ {
			img.Set(x, y, color.RGBA{R: 200, G: uint8(20 * x), B: uint8(20 * y), A: 255})
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// LoadDemo loads the S2 demo data into a database whose registry already
// holds the prefecture's divisions (internal/demo loads them first). The
// service's clock decides what is overdue.
func LoadDemo(ctx context.Context, s *Service, reg *registry.Service) (DemoResult, error) {
	ctx = access.With(ctx, access.System("safety demo data"))
	var res DemoResult
	today := s.today()
	ago := func(days int) string { return today.AddDate(0, 0, -days).Format(time.DateOnly) }
	ahead := func(days int) Date { return DateOf(today.AddDate(0, 0, days)) }
	ents := map[string]Enterprise{}
	for _, o := range demoOrgs() {
		c, ok := registry.USCCCheckChar(o.uscc17)
		if !ok {
			return res, fmt.Errorf("demo credit code %s", o.uscc17)
		}
		org, err := reg.CreateOrganisation(ctx, registry.OrgInput{Kind: "enterprise", Name: o.name, USCC: o.uscc17 + string(c), DivisionCode: o.division,
			Industry: o.industry, Principal: o.principal, Illustrative: true, Notes: "隐患排查整治演示企业（示意）。"})
		if err != nil {
			return res, fmt.Errorf("demo organisation %s: %w", o.name, err)
		}
		e, err := s.CreateEnterprise(ctx, EnterpriseInput{OrgID: org.ID, Sector: o.sector, Regulator: o.regulator, MajorHazardSource: o.sector == "hazchem",
			Licences: demoLicences(o.sector, today)})
		if err != nil {
			return res, fmt.Errorf("demo enterprise %s: %w", o.name, err)
		}
		ents[o.sector] = e
		res.Enterprises++
	}
	pic := demoPNG()
	crit := func(sector, set, code string) int64 {
		sets, err := s.Checklist(ctx, sector, today)
		if err != nil {
			return 0
		}
		for _, cs := range sets {
			if cs.Code != set {
				continue
			}
			for _, it := range cs.Items {
				if it.Code == code {
					return it.ID
				}
			}
		}
		return 0
	}
	newHazard := func(in HazardInput) (Hazard, error) {
		h, err := s.CreateHazard(ctx, in)
		if err == nil {
			res.Hazards++
		}
		return h, err
	}
	plan := func(h Hazard, deadline Date) (Hazard, error) {
		return s.SubmitPlan(ctx, h.ID, Plan{Goal: "消除重大事故隐患", Measures: "停用相关设施，委托有资质单位整改并组织验收", FundsFen: 500000_00,
			Responsible: "企业主要负责人牵头，设备安全部具体实施", Deadline: deadline, Contingency: "整改期间设置警戒区，落实专人监护，修订专项应急预案并演练"})
	}
	steps := []func() error{
		// General, on time (整改中).
		func() error {
			_, err := newHazard(HazardInput{EnterpriseID: ents["fire"].ID, Source: "self", Grade: "general", Kind: "management_defect",
				Title: "地下车库疏散指示标志部分损坏", FoundOn: ago(2), Deadline: ahead(5).String()})
			return err
		},
		// General, overdue: the ladder has sent a supervision letter and a 约谈.
		func() error {
			_, err := newHazard(HazardInput{EnterpriseID: ents["road"].ID, Source: "department", Grade: "general", Kind: "management_defect",
				Title: "部分驾驶员安全教育培训记录缺失", FoundOn: ago(40), Deadline: ago(20)})
			return err
		},
		// General, fixed and closed.
		func() error {
			h, err := newHazard(HazardInput{EnterpriseID: ents["tourism"].ID, Source: "department", Grade: "general", Kind: "equipment",
				Title: "游览步道护栏松动", FoundOn: ago(10), Deadline: ago(5)})
			if err != nil {
				return err
			}
			if _, err := s.AddEvidence(ctx, h.ID, "护栏加固后.png", pic); err != nil {
				return err
			}
			_, err = s.FixHazard(ctx, h.ID, "已加固并复查")
			return err
		},
		// Major, awaiting its plan (coal: 超能力生产, 令4号 art. 3(1)).
		func() error {
			_, err := newHazard(HazardInput{EnterpriseID: ents["coal"].ID, Source: "department", Grade: "major", Kind: "illegal_act",
				CriterionID: crit("coal", "MEM4-2020", "3-1"), Title: "月产量超过核定生产能力", FoundOn: ago(3), Deadline: ahead(7).String()})
			return err
		},
		// Major, in remediation, listed by the prefecture, on time.
		func() error {
			h, err := newHazard(HazardInput{EnterpriseID: ents["hazchem"].ID, Source: "department", Grade: "major", Kind: "equipment",
				CriterionID: crit("hazchem", "AJZG3-2017-121", "15"), Title: "2号储罐安全阀未正常投用", FoundOn: ago(15), Deadline: ago(5)})
			if err != nil {
				return err
			}
			if _, err := plan(h, ahead(30)); err != nil {
				return err
			}
			_, err = s.ListHazard(ctx, h.ID, ListingInput{Level: "prefecture", ListedBy: "昌吉州安全生产委员会办公室", ListedOn: ago(12)})
			return err
		},
		// Major, listed and overdue: escalated.
		func() error {
			h, err := newHazard(HazardInput{EnterpriseID: ents["metal_mine"].ID, Source: "department", Grade: "major", Kind: "illegal_act",
				CriterionID: crit("metal_mine", "KA-2022-88", "O-1"), Title: "采场边坡角大于设计", FoundOn: ago(70), Deadline: ago(60)})
			if err != nil {
				return err
			}
			if _, err := plan(h, DateOf(today.AddDate(0, 0, -35))); err != nil {
				return err
			}
			_, err = s.ListHazard(ctx, h.ID, ListingInput{Level: "county", ListedBy: "阜康市人民政府安全生产委员会", ListedOn: ago(65)})
			return err
		},
		// Major, write-off applied with evidence, awaiting verification.
		func() error {
			h, err := newHazard(HazardInput{EnterpriseID: ents["hazchem"].ID, Source: "self", Grade: "major", Kind: "equipment",
				CriterionID: crit("hazchem", "AJZG3-2017-121", "12"), Title: "装卸区可燃气体检测报警装置失效", FoundOn: ago(25), Deadline: ago(15)})
			if err != nil {
				return err
			}
			if _, err := plan(h, ahead(5)); err != nil {
				return err
			}
			if _, err := s.AddEvidence(ctx, h.ID, "报警装置更换后.png", pic); err != nil {
				return err
			}
			_, err = s.ApplyClosure(ctx, h.ID, "已更换检测报警装置并经第三方校验")
			return err
		},
		// Major, verified and written off (销号).
		func() error {
			h, err := newHazard(HazardInput{EnterpriseID: ents["fire"].ID, Source: "department", Grade: "major", Kind: "equipment",
				CriterionID: crit("fire", s.fireEdition(ctx, today), "D-6"), Title: "商场区域自动喷水灭火系统未设置", FoundOn: ago(60), Deadline: ago(50)})
			if err != nil {
				return err
			}
			if _, err := plan(h, DateOf(today.AddDate(0, 0, -10))); err != nil {
				return err
			}
			if _, err := s.AddEvidence(ctx, h.ID, "喷淋系统验收.png", pic); err != nil {
				return err
			}
			if _, err := s.ApplyClosure(ctx, h.ID, "喷淋系统已安装并通过消防验收"); err != nil {
				return err
			}
			_, err = s.VerifyClosure(ctx, h.ID, "现场核查合格，予以销号")
			return err
		},
	}
	for i, step := range steps {
		if err := step(); err != nil {
			return res, fmt.Errorf("demo hazard %d: %w", i+1, err)
		}
	}
	if _, err := s.Escalate(ctx); err != nil {
		return res, fmt.Errorf("demo escalation: %w", err)
	}
	// 包保: the first leader the registry knows in the prefecture, if any.
	if people, _, err := reg.ListPeople(ctx, registry.PersonFilter{Q: "副", Limit: 1}); err == nil && len(people) > 0 {
		a, err := s.AssignLeader(ctx, AssignmentInput{EnterpriseID: ents["hazchem"].ID, LeaderPersonID: people[0].ID, StartsOn: ago(60)})
		if err != nil {
			return res, fmt.Errorf("demo assignment: %w", err)
		}
		if _, err := s.RecordVisit(ctx, a.ID, ago(7), "检查重大隐患治理方案落实情况"); err != nil {
			return res, fmt.Errorf("demo visit: %w", err)
		}
	}
	// Public reports: one waiting for triage, one routed with a reward proposed.
	lat, lng := 44.0012, 89.1795
	rc, err := s.SubmitReport(ctx, ReportInput{DivisionCode: "652327", EnterpriseName: "吉木萨尔县示范危化储运有限公司",
		Body: "夜间看到储罐区有人动火作业，没有看到监护人员。", Lat: &lat, Lng: &lng, Anonymous: true}, []Upload{{Name: "现场.png", Data: pic}})
	if err != nil {
		return res, fmt.Errorf("demo report: %w", err)
	}
	res.TrackingCodes = append(res.TrackingCodes, rc.TrackingCode)
	rc2, err := s.SubmitReport(ctx, ReportInput{DivisionCode: "652301", EnterpriseName: "昌吉市示范长途客运有限公司",
		Body: "该公司一辆客车长期超员运营。", Anonymous: false, ReporterName: "示例举报人", ReporterPhone: "0994-0000000"}, nil)
	if err != nil {
		return res, fmt.Errorf("demo report: %w", err)
	}
	res.TrackingCodes = append(res.TrackingCodes, rc2.TrackingCode)
	reps, _, err := s.ListReports(ctx, ReportFilter{Q: rc2.TrackingCode})
	if err != nil || len(reps) != 1 {
		return res, errors.Join(fmt.Errorf("demo report lookup"), err)
	}
	if _, err := s.RouteReport(ctx, reps[0].ID, RouteInput{EnterpriseID: ents["road"].ID, Grade: "major", Kind: "illegal_act",
		Title: "客车长期超员运营", CriterionID: crit("road", "JT-2023", "3-3"), Regulator: "昌吉市交通运输局", Deadline: ahead(10).String()}); err != nil {
		return res, fmt.Errorf("demo route: %w", err)
	}
	res.Hazards++
	if _, err := s.ProposeReward(ctx, reps[0].ID, RewardInput{Basis: string(BasisFineShare), FineFen: 50000_00}); err != nil {
		return res, fmt.Errorf("demo reward: %w", err)
	}
	return res, nil
}

// fireEdition is the code of the fire standard edition in force on day d.
func (s *Service) fireEdition(ctx context.Context, d time.Time) string {
	sets, err := s.Checklist(ctx, "fire", d)
	if err != nil || len(sets) == 0 {
		return ""
	}
	return sets[0].Code
}

func demoLicences(sector string, today time.Time) []Licence {
	kind := map[string]string{"hazchem": "危险化学品经营许可证", "coal": "安全生产许可证", "metal_mine": "安全生产许可证", "road": "道路运输经营许可证"}[sector]
	if kind == "" {
		return nil
	}
	return []Licence{{Kind: kind, Number: "（示意）" + sector + "-001", ValidFrom: DateOf(today.AddDate(-1, 0, 0)), ValidTo: DateOf(today.AddDate(2, 0, 0))}}
}
