-- Scope filters are prefix LIKEs on division_code (access.Scope.SQL).
-- SQLite's LIKE is case-insensitive, so it uses an index for a prefix only
-- when the index collates NOCASE; codes are digits, so nothing changes in
-- meaning.
CREATE INDEX safety_hazards_division_like ON safety_hazards (division_code COLLATE NOCASE, status);
CREATE INDEX safety_actions_division_like ON safety_actions (division_code COLLATE NOCASE);
CREATE INDEX safety_reports_division_like ON safety_reports (division_code COLLATE NOCASE);
