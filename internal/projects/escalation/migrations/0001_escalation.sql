-- Problems of key projects and their supervision (问题协调与督办).

-- Settings that vary by issuer: the notice number's 机关代字 and the
-- issuing unit printed on the 督办单. Both [U]: the prefecture's own are
-- not published; these are illustrative placeholders, editable.
CREATE TABLE escalation_settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL,
	updated_at {{ts}} NOT NULL
);
INSERT INTO escalation_settings (key, value, updated_at) VALUES ('notice_prefix', '昌州项目督', CURRENT_TIMESTAMP);
INSERT INTO escalation_settings (key, value, updated_at) VALUES ('issuing_unit', '昌吉州重点项目建设工作领导小组办公室', CURRENT_TIMESTAMP);

-- One tracked problem. Scope comes through the project (its county and
-- owner). responsible_org_id names a registry organisation; responsible_unit
-- is free text for units not in the registry (both may be empty while
-- 待交办). notice_year/notice_seq number the 督办单 (unique per year).
CREATE TABLE escalation_issues (
	id {{pk}},
	project_id BIGINT NOT NULL REFERENCES projects_projects (id),
	report_id BIGINT REFERENCES projects_reports (id),
	category TEXT NOT NULL,
	description TEXT NOT NULL,
	raised_by TEXT NOT NULL,
	raised_on DATE NOT NULL,
	responsible_org_id BIGINT REFERENCES registry_orgs (id),
	responsible_unit TEXT NOT NULL DEFAULT '',
	leader_person_id BIGINT REFERENCES registry_people (id),
	measures TEXT NOT NULL DEFAULT '',
	requirements TEXT NOT NULL DEFAULT '',
	deadline DATE NOT NULL,
	status TEXT NOT NULL,
	level TEXT NOT NULL,
	escalated_on DATE,
	resolution TEXT NOT NULL DEFAULT '',
	resolved_on DATE,
	notice_year INTEGER NOT NULL,
	notice_seq INTEGER NOT NULL,
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_by TEXT NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (notice_year, notice_seq)
);
CREATE INDEX escalation_issues_project ON escalation_issues (project_id);
CREATE INDEX escalation_issues_open ON escalation_issues (resolved_on, raised_on);

-- The last 督办单 sequence number given per year. Taking a number updates
-- the year's row, which PostgreSQL locks until the transaction ends, so
-- concurrent writers queue for numbers instead of colliding.
CREATE TABLE escalation_notice_seq (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

-- Every status change: who, when (the day it happened and the moment it was
-- recorded), the note and, for an escalation, the level.
CREATE TABLE escalation_history (
	id {{pk}},
	issue_id BIGINT NOT NULL REFERENCES escalation_issues (id) ON DELETE CASCADE,
	from_status TEXT NOT NULL,
	to_status TEXT NOT NULL,
	on_day DATE NOT NULL,
	level TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	actor TEXT NOT NULL,
	recorded_at {{ts}} NOT NULL
);
CREATE INDEX escalation_history_issue ON escalation_history (issue_id, id);
