-- Data centre (Pusat Data) and domain registry, SQLite. Keep in step with
-- ../postgres/0004_datacentre.sql and crate::schema::TABLES.
-- Sites: the main Pusat Data, the DRC, agencies' server rooms
-- (domain::datacentre::SiteKind). Perwali Balikpapan 14/2022 Pasal 19.
CREATE TABLE dc_sites (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL, kind TEXT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    address TEXT, tier BIGINT, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);

CREATE TABLE dc_rooms (
    id INTEGER PRIMARY KEY,
    site_id BIGINT NOT NULL REFERENCES dc_sites(id),
    name TEXT NOT NULL, floor TEXT, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    UNIQUE (site_id, name)
);

CREATE TABLE dc_racks (
    id INTEGER PRIMARY KEY,
    room_id BIGINT NOT NULL REFERENCES dc_rooms(id),
    code TEXT NOT NULL, height_u BIGINT NOT NULL, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    UNIQUE (room_id, code)
);

-- Physical servers; u_position is the lowest unit occupied (1 = bottom).
-- Overlaps within a rack are refused by the store.
CREATE TABLE dc_servers (
    id INTEGER PRIMARY KEY,
    hostname TEXT NOT NULL UNIQUE,
    rack_id BIGINT NOT NULL REFERENCES dc_racks(id),
    u_position BIGINT NOT NULL, u_height BIGINT NOT NULL,
    serial TEXT, model TEXT,
    cpu_cores BIGINT NOT NULL, ram_gb BIGINT NOT NULL, storage_gb BIGINT NOT NULL,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    ip_address TEXT, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
CREATE INDEX dc_servers_rack ON dc_servers(rack_id);

-- Virtual servers given to agencies (Pasal 19 ayat (11)); state is
-- diminta / aktif / dihentikan (domain::datacentre::VpsState).
CREATE TABLE dc_vps (
    id INTEGER PRIMARY KEY,
    hostname TEXT NOT NULL UNIQUE,
    server_id BIGINT NOT NULL REFERENCES dc_servers(id),
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    vcpu BIGINT NOT NULL, ram_gb BIGINT NOT NULL, disk_gb BIGINT NOT NULL,
    os TEXT, ip_address TEXT, state TEXT NOT NULL,
    requested_on TEXT, provisioned_on TEXT, decommissioned_on TEXT, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
CREATE INDEX dc_vps_server ON dc_vps(server_id);
CREATE INDEX dc_vps_agency ON dc_vps(agency_id);

-- Which application runs where: exactly one of server_id and vps_id.
CREATE TABLE dc_placements (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications(id),
    server_id BIGINT REFERENCES dc_servers(id),
    vps_id BIGINT REFERENCES dc_vps(id),
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    CHECK ((server_id IS NULL) <> (vps_id IS NULL)),
    UNIQUE (application_id, server_id),
    UNIQUE (application_id, vps_id)
);

-- Subdomains given to agencies (Pasal 30); fqdn is lower-case without the final dot.
CREATE TABLE subdomains (
    id INTEGER PRIMARY KEY,
    fqdn TEXT NOT NULL UNIQUE,
    agency_id BIGINT NOT NULL REFERENCES agencies(id),
    application_id BIGINT REFERENCES applications(id),
    purpose TEXT, record_type TEXT NOT NULL, target TEXT NOT NULL,
    registered_on TEXT NOT NULL, status TEXT NOT NULL, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
CREATE INDEX subdomains_agency ON subdomains(agency_id);

-- The official e-mail domain (Pasal 30 ayat (2)): at most one row, id 1.
CREATE TABLE mail_domain (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    email_domain TEXT NOT NULL, mail_host TEXT, notes TEXT,
    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL
);
