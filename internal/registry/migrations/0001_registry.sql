-- The shared registry (基础信息): divisions, parks, organisations, cluster
-- taxonomies and people. Every other domain references these tables.

-- Administrative divisions (行政区划), keyed by their GB/T 2260 code.
CREATE TABLE registry_divisions (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	level TEXT NOT NULL,
	parent_code TEXT REFERENCES registry_divisions (code),
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX registry_divisions_parent ON registry_divisions (parent_code);

-- Parks (园区); a park belongs to one county.
CREATE TABLE registry_parks (
	id {{pk}},
	name TEXT NOT NULL UNIQUE,
	short_name TEXT NOT NULL DEFAULT '',
	level TEXT NOT NULL,
	kind TEXT NOT NULL,
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	committee TEXT NOT NULL DEFAULT '',
	area_km2 DOUBLE PRECISION,
	established DATE,
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX registry_parks_division ON registry_parks (division_code);

-- Organisations (组织机构). uscc is NULL when a government unit has none;
-- UNIQUE lets any number of NULLs through on both engines.
CREATE TABLE registry_orgs (
	id {{pk}},
	kind TEXT NOT NULL,
	name TEXT NOT NULL,
	uscc TEXT UNIQUE,
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	park_id BIGINT REFERENCES registry_parks (id),
	industry TEXT NOT NULL DEFAULT '',
	legal_rep TEXT NOT NULL DEFAULT '',
	principal TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	address TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX registry_orgs_division ON registry_orgs (division_code);
CREATE INDEX registry_orgs_park ON registry_orgs (park_id);

-- Cluster taxonomies (产业集群分类), one row per version; park_id NULL means
-- prefecture-wide. effective_to is the last day in force, NULL if open.
CREATE TABLE registry_taxonomies (
	id {{pk}},
	code TEXT NOT NULL,
	version TEXT NOT NULL,
	name TEXT NOT NULL,
	issuer TEXT NOT NULL DEFAULT '',
	park_id BIGINT REFERENCES registry_parks (id),
	effective_from DATE NOT NULL,
	effective_to DATE,
	notes TEXT NOT NULL DEFAULT '',
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (code, version)
);

CREATE TABLE registry_clusters (
	id {{pk}},
	taxonomy_id BIGINT NOT NULL REFERENCES registry_taxonomies (id) ON DELETE CASCADE,
	code TEXT NOT NULL,
	name TEXT NOT NULL,
	sort_order INTEGER NOT NULL DEFAULT 0,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	UNIQUE (taxonomy_id, code)
);

-- Cluster tags of organisations; a tagged cluster cannot be deleted.
CREATE TABLE registry_org_clusters (
	org_id BIGINT NOT NULL REFERENCES registry_orgs (id) ON DELETE CASCADE,
	cluster_id BIGINT NOT NULL REFERENCES registry_clusters (id),
	PRIMARY KEY (org_id, cluster_id)
);
CREATE INDEX registry_org_clusters_cluster ON registry_org_clusters (cluster_id);

-- People (人员).
CREATE TABLE registry_people (
	id {{pk}},
	name TEXT NOT NULL,
	title TEXT NOT NULL DEFAULT '',
	org_id BIGINT REFERENCES registry_orgs (id),
	division_code TEXT NOT NULL REFERENCES registry_divisions (code),
	phone TEXT NOT NULL DEFAULT '',
	role_note TEXT NOT NULL DEFAULT '',
	notes TEXT NOT NULL DEFAULT '',
	illustrative BOOLEAN NOT NULL DEFAULT FALSE,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX registry_people_division ON registry_people (division_code);
CREATE INDEX registry_people_org ON registry_people (org_id);
