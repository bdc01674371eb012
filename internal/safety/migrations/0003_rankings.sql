-- 红黑榜 schemes (data) and their published snapshots.
CREATE TABLE safety_ranking_schemes (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	subject TEXT NOT NULL,
	base DOUBLE PRECISION NOT NULL DEFAULT 100,
	red_top INTEGER NOT NULL DEFAULT 3,
	black_below DOUBLE PRECISION NOT NULL DEFAULT 80,
	items_json TEXT NOT NULL,
	effective_from DATE NOT NULL,
	effective_to DATE,
	source TEXT NOT NULL DEFAULT ''
);

CREATE TABLE safety_rankings (
	id {{pk}},
	scheme_id BIGINT NOT NULL REFERENCES safety_ranking_schemes (id),
	period_from DATE NOT NULL,
	period_to DATE NOT NULL,
	published_on DATE NOT NULL,
	created_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL
);

CREATE TABLE safety_ranking_entries (
	id {{pk}},
	ranking_id BIGINT NOT NULL REFERENCES safety_rankings (id),
	subject_key TEXT NOT NULL,
	name TEXT NOT NULL,
	score DOUBLE PRECISION NOT NULL,
	place INTEGER NOT NULL,
	list TEXT NOT NULL DEFAULT '',
	negative BOOLEAN NOT NULL DEFAULT FALSE,
	values_json TEXT NOT NULL
);
CREATE INDEX safety_ranking_entries_ranking ON safety_ranking_entries (ranking_id);

-- ILLUSTRATIVE quarterly county ranking after the Yibin model (domain
-- reference §2.8): red = top 3 without a negative event, black = under 80
-- and last, or a negative event. The scoring sheet is an example, to be
-- replaced by the prefecture's own.
INSERT INTO safety_ranking_schemes (code, name, subject, base, red_top, black_below, items_json, effective_from, source) VALUES
	('county-quarterly', '县市隐患排查整治季度红黑榜（示意）', 'county', 100, 3, 80,
	 '[{"indicator":"overdue","per_unit":-2,"cap":30},{"indicator":"listed_open","per_unit":-5,"cap":30},{"indicator":"rectification_rate","per_unit":0.1,"cap":0}]',
	 '2023-05-19', 'illustrative; model: Yibin county ranking (domain reference §2.8)');
