-- Files of an application's documentation, kept in the Repositori (the
-- attachment store) with their SHA-256 (sqlite). Keep in step with
-- ../postgres/0007_app_files.sql and crate::schema::TABLES.
CREATE TABLE application_files (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    attachment_id BIGINT NOT NULL REFERENCES attachments(id),
    -- The checklist item the file hands over (a code of the profile's
    -- app_documentation_checklist), or NULL for another document.
    document_code TEXT,
    title TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (attachment_id)
);
CREATE INDEX application_files_app ON application_files(application_id);
