package projects

import (
	"context"
	"math/big"
	"sort"
	"time"
)

// Dispatch is the dispatch table (调度表) of a list at month m, one row per
// project, county, park, cluster or for the whole prefecture: plan,
// completed investment on both bases, completion against 序时进度, 开工率
// and the count of each light. Sums are of integers; rates are computed
// from the sums, as official tables compute a county's rate.
func (s *Service) Dispatch(ctx context.Context, listID int64, m Month, group DispatchGroup) ([]DispatchRow, error) {
	if group == GroupProject {
		return s.dispatchRows(ctx, listID, m, group)
	}
	return dispatchTotals(ctx, s.d.Read(), listID, m, group)
}

// dispatchRows computes the table in Go from every item's measures: the
// reference implementation, used for the per-project table (which needs
// every project anyway) and, in tests, to check dispatchTotals.
func (s *Service) dispatchRows(ctx context.Context, listID int64, m Month, group DispatchGroup) ([]DispatchRow, error) {
	c := s.d.Read()
	st, err := loadListOf(ctx, c, listID, 0, m, false, group == GroupProject)
	if err != nil {
		return nil, err
	}
	st.basis.skipES = true
	ls, err := lights(ctx, c, listID, m, 0)
	if err != nil {
		return nil, err
	}
	colour := map[int64]Colour{}
	for _, l := range ls {
		colour[l.ProjectID] = l.Colour
	}
	rows := map[string]*DispatchRow{}
	var order []string
	add := func(key, name string, it ListItem, p Project, ms Measure) {
		r, ok := rows[key]
		if !ok {
			r = &DispatchRow{Key: key, Name: name}
			rows[key] = r
			order = append(order, key)
		}
		r.Projects++
		r.AnnualPlan += it.AnnualPlan
		r.YearToDate += ms.YearToDate
		r.StatsToDate += ms.StatsToDate
		planned := it.PlannedStart
		if planned == 0 {
			planned = p.PlannedStart
		}
		if planned.Year() == st.list.Year {
			r.PlannedStarts++
			if p.StartMonth != 0 && m.Since(p.StartMonth) >= 0 {
				r.Started++
			}
		}
		switch colour[p.ID] {
		case Red:
			r.Red++
		case Yellow:
			r.Yellow++
		case Green:
			r.Green++
		}
		if group == GroupProject {
			r.Colour, r.SPIPlan, r.SPICurve = colour[p.ID], ms.SPIPlan, ms.SPICurve
		}
	}
	for _, it := range st.items {
		p, ok := st.projects[it.ProjectID]
		if !ok {
			continue
		}
		ms := measure(it, p, st.data[it.ProjectID], st.basis, st.list.Year, m.Num())
		switch group {
		case GroupProject:
			add(idStr(p.ID), p.Name, it, p, ms)
		case GroupCounty:
			add(p.DivisionCode, p.DivisionName, it, p, ms)
		case GroupPark:
			add(idStr(p.ParkID), p.ParkName, it, p, ms)
		case GroupCluster:
			if len(p.Clusters) == 0 {
				add("0", "", it, p, ms)
			}
			// A project tagged with two clusters counts in both rows; the
			// whole-prefecture row counts it once.
			for _, cl := range p.Clusters {
				add(idStr(cl.ID), cl.Name+" · "+cl.TaxonomyName+" "+cl.TaxonomyVersion, it, p, ms)
			}
		default:
			add("all", "", it, p, ms)
		}
	}
	out := make([]DispatchRow, 0, len(order))
	for _, k := range order {
		r := rows[k]
		r.Completion = Percent(CompletionRate(r.YearToDate, r.AnnualPlan), pctDigits)
		r.Schedule = Percent(ScheduleProgress(m.Num()), pctDigits)
		r.GapPP = Round(ScheduleGapPP(r.YearToDate, r.AnnualPlan, m.Num()), pctDigits)
		r.StartRate = Percent(Rate(r.Started, r.PlannedStarts), pctDigits)
		out = append(out, *r)
	}
	if group != GroupProject {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	}
	return out, nil
}

// SeriesPoint is one month of a completion-against-plan chart.
type SeriesPoint struct {
	Month      Month  `json:"month"`
	YearToDate Amount `json:"year_to_date"` // A_m, physical basis
	Stats      Amount `json:"stats_to_date"`
	PVPlan     Amount `json:"pv_plan"`  // from the monthly plans (frozen baseline where adopted)
	PVCurve    Amount `json:"pv_curve"` // from the list's seasonal curve, rounded down to 0.01万元
	Linear     Amount `json:"linear"`   // annual plan × m/12 (序时进度), rounded down
}

// Series is the monthly completion of a list's visible items (one project
// if projectID is set) against the plan, the seasonal curve and linear
// 序时进度, January to month m: the chart of the dispatch and project pages.
func (s *Service) Series(ctx context.Context, listID, projectID int64, m Month) ([]SeriesPoint, error) {
	st, err := loadList(ctx, s.d.Read(), listID, projectID, m, false)
	if err != nil {
		return nil, err
	}
	out := make([]SeriesPoint, m.Num())
	for k := 1; k <= m.Num(); k++ {
		pt := &out[k-1]
		pt.Month = MonthOf(st.list.Year, time.Month(k))
		for _, it := range st.items {
			p, ok := st.projects[it.ProjectID]
			if !ok {
				continue
			}
			ms := measure(it, p, st.data[it.ProjectID], st.basis, st.list.Year, k)
			pt.YearToDate += ms.YearToDate
			pt.Stats += ms.StatsToDate
			monthly := it.Monthly
			if len(it.BaselineMonthly) == 12 {
				monthly = it.BaselineMonthly
			}
			pt.PVPlan += PlanPV(monthly, k)
			if pv := CurvePV(it.AnnualPlan, st.basis.curve.Weights, k); pv != nil {
				pt.PVCurve += floorAmount(pv)
			}
			pt.Linear += floorAmount(new(big.Rat).Mul(big.NewRat(int64(it.AnnualPlan), 1), ScheduleProgress(k)))
		}
	}
	return out, nil
}

// floorAmount rounds a rational amount down to the unit (0.01万元).
func floorAmount(r *big.Rat) Amount {
	q := new(big.Int).Quo(r.Num(), r.Denom())
	return Amount(q.Int64())
}
