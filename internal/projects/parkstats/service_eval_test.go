package parkstats

import (
	"testing"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/db/dbtest"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

func TestCertificatesCountAtDate(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		cJ := countyCtx("652327")
		// Expiry defaults to issue + 3 years − 1 day (国科发火〔2016〕32号 [U]).
		a := must(f.svc.CreateCertificate(cJ, CertificateInput{OrgID: f.orgJ.ID, CertNo: "GR202065000123", IssuedOn: "2020-12-02"}))
		if a.ExpiresOn.String() != "2023-12-01" || a.ParkID != f.parkJ.ID || a.DivisionCode != "652327" {
			t.Fatalf("cert = %+v", a)
		}
		// Renewal of the same firm, and one in 木垒.
		must(f.svc.CreateCertificate(cJ, CertificateInput{OrgID: f.orgJ.ID, CertNo: "GR202365000456", IssuedOn: "2023-12-02"}))
		must(f.svc.CreateCertificate(bureauCtx(), CertificateInput{OrgID: f.orgM.ID, CertNo: "GR202265000789", IssuedOn: "2022-01-01", ExpiresOn: "2024-12-31"}))

		// Refusals, nothing stored.
		_, err := f.svc.CreateCertificate(cJ, CertificateInput{OrgID: f.orgJ.ID, CertNo: "GR202065000123", IssuedOn: "2020-12-02"})
		wantValidation(t, err, "cert_no", keyCertDuplicate)
		_, err = f.svc.CreateCertificate(cJ, CertificateInput{OrgID: f.orgM.ID, CertNo: "X1", IssuedOn: "2020-12-02"})
		wantValidation(t, err, "org_id", keyOrgUnknown)
		_, err = f.svc.CreateCertificate(bureauCtx(), CertificateInput{OrgID: f.gov.ID, CertNo: "X2", IssuedOn: "2020-12-02"})
		wantValidation(t, err, "org_id", keyOrgUnknown)
		_, err = f.svc.CreateCertificate(bureauCtx(), CertificateInput{OrgID: f.orgM.ID, CertNo: "X3", IssuedOn: "2020-12-02", ExpiresOn: "2020-12-01"})
		wantValidation(t, err, "expires_on", keyExpiryBefore)
		_, err = f.svc.CreateCertificate(bureauCtx(), CertificateInput{OrgID: f.orgM.ID, CertNo: "X4", IssuedOn: "2020-02-30"})
		wantValidation(t, err, "issued_on", keyBadDate)
		_, err = f.svc.CreateCertificate(enterpriseCtx(f.orgJ.ID), CertificateInput{OrgID: f.orgJ.ID, CertNo: "X5", IssuedOn: "2020-12-02"})
		wantIs(t, err, access.ErrForbidden)
		if n := countRows(t, d, "parkstats_hightech"); n != 3 {
			t.Fatalf("rows %d", n)
		}
		// The validity is a setting [U]: two years gives 2022-03-01 … 2024-02-29.
		_, err = f.svc.UpdateSettings(cJ, Settings{HighTechValidityYears: 2})
		wantIs(t, err, access.ErrForbidden)
		_, err = f.svc.UpdateSettings(bureauCtx(), Settings{HighTechValidityYears: 0})
		wantValidation(t, err, "hightech_validity_years", keyValidityBad)
		must(f.svc.UpdateSettings(bureauCtx(), Settings{HighTechValidityYears: 2}))
		two := must(f.svc.CreateCertificate(cJ, CertificateInput{OrgID: f.orgJ.ID, CertNo: "GR202265000999", IssuedOn: "2022-03-01"}))
		if two.ExpiresOn.String() != "2024-02-29" {
			t.Fatalf("two-year expiry %s", two.ExpiresOn)
		}
		if err := f.svc.DeleteCertificate(cJ, two.ID); err != nil {
			t.Fatal(err)
		}

		// Counts at boundary dates, the same as CountValidOn (rules_test).
		for _, c := range []struct {
			day        string
			j, m, pref int
		}{
			{"2021-12-31", 1, 0, 1},
			{"2022-01-01", 1, 1, 2},
			{"2023-12-01", 1, 1, 2}, // last day of the first certificate
			{"2023-12-02", 1, 1, 2}, // renewal's first day
			{"2024-12-31", 1, 1, 2},
			{"2025-01-01", 1, 0, 1},
		} {
			day, _ := time.Parse(time.DateOnly, c.day)
			s := must(f.svc.HighTechCounts(bureauCtx(), day, ""))
			got := map[int64]int{}
			for _, p := range s.Parks {
				got[p.ParkID] = p.Count
			}
			if s.Prefecture != c.pref || got[f.parkJ.ID] != c.j || got[f.parkM.ID] != c.m {
				t.Errorf("%s: %+v", c.day, s)
			}
		}
		// A county user counts its own park against the prefecture's total.
		day, _ := time.Parse(time.DateOnly, "2024-06-30")
		s := must(f.svc.HighTechCounts(cJ, day, ""))
		if len(s.Parks) != 1 || s.Prefecture != 2 || *s.Parks[0].ShareBP != 5000 {
			t.Fatalf("county summary %+v", s)
		}
		// Lists: scoped, and filtered by validity on a day.
		if _, n := must2(f.svc.ListCertificates(cJ, CertFilter{})); n != 2 {
			t.Fatalf("county sees %d", n)
		}
		if _, n := must2(f.svc.ListCertificates(enterpriseCtx(f.orgM.ID), CertFilter{})); n != 1 {
			t.Fatalf("enterprise sees %d", n)
		}
		if _, n := must2(f.svc.ListCertificates(bureauCtx(), CertFilter{ValidOn: "2023-12-02"})); n != 2 {
			t.Fatalf("valid on 2023-12-02: %d", n)
		}
		_, err = f.svc.GetCertificate(cJ, must2first(f.svc.ListCertificates(enterpriseCtx(f.orgM.ID), CertFilter{})).ID)
		wantIs(t, err, errs.ErrNotFound)
		// Update and delete, audited.
		up := must(f.svc.UpdateCertificate(cJ, a.ID, CertificateInput{OrgID: f.orgJ.ID, CertNo: a.CertNo, IssuedOn: "2020-12-02", ExpiresOn: "2023-11-30"}))
		if up.ExpiresOn.String() != "2023-11-30" {
			t.Fatalf("update %+v", up)
		}
		if err := f.svc.DeleteCertificate(cJ, a.ID); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, d, ObjectCertificate); n != 7 {
			t.Fatalf("audit %d", n)
		}
	})
}

