package attraction

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
	"github.com/changji-gov/bogda/internal/projects"
)

func auditCount(t *testing.T, d *db.DB, objectType string) int {
	t.Helper()
	var n int
	if err := d.Read().QueryRow(sysCtx(), `SELECT COUNT(*) FROM audit_log WHERE object_type = ?`, objectType).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLeadLifecycle(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		lm := f.leadM(t)
		if lm.DivisionCode != "652328" || lm.ParkName != "木垒工业园区" || lm.Stage != StageClue || lm.TaxonomyVersion != "2022" ||
			lm.Planned != projects.Wan(100000) || lm.StageOn.String() != "2025-01-10" {
			t.Fatalf("lead placed wrong: %+v", lm)
		}

		// Bad input changes nothing and says why.
		for _, c := range []struct {
			name       string
			in         LeadInput
			field, key string
		}{
			{"no name", LeadInput{InvestorName: "x", Ownership: "private", DivisionCode: "652328"}, "name", keyRequired},
			{"bad ownership", LeadInput{Name: "x", InvestorName: "x", Ownership: "state", DivisionCode: "652328"}, "ownership", keyBadChoice},
			{"negative amount", LeadInput{Name: "x", InvestorName: "x", Ownership: "private", DivisionCode: "652328", Planned: "-1"}, "planned_investment", projects.AmountNegative},
			{"park elsewhere", LeadInput{Name: "x", InvestorName: "x", Ownership: "private", DivisionCode: "652301", ParkID: f.parkM.ID}, "park_id", keyParkElsewhere},
			{"unknown county", LeadInput{Name: "x", InvestorName: "x", Ownership: "private", DivisionCode: "652399"}, "division_code", keyDivisionUnknown},
			{"unknown cluster", LeadInput{Name: "x", InvestorName: "x", Ownership: "private", DivisionCode: "652328", ClusterID: 9999}, "cluster_id", keyClusterUnknown},
			{"signed without signing", LeadInput{Name: "x", InvestorName: "x", Ownership: "private", DivisionCode: "652328", Stage: "signed"}, "stage", keyStageUnsigned},
			{"future date", LeadInput{Name: "x", InvestorName: "x", Ownership: "private", DivisionCode: "652328", StageOn: "2025-06-16"}, "stage_on", keyFutureDate},
		} {
			_, err := f.svc.CreateLead(ctx, c.in)
			wantValidation(t, err, c.field, c.key)
		}
		if _, n, _ := f.svc.ListLeads(ctx, LeadFilter{}); n != 1 {
			t.Fatalf("bad input created leads: %d", n)
		}

		// Forward only; a signing moves it to 签约 on the signing day.
		_, err := f.svc.Advance(ctx, lm.ID, StageInput{Stage: "signed", On: "2025-03-01"})
		wantValidation(t, err, "stage", keyStageUnsigned)
		must(f.svc.Advance(ctx, lm.ID, StageInput{Stage: "negotiate", On: "2025-02-01"}))
		_, err = f.svc.Advance(ctx, lm.ID, StageInput{Stage: "assess", On: "2025-02-02"})
		wantValidation(t, err, "stage", keyStageBackward)
		_, err = f.svc.Advance(ctx, lm.ID, StageInput{Stage: "landed", On: "2025-01-31"})
		wantValidation(t, err, "on", keyBeforeStage)
		_, err = f.svc.AddSigning(ctx, lm.ID, SigningInput{Kind: "increase", SignedOn: "2025-03-01", Amount: "10"})
		wantValidation(t, err, "kind", keySignFirstKind)
		_, err = f.svc.AddFund(ctx, lm.ID, FundInput{ArrivedOn: "2025-03-01", Amount: "10"})
		wantValidation(t, err, "amount", keyFundUnsigned)
		_, err = f.svc.AddSigning(ctx, lm.ID, SigningInput{Kind: "framework", SignedOn: "2025-01-31", Amount: "100000"})
		wantValidation(t, err, "signed_on", keyBeforeStage) // before 在谈 (2025-02-01)
		must(f.svc.AddSigning(ctx, lm.ID, SigningInput{Kind: "framework", SignedOn: "2025-03-01", Amount: "100000", ContractNo: "MLKJ-2025-01"}))
		must(f.svc.AddSigning(ctx, lm.ID, SigningInput{Kind: "contract", SignedOn: "2025-04-01", Amount: "100000"}))
		_, err = f.svc.AddSigning(ctx, lm.ID, SigningInput{Kind: "increase", SignedOn: "2025-05-01", Amount: "100000"})
		wantValidation(t, err, "amount", keySignNotAbove)
		inc := must(f.svc.AddSigning(ctx, lm.ID, SigningInput{Kind: "increase", SignedOn: "2025-05-01", Amount: "120000"}))
		if inc.Counted != projects.Wan(20000) {
			t.Fatalf("increase counted %v, want only the added 20000万", inc.Counted)
		}
		_, err = f.svc.AddFund(ctx, lm.ID, FundInput{ArrivedOn: "2025-02-28", Amount: "10"})
		wantValidation(t, err, "arrived_on", keyBeforeStage)
		_, err = f.svc.AddFund(ctx, lm.ID, FundInput{ArrivedOn: "2025-04-01", Amount: "0"})
		wantValidation(t, err, "amount", keyPositive)
		must(f.svc.AddFund(ctx, lm.ID, FundInput{ArrivedOn: "2025-04-01", Amount: "30000", Official: yes()}))
		must(f.svc.AddFund(ctx, lm.ID, FundInput{ArrivedOn: "2025-06-01", Amount: "6000", SourceProvince: "上海市", Ownership: "foreign", Official: no()}))
		must(f.svc.Advance(ctx, lm.ID, StageInput{Stage: "landed", On: "2025-05-10"}))
		must(f.svc.Advance(ctx, lm.ID, StageInput{Stage: "started", On: "2025-06-01", Note: "主厂房开工"}))

		got := must(f.svc.GetLead(ctx, lm.ID))
		var stages []Stage
		for _, h := range got.History {
			stages = append(stages, h.Stage)
		}
		if len(stages) != 5 || stages[0] != StageClue || stages[2] != StageSigned || got.History[2].On.String() != "2025-03-01" || stages[4] != StageStarted {
			t.Fatalf("history %v", got.History)
		}
		if got.Contracted != projects.Wan(120000) || got.Arrived != projects.Wan(36000) || got.FirstSignedOn.String() != "2025-03-01" ||
			len(got.Signings) != 3 || len(got.Funds) != 2 || got.Funds[0].SourceProvince != "上海市" || got.Funds[1].SourceProvince != "江苏省" ||
			got.Funds[1].Ownership != OwnPrivate {
			t.Fatalf("lead figures %+v", got)
		}

		// The rates of 2025: one signed lead, landed and started.
		r := must(f.svc.Rates(ctx, 2025, time.Time{}, ByWhole))
		if len(r) != 1 || r[0].Signed != 1 || r[0].Started != (Rate{1, 1}) || r[0].Producing != (Rate{0, 1}) ||
			r[0].Funds.String() != "30.0%" || r[0].Official != projects.Wan(30000) {
			t.Fatalf("rates %+v", r)
		}
		byPark := must(f.svc.Rates(ctx, 2025, time.Time{}, ByPark))
		if len(byPark) != 1 || byPark[0].Label != "木垒工业园区" {
			t.Fatalf("by park %+v", byPark)
		}
		// As of April: started not reached; funds 30000 of 100000.
		apr := must(f.svc.Rates(ctx, 2025, time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC), ByWhole))
		if apr[0].Started != (Rate{0, 1}) || apr[0].Funds.String() != "30.0%" {
			t.Fatalf("April %+v", apr)
		}

		// Closed is final.
		lc := f.leadC(t)
		must(f.svc.Advance(ctx, lc.ID, StageInput{Stage: "lost", On: "2025-03-01", Note: "去了外省"}))
		_, err = f.svc.Advance(ctx, lc.ID, StageInput{Stage: "signed", On: "2025-03-02"})
		wantValidation(t, err, "stage", keyStageClosed)
		counts := must(f.svc.StageCounts(ctx, LeadFilter{}))
		if counts[StageStarted] != 1 || counts[StageLost] != 1 {
			t.Fatalf("counts %v", counts)
		}
		// Every change was audited in its transaction.
		// 2 creates, 3 advances of lm, its move to 签约 by the first signing, lc lost.
		if n := auditCount(t, d, ObjectLead); n != 2+3+1+1 {
			t.Fatalf("lead audit records %d", n)
		}
		if auditCount(t, d, ObjectSigning) != 3 || auditCount(t, d, ObjectFund) != 2 {
			t.Fatal("signing/fund audit records missing")
		}
	})
}

