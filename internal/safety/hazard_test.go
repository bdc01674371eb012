package safety

import (
	"bytes"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{1}, 64)...)

// clock fixes the service's today (China time) for a test.
func clock(s string) func() time.Time {
	return func() time.Time { return d(s).Add(4 * time.Hour) } // 12:00 in Changji
}

// criterionID finds a seeded item by set and item code.
func criterionID(t *testing.T, d *db.DB, set, code string) int64 {
	t.Helper()
	var id int64
	if err := d.Read().QueryRow(sysCtx(), `SELECT c.id FROM safety_criteria c JOIN safety_criteria_sets s ON s.id = c.set_id WHERE s.code = ? AND c.code = ?`, set, code).Scan(&id); err != nil {
		t.Fatalf("criterion %s %s: %v", set, code, err)
	}
	return id
}

func TestGeneralHazard(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		ent := enterpriseCtx(f.orgJ.ID)
		in := HazardInput{EnterpriseID: f.entJ.ID, Source: "self", Grade: "general", Kind: "equipment", Title: "储罐区警示标志缺失", FoundOn: "2026-03-09", Deadline: "2026-03-12"}
		// An enterprise records its own findings only, as self-inspection.
		bad := in
		bad.Source = "department"
		_, err := svc.CreateHazard(ent, bad)
		wantValidation(t, err, "source", "safety.hazard.source_not_yours")
		bad = in
		bad.EnterpriseID = f.entM.ID
		_, err = svc.CreateHazard(ent, bad)
		wantValidation(t, err, "enterprise_id", "safety.enterprise.unknown")
		// Bad input changes nothing.
		for _, tt := range []struct {
			mod        func(*HazardInput)
			field, key string
		}{
			{func(h *HazardInput) { h.Title = "<script>alert(1)</script>" }, "title", KeyMarkup},
			{func(h *HazardInput) { h.Deadline = "2026-03-08" }, "deadline", KeyDateOrder},
			{func(h *HazardInput) { h.FoundOn = "2026-03-11" }, "found_on", "safety.date.future"},
			{func(h *HazardInput) { h.Deadline = "" }, "deadline", keyRequired},
			{func(h *HazardInput) { h.FoundOn = "2026-02-30" }, "found_on", keyBadDate},
			{func(h *HazardInput) { h.Grade = "minor" }, "grade", keyBadChoice},
		} {
			x := in
			tt.mod(&x)
			_, err := svc.CreateHazard(ent, x)
			wantValidation(t, err, tt.field, tt.key)
		}
		if _, n := must2(svc.ListHazards(sysCtx(), HazardFilter{})); n != 0 {
			t.Fatalf("refused input left %d hazards", n)
		}
		h := must(svc.CreateHazard(ent, in))
		if h.Status != StatusRectifying || h.DivisionCode != "652327" || h.OrgID != f.orgJ.ID {
			t.Fatalf("hazard = %+v", h)
		}
		// Nobody else sees it: another company, another county.
		_, err = svc.GetHazard(enterpriseCtx(f.orgM.ID), h.ID)
		wantIs(t, err, errs.ErrNotFound)
		_, err = svc.GetHazard(countyCtx("652328"), h.ID)
		wantIs(t, err, errs.ErrNotFound)
		if _, n := must2(svc.ListHazards(enterpriseCtx(f.orgM.ID), HazardFilter{})); n != 0 {
			t.Errorf("other company lists %d", n)
		}
		_ = must(svc.GetHazard(inspectorCtx("652327"), h.ID))
		_ = must(svc.GetHazard(leaderCtx(), h.ID))
		// Closure without evidence is refused; a leader cannot act.
		_, err = svc.FixHazard(ent, h.ID, "已补设")
		wantValidation(t, err, "status", KeyEvidenceRequired)
		_, err = svc.FixHazard(leaderCtx(), h.ID, "")
		wantIs(t, err, access.ErrForbidden)
		// A 50 MB "photo" and a script are refused.
		_, err = svc.AddEvidence(ent, h.ID, "big.jpg", append([]byte{0xFF, 0xD8, 0xFF}, make([]byte, 50<<20)...))
		wantValidation(t, err, "file", KeyFileTooLarge)
		_, err = svc.AddEvidence(ent, h.ID, "x.jpg", []byte("<script>alert(1)</script>"))
		wantValidation(t, err, "file", KeyFileType)
		_, err = svc.AddEvidence(enterpriseCtx(f.orgM.ID), h.ID, "a.png", pngBytes)
		wantIs(t, err, errs.ErrNotFound)
		file := must(svc.AddEvidence(ent, h.ID, `C:\photos\<b>after.png`, pngBytes))
		if file.SHA256 != Hash(pngBytes) || file.Name != "file" {
			t.Errorf("file = %+v", file)
		}
		closed := must(svc.FixHazard(ent, h.ID, "已补设警示标志"))
		if closed.Status != StatusClosed || closed.ClosedAt == nil {
			t.Fatalf("closed = %+v", closed)
		}
		_, err = svc.AddEvidence(ent, h.ID, "late.png", pngBytes)
		wantValidation(t, err, "status", KeyClosed)
		hist := must(svc.HazardHistory(ent, h.ID))
		if len(hist) != 3 || hist[0].Event != "create" || hist[1].Event != "evidence" || hist[2].To != StatusClosed {
			t.Errorf("history = %+v", hist)
		}
	})
}

