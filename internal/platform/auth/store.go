package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
	"github.com/changji-gov/bogda/internal/platform/errs"
)

// The SQL of this package. Functions take the Conn they run on, so that a
// service method decides what shares one transaction. Every time written is
// UTC at microsecond precision, the finest both engines keep.

func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

func fromNull(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// userRow is a user with the secret that only this file and the service see.
type userRow struct {
	User
	hash string
}

const userColumns = `id, username, name, password_hash, role, scope_division, scope_org_id, lang, active,
	failed_logins, locked_until, password_changed_at, created_at, updated_at`

func scanUser(sc interface{ Scan(...any) error }) (userRow, error) { return scanUserAfter(sc) }

// scanUserAfter scans a row whose user columns follow the columns read into before.
func scanUserAfter(sc interface{ Scan(...any) error }, before ...any) (userRow, error) {
	var u userRow
	var locked sql.NullTime
	var role string
	dest := append(before, &u.ID, &u.Username, &u.Name, &u.hash, &role, &u.Scope.Division, &u.Scope.Org, &u.Lang, &u.Active,
		&u.FailedLogins, &locked, &u.PasswordChangedAt, &u.CreatedAt, &u.UpdatedAt)
	err := sc.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.ErrNotFound
	}
	u.Role = access.Role(role)
	u.LockedUntil = fromNull(locked)
	u.PasswordChangedAt = u.PasswordChangedAt.UTC()
	u.CreatedAt = u.CreatedAt.UTC()
	u.UpdatedAt = u.UpdatedAt.UTC()
	return u, err
}