func TestLeadScope(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		lm, lc := f.leadM(t), f.leadC(t)
		must(f.svc.AddSigning(sysCtx(), lm.ID, SigningInput{SignedOn: "2025-03-01", Amount: "100"}))
		must(f.svc.AddSigning(sysCtx(), lc.ID, SigningInput{SignedOn: "2025-03-01", Amount: "200"}))
		must(f.svc.AddFund(sysCtx(), lc.ID, FundInput{ArrivedOn: "2025-03-02", Amount: "50"}))

		// County staff of 木垒 see 木垒's lead only; the other is "not found".
		mu := countyCtx("652328")
		if ls, n, _ := f.svc.ListLeads(mu, LeadFilter{}); n != 1 || ls[0].ID != lm.ID {
			t.Fatalf("county sees %d", n)
		}
		_, err := f.svc.GetLead(mu, lc.ID)
		wantIs(t, err, errs.ErrNotFound)
		_, err = f.svc.AddFund(mu, lc.ID, FundInput{ArrivedOn: "2025-03-02", Amount: "50"})
		wantIs(t, err, errs.ErrNotFound)
		_, err = f.svc.CreateLead(mu, LeadInput{Name: "x", InvestorName: "x", Ownership: "private", DivisionCode: "652301"})
		wantValidation(t, err, "division_code", keyOutOfScope)
		if fs, n, _ := f.svc.ListFunds(mu, FundFilter{}); n != 0 || len(fs) != 0 {
			t.Fatalf("county sees other funds: %d", n)
		}
		if r := must(f.svc.Rates(mu, 2025, time.Time{}, ByWhole)); r[0].Signed != 1 || r[0].Contracted != projects.Wan(100) {
			t.Fatalf("county rates %+v", r)
		}
		// The investor enterprise sees its own lead and may not edit.
		ent := enterpriseCtx(f.orgM.ID)
		if _, n, _ := f.svc.ListLeads(ent, LeadFilter{}); n != 1 {
			t.Fatalf("enterprise sees %d", n)
		}
		_, err = f.svc.Advance(ent, lm.ID, StageInput{Stage: "landed"})
		wantIs(t, err, access.ErrForbidden)
		// Leaders read everything and edit nothing.
		if _, n, _ := f.svc.ListLeads(leaderCtx(), LeadFilter{}); n != 2 {
			t.Fatalf("leader sees %d", n)
		}
		_, err = f.svc.CreateLead(leaderCtx(), LeadInput{})
		wantIs(t, err, access.ErrForbidden)
		// Filters.
		if _, n, _ := f.svc.ListLeads(sysCtx(), LeadFilter{Q: "番茄"}); n != 1 {
			t.Fatalf("search %d", n)
		}
		if _, n, _ := f.svc.ListLeads(sysCtx(), LeadFilter{ClusterID: f.clNE.ID, Stage: "signed"}); n != 1 {
			t.Fatalf("filter %d", n)
		}
	})
}

