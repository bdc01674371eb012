// Package app is the composition root: it opens the database, runs the
// migrations, builds every service and mounts every component's routes on
// one web server. Nothing else in Bogda knows how the parts fit together.
package app

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/audit"
	"github.com/changji-gov/bogda/internal/platform/auth"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/web"
	"github.com/changji-gov/bogda/internal/platform/xlsx"
	"github.com/changji-gov/bogda/internal/projects"
	"github.com/changji-gov/bogda/internal/projects/attraction"
	"github.com/changji-gov/bogda/internal/projects/escalation"
	"github.com/changji-gov/bogda/internal/projects/parkstats"
	"github.com/changji-gov/bogda/internal/registry"
	"github.com/changji-gov/bogda/internal/safety"
)

// App is a running Bogda: its database, services and web server.
type App struct {
	Config   Config
	Log      *slog.Logger
	DB       *db.DB
	Auth     *auth.Service
	Registry *registry.Service
	Projects *projects.Service
	// Escalation tracks the problems of key projects to resolution (S1 item 4).
	Escalation *escalation.Service
	// Attraction is the investment-attraction pipeline (招商引资, S1 item 5).
	Attraction *attraction.Service
	// ParkStats holds park figures, high-tech certificates and 亩均 (S1 item 6).
	ParkStats *parkstats.Service
	Safety    *safety.Service
	Server    *web.Server
}

// Migrations lists every component's schema in dependency order: the
// platform first, then the registry that every domain references.
func Migrations() []db.Migrations {
	return []db.Migrations{audit.Migrations(), auth.Migrations(), registry.Migrations(),
		projects.Migrations(), escalation.Migrations(), attraction.Migrations(), parkstats.Migrations(),
		safety.Migrations()}
}

// OpenDB opens and migrates the configured database.
func OpenDB(ctx context.Context, cfg Config, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, err
	}
	applied, err := d.Migrate(ctx, Migrations()...)
	if err != nil {
		d.Close()
		return nil, err
	}
	for _, m := range applied {
		log.Info("migration applied", "name", m)
	}
	return d, nil
}

// Open builds the whole application on the configured database.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	d, err := OpenDB(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	a, err := build(cfg, log, d)
	if err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

func build(cfg Config, log *slog.Logger, d *db.DB) (*App, error) {
	a := &App{Config: cfg, Log: log, DB: d}
	a.Auth = auth.NewService(d, auth.DefaultConfig(), log)
	a.Registry = registry.NewService(d, log)
	a.Projects = projects.NewService(d, a.Registry, log)
	a.Escalation = escalation.NewService(d, a.Registry, log)
	a.Attraction = attraction.NewService(d, a.Registry, a.Projects, log)
	a.ParkStats = parkstats.NewService(d, a.Registry, log)
	a.Safety = safety.NewService(d, a.Registry, log)

	cat, err := web.NewCatalog(catalogs()...)
	if err != nil {
		return nil, err
	}
	assets, err := web.NewAssets()
	if err != nil {
		return nil, err
	}
	if !assets.Has("vendor/htmx.min.js") {
		log.Warn("front-end packages are not embedded; run `make assets` before building for full functionality")
	}
	rd, err := web.NewRenderer(cat, assets, navigation(), log,
		web.TemplateSet{Component: "xlsx", FS: xlsx.Templates(), Shared: true},
		auth.Templates(), audit.Templates(), registry.Templates(), projects.Templates(), escalation.Templates(),
		attraction.Templates(), parkstats.Templates(), safety.Templates())
	if err != nil {
		return nil, err
	}
	a.Server = web.NewServer(web.Config{SecureCookies: cfg.SecureCookies, TrustProxy: cfg.TrustProxy, Version: Version},
		rd, assets, a.Auth, log)
	a.routes()
	return a, nil
}

// catalogs are every component's messages.
func catalogs() []fs.FS {
	return []fs.FS{web.Locale(), xlsx.Locale(), auth.Locale(), audit.Locale(), registry.Locale(),
		projects.Locale(), escalation.Locale(), attraction.Locale(), parkstats.Locale(), safety.Locale()}
}

// Handler is the HTTP handler of the whole application.
func (a *App) Handler() http.Handler { return a.Server.Handler() }

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }

// navigation is the main menu; each entry shows only to roles that may open it.
func navigation() []web.NavItem {
	return []web.NavItem{
		{Href: "/", Label: "shell.nav.home"},
		{Href: "/cockpit", Label: "shell.nav.cockpit", Perm: access.PermCockpit},
		{Href: "/registry", Label: "shell.nav.registry", Perm: access.PermRegistryRead},
		{Href: "/projects", Label: "shell.nav.projects", Perm: access.PermModuleProjects},
		{Href: "/safety", Label: "shell.nav.safety", Perm: access.PermModuleSafety},
		{Href: "/soilwater", Label: "shell.nav.soilwater", Perm: access.PermModuleSoilWater},
		{Href: "/energy", Label: "shell.nav.energy", Perm: access.PermModuleEnergy},
		{Href: "/audit", Label: "shell.nav.audit", Perm: access.PermAuditRead},
		{Href: "/admin/users", Label: "shell.nav.users", Perm: access.PermUsersAdmin},
	}
}

func (a *App) routes() {
	srv := a.Server
	srv.Page("GET /{$}", "", func(w http.ResponseWriter, r *http.Request) error {
		srv.Render(w, r, web.Page{Name: "shell/home", Title: "shell.home.title"})
		return nil
	})
	// Modules still to be built keep their place in the navigation.
	for _, m := range []struct {
		path  string
		title string
		perm  access.Permission
	}{
		{"/cockpit", "shell.nav.cockpit", access.PermCockpit},
		{"/soilwater", "shell.nav.soilwater", access.PermModuleSoilWater},
		{"/energy", "shell.nav.energy", access.PermModuleEnergy},
	} {
		srv.Page("GET "+m.path, m.perm, func(w http.ResponseWriter, r *http.Request) error {
			srv.Render(w, r, web.Page{Name: "shell/soon", Title: m.title})
			return nil
		})
	}
	audit.Register(a.DB, srv)
	auth.NewHTTP(a.Auth).WithDirectory(directory{a.Registry}).Register(srv)
	registry.NewHTTP(a.Registry, srv).Register(srv)
	projects.NewHTTP(a.Projects).Register(srv)
	escalation.NewHTTP(a.Escalation, a.Projects).Register(srv)
	attraction.NewHTTP(a.Attraction).Register(srv)
	parkstats.NewHTTP(a.ParkStats).Register(srv)
	safety.NewHTTP(a.Safety).Register(srv)
}

// String describes where the app keeps its data, for start-up logs.
func (a *App) String() string {
	return fmt.Sprintf("bogda %s on %s %s", Version, a.DB.Dialect, a.DB.Location)
}
