package parkstats

import (
	"testing"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/registry"
)

func TestFiguresCorrectionsScopeAndShare(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		cJ, cM := countyCtx("652327"), countyCtx("652328")

		// County staff enter their own park's May figures.
		first, err := f.svc.SubmitFigure(cJ, FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "above_scale",
			GrossOutput: "50000", AddedValue: "12000", Revenue: "48000.50", Tax: "3000", Employment: "1,200", LandMu: "15000"})
		if err != nil {
			t.Fatal(err)
		}
		if first.Revision != 1 || first.DivisionCode != "652327" || first.AddedValue.String() != "12000.00" || *first.Employment != 1200 {
			t.Fatalf("first = %+v", first)
		}
		// A second entry is a correction, the first stays as history.
		second := must(f.svc.SubmitFigure(cJ, FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "above_scale", AddedValue: "13000"}))
		if second.Revision != 2 {
			t.Fatalf("second revision %d", second.Revision)
		}
		hist := must(f.svc.FigureHistory(cJ, f.parkJ.ID, "", Monthly, 202505))
		if len(hist) != 2 || !hist[0].Current || hist[1].Current || hist[1].AddedValue.String() != "12000.00" {
			t.Fatalf("history = %+v", hist)
		}
		if n := auditCount(t, d, ObjectFigure); n != 2 {
			t.Fatalf("audit rows %d", n)
		}

		// Another county's park is "unknown" to a county user; nothing stored.
		_, err = f.svc.SubmitFigure(cJ, FigureInput{ParkID: f.parkM.ID, Kind: "month", Period: "2025-05", Scope: "above_scale", AddedValue: "1"})
		wantValidation(t, err, "park_id", keyParkUnknown)
		// The prefecture's own total is the bureau's.
		_, err = f.svc.SubmitFigure(cJ, FigureInput{DivisionCode: "652300", Kind: "month", Period: "2025-05", Scope: "above_scale", AddedValue: "1"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.SubmitFigure(bureauCtx(), FigureInput{DivisionCode: "652327", Kind: "month", Period: "2025-05", Scope: "above_scale", AddedValue: "1"})
		wantValidation(t, err, "division_code", keyNotPrefecture)
		// Enterprises and leaders do not enter park figures.
		_, err = f.svc.SubmitFigure(enterpriseCtx(f.orgJ.ID), FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "all", AddedValue: "1"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.SubmitFigure(leaderCtx(), FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "all", AddedValue: "1"})
		wantIs(t, err, access.ErrForbidden)

		// Bad input: each a clear message, nothing stored.
		for _, c := range []struct {
			in         FigureInput
			field, key string
		}{
			{FigureInput{ParkID: f.parkJ.ID, Kind: "week", Period: "2025-05", Scope: "all", AddedValue: "1"}, "kind", keyBadChoice},
			{FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-13", Scope: "all", AddedValue: "1"}, "period", keyBadPeriod},
			// Clock 2025-06-15: June is the current month and may be entered, July is future.
			{FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-07", Scope: "all", AddedValue: "1"}, "period", keyFuturePeriod},
			{FigureInput{ParkID: f.parkJ.ID, Kind: "year", Period: "2026", Scope: "all", AddedValue: "1"}, "period", keyFuturePeriod},
			{FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "gdp", AddedValue: "1"}, "stat_scope", keyBadChoice},
			{FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "all", AddedValue: "-5"}, "added_value", "projects.amount.negative"},
			{FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "all", Tax: "1.234"}, "tax", "projects.amount.precision"},
			{FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "all", Employment: "-3"}, "employment", keyBadNum},
			{FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-05", Scope: "all"}, "added_value", keyEmptyFigure},
			{FigureInput{ParkID: 9999, Kind: "month", Period: "2025-05", Scope: "all", AddedValue: "1"}, "park_id", keyParkUnknown},
		} {
			_, err := f.svc.SubmitFigure(bureauCtx(), c.in)
			wantValidation(t, err, c.field, c.key)
		}
		if n := countRows(t, d, "parkstats_figures"); n != 2 {
			t.Fatalf("rows after refusals: %d", n)
		}

		// The prefecture's total and 木垒's figure: parks = (13000 + 2500) /
		// 16666.67 = 93.00 % — the page's 93 % (README S1), same 规上 scope.
		must(f.svc.SubmitFigure(bureauCtx(), FigureInput{DivisionCode: "652300", Kind: "month", Period: "2025-05", Scope: "above_scale", AddedValue: "16666.67"}))
		must(f.svc.SubmitFigure(cM, FigureInput{ParkID: f.parkM.ID, Kind: "month", Period: "2025-05", Scope: "above_scale", AddedValue: "2500", GrossOutput: "90000"}))
		tab := must(f.svc.ParkTable(bureauCtx(), TableQuery{Kind: Monthly, Period: 202505}))
		if tab.ParksShareBP == nil || *tab.ParksShareBP != 9300 || tab.ShareProblem != "" {
			t.Fatalf("parks share = %v %q", tab.ParksShareBP, tab.ShareProblem)
		}
		if len(tab.Rows) != 2 || tab.Rows[0].ParkID != f.parkJ.ID || tab.Rows[0].Rank != 1 || tab.Rows[1].Rank != 2 {
			t.Fatalf("rows by added value = %+v", tab.Rows)
		}
		// 13000 / 16666.67 = 78.00 %.
		if bp := tab.Rows[0].ShareBP; bp == nil || *bp != 7800 {
			t.Fatalf("吉木萨尔 share %v", bp)
		}
		// Ranking by gross output: 木垒 first (90000 > 50000? no — J's
		// current revision carries no gross output, so J is unranked).
		tab = must(f.svc.ParkTable(bureauCtx(), TableQuery{Kind: Monthly, Period: 202505, RankBy: MGrossOutput}))
		if tab.Rows[0].ParkID != f.parkM.ID || tab.Rows[0].Rank != 1 || tab.Rows[1].Rank != 0 {
			t.Fatalf("rows by gross output = %+v", tab.Rows)
		}
		// A county user sees its own park, with the prefecture denominator.
		tab = must(f.svc.ParkTable(cM, TableQuery{Kind: Monthly, Period: 202505}))
		if len(tab.Rows) != 1 || tab.Rows[0].ParkID != f.parkM.ID || tab.Rows[0].ShareBP == nil || *tab.Rows[0].ShareBP != 1500 {
			t.Fatalf("county table = %+v", tab.Rows)
		}
		// An enterprise sees no park figures.
		tab = must(f.svc.ParkTable(enterpriseCtx(f.orgJ.ID), TableQuery{Kind: Monthly, Period: 202505}))
		if len(tab.Rows) != 0 {
			t.Fatalf("enterprise rows %+v", tab.Rows)
		}
		_, err = f.svc.FigureHistory(cM, f.parkJ.ID, "", Monthly, 202505)
		if err != nil {
			t.Fatal(err)
		}
		if h := must(f.svc.FigureHistory(cM, f.parkJ.ID, "", Monthly, 202505)); len(h) != 0 {
			t.Fatalf("other county history visible: %d", len(h))
		}

		// A 全口径 park figure cannot be mixed into a 规上 share.
		must(f.svc.SubmitFigure(cM, FigureInput{ParkID: f.parkM.ID, Kind: "month", Period: "2025-05", Scope: "all", AddedValue: "2500"}))
		tab = must(f.svc.ParkTable(bureauCtx(), TableQuery{Kind: Monthly, Period: 202505}))
		if tab.ParksShareBP != nil || tab.ShareProblem != KeyScopeMismatch {
			t.Fatalf("mixed scopes gave %v %q", tab.ParksShareBP, tab.ShareProblem)
		}
		for _, r := range tab.Rows {
			if r.ParkID == f.parkM.ID && r.ShareBP != nil {
				t.Fatalf("mismatched park row has a share")
			}
		}
		// Series: the park's current figures by period.
		must(f.svc.SubmitFigure(cM, FigureInput{ParkID: f.parkM.ID, Kind: "month", Period: "2025-04", Scope: "all", AddedValue: "2000"}))
		_, series, err := f.svc.ParkSeries(cM, f.parkM.ID, Monthly)
		if err != nil || len(series) != 2 || series[0].Period != 202504 || series[1].Scope != ScopeAll {
			t.Fatalf("series %+v %v", series, err)
		}
		_, _, err = f.svc.ParkSeries(cJ, f.parkM.ID, Monthly)
		wantIs(t, err, errs.ErrNotFound)
	})
}

