package xlsx

import (
	"embed"
	"io/fs"
)

//go:embed locale/*.json
var localeFiles embed.FS

//go:embed templates/*.html
var templateFiles embed.FS

// Locale returns the "xlsx.*" message catalogs (zh-CN.json, en.json).
func Locale() fs.FS {
	sub, _ := fs.Sub(localeFiles, "locale")
	return sub
}

// Templates returns the shared partials "xlsx-import-form" and
// "xlsx-report". web.Renderer shows a component's partials only to its own
// pages, so the composition root registers this folder as a shared set
// (web.TemplateSet{Component: "xlsx", FS: xlsx.Templates(), Shared: true}).
func Templates() fs.FS {
	sub, _ := fs.Sub(templateFiles, "templates")
	return sub
}
