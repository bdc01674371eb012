package auth

import (
	"context"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// Directory names what a scope points at — a division, an organisation —
// so that account and user pages say "吉木萨尔县" rather than "652327".
// The registry knows the names; auth cannot import it (platform imports no
// domain), so the composition root passes an adapter in.
type Directory interface {
	// ScopeName is the name of a division or organisation scope, or ""
	// when unknown or when the scope is everything.
	ScopeName(ctx context.Context, s access.Scope) string
	// Divisions are the codes a scope may name, with their names, for the
	// user form's suggestions.
	Divisions(ctx context.Context) []DirectoryEntry
}

// DirectoryEntry is one suggestion: a code or id and its name.
type DirectoryEntry struct {
	Value string
	Name  string
}

// WithDirectory makes the pages name scopes; without one they show codes.
func (h *HTTP) WithDirectory(d Directory) *HTTP {
	h.dir = d
	return h
}

func (h *HTTP) scopeName(ctx context.Context, s access.Scope) string {
	if h.dir == nil || s.All() {
		return ""
	}
	return h.dir.ScopeName(ctx, s)
}
