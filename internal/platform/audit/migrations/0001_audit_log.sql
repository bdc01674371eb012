-- The audit trail (审计日志): append-only, each row chained to the one before
-- by a SHA-256 hash, so that altering or removing any row breaks the chain.
CREATE TABLE audit_log (
	seq BIGINT PRIMARY KEY,
	at {{ts}} NOT NULL,
	actor_id BIGINT NOT NULL DEFAULT 0,
	actor TEXT NOT NULL,
	remote_addr TEXT NOT NULL DEFAULT '',
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id TEXT NOT NULL,
	division_code TEXT NOT NULL DEFAULT '',
	before_json TEXT NOT NULL DEFAULT '',
	after_json TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, seq);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);

-- The head row holds the last sequence number and hash. Updating it in every
-- recording transaction serialises writers on PostgreSQL (row lock) and lets
-- verification notice rows cut off the end of the chain.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL,
	hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
