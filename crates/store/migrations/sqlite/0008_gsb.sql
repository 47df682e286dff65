-- Sistem Penghubung Layanan (service bus) registry (sqlite): services,
-- consuming clients, their API keys and access rights. Keep in step with
-- ../postgres/0008_gsb.sql and crate::schema::TABLES. The gateway reads these
-- through Store::gsb_routing and polls meta.gsb_version.

CREATE TABLE gsb_services (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    application_id BIGINT REFERENCES applications(id),
    upstream_url TEXT NOT NULL,
    openapi TEXT,
    version TEXT,
    data_service BIGINT NOT NULL DEFAULT 0,
    confidentiality TEXT NOT NULL,
    availability_bp BIGINT,
    keep_bodies BIGINT NOT NULL DEFAULT 0,
    retention_days BIGINT,
    rate_limit_per_minute BIGINT,
    status TEXT NOT NULL,
    -- The Authorization header value sent upstream (external buses). Stored
    -- as given (encryption at rest is out of scope); never shown in full.
    outbound_auth TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX gsb_services_agency ON gsb_services(agency_id);

CREATE TABLE gsb_clients (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    application_id BIGINT NOT NULL REFERENCES applications(id),
    status TEXT NOT NULL,
    tls_cert_sha256 TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX gsb_clients_agency ON gsb_clients(agency_id);

-- API keys: only the SHA-256 digest and a short prefix are kept.
CREATE TABLE gsb_keys (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES gsb_clients(id),
    prefix TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    label TEXT,
    expires_on TEXT,
    revoked_at BIGINT,
    revoked_by TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX gsb_keys_client ON gsb_keys(client_id);
CREATE INDEX gsb_keys_prefix ON gsb_keys(prefix);

-- Access rights: operations NULL = the whole service, else one
-- "METHOD /path" per line.
CREATE TABLE gsb_grants (
    id INTEGER PRIMARY KEY,
    client_id BIGINT NOT NULL REFERENCES gsb_clients(id),
    service_id BIGINT NOT NULL REFERENCES gsb_services(id),
    purpose TEXT NOT NULL,
    operations TEXT,
    expires_on TEXT NOT NULL,
    status TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    decided_at BIGINT,
    decided_by TEXT,
    decider_role TEXT,
    decision_note TEXT,
    revoked_at BIGINT,
    revoked_by TEXT,
    revoked_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX gsb_grants_client ON gsb_grants(client_id);
CREATE INDEX gsb_grants_service ON gsb_grants(service_id);
