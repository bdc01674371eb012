package escalation

import (
	"context"
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
)

func auditCount(t *testing.T, d *db.DB) int {
	t.Helper()
	_, n, err := audit.List(sysCtx(), d.Read(), audit.Filter{ObjectType: ObjectIssue, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateDefaultsNumberingHistoryAudit(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := countyCtx("652327")
		a := must(f.svc.Create(ctx, f.in()))
		if a.Status != StatusPending || a.Level != LevelCounty || a.LeaderPersonID != f.leader.ID || a.LeaderName != "王副州长" {
			t.Fatalf("defaults: %+v", a)
		}
		if a.RaisedBy != "县发改委" || a.DivisionCode != "652327" || a.DivisionName != "吉木萨尔县" || a.ProjectName != f.projJ.Name {
			t.Fatalf("raised by / project: %+v", a)
		}
		// Numbered per year from 1 with the seeded prefix (migration 0001).
		if a.NoticeNo != "昌州项目督〔2025〕1号" {
			t.Fatalf("notice no = %q", a.NoticeNo)
		}
		in := f.in()
		in.ResponsibleOrgID = f.unitJ.ID
		b := must(f.svc.Create(ctx, in))
		if b.NoticeNo != "昌州项目督〔2025〕2号" || b.ResponsibleUnit != "吉木萨尔县自然资源局" {
			t.Fatalf("second: %q %q", b.NoticeNo, b.ResponsibleUnit)
		}
		in.RaisedOn, in.Deadline = "2024-12-30", "2025-01-15"
		c := must(f.svc.Create(ctx, in))
		if c.NoticeNo != "昌州项目督〔2024〕1号" {
			t.Fatalf("a 2024 item is numbered in 2024: %q", c.NoticeNo)
		}
		h := must(f.svc.History(ctx, a.ID))
		if len(h) != 1 || h[0].From != "" || h[0].To != StatusPending || h[0].On.String() != "2025-06-01" || h[0].Actor != "county652327" {
			t.Fatalf("history: %+v", h)
		}
		if n := auditCount(t, d); n != 3 {
			t.Fatalf("audit records = %d, want 3", n)
		}
	})
}

// Bad input gets a message and changes nothing (the issue's list: deadline
// before the raised date, unknown project, empty description; and the rest
// of the checks in service.go).
func TestCreateRejectsBadInput(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := countyCtx("652327")
		other := must(f.proj.SubmitReport(sysCtx(), projects.ReportInput{ProjectID: f.projM.ID, Month: "2025-05",
			PhysicalAmount: "100", StatsAmount: "100", Problems: "并网接入未批复"}))
		cases := []struct {
			name       string
			edit       func(in *IssueInput)
			field, key string
		}{
			{"deadline a day before raised", func(in *IssueInput) { in.Deadline = "2025-05-31" }, "deadline", keyDeadlineEarly},
			{"no deadline", func(in *IssueInput) { in.Deadline = "" }, "deadline", keyRequired},
			{"malformed deadline", func(in *IssueInput) { in.Deadline = "2025-06-31" }, "deadline", keyBadDate},
			{"unknown project", func(in *IssueInput) { in.ProjectID = 99999 }, "project_id", keyProjectUnknown},
			{"project of another county", func(in *IssueInput) { in.ProjectID = f.projM.ID }, "project_id", keyProjectUnknown},
			{"no project", func(in *IssueInput) { in.ProjectID = 0 }, "project_id", keyRequired},
			{"empty description", func(in *IssueInput) { in.Description = "  " }, "description", keyRequired},
			{"unknown category", func(in *IssueInput) { in.Category = "weather" }, "category", keyCategory},
			{"raised tomorrow (today 2025-06-15)", func(in *IssueInput) { in.RaisedOn = "2025-06-16"; in.Deadline = "2025-07-01" }, "raised_on", keyRaisedFuture},
			{"unknown unit", func(in *IssueInput) { in.ResponsibleOrgID = 99999 }, "responsible_org_id", keyOrgUnknown},
			{"unknown leader", func(in *IssueInput) { in.LeaderPersonID = 99999 }, "leader_person_id", keyPersonUnknown},
			{"report of another project", func(in *IssueInput) { in.ReportID = other.ID }, "report_id", keyReportUnknown},
			{"unknown level", func(in *IssueInput) { in.Level = "township" }, "level", keyLevel},
		}
		for _, c := range cases {
			in := f.in()
			c.edit(&in)
			_, err := f.svc.Create(ctx, in)
			if c.field == "report_id" {
				// the report's project is out of this county: use the bureau.
				_, err = f.svc.Create(bureauCtx(), in)
			}
			t.Run(c.name, func(t *testing.T) { wantValidation(t, err, c.field, c.key) })
		}
		if _, n := must2(f.svc.List(sysCtx(), Filter{})); n != 0 {
			t.Fatalf("%d items after bad input", n)
		}
		if n := auditCount(t, d); n != 0 {
			t.Fatalf("audit records = %d after bad input", n)
		}
		// On the raised day itself the deadline is fine (boundary).
		in := f.in()
		in.Deadline = in.RaisedOn
		_ = must(f.svc.Create(ctx, in))
	})
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