func must2[T any](v T, n int, err error) (T, int) {
	if err != nil {
		panic(err)
	}
	return v, n
}

func must2first(v []Certificate, n int, err error) Certificate {
	if err != nil || len(v) == 0 {
		panic(err)
	}
	return v[0]
}

func TestMJEvaluationStoredWithSheet(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := SheetInput{Year: 2024, Population: "above", Name: "规上 (illustrative)", Method: "rank", ExemptGrade: "B",
			Lines: []Weighted{{IndTaxPerMu, 100, 10}}, Bands: gu456(), Illustrative: true}
		// Sheet refusals.
		bad := in
		bad.Bands = []Band{{"A", 25}, {"B", 90}}
		_, err := f.svc.CreateSheet(bureauCtx(), bad)
		wantValidation(t, err, "bands", KeySheetBands)
		_, err = f.svc.CreateSheet(countyCtx("652327"), in)
		wantIs(t, err, access.ErrForbidden)
		v1 := must(f.svc.CreateSheet(bureauCtx(), in))
		if v1.Version != 1 {
			t.Fatalf("version %d", v1.Version)
		}
		// Figures: J 20 万元 tax on 10 亩 → 2 万元/亩 → score 20; M 5 on 10 → 5.
		must(f.svc.SaveMJInput(countyCtx("652327"), MJInput{OrgID: f.orgJ.ID, Year: 2024, Population: "above", Tax: "20", LandMu: "10"}))
		must(f.svc.SaveMJInput(bureauCtx(), MJInput{OrgID: f.orgM.ID, Year: 2024, Population: "above", Tax: "5", LandMu: "10"}))
		_, err = f.svc.SaveMJInput(countyCtx("652327"), MJInput{OrgID: f.orgM.ID, Year: 2024, Population: "above", Tax: "5", LandMu: "10"})
		wantValidation(t, err, "org_id", keyOrgUnknown)
		_, err = f.svc.SaveMJInput(bureauCtx(), MJInput{OrgID: f.orgM.ID, Year: 2026, Population: "above", Tax: "-5", LandMu: ""})
		wantValidation(t, err, "year", keyBadYear)
		wantValidation(t, err, "tax", "projects.amount.negative")
		wantValidation(t, err, "land_mu", keyRequired)

		res := must(f.svc.Evaluate(bureauCtx(), v1.ID))
		// Two ranked: 1/2 = 50 % → B; 2/2 = 100 % → D (gu456 bands).
		if len(res) != 2 || res[0].OrgID != f.orgJ.ID || res[0].Score.String() != "20.00" || res[0].Grade != "B" || res[1].Grade != "D" {
			t.Fatalf("results %+v", res)
		}
		// A new version with score bands grades differently; v1's results stay.
		in.Method, in.Bands = "score", []Band{{"A", 15}, {"B", 10}, {"C", 0}}
		v2 := must(f.svc.CreateSheet(bureauCtx(), in))
		if v2.Version != 2 {
			t.Fatalf("version %d", v2.Version)
		}
		res2 := must(f.svc.Evaluate(bureauCtx(), v2.ID))
		if res2[0].Grade != "A" || res2[1].Grade != "C" {
			t.Fatalf("v2 %+v", res2)
		}
		if old := must(f.svc.Results(bureauCtx(), v1.ID)); old[0].Grade != "B" || old[0].SheetID != v1.ID {
			t.Fatalf("v1 results changed: %+v", old)
		}
		// Scoped reads of results.
		if r := must(f.svc.Results(enterpriseCtx(f.orgM.ID), v1.ID)); len(r) != 1 || r[0].OrgID != f.orgM.ID {
			t.Fatalf("enterprise results %+v", r)
		}
		if r := must(f.svc.Results(countyCtx("652327"), v1.ID)); len(r) != 1 || r[0].OrgID != f.orgJ.ID {
			t.Fatalf("county results %+v", r)
		}
		// An unscoreable enterprise stops the evaluation, earlier results kept.
		in.Lines = []Weighted{{IndTaxPerMu, 50, 10}, {IndVAPerEnergy, 50, 2.694}}
		v3 := must(f.svc.CreateSheet(bureauCtx(), in))
		_, err = f.svc.Evaluate(bureauCtx(), v3.ID)
		wantValidation(t, err, "inputs", keyMissingInput)
		if n := countRows(t, d, "parkstats_mj_results"); n != 4 {
			t.Fatalf("results rows %d", n)
		}
		_, err = f.svc.Evaluate(countyCtx("652327"), v1.ID)
		wantIs(t, err, access.ErrForbidden)
	})
}

