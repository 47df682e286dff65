-- Applications' relations to each other and the kinds of data they hold
-- (sqlite). Keep in step with ../postgres/0006_app_relations.sql and
-- crate::schema::TABLES.

-- Kinds of data an application holds (codes of apps::APP_DATA_KINDS).
CREATE TABLE application_data_kinds (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    data_kind TEXT NOT NULL,
    UNIQUE (application_id, data_kind)
);

-- "application_id uses / exchanges data with related_id"; "used by" is the
-- same row read from the other side.
CREATE TABLE application_relations (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    related_id BIGINT NOT NULL REFERENCES applications(id),
    kind TEXT NOT NULL,
    note TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (application_id, related_id, kind),
    CHECK (application_id <> related_id)
);
CREATE INDEX application_relations_related ON application_relations(related_id);