func TestImportFiguresAllOrNothing(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		rows := []registry.ImportRow[FigureInput]{
			{Row: 2, Input: FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2025-04", Scope: "above_scale", AddedValue: "100"}},
			{Row: 3, Input: FigureInput{ParkID: f.parkM.ID, Kind: "month", Period: "2025-04", Scope: "above_scale", AddedValue: "-1"}},
			{Row: 4, Input: FigureInput{ParkID: f.parkJ.ID, Kind: "month", Period: "2030-01", Scope: "above_scale", AddedValue: "1"}},
		}
		_, err := f.svc.ImportFigures(bureauCtx(), rows)
		ie, ok := err.(*registry.ImportError)
		if !ok || len(ie.Problems) != 2 || ie.Problems[0].Row != 3 || ie.Problems[1].Row != 4 {
			t.Fatalf("err = %#v", err)
		}
		if n := countRows(t, d, "parkstats_figures"); n != 0 {
			t.Fatalf("partial import stored %d", n)
		}
		rows[1].Input.AddedValue = "200"
		rows = rows[:2]
		// A county user importing another county's row: refused, all of it.
		_, err = f.svc.ImportFigures(countyCtx("652327"), rows)
		if ie, ok := err.(*registry.ImportError); !ok || ie.Problems[0].Row != 3 || ie.Problems[0].Field != "park_id" {
			t.Fatalf("county import err = %#v", err)
		}
		if n := must(f.svc.ImportFigures(bureauCtx(), rows)); n != 2 {
			t.Fatalf("imported %d", n)
		}
	})
}