func TestTargetsProgress(t *testing.T) {
	dbtest.Each(t, sets(), func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		cM := countyCtx("652328")
		// README S1: 木垒 new-energy equipment output ≥ 100亿元 by 2025.
		tg := must(f.svc.CreateTarget(cM, TargetInput{DivisionCode: "652328", Name: "新能源装备制造产值", TargetValue: "1000000", BaseYear: 2021, DueYear: 2025}))
		_, err := f.svc.CreateTarget(countyCtx("652327"), TargetInput{DivisionCode: "652328", Name: "x", TargetValue: "1", DueYear: 2025})
		wantValidation(t, err, "division_code", keyDivUnknown)
		_, err = f.svc.CreateTarget(cM, TargetInput{ParkID: f.parkM.ID, Name: "", TargetValue: "0", DueYear: 1})
		wantValidation(t, err, "name", keyRequired)
		wantValidation(t, err, "target_value", keyBadNum)
		wantValidation(t, err, "due_year", keyBadYear)

		got := must(f.svc.RecordProgress(cM, tg.ID, ProgressInput{AsOf: "2024-12-31", Actual: "600000"}))
		if got.ProgressBP == nil || *got.ProgressBP != 6000 || got.Met {
			t.Fatalf("progress %+v", got)
		}
		// Correction of the same day replaces it; reaching the target meets it.
		got = must(f.svc.RecordProgress(cM, tg.ID, ProgressInput{AsOf: "2024-12-31", Actual: "1000000"}))
		if *got.ProgressBP != 10000 || !got.Met || len(got.History) != 1 {
			t.Fatalf("corrected %+v", got)
		}
		_, err = f.svc.RecordProgress(cM, tg.ID, ProgressInput{AsOf: "2025-06-16", Actual: "1"})
		wantValidation(t, err, "as_of", keyFuturePeriod)
		_, err = f.svc.RecordProgress(countyCtx("652327"), tg.ID, ProgressInput{AsOf: "2025-01-01", Actual: "1"})
		wantIs(t, err, errs.ErrNotFound)
		if ts := must(f.svc.Targets(countyCtx("652327"))); len(ts) != 0 {
			t.Fatalf("other county sees %d", len(ts))
		}
		if ts := must(f.svc.Targets(leaderCtx())); len(ts) != 1 || !ts[0].Met {
			t.Fatalf("leader %+v", ts)
		}
		if n := auditCount(t, d, ObjectProgress); n != 2 {
			t.Fatalf("audit %d", n)
		}
	})
}
