-- Enforcement cases (执法案件) grouping actions, published as typical cases
-- in batches; and the check of the principal person's duties (安全生产法 §21).
CREATE TABLE safety_cases (
	id {{pk}},
	enterprise_id BIGINT NOT NULL REFERENCES safety_enterprises (id),
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	title TEXT NOT NULL,
	summary TEXT NOT NULL DEFAULT '',
	opened_on DATE NOT NULL,
	published BOOLEAN NOT NULL DEFAULT FALSE,
	batch TEXT NOT NULL DEFAULT '',
	published_on DATE,
	created_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX safety_cases_division ON safety_cases (division_code);
CREATE INDEX safety_cases_published ON safety_cases (published, batch);

ALTER TABLE safety_actions ADD COLUMN case_id BIGINT REFERENCES safety_cases (id);

-- The duties of the principal person in charge, 安全生产法 (2021) §21.
CREATE TABLE safety_duty_items (
	id {{pk}},
	code TEXT NOT NULL UNIQUE,
	text TEXT NOT NULL,
	source TEXT NOT NULL DEFAULT '',
	sort_order INTEGER NOT NULL DEFAULT 0,
	effective_from DATE NOT NULL,
	effective_to DATE
);

CREATE TABLE safety_duty_checks (
	id {{pk}},
	enterprise_id BIGINT NOT NULL REFERENCES safety_enterprises (id),
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	checked_on DATE NOT NULL,
	checker TEXT NOT NULL,
	results_json TEXT NOT NULL,
	met INTEGER NOT NULL,
	total INTEGER NOT NULL,
	created_by BIGINT NOT NULL,
	created_at {{ts}} NOT NULL
);
CREATE INDEX safety_duty_checks_enterprise ON safety_duty_checks (enterprise_id);

INSERT INTO safety_duty_items (code, text, source, sort_order, effective_from) VALUES
	('21-1', '建立健全并落实本单位全员安全生产责任制，加强安全生产标准化建设', '安全生产法（2021年修正）第二十一条第（一）项', 1, '2021-09-01'),
	('21-2', '组织制定并实施本单位安全生产规章制度和操作规程', '安全生产法（2021年修正）第二十一条第（二）项', 2, '2021-09-01'),
	('21-3', '组织制定并实施本单位安全生产教育和培训计划', '安全生产法（2021年修正）第二十一条第（三）项', 3, '2021-09-01'),
	('21-4', '保证本单位安全生产投入的有效实施', '安全生产法（2021年修正）第二十一条第（四）项', 4, '2021-09-01'),
	('21-5', '组织建立并落实安全风险分级管控和隐患排查治理双重预防工作机制，督促、检查本单位的安全生产工作，及时消除生产安全事故隐患', '安全生产法（2021年修正）第二十一条第（五）项', 5, '2021-09-01'),
	('21-6', '组织制定并实施本单位的生产安全事故应急救援预案', '安全生产法（2021年修正）第二十一条第（六）项', 6, '2021-09-01'),
	('21-7', '及时、如实报告生产安全事故', '安全生产法（2021年修正）第二十一条第（七）项', 7, '2021-09-01');
