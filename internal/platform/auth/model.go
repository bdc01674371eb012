// Package auth knows who is who (身份认证): user accounts, argon2id
// passwords, database-backed browser sessions, login throttling and account
// lockout, and API tokens for machines. It implements web.Authenticator and
// serves the login, account and user administration pages.
package auth

import (
	"errors"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
)

// User is an account as every other package sees it: no password hash.
type User struct {
	ID       int64
	Username string
	Name     string
	Role     access.Role
	Scope    access.Scope
	// Lang is the saved UI language ("zh-CN", "en"), or "" to follow the browser.
	Lang   string
	Active bool
	// FailedLogins counts consecutive wrong passwords since the last success
	// or lockout.
	FailedLogins int
	// LockedUntil is zero unless the account was locked by failed logins.
	LockedUntil       time.Time
	PasswordChangedAt time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// LockedAt reports whether the account is locked at now.
func (u User) LockedAt(now time.Time) bool { return lockedAt(u.LockedUntil, now) }

// Principal is the access principal acting as u.
func (u User) Principal() *access.Principal {
	return &access.Principal{UserID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, Scope: u.Scope, Lang: u.Lang}
}

// NewUser is what an administrator (or the demo loader) fills in.
type NewUser struct {
	Username, Name, Password string
	Role                     access.Role
	Scope                    access.Scope
	Lang                     string
}

// UserUpdate replaces the editable fields of an account.
type UserUpdate struct {
	Name   string
	Role   access.Role
	Scope  access.Scope
	Active bool
	Lang   string
}

// UserFilter selects accounts for the administration list.
type UserFilter struct {
	Q      string // matched against username and name, case-insensitively
	Role   access.Role
	Limit  int
	Offset int
}

// Token is an API token as listed: never the secret, only its first characters.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt time.Time // zero if never used
	ExpiresAt  time.Time // zero if it does not expire
	RevokedAt  time.Time // zero while valid
}

// ActiveAt reports whether the token may be used at now.
func (t Token) ActiveAt(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// Login refusals. Each has its own message so that a user knows what to do;
// a wrong username and a wrong password deliberately share one.
var (
	ErrBadCredentials = errors.New("auth: wrong username or password")
	ErrDisabled       = errors.New("auth: account disabled")
	ErrAddrThrottled  = errors.New("auth: too many failed logins from this address")
	// ErrInvalidToken is returned by Authenticate for an unknown, revoked or
	// expired API token.
	ErrInvalidToken = errors.New("auth: invalid API token")
)

// LockedError refuses a login to an account locked after repeated failures.
type LockedError struct{ Until time.Time }

func (e *LockedError) Error() string {
	return "auth: account locked until " + e.Until.Format(time.RFC3339)
}

// Audit vocabulary of this package, beyond audit.ActionCreate/Update/Login/Logout.
const (
	objectUser  = "user"
	objectToken = "api_token"

	actionLoginFailed   = "login_failed"
	actionLoginRefused  = "login_refused" // right password, disabled account
	actionLockout       = "lockout"
	actionPasswordSet   = "password_set"    // by an administrator or the CLI
	actionPasswordChg   = "password_change" // by the user
	actionTokenCreate   = "token_create"
	actionTokenRevoke   = "token_revoke"
	actionSessionsEnded = "sessions_end"
)
