package projects

import (
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func TestProjectLibrary(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		pj := f.projJ(t)
		if pj.DivisionCode != "652327" || pj.ParkName != "吉木萨尔县城南工业园区" || pj.OwnerName != "昆仑天泽新能源有限责任公司" {
			t.Fatalf("project placed wrong: %+v", pj)
		}
		if pj.TotalInvestment != Wan(10000) || pj.Stage != StageStarted || pj.StartMonth != 202404 {
			t.Fatalf("figures: %+v", pj)
		}
		if len(pj.Clusters) != 1 || pj.Clusters[0].TaxonomyVersion != "2022" {
			t.Fatalf("clusters: %+v", pj.Clusters)
		}
		pm := f.projM(t)

		// Bad input changes nothing and says why.
		bad := []struct {
			name  string
			in    ProjectInput
			field string
			key   string
		}{
			{"duplicate code", ProjectInput{Name: "x", Code: "2024-652327-44-01-000101", DivisionCode: "652327"}, "code", keyCodeDuplicate},
			{"bad code", ProjectInput{Name: "x", Code: "2024-652327-44-01-00010", DivisionCode: "652327"}, "code", CodeFormat},
			{"future code year", ProjectInput{Name: "x", Code: "2026-652327-44-01-000101", DivisionCode: "652327"}, "code", CodeYear},
			{"negative total", ProjectInput{Name: "x", DivisionCode: "652327", TotalInvestment: "-5"}, "total_investment", AmountNegative},
			{"prior above total", ProjectInput{Name: "x", DivisionCode: "652327", TotalInvestment: "5", PriorCompleted: "6"}, "prior_completed", ReportAboveTotal},
			{"park of another county", ProjectInput{Name: "x", DivisionCode: "652327", ParkID: f.parkM.ID}, "park_id", keyParkElsewhere},
			{"unknown county", ProjectInput{Name: "x", DivisionCode: "652399"}, "division_code", keyDivisionUnknown},
			{"owner is a government unit", ProjectInput{Name: "x", DivisionCode: "652327", OwnerOrgID: f.gov.ID}, "owner_org_id", keyOrgNotEnterprise},
			{"unknown cluster", ProjectInput{Name: "x", DivisionCode: "652327", ClusterIDs: []int64{99999}}, "cluster_ids", keyClusterUnknown},
			{"unknown stage", ProjectInput{Name: "x", DivisionCode: "652327", Stage: "built"}, "stage", StageUnknown},
			{"bad month", ProjectInput{Name: "x", DivisionCode: "652327", PlannedStart: "2025-13"}, "planned_start_month", keyBadMonth},
			{"no name", ProjectInput{DivisionCode: "652327"}, "name", keyRequired},
		}
		for _, tt := range bad {
			_, err := f.svc.CreateProject(ctx, tt.in)
			wantValidation(t, err, tt.field, tt.key)
		}
		if _, n, _ := f.svc.ListProjects(ctx, ProjectFilter{}); n != 2 {
			t.Fatalf("bad input created projects: %d", n)
		}

		// Scope: the county sees its own; the enterprise its own; others are not found.
		if _, n, _ := f.svc.ListProjects(countyCtx("652327"), ProjectFilter{}); n != 1 {
			t.Errorf("county sees %d projects, want 1", n)
		}
		_, err := f.svc.GetProject(countyCtx("652327"), pm.ID)
		wantIs(t, err, errs.ErrNotFound)
		if _, n, _ := f.svc.ListProjects(enterpriseCtx(f.orgM.ID), ProjectFilter{}); n != 1 {
			t.Errorf("enterprise sees %d projects, want 1", n)
		}
		_, err = f.svc.GetProject(enterpriseCtx(f.orgM.ID), pj.ID)
		wantIs(t, err, errs.ErrNotFound)
		if _, n, _ := f.svc.ListProjects(bureauCtx(), ProjectFilter{}); n != 2 {
			t.Errorf("bureau sees %d, want 2", n)
		}
		if _, n, _ := f.svc.ListProjects(leaderCtx(), ProjectFilter{ClusterID: f.clB.ID}); n != 1 {
			t.Errorf("cluster filter: %d, want 1", n)
		}

		// County staff create only in their county; leaders and enterprises not at all.
		_, err = f.svc.CreateProject(countyCtx("652327"), ProjectInput{Name: "x", DivisionCode: "652328"})
		wantValidation(t, err, "division_code", keyOutOfScope)
		if _, err := f.svc.CreateProject(countyCtx("652327"), ProjectInput{Name: "县项目", DivisionCode: "652327"}); err != nil {
			t.Fatalf("county create: %v", err)
		}
		_, err = f.svc.CreateProject(leaderCtx(), ProjectInput{Name: "x", DivisionCode: "652327"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.CreateProject(enterpriseCtx(f.orgJ.ID), ProjectInput{Name: "x", DivisionCode: "652327"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.UpdateProject(countyCtx("652327"), pm.ID, pm.Input())
		wantIs(t, err, errs.ErrNotFound)

		// Delete: only a project nothing refers to, only within scope.
		extra := must(f.svc.CreateProject(ctx, ProjectInput{Name: "误录项目", DivisionCode: "652328"}))
		wantIs(t, f.svc.DeleteProject(countyCtx("652327"), extra.ID), errs.ErrNotFound)
		if err := f.svc.DeleteProject(countyCtx("652328"), extra.ID); err != nil {
			t.Fatal(err)
		}
		_ = must(f.svc.SubmitReport(ctx, ReportInput{ProjectID: pm.ID, Month: "2025-05", PhysicalAmount: "1"}))
		wantValidation(t, f.svc.DeleteProject(ctx, pm.ID), "id", keyProjectInUse)

		// Update keeps the code and moves nothing it should not.
		in := pj.Input()
		in.Capacity = "24万吨/年"
		up, err := f.svc.UpdateProject(countyCtx("652327"), pj.ID, in)
		if err != nil || up.Capacity != "24万吨/年" || up.Code != pj.Code || up.Stage != StageStarted {
			t.Fatalf("update: %+v %v", up, err)
		}
	})
}

// Stage history: forward moves with dates, refusals that change nothing.
func TestStageHistory(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		pm := f.projM(t)
		ctx := countyCtx("652328")
		_, err := f.svc.ChangeStage(ctx, pm.ID, StageInput{Stage: "reserve", On: "2025-02-01"})
		wantValidation(t, err, "stage", StageBackwards)
		_, err = f.svc.ChangeStage(ctx, pm.ID, StageInput{Stage: "started", On: "2024-12-31"})
		wantValidation(t, err, "on", keyStageBeforeLast)
		_, err = f.svc.ChangeStage(ctx, pm.ID, StageInput{Stage: "started", On: "2025-06-16"}) // clock: 2025-06-15
		wantValidation(t, err, "on", keyStageFuture)
		p, err := f.svc.ChangeStage(ctx, pm.ID, StageInput{Stage: "started", On: "2025-06-15", Note: "集中开工"})
		if err != nil || p.Stage != StageStarted || p.StartMonth != 202506 {
			t.Fatalf("start: %+v %v", p, err)
		}
		_, err = f.svc.ChangeStage(countyCtx("652327"), pm.ID, StageInput{Stage: "continuing", On: "2025-06-15"})
		wantIs(t, err, errs.ErrNotFound)
		det, err := f.svc.GetDetail(ctx, pm.ID, "zh-CN")
		if err != nil || len(det.Stages) != 2 || det.Stages[1].Stage != StageStarted || det.Stages[1].On.String() != "2025-06-15" {
			t.Fatalf("history: %+v %v", det.Stages, err)
		}
		if len(det.Approvals) != 8 || det.Approvals[0].Status != ApprovalPending {
			t.Fatalf("checklist: %+v", det.Approvals)
		}
		if _, err := f.svc.SetApproval(ctx, pm.ID, ApprovalInput{KindCode: "eia", Status: "obtained", DocNo: "昌州环审〔2025〕1号", ObtainedOn: "2025-03-01"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.SetApproval(ctx, pm.ID, ApprovalInput{KindCode: "nope", Status: "obtained"})
		wantValidation(t, err, "kind_code", keyApprovalKind)
		ph, err := f.svc.SavePhase(ctx, pm.ID, 0, PhaseInput{Seq: 1, Name: "一期", Investment: "80000"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.SavePhase(ctx, pm.ID, 0, PhaseInput{Seq: 1, Name: "重复"})
		wantValidation(t, err, "seq", keyDuplicate)
		if _, err := f.svc.SaveMilestone(ctx, pm.ID, 0, MilestoneInput{PhaseID: ph.ID, Kind: "trial", Planned: "2025-09-30"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.SaveMilestone(ctx, pm.ID, 0, MilestoneInput{Kind: "start", Actual: "2025-07-01"})
		wantValidation(t, err, "actual", keyActualFuture)
		det, _ = f.svc.GetDetail(ctx, pm.ID, "en")
		if len(det.Phases) != 1 || len(det.Milestones) != 1 || det.Approvals[2].KindCode != "eia" || det.Approvals[2].Status != ApprovalObtained {
			t.Fatalf("detail: %+v", det)
		}
	})
}
