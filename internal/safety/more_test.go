package safety

import (
	"context"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func TestInspection(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		insp := inspectorCtx("652327")
		c4, c15 := criterionID(t, d, "AJZG3-2017-121", "4"), criterionID(t, d, "AJZG3-2017-121", "15")
		coal := criterionID(t, d, "MEM4-2020", "3-1")
		in := InspectionInput{EnterpriseID: f.entJ.ID, Kind: "department", InspectedOn: "2026-03-10", Inspectors: "王强、李娜", EnterpriseSigner: "李明",
			Lat: fl(44.0), Lng: fl(89.18), Findings: []FindingInput{{CriterionID: c4, Passed: true}, {CriterionID: c15, Passed: false, Note: "2号罐安全阀拆除"},
				{Passed: false, Title: "消防通道堆放杂物", Grade: "general", Kind: "management_defect", Deadline: "2026-03-12"}}}
		// A coal item at a chemical works, an enterprise doing a department
		// inspection, a failed general finding without a deadline: refused whole.
		bad := in
		bad.Findings = []FindingInput{{CriterionID: coal, Passed: false}}
		_, err := svc.CreateInspection(insp, bad)
		wantValidation(t, err, "findings.1.criterion_id", "safety.criterion.other_sector")
		_, err = svc.CreateInspection(enterpriseCtx(f.orgJ.ID), in)
		wantValidation(t, err, "kind", "safety.hazard.source_not_yours")
		bad.Findings = []FindingInput{{Passed: false, Title: "x", Grade: "general", Kind: "equipment"}}
		_, err = svc.CreateInspection(insp, bad)
		wantValidation(t, err, "findings.1.deadline", keyRequired)
		if _, n := must2(svc.ListHazards(sysCtx(), HazardFilter{})); n != 0 {
			t.Fatalf("refused inspection left %d hazards", n)
		}
		// The major item takes the inspection's deadline; the general one
		// keeps its own.
		in.Deadline = "2026-03-17"
		x := must(svc.CreateInspection(insp, in))
		if len(x.Findings) != 3 || x.Findings[0].HazardID != 0 || x.Findings[1].HazardID == 0 || x.Findings[2].HazardID == 0 || x.At == nil {
			t.Fatalf("inspection = %+v", x)
		}
		h := must(svc.GetHazard(insp, x.Findings[1].HazardID))
		if h.Grade != GradeMajor || h.Source != SourceDepartment || h.Status != StatusPlanning || h.InspectionID != x.ID || h.Kind != KindEquipment || h.Deadline.String() != "2026-03-17" {
			t.Errorf("hazard from finding = %+v", h)
		}
		_ = must(svc.GetInspection(enterpriseCtx(f.orgJ.ID), x.ID))
		_, err = svc.GetInspection(enterpriseCtx(f.orgM.ID), x.ID)
		wantIs(t, err, errs.ErrNotFound)
		// Photos: bounded images only; another company cannot add any.
		_, err = svc.AddInspectionPhoto(insp, x.ID, "big.jpg", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, MaxPhotoBytes)...))
		wantValidation(t, err, "file", KeyFileTooLarge)
		_, err = svc.AddInspectionPhoto(enterpriseCtx(f.orgM.ID), x.ID, "a.png", pngBytes)
		wantIs(t, err, errs.ErrNotFound)
		ph := must(svc.AddInspectionPhoto(insp, x.ID, "现场.png", pngBytes))
		if l := must(svc.InspectionPhotos(enterpriseCtx(f.orgJ.ID), x.ID)); len(l) != 1 || l[0].SHA256 != ph.SHA256 {
			t.Errorf("photos = %+v", l)
		}
		// The enterprise's own self-inspection.
		self := must(svc.CreateInspection(enterpriseCtx(f.orgJ.ID), InspectionInput{EnterpriseID: f.entJ.ID, Kind: "self", InspectedOn: "2026-03-09", Deadline: "2026-03-20",
			Findings: []FindingInput{{CriterionID: c4, Passed: true}}}))
		if self.Kind != InspectionSelf {
			t.Errorf("self = %+v", self)
		}
	})
}

