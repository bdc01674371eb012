package safety

import (
	"context"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// File purposes.
const (
	PurposeEvidence = "evidence" // 整改佐证 of a hazard
	PurposePhoto    = "photo"    // photo of a public report or inspection
	// Signatures drawn on the inspector's phone by each side (现场签字).
	PurposeSignInspector  = "signature_inspector"
	PurposeSignEnterprise = "signature_enterprise"
)

// FileInfo describes a stored file without its bytes.
type FileInfo struct {
	ID          int64     `json:"id"`
	HazardID    int64     `json:"hazard_id"`
	ReportID    int64     `json:"report_id"`
	Purpose     string    `json:"purpose"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  int64     `json:"uploaded_by"`
	CreatedAt   time.Time `json:"created_at"`
}

// FileCheck is the result of re-hashing a stored file.
type FileCheck struct {
	FileInfo
	Intact bool `json:"intact"`
}

// cleanName keeps the base name of an upload, bounded, without markup.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	if name == "." || name == "/" || HasMarkup(name) {
		name = "file"
	}
	if utf8.RuneCountInString(name) > maxName {
		name = string([]rune(name)[:maxName])
	}
	return name
}

func insertFile(ctx context.Context, c db.Conn, p *access.Principal, f FileInfo, data []byte) (FileInfo, error) {
	f.Size, f.SHA256, f.UploadedBy, f.CreatedAt = int64(len(data)), Hash(data), p.UserID, time.Now().UTC().Truncate(time.Microsecond)
	err := c.QueryRow(ctx, `INSERT INTO safety_files (hazard_id, report_id, purpose, name, content_type, size, sha256, data, uploaded_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, nullID(f.HazardID), nullID(f.ReportID), f.Purpose, f.Name, f.ContentType,
		f.Size, f.SHA256, data, f.UploadedBy, f.CreatedAt).Scan(&f.ID)
	return f, err
}

// AddEvidence stores an evidence file (photo or PDF) for an open hazard the
// caller can work on, hashed with SHA-256 as it is stored.
func (s *Service) AddEvidence(ctx context.Context, hazardID int64, name string, data []byte) (FileInfo, error) {
	p, _, err := party(ctx)
	if err != nil {
		return FileInfo{}, err
	}
	typ, key := EvidenceType(data, MaxEvidenceBytes)
	if key != "" {
		return FileInfo{}, fileError("file", key, MaxEvidenceBytes)
	}
	var out FileInfo
	err = s.write(ctx, func(c db.Conn) (audit.Change, error) {
		h, err := getHazard(ctx, c, hazardID, s.today())
		if err != nil {
			return audit.Change{}, err
		}
		if !h.Status.Open() {
			return audit.Change{}, errs.Invalid("status", KeyClosed)
		}
		out, err = insertFile(ctx, c, p, FileInfo{HazardID: hazardID, Purpose: PurposeEvidence, Name: cleanName(name), ContentType: typ}, data)
		if err != nil {
			return audit.Change{}, err
		}
		if err := addEvent(ctx, c, p, hazardID, "evidence", h.Status, h.Status, out.Name+" sha256:"+out.SHA256); err != nil {
			return audit.Change{}, err
		}
		return audit.Change{Action: audit.ActionCreate, ObjectType: ObjectEvidence, ObjectID: idStr(out.ID), Division: h.DivisionCode, After: out}, nil
	})
	return out, err
}

const fileSelect = `SELECT id, COALESCE(hazard_id, 0), COALESCE(report_id, 0), purpose, name, content_type, size, sha256, uploaded_by, created_at FROM safety_files`

func scanFile(sc interface{ Scan(...any) error }, extra ...any) (FileInfo, error) {
	var f FileInfo
	err := sc.Scan(append([]any{&f.ID, &f.HazardID, &f.ReportID, &f.Purpose, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.CreatedAt}, extra...)...)
	f.CreatedAt = f.CreatedAt.UTC()
	return f, err
}

// CheckEvidence re-hashes every file of a hazard the caller can see and
// says which still match the hash taken when they were stored.
func (s *Service) CheckEvidence(ctx context.Context, hazardID int64) ([]FileCheck, error) {
	c := s.d.Read()
	if _, err := getHazard(ctx, c, hazardID, s.today()); err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, `SELECT id, COALESCE(hazard_id, 0), COALESCE(report_id, 0), purpose, name, content_type, size, sha256, uploaded_by, created_at, data
		FROM safety_files WHERE hazard_id = ? ORDER BY id`, hazardID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []FileCheck{}
	for rows.Next() {
		var data []byte
		f, err := scanFile(rows, &data)
		if err != nil {
			return nil, err
		}
		out = append(out, FileCheck{FileInfo: f, Intact: Intact(data, f.SHA256)})
	}
	return out, rows.Err()
}

// HazardFiles lists the files of a hazard the caller can see.
func (s *Service) HazardFiles(ctx context.Context, hazardID int64) ([]FileInfo, error) {
	c := s.d.Read()
	if _, err := getHazard(ctx, c, hazardID, s.today()); err != nil {
		return nil, err
	}
	rows, err := c.Query(ctx, fileSelect+` WHERE hazard_id = ? ORDER BY id`, hazardID)
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

// OpenHazardFile returns a file of a hazard the caller can see, with its bytes.
func (s *Service) OpenHazardFile(ctx context.Context, fileID int64) (FileInfo, []byte, error) {
	c := s.d.Read()
	var data []byte
	f, err := scanFile(c.QueryRow(ctx, `SELECT id, COALESCE(hazard_id, 0), COALESCE(report_id, 0), purpose, name, content_type, size, sha256, uploaded_by, created_at, data
		FROM safety_files WHERE id = ? AND hazard_id IS NOT NULL`, fileID), &data)
	if err != nil {
		return FileInfo{}, nil, notFound(err)
	}
	if _, err := getHazard(ctx, c, f.HazardID, s.today()); err != nil {
		return FileInfo{}, nil, err
	}
	return f, data, nil
}

// fileError reports an upload refusal; the size limit is shown in MB.
func fileError(field, key string, limit int) error {
	v := &errs.Validation{}
	addFileError(v, field, key, limit)
	return v
}

func addFileError(v *errs.Validation, field, key string, limit int) {
	if key == KeyFileTooLarge {
		v.Add(field, key, limit>>20)
		return
	}
	v.Add(field, key)
}
