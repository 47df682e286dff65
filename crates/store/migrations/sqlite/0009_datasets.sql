-- The Pusat Data's dataset catalogue and its classified, versioned
-- storage (sqlite). Keep in step with ../postgres/0009_datasets.sql and
-- crate::schema::TABLES.
CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    steward_person_id BIGINT REFERENCES people(id),
    verifier_person_id BIGINT REFERENCES people(id),
    -- Satu Data Indonesia data standard.
    concept TEXT NOT NULL,
    definition TEXT NOT NULL,
    sdi_classification TEXT,
    measure TEXT,
    unit TEXT,
    metadata TEXT,
    topic TEXT NOT NULL,
    -- JSON array of strings.
    tags TEXT NOT NULL,
    frequency TEXT NOT NULL,
    last_updated_on TEXT,
    coverage_start TEXT,
    coverage_end TEXT,
    -- JSON array of Kemendagri region codes.
    region_codes TEXT NOT NULL,
    licence TEXT NOT NULL,
    -- terbuka / terbatas / rahasia.
    confidentiality TEXT NOT NULL,
    -- JSON array of agency ids (terbatas); dataset_readers holds the same for queries.
    shared_with TEXT NOT NULL,
    -- Data register (Pergub Kalbar 177/2021 Pasal 11 ayat (7)).
    register_responsible TEXT NOT NULL,
    register_distribution TEXT,
    retention_years BIGINT,
    storage_location TEXT,
    backup_period TEXT,
    backup_medium TEXT,
    -- JSON array of declared columns.
    columns TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX datasets_agency ON datasets(agency_id);

-- Agencies named on a terbatas dataset, which may read it.
CREATE TABLE dataset_readers (
    id INTEGER PRIMARY KEY,
    dataset_id BIGINT NOT NULL REFERENCES datasets(id),
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    UNIQUE (dataset_id, agency_id)
);

-- Every accepted upload; the bytes as uploaded (sealed for rahasia data)
-- with the SHA-256 of the plain bytes.
CREATE TABLE dataset_versions (
    id INTEGER PRIMARY KEY,
    dataset_id BIGINT NOT NULL REFERENCES datasets(id),
    version_no BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    row_count BIGINT NOT NULL,
    encrypted BIGINT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (dataset_id, version_no)
);

-- The rows of a version in blocks: `data` is a JSON array of
-- `[row_no, [values in declared column order]]` for `row_count` rows from `row_no` (sealed and
-- base64 for rahasia data).
CREATE TABLE dataset_rows (
    id INTEGER PRIMARY KEY,
    version_id BIGINT NOT NULL REFERENCES dataset_versions(id),
    row_no BIGINT NOT NULL,
    row_count BIGINT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX dataset_rows_version ON dataset_rows(version_id, row_no);
