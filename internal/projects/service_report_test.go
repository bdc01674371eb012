package projects

import (
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// dispatchFixture adds the 2025 prefecture list with both projects,
// adopted: J (started 2024-04, enrolled 2024-05) plans 1200万 at 100万 a
// month; M (前期) plans 12000万 and was due to start in April 2025.
func dispatchFixture(t *testing.T, f *fixture) (Project, Project, AnnualList) {
	t.Helper()
	ctx := bureauCtx()
	pj, pm := f.projJ(t), f.projM(t)
	in := pj.Input()
	in.EnrolledMonth = "2024-05"
	pj = must(f.svc.UpdateProject(ctx, pj.ID, in))
	l := must(f.svc.CreateList(ctx, ListInput{Year: 2025, Name: "2025年昌吉州重点项目", Issuer: "昌吉州发展和改革委员会", DivisionCode: "652300"}))
	monthly := make([]string, 12)
	for i := range monthly {
		monthly[i] = "100"
	}
	_ = must(f.svc.SaveItem(ctx, l.ID, ItemInput{ProjectID: pj.ID, Category: "continuing", AnnualPlan: "1200", Monthly: monthly}))
	_ = must(f.svc.SaveItem(ctx, l.ID, ItemInput{ProjectID: pm.ID, Category: "new", AnnualPlan: "12000", PlannedStart: "2025-04"}))
	l = must(f.svc.AdoptList(ctx, l.ID))
	return pj, pm, l
}

func TestReportsAndLights(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d) // clock: 2025-06-15 10:00 China time; deadline day 10
		pj, pm, l := dispatchFixture(t, f)
		ent := enterpriseCtx(f.orgJ.ID)

		// May closed at the end of 10 June: the enterprise is refused, the bureau is not.
		_, err := f.svc.SubmitReport(ent, ReportInput{ProjectID: pj.ID, Month: "2025-05", PhysicalAmount: "100"})
		wantValidation(t, err, "month", ReportLocked)
		may, err := f.svc.SubmitReport(bureauCtx(), ReportInput{ProjectID: pj.ID, Month: "2025-05", PhysicalAmount: "100", StatsAmount: "80"})
		if err != nil || !may.AfterLock || may.Revision != 1 {
			t.Fatalf("bureau May: %+v %v", may, err)
		}
		june, err := f.svc.SubmitReport(ent, ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "300", StatsAmount: "250",
			PhysicalPct: "40", Narrative: "主体厂房封顶", Problems: "用电指标未落实"})
		if err != nil || june.AfterLock || june.PhysicalAmount != Wan(300) {
			t.Fatalf("June: %+v %v", june, err)
		}

		// Bad input changes nothing.
		bad := []struct {
			name  string
			in    ReportInput
			field string
			key   string
		}{
			{"negative", ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "-1"}, "physical_amount", AmountNegative},
			{"future month", ReportInput{ProjectID: pj.ID, Month: "2025-07", PhysicalAmount: "1"}, "month", ReportFutureMonth},
			// total 10000: May 100 + 9901 = 10001 > 10000.
			{"above total", ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "9901"}, "physical_amount", ReportAboveTotal},
			{"three decimals", ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "1.001"}, "physical_amount", AmountPrecision},
			{"bad month", ReportInput{ProjectID: pj.ID, Month: "June", PhysicalAmount: "1"}, "month", keyBadMonth},
			{"percent over 100", ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "1", PhysicalPct: "101"}, "physical_pct", ReportPercent},
		}
		for _, tt := range bad {
			_, err := f.svc.SubmitReport(ent, tt.in)
			wantValidation(t, err, tt.field, tt.key)
		}
		// Exactly the total is allowed: 100 + 9900 = 10000 (a correction of June).
		if _, err := f.svc.SubmitReport(ent, ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "9900"}); err != nil {
			t.Fatalf("at the total: %v", err)
		}
		_, err = f.svc.SubmitReport(ent, ReportInput{ProjectID: pm.ID, Month: "2025-06", PhysicalAmount: "1"})
		wantIs(t, err, errs.ErrNotFound)
		_, err = f.svc.SubmitReport(ent, ReportInput{ProjectID: 99999, Month: "2025-06", PhysicalAmount: "1"})
		wantIs(t, err, errs.ErrNotFound)
		_, err = f.svc.SubmitReport(leaderCtx(), ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "1"})
		wantIs(t, err, access.ErrForbidden)

		// Back to 300 for June: the third revision; history keeps all three.
		if _, err := f.svc.SubmitReport(ent, ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "300", StatsAmount: "250"}); err != nil {
			t.Fatal(err)
		}
		cur := must(f.svc.Reports(ent, pj.ID, false))
		all := must(f.svc.Reports(ent, pj.ID, true))
		if len(cur) != 2 || len(all) != 4 || cur[0].Revision != 3 || !cur[0].Current || all[1].Current {
			t.Fatalf("current %+v\nall %+v", cur, all)
		}

		// The report recomputed J's June light: 400 of 1200 = 33.3 % against
		// 序时进度 50 %: −16.7 pp, Yinchuan yellow (10–30 pp below).
		ls := must(f.svc.Lights(bureauCtx(), l.ID, 202506, pj.ID))
		if len(ls) != 1 || ls[0].Colour != Yellow || ls[0].Figures[string(MetricGapPP)] != "-16.6667" || ls[0].RuleSetID == 0 {
			t.Fatalf("J light: %+v", ls)
		}
		// The enterprise corrects June to 500: 600 of 1200 = 50 %, on schedule: green.
		if _, err := f.svc.SubmitReport(ent, ReportInput{ProjectID: pj.ID, Month: "2025-06", PhysicalAmount: "500", StatsAmount: "250"}); err != nil {
			t.Fatal(err)
		}
		ls = must(f.svc.Lights(bureauCtx(), l.ID, 202506, pj.ID))
		if len(ls) != 1 || ls[0].Colour != Green {
			t.Fatalf("J light after correction: %+v", ls)
		}

		// The whole list: M was due in April and has not started — June is its
		// third overdue month, red (Yinchuan "3 consecutive months").
		counts := must(f.svc.ComputeLights(bureauCtx(), l.ID, 202506))
		if counts[Red] != 1 || counts[Green] != 1 {
			t.Fatalf("counts: %v", counts)
		}
		ms := must(f.svc.Measures(bureauCtx(), l.ID, 202506))
		var mj Measure
		for _, m := range ms {
			if m.ProjectID == pj.ID {
				mj = m
			}
		}
		// PV from the frozen monthly plan: 6 × 100 = 600; EV 600: SPI 1.00.
		if mj.YearToDate != Wan(600) || mj.StatsToDate != Wan(330) || mj.PVPlan != "600.00" || mj.SPIPlan != "1.00" || mj.GapPP != "0.0" || mj.Completion != "50.0" {
			t.Fatalf("J measure: %+v", mj)
		}
		// Against the illustrative winter curve PV differs, and both are shown.
		if mj.SPICurve != "1.00" { // the list has the linear curve: same as the plan here
			t.Fatalf("curve SPI: %+v", mj)
		}

		// Dispatch by county: 吉木萨尔 on schedule; 木垒 0 of 1 planned starts.
		rows := must(f.svc.Dispatch(bureauCtx(), l.ID, 202506, GroupCounty))
		if len(rows) != 2 || rows[0].Key != "652327" || rows[0].Completion != "50.0" || rows[0].GapPP != "0.0" || rows[0].Green != 1 {
			t.Fatalf("county rows: %+v", rows)
		}
		if rows[1].PlannedStarts != 1 || rows[1].Started != 0 || rows[1].StartRate != "0.0" || rows[1].Red != 1 {
			t.Fatalf("木垒 row: %+v", rows[1])
		}
		// The prefecture: 600 of 13200 = 4.545 %, −45.45 pp → "-45.5".
		whole := must(f.svc.Dispatch(bureauCtx(), l.ID, 202506, GroupWhole))
		if len(whole) != 1 || whole[0].Completion != "4.5" || whole[0].GapPP != "-45.5" || whole[0].Projects != 2 {
			t.Fatalf("whole: %+v", whole)
		}
		sameDispatch(t, bureauCtx(), f.svc, l.ID, 202506)
		sameDispatch(t, countyCtx("652328"), f.svc, l.ID, 202506)
		sameDispatch(t, enterpriseCtx(f.orgJ.ID), f.svc, l.ID, 202506)
		// A county sees its own row only.
		mine := must(f.svc.Dispatch(countyCtx("652327"), l.ID, 202506, GroupCounty))
		if len(mine) != 1 || mine[0].Key != "652327" {
			t.Fatalf("county dispatch: %+v", mine)
		}

		// The chart series: J's plan is 100 a month; May 100 and June 500 reported.
		pts := must(f.svc.Series(bureauCtx(), l.ID, pj.ID, 202506))
		if len(pts) != 6 || pts[4].YearToDate != Wan(100) || pts[5].YearToDate != Wan(600) || pts[5].PVPlan != Wan(600) || pts[5].Linear != Wan(600) {
			t.Fatalf("series: %+v", pts)
		}
		tot := must(f.svc.Series(bureauCtx(), l.ID, 0, 202506))
		// Linear PV of the list: (1200 + 12000) × 6/12 = 6600.
		if tot[5].Linear != Wan(6600) || tot[5].YearToDate != Wan(600) {
			t.Fatalf("list series: %+v", tot[5])
		}

		// 年中调整: a change of the adopted list needs a reason and is logged;
		// the baseline stays.
		_, err = f.svc.SaveItem(bureauCtx(), l.ID, ItemInput{ProjectID: pj.ID, Category: "continuing", AnnualPlan: "1500"})
		wantValidation(t, err, "reason", keyReasonRequired)
		it, err := f.svc.SaveItem(bureauCtx(), l.ID, ItemInput{ProjectID: pj.ID, Category: "continuing", AnnualPlan: "1500", Reason: "追加设备投资"})
		if err != nil || it.AnnualPlan != Wan(1500) || it.BaselinePlan == nil || *it.BaselinePlan != Wan(1200) || !it.InBaseline {
			t.Fatalf("replan: %+v %v", it, err)
		}
		// The re-plan gave no monthly figures: the frozen monthly baseline stays,
		// and PV still follows it (6 × 100 by June).
		if len(it.Monthly) != 0 || len(it.BaselineMonthly) != 12 || it.BaselineMonthly[11] != Wan(100) {
			t.Fatalf("monthly after re-plan: %+v", it)
		}
		for _, m := range must(f.svc.Measures(bureauCtx(), l.ID, 202506)) {
			if m.ProjectID == pj.ID && (m.PVPlan != "600.00" || m.Completion != "40.0") {
				t.Fatalf("measure after re-plan: %+v", m)
			}
		}
		if err := f.svc.RemoveItem(bureauCtx(), l.ID, pm.ID, ""); err == nil {
			t.Fatal("removal without a reason accepted")
		}
		if err := f.svc.RemoveItem(bureauCtx(), l.ID, pm.ID, "转入储备"); err != nil {
			t.Fatal(err)
		}
		det := must(f.svc.GetDetail(bureauCtx(), pm.ID, "zh-CN"))
		if len(det.Lists) != 1 || !det.Lists[0].Removed || det.Lists[0].Year != 2025 {
			t.Fatalf("memberships: %+v", det.Lists)
		}
		chs := must(f.svc.ListChanges(bureauCtx(), l.ID))
		if len(chs) != 2 || chs[0].Kind != "replan" || chs[1].Kind != "remove" || chs[1].Reason != "转入储备" {
			t.Fatalf("changes: %+v", chs)
		}
		all2 := must(f.svc.Items(bureauCtx(), l.ID, true))
		if len(all2) != 2 || !all2[1].Removed || *all2[1].BaselinePlan != Wan(12000) {
			t.Fatalf("items with removed: %+v", all2)
		}
		_, err = f.svc.AdoptList(bureauCtx(), l.ID)
		wantValidation(t, err, "id", keyListAdopted)
		// A county cannot change the prefecture's list.
		_, err = f.svc.SaveItem(countyCtx("652327"), l.ID, ItemInput{ProjectID: pj.ID, Category: "continuing", AnnualPlan: "1", Reason: "x"})
		wantIs(t, err, access.ErrForbidden)
	})
}

