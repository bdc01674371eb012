package safety

import (
	"context"
	"strings"
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func adminCtx(id int64) context.Context {
	return access.With(context.Background(), &access.Principal{UserID: id, Username: "admin", Name: "admin", Role: access.RoleAdmin})
}

func fl(v float64) *float64 { return &v }

// The walk of issue 4's browser test (b), at the service: an anonymous
// public report followed by its code to a paid reward; with a named
// report whose reporter only reward handlers may see.
func TestPublicReport(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		pub := context.Background() // no account
		in := ReportInput{DivisionCode: "652327", EnterpriseName: "吉木萨尔化工有限公司", Body: "厂区东侧储罐安全阀被拆除，夜间仍在生产",
			Lat: fl(44.0), Lng: fl(89.18), Anonymous: true, ReporterName: "张三", ReporterPhone: "13800000000"}
		// Bad input: nothing stored.
		for _, tt := range []struct {
			mod        func(*ReportInput)
			photos     []Upload
			field, key string
		}{
			{func(r *ReportInput) { r.Body = "<script>alert(1)</script>" }, nil, "body", KeyMarkup},
			{func(r *ReportInput) { r.Body = strings.Repeat("危", MaxReportBody+1) }, nil, "body", keyTooLong},
			{func(r *ReportInput) { r.DivisionCode = "999999" }, nil, "division_code", "safety.division.unknown"},
			{func(r *ReportInput) { r.Lat = fl(95) }, nil, "lat", "safety.point.invalid"},
			{func(r *ReportInput) { r.Anonymous = false; r.ReporterName = "" }, nil, "reporter_name", keyRequired},
			{func(r *ReportInput) {}, []Upload{{"big.jpg", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 50<<20)...)}}, "photos", KeyFileTooLarge},
			{func(r *ReportInput) {}, []Upload{{"x.jpg", []byte("<script>x</script>")}}, "photos", KeyFileType},
			{func(r *ReportInput) {}, make([]Upload, MaxReportPhotos+1), "photos", "safety.report.too_many_photos"},
		} {
			x := in
			tt.mod(&x)
			_, err := svc.SubmitReport(pub, x, tt.photos)
			wantValidation(t, err, tt.field, tt.key)
		}
		if _, n := must2(svc.ListReports(sysCtx(), ReportFilter{})); n != 0 {
			t.Fatalf("refused reports stored: %d", n)
		}
		rc := must(svc.SubmitReport(pub, in, []Upload{{"p.png", pngBytes}}))
		if NormalizeTrackingCode(strings.ToLower(strings.ReplaceAll(rc.TrackingCode, "-", " "))) != rc.TrackingCode {
			t.Errorf("code %q does not survive typing", rc.TrackingCode)
		}
		st := must(svc.TrackReport(pub, rc.TrackingCode))
		if st.Status != ReportReceived || st.Closed {
			t.Errorf("status = %+v", st)
		}
		_, err := svc.TrackReport(pub, "AAAA-BBBB-CCCC")
		wantIs(t, err, errs.ErrNotFound)
		// A second, named report 30 m away about the same works.
		named := in
		named.Anonymous, named.Lat, named.EnterpriseName = false, fl(44.00027), "吉木萨尔 化工有限公司"
		rc2 := must(svc.SubmitReport(pub, named, nil))
		reports, _ := must2(svc.ListReports(inspectorCtx("652327"), ReportFilter{}))
		if len(reports) != 2 {
			t.Fatalf("reports = %d", len(reports))
		}
		second, first := reports[0], reports[1]
		if second.ReporterName != "" || second.IdentityVisible || first.ReporterName != "" {
			t.Errorf("inspector sees identity: %+v", second)
		}
		if r := must(svc.GetReport(adminCtx(1), second.ID)); r.ReporterName != "张三" || !r.IdentityVisible {
			t.Errorf("reward handler does not see identity: %+v", r)
		}
		if r := must(svc.GetReport(adminCtx(1), first.ID)); r.ReporterName != "" {
			t.Errorf("anonymous report stored a name: %+v", r)
		}
		// The audit trail carries no identity either.
		var trail string
		if err := d.Read().QueryRow(sysCtx(), `SELECT after_json FROM audit_log WHERE object_type = ? AND object_id = ?`, ObjectReport, idStr(second.ID)).Scan(&trail); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(trail, "张三") || strings.Contains(trail, "13800000000") {
			t.Errorf("audit trail holds the identity: %s", trail)
		}
		// Enterprises, leaders and other counties see no reports.
		_, _, err = svc.ListReports(enterpriseCtx(f.orgJ.ID), ReportFilter{})
		wantIs(t, err, access.ErrForbidden)
		_, _, err = svc.ListReports(leaderCtx(), ReportFilter{})
		wantIs(t, err, access.ErrForbidden)
		_, err = svc.GetReport(countyCtx("652328"), first.ID)
		wantIs(t, err, errs.ErrNotFound)
		// Triage: the duplicate suggestion, the merge into the first.
		// A hazard on the ledger 10 m away is suggested too.
		hz := must(svc.CreateHazard(inspectorCtx("652327"), HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "general", Kind: "equipment",
			Title: "x", FoundOn: "2026-03-10", Deadline: "2026-03-20", Lat: fl(44.00009), Lng: fl(89.18)}))
		sug := must(svc.ReportDuplicates(inspectorCtx("652327"), second.ID))
		if len(sug) != 2 || sug[0].ID != first.ID || sug[0].Of != "report" || !sug[0].SameOrg || sug[0].DistanceM == nil || *sug[0].DistanceM > 50 {
			t.Fatalf("suggestions = %+v", sug)
		}
		if sug[1].Of != "hazard" || sug[1].ID != hz.ID || !sug[1].SameOrg {
			t.Errorf("hazard suggestion = %+v", sug[1])
		}
		_, err = svc.MergeReport(inspectorCtx("652327"), first.ID, second.ID, "")
		wantValidation(t, err, "merged_into", "safety.report.merge_into_earlier")
		_ = must(svc.MergeReport(inspectorCtx("652327"), second.ID, first.ID, "同一隐患"))
		if st := must(svc.TrackReport(pub, rc2.TrackingCode)); st.Status != ReportMerged || !st.Closed {
			t.Errorf("merged status = %+v", st)
		}
		// Route the first to its regulator as a major hazard.
		relief := criterionID(t, d, "AJZG3-2017-121", "15")
		_, err = svc.RouteReport(inspectorCtx("652327"), first.ID, RouteInput{EnterpriseID: f.entJ.ID, Grade: "major", Kind: "equipment", Title: "储罐安全阀被拆除", CriterionID: relief, Deadline: "2026-03-20"})
		wantValidation(t, err, "regulator", keyRequired)
		r := must(svc.RouteReport(inspectorCtx("652327"), first.ID, RouteInput{EnterpriseID: f.entJ.ID, Grade: "major", Kind: "equipment",
			Title: "储罐安全阀被拆除", CriterionID: relief, Regulator: "吉木萨尔县应急管理局", Deadline: "2026-03-20"}))
		if r.Status != ReportRouted || r.HazardID == 0 || r.OrgID != f.orgJ.ID {
			t.Fatalf("routed = %+v", r)
		}
		h := must(svc.GetHazard(inspectorCtx("652327"), r.HazardID))
		if h.Source != SourcePublicReport || h.ReportID != first.ID || h.At == nil {
			t.Errorf("hazard = %+v", h)
		}
		_, err = svc.RouteReport(inspectorCtx("652327"), first.ID, RouteInput{})
		wantValidation(t, err, "status", "safety.report.already_triaged")
		// Reward: 15 % of a ¥100,000 fine = ¥15,000; four eyes; paid.
		_, err = svc.ProposeReward(inspectorCtx("652327"), first.ID, RewardInput{Basis: "fine_share", FineFen: 100000_00})
		wantIs(t, err, access.ErrForbidden)
		w := must(svc.ProposeReward(adminCtx(1), first.ID, RewardInput{Basis: "fine_share", FineFen: 100000_00}))
		if w.AmountFen != 15000_00 || w.Status != RewardProposed || w.RuleCode != "national-2018-fine" {
			t.Fatalf("reward = %+v", w)
		}
		_, err = svc.ProposeReward(adminCtx(1), first.ID, RewardInput{Basis: "fine_share", FineFen: 1})
		wantValidation(t, err, "report_id", "safety.reward.duplicate")
		_, err = svc.ProposeReward(adminCtx(1), second.ID, RewardInput{Basis: "fine_share"})
		wantValidation(t, err, "status", "safety.reward.report_not_verified")
		_, err = svc.ApproveReward(adminCtx(1), w.ID)
		wantValidation(t, err, "status", "safety.reward.four_eyes")
		_, err = svc.PayReward(adminCtx(2), w.ID, "2026-03-10", "ZF-001")
		wantValidation(t, err, "status", "safety.reward.bad_state")
		_ = must(svc.ApproveReward(adminCtx(2), w.ID))
		_, err = svc.PayReward(adminCtx(2), w.ID, "2026-03-11", "ZF-001")
		wantValidation(t, err, "paid_on", "safety.date.future")
		w = must(svc.PayReward(adminCtx(2), w.ID, "2026-03-10", "ZF-001"))
		if w.Status != RewardPaid {
			t.Fatalf("paid = %+v", w)
		}
		st = must(svc.TrackReport(pub, rc.TrackingCode))
		if st.Status != ReportRouted || st.Reward != RewardPaid || st.RewardFen != 15000_00 || st.HazardStatus != StatusPlanning {
			t.Errorf("tracked = %+v", st)
		}
	})
}

