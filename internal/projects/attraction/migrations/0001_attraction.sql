-- Investment attraction (招商引资). Money columns are BIGINT in hundredths
-- of 万元, as in the projects module.

-- A lead (招商线索/项目). stage/stage_on repeat the last row of
-- attraction_stages for filtering; project_id is the library project the
-- landed lead became (one lead, one project).
CREATE TABLE attraction_leads (
	id {{pk}},
	name TEXT NOT NULL,
	investor_name TEXT NOT NULL,
	investor_province TEXT NOT NULL DEFAULT '',
	ownership TEXT NOT NULL,
	investor_org_id BIGINT REFERENCES registry_orgs (id),
	cluster_id BIGINT REFERENCES registry_clusters (id),
	park_id BIGINT REFERENCES registry_parks (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	planned_investment BIGINT NOT NULL DEFAULT 0,
	stage TEXT NOT NULL,
	stage_on DATE NOT NULL,
	project_id BIGINT UNIQUE REFERENCES projects_projects (id),
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX attraction_leads_division ON attraction_leads (division_code);
CREATE INDEX attraction_leads_investor ON attraction_leads (investor_org_id);
CREATE INDEX attraction_leads_stage ON attraction_leads (stage);

-- The dated stage history, forward-only (see stage.go).
CREATE TABLE attraction_stages (
	id {{pk}},
	lead_id BIGINT NOT NULL REFERENCES attraction_leads (id) ON DELETE CASCADE,
	stage TEXT NOT NULL,
	on_date DATE NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	recorded_by TEXT NOT NULL,
	recorded_at {{ts}} NOT NULL
);
CREATE INDEX attraction_stages_lead ON attraction_stages (lead_id, on_date);

-- Signings: framework, contract (an upgrade after a framework) or capital
-- increase (amount = new total; counted = what it adds). counted is
-- stored as computed by Counted() when the signing is entered.
CREATE TABLE attraction_signings (
	id {{pk}},
	lead_id BIGINT NOT NULL REFERENCES attraction_leads (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	signed_on DATE NOT NULL,
	amount BIGINT NOT NULL,
	counted BIGINT NOT NULL,
	contract_no TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE INDEX attraction_signings_lead ON attraction_signings (lead_id, signed_on);

-- The ledger of arrived funds (到位资金).
CREATE TABLE attraction_funds (
	id {{pk}},
	lead_id BIGINT NOT NULL REFERENCES attraction_leads (id) ON DELETE CASCADE,
	arrived_on DATE NOT NULL,
	amount BIGINT NOT NULL,
	source_province TEXT NOT NULL DEFAULT '',
	ownership TEXT NOT NULL,
	official BOOLEAN NOT NULL DEFAULT TRUE,
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE INDEX attraction_funds_lead ON attraction_funds (lead_id, arrived_on);
CREATE INDEX attraction_funds_day ON attraction_funds (arrived_on);
