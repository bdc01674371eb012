package safety

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Inspection kinds.
const (
	InspectionSelf       = "self"       // 企业自查
	InspectionDepartment = "department" // 部门检查
)

// Inspection is one run of a checklist at an enterprise: the enterprise's
// own or a department's, with the people who signed the record.
type Inspection struct {
	ID               int64     `json:"id"`
	EnterpriseID     int64     `json:"enterprise_id"`
	OrgID            int64     `json:"org_id"`
	OrgName          string    `json:"org_name"`
	DivisionCode     string    `json:"division_code"`
	Kind             string    `json:"kind"`
	InspectedOn      Date      `json:"inspected_on"`
	Inspectors       string    `json:"inspectors"`
	EnterpriseSigner string    `json:"enterprise_signer"`
	At               *Point    `json:"at"`
	Notes            string    `json:"notes"`
	Findings         []Finding `json:"findings"`
	CreatedAt        time.Time `json:"created_at"`
}

// Finding is one checklist answer; a failed one carries the hazard it became.
type Finding struct {
	ID            int64  `json:"id"`
	CriterionID   int64  `json:"criterion_id"`
	CriterionCode string `json:"criterion_code"`
	CriterionText string `json:"criterion_text"`
	Passed        bool   `json:"passed"`
	Note          string `json:"note"`
	HazardID      int64  `json:"hazard_id"`
}

// InspectionInput records an inspection; a failed finding becomes a hazard
// linked to its criterion, graded as the criterion says (a 判定标准 item is
// major). A finding without a criterion (something the checklist does not
// name) needs a title, grade and kind of its own.
type InspectionInput struct {
	EnterpriseID     int64    `json:"enterprise_id"`
	Kind             string   `json:"kind"`
	InspectedOn      string   `json:"inspected_on"`
	Inspectors       string   `json:"inspectors"`
	EnterpriseSigner string   `json:"enterprise_signer"`
	Lat              *float64 `json:"lat"`
	Lng              *float64 `json:"lng"`
	Notes            string   `json:"notes"`
	// Deadline applies to every failed finding that does not set its own
	// (the one deadline of the rectification notice).
	Deadline string         `json:"deadline"`
	Findings []FindingInput `json:"findings"`
}

// FindingInput is one checklist answer.
type FindingInput struct {
	CriterionID int64  `json:"criterion_id"`
	Passed      bool   `json:"passed"`
	Note        string `json:"note"`
	// For a failed finding: the hazard's title (default: the criterion's
	// text), grade and kind (default: the criterion's), deadline.
	Title    string `json:"title"`
	Grade    string `json:"grade"`
	Kind     string `json:"kind"`
	Deadline string `json:"deadline"`
}

