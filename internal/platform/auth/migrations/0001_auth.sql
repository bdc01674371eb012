-- Accounts (用户). Users are never deleted, only disabled, so that the audit
-- trail keeps pointing at someone. scope_org_id names an organisation of the
-- registry; it has no foreign key because the registry migrates after auth.
CREATE TABLE users (
	id {{pk}},
	username TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	role TEXT NOT NULL,
	scope_division TEXT NOT NULL DEFAULT '',
	scope_org_id BIGINT NOT NULL DEFAULT 0,
	lang TEXT NOT NULL DEFAULT '',
	active BOOLEAN NOT NULL DEFAULT TRUE,
	failed_logins INTEGER NOT NULL DEFAULT 0,
	locked_until {{ts}},
	password_changed_at {{ts}} NOT NULL,
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL
);
CREATE INDEX users_role ON users (role, active);

-- Browser sessions. Only the SHA-256 of the cookie's token is stored, so a
-- copy of the database does not let anyone sign in.
CREATE TABLE sessions (
	token_hash TEXT PRIMARY KEY,
	user_id BIGINT NOT NULL REFERENCES users (id),
	created_at {{ts}} NOT NULL,
	expires_at {{ts}} NOT NULL,
	last_seen_at {{ts}} NOT NULL,
	remote_addr TEXT NOT NULL DEFAULT '',
	user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- API tokens for machines (field gateways, enterprise systems), hashed like
-- sessions; prefix is the first characters, shown so that a user can tell
-- tokens apart.
CREATE TABLE api_tokens (
	id {{pk}},
	user_id BIGINT NOT NULL REFERENCES users (id),
	name TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	prefix TEXT NOT NULL,
	created_at {{ts}} NOT NULL,
	last_used_at {{ts}},
	expires_at {{ts}},
	revoked_at {{ts}}
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Failed logins by address, for the per-address limit; rows older than the
-- window are pruned as new ones arrive.
CREATE TABLE login_failures (
	id {{pk}},
	remote_addr TEXT NOT NULL,
	username TEXT NOT NULL DEFAULT '',
	at {{ts}} NOT NULL
);
CREATE INDEX login_failures_addr ON login_failures (remote_addr, at);
CREATE INDEX login_failures_at ON login_failures (at);
