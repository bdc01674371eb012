package safety

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// Evidence files (整改佐证材料) are hashed with SHA-256 when stored and the
// hash kept beside them, so that a later change of the bytes — "fabricating
// that a major hazard was removed" is a crime (两高 interpretation (二) §3,
// domain reference §2.1) — shows up when the file is checked.

// Hash returns the lowercase hex SHA-256 of b.
func Hash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Intact reports whether b still has the stored hash.
func Intact(b []byte, stored string) bool { return Hash(b) == stored }

// Upload limits. Phones take photos of 2–8 MB; 10 MB leaves room without
// letting a "50 MB photo" in.
const (
	MaxPhotoBytes    = 10 << 20
	MaxEvidenceBytes = 20 << 20
)

// Upload refusals, as catalog keys.
const (
	KeyFileEmpty    = "safety.file.empty"
	KeyFileTooLarge = "safety.file.too_large"
	KeyFileType     = "safety.file.bad_type"
)

// PhotoType returns the media type of an image upload, sniffed from its
// bytes (never the client's word), or a refusal key: only JPEG, PNG and
// WebP images of at most max bytes.
func PhotoType(b []byte, max int) (string, string) {
	switch {
	case len(b) == 0:
		return "", KeyFileEmpty
	case len(b) > max:
		return "", KeyFileTooLarge
	}
	switch t := http.DetectContentType(b); t {
	case "image/jpeg", "image/png", "image/webp":
		return t, ""
	}
	return "", KeyFileType
}

// EvidenceType is PhotoType that also takes PDF (signed documents, expert
// reports), for files staff and enterprises attach.
func EvidenceType(b []byte, max int) (string, string) {
	t, key := PhotoType(b, max)
	if key == KeyFileType && http.DetectContentType(b) == "application/pdf" {
		return "application/pdf", ""
	}
	return t, key
}