// Expected values: 令11号 — 3 years on the list, early removal after 12
// months, scope without road, construction and fire (domain reference §2.8).
func TestDishonestyList(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		in := DishonestyInput{OrgID: f.orgJ.ID, SituationCode: "A4", DecisionNo: "昌州应急失信〔2024〕1号", Authority: "昌吉州应急管理局", DecidedOn: "2024-02-20", PublishedOn: "2024-02-29"}
		_, err := svc.AddDishonesty(inspectorCtx("652327"), in)
		wantIs(t, err, access.ErrForbidden)
		x := in
		x.SituationCode = "B6" // a 2017-regime situation, decided under 令11号
		_, err = svc.AddDishonesty(bureauCtx(), x)
		wantValidation(t, err, "situation_code", "safety.credit.situation_unknown")
		x = in
		x.PublishedOn = "2024-02-19"
		_, err = svc.AddDishonesty(bureauCtx(), x)
		wantValidation(t, err, "published_on", KeyDateOrder)
		e := must(svc.AddDishonesty(bureauCtx(), in))
		if e.EndsOn.String() != "2027-02-28" || e.EarlyRemovalFrom.String() != "2025-03-01" || !e.OnList || e.PolicyCode != "MEM11-2023" {
			t.Fatalf("entry = %+v", e)
		}
		// Another county does not see it; the enterprise does.
		if l := must(svc.ListDishonesty(countyCtx("652328"), true)); len(l) != 0 {
			t.Errorf("other county sees %+v", l)
		}
		if l := must(svc.ListDishonesty(enterpriseCtx(f.orgJ.ID), true)); len(l) != 1 {
			t.Errorf("own entry = %+v", l)
		}
		// Early removal: not before 2025-03-01, reason required.
		_, err = svc.RemoveDishonestyEarly(bureauCtx(), e.ID, "2025-02-28", "已完成信用修复")
		wantValidation(t, err, "removed_on", "safety.credit.too_early")
		_, err = svc.RemoveDishonestyEarly(bureauCtx(), e.ID, "2025-03-01", "")
		wantValidation(t, err, "reason", keyRequired)
		r := must(svc.RemoveDishonestyEarly(bureauCtx(), e.ID, "2025-03-01", "已完成信用修复"))
		if r.OnList {
			t.Errorf("removed entry still on list: %+v", r)
		}
		if l := must(svc.ListDishonesty(bureauCtx(), true)); len(l) != 0 {
			t.Errorf("current list = %+v", l)
		}
		// A road enterprise is outside 令11号's scope.
		org := must(f.reg.CreateOrganisation(sysCtx(), orgInput("木垒客运有限公司", "91110108551385082Q", "652328")))
		_ = must(svc.CreateEnterprise(sysCtx(), EnterpriseInput{OrgID: org.ID, Sector: "road"}))
		x = in
		x.OrgID = org.ID
		_, err = svc.AddDishonesty(bureauCtx(), x)
		wantValidation(t, err, "org_id", "safety.credit.sector_not_covered")
	})
}

func TestBaobaoAndStatistics(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		county := countyCtx("652327")
		_, err := svc.AssignLeader(county, AssignmentInput{EnterpriseID: f.entJ.ID, LeaderPersonID: f.leader.ID, StartsOn: "2026-01-01", EndsOn: "2025-12-31"})
		wantValidation(t, err, "ends_on", KeyDateOrder)
		a := must(svc.AssignLeader(county, AssignmentInput{EnterpriseID: f.entJ.ID, LeaderPersonID: f.leader.ID, StartsOn: "2026-01-01"}))
		_, err = svc.RecordVisit(county, a.ID, "2025-12-31", "走访")
		wantValidation(t, err, "visited_on", "safety.assignment.outside_period")
		a = must(svc.RecordVisit(county, a.ID, "2026-02-15", "检查隐患整改情况"))
		if a.Visits != 1 || a.LastVisit.String() != "2026-02-15" || a.LeaderName != "王副县长" {
			t.Errorf("assignment = %+v", a)
		}
		cov := must(svc.CoverageByCounty(bureauCtx()))
		if len(cov) != 2 || cov[0].DivisionCode != "652327" || cov[0].Covered != 1 || cov[0].Visited != 1 || cov[1].Covered != 0 {
			t.Errorf("coverage = %+v", cov)
		}
		if cov := must(svc.CoverageByCounty(county)); len(cov) != 1 {
			t.Errorf("county coverage = %+v", cov)
		}
		// Statistics: Q1 2026 (due 2026-04-15, 16号令 §14).
		insp := inspectorCtx("652327")
		g := must(svc.CreateHazard(insp, HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "general", Kind: "equipment", Title: "a", FoundOn: "2026-03-01", Deadline: "2026-03-05"}))
		_ = must(svc.CreateHazard(insp, HazardInput{EnterpriseID: f.entJ.ID, Source: "self", Grade: "major", Kind: "equipment", Title: "b", FoundOn: "2026-03-02", Deadline: "2026-03-20"}))
		_ = must(svc.CreateHazard(inspectorCtx("652328"), HazardInput{EnterpriseID: f.entM.ID, Source: "department", Grade: "major", Kind: "illegal_act", Title: "c", FoundOn: "2026-02-01", Deadline: "2026-03-20"}))
		_ = must(svc.CreateHazard(insp, HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "general", Kind: "equipment", Title: "last year", FoundOn: "2025-12-31", Deadline: "2026-01-05"}))
		_ = must(svc.AddEvidence(insp, g.ID, "a.png", pngBytes))
		_ = must(svc.FixHazard(insp, g.ID, ""))
		tab := must(svc.QuarterlyTable(bureauCtx(), 2026, 1))
		if tab.Due.String() != "2026-04-15" || len(tab.Rows) != 2 {
			t.Fatalf("table = %+v", tab)
		}
		j, m := tab.Rows[0], tab.Rows[1]
		if j.Key != "652327" || j.GeneralFound != 1 || j.GeneralClosed != 1 || j.MajorFound != 1 || j.MajorSelf != 1 || j.MajorDept != 0 {
			t.Errorf("652327 row = %+v", j)
		}
		if m.Key != "652328" || m.MajorDept != 1 || m.Open != 1 {
			t.Errorf("652328 row = %+v", m)
		}
		if tab.Total.Found() != 3 || tab.Total.Closed() != 1 || Rate(tab.Total.Closed(), tab.Total.Found()) != 33.3 {
			t.Errorf("total = %+v", tab.Total)
		}
		if own := must(svc.QuarterlyTable(county, 2026, 1)); len(own.Rows) != 1 {
			t.Errorf("county table = %+v", own.Rows)
		}
		if _, err := svc.Statistics(bureauCtx(), d0("2026-01-01"), d0("2026-03-31"), "colour"); err == nil {
			t.Error("unknown dimension accepted")
		}
		bySector := must(svc.Statistics(bureauCtx(), d0("2025-01-01"), d0("2026-12-31"), BySector))
		if len(bySector.Rows) != 2 || bySector.Total.Found() != 4 {
			t.Errorf("by sector = %+v", bySector)
		}
		// To-dos: the enterprise has a major hazard to plan and one overdue fix.
		todos := must(svc.Todos(enterpriseCtx(f.orgJ.ID)))
		var plan, fix int
		for _, td := range todos {
			switch td.What {
			case TodoPlan:
				plan++
			case TodoRectify:
				fix++
				if !td.Overdue {
					t.Errorf("overdue fix not flagged: %+v", td)
				}
			}
		}
		if plan != 1 || fix != 1 {
			t.Errorf("enterprise todos = %+v", todos)
		}
	})
}