func TestScope(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		a := must(f.svc.Create(countyCtx("652327"), f.in()))
		in := f.in()
		in.ProjectID = f.projM.ID
		b := must(f.svc.Create(bureauCtx(), in))
		for _, c := range []struct {
			name string
			ctx  context.Context
			want []int64
		}{
			{"吉木萨尔 staff", countyCtx("652327"), []int64{a.ID}},
			{"木垒 staff", countyCtx("652328"), []int64{b.ID}},
			{"owner of the 吉木萨尔 project", enterpriseCtx(f.orgJ.ID), []int64{a.ID}},
			{"an unrelated enterprise", enterpriseCtx(f.unitJ.ID), nil},
			{"bureau", bureauCtx(), []int64{a.ID, b.ID}},
			{"leader", leaderCtx(), []int64{a.ID, b.ID}},
		} {
			items, n := must2(f.svc.List(c.ctx, Filter{}))
			got := []int64{}
			for _, i := range items {
				got = append(got, i.ID)
			}
			if n != len(c.want) || len(got) != len(c.want) || (len(got) > 0 && (got[0] != c.want[0] || got[len(got)-1] != c.want[len(c.want)-1])) {
				t.Errorf("%s: got %v (total %d), want %v", c.name, got, n, c.want)
			}
		}
		_, err := f.svc.Get(countyCtx("652328"), a.ID)
		wantIs(t, err, errs.ErrNotFound)
		_, err = f.svc.Move(countyCtx("652328"), a.ID, MoveInput{To: "resolved", Note: "x"})
		wantIs(t, err, errs.ErrNotFound)
		_, err = f.svc.Notice(countyCtx("652328"), a.ID)
		wantIs(t, err, errs.ErrNotFound)
		// Leaders and enterprises read; they do not keep items.
		_, err = f.svc.Create(leaderCtx(), f.in())
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.Move(enterpriseCtx(f.orgJ.ID), a.ID, MoveInput{To: "resolved", Note: "x"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.Meeting(context.Background(), projects.MonthOf(2025, 6))
		wantIs(t, err, access.ErrNoPrincipal)
	})
}

func TestWorkflow(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := countyCtx("652327")
		a := must(f.svc.Create(ctx, f.in()))
		// 交办 needs a unit.
		_, err := f.svc.Move(ctx, a.ID, MoveInput{To: "coordinating", On: "2025-06-03"})
		wantValidation(t, err, "responsible_unit", keyUnitRequired)
		in := a.Input()
		in.ResponsibleUnit = "吉木萨尔县自然资源局用地科"
		in.Deadline = "2025-07-15" // an extension (延期)
		a = must(f.svc.Update(ctx, a.ID, in))
		if a.ResponsibleUnit != "吉木萨尔县自然资源局用地科" || a.ResponsibleOrgID != 0 || a.Deadline.String() != "2025-07-15" {
			t.Fatalf("update: %+v", a)
		}
		_, err = f.svc.Move(ctx, a.ID, MoveInput{To: "coordinating", On: "2025-05-31"})
		wantValidation(t, err, "on", keyBeforeLast)
		a = must(f.svc.Move(ctx, a.ID, MoveInput{To: "coordinating", On: "2025-06-03", Note: "已交办"}))
		if a.Status != StatusCoordinating {
			t.Fatalf("status %s", a.Status)
		}
		// Closing without a resolution note changes nothing.
		_, err = f.svc.Move(ctx, a.ID, MoveInput{To: "resolved", On: "2025-06-10"})
		wantValidation(t, err, "note", keyNoteRequired)
		if got := must(f.svc.Get(ctx, a.ID)); got.Status != StatusCoordinating || !got.ResolvedOn.IsZero() {
			t.Fatalf("after a refused close: %+v", got)
		}
		// Escalate to the prefecture, then resolve there.
		a = must(f.svc.Move(ctx, a.ID, MoveInput{To: "escalated", On: "2025-06-05", Level: "prefecture", Note: "需州级协调用地指标"}))
		if a.Level != LevelPrefecture || a.EscalatedOn.String() != "2025-06-05" {
			t.Fatalf("escalated: %+v", a)
		}
		_, err = f.svc.Move(ctx, a.ID, MoveInput{To: "escalated", On: "2025-06-06", Level: "county"})
		wantValidation(t, err, "level", keyLevelNotUp)
		a = must(f.svc.Move(ctx, a.ID, MoveInput{To: "resolved", On: "2025-06-12", Note: "州自然资源局调剂指标12亩"}))
		if a.Status != StatusResolved || a.ResolvedOn.String() != "2025-06-12" || a.Resolution != "州自然资源局调剂指标12亩" {
			t.Fatalf("resolved: %+v", a)
		}
		_, err = f.svc.Update(ctx, a.ID, a.Input())
		wantValidation(t, err, "status", keyClosed)
		_, err = f.svc.Move(ctx, a.ID, MoveInput{To: "coordinating"})
		wantValidation(t, err, "status", keyBadMove)
		_, err = f.svc.Move(ctx, a.ID, MoveInput{To: "reopened"})
		wantValidation(t, err, "to", keyStatus)
		h := must(f.svc.History(ctx, a.ID))
		want := []Status{StatusPending, StatusCoordinating, StatusEscalated, StatusResolved}
		if len(h) != len(want) {
			t.Fatalf("history %+v", h)
		}
		for k, st := range want {
			if h[k].To != st {
				t.Fatalf("history[%d] = %s, want %s", k, h[k].To, st)
			}
		}
		if h[2].Level != LevelPrefecture || h[3].Note != "州自然资源局调剂指标12亩" || h[1].Actor != "county652327" {
			t.Fatalf("history details %+v", h)
		}
		// create, update, three moves.
		if n := auditCount(t, d); n != 5 {
			t.Fatalf("audit records = %d, want 5", n)
		}
	})
}

