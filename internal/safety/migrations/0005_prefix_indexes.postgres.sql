-- Scope filters are prefix LIKEs on division_code (access.Scope.SQL).
-- PostgreSQL uses a btree for LIKE 'prefix%' only with pattern operators
-- (or the C collation).
CREATE INDEX safety_hazards_division_like ON safety_hazards (division_code text_pattern_ops, status);
CREATE INDEX safety_actions_division_like ON safety_actions (division_code text_pattern_ops);
CREATE INDEX safety_reports_division_like ON safety_reports (division_code text_pattern_ops);
