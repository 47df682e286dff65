-- Cables taken out of service (sqlite; keep in step with
-- ../postgres/0010_cable_decommission.sql and crate::schema::TABLES): the row
-- stays (it is history and carries its label code), its ports are freed and
-- its ends kept as text.
ALTER TABLE cables ADD COLUMN decommissioned_on TEXT;