// CreateInspection records an inspection and turns each failed finding
// into a hazard, all or nothing. Enterprise users record self-inspections
// of their own organisation; regulators record department inspections.
func (s *Service) CreateInspection(ctx context.Context, in InspectionInput) (Inspection, error) {
	p, actor, err := party(ctx)
	if err != nil {
		return Inspection{}, err
	}
	var out Inspection
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		v := &errs.Validation{}
		kind := strings.TrimSpace(in.Kind)
		switch {
		case kind != InspectionSelf && kind != InspectionDepartment:
			v.Add("kind", keyBadChoice)
		case actor == ActorEnterprise && kind != InspectionSelf:
			v.Add("kind", "safety.hazard.source_not_yours")
		}
		inspectors, signer, notes := strings.TrimSpace(in.Inspectors), strings.TrimSpace(in.EnterpriseSigner), strings.TrimSpace(in.Notes)
		text(v, "inspectors", inspectors, kind == InspectionDepartment, maxName)
		text(v, "enterprise_signer", signer, false, maxName)
		text(v, "notes", notes, false, maxNotes)
		on := parseDay(v, "inspected_on", in.InspectedOn, true)
		if !on.IsZero() && on.After(s.today()) {
			v.Add("inspected_on", "safety.date.future")
		}
		var lat, lng any
		if (in.Lat == nil) != (in.Lng == nil) {
			v.Add("lat", "safety.point.incomplete")
		} else if in.Lat != nil {
			if !(Point{Lat: *in.Lat, Lng: *in.Lng}).Valid() {
				v.Add("lat", "safety.point.invalid")
			}
			lat, lng = *in.Lat, *in.Lng
		}
		if len(in.Findings) == 0 {
			v.Add("findings", keyRequired)
		}
		e, err := getEnterprise(ctx, c, in.EnterpriseID)
		if errors.Is(err, errs.ErrNotFound) {
			v.Add("enterprise_id", "safety.enterprise.unknown")
		} else if err != nil {
			return audit.Change{}, err
		}
		if err := v.Err(); err != nil {
			return audit.Change{}, err
		}
		now := time.Now().UTC()
		var id int64
		if err := c.QueryRow(ctx, `INSERT INTO safety_inspections (enterprise_id, org_id, division_code, kind, inspected_on, inspectors, enterprise_signer, lat, lng, notes, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.ID, e.OrgID, e.DivisionCode, kind, on.Date, inspectors, signer, lat, lng, notes, p.UserID, now).Scan(&id); err != nil {
			return audit.Change{}, err
		}
		source := SourceSelf
		if kind == InspectionDepartment {
			source = SourceDepartment
		}
		for i, fi := range in.Findings {
			if fi.Deadline == "" {
				fi.Deadline = in.Deadline
			}
			if err := s.addFinding(ctx, c, p, actor, e, id, on, source, fi, i); err != nil {
				return audit.Change{}, err
			}
		}
		if out, err = getInspection(ctx, c, id); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectInspection, ObjectID: idStr(id), Division: out.DivisionCode, After: out}, nil
	})
	return out, err
}

// addFinding stores finding number i; a failed one first becomes a hazard.
// Errors name the finding's row (findings.N.field, from 1) so the form
// can point at it.
func (s *Service) addFinding(ctx context.Context, c db.Conn, pr *access.Principal, actor Actor, e Enterprise, inspectionID int64, on Date, source Source, fi FindingInput, i int) error {
	note := strings.TrimSpace(fi.Note)
	row := fmt.Sprintf("findings.%d.", i+1)
	v := &errs.Validation{}
	text(v, row+"note", note, false, maxText)
	var cr Criterion
	if fi.CriterionID != 0 {
		x, set, err := criterionInForce(ctx, c, v, row+"criterion_id", fi.CriterionID, on.Time)
		if err != nil {
			return err
		}
		if !v.Has(row+"criterion_id") && set.Sector != e.Sector {
			v.Add(row+"criterion_id", "safety.criterion.other_sector")
		}
		cr = x
	} else if fi.Passed {
		v.Add(row+"criterion_id", "safety.finding.criterion_required")
	}
	if err := v.Err(); err != nil {
		return err
	}
	var hazardID int64
	if !fi.Passed {
		title := strings.TrimSpace(fi.Title)
		if title == "" {
			title = cr.Text
			if n := []rune(title); len(n) > maxName {
				title = string(n[:maxName])
			}
		}
		grade, kind := fi.Grade, fi.Kind
		if grade == "" {
			grade = string(cr.Grade)
		}
		if kind == "" {
			kind = string(cr.Kind)
		}
		h, _, err := s.checkHazard(ctx, c, actor, HazardInput{EnterpriseID: e.ID, Source: string(source), Grade: grade, Kind: kind, Title: title,
			Description: note, CriterionID: fi.CriterionID, FoundOn: on.String(), Deadline: fi.Deadline})
		if ve, ok := errs.AsValidation(err); ok {
			// Report the hazard's rules against the finding's row.
			for j := range ve.Fields {
				ve.Fields[j].Field = row + ve.Fields[j].Field
			}
			return ve
		}
		if err != nil {
			return err
		}
		if hazardID, err = insertHazard(ctx, c, pr, h, inspectionID, 0); err != nil {
			return err
		}
	}
	_, err := c.Exec(ctx, `INSERT INTO safety_findings (inspection_id, criterion_id, passed, note, hazard_id) VALUES (?, ?, ?, ?, ?)`,
		inspectionID, nullID(fi.CriterionID), fi.Passed, note, nullID(hazardID))
	return err
}

func getInspection(ctx context.Context, c db.Conn, id int64) (Inspection, error) {
	p, err := reader(ctx)
	if err != nil {
		return Inspection{}, err
	}
	w := scoped(p, "i.division_code", "i.org_id")
	w.add("i.id = ?", id)
	var x Inspection
	var lat, lng sql.NullFloat64
	err = c.QueryRow(ctx, `SELECT i.id, i.enterprise_id, i.org_id, o.name, i.division_code, i.kind, i.inspected_on, i.inspectors, i.enterprise_signer, i.lat, i.lng, i.notes, i.created_at
		FROM safety_inspections i JOIN registry_orgs o ON o.id = i.org_id WHERE `+w.sql(), w.args...).
		Scan(&x.ID, &x.EnterpriseID, &x.OrgID, &x.OrgName, &x.DivisionCode, &x.Kind, &x.InspectedOn.Date, &x.Inspectors, &x.EnterpriseSigner, &lat, &lng, &x.Notes, &x.CreatedAt)
	if err != nil {
		return x, notFound(err)
	}
	x.CreatedAt = x.CreatedAt.UTC()
	if lat.Valid && lng.Valid {
		x.At = &Point{Lat: lat.Float64, Lng: lng.Float64}
	}
	rows, err := c.Query(ctx, `SELECT f.id, COALESCE(f.criterion_id, 0), COALESCE(cr.code, ''), COALESCE(cr.text, ''), f.passed, f.note, COALESCE(f.hazard_id, 0)
		FROM safety_findings f LEFT JOIN safety_criteria cr ON cr.id = f.criterion_id WHERE f.inspection_id = ? ORDER BY f.id`, id)
	if err != nil {
		return x, err
	}
	defer rows.Close()
	x.Findings = []Finding{}
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.ID, &f.CriterionID, &f.CriterionCode, &f.CriterionText, &f.Passed, &f.Note, &f.HazardID); err != nil {
			return x, err
		}
		x.Findings = append(x.Findings, f)
	}
	return x, rows.Err()
}

// GetInspection returns an inspection record within the caller's scope
// (the printable inspection record is drawn from it).
func (s *Service) GetInspection(ctx context.Context, id int64) (Inspection, error) {
	return getInspection(ctx, s.d.Read(), id)
}

// AddInspectionPhoto stores a photo taken during an inspection the caller
// recorded or can work on, hashed like evidence.
func (s *Service) AddInspectionPhoto(ctx context.Context, inspectionID int64, name string, data []byte) (FileInfo, error) {
	p, _, err := party(ctx)
	if err != nil {
		return FileInfo{}, err
	}
	typ, key := PhotoType(data, MaxPhotoBytes)
	if key != "" {
		return FileInfo{}, fileError("file", key, MaxPhotoBytes)
	}
	var out FileInfo
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		x, err := getInspection(ctx, c, inspectionID)
		if err != nil {
			return audit.Change{}, err
		}
		if err := c.QueryRow(ctx, `INSERT INTO safety_files (inspection_id, purpose, name, content_type, size, sha256, data, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, inspectionID, PurposePhoto, cleanName(name), typ, len(data), Hash(data), data, p.UserID,
			time.Now().UTC()).Scan(&out.ID); err != nil {
			return audit.Change{}, err
		}
		out = FileInfo{ID: out.ID, Purpose: PurposePhoto, Name: cleanName(name), ContentType: typ, Size: int64(len(data)), SHA256: Hash(data), UploadedBy: p.UserID}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectEvidence, ObjectID: idStr(out.ID), Division: x.DivisionCode, After: out}, nil
	})
	return out, err
}