// Expected values: one decimal, half up; nothing found is 0 %.
func TestRate(t *testing.T) {
	for _, tt := range []struct {
		n, d int
		want float64
	}{{1, 3, 33.3}, {2, 3, 66.7}, {0, 0, 0}, {5, 5, 100}, {1, 8, 12.5}} {
		if got := Rate(tt.n, tt.d); got != tt.want {
			t.Errorf("Rate(%d, %d) = %v, want %v", tt.n, tt.d, got, tt.want)
		}
	}
}

func TestRankingPublication(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-04-10"))
		// 652327: one overdue hazard; 652328: nothing found, an accident.
		_ = must(svc.CreateHazard(inspectorCtx("652327"), HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "general", Kind: "equipment",
			Title: "a", FoundOn: "2026-03-01", Deadline: "2026-03-05"}))
		in := RankingInput{Scheme: "county-quarterly", From: "2026-01-01", To: "2026-03-31", Negative: []string{"652328"}}
		_, err := svc.PublishRanking(countyCtx("652327"), in)
		wantIs(t, err, access.ErrForbidden)
		r := must(svc.PublishRanking(bureauCtx(), in))
		if len(r.Entries) != 2 {
			t.Fatalf("ranking = %+v", r)
		}
		// Seeded sheet: 652328 scores 100 + 0.1 × 100 % = 110 but is black
		// for its accident; 652327 scores 100 − 2 × 1 overdue = 98, red.
		m, j := r.Entries[0], r.Entries[1]
		if j.Key != "652327" || j.Score != 98 || j.List != ListRed || m.Key != "652328" || m.Score != 110 || m.List != ListBlack || !m.Negative {
			t.Errorf("entries = %+v", r.Entries)
		}
		got := must(svc.GetRanking(leaderCtx(), r.ID))
		if len(got.Entries) != 2 || got.Entries[1].Values[IndicatorOverdue] != 1 {
			t.Errorf("stored = %+v", got)
		}
		_, err = svc.PublishRanking(bureauCtx(), RankingInput{Scheme: "county-quarterly", From: "2026-03-31", To: "2026-01-01"})
		wantValidation(t, err, "to", KeyDateOrder)
	})
}

