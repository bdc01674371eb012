package escalation

import (
	"strconv"
	"time"

	"github.com/changji-gov/bogda/internal/platform/db"
)

// NoticeNumber formats a supervision notice's number (督办单编号) the way
// Chinese official documents number theirs (GB/T 9704-2012 §7.2.4 发文字号:
// 机关代字 + year in 六角括号 〔〕 + sequence + 号, no leading zeros):
// prefix "昌州项目督", year 2025, seq 7 → "昌州项目督〔2025〕7号".
func NoticeNumber(prefix string, year, seq int) string {
	if seq <= 0 {
		return ""
	}
	return prefix + "〔" + strconv.Itoa(year) + "〕" + strconv.Itoa(seq) + "号"
}

// monthBounds returns the first and last day of month (yyyymm).
func monthBounds(year int, month time.Month) (db.Date, db.Date) {
	first := time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
	return db.Date{Time: first}, db.Date{Time: first.AddDate(0, 1, -1)}
}

// MeetingDay returns the day a monthly meeting view is computed for: the
// last day of the month, or today while the month is still running (a
// meeting held on the 5th looks at the state of the 5th, not of the 31st).
func MeetingDay(year int, month time.Month, today db.Date) db.Date {
	_, last := monthBounds(year, month)
	if !today.IsZero() && today.Before(last.Time) {
		return today
	}
	return last
}
