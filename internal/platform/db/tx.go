package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Tx runs fn in one transaction on the writer and commits if fn returns nil.
// Everything a change writes — the row, its audit record — goes through the
// same Conn so that it lands or fails together.
func (d *DB) Tx(ctx context.Context, fn func(Conn) error) (err error) {
	tx, err := d.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
				err = errors.Join(err, rbErr)
			}
		}
	}()
	if err = fn(Conn{q: tx, d: d.Dialect}); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