// The deadline is data: the bureau moves it, nobody else may, and 1–28 only.
func TestDeadlineSetting(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		pj := f.projJ(t)
		if err := f.svc.SetReportDeadlineDay(countyCtx("652327"), 20); err != access.ErrForbidden {
			t.Fatalf("county set deadline: %v", err)
		}
		wantValidation(t, f.svc.SetReportDeadlineDay(bureauCtx(), 29), "deadline_day", keyDeadlineDay)
		if err := f.svc.SetReportDeadlineDay(bureauCtx(), 20); err != nil {
			t.Fatal(err)
		}
		// 15 June is now before May's deadline (20 June): the enterprise may report May.
		if _, err := f.svc.SubmitReport(enterpriseCtx(f.orgJ.ID), ReportInput{ProjectID: pj.ID, Month: "2025-05", PhysicalAmount: "10"}); err != nil {
			t.Fatalf("May before the new deadline: %v", err)
		}
		if n := must(f.svc.ReportDeadlineDay(leaderCtx())); n != 20 {
			t.Fatalf("deadline = %d", n)
		}
		if a := must(f.svc.EnrolmentThreshold(leaderCtx())); a != Wan(500) {
			t.Fatalf("threshold = %v", a)
		}
		wantValidation(t, f.svc.SetEnrolmentThreshold(bureauCtx(), "-1"), "enrolment_threshold", AmountNegative)
		if err := f.svc.SetEnrolmentThreshold(countyCtx("652327"), "100"); err != access.ErrForbidden {
			t.Fatalf("county sets threshold: %v", err)
		}
	})
}
