package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// static holds Bogda's own CSS and JS and, under vendor/, the third-party
// front-end packages copied from node_modules by `make assets` (never
// committed, never loaded from a CDN).
//
//go:embed static
var static embed.FS

// Assets serves the embedded static files with content-hash fingerprints so
// browsers may cache them for a year and still see every new release.
type Assets struct {
	files fs.FS
	hash  map[string]string
}

// NewAssets fingerprints every embedded file.
func NewAssets() (*Assets, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	a := &Assets{files: sub, hash: map[string]string{}}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.hash[p] = hex.EncodeToString(sum[:6])
		return nil
	})
	return a, err
}

// Has reports whether the named file is embedded (vendor files are missing
// when the binary was built without `make assets`).
func (a *Assets) Has(name string) bool { _, ok := a.hash[name]; return ok }

// URL is the fingerprinted address of a static file.
func (a *Assets) URL(name string) string {
	return "/static/" + name + "?v=" + a.hash[name]
}

// ServeHTTP serves /static/…; a request carrying the current fingerprint is
// cacheable forever.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/static/")
	h, ok := a.hash[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if r.URL.Query().Get("v") == h {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	http.ServeFileFS(w, r, a.files, name)
}