func TestConcealedAccidentReward(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		rc := must(svc.SubmitReport(context.Background(), ReportInput{DivisionCode: "652328", Body: "矿山上月发生事故死亡2人未上报", Anonymous: true}, nil))
		_ = rc
		rs, _ := must2(svc.ListReports(adminCtx(1), ReportFilter{}))
		_ = must(svc.RouteReport(adminCtx(1), rs[0].ID, RouteInput{EnterpriseID: f.entM.ID, Grade: "major", Kind: "illegal_act", Title: "瞒报事故", Regulator: "木垒县应急管理局", Deadline: "2026-03-20"}))
		_, err := svc.ProposeReward(adminCtx(1), rs[0].ID, RewardInput{Basis: "concealed_death", Deaths: map[AccidentGrade]int{"huge": 1}})
		wantValidation(t, err, "deaths", keyBadChoice)
		// 安监总财〔2018〕19号: ¥30,000 per death in a general accident.
		w := must(svc.ProposeReward(adminCtx(1), rs[0].ID, RewardInput{Basis: "concealed_death", Deaths: map[AccidentGrade]int{AccidentGeneral: 2}}))
		if w.AmountFen != 60000_00 || w.Deaths[AccidentGeneral] != 2 {
			t.Errorf("reward = %+v", w)
		}
	})
}

