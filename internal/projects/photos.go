package projects

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// Photos of 形象进度 go with a report (NDRC's reporting portal takes photos
// with each progress report). Only JPEG and PNG, by their bytes not their
// names; a few per report, each a few megabytes, so that a phone's photo
// fits and a report cannot fill the database.
const (
	maxPhotoBytes      = 5 << 20
	maxPhotosPerReport = 9

	keyPhotoType  = "projects.photo.type"
	keyPhotoSize  = "projects.photo.size"
	keyPhotoCount = "projects.photo.count"
)

// Photo is a stored photo's bytes and type.
type Photo struct {
	ID          int64
	ReportID    int64
	ContentType string
	SHA256      string
	Data        []byte
}

// photoProblems checks uploaded photos: the count, each size and type.
func photoProblems(v *errs.Validation, photos [][]byte) []string {
	types := make([]string, len(photos))
	if len(photos) > maxPhotosPerReport {
		v.Add("photos", keyPhotoCount, maxPhotosPerReport)
		return types
	}
	for i, b := range photos {
		ct := http.DetectContentType(b)
		switch {
		case len(b) > maxPhotoBytes:
			v.Add("photos", keyPhotoSize, maxPhotoBytes>>20)
		case ct != "image/jpeg" && ct != "image/png":
			v.Add("photos", keyPhotoType)
		}
		types[i] = ct
		if v.Has("photos") {
			break
		}
	}
	return types
}

func insertPhotos(ctx context.Context, c db.Conn, p Project, r ProgressReport, photos [][]byte, types []string) ([]int64, error) {
	ids := make([]int64, 0, len(photos))
	for i, b := range photos {
		sum := sha256.Sum256(b)
		var id int64
		err := c.QueryRow(ctx, `INSERT INTO projects_photos (report_id, project_id, content_type, size_bytes, sha256, data, division_code, owner_org_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, r.ID, p.ID, types[i], len(b), hex.EncodeToString(sum[:]), b,
			p.DivisionCode, nullID(p.OwnerOrgID), time.Now().UTC()).Scan(&id)
		if err != nil {
			return nil, err
		}
		if err := audit.Write(ctx, c, audit.Change{Action: audit.ActionCreate, ObjectType: ObjectReport + ".photo", ObjectID: idStr(id),
			Division: p.DivisionCode, After: map[string]any{"report_id": r.ID, "sha256": hex.EncodeToString(sum[:]), "bytes": len(b), "type": types[i]}}); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// photoIDs returns the photo ids of reports, by report.
func photoIDs(ctx context.Context, c db.Conn, reportIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(reportIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(reportIDs))
	for i, id := range reportIDs {
		args[i] = id
	}
	rows, err := c.Query(ctx, `SELECT id, report_id FROM projects_photos WHERE report_id IN (`+
		strings.TrimSuffix(strings.Repeat("?,", len(reportIDs)), ",")+`) ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, rid int64
		if err := rows.Scan(&id, &rid); err != nil {
			return nil, err
		}
		out[rid] = append(out[rid], id)
	}
	return out, rows.Err()
}

// GetPhoto returns a photo within the caller's scope (else errs.ErrNotFound).
func (s *Service) GetPhoto(ctx context.Context, id int64) (Photo, error) {
	pr, err := reader(ctx)
	if err != nil {
		return Photo{}, err
	}
	w := db.Scoped(pr.Scope, "division_code", "owner_org_id")
	w.Add("id = ?", id)
	var ph Photo
	err = s.d.Read().QueryRow(ctx, `SELECT id, report_id, content_type, sha256, data FROM projects_photos WHERE `+w.SQL(), w.Args()...).
		Scan(&ph.ID, &ph.ReportID, &ph.ContentType, &ph.SHA256, &ph.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return Photo{}, errs.ErrNotFound
	}
	return ph, err
}
