-- S2 major accident hazards (重大事故隐患排查整治). References the registry's
-- divisions, organisations and people; runs after the registry migrations.

-- Sectors (行业领域); data, because campaigns add sectors (燃气, 渔船 …).
CREATE TABLE safety_sectors (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	name_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL DEFAULT 0
);

-- Criteria library: one row per edition of a determination standard
-- (重大事故隐患判定标准); effective_to is the last day in force, NULL if open.
CREATE TABLE safety_criteria_sets (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	family TEXT NOT NULL,
	sector TEXT NOT NULL REFERENCES safety_sectors (code),
	title TEXT NOT NULL,
	issuer TEXT NOT NULL DEFAULT '',
	doc_no TEXT NOT NULL DEFAULT '',
	effective_from DATE NOT NULL,
	effective_to DATE,
	source TEXT NOT NULL DEFAULT '',
	tag TEXT NOT NULL DEFAULT 'U',
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at {{ts}} NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX safety_criteria_sets_sector ON safety_criteria_sets (sector, family);

CREATE TABLE safety_criteria (
	id {{pk}},
	set_id BIGINT NOT NULL REFERENCES safety_criteria_sets (id),
	code TEXT NOT NULL,
	article TEXT NOT NULL DEFAULT '',
	text TEXT NOT NULL,
	grade TEXT NOT NULL DEFAULT 'major',
	kind TEXT NOT NULL DEFAULT 'management_defect',
	tag TEXT NOT NULL DEFAULT 'U',
	sort_order INTEGER NOT NULL DEFAULT 0,
	UNIQUE (set_id, code)
);

-- Enterprises in scope of the campaign: one per registry organisation.
-- Scope follows the organisation's county (registry_orgs.division_code).
CREATE TABLE safety_enterprises (
	id {{pk}},
	org_id BIGINT NOT NULL UNIQUE REFERENCES registry_orgs (id),
	sector TEXT NOT NULL REFERENCES safety_sectors (code),
	principal_person_id BIGINT REFERENCES registry_people (id),
	regulator TEXT NOT NULL DEFAULT '',
	major_hazard_source BOOLEAN NOT NULL DEFAULT FALSE,
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX safety_enterprises_sector ON safety_enterprises (sector);

-- Licences (安全生产许可证, 危险化学品经营许可证 …).
CREATE TABLE safety_licences (
	id {{pk}},
	enterprise_id BIGINT NOT NULL REFERENCES safety_enterprises (id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	number TEXT NOT NULL,
	issuer TEXT NOT NULL DEFAULT '',
	valid_from DATE,
	valid_to DATE
);
CREATE INDEX safety_licences_enterprise ON safety_licences (enterprise_id);

-- 包保: a leader assigned to an enterprise for a period, with visits.
CREATE TABLE safety_assignments (
	id {{pk}},
	enterprise_id BIGINT NOT NULL REFERENCES safety_enterprises (id),
	leader_person_id BIGINT NOT NULL REFERENCES registry_people (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	starts_on DATE NOT NULL,
	ends_on DATE,
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL
);
CREATE INDEX safety_assignments_enterprise ON safety_assignments (enterprise_id);
CREATE INDEX safety_assignments_division ON safety_assignments (division_code);

CREATE TABLE safety_visits (
	id {{pk}},
	assignment_id BIGINT NOT NULL REFERENCES safety_assignments (id),
	visited_on DATE NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	created_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE INDEX safety_visits_assignment ON safety_visits (assignment_id);

-- Inspections: an enterprise's self-inspection or a department's.
CREATE TABLE safety_inspections (
	id {{pk}},
	enterprise_id BIGINT NOT NULL REFERENCES safety_enterprises (id),
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	kind TEXT NOT NULL,
	inspected_on DATE NOT NULL,
	inspectors TEXT NOT NULL DEFAULT '',
	enterprise_signer TEXT NOT NULL DEFAULT '',
	lat DOUBLE PRECISION,
	lng DOUBLE PRECISION,
	notes TEXT NOT NULL DEFAULT '',
	created_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE INDEX safety_inspections_division ON safety_inspections (division_code);
CREATE INDEX safety_inspections_org ON safety_inspections (org_id);

-- Public reports (群众举报). Reporter identity lives in this table only and
-- is read only by the reward handlers (store_report.go).
CREATE TABLE safety_reports (
	id {{pk}},
	tracking_code TEXT NOT NULL UNIQUE,
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	enterprise_name TEXT NOT NULL DEFAULT '',
	org_id BIGINT REFERENCES registry_orgs (id),
	sector TEXT REFERENCES safety_sectors (code),
	body TEXT NOT NULL,
	address TEXT NOT NULL DEFAULT '',
	lat DOUBLE PRECISION,
	lng DOUBLE PRECISION,
	anonymous BOOLEAN NOT NULL DEFAULT TRUE,
	reporter_name TEXT NOT NULL DEFAULT '',
	reporter_phone TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	merged_into BIGINT REFERENCES safety_reports (id),
	regulator TEXT NOT NULL DEFAULT '',
	triage_note TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX safety_reports_division ON safety_reports (division_code, status);

-- Hazards (事故隐患台账). division_code and org_id are copied from the
-- enterprise when recorded: the ledger keeps the county it was found in.
CREATE TABLE safety_hazards (
	id {{pk}},
	enterprise_id BIGINT NOT NULL REFERENCES safety_enterprises (id),
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	sector TEXT NOT NULL REFERENCES safety_sectors (code),
	source TEXT NOT NULL,
	grade TEXT NOT NULL,
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	title TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	criterion_id BIGINT REFERENCES safety_criteria (id),
	inspection_id BIGINT REFERENCES safety_inspections (id),
	report_id BIGINT REFERENCES safety_reports (id),
	found_on DATE NOT NULL,
	deadline DATE,
	lat DOUBLE PRECISION,
	lng DOUBLE PRECISION,
	listed_level TEXT,
	listed_by TEXT NOT NULL DEFAULT '',
	listed_on DATE,
	publication_url TEXT NOT NULL DEFAULT '',
	reported_at {{ts}},
	applied_at {{ts}},
	closed_at {{ts}},
	created_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX safety_hazards_division ON safety_hazards (division_code, status);
CREATE INDEX safety_hazards_org ON safety_hazards (org_id);
CREATE INDEX safety_hazards_found ON safety_hazards (found_on);
CREATE INDEX safety_hazards_deadline ON safety_hazards (status, deadline);

-- Inspection findings: one row per checklist item answered.
CREATE TABLE safety_findings (
	id {{pk}},
	inspection_id BIGINT NOT NULL REFERENCES safety_inspections (id),
	criterion_id BIGINT REFERENCES safety_criteria (id),
	passed BOOLEAN NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	hazard_id BIGINT REFERENCES safety_hazards (id)
);
CREATE INDEX safety_findings_inspection ON safety_findings (inspection_id);

-- Treatment plan of a major hazard (治理方案), the five elements.
CREATE TABLE safety_plans (
	hazard_id BIGINT PRIMARY KEY REFERENCES safety_hazards (id),
	goal TEXT NOT NULL DEFAULT '',
	measures TEXT NOT NULL,
	funds_fen BIGINT NOT NULL DEFAULT 0,
	materials TEXT NOT NULL DEFAULT '',
	responsible TEXT NOT NULL,
	deadline DATE NOT NULL,
	contingency TEXT NOT NULL,
	updated_at {{ts}} NOT NULL
);

-- The hazard's own history, shown on its page (the audit log is the proof).
CREATE TABLE safety_hazard_events (
	id {{pk}},
	hazard_id BIGINT NOT NULL REFERENCES safety_hazards (id),
	event TEXT NOT NULL,
	from_status TEXT NOT NULL,
	to_status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	actor_id BIGINT NOT NULL,
	actor TEXT NOT NULL,
	at {{ts}} NOT NULL
);
CREATE INDEX safety_hazard_events_hazard ON safety_hazard_events (hazard_id);

-- Files: evidence of hazards, photos of reports and inspections, hashed.
CREATE TABLE safety_files (
	id {{pk}},
	hazard_id BIGINT REFERENCES safety_hazards (id),
	report_id BIGINT REFERENCES safety_reports (id),
	inspection_id BIGINT REFERENCES safety_inspections (id),
	purpose TEXT NOT NULL,
	name TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size BIGINT NOT NULL,
	sha256 TEXT NOT NULL,
	data {{blob}} NOT NULL,
	uploaded_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE INDEX safety_files_hazard ON safety_files (hazard_id);
CREATE INDEX safety_files_report ON safety_files (report_id);

-- Escalation ladder (逾期升级) as data.
CREATE TABLE safety_ladder_steps (
	id {{pk}},
	ladder TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	kind TEXT NOT NULL,
	days_overdue INTEGER NOT NULL CHECK (days_overdue >= 1),
	effective_from DATE NOT NULL,
	effective_to DATE,
	source TEXT NOT NULL DEFAULT ''
);

-- Enforcement and supervision actions (执法/督办措施).
CREATE TABLE safety_actions (
	id {{pk}},
	enterprise_id BIGINT NOT NULL REFERENCES safety_enterprises (id),
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	hazard_id BIGINT REFERENCES safety_hazards (id),
	ladder_step_id BIGINT REFERENCES safety_ladder_steps (id),
	kind TEXT NOT NULL,
	status TEXT NOT NULL,
	decided_on DATE NOT NULL,
	due_on DATE,
	done_on DATE,
	fine_fen BIGINT NOT NULL DEFAULT 0,
	doc_no TEXT NOT NULL DEFAULT '',
	authority TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	published BOOLEAN NOT NULL DEFAULT FALSE,
	created_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (hazard_id, ladder_step_id)
);
CREATE INDEX safety_actions_hazard ON safety_actions (hazard_id, status);
CREATE INDEX safety_actions_division ON safety_actions (division_code);

-- Reward rules (举报奖励) as data, amounts in fen.
CREATE TABLE safety_reward_rules (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	basis TEXT NOT NULL,
	rate_bp BIGINT NOT NULL DEFAULT 0,
	min_fen BIGINT NOT NULL DEFAULT 0,
	max_fen BIGINT NOT NULL DEFAULT 0,
	death_general_fen BIGINT NOT NULL DEFAULT 0,
	death_larger_fen BIGINT NOT NULL DEFAULT 0,
	death_major_fen BIGINT NOT NULL DEFAULT 0,
	death_especially_major_fen BIGINT NOT NULL DEFAULT 0,
	effective_from DATE NOT NULL,
	effective_to DATE,
	source TEXT NOT NULL DEFAULT ''
);

-- Rewards of verified reports: proposed → approved → paid.
CREATE TABLE safety_rewards (
	id {{pk}},
	report_id BIGINT NOT NULL UNIQUE REFERENCES safety_reports (id),
	rule_id BIGINT NOT NULL REFERENCES safety_reward_rules (id),
	fine_fen BIGINT NOT NULL DEFAULT 0,
	deaths_json TEXT NOT NULL DEFAULT '',
	amount_fen BIGINT NOT NULL,
	status TEXT NOT NULL,
	proposed_by BIGINT NOT NULL,
	approved_by BIGINT,
	approved_at {{ts}},
	paid_on DATE,
	payment_ref TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);

-- Serious-dishonesty list (严重失信主体名单, 令11号): policies and entries.
CREATE TABLE safety_credit_policies (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	months INTEGER NOT NULL CHECK (months >= 1),
	early_removal_months INTEGER NOT NULL DEFAULT 0,
	sectors TEXT NOT NULL DEFAULT '',
	effective_from DATE NOT NULL,
	effective_to DATE,
	source TEXT NOT NULL DEFAULT ''
);

CREATE TABLE safety_credit_situations (
	id {{pk}},
	policy_id BIGINT NOT NULL REFERENCES safety_credit_policies (id),
	code TEXT NOT NULL,
	text TEXT NOT NULL,
	tag TEXT NOT NULL DEFAULT 'U',
	UNIQUE (policy_id, code)
);

CREATE TABLE safety_dishonesty (
	id {{pk}},
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	policy_id BIGINT NOT NULL REFERENCES safety_credit_policies (id),
	situation_id BIGINT NOT NULL REFERENCES safety_credit_situations (id),
	decision_no TEXT NOT NULL,
	authority TEXT NOT NULL,
	decided_on DATE NOT NULL,
	published_on DATE NOT NULL,
	ends_on DATE NOT NULL,
	removed_on DATE,
	removal_reason TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX safety_dishonesty_division ON safety_dishonesty (division_code);
CREATE INDEX safety_dishonesty_org ON safety_dishonesty (org_id);
