-- Photos of a monthly report's 形象进度 (physical progress). Kept in the
-- database so that a backup holds them with the report they prove; the
-- SHA-256 is recorded in the audit trail. division_code and owner_org_id
-- repeat the project's for scoped reads.
CREATE TABLE projects_photos (
	id {{pk}},
	report_id BIGINT NOT NULL REFERENCES projects_reports (id),
	project_id BIGINT NOT NULL REFERENCES projects_projects (id),
	content_type TEXT NOT NULL,
	size_bytes INTEGER NOT NULL,
	sha256 TEXT NOT NULL,
	data {{blob}} NOT NULL,
	division_code TEXT NOT NULL,
	owner_org_id BIGINT,
	created_at {{ts}} NOT NULL
);
CREATE INDEX projects_photos_report ON projects_photos (report_id);