// The walk of issue 4's browser test (a), at the service: an inspector's
// finding to a major hazard through plan, listing, evidence, verification
// and closure, with the guards on the way.
func TestMajorHazardLifecycle(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		insp := inspectorCtx("652327")
		ent := enterpriseCtx(f.orgJ.ID)
		relief := criterionID(t, d, "AJZG3-2017-121", "15")
		in := HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "general", Kind: "equipment", Title: "2号储罐安全阀未投用",
			CriterionID: relief, FoundOn: "2026-03-10", Deadline: "2026-03-20"}
		_, err := svc.CreateHazard(insp, in)
		wantValidation(t, err, "grade", "safety.hazard.criterion_major")
		coal := criterionID(t, d, "MEM4-2020", "3-2")
		x := in
		x.Grade, x.CriterionID = "major", coal
		_, err = svc.CreateHazard(insp, x)
		wantValidation(t, err, "criterion_id", "safety.criterion.other_sector")
		in.Grade, in.Deadline = "major", ""
		_, err = svc.CreateHazard(insp, in)
		wantValidation(t, err, "deadline", keyRequired)
		in.Deadline = "2026-03-17" // the notice's time to report a plan
		h := must(svc.CreateHazard(insp, in))
		if h.Status != StatusPlanning || h.CriterionCode != "15" {
			t.Fatalf("hazard = %+v", h)
		}
		// Incomplete plan: nothing changes.
		_, err = svc.SubmitPlan(ent, h.ID, Plan{Measures: "更换安全阀", Deadline: dt("2026-04-30")})
		wantValidation(t, err, "responsible", keyRequired)
		wantValidation(t, err, "contingency", keyRequired)
		wantValidation(t, err, "funds_fen", "safety.plan.funds_required")
		if _, ok := must2b(svc.HazardPlan(ent, h.ID)); ok {
			t.Fatal("refused plan stored")
		}
		plan := Plan{Goal: "恢复泄压保护", Measures: "更换2号储罐安全阀并校验", FundsFen: 80000_00, Responsible: "设备部 张伟",
			Deadline: dt("2026-04-30"), Contingency: "储罐降液位运行，设置警戒区，编制专项应急预案"}
		h = must(svc.SubmitPlan(ent, h.ID, plan))
		if h.Status != StatusRemediating || h.ReportedAt == nil || h.Deadline.String() != "2026-04-30" {
			t.Fatalf("after plan = %+v", h)
		}
		// Listing: regulators only, a known level, an http(s) address.
		_, err = svc.ListHazard(ent, h.ID, ListingInput{Level: "prefecture", ListedBy: "昌吉州安委办", ListedOn: "2026-03-12"})
		wantIs(t, err, access.ErrForbidden)
		_, err = svc.ListHazard(insp, h.ID, ListingInput{Level: "city", ListedBy: "x", ListedOn: "2026-03-09", PublicationURL: "javascript:alert(1)"})
		wantValidation(t, err, "level", keyBadChoice)
		wantValidation(t, err, "listed_on", KeyDateOrder)
		wantValidation(t, err, "publication_url", "safety.url.invalid")
		h = must(svc.ListHazard(insp, h.ID, ListingInput{Level: "prefecture", ListedBy: "昌吉州安委办", ListedOn: "2026-03-12", PublicationURL: "https://www.cj.gov.cn/gp/1.html"}))
		if h.ListedLevel != ListPrefecture {
			t.Errorf("listed = %+v", h)
		}
		// A 约谈 on the hazard blocks closure until done.
		act := must(svc.CreateAction(insp, ActionInput{EnterpriseID: f.entJ.ID, HazardID: h.ID, Kind: "summons", DecidedOn: "2026-03-10", Authority: "吉木萨尔县应急管理局"}))
		_, err = svc.ApplyClosure(ent, h.ID, "已整改")
		wantValidation(t, err, "status", KeyEvidenceRequired)
		_ = must(svc.AddEvidence(ent, h.ID, "valve.png", pngBytes))
		h = must(svc.ApplyClosure(ent, h.ID, "已更换并校验"))
		if h.Status != StatusVerifying || h.AppliedAt == nil {
			t.Fatalf("applied = %+v", h)
		}
		if due, ok := svc.ReviewDue(h); !ok || due.Format(time.DateOnly) != "2026-03-20" {
			t.Errorf("ReviewDue = %s, %v; want 2026-03-20 (10 days)", due, ok)
		}
		_, err = svc.VerifyClosure(ent, h.ID, "")
		wantValidation(t, err, "status", KeyRegulatorOnly)
		_, err = svc.VerifyClosure(insp, h.ID, "")
		wantValidation(t, err, "status", KeyActionsOpen)
		_, err = svc.RejectClosure(insp, h.ID, "")
		wantValidation(t, err, "note", keyRequired)
		h = must(svc.RejectClosure(insp, h.ID, "校验报告缺失"))
		if h.Status != StatusRemediating {
			t.Fatalf("rejected = %+v", h)
		}
		_ = must(svc.AddEvidence(ent, h.ID, "report.pdf", []byte("%PDF-1.7\n1 0 obj\n")))
		_ = must(svc.ApplyClosure(ent, h.ID, "补充校验报告"))
		_, err = svc.CompleteAction(insp, act.ID, "2026-03-09", "")
		wantValidation(t, err, "done_on", KeyDateOrder)
		_ = must(svc.CompleteAction(insp, act.ID, "2026-03-10", "已约谈主要负责人"))
		h = must(svc.VerifyClosure(insp, h.ID, "现场核查合格，予以销号"))
		if h.Status != StatusClosed || h.ClosedAt == nil {
			t.Fatalf("verified = %+v", h)
		}
		_, err = svc.RejectClosure(insp, h.ID, "x")
		wantValidation(t, err, "status", KeyClosed)
		// Every stored file still matches its hash; a changed byte shows.
		checks := must(svc.CheckEvidence(insp, h.ID))
		if len(checks) != 2 || !checks[0].Intact || !checks[1].Intact {
			t.Fatalf("checks = %+v", checks)
		}
		if _, err := d.Write().Exec(sysCtx(), `UPDATE safety_files SET data = ? WHERE id = ?`, []byte("\x89PNG\r\n\x1a\nforged"), checks[0].ID); err != nil {
			t.Fatal(err)
		}
		checks = must(svc.CheckEvidence(insp, h.ID))
		if checks[0].Intact || !checks[1].Intact {
			t.Errorf("tampering not detected: %+v", checks)
		}
	})
}