// qualified prefixes each of a comma-separated column list with alias.
func qualified(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func getUser(ctx context.Context, c db.Conn, id int64) (userRow, error) {
	return scanUser(c.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

func getUserByName(ctx context.Context, c db.Conn, username string) (userRow, error) {
	return scanUser(c.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE username = ?`, username))
}

// lockUserRow reads a user inside a transaction that is about to change it.
// On PostgreSQL FOR UPDATE makes a concurrent change wait; SQLite has one
// writer at a time already.
func lockUserRow(ctx context.Context, c db.Conn, id int64) (userRow, error) {
	q := `SELECT ` + userColumns + ` FROM users WHERE id = ?`
	if c.Dialect() == db.Postgres {
		q += ` FOR UPDATE`
	}
	return scanUser(c.QueryRow(ctx, q, id))
}

func insertUser(ctx context.Context, c db.Conn, u userRow) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO users (username, name, password_hash, role, scope_division, scope_org_id, lang, active,
		failed_logins, password_changed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) RETURNING id`,
		u.Username, u.Name, u.hash, string(u.Role), u.Scope.Division, u.Scope.Org, u.Lang, u.Active,
		dbTime(u.PasswordChangedAt), dbTime(u.CreatedAt), dbTime(u.UpdatedAt)).Scan(&id)
	return id, err
}

func updateUserRow(ctx context.Context, c db.Conn, id int64, up UserUpdate, now time.Time) error {
	_, err := c.Exec(ctx, `UPDATE users SET name = ?, role = ?, scope_division = ?, scope_org_id = ?, active = ?, lang = ?, updated_at = ?
		WHERE id = ?`, up.Name, string(up.Role), up.Scope.Division, up.Scope.Org, up.Active, up.Lang, dbTime(now), id)
	return err
}

func setLang(ctx context.Context, c db.Conn, id int64, lang string, now time.Time) error {
	_, err := c.Exec(ctx, `UPDATE users SET lang = ?, updated_at = ? WHERE id = ?`, lang, dbTime(now), id)
	return err
}

// setHash stores a new password hash; an administrator's reset also lifts a
// lockout, since the person has now proved who they are another way.
func setHash(ctx context.Context, c db.Conn, id int64, hash string, now time.Time) error {
	_, err := c.Exec(ctx, `UPDATE users SET password_hash = ?, password_changed_at = ?, updated_at = ?,
		failed_logins = 0, locked_until = NULL WHERE id = ?`, hash, dbTime(now), dbTime(now), id)
	return err
}

// rehash replaces the hash of an unchanged password with one of current cost.
func rehash(ctx context.Context, c db.Conn, id int64, hash string) error {
	_, err := c.Exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id)
	return err
}

// countOtherAdmins counts active, unrestricted administrators other than id:
// the accounts that could still administer everything if id stopped doing so.
func countOtherAdmins(ctx context.Context, c db.Conn, id int64) (int, error) {
	q := `SELECT id FROM users WHERE role = ? AND active = ? AND scope_division = '' AND scope_org_id = 0 AND id <> ?`
	if c.Dialect() == db.Postgres {
		// Lock the other administrators' rows so that two administrators
		// demoting each other at once cannot both succeed.
		q += ` FOR UPDATE`
	}
	rows, err := c.Query(ctx, q, string(access.RoleAdmin), true, id)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// listUsers returns one page of users matching where and the total count.
func listUsers(ctx context.Context, c db.Conn, where string, args []any, limit, offset int) ([]User, int, error) {
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM users WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := c.Query(ctx, `SELECT `+userColumns+` FROM users WHERE `+where+` ORDER BY username LIMIT ? OFFSET ?`,
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u.User)
	}
	return out, total, rows.Err()
}

// likePattern makes a LIKE pattern matching s anywhere, with the wildcards
// in s taken literally (the query says ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// --- failed logins and lockout ---

// addFailure counts one more consecutive failure and returns the new count.
func addFailure(ctx context.Context, c db.Conn, id int64) (int, error) {
	var n int
	err := c.QueryRow(ctx, `UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins`, id).Scan(&n)
	return n, err
}

// lockUser locks the account and starts the count afresh, so that after the
// lock the user again has the full number of attempts.
func lockUser(ctx context.Context, c db.Conn, id int64, until time.Time) error {
	_, err := c.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = ? WHERE id = ?`, dbTime(until), id)
	return err
}

func clearFailures(ctx context.Context, c db.Conn, id int64) error {
	_, err := c.Exec(ctx, `UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND (failed_logins <> 0 OR locked_until IS NOT NULL)`, id)
	return err
}

func addAddrFailure(ctx context.Context, c db.Conn, addr, username string, at time.Time) error {
	_, err := c.Exec(ctx, `INSERT INTO login_failures (remote_addr, username, at) VALUES (?, ?, ?)`, addr, username, dbTime(at))
	return err
}

// addrFailures counts the failures from addr after since.
func addrFailures(ctx context.Context, c db.Conn, addr string, since time.Time) (int, error) {
	var n int
	err := c.QueryRow(ctx, `SELECT COUNT(*) FROM login_failures WHERE remote_addr = ? AND at > ?`, addr, dbTime(since)).Scan(&n)
	return n, err
}

func pruneAddrFailures(ctx context.Context, c db.Conn, before time.Time) error {
	_, err := c.Exec(ctx, `DELETE FROM login_failures WHERE at <= ?`, dbTime(before))
	return err
}

// --- sessions ---

type sessionRow struct {
	user     userRow
	lastSeen time.Time
	expires  time.Time
}

func insertSession(ctx context.Context, c db.Conn, hash string, userID int64, now, expires time.Time, addr, ua string) error {
	_, err := c.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, remote_addr, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, hash, userID, dbTime(now), dbTime(expires), dbTime(now), addr, ua)
	return err
}

func getSession(ctx context.Context, c db.Conn, hash string) (sessionRow, error) {
	var s sessionRow
	row := c.QueryRow(ctx, `SELECT s.last_seen_at, s.expires_at, `+qualified("u", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, hash)
	u, err := scanUserAfter(row, &s.lastSeen, &s.expires)
	s.user = u
	s.lastSeen, s.expires = s.lastSeen.UTC(), s.expires.UTC()
	return s, err
}

func touchSession(ctx context.Context, c db.Conn, hash string, now time.Time) error {
	_, err := c.Exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, dbTime(now), hash)
	return err
}

// deleteSession removes one session and tells which user it belonged to (0 if none).
func deleteSession(ctx context.Context, c db.Conn, hash string) (int64, error) {
	var uid int64
	err := c.QueryRow(ctx, `DELETE FROM sessions WHERE token_hash = ? RETURNING user_id`, hash).Scan(&uid)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return uid, err
}

// deleteUserSessions ends every session of a user and returns how many there were.
func deleteUserSessions(ctx context.Context, c db.Conn, userID int64) (int64, error) {
	res, err := c.Exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// pruneSessions removes sessions that can no longer be used.
func pruneSessions(ctx context.Context, c db.Conn, now time.Time, idle time.Duration) error {
	_, err := c.Exec(ctx, `DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?`, dbTime(now), dbTime(now.Add(-idle)))
	return err
}

// --- API tokens ---

const tokenColumns = `id, user_id, name, prefix, created_at, last_used_at, expires_at, revoked_at`

func scanToken(sc interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var used, expires, revoked sql.NullTime
	err := sc.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.ErrNotFound
	}
	t.CreatedAt = t.CreatedAt.UTC()
	t.LastUsedAt, t.ExpiresAt, t.RevokedAt = fromNull(used), fromNull(expires), fromNull(revoked)
	return t, err
}

func insertToken(ctx context.Context, c db.Conn, t Token, hash string) (int64, error) {
	var id int64
	err := c.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, t.UserID, t.Name, hash, t.Prefix, dbTime(t.CreatedAt), nullTime(t.ExpiresAt)).Scan(&id)
	return id, err
}

func getToken(ctx context.Context, c db.Conn, id int64) (Token, error) {
	return scanToken(c.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = ?`, id))
}

func getTokenByHash(ctx context.Context, c db.Conn, hash string) (Token, error) {
	return scanToken(c.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ?`, hash))
}

func listTokens(ctx context.Context, c db.Conn, userID int64) ([]Token, error) {
	rows, err := c.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func touchToken(ctx context.Context, c db.Conn, id int64, now time.Time) error {
	_, err := c.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, dbTime(now), id)
	return err
}

func revokeTokenRow(ctx context.Context, c db.Conn, id int64, now time.Time) error {
	_, err := c.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, dbTime(now), id)
	return err
}
