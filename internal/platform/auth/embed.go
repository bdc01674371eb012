package auth

import (
	"embed"
	"io/fs"

	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/web"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

//go:embed locale/*.json
var localeFiles embed.FS

//go:embed templates/*.html
var templateFiles embed.FS

// Migrations returns the auth schema. It must run before any component
// whose tables refer to users.
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "auth", FS: sub}
}

// Locale returns the message catalog files (keys "auth.…").
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Templates returns the login, account and user administration pages.
func Templates() web.TemplateSet {
	sub, _ := fs.Sub(templateFiles, "templates")
	return web.TemplateSet{Component: "auth", FS: sub}
}
