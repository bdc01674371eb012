-- Scope filters are prefix LIKEs on division_code (access.Scope.SQL).
-- SQLite's LIKE is case-insensitive, so it uses an index for a prefix only
-- when the index collates NOCASE; codes are digits, so nothing changes in
-- meaning.
CREATE INDEX safety_hazards_division_like ON safety_hazards (division_code COLLATE NOCASE, status);
CREATE INDEX safety_actions_division_like ON safety_actions (division_code COLLATE NOCASE);
CREATE INDEX safety_reports_division_like ON safety_reports (division_code COLLATE NOCASE);

-- The statistics tables read these columns of every hazard found in the
-- period. SQLite's page cache is small; a covering index lets the
-- quarterly table read the index alone instead of one table page per
-- hazard (measured: 500,000 hazards, quarterly table 0.78 s → see the
-- benchmark in bench_test.go). PostgreSQL does not need it.
CREATE INDEX safety_hazards_stats ON safety_hazards (found_on, division_code, sector, kind, grade, source, status, listed_level, deadline, closed_at);
