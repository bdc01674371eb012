package access

import "testing"

// Subtree ranges on GB/T 2260 codes: two digits per level, "00" for a level
// above the county (GB/T 2260-2007 §4), so 652300's subtree is 6523xx.
func TestSubtreeSQL(t *testing.T) {
	tests := []struct {
		code, wantSQL string
		lo, hi        string
	}{
		{"652327", "c >= ? AND c < ?", "652327", "652328"},
		{"652300", "c >= ? AND c < ?", "6523", "6524"},
		{"652329", "c >= ? AND c < ?", "652329", "652330"}, // carry
		{"659900", "c >= ? AND c < ?", "6599", "6600"},     // carry across a level
		{"650000", "c >= ? AND c < ?", "65", "66"},
	}
	for _, tt := range tests {
		sql, args := SubtreeSQL("c", tt.code)
		if sql != tt.wantSQL || len(args) != 2 || args[0] != tt.lo || args[1] != tt.hi {
			t.Errorf("SubtreeSQL(%s) = %q %v", tt.code, sql, args)
		}
	}
	// Not all digits, or nothing above: fall back to LIKE.
	if sql, args := SubtreeSQL("c", "99"); sql != "c LIKE ?" || args[0] != "99%" {
		t.Errorf("all nines: %q %v", sql, args)
	}
	if sql, _ := SubtreeSQL("c", "65A3"); sql != "c LIKE ?" {
		t.Errorf("non-digit: %q", sql)
	}
}

// Covers agrees with the SQL: a record is inside exactly when its code lies
// in the range.
func TestCoversMatchesRange(t *testing.T) {
	for _, scope := range []string{"652300", "652327", "652329"} {
		_, args := SubtreeSQL("c", scope)
		lo, hi := args[0].(string), args[1].(string)
		for _, rec := range []string{"652300", "652301", "652327", "652328", "652329", "652330", "652400", "650000"} {
			inRange := rec >= lo && rec < hi
			if got := (Scope{Division: scope}).CoversDivision(rec); got != inRange {
				t.Errorf("scope %s record %s: Covers %v, range %v", scope, rec, got, inRange)
			}
		}
	}
}
