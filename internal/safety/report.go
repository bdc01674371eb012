package safety

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Public reports (群众举报): anyone reports a hazard without an account,
// anonymously or by name, with photos and a map point, and follows it with
// a tracking code. Staff triage them (duplicates, merge, route to the
// regulator as a hazard, or reject). The reporter's identity is selected
// from the table only for holders of PermSafetyRewards (see reportSelect).

// ReportStatus is where a public report stands.
type ReportStatus string

const (
	ReportReceived ReportStatus = "received" // 已受理，待核查
	ReportRouted   ReportStatus = "routed"   // 已转办，成为隐患
	ReportMerged   ReportStatus = "merged"   // 与先前举报合并
	ReportRejected ReportStatus = "rejected" // 查无实据/不予受理
)

// Report limits: Open311 GeoReport v2 caps a description at 4,000
// characters (domain reference §4); five photos are plenty for a phone.
const (
	MaxReportBody   = 4000
	MaxReportPhotos = 5
)

// Report is a public report as staff see it. ReporterName and
// ReporterPhone are empty unless the reader handles rewards
// (IdentityVisible) or the report was anonymous.
type Report struct {
	ID              int64        `json:"id"`
	TrackingCode    string       `json:"tracking_code"`
	DivisionCode    string       `json:"division_code"`
	DivisionName    string       `json:"division_name"`
	EnterpriseName  string       `json:"enterprise_name"`
	OrgID           int64        `json:"org_id"`
	Body            string       `json:"body"`
	Address         string       `json:"address"`
	At              *Point       `json:"at"`
	Anonymous       bool         `json:"anonymous"`
	IdentityVisible bool         `json:"identity_visible"`
	ReporterName    string       `json:"reporter_name,omitempty"`
	ReporterPhone   string       `json:"reporter_phone,omitempty"`
	Status          ReportStatus `json:"status"`
	MergedInto      int64        `json:"merged_into"`
	HazardID        int64        `json:"hazard_id"`
	Regulator       string       `json:"regulator"`
	TriageNote      string       `json:"triage_note"`
	CreatedAt       time.Time    `json:"created_at"`
	UpdatedAt       time.Time    `json:"updated_at"`
}

// ReportInput is what the public form or API sends.
type ReportInput struct {
	DivisionCode   string   `json:"division_code"`
	EnterpriseName string   `json:"enterprise_name"`
	Body           string   `json:"body"`
	Address        string   `json:"address"`
	Lat            *float64 `json:"lat"`
	Lng            *float64 `json:"lng"`
	Anonymous      bool     `json:"anonymous"`
	ReporterName   string   `json:"reporter_name"`
	ReporterPhone  string   `json:"reporter_phone"`
}

// Upload is a file as received.
type Upload struct {
	Name string
	Data []byte
}

// Receipt is what the reporter keeps.
type Receipt struct {
	TrackingCode string    `json:"tracking_code"`
	ReceivedAt   time.Time `json:"received_at"`
}

