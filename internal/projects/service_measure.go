package projects

import (
	"context"
	"errors"
	"math/big"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Printed precision: official dispatch tables print percentages and
// percentage points to one decimal, SPI to two.
const (
	pctDigits = 1
	spiDigits = 2
)

// measure computes a list item's figures at month k (1–12) of the list's
// year from its year data. The annual plan is the current one (after any
// 年中调整, as reports state completion against the plan in force); PV
// from the monthly plan uses the frozen baseline when the item has one
// (domain reference §2.6), else the current monthly plan.
func measure(it ListItem, p Project, d *yearData, b basis, year, k int) Measure {
	cv := b.curve
	m := MonthOf(year, time.Month(k))
	ms := Measure{ProjectID: p.ID, ListID: it.ListID, Month: m, AnnualPlan: it.AnnualPlan, Figures: Figures{}}
	if d == nil {
		d = &yearData{}
		for i := range d.pct {
			d.pct[i] = -1
		}
	}
	pct := -1
	for i := 0; i < k; i++ {
		ms.YearToDate += d.physical[i]
		ms.StatsToDate += d.stats[i]
		if d.pct[i] >= 0 {
			pct = d.pct[i]
		}
	}
	ms.MonthAmount, ms.Reported = d.physical[k-1], d.reported[k-1]
	ms.Cumulative = p.PriorCompleted + d.before + ms.YearToDate
	f := ms.Figures
	hundred := big.NewRat(100, 1)
	if rate := CompletionRate(ms.YearToDate, it.AnnualPlan); rate != nil {
		f[MetricCompletion] = new(big.Rat).Mul(rate, hundred)
		f[MetricGapPP] = ScheduleGapPP(ms.YearToDate, it.AnnualPlan, k)
		f[MetricGapRelative] = ScheduleGapRelative(ms.YearToDate, it.AnnualPlan, k)
	}
	ms.Completion = Round(f[MetricCompletion], pctDigits)
	ms.Schedule = Percent(ScheduleProgress(k), pctDigits)
	ms.GapPP = Round(f[MetricGapPP], pctDigits)
	monthly := it.Monthly
	if len(it.BaselineMonthly) == 12 {
		monthly = it.BaselineMonthly
	}
	if len(monthly) == 12 {
		pv := big.NewRat(int64(PlanPV(monthly, k)), 1)
		ms.PVPlan = Round(new(big.Rat).Quo(pv, hundred), 2)
		if spi := SPI(ms.YearToDate, pv); spi != nil {
			f[MetricSPIPlan] = spi
		}
	}
	if it.AnnualPlan > 0 {
		pv := CurvePV(it.AnnualPlan, cv.Weights, k)
		if pv != nil {
			ms.PVCurve = Round(new(big.Rat).Quo(pv, hundred), 2)
		}
		if spi := SPI(ms.YearToDate, pv); spi != nil {
			f[MetricSPICurve] = spi
		}
	}
	ev := big.NewRat(int64(ms.YearToDate), 1)
	if len(monthly) == 12 && !b.skipES {
		cum := make([]*big.Rat, 12)
		for i := range cum {
			cum[i] = big.NewRat(int64(PlanPV(monthly, i+1)), 1)
		}
		if v := SPIt(EarnedSchedule(ev, cum), k); v != nil {
			f[MetricSPITPlan] = v
		}
	}
	if it.AnnualPlan > 0 && !b.skipES {
		cum := make([]*big.Rat, 12)
		for i := range cum {
			cum[i] = CurvePV(it.AnnualPlan, cv.Weights, i+1)
		}
		if cum[11] != nil {
			if v := SPIt(EarnedSchedule(ev, cum), k); v != nil {
				f[MetricSPITCurve] = v
			}
		}
	}
	ms.SPIPlan, ms.SPICurve = Round(f[MetricSPIPlan], spiDigits), Round(f[MetricSPICurve], spiDigits)
	ms.SPITPlan, ms.SPITCurve = Round(f[MetricSPITPlan], spiDigits), Round(f[MetricSPITCurve], spiDigits)
	planned := it.PlannedStart
	if planned == 0 {
		planned = p.PlannedStart
	}
	started := p.StartMonth != 0 && m.Since(p.StartMonth) >= 0
	ms.StartOverdue = StartOverdue(planned, started, m)
	if planned != 0 || started {
		f[MetricStartOverdue] = big.NewRat(int64(ms.StartOverdue), 1)
	}
	// Only projects above the statistics threshold are enrolled (入库) at
	// all ("先入库，后有数" applies from 500万, domain reference §2.3); a
	// project without a total yet is held to it.
	if started && (p.TotalInvestment == 0 || p.TotalInvestment >= b.enrolFrom) {
		ms.EnrolmentLag = EnrolmentLag(p.StartMonth, p.EnrolledMonth, m)
		f[MetricEnrolmentLag] = big.NewRat(int64(ms.EnrolmentLag), 1)
	}
	if pct >= 0 {
		f[MetricPhysicalPct] = big.NewRat(int64(pct), 1)
	}
	if ms.YearToDate > 0 {
		f[MetricStatsShortfall] = big.NewRat(int64(ms.YearToDate-ms.StatsToDate)*100, int64(ms.YearToDate))
	}
	return ms
}

// figureStrings writes exact figures as decimals to 4 places for storage.
func figureStrings(f Figures) map[string]string {
	out := map[string]string{}
	for k, v := range f {
		if v != nil {
			out[string(k)] = v.FloatString(4)
		}
	}
	return out
}

// basis is what every item's measures share: the list's seasonal curve
// and the statistics enrolment threshold in force.
type basis struct {
	curve     Curve
	enrolFrom Amount
	// skipES leaves out the earned schedule, which the dispatch table does
	// not show (24 rational sums a project, for 20,000 projects).
	skipES bool
}

// listState is a list with what its measures need, loaded once.
type listState struct {
	list     AnnualList
	basis    basis
	items    []ListItem
	projects map[int64]Project
	data     map[int64]*yearData
}

func loadList(ctx context.Context, c db.Conn, listID, projectID int64, m Month, withBefore bool) (*listState, error) {
	return loadListOf(ctx, c, listID, projectID, m, withBefore, true)
}

// loadListOf is loadList, without monthly plans unless withMonths.
func loadListOf(ctx context.Context, c db.Conn, listID, projectID int64, m Month, withBefore, withMonths bool) (*listState, error) {
	l, err := getList(ctx, c, listID)
	if err != nil {
		return nil, err
	}
	if m.Year() != l.Year || !m.Valid() {
		return nil, errs.Invalid("month", keyBadMonth)
	}
	st := &listState{list: l, projects: map[int64]Project{}}
	if st.basis.curve, err = curveOf(ctx, c, l.CurveID); err != nil {
		return nil, err
	}
	if st.basis.enrolFrom, err = enrolmentThreshold(ctx, c); err != nil {
		return nil, err
	}
	if st.items, err = itemsOf(ctx, c, listID, projectID, false, withMonths); err != nil {
		return nil, err
	}
	f := ProjectFilter{ListID: listID, Limit: -1}
	var ps []Project
	if projectID != 0 {
		p, err := getProject(ctx, c, projectID)
		if err != nil {
			return nil, err
		}
		ps = []Project{p}
	} else if ps, _, err = listProjects(ctx, c, f); err != nil {
		return nil, err
	}
	for _, p := range ps {
		st.projects[p.ID] = p
	}
	st.data, err = reportData(ctx, c, listID, projectID, m, withBefore)
	return st, err
}

// Measures returns every visible item's measures on a list at month m.
func (s *Service) Measures(ctx context.Context, listID int64, m Month) ([]Measure, error) {
	st, err := loadList(ctx, s.d.Read(), listID, 0, m, true)
	if err != nil {
		return nil, err
	}
	out := make([]Measure, 0, len(st.items))
	for _, it := range st.items {
		p, ok := st.projects[it.ProjectID]
		if !ok {
			continue
		}
		out = append(out, measure(it, p, st.data[it.ProjectID], st.basis, st.list.Year, m.Num()))
	}
	return out, nil
}

// verdict evaluates an item's months 1..k with the rule set, so that
// persistence rules see the months before.
func verdict(rs RuleSet, it ListItem, p Project, d *yearData, b basis, year, k int) (Verdict, Measure) {
	history := make([]Figures, 0, k)
	var last Measure
	for i := 1; i <= k; i++ {
		last = measure(it, p, d, b, year, i)
		history = append(history, last.Figures)
	}
	return Evaluate(rs.Rules, history), last
}

// lightsFor computes and stores the lights of the loaded items at month m.
func (s *Service) lightsFor(ctx context.Context, c db.Conn, st *listState, m Month) (map[Colour]int, error) {
	counts := map[Colour]int{}
	rs, err := ruleSetFor(ctx, c, st.list, m)
	if errors.Is(err, errNoRuleSet) {
		return counts, nil // nothing to judge by: no lights, rather than invented ones
	}
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	for _, it := range st.items {
		p, ok := st.projects[it.ProjectID]
		if !ok {
			continue
		}
		v, ms := verdict(rs, it, p, st.data[it.ProjectID], st.basis, st.list.Year, m.Num())
		counts[v.Colour]++
		l := Light{ProjectID: p.ID, ListID: st.list.ID, Month: m, Colour: v.Colour, RuleSetID: rs.ID, Findings: v.Findings,
			Figures: figureStrings(ms.Figures), ComputedAt: now}
		if err := storeLight(ctx, c, p, l); err != nil {
			return nil, err
		}
	}
	return counts, nil
}

// ComputeLights computes and stores the lights of a list's visible items
// at month m, each with its rule set, findings and figures, and returns
// how many of each colour.
func (s *Service) ComputeLights(ctx context.Context, listID int64, m Month) (map[Colour]int, error) {
	if _, err := editor(ctx); err != nil {
		return nil, err
	}
	var counts map[Colour]int
	err := s.d.Tx(ctx, func(c db.Conn) error {
		st, err := loadList(ctx, c, listID, 0, m, false)
		if err != nil {
			return err
		}
		if counts, err = s.lightsFor(ctx, c, st, m); err != nil {
			return err
		}
		return audit.Write(ctx, c, audit.Change{Action: "lights", ObjectType: ObjectList, ObjectID: idStr(listID), Division: st.list.DivisionCode,
			After: map[string]any{"month": m, "counts": counts}})
	})
	return counts, err
}

// refreshLights recomputes a project's lights after a report for month m:
// on every list of that year holding it, for m and every later month
// already computed (their cumulative figures changed too).
func (s *Service) refreshLights(ctx context.Context, c db.Conn, projectID int64, m Month) error {
	rows, err := c.Query(ctx, `SELECT i.list_id FROM projects_list_items i JOIN projects_lists l ON l.id = i.list_id
		WHERE i.project_id = ? AND i.removed = FALSE AND l.year = ?`, projectID, m.Year())
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	for _, id := range ids {
		later, err := storedLightMonths(ctx, c, id, projectID, m)
		if err != nil {
			return err
		}
		for _, mm := range append([]Month{m}, later...) {
			st, err := loadList(ctx, c, id, projectID, mm, false)
			if err != nil {
				return err
			}
			if _, err := s.lightsFor(ctx, c, st, mm); err != nil {
				return err
			}
		}
	}
	return nil
}

// Lights returns the stored lights of a list (0: every list) at month m
// (0: every month), for one project if projectID is set, within the
// caller's scope.
func (s *Service) Lights(ctx context.Context, listID int64, m Month, projectID int64) ([]Light, error) {
	return lights(ctx, s.d.Read(), listID, m, projectID)
}

// Curves returns the seasonal planned-value curves.
func (s *Service) Curves(ctx context.Context) ([]Curve, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return curves(ctx, s.d.Read())
}

// RuleSets returns every rule set with its rules.
func (s *Service) RuleSets(ctx context.Context) ([]RuleSet, error) {
	if _, err := reader(ctx); err != nil {
		return nil, err
	}
	return listRuleSets(ctx, s.d.Read())
}

func validationMonth() error { return errs.Invalid("month", keyBadMonth) }
