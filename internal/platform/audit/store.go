package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/changji-gov/bogda/internal/platform/access"
	"github.com/changji-gov/bogda/internal/platform/db"
)

// Write appends one record for change to the chain, inside the caller's
// transaction c. The acting principal comes from ctx; a change with no known
// actor is refused, because an anonymous record is no evidence.
func Write(ctx context.Context, c db.Conn, ch Change) error {
	p := access.From(ctx)
	if p == nil {
		return access.ErrNoPrincipal
	}
	before, err := encode(ch.Before)
	if err != nil {
		return err
	}
	after, err := encode(ch.After)
	if err != nil {
		return err
	}
	r := Record{
		At:         time.Now().UTC().Truncate(time.Microsecond),
		ActorID:    p.UserID,
		Actor:      p.Username,
		RemoteAddr: p.RemoteAddr,
		Action:     ch.Action,
		ObjectType: ch.ObjectType,
		ObjectID:   ch.ObjectID,
		Division:   ch.Division,
		Before:     before,
		After:      after,
	}
	// Taking the next number updates the head row, which locks it until this
	// transaction ends: concurrent writers queue here and the chain stays linear.
	if err := c.QueryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&r.Seq, &r.PrevHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	r.Hash = linkHash(r)
	if _, err := c.Exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor, remote_addr, action, object_type, object_id, division_code, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Seq, r.At, r.ActorID, r.Actor, r.RemoteAddr, r.Action, r.ObjectType, r.ObjectID, r.Division, r.Before, r.After, r.PrevHash, r.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if _, err := c.Exec(ctx, `UPDATE audit_head SET hash = ? WHERE id = 1`, r.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

func encode(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit encode: %w", err)
	}
	return string(b), nil
}

const recordColumns = `seq, at, actor_id, actor, remote_addr, action, object_type, object_id, division_code, before_json, after_json, prev_hash, hash`

func scanRecord(sc interface{ Scan(...any) error }) (Record, error) {
	var r Record
	err := sc.Scan(&r.Seq, &r.At, &r.ActorID, &r.Actor, &r.RemoteAddr, &r.Action, &r.ObjectType, &r.ObjectID, &r.Division, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	r.At = r.At.UTC()
	return r, err
}

// List returns records matching f, newest first, within the reader's scope,
// and the total count for paging.
func List(ctx context.Context, c db.Conn, f Filter) ([]Record, int, error) {
	p, err := access.Require(ctx, access.PermAuditRead)
	if err != nil {
		return nil, 0, err
	}
	scopeSQL, args := p.Scope.SQL("division_code", "")
	where := []string{scopeSQL}
	if f.Actor != "" {
		where = append(where, "actor = ?")
		args = append(args, f.Actor)
	}
	if f.ObjectType != "" {
		where = append(where, "object_type = ?")
		args = append(args, f.ObjectType)
	}
	if f.ObjectID != "" {
		where = append(where, "object_id = ?")
		args = append(args, f.ObjectID)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, f.To.UTC())
	}
	w := strings.Join(where, " AND ")
	var total int
	if err := c.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE `+w, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	rows, err := c.Query(ctx, `SELECT `+recordColumns+` FROM audit_log WHERE `+w+` ORDER BY seq DESC LIMIT ? OFFSET ?`,
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, r)
	}
	return out, total, rows.Err()
}
