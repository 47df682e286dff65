-- ICT asset registry (inventaris aset TIK), SQLite. Keep in step with
-- ../postgres/0003_assets.sql and crate::schema::TABLES.
CREATE TABLE assets (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    asset_tag TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL, category TEXT NOT NULL, kind TEXT NOT NULL,
    state TEXT NOT NULL, state_since TEXT NOT NULL,
    location TEXT, unit_id BIGINT REFERENCES units(id),
    manufacturer TEXT, model TEXT, serial_number TEXT,
    purchase_date TEXT, price BIGINT, warranty_until TEXT,
    assigned_person_id BIGINT REFERENCES people(id), notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
CREATE INDEX assets_agency ON assets(agency_id);
CREATE INDEX assets_state ON assets(state);

-- Every lifecycle state an asset entered, with the date it did.
CREATE TABLE asset_state_changes (
    id INTEGER PRIMARY KEY,
    asset_id BIGINT NOT NULL REFERENCES assets(id),
    from_state TEXT, to_state TEXT NOT NULL, changed_on TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX asset_state_changes_asset ON asset_state_changes(asset_id);

-- Software licences held by an agency, and their seats.
CREATE TABLE licences (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    product TEXT NOT NULL, vendor TEXT, licence_key TEXT,
    seats_total BIGINT NOT NULL, expires_on TEXT, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
CREATE INDEX licences_agency ON licences(agency_id);

-- A seat goes to one hardware asset or to one person.
CREATE TABLE licence_seats (
    id INTEGER PRIMARY KEY,
    licence_id BIGINT NOT NULL REFERENCES licences(id),
    asset_id BIGINT REFERENCES assets(id),
    person_id BIGINT REFERENCES people(id),
    note TEXT, created_at BIGINT NOT NULL,
    UNIQUE (licence_id, asset_id),
    UNIQUE (licence_id, person_id)
);
CREATE INDEX licence_seats_licence ON licence_seats(licence_id);