// A local rule added as data replaces the national one from its first day
// (the amounts here are constructed: Changji's are not known, reference §2.7).
func TestLocalRewardRule(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		in := RewardRuleInput{Code: "changji-2025-fine", Name: "昌吉州举报奖励（示例）", Basis: "fine_share", RateBP: 2000, MinFen: 5000_00, MaxFen: 1000_00, EffectiveFrom: "2025-05-09"}
		_, err := svc.AddRewardRule(inspectorCtx("652327"), in)
		wantIs(t, err, access.ErrForbidden)
		_, err = svc.AddRewardRule(bureauCtx(), in)
		wantValidation(t, err, "max_fen", "safety.reward.min_above_max")
		in.MaxFen = 500000_00
		_ = must(svc.AddRewardRule(bureauCtx(), in))
		_, err = svc.AddRewardRule(bureauCtx(), in)
		wantValidation(t, err, "code", "safety.reward.rule_duplicate")
		_ = must(svc.SubmitReport(context.Background(), ReportInput{DivisionCode: "652327", Body: "违规动火", Anonymous: true}, nil))
		rs, _ := must2(svc.ListReports(adminCtx(1), ReportFilter{}))
		_ = must(svc.RouteReport(adminCtx(1), rs[0].ID, RouteInput{EnterpriseID: f.entJ.ID, Grade: "major", Kind: "illegal_act", Title: "违规动火", Regulator: "x", Deadline: "2026-03-20"}))
		// 20 % of ¥100,000 = ¥20,000 under the local rule.
		w := must(svc.ProposeReward(adminCtx(1), rs[0].ID, RewardInput{Basis: "fine_share", FineFen: 100000_00}))
		if w.RuleCode != "changji-2025-fine" || w.AmountFen != 20000_00 {
			t.Errorf("reward = %+v", w)
		}
	})
}
