-- Network registry (Jaringan Intra) and the attachment store (Repositori), SQLite.
-- Keep in step with ../postgres/0005_networks.sql and crate::schema::TABLES.

-- Files of any record, in the database. owner_kind/owner_id name the record
-- (e.g. 'lan_diagram', 42); no foreign key, so every module can own files.
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    owner_kind TEXT NOT NULL,
    owner_id BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id);

-- The Pemda's network settings: one row (id = 1).
CREATE TABLE network_settings (
    id INTEGER PRIMARY KEY,
    label_pattern TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- WAN links between agency sites (Jaringan Antar PD).
CREATE TABLE wan_links (
    id INTEGER PRIMARY KEY,
    from_agency_id BIGINT NOT NULL REFERENCES agencies(id),
    from_site TEXT,
    to_agency_id BIGINT NOT NULL REFERENCES agencies(id),
    to_site TEXT,
    medium TEXT NOT NULL,
    bandwidth_mbps BIGINT NOT NULL,
    provider TEXT,
    notes TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Network devices of an agency's LAN.
CREATE TABLE network_devices (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    hostname TEXT NOT NULL,
    kind TEXT NOT NULL,
    location TEXT,
    management_ip TEXT UNIQUE,
    model TEXT,
    serial_number TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (agency_id, hostname)
);

CREATE TABLE device_ports (
    id INTEGER PRIMARY KEY,
    device_id BIGINT NOT NULL REFERENCES network_devices(id),
    name TEXT NOT NULL,
    speed_mbps BIGINT,
    UNIQUE (device_id, name)
);

-- Data cables; each end is a device port or a free-text outlet position.
-- A port holds one cable end: UNIQUE per column here, and across the two
-- columns in the store (writes are serialised by the write lock).
CREATE TABLE cables (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    a_port_id BIGINT UNIQUE REFERENCES device_ports(id),
    a_outlet TEXT,
    b_port_id BIGINT UNIQUE REFERENCES device_ports(id),
    b_outlet TEXT,
    medium TEXT NOT NULL,
    length_m BIGINT,
    label_code TEXT UNIQUE,
    notes TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX cables_agency ON cables(agency_id);

-- LAN diagrams an agency handed in; the file is the attachment
-- ('lan_diagram', id). The latest by submitted_on is the current one.
CREATE TABLE lan_diagrams (
    id INTEGER PRIMARY KEY,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    submitted_on TEXT NOT NULL,
    notes TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX lan_diagrams_agency ON lan_diagrams(agency_id, submitted_on);
