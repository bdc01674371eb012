-- Park statistics and evaluation (园区统计与评价). Money columns are BIGINT
-- in hundredths of 万元 (projects.Amount); land, energy, emissions and
-- electricity are BIGINT hundredths of their unit (亩, 吨标准煤, 吨,
-- 万千瓦时); scores are BIGINT hundredths of a point.

CREATE TABLE parkstats_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at {{ts}} NOT NULL
);
-- 高新技术企业 certificates are valid three years (国科发火〔2016〕32号) [U].
INSERT INTO parkstats_settings (key, value, updated_at) VALUES ('hightech_validity_years', '3', CURRENT_TIMESTAMP);

-- Monthly and annual figures per park; park_id NULL is the figure entered
-- for the whole prefecture (the denominator of park shares). A second
-- entry for the same park and period is a correction: it becomes the
-- current revision, earlier ones stay as history. stat_scope is the
-- statistical scope (规上 / 全口径) of output and added value.
CREATE TABLE parkstats_figures (
	id {{pk}},
	park_id BIGINT REFERENCES registry_parks (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	period_kind TEXT NOT NULL,
	period INTEGER NOT NULL,
	stat_scope TEXT NOT NULL,
	gross_output BIGINT,
	added_value BIGINT,
	revenue BIGINT,
	tax BIGINT,
	employment INTEGER,
	land_mu BIGINT,
	revision INTEGER NOT NULL,
	is_current BOOLEAN NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	reporter TEXT NOT NULL,
	reported_at {{ts}} NOT NULL
);
CREATE UNIQUE INDEX parkstats_figures_rev ON parkstats_figures (division_code, COALESCE(park_id, 0), period_kind, period, revision);
CREATE INDEX parkstats_figures_period ON parkstats_figures (period_kind, period, is_current);
CREATE INDEX parkstats_figures_park ON parkstats_figures (park_id, period_kind, period);

-- High-tech enterprise certificates (高新技术企业证书). Park and county are
-- the organisation's at the time of entry, so counts by park need no join.
CREATE TABLE parkstats_hightech (
	id {{pk}},
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	park_id BIGINT REFERENCES registry_parks (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	cert_no TEXT NOT NULL UNIQUE,
	issued_on DATE NOT NULL,
	expires_on DATE NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX parkstats_hightech_dates ON parkstats_hightech (issued_on, expires_on);
CREATE INDEX parkstats_hightech_org ON parkstats_hightech (org_id);
CREATE INDEX parkstats_hightech_park ON parkstats_hightech (park_id);

-- 亩均效益 evaluation sheets: one per year, population (规上/规下) and
-- version. A sheet never changes once stored — a revision is a new
-- version — so a stored grade always points at the sheet that produced it.
-- lines and bands are JSON arrays (see mujun.go: Weighted, Band).
CREATE TABLE parkstats_mj_sheets (
	id {{pk}},
	year INTEGER NOT NULL,
	population TEXT NOT NULL,
	version INTEGER NOT NULL,
	name TEXT NOT NULL,
	method TEXT NOT NULL,
	exempt_grade TEXT NOT NULL,
	lines TEXT NOT NULL,
	bands TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	UNIQUE (year, population, version)
);

-- An enterprise's yearly figures for the evaluation.
CREATE TABLE parkstats_mj_inputs (
	id {{pk}},
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	park_id BIGINT REFERENCES registry_parks (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	year INTEGER NOT NULL,
	population TEXT NOT NULL,
	tax BIGINT NOT NULL DEFAULT 0,
	added_value BIGINT NOT NULL DEFAULT 0,
	revenue BIGINT NOT NULL DEFAULT 0,
	rd BIGINT NOT NULL DEFAULT 0,
	land_mu BIGINT NOT NULL DEFAULT 0,
	energy_tce BIGINT NOT NULL DEFAULT 0,
	emission_t BIGINT NOT NULL DEFAULT 0,
	electricity BIGINT NOT NULL DEFAULT 0,
	employees INTEGER NOT NULL DEFAULT 0,
	exempt BOOLEAN NOT NULL DEFAULT FALSE,
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	updated_at {{ts}} NOT NULL,
	UNIQUE (org_id, year)
);
CREATE INDEX parkstats_mj_inputs_year ON parkstats_mj_inputs (year, population);

-- Each enterprise's computed score and grade, with the sheet that made it.
CREATE TABLE parkstats_mj_results (
	sheet_id BIGINT NOT NULL REFERENCES parkstats_mj_sheets (id),
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	park_id BIGINT REFERENCES registry_parks (id),
	division_code TEXT NOT NULL,
	score BIGINT NOT NULL,
	rank_no INTEGER NOT NULL,
	grade TEXT NOT NULL,
	exempt BOOLEAN NOT NULL,
	evaluated_at {{ts}} NOT NULL,
	PRIMARY KEY (sheet_id, org_id)
);
CREATE INDEX parkstats_mj_results_div ON parkstats_mj_results (division_code);

-- Targets (目标) of a park or county with their progress: a money figure
-- to reach (不低于) by the end of due_year.
CREATE TABLE parkstats_targets (
	id {{pk}},
	park_id BIGINT REFERENCES registry_parks (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	name TEXT NOT NULL,
	target_value BIGINT NOT NULL,
	base_year INTEGER,
	due_year INTEGER NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX parkstats_targets_div ON parkstats_targets (division_code);

CREATE TABLE parkstats_target_progress (
	id {{pk}},
	target_id BIGINT NOT NULL REFERENCES parkstats_targets (id) ON DELETE CASCADE,
	as_of DATE NOT NULL,
	actual BIGINT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	reporter TEXT NOT NULL,
	reported_at {{ts}} NOT NULL,
	UNIQUE (target_id, as_of)
);
