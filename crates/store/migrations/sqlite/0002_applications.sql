-- Application registry (Aplikasi SPBE), SQLite. Keep in step with
-- ../postgres/0002_applications.sql and crate::schema::TABLES.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    name TEXT NOT NULL, short_name TEXT, kind TEXT NOT NULL, state TEXT NOT NULL,
    planned_on TEXT, development_started_on TEXT, in_use_since TEXT, retired_on TEXT,
    platform TEXT NOT NULL, url TEXT, hosting TEXT, repository TEXT, license TEXT,
    development_method TEXT, last_audit_on TEXT, audit_result TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    UNIQUE (agency_id, name)
);
CREATE INDEX applications_agency ON applications(agency_id);

-- The SPBE functions an application serves (codes of apps::APP_FUNCTIONS).
-- Child tables have an id too: backups order every table by its id.
CREATE TABLE application_functions (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    function_code TEXT NOT NULL,
    UNIQUE (application_id, function_code)
);
CREATE INDEX application_functions_code ON application_functions(function_code);

-- Documentation handed over (codes of the profile's app_documentation_checklist).
CREATE TABLE application_documents (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    document_code TEXT NOT NULL,
    UNIQUE (application_id, document_code)
);
