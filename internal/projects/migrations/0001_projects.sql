-- Key projects and their dispatch (重点项目调度). Money columns are BIGINT
-- in hundredths of 万元 (see money.go); months are INTEGER yyyymm.

-- Settings that vary by place: the monthly report deadline and the like.
CREATE TABLE projects_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at {{ts}} NOT NULL
);
-- Reports for a month lock at the end of this day of the following month
-- [U]: the prefecture's calendar is not published; 10 is a placeholder.
INSERT INTO projects_settings (key, value, updated_at) VALUES ('report_deadline_day', '10', CURRENT_TIMESTAMP);
-- Statistics enrolment (入库) threshold in 万元: 500 since 2011 [P].
INSERT INTO projects_settings (key, value, updated_at) VALUES ('enrolment_threshold', '500.00', CURRENT_TIMESTAMP);

-- The project library (项目库). code is the national 项目代码, NULL for
-- reserve projects without one. stage/stage_on repeat the last row of
-- projects_stages for filtering; start_month is the month of the first
-- 新开工 and enrolled_month the month of 入库 (statistics enrolment).
CREATE TABLE projects_projects (
	id {{pk}},
	code TEXT UNIQUE,
	name TEXT NOT NULL,
	owner_org_id BIGINT REFERENCES registry_orgs (id),
	park_id BIGINT REFERENCES registry_parks (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	parent_id BIGINT REFERENCES projects_projects (id),
	sector TEXT NOT NULL DEFAULT '',
	build_type TEXT NOT NULL DEFAULT '',
	total_investment BIGINT NOT NULL DEFAULT 0,
	prior_completed BIGINT NOT NULL DEFAULT 0,
	capacity TEXT NOT NULL DEFAULT '',
	products TEXT NOT NULL DEFAULT '',
	leader_person_id BIGINT REFERENCES registry_people (id),
	responsible_org_id BIGINT REFERENCES registry_orgs (id),
	responsible_person TEXT NOT NULL DEFAULT '',
	stage TEXT NOT NULL,
	stage_on DATE NOT NULL,
	planned_start_month INTEGER,
	start_month INTEGER,
	enrolled_month INTEGER,
	stats_id TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX projects_projects_division ON projects_projects (division_code);
CREATE INDEX projects_projects_owner ON projects_projects (owner_org_id);
CREATE INDEX projects_projects_park ON projects_projects (park_id);
CREATE INDEX projects_projects_parent ON projects_projects (parent_id);

-- Cluster tags, each cluster belonging to one taxonomy version.
CREATE TABLE projects_clusters (
	project_id BIGINT NOT NULL REFERENCES projects_projects (id) ON DELETE CASCADE,
	cluster_id BIGINT NOT NULL REFERENCES registry_clusters (id),
	PRIMARY KEY (project_id, cluster_id)
);
CREATE INDEX projects_clusters_cluster ON projects_clusters (cluster_id);

-- Phases (分期): a project may open in phases.
CREATE TABLE projects_phases (
	id {{pk}},
	project_id BIGINT NOT NULL REFERENCES projects_projects (id) ON DELETE CASCADE,
	seq INTEGER NOT NULL,
	name TEXT NOT NULL,
	capacity TEXT NOT NULL DEFAULT '',
	investment BIGINT NOT NULL DEFAULT 0,
	notes TEXT NOT NULL DEFAULT '',
	UNIQUE (project_id, seq)
);

-- Stage history (阶段): one row per change, with the day it happened.
CREATE TABLE projects_stages (
	id {{pk}},
	project_id BIGINT NOT NULL REFERENCES projects_projects (id) ON DELETE CASCADE,
	phase_id BIGINT REFERENCES projects_phases (id),
	stage TEXT NOT NULL,
	on_date DATE NOT NULL,
	note TEXT NOT NULL DEFAULT '',
	recorded_by TEXT NOT NULL,
	recorded_at {{ts}} NOT NULL
);
CREATE INDEX projects_stages_project ON projects_stages (project_id, on_date);

-- Milestones with planned and actual dates (节点).
CREATE TABLE projects_milestones (
	id {{pk}},
	project_id BIGINT NOT NULL REFERENCES projects_projects (id) ON DELETE CASCADE,
	phase_id BIGINT REFERENCES projects_phases (id),
	kind TEXT NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	planned DATE,
	actual DATE,
	notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX projects_milestones_project ON projects_milestones (project_id);

-- The 前期 approvals checklist: its items are data (provinces add 林草,
-- 施工许可 …).
CREATE TABLE projects_approval_kinds (
	code TEXT PRIMARY KEY,
	name_zh TEXT NOT NULL,
	name_en TEXT NOT NULL,
	sort_order INTEGER NOT NULL DEFAULT 0,
	active BOOLEAN NOT NULL DEFAULT TRUE
);
INSERT INTO projects_approval_kinds (code, name_zh, name_en, sort_order) VALUES
	('land_pre', '用地预审', 'Land-use pre-examination', 1),
	('energy', '节能审查（能评）', 'Energy-conservation review', 2),
	('eia', '环境影响评价（环评）', 'Environmental impact assessment', 3),
	('forest_grass', '林地草地征占用', 'Forest and grassland use', 4),
	('land_cert', '土地证', 'Land-use certificate', 5),
	('planning', '规划许可', 'Planning permit', 6),
	('swc', '水土保持方案', 'Soil and water conservation plan', 7),
	('construction', '施工许可', 'Construction permit', 8);

CREATE TABLE projects_approvals (
	project_id BIGINT NOT NULL REFERENCES projects_projects (id) ON DELETE CASCADE,
	kind_code TEXT NOT NULL REFERENCES projects_approval_kinds (code),
	status TEXT NOT NULL,
	doc_no TEXT NOT NULL DEFAULT '',
	obtained_on DATE,
	notes TEXT NOT NULL DEFAULT '',
	updated_at {{ts}} NOT NULL,
	PRIMARY KEY (project_id, kind_code)
);

-- Seasonal planned-value curves: 12 monthly weights, "w1,w2,…,w12".
CREATE TABLE projects_curves (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	weights TEXT NOT NULL,
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL
);
INSERT INTO projects_curves (code, name, weights, notes, illustrative, created_at) VALUES
	('linear', '均衡（序时进度）', '1,1,1,1,1,1,1,1,1,1,1,1', 'm/12, the 发改 reports'' 序时进度', FALSE, CURRENT_TIMESTAMP),
	('xj-winter', '新疆冬歇期曲线（示意）', '0,1,6,11,13,14,14,14,13,9,4,1',
	 'Illustrative [U]: collective resumption mid-March (2022-03-17, 2023-03-17), sites stop around Oct–Nov; calibrate from the prefecture''s monthly history (domain reference §5 q8).', TRUE, CURRENT_TIMESTAMP);

-- Red/yellow/green rule sets (红黄绿灯规则), per issuing government and year.
CREATE TABLE projects_rule_sets (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	issuer TEXT NOT NULL,
	year INTEGER NOT NULL,
	effective_from DATE NOT NULL,
	effective_to DATE,
	source TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL
);

-- conditions is a JSON array of {"metric","op","threshold"}, all of which
-- must hold in each of the last persistence months.
CREATE TABLE projects_rules (
	id {{pk}},
	rule_set_id BIGINT NOT NULL REFERENCES projects_rule_sets (id) ON DELETE CASCADE,
	dimension TEXT NOT NULL,
	colour TEXT NOT NULL,
	conditions TEXT NOT NULL,
	persistence INTEGER NOT NULL DEFAULT 1,
	action TEXT NOT NULL DEFAULT '',
	sort_order INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX projects_rules_set ON projects_rules (rule_set_id);

-- Yinchuan 2025 (domain reference §2.5 [P], https://m.qlbk.net/news/3Ww4l7bw75.html).
INSERT INTO projects_rule_sets (code, name, issuer, year, effective_from, source, notes, illustrative, created_at) VALUES
	('yinchuan-2025', '银川市2025年重点项目红黄绿灯', '银川市人民政府', 2025, '2025-01-01', 'https://m.qlbk.net/news/3Ww4l7bw75.html',
	 'Another city''s published bands, used until Changji adopts its own (open question 3). Start: yellow from the due month, red at 3 overdue months; progress: yellow 10–30 pp below 序时进度 inclusive, red > 30 pp; enrolment: yellow 1–2 months after start, red > 2.', FALSE, CURRENT_TIMESTAMP);
INSERT INTO projects_rules (rule_set_id, dimension, colour, conditions, persistence, action, sort_order)
	SELECT id, 'progress', 'red', '[{"metric":"schedule_gap_pp","op":"lt","threshold":"-30"}]', 1, '重点督办，制定推进计划并明确时间表和责任人，发督办函', 1 FROM projects_rule_sets WHERE code = 'yinchuan-2025';
INSERT INTO projects_rules (rule_set_id, dimension, colour, conditions, persistence, action, sort_order)
	SELECT id, 'progress', 'yellow', '[{"metric":"schedule_gap_pp","op":"le","threshold":"-10"},{"metric":"schedule_gap_pp","op":"ge","threshold":"-30"}]', 1, '责任单位督促推进', 2 FROM projects_rule_sets WHERE code = 'yinchuan-2025';
INSERT INTO projects_rules (rule_set_id, dimension, colour, conditions, persistence, action, sort_order)
	SELECT id, 'start', 'red', '[{"metric":"start_overdue_months","op":"ge","threshold":"3"}]', 1, '重点督办，发督办函', 3 FROM projects_rule_sets WHERE code = 'yinchuan-2025';
INSERT INTO projects_rules (rule_set_id, dimension, colour, conditions, persistence, action, sort_order)
	SELECT id, 'start', 'yellow', '[{"metric":"start_overdue_months","op":"ge","threshold":"1"}]', 1, '责任单位督促推进', 4 FROM projects_rule_sets WHERE code = 'yinchuan-2025';
INSERT INTO projects_rules (rule_set_id, dimension, colour, conditions, persistence, action, sort_order)
	SELECT id, 'enrolment', 'red', '[{"metric":"enrolment_lag_months","op":"gt","threshold":"2"}]', 1, '重点督办', 5 FROM projects_rule_sets WHERE code = 'yinchuan-2025';
INSERT INTO projects_rules (rule_set_id, dimension, colour, conditions, persistence, action, sort_order)
	SELECT id, 'enrolment', 'yellow', '[{"metric":"enrolment_lag_months","op":"ge","threshold":"1"}]', 1, '督促入库', 6 FROM projects_rule_sets WHERE code = 'yinchuan-2025';

-- Annual key-project lists (年度重点项目清单). Adopting a list freezes its
-- baseline (年初下达); later changes are logged with reasons (年中调整).
CREATE TABLE projects_lists (
	id {{pk}},
	year INTEGER NOT NULL,
	name TEXT NOT NULL,
	issuer TEXT NOT NULL DEFAULT '',
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	rule_set_id BIGINT REFERENCES projects_rule_sets (id),
	curve_id BIGINT REFERENCES projects_curves (id),
	adopted_at {{ts}},
	adopted_by TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (year, name)
);

-- Membership of a project in a list. baseline_plan is NULL for an item
-- added after adoption (it was not in the baseline); removed items stay,
-- marked, so the baseline can still be shown.
CREATE TABLE projects_list_items (
	list_id BIGINT NOT NULL REFERENCES projects_lists (id) ON DELETE CASCADE,
	project_id BIGINT NOT NULL REFERENCES projects_projects (id),
	category TEXT NOT NULL,
	annual_plan BIGINT NOT NULL,
	planned_start_month INTEGER,
	in_baseline BOOLEAN NOT NULL DEFAULT FALSE,
	baseline_plan BIGINT,
	removed BOOLEAN NOT NULL DEFAULT FALSE,
	added_at {{ts}} NOT NULL,
	PRIMARY KEY (list_id, project_id)
);
CREATE INDEX projects_list_items_project ON projects_list_items (project_id);

-- Monthly plan (月度计划投资) of an item: plan now, baseline as frozen.
-- plan is NULL when a re-plan gave no monthly figures: the row then only
-- keeps the frozen baseline.
CREATE TABLE projects_item_months (
	list_id BIGINT NOT NULL,
	project_id BIGINT NOT NULL,
	month INTEGER NOT NULL,
	plan BIGINT,
	baseline BIGINT,
	PRIMARY KEY (list_id, project_id, month),
	FOREIGN KEY (list_id, project_id) REFERENCES projects_list_items (list_id, project_id) ON DELETE CASCADE
);

CREATE TABLE projects_list_changes (
	id {{pk}},
	list_id BIGINT NOT NULL REFERENCES projects_lists (id) ON DELETE CASCADE,
	project_id BIGINT NOT NULL REFERENCES projects_projects (id),
	kind TEXT NOT NULL,
	reason TEXT NOT NULL,
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT '',
	changed_by TEXT NOT NULL,
	changed_at {{ts}} NOT NULL
);
CREATE INDEX projects_list_changes_list ON projects_list_changes (list_id, changed_at);

-- Monthly progress reports (月度进度). A second report for a month is a
-- correction: a new revision becomes current and the old one stays.
-- division_code and owner_org_id repeat the project's for scoped queries.
CREATE TABLE projects_reports (
	id {{pk}},
	project_id BIGINT NOT NULL REFERENCES projects_projects (id),
	month INTEGER NOT NULL,
	revision INTEGER NOT NULL,
	is_current BOOLEAN NOT NULL,
	physical_amount BIGINT NOT NULL,
	stats_amount BIGINT NOT NULL,
	physical_pct INTEGER,
	narrative TEXT NOT NULL DEFAULT '',
	problems TEXT NOT NULL DEFAULT '',
	division_code TEXT NOT NULL,
	owner_org_id BIGINT,
	reported_by BIGINT NOT NULL DEFAULT 0,
	reporter TEXT NOT NULL,
	reported_at {{ts}} NOT NULL,
	after_lock BOOLEAN NOT NULL DEFAULT FALSE,
	UNIQUE (project_id, month, revision)
);
CREATE INDEX projects_reports_current ON projects_reports (project_id, is_current, month);
CREATE INDEX projects_reports_division ON projects_reports (division_code, month);

-- Computed lights: one per project, list and month, with the rule set and
-- the findings and figures that produced it (JSON).
CREATE TABLE projects_lights (
	id {{pk}},
	project_id BIGINT NOT NULL REFERENCES projects_projects (id),
	list_id BIGINT NOT NULL REFERENCES projects_lists (id) ON DELETE CASCADE,
	month INTEGER NOT NULL,
	colour TEXT NOT NULL,
	rule_set_id BIGINT REFERENCES projects_rule_sets (id),
	findings TEXT NOT NULL,
	figures TEXT NOT NULL,
	division_code TEXT NOT NULL,
	owner_org_id BIGINT,
	computed_at {{ts}} NOT NULL,
	UNIQUE (list_id, project_id, month)
);
CREATE INDEX projects_lights_month ON projects_lights (list_id, month, colour);
