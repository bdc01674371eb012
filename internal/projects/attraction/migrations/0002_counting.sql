-- Counting rules as data (projects.md §2.9 "Exclusions", §3 "招商 counting
-- rules, exclusions, floors"): a lead may be excluded from the attraction
-- statistics for a stated reason, and a floor on the contracted amount
-- applies from an effective date.
ALTER TABLE attraction_leads ADD COLUMN exclusion TEXT NOT NULL DEFAULT '';

CREATE TABLE attraction_count_rules (
	id {{pk}},
	effective_from DATE NOT NULL UNIQUE,
	floor BIGINT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
-- [U] Changji's floor is not published; other places count from 1亿
-- (5000万 for city departments) [P]. No floor until the bureau sets one.
INSERT INTO attraction_count_rules (effective_from, floor, source, created_at)
	VALUES ('2000-01-01', 0, 'No floor: the prefecture''s rule is not published [U]; e.g. 1亿 elsewhere (projects.md §2.9).', CURRENT_TIMESTAMP);
