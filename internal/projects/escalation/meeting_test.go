package escalation

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/projects"
)

// The June 2025 meeting, held on 2025-07-03 (so its day is 06-30):
//
//	a 吉木萨尔, 自然资源局 (org), raised 05-10, due 05-31, open        → open, overdue 30 days
//	b 吉木萨尔, 自然资源局 (org), raised 06-02, due 07-10, open        → open, new
//	c 吉木萨尔, "县住建局" (text), raised 06-05, due 06-20, resolved 06-18 → new, resolved
//	d 木垒, no unit, raised 05-01, due 06-10, resolved 07-02 (after the day) → open on 06-30, overdue 20 days
//	e 木垒, no unit, raised 04-01, due 04-30, resolved 05-20              → not in June's view
//	f 木垒, raised 07-01                                                   → not in June's view
//
// Counts are hand-tallied from this table.
func TestMeeting(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		fx := newFixture(t, d)
		ctx := bureauCtx()
		mk := func(project int64, raised, deadline string, org int64, unit string) Issue {
			return must(fx.svc.Create(ctx, IssueInput{ProjectID: project, Category: "land", Description: "问题 " + raised,
				RaisedOn: raised, Deadline: deadline, ResponsibleOrgID: org, ResponsibleUnit: unit}))
		}
		resolve := func(i Issue, on string) {
			_ = must(fx.svc.Move(ctx, i.ID, MoveInput{To: "resolved", On: on, Note: "已解决"}))
		}
		fx.now = time.Date(2025, 7, 3, 9, 0, 0, 0, cst)
		a := mk(fx.projJ.ID, "2025-05-10", "2025-05-31", fx.unitJ.ID, "")
		_ = mk(fx.projJ.ID, "2025-06-02", "2025-07-10", fx.unitJ.ID, "")
		c := mk(fx.projJ.ID, "2025-06-05", "2025-06-20", 0, "县住建局")
		resolve(c, "2025-06-18")
		dd := mk(fx.projM.ID, "2025-05-01", "2025-06-10", 0, "")
		resolve(dd, "2025-07-02")
		e := mk(fx.projM.ID, "2025-04-01", "2025-04-30", 0, "")
		resolve(e, "2025-05-20")
		_ = mk(fx.projM.ID, "2025-07-01", "2025-07-31", 0, "")

		m := must(fx.svc.Meeting(ctx, projects.MonthOf(2025, 6)))
		if m.Day.String() != "2025-06-30" {
			t.Fatalf("day %s", m.Day)
		}
		if m.Total != (Group{Open: 3, Overdue: 2, New: 2, Resolved: 1}) {
			t.Fatalf("total %+v", m.Total)
		}
		wantCounty := []Group{
			{Key: "652327", Name: "吉木萨尔县", Open: 2, Overdue: 1, New: 2, Resolved: 1},
			{Key: "652328", Name: "木垒哈萨克自治县", Open: 1, Overdue: 1},
		}
		if len(m.ByCounty) != 2 || m.ByCounty[0] != wantCounty[0] || m.ByCounty[1] != wantCounty[1] {
			t.Fatalf("by county %+v", m.ByCounty)
		}
		// Units: most overdue first; ties by open count, then name.
		wantUnit := []Group{
			{Key: "org:" + idStr(fx.unitJ.ID), Name: "吉木萨尔县自然资源局", Open: 2, Overdue: 1, New: 1},
			{Key: "none", Open: 1, Overdue: 1},
			{Key: "text:县住建局", Name: "县住建局", New: 1, Resolved: 1},
		}
		if len(m.ByUnit) != 3 || m.ByUnit[0] != wantUnit[0] || m.ByUnit[1] != wantUnit[1] || m.ByUnit[2] != wantUnit[2] {
			t.Fatalf("by unit %+v", m.ByUnit)
		}
		// Open items, most overdue first: a (30 days: 05-31 → 06-30), d (20: 06-10 → 06-30).
		if len(m.Open) != 3 || m.Open[0].ID != a.ID || m.Open[0].OverdueDays != 30 || m.Open[1].ID != dd.ID || m.Open[1].OverdueDays != 20 {
			t.Fatalf("open %+v", m.Open)
		}
		if len(m.Resolved) != 1 || m.Resolved[0].ID != c.ID {
			t.Fatalf("resolved %+v", m.Resolved)
		}
		// A county sees its own.
		mc := must(fx.svc.Meeting(countyCtx("652328"), projects.MonthOf(2025, 6)))
		if mc.Total != (Group{Open: 1, Overdue: 1}) || len(mc.ByCounty) != 1 {
			t.Fatalf("木垒's meeting %+v", mc.Total)
		}
		// A month not begun shows nothing.
		mf := must(fx.svc.Meeting(ctx, projects.MonthOf(2025, 9)))
		if mf.Total != (Group{}) || len(mf.Open) != 0 {
			t.Fatalf("future month %+v", mf.Total)
		}
		_, err := fx.svc.Meeting(ctx, projects.Month(202513))
		wantValidation(t, err, "month", "escalation.error.month")
	})
}

func TestNoticeAndSettings(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := bureauCtx()
		in := f.in()
		in.ResponsibleOrgID = f.unitJ.ID
		in.Requirements = "请于6月30日前书面报告办理结果"
		a := must(f.svc.Create(ctx, in))
		n := must(f.svc.Notice(ctx, a.ID))
		if n.IssuedOn.String() != "2025-06-01" || n.No != "昌州项目督〔2025〕1号" || n.IssuingUnit == "" || n.Requirements != in.Requirements {
			t.Fatalf("notice before 交办 %+v", n)
		}
		_ = must(f.svc.Move(ctx, a.ID, MoveInput{To: "coordinating", On: "2025-06-04"}))
		n = must(f.svc.Notice(ctx, a.ID))
		if n.IssuedOn.String() != "2025-06-04" || n.Issue.ResponsibleUnit != "吉木萨尔县自然资源局" || n.Issue.Deadline.String() != "2025-06-30" {
			t.Fatalf("notice after 交办 %+v", n)
		}
		_, err := f.svc.SetSettings(countyCtx("652327"), Settings{NoticePrefix: "吉县督", IssuingUnit: "x"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.SetSettings(ctx, Settings{NoticePrefix: " ", IssuingUnit: "昌吉州发改委"})
		wantValidation(t, err, "notice_prefix", keyRequired)
		_ = must(f.svc.SetSettings(ctx, Settings{NoticePrefix: "昌州发改督", IssuingUnit: "昌吉州发展和改革委员会"}))
		n = must(f.svc.Notice(ctx, a.ID))
		if n.No != "昌州发改督〔2025〕1号" || n.IssuingUnit != "昌吉州发展和改革委员会" {
			t.Fatalf("after settings %+v", n)
		}
	})
}
