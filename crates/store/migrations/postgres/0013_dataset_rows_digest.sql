-- The digest of a dataset version's stored rows (postgres; keep in step with
-- ../sqlite/0013_dataset_rows_digest.sql and crate::schema::TABLES): SHA-256
-- over the plain text of its dataset_rows blocks in row order
-- (domain::row_blocks::digest), so a block changed behind Simpul's back is
-- detected on read and by verify, as the uploaded file is by its own digest.
-- NULL for versions stored before this migration (their rows are checked for
-- structure only).
ALTER TABLE dataset_versions ADD COLUMN rows_sha256 TEXT;