// Expected values: the seven duties of 安全生产法 (2021) §21.
func TestDutyCheck(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		duties := must(svc.Duties(leaderCtx(), d0("2026-03-10")))
		if len(duties) != 7 || duties[4].Code != "21-5" {
			t.Fatalf("duties = %+v", duties)
		}
		if before := must(svc.Duties(leaderCtx(), d0("2021-08-31"))); len(before) != 0 {
			t.Errorf("duties before the 2021 revision = %d", len(before))
		}
		var res []DutyResult
		for _, du := range duties {
			res = append(res, DutyResult{Code: du.Code, Met: true})
		}
		res[4] = DutyResult{Code: "21-5", Met: false}
		in := DutyCheckInput{EnterpriseID: f.entJ.ID, CheckedOn: "2026-03-10", Checker: "王强", Results: res}
		_, err := svc.RecordDutyCheck(inspectorCtx("652327"), in)
		wantValidation(t, err, "results", "safety.duty.note_required")
		in.Results = append(res[:6:6], DutyResult{Code: "21-1", Met: true})
		_, err = svc.RecordDutyCheck(inspectorCtx("652327"), in)
		wantValidation(t, err, "results", "safety.duty.twice")
		wantValidation(t, err, "results", "safety.duty.unanswered")
		res[4].Note = "隐患排查治理制度未落实，重大隐患未及时消除"
		in.Results = res
		k := must(svc.RecordDutyCheck(inspectorCtx("652327"), in))
		if k.Met != 6 || k.Total != 7 {
			t.Errorf("check = %+v", k)
		}
		if l := must(svc.DutyChecks(enterpriseCtx(f.orgJ.ID), f.entJ.ID)); len(l) != 1 || l[0].Results[4].Met {
			t.Errorf("checks = %+v", l)
		}
		if l := must(svc.DutyChecks(enterpriseCtx(f.orgM.ID), f.entJ.ID)); len(l) != 0 {
			t.Errorf("other company sees %+v", l)
		}
	})
}

func TestCasesPublication(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		k := must(svc.CreateCase(inspectorCtx("652327"), CaseInput{EnterpriseID: f.entJ.ID, Title: "某化工企业安全阀未投用案", OpenedOn: "2026-03-01"}))
		_, err := svc.PublishCases(countyCtx("652327"), PublishInput{CaseIDs: []int64{k.ID}, Batch: "2026年第1批", PublishedOn: "2026-03-10"})
		wantValidation(t, err, "case_ids", "safety.case.summary_required")
		k2 := must(svc.CreateCase(countyCtx("652327"), CaseInput{EnterpriseID: f.entJ.ID, Title: "储罐区违规动火案", Summary: "企业在储罐区违规动火作业，依法责令停产整顿并罚款。", OpenedOn: "2026-03-02"}))
		_, err = svc.PublishCases(countyCtx("652327"), PublishInput{CaseIDs: []int64{k2.ID}, Batch: "2026年第1批", PublishedOn: "2026-03-10"})
		wantValidation(t, err, "case_ids", "safety.case.no_actions")
		_, err = svc.CreateAction(countyCtx("652327"), ActionInput{EnterpriseID: f.entM.ID, CaseID: k2.ID, Kind: "stop_order", DecidedOn: "2026-03-03", Authority: "x"})
		wantValidation(t, err, "enterprise_id", "safety.enterprise.unknown")
		_ = must(svc.CreateAction(countyCtx("652327"), ActionInput{EnterpriseID: f.entJ.ID, CaseID: k2.ID, Kind: "stop_order", DecidedOn: "2026-03-03", Authority: "吉木萨尔县应急管理局"}))
		_ = must(svc.CreateAction(countyCtx("652327"), ActionInput{EnterpriseID: f.entJ.ID, CaseID: k2.ID, Kind: "fine", FineFen: 50000_00, DecidedOn: "2026-03-04", Authority: "吉木萨尔县应急管理局"}))
		_, err = svc.PublishCases(inspectorCtx("652327"), PublishInput{CaseIDs: []int64{k2.ID}, Batch: "2026年第1批", PublishedOn: "2026-03-10"})
		wantIs(t, err, access.ErrForbidden)
		_, err = svc.PublishCases(countyCtx("652328"), PublishInput{CaseIDs: []int64{k2.ID}, Batch: "2026年第1批", PublishedOn: "2026-03-10"})
		wantValidation(t, err, "case_ids", "safety.case.unknown")
		pub := must(svc.PublishCases(countyCtx("652327"), PublishInput{CaseIDs: []int64{k2.ID}, Batch: "2026年第1批", PublishedOn: "2026-03-10"}))
		if len(pub) != 1 || !pub[0].Published || len(pub[0].Actions) != 2 {
			t.Fatalf("published = %+v", pub)
		}
		list := must(svc.PublishedCases(context.Background(), 0))
		if len(list) != 1 || list[0].Batch != "2026年第1批" || list[0].Actions[0] != "stop_order" {
			t.Errorf("public list = %+v", list)
		}
		_, err = svc.PublishCases(countyCtx("652327"), PublishInput{CaseIDs: []int64{k2.ID}, Batch: "2026年第2批", PublishedOn: "2026-03-10"})
		wantValidation(t, err, "case_ids", "safety.case.already_published")
	})
}
