package escalation

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

func day(s string) db.Date {
	if s == "" {
		return db.Date{}
	}
	d, err := db.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The workflow of projects.md §2.7: raised → 交办 → coordinated → 销号 or
// escalation; 已解决 is final (a returning problem is a new item).
func TestCanMove(t *testing.T) {
	all := Statuses()
	want := map[[2]Status]bool{
		{StatusPending, StatusCoordinating}:   true, // 交办
		{StatusPending, StatusEscalated}:      true, // beyond the county's power from the start
		{StatusPending, StatusResolved}:       true, // solved on the spot at the meeting
		{StatusCoordinating, StatusEscalated}: true,
		{StatusCoordinating, StatusResolved}:  true, // 销号
		{StatusEscalated, StatusEscalated}:    true, // further up (州 → 自治区)
		{StatusEscalated, StatusCoordinating}: true, // the higher level hands it back
		{StatusEscalated, StatusResolved}:     true,
	}
	for _, from := range all {
		for _, to := range all {
			if got := CanMove(from, to); got != want[[2]Status{from, to}] {
				t.Errorf("CanMove(%s, %s) = %v", from, to, got)
			}
		}
	}
}

func TestStatusOpen(t *testing.T) {
	for s, want := range map[Status]bool{StatusPending: true, StatusCoordinating: true, StatusEscalated: true, StatusResolved: false, "closed": false} {
		if got := s.Open(); got != want {
			t.Errorf("%s.Open() = %v, want %v", s, got, want)
		}
	}
}

// CheckMove at each rule's edge. Expected keys are the catalog keys of the
// rules stated in the issue ("closing without a resolution note" is bad
// input) and in status.go.
func TestCheckMove(t *testing.T) {
	base := Move{From: StatusCoordinating, To: StatusResolved, On: day("2025-06-10"), Last: day("2025-06-01"),
		Today: day("2025-06-15"), Note: "土地指标已落实", Current: LevelCounty, HasUnit: true}
	cases := []struct {
		name  string
		edit  func(m *Move)
		field string // "" = allowed
		key   string
	}{
		{"resolve with a note", func(m *Move) {}, "", ""},
		{"resolve without a note", func(m *Move) { m.Note = "" }, "note", keyNoteRequired},
		{"on the day of the last change", func(m *Move) { m.On = day("2025-06-01") }, "", ""},
		{"one day before the last change", func(m *Move) { m.On = day("2025-05-31") }, "on", keyBeforeLast},
		{"today", func(m *Move) { m.On = day("2025-06-15") }, "", ""},
		{"tomorrow", func(m *Move) { m.On = day("2025-06-16") }, "on", keyFuture},
		{"no day", func(m *Move) { m.On = db.Date{} }, "on", keyDateRequired},
		{"resolved is final", func(m *Move) { m.From = StatusResolved; m.To = StatusCoordinating }, "status", keyBadMove},
		{"coordinating cannot go back to pending", func(m *Move) { m.To = StatusPending }, "status", keyBadMove},
		{"escalate county → prefecture", func(m *Move) { m.To = StatusEscalated; m.Level = LevelPrefecture }, "", ""},
		{"escalate without a level", func(m *Move) { m.To = StatusEscalated; m.Level = "" }, "level", keyLevelRequired},
		{"escalate to an unknown level", func(m *Move) { m.To = StatusEscalated; m.Level = "province" }, "level", keyLevelRequired},
		{"escalate to the same level", func(m *Move) { m.To = StatusEscalated; m.Level = LevelCounty }, "level", keyLevelNotUp},
		{"escalate prefecture → region", func(m *Move) {
			m.From, m.To, m.Current, m.Level = StatusEscalated, StatusEscalated, LevelPrefecture, LevelRegion
		}, "", ""},
		{"escalate region → prefecture is down", func(m *Move) {
			m.From, m.To, m.Current, m.Level = StatusEscalated, StatusEscalated, LevelRegion, LevelPrefecture
		}, "level", keyLevelNotUp},
		{"交办 with a unit", func(m *Move) { m.From, m.To = StatusPending, StatusCoordinating }, "", ""},
		{"交办 without a unit", func(m *Move) { m.From, m.To, m.HasUnit = StatusPending, StatusCoordinating, false }, "responsible_unit", keyUnitRequired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := base
			c.edit(&m)
			v := CheckMove(m)
			if c.field == "" {
				if v != nil {
					t.Fatalf("want allowed, got %v", v.Fields)
				}
				return
			}
			if v == nil {
				t.Fatalf("want %s: %s, got allowed", c.field, c.key)
			}
			for _, f := range v.Fields {
				if f.Field == c.field && f.Key == c.key {
					return
				}
			}
			t.Fatalf("want %s: %s, got %v", c.field, c.key, v.Fields)
		})
	}
}

