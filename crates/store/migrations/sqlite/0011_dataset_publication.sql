-- Publication of datasets on the open-data portal (sqlite; keep in step with
-- ../postgres/0011_dataset_publication.sql and crate::schema::TABLES): a
-- terbuka dataset reaches the public only after the regulation profile's
-- verification step (domain::datasets::Publication).
ALTER TABLE datasets ADD COLUMN publication TEXT NOT NULL DEFAULT 'draf';
ALTER TABLE datasets ADD COLUMN published_at BIGINT;
ALTER TABLE datasets ADD COLUMN publication_note TEXT;
CREATE INDEX datasets_public ON datasets(confidentiality, publication);
