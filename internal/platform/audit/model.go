// Package audit keeps the append-only, hash-chained record of every change
// (审计日志): who, when, from where, what, before and after. A record is
// written in the same transaction as the change it describes.
package audit

import (
	"embed"
	"io/fs"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrations returns the audit schema.
func Migrations() db.Migrations {
	sub, _ := fs.Sub(migrationFiles, "migrations")
	return db.Migrations{Component: "audit", FS: sub}
}

// Actions recorded. A domain may use its own verbs for state changes
// ("approve", "close"); these are the common ones.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
	ActionLogin  = "login"
	ActionLogout = "logout"
)

// Change is what a service tells the audit trail about one change.
type Change struct {
	Action     string
	ObjectType string
	ObjectID   string
	// Division places the record in the prefecture so that scoped readers
	// see the trail of what they may see.
	Division string
	Before   any // nil for a create
	After    any // nil for a delete
}

// Record is one stored link of the chain.
type Record struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	Actor      string    `json:"actor"`
	RemoteAddr string    `json:"remote_addr"`
	Action     string    `json:"action"`
	ObjectType string    `json:"object_type"`
	ObjectID   string    `json:"object_id"`
	Division   string    `json:"division_code"`
	Before     string    `json:"before"`
	After      string    `json:"after"`
	PrevHash   string    `json:"prev_hash"`
	Hash       string    `json:"hash"`
}

// Filter selects records for the audit page.
type Filter struct {
	Actor      string
	ObjectType string
	ObjectID   string
	From, To   time.Time
	Limit      int
	Offset     int
}
