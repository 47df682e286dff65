-- Foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql;
-- the parity test in tests/ compares both with crate::schema::TABLES.
CREATE TABLE write_lock (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO write_lock (id, n) VALUES (1, 0);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE pemda_profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL, level TEXT NOT NULL, region_code TEXT NOT NULL, domain TEXT NOT NULL,
    timezone TEXT NOT NULL, regulation TEXT NOT NULL, updated_at BIGINT NOT NULL
);

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, short_name TEXT, kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES agencies(id), head_person_id BIGINT,
    address TEXT, phone TEXT, email TEXT, website TEXT,
    mandiri_tik BIGINT NOT NULL DEFAULT 0, mandiri_tik_since TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    code TEXT NOT NULL, name TEXT NOT NULL, active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    UNIQUE (agency_id, code)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    nip TEXT UNIQUE, name TEXT NOT NULL, position TEXT,
    agency_id BIGINT NOT NULL REFERENCES agencies(id), unit_id BIGINT REFERENCES units(id),
    email TEXT, phone TEXT, active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
CREATE INDEX people_agency ON people(agency_id);

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE, person_id BIGINT UNIQUE REFERENCES people(id),
    password_hash TEXT NOT NULL, active BIGINT NOT NULL DEFAULT 1,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    failed_logins BIGINT NOT NULL DEFAULT 0, locked_until BIGINT, last_login_at BIGINT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);

CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL, agency_id BIGINT REFERENCES agencies(id),
    scope_key BIGINT NOT NULL,
    UNIQUE (account_id, role, scope_key)
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE, account_id BIGINT NOT NULL REFERENCES accounts(id),
    csrf_token TEXT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL, ip TEXT, user_agent TEXT
);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL, prefix TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, scope TEXT NOT NULL,
    created_at BIGINT NOT NULL, expires_at BIGINT, last_used_at BIGINT, revoked_at BIGINT
);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY, at BIGINT NOT NULL,
    actor_account_id BIGINT, actor TEXT NOT NULL, ip TEXT, agency_id BIGINT,
    entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL,
    before_state TEXT, after_state TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL
);
CREATE INDEX audit_agency ON audit_log(agency_id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_actor ON audit_log(actor_account_id);
-- Append-only: the application never updates or deletes entries.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
