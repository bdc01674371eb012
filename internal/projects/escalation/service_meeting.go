package escalation

import (
	"context"
	"sort"
	"time"

	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
)

// Meeting returns the monthly dispatch meeting's view (月度调度会) of month
// m within the principal's scope: the items open on the meeting day (the
// month's last day, or today while it runs) and which of them are
// overdue, the month's new and resolved items, with counts by county and
// by responsible unit.
func (s *Service) Meeting(ctx context.Context, m projects.Month) (Meeting, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Meeting{}, err
	}
	if !m.Valid() {
		return Meeting{}, errs.Invalid("month", "escalation.error.month")
	}
	first, _ := monthBounds(m.Year(), time.Month(m.Num()))
	day := MeetingDay(m.Year(), time.Month(m.Num()), s.today())
	out := Meeting{Month: m.String(), Day: Date{Date: day}, Open: []Issue{}, Resolved: []Issue{}}
	if day.Before(first.Time) {
		// A month that has not begun has nothing to show yet.
		out.Day = Date{Date: first}
		out.ByCounty, out.ByUnit = []Group{}, []Group{}
		return out, nil
	}
	c := s.d.Read()
	items, err := meetingIssues(ctx, c, pr, first, day)
	if err != nil {
		return Meeting{}, err
	}
	set, err := readSettings(ctx, c)
	if err != nil {
		return Meeting{}, err
	}
	counties, units := map[string]*Group{}, map[string]*Group{}
	group := func(idx map[string]*Group, key, name string) *Group {
		g := idx[key]
		if g == nil {
			g = &Group{Key: key, Name: name}
			idx[key] = g
		}
		return g
	}
	for _, i := range items {
		s.decorate(&i, set, day)
		open := i.ResolvedOn.IsZero() || i.ResolvedOn.After(day.Time)
		fresh := !i.RaisedOn.Before(first.Time)
		resolved := !open
		unitKey := "none"
		switch {
		case i.ResponsibleOrgID != 0:
			unitKey = "org:" + idStr(i.ResponsibleOrgID)
		case i.ResponsibleUnit != "":
			unitKey = "text:" + i.ResponsibleUnit
		}
		for _, g := range []*Group{&out.Total, group(counties, i.DivisionCode, i.DivisionName), group(units, unitKey, i.ResponsibleUnit)} {
			if open {
				g.Open++
				if i.Overdue() {
					g.Overdue++
				}
			}
			if fresh {
				g.New++
			}
			if resolved {
				g.Resolved++
			}
		}
		if open {
			// Status is today's: an item of a past month's view may read
			// 已解决 now, having been resolved after the meeting day.
			out.Open = append(out.Open, i)
		} else {
			out.Resolved = append(out.Resolved, i)
		}
	}
	out.ByCounty, out.ByUnit = sortGroups(counties, false), sortGroups(units, true)
	sort.SliceStable(out.Open, func(a, b int) bool { return out.Open[a].OverdueDays > out.Open[b].OverdueDays })
	return out, nil
}

// sortGroups orders counties by code (the order of the official tables)
// and units by most overdue, then most open, then name.
func sortGroups(idx map[string]*Group, byWeight bool) []Group {
	out := make([]Group, 0, len(idx))
	for _, g := range idx {
		out = append(out, *g)
	}
	sort.Slice(out, func(a, b int) bool {
		x, y := out[a], out[b]
		if byWeight {
			if x.Overdue != y.Overdue {
				return x.Overdue > y.Overdue
			}
			if x.Open != y.Open {
				return x.Open > y.Open
			}
			return x.Name < y.Name
		}
		return x.Key < y.Key
	})
	return out
}