func TestEscalation(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		early := f.svc.WithClock(clock("2026-03-01"))
		h := must(early.CreateHazard(inspectorCtx("652327"), HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "general", Kind: "management_defect",
			Title: "动火作业票证不全", FoundOn: "2026-03-01", Deadline: "2026-03-05"}))
		other := must(early.CreateHazard(inspectorCtx("652328"), HazardInput{EnterpriseID: f.entM.ID, Source: "department", Grade: "general", Kind: "management_defect",
			Title: "安全出口堵塞", FoundOn: "2026-03-01", Deadline: "2026-03-05"}))
		// On the deadline: nothing. The seeded ladder: 督办函 at 1 day, 约谈 at 15.
		if got := must(early.WithClock(clock("2026-03-05")).Escalate(inspectorCtx("652327"))); len(got) != 0 {
			t.Fatalf("on the deadline: %+v", got)
		}
		late := early.WithClock(clock("2026-03-20"))
		if _, n := must2(late.ListHazards(countyCtx("652327"), HazardFilter{Overdue: true})); n != 1 {
			t.Errorf("overdue in 652327 = %d", n)
		}
		got := must(late.Escalate(inspectorCtx("652327")))
		if len(got) != 2 || got[0].Kind != ActionSupervisionLetter || got[1].Kind != ActionSummons || got[0].HazardID != h.ID {
			t.Fatalf("escalated = %+v", got)
		}
		// Again the same day: nothing new; the other county untouched.
		if again := must(late.Escalate(inspectorCtx("652327"))); len(again) != 0 {
			t.Errorf("second run created %+v", again)
		}
		if _, n := must2(late.ListActions(sysCtx(), ActionFilter{HazardID: other.ID})); n != 0 {
			t.Errorf("other county escalated: %d", n)
		}
		hz := must(late.GetHazard(inspectorCtx("652327"), h.ID))
		if hz.DaysOverdue != 15 {
			t.Errorf("DaysOverdue = %d", hz.DaysOverdue)
		}
		_ = must(late.AddEvidence(inspectorCtx("652327"), h.ID, "a.png", pngBytes))
		_, err := late.FixHazard(inspectorCtx("652327"), h.ID, "")
		wantValidation(t, err, "status", KeyActionsOpen)
		_, err = late.Escalate(enterpriseCtx(f.orgJ.ID))
		wantIs(t, err, access.ErrForbidden)
	})
}

