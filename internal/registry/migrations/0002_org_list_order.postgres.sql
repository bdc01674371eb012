-- The organisation list pages in (division_code, id) order with LIMIT. On
-- PostgreSQL an index on division_code alone makes the planner sort every
-- row of the table (incremental sort) for the first page: 12 ms at 100k
-- organisations, growing with the table (bench/, docs/performance.md). With
-- id in the index the first page is read straight off it. SQLite needs no
-- such index: registry_orgs_division already ends in the rowid, which is id.
CREATE INDEX registry_orgs_division_id ON registry_orgs (division_code, id);