// Overdue days: the deadline day is in time (a 时限 "by 6-30" includes
// 6-30); counted in calendar days; a problem resolved by asOf is not
// overdue. Values are plain calendar arithmetic.
func TestOverdueDays(t *testing.T) {
	cases := []struct {
		deadline, resolved, asOf string
		want                     int
	}{
		{"2025-06-30", "", "2025-06-29", 0},
		{"2025-06-30", "", "2025-06-30", 0},           // the deadline day itself
		{"2025-06-30", "", "2025-07-01", 1},           // first day late
		{"2025-06-30", "", "2025-07-31", 31},          // July has 31 days
		{"2024-02-28", "", "2024-03-01", 2},           // 2024 is a leap year: 02-29 between
		{"2025-06-30", "2025-07-05", "2025-07-31", 0}, // resolved (late) before the meeting day
		{"2025-06-30", "2025-07-05", "2025-07-05", 0}, // resolved that very day
		{"2025-06-30", "2025-07-05", "2025-07-04", 4}, // still open on the 4th
		{"", "", "2025-07-04", 0},                     // no deadline, never overdue
	}
	for _, c := range cases {
		if got := OverdueDays(day(c.deadline), day(c.resolved), day(c.asOf)); got != c.want {
			t.Errorf("OverdueDays(%s, %q, %s) = %d, want %d", c.deadline, c.resolved, c.asOf, got, c.want)
		}
	}
	if !ResolvedLate(day("2025-06-30"), day("2025-07-01")) || ResolvedLate(day("2025-06-30"), day("2025-06-30")) {
		t.Error("ResolvedLate: 07-01 is late for 06-30, 06-30 is not")
	}
}

// Today is China's calendar day: 2025-06-30 16:30 UTC is 07-01 00:30 in
// Changji (UTC+8), so a deadline of 06-30 has passed there.
func TestTodayChinaTime(t *testing.T) {
	cases := []struct {
		utc  time.Time
		want string
	}{
		{time.Date(2025, 6, 30, 15, 59, 59, 0, time.UTC), "2025-06-30"},
		{time.Date(2025, 6, 30, 16, 0, 0, 0, time.UTC), "2025-07-01"},
	}
	for _, c := range cases {
		if got := Today(c.utc).String(); got != c.want {
			t.Errorf("Today(%s) = %s, want %s", c.utc, got, c.want)
		}
	}
}

// 发文字号 per GB/T 9704-2012 §7.2.4: full year in 〔〕, sequence without
// leading zeros or 第, then 号.
func TestNoticeNumber(t *testing.T) {
	cases := []struct {
		prefix    string
		year, seq int
		want      string
	}{
		{"昌州项目督", 2025, 7, "昌州项目督〔2025〕7号"},
		{"昌州项目督", 2025, 12, "昌州项目督〔2025〕12号"},
		{"昌州项目督", 2025, 0, ""}, // not numbered yet
	}
	for _, c := range cases {
		if got := NoticeNumber(c.prefix, c.year, c.seq); got != c.want {
			t.Errorf("NoticeNumber(%q, %d, %d) = %q, want %q", c.prefix, c.year, c.seq, got, c.want)
		}
	}
}

// A monthly meeting looks at the last day of the month, or today while the
// month runs. Month lengths from the Gregorian calendar.
func TestMeetingDay(t *testing.T) {
	cases := []struct {
		year  int
		month time.Month
		today string
		want  string
	}{
		{2025, time.June, "2025-07-03", "2025-06-30"},
		{2025, time.June, "2025-06-30", "2025-06-30"},
		{2025, time.June, "2025-06-05", "2025-06-05"},
		{2024, time.February, "2025-01-01", "2024-02-29"}, // leap year
		{2025, time.February, "2025-03-01", "2025-02-28"},
	}
	for _, c := range cases {
		if got := MeetingDay(c.year, c.month, day(c.today)).String(); got != c.want {
			t.Errorf("MeetingDay(%d-%02d, %s) = %s, want %s", c.year, c.month, c.today, got, c.want)
		}
	}
}
