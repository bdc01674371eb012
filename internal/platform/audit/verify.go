package audit

import (
	"context"
	"fmt"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// Break describes the first place where the chain does not hold.
type Break struct {
	Seq    int64  // the record at which the chain breaks
	Reason string // what is wrong there
}

func (b *Break) Error() string {
	return fmt.Sprintf("audit chain broken at record %d: %s", b.Seq, b.Reason)
}

// Verify walks the whole chain in order and returns the number of records
// checked and the first break, or nil if every link holds: numbers run
// without gaps from 1, each record's prev_hash is its predecessor's hash,
// each hash matches the record's content, and the head names the last record.
func Verify(ctx context.Context, c db.Conn) (int64, *Break, error) {
	rows, err := c.Query(ctx, `SELECT `+recordColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return 0, nil, err
	}
	defer rows.Close()
	var n int64
	prev := ""
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return n, nil, err
		}
		n++
		switch {
		case r.Seq != n:
			return n, &Break{Seq: n, Reason: fmt.Sprintf("record %d is missing (next present is %d)", n, r.Seq)}, nil
		case r.PrevHash != prev:
			return n, &Break{Seq: r.Seq, Reason: "previous-hash link does not match the record before it"}, nil
		case linkHash(r) != r.Hash:
			return n, &Break{Seq: r.Seq, Reason: "content does not match its hash (altered)"}, nil
		}
		prev = r.Hash
	}
	if err := rows.Err(); err != nil {
		return n, nil, err
	}
	var headSeq int64
	var headHash string
	if err := c.QueryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return n, nil, err
	}
	if headSeq != n || headHash != prev {
		return n, &Break{Seq: n + 1, Reason: fmt.Sprintf("head names record %d but the log ends at %d (records removed from the end)", headSeq, n)}, nil
	}
	return n, nil, nil
}
