-- Data sharing between agencies by request and approval (sqlite; keep in
-- step with ../postgres/0012_data_sharing.sql and crate::schema::TABLES).
-- Perwali Banjarbaru 5/2018 Pasal 11–12: a request with the signed
-- statement, the owner's recommendation, the approver's decision; grants of
-- read-only access for a period; every read by a grantee logged.
CREATE TABLE data_requests (
    id INTEGER PRIMARY KEY,
    requester_agency_id BIGINT NOT NULL REFERENCES agencies(id),
    owner_agency_id BIGINT NOT NULL REFERENCES agencies(id),
    responsible_person TEXT NOT NULL,
    work_unit TEXT NOT NULL,
    purpose TEXT NOT NULL,
    intended_use TEXT NOT NULL,
    data_kind_form TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_until TEXT NOT NULL,
    statement_text TEXT NOT NULL,
    signed_by TEXT NOT NULL,
    signed_by_account_id BIGINT,
    signed_at BIGINT NOT NULL,
    statement_sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    recommended BIGINT,
    recommendation_note TEXT,
    recommended_by TEXT,
    recommended_at BIGINT,
    decision_reason TEXT,
    decided_by TEXT,
    decider_role TEXT,
    decided_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX data_requests_requester ON data_requests(requester_agency_id);
CREATE INDEX data_requests_owner ON data_requests(owner_agency_id);
CREATE INDEX data_requests_status ON data_requests(status);

CREATE TABLE data_request_datasets (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES data_requests(id),
    dataset_id BIGINT NOT NULL REFERENCES datasets(id),
    UNIQUE (request_id, dataset_id)
);

-- One grant per approved request: the requesting agency reads the request's
-- datasets from starts_at (start of period_from, local) until ends_at (end
-- of period_until, local), unless revoked.
CREATE TABLE data_grants (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL UNIQUE REFERENCES data_requests(id),
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    owner_agency_id BIGINT NOT NULL REFERENCES agencies(id),
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT,
    revoked_reason TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX data_grants_agency ON data_grants(agency_id);
CREATE INDEX data_grants_owner ON data_grants(owner_agency_id);

CREATE TABLE data_grant_datasets (
    id INTEGER PRIMARY KEY,
    grant_id BIGINT NOT NULL REFERENCES data_grants(id),
    dataset_id BIGINT NOT NULL REFERENCES datasets(id),
    UNIQUE (grant_id, dataset_id)
);
CREATE INDEX data_grant_datasets_dataset ON data_grant_datasets(dataset_id);

-- API tokens that read only one grant's datasets.
CREATE TABLE data_grant_tokens (
    id INTEGER PRIMARY KEY,
    token_id BIGINT NOT NULL UNIQUE REFERENCES api_tokens(id),
    grant_id BIGINT NOT NULL REFERENCES data_grants(id)
);

-- Every read by a grantee: who, which agency, which grant, which dataset
-- and version, what, when, from where.
CREATE TABLE data_reads (
    id INTEGER PRIMARY KEY,
    grant_id BIGINT NOT NULL REFERENCES data_grants(id),
    dataset_id BIGINT NOT NULL REFERENCES datasets(id),
    version_no BIGINT,
    account_id BIGINT,
    actor TEXT NOT NULL,
    agency_id BIGINT NOT NULL,
    what TEXT NOT NULL,
    path TEXT NOT NULL,
    via TEXT NOT NULL,
    ip TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX data_reads_grant ON data_reads(grant_id, at);
CREATE INDEX data_reads_dataset ON data_reads(dataset_id, at);