// PublicStatus is what the tracking code shows: no names, no notes.
type PublicStatus struct {
	TrackingCode string       `json:"tracking_code"`
	Status       ReportStatus `json:"status"`
	// Closed is the Open311 view: the hazard was written off, or the
	// report was rejected or merged.
	Closed       bool      `json:"closed"`
	HazardStatus Status    `json:"hazard_status,omitempty"`
	Reward       string    `json:"reward,omitempty"` // proposed, approved, paid
	RewardFen    int64     `json:"reward_fen,omitempty"`
	ReceivedAt   time.Time `json:"received_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ReportFilter selects reports for triage.
type ReportFilter struct {
	Q             string
	Status        string
	DivisionCode  string
	Limit, Offset int
}

// trackingAlphabet leaves out 0/O, 1/I/L: codes are read over the phone.
const trackingAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newTrackingCode returns 12 random characters as XXXX-XXXX-XXXX (about
// 59 bits: not guessable, so the code is the only key to the status page).
func newTrackingCode() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	var s strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(trackingAlphabet[int(x)%len(trackingAlphabet)])
	}
	return s.String()
}

// NormalizeTrackingCode folds what people type (lower case, spaces, no
// dashes, full-width) to the stored form, or "" if it cannot be a code.
func NormalizeTrackingCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		switch {
		case r == '-' || unicode.IsSpace(r):
		case strings.ContainsRune(trackingAlphabet, r):
			b.WriteRune(r)
		default:
			return ""
		}
	}
	c := b.String()
	if len(c) != 12 {
		return ""
	}
	return c[:4] + "-" + c[4:8] + "-" + c[8:]
}

// publicPrincipal acts for someone without an account, so that the audit
// trail still says who (the public, from where).
func publicPrincipal(ctx context.Context) context.Context {
	if access.From(ctx) != nil {
		return ctx
	}
	return access.With(ctx, &access.Principal{Username: "public", Name: "public report"})
}

// SubmitReport stores a public report with its photos and returns the
// tracking code. It needs no account; the HTTP layer rate-limits it.
func (s *Service) SubmitReport(ctx context.Context, in ReportInput, photos []Upload) (Receipt, error) {
	ctx = publicPrincipal(ctx)
	v := &errs.Validation{}
	r := Report{DivisionCode: strings.TrimSpace(in.DivisionCode), EnterpriseName: strings.TrimSpace(in.EnterpriseName), Body: strings.TrimSpace(in.Body),
		Address: strings.TrimSpace(in.Address), Anonymous: in.Anonymous}
	text(v, "body", r.Body, true, MaxReportBody)
	text(v, "enterprise_name", r.EnterpriseName, false, maxName)
	text(v, "address", r.Address, false, maxName)
	if r.DivisionCode == "" {
		v.Add("division_code", keyRequired)
	}
	if (in.Lat == nil) != (in.Lng == nil) {
		v.Add("lat", "safety.point.incomplete")
	} else if in.Lat != nil {
		pt := Point{Lat: *in.Lat, Lng: *in.Lng}
		if !pt.Valid() {
			v.Add("lat", "safety.point.invalid")
		}
		r.At = &pt
	}
	if !r.Anonymous {
		// Named reports carry who to reward; anonymous ones store nothing.
		r.ReporterName, r.ReporterPhone = strings.TrimSpace(in.ReporterName), strings.TrimSpace(in.ReporterPhone)
		text(v, "reporter_name", r.ReporterName, true, maxName)
		text(v, "reporter_phone", r.ReporterPhone, true, 40)
		if r.ReporterPhone != "" && !phoneOK(r.ReporterPhone) {
			v.Add("reporter_phone", "safety.phone.invalid")
		}
	}
	if len(photos) > MaxReportPhotos {
		v.Add("photos", "safety.report.too_many_photos", MaxReportPhotos)
	}
	types := make([]string, len(photos))
	for i, ph := range photos {
		t, key := PhotoType(ph.Data, MaxPhotoBytes)
		if key != "" {
			addFileError(v, "photos", key, MaxPhotoBytes)
			break
		}
		types[i] = t
	}
	var out Receipt
	err := s.d.Tx(ctx, func(c db.Conn) error {
		if !v.Has("division_code") {
			var n int
			if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM registry_divisions WHERE code = ?`, r.DivisionCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				v.Add("division_code", "safety.division.unknown")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		var lat, lng any
		if r.At != nil {
			lat, lng = r.At.Lat, r.At.Lng
		}
		r.TrackingCode = newTrackingCode()
		if err := c.QueryRow(ctx, `INSERT INTO safety_reports (tracking_code, division_code, enterprise_name, body, address, lat, lng, anonymous, reporter_name, reporter_phone, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.TrackingCode, r.DivisionCode, r.EnterpriseName, r.Body, r.Address, lat, lng,
			r.Anonymous, r.ReporterName, r.ReporterPhone, string(ReportReceived), now, now).Scan(&r.ID); err != nil {
			return err
		}
		p := access.From(ctx)
		for i, ph := range photos {
			if _, err := insertFile(ctx, c, p, FileInfo{ReportID: r.ID, Purpose: PurposePhoto, Name: cleanName(ph.Name), ContentType: types[i]}, ph.Data); err != nil {
				return err
			}
		}
		out = Receipt{TrackingCode: r.TrackingCode, ReceivedAt: now}
		// The audit trail is read by auditors who do not handle rewards:
		// it records the report without the reporter.
		r.ReporterName, r.ReporterPhone, r.Status = "", "", ReportReceived
		return audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectReport, ObjectID: idStr(r.ID), Division: r.DivisionCode, After: r})
	})
	return out, err
}

// phoneOK accepts digits with spaces, dashes, brackets, a leading +.
func phoneOK(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()", r):
		default:
			return false
		}
	}
	return digits >= 5
}

// TrackReport is the public status page of a tracking code.
func (s *Service) TrackReport(ctx context.Context, code string) (PublicStatus, error) {
	code = NormalizeTrackingCode(code)
	if code == "" {
		return PublicStatus{}, errs.ErrNotFound
	}
	c := s.d.Read()
	var st PublicStatus
	var hz sql.NullString
	var reward sql.NullString
	var fen sql.NullInt64
	err := c.QueryRow(ctx, `SELECT r.tracking_code, r.status, r.created_at, r.updated_at,
		(SELECT h.status FROM safety_hazards h WHERE h.report_id = r.id ORDER BY h.id LIMIT 1),
		w.status, w.amount_fen
		FROM safety_reports r LEFT JOIN safety_rewards w ON w.report_id = r.id WHERE r.tracking_code = ?`, code).
		Scan(&st.TrackingCode, &st.Status, &st.ReceivedAt, &st.UpdatedAt, &hz, &reward, &fen)
	if err != nil {
		return PublicStatus{}, notFound(err)
	}
	st.ReceivedAt, st.UpdatedAt = st.ReceivedAt.UTC(), st.UpdatedAt.UTC()
	st.HazardStatus = Status(hz.String)
	if reward.Valid && reward.String != RewardProposed {
		st.Reward, st.RewardFen = reward.String, fen.Int64
	}
	st.Closed = st.Status == ReportRejected || st.Status == ReportMerged || st.HazardStatus == StatusClosed
	return st, nil
}

// reportSelect is the triage query. The identity columns are selected only
// for reward handlers; everyone else gets empty strings from the database,
// so no handler can leak what it never received.
func reportSelect(identity bool) string {
	who := `'', ''`
	if identity {
		who = `r.reporter_name, r.reporter_phone`
	}
	return `SELECT r.id, r.tracking_code, r.division_code, COALESCE(dv.name, ''), r.enterprise_name, COALESCE(r.org_id, 0), r.body, r.address,
		r.lat, r.lng, r.anonymous, ` + who + `, r.status, COALESCE(r.merged_into, 0),
		COALESCE((SELECT MIN(h.id) FROM safety_hazards h WHERE h.report_id = r.id), 0), r.regulator, r.triage_note, r.created_at, r.updated_at
		FROM safety_reports r LEFT JOIN registry_divisions dv ON dv.code = r.division_code`
}

func scanReport(sc interface{ Scan(...any) error }, identity bool) (Report, error) {
	var r Report
	var lat, lng sql.NullFloat64
	err := sc.Scan(&r.ID, &r.TrackingCode, &r.DivisionCode, &r.DivisionName, &r.EnterpriseName, &r.OrgID, &r.Body, &r.Address,
		&lat, &lng, &r.Anonymous, &r.ReporterName, &r.ReporterPhone, &r.Status, &r.MergedInto, &r.HazardID, &r.Regulator, &r.TriageNote, &r.CreatedAt, &r.UpdatedAt)
	if lat.Valid && lng.Valid {
		r.At = &Point{Lat: lat.Float64, Lng: lng.Float64}
	}
	r.IdentityVisible = identity && !r.Anonymous
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
}

// triager returns the acting principal if it may triage public reports: a
// regulator; enterprise users never see reports (they may be about them).
func triager(ctx context.Context) (*access.Principal, bool, error) {
	p, err := regulator(ctx)
	if err != nil {
		return nil, false, err
	}
	return p, p.Can(PermSafetyRewards), nil
}

func getReport(ctx context.Context, c db.Conn, id int64) (Report, error) {
	p, identity, err := triager(ctx)
	if err != nil {
		return Report{}, err
	}
	w := scoped(p, "r.division_code", "")
	w.add("r.id = ?", id)
	r, err := scanReport(c.QueryRow(ctx, reportSelect(identity)+` WHERE `+w.sql(), w.args...), identity)
	return r, notFound(err)
}

// GetReport returns a public report within the caller's division scope.
func (s *Service) GetReport(ctx context.Context, id int64) (Report, error) {
	return getReport(ctx, s.d.Read(), id)
}

// ListReports returns the reports matching f within scope, newest first.
func (s *Service) ListReports(ctx context.Context, f ReportFilter) ([]Report, int, error) {
	p, identity, err := triager(ctx)
	if err != nil {
		return nil, 0, err
	}
	c := s.d.Read()
	w := scoped(p, "r.division_code", "")
	w.search(f.Q, "r.body", "r.enterprise_name", "r.address", "r.tracking_code")
	w.underDivision("r.division_code", f.DivisionCode)
	if f.Status != "" {
		w.add("r.status = ?", f.Status)
	}
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM safety_reports r WHERE `+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	lim, largs := page(f.Limit, f.Offset)
	rows, err := c.Query(ctx, reportSelect(identity)+` WHERE `+w.sql()+` ORDER BY r.created_at DESC, r.id DESC`+lim, append(w.args, largs...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []Report{}
	for rows.Next() {
		r, err := scanReport(rows, identity)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}

// ReportDuplicates suggests earlier reports, still live, that name the same
// enterprise or lie within 50 m of report id (domain reference §4).
func (s *Service) ReportDuplicates(ctx context.Context, id int64) ([]Suggestion, error) {
	c := s.d.Read()
	r, err := getReport(ctx, c, id)
	if err != nil {
		return nil, err
	}
	others, _, err := s.ListReports(ctx, ReportFilter{DivisionCode: r.DivisionCode[:4] + "00", Limit: -1})
	if err != nil {
		return nil, err
	}
	cands := []Candidate{}
	for _, o := range others {
		if o.ID == r.ID || o.Status == ReportMerged || o.Status == ReportRejected {
			continue
		}
		cands = append(cands, Candidate{ID: o.ID, OrgID: o.OrgID, Name: o.EnterpriseName, At: o.At})
	}
	self := Candidate{ID: r.ID, OrgID: r.OrgID, Name: r.EnterpriseName, At: r.At}
	out := Duplicates(self, cands, DuplicateRadiusM)
	for i := range out {
		out[i].Of = "report"
	}
	// A hazard already on the ledger at the same place or enterprise: the
	// report may add nothing new (an eligibility condition of rewards,
	// reference §2.7: "not already known/handled by the department").
	open, _, err := s.ListHazards(ctx, HazardFilter{Open: true, DivisionCode: r.DivisionCode[:4] + "00", Limit: -1})
	if err != nil {
		return nil, err
	}
	hc := make([]Candidate, 0, len(open))
	for _, h := range open {
		hc = append(hc, Candidate{ID: h.ID, OrgID: h.OrgID, Name: h.OrgName, At: h.At})
	}
	self.ID = 0 // hazard ids are another sequence
	for _, sg := range Duplicates(self, hc, DuplicateRadiusM) {
		sg.Of = "hazard"
		out = append(out, sg)
	}
	return out, nil
}

// triage changes a received report in one transaction with its audit.
func (s *Service) triage(ctx context.Context, id int64, action string, fn func(c db.Conn, r Report) error) (Report, error) {
	if _, _, err := triager(ctx); err != nil {
		return Report{}, err
	}
	var out Report
	err := s.write(ctx, func(c db.Conn) (audit.Change, error) {
		before, err := getReport(ctx, c, id)
		if err != nil {
			return audit.Change{}, err
		}
		if before.Status != ReportReceived {
			return audit.Change{}, errs.Invalid("status", "safety.report.already_triaged")
		}
		if err := fn(c, before); err != nil {
			return audit.Change{}, err
		}
		if out, err = getReport(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		b, a := before, out
		b.ReporterName, b.ReporterPhone, a.ReporterName, a.ReporterPhone = "", "", "", ""
		return audit.Change{Action: action, ObjectType: ObjectReport, ObjectID: idStr(id), Division: out.DivisionCode, Before: b, After: a}, nil
	})
	return out, err
}

// MergeReport marks report id a duplicate of an earlier report into; the
// earlier (first valid) reporter is the one a reward goes to.
func (s *Service) MergeReport(ctx context.Context, id, into int64, note string) (Report, error) {
	return s.triage(ctx, id, "merge", func(c db.Conn, r Report) error {
		v := &errs.Validation{}
		note = strings.TrimSpace(note)
		text(v, "note", note, false, maxText)
		target, err := getReport(ctx, c, into)
		switch {
		case errors.Is(err, errs.ErrNotFound) || into == id:
			v.Add("merged_into", "safety.report.unknown")
		case err != nil:
			return err
		case target.Status == ReportMerged || target.Status == ReportRejected:
			v.Add("merged_into", "safety.report.merge_target_closed")
		case target.CreatedAt.After(r.CreatedAt) || (target.CreatedAt.Equal(r.CreatedAt) && target.ID > r.ID):
			v.Add("merged_into", "safety.report.merge_into_earlier")
		}
		if err := v.Err(); err != nil {
			return err
		}
		_, err = c.Exec(ctx, `UPDATE safety_reports SET status = ?, merged_into = ?, triage_note = ?, updated_at = ? WHERE id = ?`,
			string(ReportMerged), into, note, time.Now().UTC(), id)
		return err
	})
}

// RejectReport closes a report found groundless or outside the module; the
// reason is required.
func (s *Service) RejectReport(ctx context.Context, id int64, reason string) (Report, error) {
	return s.triage(ctx, id, "reject", func(c db.Conn, r Report) error {
		reason = strings.TrimSpace(reason)
		v := &errs.Validation{}
		text(v, "note", reason, true, maxText)
		if err := v.Err(); err != nil {
			return err
		}
		_, err := c.Exec(ctx, `UPDATE safety_reports SET status = ?, triage_note = ?, updated_at = ? WHERE id = ?`, string(ReportRejected), reason, time.Now().UTC(), id)
		return err
	})
}

// RouteInput turns a verified report into a hazard of an enterprise.
type RouteInput struct {
	EnterpriseID int64  `json:"enterprise_id"`
	Grade        string `json:"grade"`
	Kind         string `json:"kind"`
	Title        string `json:"title"`
	CriterionID  int64  `json:"criterion_id"`
	Deadline     string `json:"deadline"`
	Regulator    string `json:"regulator"`
	Note         string `json:"note"`
}

// RouteReport records the hazard a verified report revealed (source
// public report, found today) and routes it to its regulator.
func (s *Service) RouteReport(ctx context.Context, id int64, in RouteInput) (Report, error) {
	p, err := regulator(ctx)
	if err != nil {
		return Report{}, err
	}
	return s.triage(ctx, id, "route", func(c db.Conn, r Report) error {
		v := &errs.Validation{}
		reg, note := strings.TrimSpace(in.Regulator), strings.TrimSpace(in.Note)
		text(v, "regulator", reg, true, maxName)
		text(v, "note", note, false, maxText)
		h, e, err := s.checkHazard(ctx, c, ActorRegulator, HazardInput{EnterpriseID: in.EnterpriseID, Source: string(SourcePublicReport), Grade: in.Grade,
			Kind: in.Kind, Title: in.Title, Description: r.Body, CriterionID: in.CriterionID, FoundOn: s.today().Format(time.DateOnly), Deadline: in.Deadline, Lat: latOf(r.At), Lng: lngOf(r.At)})
		if ve, ok := errs.AsValidation(err); ok {
			ve.Fields = append(ve.Fields, v.Fields...)
			return ve
		} else if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := insertHazard(ctx, c, p, h, 0, id); err != nil {
			return err
		}
		_, err = c.Exec(ctx, `UPDATE safety_reports SET status = ?, org_id = ?, sector = ?, regulator = ?, triage_note = ?, updated_at = ? WHERE id = ?`,
			string(ReportRouted), e.OrgID, e.Sector, reg, note, time.Now().UTC(), id)
		return err
	})
}

func latOf(p *Point) *float64 {
	if p == nil {
		return nil
	}
	return &p.Lat
}

func lngOf(p *Point) *float64 {
	if p == nil {
		return nil
	}
	return &p.Lng
}

// RewardYuan is the reward in yuan, for the tracking page.
func (p PublicStatus) RewardYuan() string { return Yuan(p.RewardFen) }

// ReportPhotos lists the photos of a report the caller may triage.
func (s *Service) ReportPhotos(ctx context.Context, reportID int64) ([]FileInfo, error) {
	c := s.d.Read()
	if _, err := getReport(ctx, c, reportID); err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, fileSelect+` WHERE report_id = ? ORDER BY id`, reportID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FileInfo{}
	for rows.Next() {
		f, err := scanFile(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// OpenReportPhoto returns a photo of a report the caller may triage.
func (s *Service) OpenReportPhoto(ctx context.Context, fileID int64) (FileInfo, []byte, error) {
	c := s.d.Read()
	var data []byte
	f, err := scanFile(c.QueryRow(ctx, `SELECT id, COALESCE(hazard_id, 0), COALESCE(report_id, 0), purpose, name, content_type, size, sha256, uploaded_by, created_at, data
		FROM safety_files WHERE id = ? AND report_id IS NOT NULL`, fileID), &data)
	if err != nil {
		return FileInfo{}, nil, notFound(err)
	}
	if _, err := getReport(ctx, c, f.ReportID); err != nil {
		return FileInfo{}, nil, err
	}
	return f, data, nil
}