func TestConvertToProject(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		lm := f.leadM(t)
		_, err := f.svc.ConvertToProject(ctx, lm.ID)
		wantValidation(t, err, "stage", keyNotLanded)
		must(f.svc.AddSigning(ctx, lm.ID, SigningInput{SignedOn: "2025-03-01", Amount: "80000"}))
		must(f.svc.Advance(ctx, lm.ID, StageInput{Stage: "started", On: "2025-05-20"}))
		_, err = f.svc.ConvertToProject(countyCtx("652301"), lm.ID)
		wantIs(t, err, errs.ErrNotFound)
		p := must(f.svc.ConvertToProject(ctx, lm.ID))
		// The project carries the lead's data without re-keying.
		if p.Name != lm.Name || p.ParkID != f.parkM.ID || p.DivisionCode != "652328" || p.OwnerOrgID != f.orgM.ID ||
			p.TotalInvestment != projects.Wan(80000) || p.Stage != projects.StageStarted || p.StageOn.String() != "2025-05-20" ||
			len(p.Clusters) != 1 || p.Clusters[0].ID != f.clNE.ID {
			t.Fatalf("project %+v", p)
		}
		// Linked both ways, once.
		if got := must(f.svc.GetLead(ctx, lm.ID)); got.ProjectID != p.ID {
			t.Fatalf("lead not linked: %+v", got.Lead)
		}
		if back := must(f.svc.LeadOfProject(ctx, p.ID)); back.ID != lm.ID {
			t.Fatalf("project side: %+v", back)
		}
		_, err = f.svc.ConvertToProject(ctx, lm.ID)
		wantValidation(t, err, "project_id", keyConverted)
		if _, n, _ := f.proj.ListProjects(ctx, projects.ProjectFilter{}); n != 1 {
			t.Fatalf("projects %d", n)
		}
	})
}