// Overdue from the deadline in China time: due 2025-06-30, in time until
// the end of that day in Changji (2025-06-30 16:00 UTC).
func TestOverdueOnRead(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := countyCtx("652327")
		a := must(f.svc.Create(ctx, f.in()))
		f.now = time.Date(2025, 6, 30, 23, 59, 0, 0, cst)
		if got := must(f.svc.Get(ctx, a.ID)); got.OverdueDays != 0 {
			t.Fatalf("on the deadline day: %d days overdue", got.OverdueDays)
		}
		f.now = time.Date(2025, 7, 1, 0, 1, 0, 0, cst) // 2025-06-30 16:01 UTC
		if got := must(f.svc.Get(ctx, a.ID)); got.OverdueDays != 1 {
			t.Fatalf("the day after: %d days overdue, want 1", got.OverdueDays)
		}
		items, n := must2(f.svc.List(ctx, Filter{OverdueOnly: true}))
		if n != 1 || items[0].ID != a.ID {
			t.Fatalf("overdue list: %d", n)
		}
	})
}

// Concurrent creators each get their own notice number, 1…n without gaps,
// on both engines.
func TestConcurrentNoticeNumbers(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		const n = 8
		errc := make(chan error, n)
		nos := make(chan string, n)
		for k := 0; k < n; k++ {
			go func() {
				i, err := f.svc.Create(bureauCtx(), f.in())
				errc <- err
				nos <- i.NoticeNo
			}()
		}
		seen := map[string]bool{}
		for k := 0; k < n; k++ {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
			seen[<-nos] = true
		}
		for k := 1; k <= n; k++ {
			if no := NoticeNumber("昌州项目督", 2025, k); !seen[no] {
				t.Fatalf("%s not given; got %v", no, seen)
			}
		}
	})
}

// A project with problems on record is not deleted (package projects
// refuses the delete when the foreign key objects).
func TestProjectWithIssuesIsKept(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_ = must(f.svc.Create(bureauCtx(), f.in()))
		err := f.proj.DeleteProject(bureauCtx(), f.projJ.ID)
		if _, ok := errs.AsValidation(err); !ok {
			t.Fatalf("delete of a project with an item: %v, want a validation error", err)
		}
		if _, err := f.proj.GetProject(bureauCtx(), f.projJ.ID); err != nil {
			t.Fatal(err)
		}
	})
}

// A county keeps a prefecture unit and leader the bureau chose when it
// edits the item, though the registry shows the county neither.
func TestCountyEditKeepsPrefectureUnit(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		other := must(f.reg.CreatePerson(sysCtx(), registryPerson("李处长")))
		in := f.in()
		in.ResponsibleOrgID, in.LeaderPersonID = f.gov.ID, other.ID
		a := must(f.svc.Create(bureauCtx(), in))
		county := countyCtx("652327")
		// The county cannot pick the prefecture unit itself …
		_, err := f.svc.Create(county, IssueInput{ProjectID: f.projJ.ID, Category: "land", Description: "x", Deadline: "2025-06-30",
			ResponsibleOrgID: f.gov.ID})
		wantValidation(t, err, "responsible_org_id", keyOrgUnknown)
		// … but keeps it on an edit.
		edit := a.Input()
		edit.Measures = "县自然资源局配合州发改委"
		b := must(f.svc.Update(county, a.ID, edit))
		if b.ResponsibleOrgID != f.gov.ID || b.ResponsibleUnit != "昌吉州发展和改革委员会" || b.LeaderPersonID != other.ID || b.Measures != edit.Measures {
			t.Fatalf("after the county's edit %+v", b)
		}
	})
}