// MaxSignatureBytes bounds a drawn signature: a PNG of a phone-width pad.
const MaxSignatureBytes = 256 << 10

// AddInspectionSignature stores the signature one side drew on the
// inspection record (side: PurposeSignInspector or PurposeSignEnterprise),
// a PNG hashed like evidence. A later signature of the same side supersedes
// the earlier on the record; both stay stored.
func (s *Service) AddInspectionSignature(ctx context.Context, inspectionID int64, purpose string, png []byte) (FileInfo, error) {
	p, _, err := party(ctx)
	if err != nil {
		return FileInfo{}, err
	}
	if purpose != PurposeSignInspector && purpose != PurposeSignEnterprise {
		return FileInfo{}, errs.Invalid("side", keyBadChoice)
	}
	typ, key := PhotoType(png, MaxSignatureBytes)
	if key == "" && typ != "image/png" {
		key = KeyFileType
	}
	if key != "" {
		return FileInfo{}, fileError(purpose, key, MaxSignatureBytes)
	}
	var out FileInfo
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		x, err := getInspection(ctx, c, inspectionID)
		if err != nil {
			return audit.Change{}, err
		}
		name := purpose + ".png"
		if err := c.QueryRow(ctx, `INSERT INTO safety_files (inspection_id, purpose, name, content_type, size, sha256, data, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, inspectionID, purpose, name, typ, len(png), Hash(png), png, p.UserID,
			time.Now().UTC()).Scan(&out.ID); err != nil {
			return audit.Change{}, err
		}
		out = FileInfo{ID: out.ID, Purpose: purpose, Name: name, ContentType: typ, Size: int64(len(png)), SHA256: Hash(png), UploadedBy: p.UserID}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectEvidence, ObjectID: idStr(out.ID), Division: x.DivisionCode, After: out}, nil
	})
	return out, err
}

// InspectionPhotos lists the photos of an inspection the caller can see.
func (s *Service) InspectionPhotos(ctx context.Context, inspectionID int64) ([]FileInfo, error) {
	c := s.d.Read()
	if _, err := getInspection(ctx, c, inspectionID); err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, fileSelect+` WHERE inspection_id = ? ORDER BY id`, inspectionID)
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

// OpenInspectionPhoto returns a photo of an inspection the caller can see.
func (s *Service) OpenInspectionPhoto(ctx context.Context, fileID int64) (FileInfo, []byte, error) {
	c := s.d.Read()
	var data []byte
	var inspectionID int64
	f, err := scanFile(c.QueryRow(ctx, `SELECT id, COALESCE(hazard_id, 0), COALESCE(report_id, 0), purpose, name, content_type, size, sha256, uploaded_by, created_at, data, inspection_id
		FROM safety_files WHERE id = ? AND inspection_id IS NOT NULL`, fileID), &data, &inspectionID)
	if err != nil {
		return FileInfo{}, nil, notFound(err)
	}
	if _, err := getInspection(ctx, c, inspectionID); err != nil {
		return FileInfo{}, nil, err
	}
	return f, data, nil
}