func must2b[T any](v T, ok bool, err error) (T, bool) {
	if err != nil {
		panic(err)
	}
	return v, ok
}

func TestRegrade(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		svc := f.svc.WithClock(clock("2026-03-10"))
		insp := inspectorCtx("652327")
		h := must(svc.CreateHazard(insp, HazardInput{EnterpriseID: f.entJ.ID, Source: "department", Grade: "major", Kind: "equipment", Title: "x", FoundOn: "2026-03-01", Deadline: "2026-03-15"}))
		_, err := svc.RegradeHazard(enterpriseCtx(f.orgJ.ID), h.ID, GradeGeneral, "2026-03-20", "")
		wantValidation(t, err, "status", KeyRegulatorOnly)
		_, err = svc.RegradeHazard(insp, h.ID, GradeGeneral, "2026-02-28", "")
		wantValidation(t, err, "deadline", KeyDateOrder)
		h = must(svc.RegradeHazard(insp, h.ID, GradeGeneral, "2026-03-20", "误判，降为一般"))
		if h.Grade != GradeGeneral || h.Status != StatusRectifying || h.Deadline.String() != "2026-03-20" {
			t.Fatalf("downgraded = %+v", h)
		}
		h = must(svc.RegradeHazard(insp, h.ID, GradeMajor, "", "复核为重大"))
		if h.Grade != GradeMajor || h.Status != StatusPlanning {
			t.Fatalf("upgraded = %+v", h)
		}
	})
}