func no() *bool { f := false; return &f }

func TestCountRulesAndExclusions(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := sysCtx()
		lm, lc := f.leadM(t), f.leadC(t)
		must(f.svc.AddSigning(ctx, lm.ID, SigningInput{SignedOn: "2025-03-01", Amount: "100000"}))
		must(f.svc.AddSigning(ctx, lc.ID, SigningInput{SignedOn: "2025-03-01", Amount: "9999.99"}))
		// The seeded rule has no floor: both count.
		if r := must(f.svc.Rates(ctx, 2025, time.Time{}, ByWhole)); r[0].Signed != 2 {
			t.Fatalf("no floor: %+v", r)
		}
		// A 1亿 floor from 2025-01-01 leaves the 9999.99万 lead out.
		_, err := f.svc.SaveCountRule(countyCtx("652328"), CountRuleInput{EffectiveFrom: "2025-01-01", Floor: "10000", Source: "x"})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.SaveCountRule(ctx, CountRuleInput{EffectiveFrom: "2000-01-01", Floor: "10000", Source: "x"})
		wantValidation(t, err, "effective_from", keyRuleTaken)
		_, err = f.svc.SaveCountRule(ctx, CountRuleInput{EffectiveFrom: "2025-01-01", Floor: "-1", Source: "x"})
		wantValidation(t, err, "floor", projects.AmountNegative)
		must(f.svc.SaveCountRule(ctx, CountRuleInput{EffectiveFrom: "2025-01-01", Floor: "10000", Source: "1亿 (illustrative)"}))
		if r := must(f.svc.Rates(ctx, 2025, time.Time{}, ByWhole)); r[0].Signed != 1 || r[0].Contracted != projects.Wan(100000) {
			t.Fatalf("floor: %+v", r)
		}
		// Marked as real estate, the other lead leaves the statistics too.
		in := lm.Input()
		in.Exclusion = "real_estate"
		must(f.svc.UpdateLead(ctx, lm.ID, in))
		if r := must(f.svc.Rates(ctx, 2025, time.Time{}, ByWhole)); r[0].Signed != 0 {
			t.Fatalf("exclusion: %+v", r)
		}
		in.Exclusion = "stadium"
		_, err = f.svc.UpdateLead(ctx, lm.ID, in)
		wantValidation(t, err, "exclusion", keyBadChoice)
		if auditCount(t, d, ObjectRule) != 1 {
			t.Fatal("rule not audited")
		}
	})
}
