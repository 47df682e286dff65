//! The data centre registry (Pusat Data): sites → rooms → racks → physical
//! servers → VPS, and which applications run on which server or VPS.

use serde::Serialize;
use simpul_domain::datacentre::{units_overlap, Capacity, Host, PlacementData, RackData, RoomData, ServerData, SiteData, VpsData, VpsState};
use simpul_domain::DomainError;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::records::{eq_id, eq_text, int, opt_int, opt_text, text, Spec, Values};
use crate::sql::{Arg, Page, PageRequest, Sql};
use crate::{Result, Store, WriteTx};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Site {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub address: Option<String>,
    pub tier: Option<i64>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Room {
    pub id: i64,
    pub site_id: i64,
    pub site_name: String,
    pub name: String,
    pub floor: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Rack {
    pub id: i64,
    pub room_id: i64,
    pub room_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub code: String,
    pub height_u: i64,
    /// Units occupied by servers.
    pub used_u: i64,
    pub server_count: i64,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Server {
    pub id: i64,
    pub hostname: String,
    pub rack_id: i64,
    pub rack_code: String,
    pub room_id: i64,
    pub room_name: String,
    pub site_id: i64,
    pub site_name: String,
    pub u_position: i64,
    pub u_height: i64,
    pub serial: Option<String>,
    pub model: Option<String>,
    pub cpu_cores: i64,
    pub ram_gb: i64,
    pub storage_gb: i64,
    pub agency_id: i64,
    pub agency_name: String,
    pub ip_address: Option<String>,
    pub notes: Option<String>,
    /// Resources given to its VPS that are requested or active.
    pub capacity: Capacity,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Vps {
    pub id: i64,
    pub hostname: String,
    pub server_id: i64,
    pub server_hostname: String,
    pub agency_id: i64,
    pub agency_name: String,
    pub vcpu: i64,
    pub ram_gb: i64,
    pub disk_gb: i64,
    pub os: Option<String>,
    pub ip_address: Option<String>,
    pub state: String,
    pub requested_on: Option<String>,
    pub provisioned_on: Option<String>,
    pub decommissioned_on: Option<String>,
    pub notes: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An application running on a server or a VPS.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Placement {
    pub id: i64,
    pub application_id: i64,
    pub application_name: String,
    /// The application's agency.
    pub agency_id: i64,
    pub server_id: Option<i64>,
    pub vps_id: Option<i64>,
    /// The host's name: the server's or the VPS's.
    pub host_name: String,
    /// The physical server underneath (the VPS's server for a VPS).
    pub physical_server_id: i64,
    pub created_at: i64,
}

fn site_row(r: &AnyRow) -> Result<Site, sqlx::Error> {
    Ok(Site {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        name: r.try_get("name")?,
        kind: r.try_get("kind")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        address: r.try_get("address")?,
        tier: r.try_get("tier")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn room_row(r: &AnyRow) -> Result<Room, sqlx::Error> {
    Ok(Room {
        id: r.try_get("id")?,
        site_id: r.try_get("site_id")?,
        site_name: r.try_get("site_name")?,
        name: r.try_get("name")?,
        floor: r.try_get("floor")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn rack_row(r: &AnyRow) -> Result<Rack, sqlx::Error> {
    Ok(Rack {
        id: r.try_get("id")?,
        room_id: r.try_get("room_id")?,
        room_name: r.try_get("room_name")?,
        site_id: r.try_get("site_id")?,
        site_name: r.try_get("site_name")?,
        code: r.try_get("code")?,
        height_u: r.try_get("height_u")?,
        used_u: r.try_get("used_u")?,
        server_count: r.try_get("server_count")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn server_row(r: &AnyRow) -> Result<Server, sqlx::Error> {
    let (cpu_cores, ram_gb, storage_gb) = (r.try_get("cpu_cores")?, r.try_get("ram_gb")?, r.try_get("storage_gb")?);
    Ok(Server {
        id: r.try_get("id")?,
        hostname: r.try_get("hostname")?,
        rack_id: r.try_get("rack_id")?,
        rack_code: r.try_get("rack_code")?,
        room_id: r.try_get("room_id")?,
        room_name: r.try_get("room_name")?,
        site_id: r.try_get("site_id")?,
        site_name: r.try_get("site_name")?,
        u_position: r.try_get("u_position")?,
        u_height: r.try_get("u_height")?,
        serial: r.try_get("serial")?,
        model: r.try_get("model")?,
        cpu_cores,
        ram_gb,
        storage_gb,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        ip_address: r.try_get("ip_address")?,
        notes: r.try_get("notes")?,
        capacity: Capacity {
            cpu_cores,
            ram_gb,
            storage_gb,
            vcpu_allocated: r.try_get("vcpu_allocated")?,
            ram_gb_allocated: r.try_get("ram_gb_allocated")?,
            disk_gb_allocated: r.try_get("disk_gb_allocated")?,
            vps_count: r.try_get("vps_count")?,
        },
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn vps_row(r: &AnyRow) -> Result<Vps, sqlx::Error> {
    Ok(Vps {
        id: r.try_get("id")?,
        hostname: r.try_get("hostname")?,
        server_id: r.try_get("server_id")?,
        server_hostname: r.try_get("server_hostname")?,
        agency_id: r.try_get("agency_id")?,
        agency_name: r.try_get("agency_name")?,
        vcpu: r.try_get("vcpu")?,
        ram_gb: r.try_get("ram_gb")?,
        disk_gb: r.try_get("disk_gb")?,
        os: r.try_get("os")?,
        ip_address: r.try_get("ip_address")?,
        state: r.try_get("state")?,
        requested_on: r.try_get("requested_on")?,
        provisioned_on: r.try_get("provisioned_on")?,
        decommissioned_on: r.try_get("decommissioned_on")?,
        notes: r.try_get("notes")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn placement_row(r: &AnyRow) -> Result<Placement, sqlx::Error> {
    Ok(Placement {
        id: r.try_get("id")?,
        application_id: r.try_get("application_id")?,
        application_name: r.try_get("application_name")?,
        agency_id: r.try_get("agency_id")?,
        server_id: r.try_get("server_id")?,
        vps_id: r.try_get("vps_id")?,
        host_name: r.try_get("host_name")?,
        physical_server_id: r.try_get("physical_server_id")?,
        created_at: r.try_get("created_at")?,
    })
}

pub(crate) const SITES: Spec<Site> = Spec {
    table: "dc_sites",
    entity: "dc_site",
    what: "lokasi pusat data",
    cols: "x.id, x.code, x.name, x.kind, x.agency_id, ag.name AS agency_name, x.address, x.tier, x.notes, x.created_at, x.updated_at",
    from: "dc_sites x JOIN agencies ag ON ag.id = x.agency_id",
    order: "x.kind, x.name, x.id",
    map: site_row,
    agency: |s| Some(s.agency_id),
    unique: ("code", "Kode lokasi sudah dipakai."),
};

pub(crate) const ROOMS: Spec<Room> = Spec {
    table: "dc_rooms",
    entity: "dc_room",
    what: "ruangan",
    cols: "x.id, x.site_id, si.name AS site_name, x.name, x.floor, x.notes, x.created_at, x.updated_at",
    from: "dc_rooms x JOIN dc_sites si ON si.id = x.site_id",
    order: "si.name, x.name, x.id",
    map: room_row,
    agency: |_| None,
    unique: ("name", "Nama ruangan sudah dipakai di lokasi ini."),
};

pub(crate) const RACKS: Spec<Rack> = Spec {
    table: "dc_racks",
    entity: "dc_rack",
    what: "rak",
    cols: "x.id, x.room_id, r.name AS room_name, r.site_id, si.name AS site_name, x.code, x.height_u, COALESCE(u.used, 0) AS used_u, COALESCE(u.n, 0) AS server_count, \
           x.notes, x.created_at, x.updated_at",
    from: "dc_racks x JOIN dc_rooms r ON r.id = x.room_id JOIN dc_sites si ON si.id = r.site_id \
           LEFT JOIN (SELECT rack_id, CAST(SUM(u_height) AS BIGINT) AS used, COUNT(*) AS n FROM dc_servers GROUP BY rack_id) u ON u.rack_id = x.id",
    order: "si.name, r.name, x.code, x.id",
    map: rack_row,
    agency: |_| None,
    unique: ("code", "Kode rak sudah dipakai di ruangan ini."),
};

pub(crate) const SERVERS: Spec<Server> = Spec {
    table: "dc_servers",
    entity: "dc_server",
    what: "server",
    cols: "x.id, x.hostname, x.rack_id, k.code AS rack_code, k.room_id, r.name AS room_name, r.site_id, si.name AS site_name, x.u_position, x.u_height, x.serial, \
           x.model, x.cpu_cores, x.ram_gb, x.storage_gb, x.agency_id, ag.name AS agency_name, x.ip_address, x.notes, COALESCE(v.vcpu, 0) AS vcpu_allocated, \
           COALESCE(v.ram, 0) AS ram_gb_allocated, COALESCE(v.disk, 0) AS disk_gb_allocated, COALESCE(v.n, 0) AS vps_count, x.created_at, x.updated_at",
    from: "dc_servers x JOIN dc_racks k ON k.id = x.rack_id JOIN dc_rooms r ON r.id = k.room_id JOIN dc_sites si ON si.id = r.site_id \
           JOIN agencies ag ON ag.id = x.agency_id \
           LEFT JOIN (SELECT server_id, CAST(SUM(vcpu) AS BIGINT) AS vcpu, CAST(SUM(ram_gb) AS BIGINT) AS ram, CAST(SUM(disk_gb) AS BIGINT) AS disk, COUNT(*) AS n \
           FROM dc_vps WHERE state <> 'dihentikan' GROUP BY server_id) v ON v.server_id = x.id",
    order: "x.hostname, x.id",
    map: server_row,
    agency: |s| Some(s.agency_id),
    unique: ("hostname", "Nama host server sudah dipakai."),
};

pub(crate) const VPS: Spec<Vps> = Spec {
    table: "dc_vps",
    entity: "dc_vps",
    what: "VPS",
    cols: "x.id, x.hostname, x.server_id, s.hostname AS server_hostname, x.agency_id, ag.name AS agency_name, x.vcpu, x.ram_gb, x.disk_gb, x.os, x.ip_address, x.state, \
           x.requested_on, x.provisioned_on, x.decommissioned_on, x.notes, x.created_at, x.updated_at",
    from: "dc_vps x JOIN dc_servers s ON s.id = x.server_id JOIN agencies ag ON ag.id = x.agency_id",
    order: "x.hostname, x.id",
    map: vps_row,
    agency: |v| Some(v.agency_id),
    unique: ("hostname", "Nama host VPS sudah dipakai."),
};

pub(crate) const PLACEMENTS: Spec<Placement> = Spec {
    table: "dc_placements",
    entity: "dc_placement",
    what: "penempatan aplikasi",
    cols: "x.id, x.application_id, a.name AS application_name, a.agency_id, x.server_id, x.vps_id, COALESCE(s.hostname, v.hostname) AS host_name, \
           COALESCE(x.server_id, v.server_id) AS physical_server_id, x.created_at",
    from: "dc_placements x JOIN applications a ON a.id = x.application_id LEFT JOIN dc_servers s ON s.id = x.server_id LEFT JOIN dc_vps v ON v.id = x.vps_id",
    order: "a.name, x.id",
    map: placement_row,
    agency: |p| Some(p.agency_id),
    unique: ("application_id", "Aplikasi ini sudah tercatat berjalan di server atau VPS tersebut."),
};

#[derive(Debug, Clone, Default)]
pub struct SiteFilter {
    pub q: Option<String>,
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ServerFilter {
    /// Search in host name, serial, model and IP address.
    pub q: Option<String>,
    pub site_id: Option<i64>,
    pub room_id: Option<i64>,
    pub rack_id: Option<i64>,
    pub agency_id: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct VpsFilter {
    /// Search in host name, IP address and operating system.
    pub q: Option<String>,
    pub server_id: Option<i64>,
    pub agency_id: Option<i64>,
    pub state: Option<String>,
}

fn site_body(f: &SiteFilter) -> Sql {
    let mut b = SITES.body();
    eq_text(&mut b, "x.kind", f.kind.as_deref());
    b.search(&["x.code", "x.name", "x.address"], f.q.as_deref());
    b
}

fn server_body(f: &ServerFilter) -> Sql {
    let mut b = SERVERS.body();
    eq_id(&mut b, "r.site_id", f.site_id);
    eq_id(&mut b, "k.room_id", f.room_id);
    eq_id(&mut b, "x.rack_id", f.rack_id);
    eq_id(&mut b, "x.agency_id", f.agency_id);
    b.search(&["x.hostname", "x.serial", "x.model", "x.ip_address"], f.q.as_deref());
    b
}

fn vps_body(f: &VpsFilter) -> Sql {
    let mut b = VPS.body();
    eq_id(&mut b, "x.server_id", f.server_id);
    eq_id(&mut b, "x.agency_id", f.agency_id);
    eq_text(&mut b, "x.state", f.state.as_deref());
    b.search(&["x.hostname", "x.ip_address", "x.os"], f.q.as_deref());
    b
}

fn site_values(d: &SiteData) -> Values {
    vec![
        ("code", text(&d.code)),
        ("name", text(&d.name)),
        ("kind", text(d.kind.code())),
        ("agency_id", int(d.agency_id)),
        ("address", opt_text(&d.address)),
        ("tier", opt_int(d.tier)),
        ("notes", opt_text(&d.notes)),
    ]
}

fn room_values(d: &RoomData) -> Values {
    vec![("site_id", int(d.site_id)), ("name", text(&d.name)), ("floor", opt_text(&d.floor)), ("notes", opt_text(&d.notes))]
}

fn rack_values(d: &RackData) -> Values {
    vec![("room_id", int(d.room_id)), ("code", text(&d.code)), ("height_u", int(d.height_u)), ("notes", opt_text(&d.notes))]
}

fn server_values(d: &ServerData) -> Values {
    vec![
        ("hostname", text(&d.hostname)),
        ("rack_id", int(d.rack_id)),
        ("u_position", int(d.u_position)),
        ("u_height", int(d.u_height)),
        ("serial", opt_text(&d.serial)),
        ("model", opt_text(&d.model)),
        ("cpu_cores", int(d.cpu_cores)),
        ("ram_gb", int(d.ram_gb)),
        ("storage_gb", int(d.storage_gb)),
        ("agency_id", int(d.agency_id)),
        ("ip_address", opt_text(&d.ip_address)),
        ("notes", opt_text(&d.notes)),
    ]
}

fn vps_values(d: &VpsData) -> Values {
    vec![
        ("hostname", text(&d.hostname)),
        ("server_id", int(d.server_id)),
        ("agency_id", int(d.agency_id)),
        ("vcpu", int(d.vcpu)),
        ("ram_gb", int(d.ram_gb)),
        ("disk_gb", int(d.disk_gb)),
        ("os", opt_text(&d.os)),
        ("ip_address", opt_text(&d.ip_address)),
        ("state", text(d.state.code())),
        ("requested_on", opt_text(&d.requested_on)),
        ("provisioned_on", opt_text(&d.provisioned_on)),
        ("decommissioned_on", opt_text(&d.decommissioned_on)),
        ("notes", opt_text(&d.notes)),
    ]
}

impl Store {
    // ---- Sites, rooms, racks ------------------------------------------------------

    pub async fn sites(&self, f: &SiteFilter, page: PageRequest) -> Result<Page<Site>> {
        self.record_page(&SITES, site_body(f), page).await
    }
    pub async fn site(&self, id: i64) -> Result<Site> {
        self.record(&SITES, id).await
    }
    pub async fn save_site(&self, w: &mut WriteTx, id: Option<i64>, d: &SiteData) -> Result<Site> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        Self::save_record(w, &SITES, id, site_values(d)).await
    }

    /// Rooms, of one site or all.
    pub async fn rooms(&self, site_id: Option<i64>, page: PageRequest) -> Result<Page<Room>> {
        let mut b = ROOMS.body();
        eq_id(&mut b, "x.site_id", site_id);
        self.record_page(&ROOMS, b, page).await
    }
    pub async fn room(&self, id: i64) -> Result<Room> {
        self.record(&ROOMS, id).await
    }
    pub async fn save_room(&self, w: &mut WriteTx, id: Option<i64>, d: &RoomData) -> Result<Room> {
        Self::require_row(w, "dc_sites", d.site_id, "site_id", "Lokasi tidak ditemukan.").await?;
        Self::save_record(w, &ROOMS, id, room_values(d)).await
    }

    /// Racks, of one room, of one site, or all.
    pub async fn racks(&self, site_id: Option<i64>, room_id: Option<i64>, page: PageRequest) -> Result<Page<Rack>> {
        let mut b = RACKS.body();
        eq_id(&mut b, "r.site_id", site_id);
        eq_id(&mut b, "x.room_id", room_id);
        self.record_page(&RACKS, b, page).await
    }
    pub async fn rack(&self, id: i64) -> Result<Rack> {
        self.record(&RACKS, id).await
    }
    /// A rack cannot be made lower than the servers it holds.
    pub async fn save_rack(&self, w: &mut WriteTx, id: Option<i64>, d: &RackData) -> Result<Rack> {
        Self::require_row(w, "dc_rooms", d.room_id, "room_id", "Ruangan tidak ditemukan.").await?;
        if let Some(id) = id {
            let top: Option<i64> =
                sqlx::query_scalar("SELECT CAST(MAX(u_position + u_height - 1) AS BIGINT) FROM dc_servers WHERE rack_id = $1").bind(id).fetch_one(&mut *w.tx).await?;
            if let Some(top) = top.filter(|t| *t > d.height_u) {
                return Err(DomainError::field("height_u", "too_small", format!("Rak memuat server sampai unit {top}; tinggi rak tidak boleh kurang dari itu.")).into());
            }
        }
        Self::save_record(w, &RACKS, id, rack_values(d)).await
    }

    // ---- Physical servers ------------------------------------------------------------

    pub async fn servers(&self, f: &ServerFilter, page: PageRequest) -> Result<Page<Server>> {
        self.record_page(&SERVERS, server_body(f), page).await
    }
    pub async fn all_servers(&self, f: &ServerFilter) -> Result<Vec<Server>> {
        self.record_all(&SERVERS, server_body(f)).await
    }
    pub async fn server(&self, id: i64) -> Result<Server> {
        self.record(&SERVERS, id).await
    }

    /// Refuses a server that does not fit in its rack or overlaps another one.
    async fn check_mounting(w: &mut WriteTx, id: Option<i64>, d: &ServerData) -> Result<()> {
        let height: Option<i64> = sqlx::query_scalar("SELECT height_u FROM dc_racks WHERE id = $1").bind(d.rack_id).fetch_optional(&mut *w.tx).await?;
        let Some(height) = height else { return Err(DomainError::field("rack_id", "invalid_reference", "Rak tidak ditemukan.").into()) };
        let top = d.u_position + d.u_height - 1;
        if top > height {
            return Err(DomainError::field("u_position", "out_of_rack", format!("Server menempati unit {}–{top}, melebihi tinggi rak {height}U.", d.u_position)).into());
        }
        let rows = sqlx::query("SELECT hostname, u_position, u_height FROM dc_servers WHERE rack_id = $1 AND id <> $2 ORDER BY u_position")
            .bind(d.rack_id)
            .bind(id.unwrap_or(0))
            .fetch_all(&mut *w.tx)
            .await?;
        for r in &rows {
            let (pos, h): (i64, i64) = (r.try_get("u_position")?, r.try_get("u_height")?);
            if units_overlap(d.u_position, d.u_height, pos, h) {
                let other: String = r.try_get("hostname")?;
                return Err(DomainError::field("u_position", "overlap", format!("Unit {}–{top} bertumpang tindih dengan server {other} (unit {pos}–{}).", d.u_position, pos + h - 1)).into());
            }
        }
        Ok(())
    }

    /// Refuses an IP address another server, or a VPS not decommissioned, already uses.
    async fn check_ip_free(w: &mut WriteTx, ip: Option<&str>, server: Option<i64>, vps: Option<i64>) -> Result<()> {
        let Some(ip) = ip else { return Ok(()) };
        let used: Option<String> = sqlx::query_scalar(
            "SELECT hostname FROM dc_servers WHERE ip_address = $1 AND id <> $2 \
             UNION ALL SELECT hostname FROM dc_vps WHERE ip_address = $1 AND id <> $3 AND state <> 'dihentikan'",
        )
        .bind(ip)
        .bind(server.unwrap_or(0))
        .bind(vps.unwrap_or(0))
        .fetch_optional(&mut *w.tx)
        .await?;
        match used {
            Some(host) => Err(DomainError::Conflict { field: Some("ip_address".into()), message: format!("Alamat IP {ip} sudah dipakai {host}.") }.into()),
            None => Ok(()),
        }
    }

    pub async fn save_server(&self, w: &mut WriteTx, id: Option<i64>, d: &ServerData) -> Result<Server> {
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        Self::check_mounting(w, id, d).await?;
        Self::check_ip_free(w, d.ip_address.as_deref(), id, None).await?;
        Self::save_record(w, &SERVERS, id, server_values(d)).await
    }

    // ---- VPS ------------------------------------------------------------------------------

    pub async fn vps_page(&self, f: &VpsFilter, page: PageRequest) -> Result<Page<Vps>> {
        self.record_page(&VPS, vps_body(f), page).await
    }
    pub async fn all_vps(&self, f: &VpsFilter) -> Result<Vec<Vps>> {
        self.record_all(&VPS, vps_body(f)).await
    }
    pub async fn vps(&self, id: i64) -> Result<Vps> {
        self.record(&VPS, id).await
    }
    /// Refuses moving a VPS back in its lifecycle ([`VpsState::may_become`]).
    pub async fn save_vps(&self, w: &mut WriteTx, id: Option<i64>, d: &VpsData) -> Result<Vps> {
        if let Some(id) = id {
            let before = Self::record_in(w, &VPS, id).await?;
            if let Some(was) = VpsState::from_code(&before.state).filter(|was| !was.may_become(d.state)) {
                let msg = format!("Status VPS tidak dapat kembali dari {} ke {}; ajukan VPS baru.", was.label().to_lowercase(), d.state.label().to_lowercase());
                return Err(DomainError::field("state", "backwards", msg).into());
            }
        }
        Self::require_row(w, "dc_servers", d.server_id, "server_id", "Server fisik tidak ditemukan.").await?;
        crate::active_agency(w, "agency_id", d.agency_id).await?;
        let ip = d.ip_address.as_deref().filter(|_| d.state != VpsState::Dihentikan);
        Self::check_ip_free(w, ip, None, id).await?;
        Self::save_record(w, &VPS, id, vps_values(d)).await
    }

    // ---- Placements -------------------------------------------------------------------------

    /// Applications on a server: directly, and on its VPS when `with_vps`.
    pub async fn placements_on_server(&self, server_id: i64, with_vps: bool) -> Result<Vec<Placement>> {
        let mut b = PLACEMENTS.body();
        if with_vps {
            b.push(" AND COALESCE(x.server_id, v.server_id) = ").arg(Arg::I64(Some(server_id)));
        } else {
            eq_id(&mut b, "x.server_id", Some(server_id));
        }
        self.record_all(&PLACEMENTS, b).await
    }
    pub async fn placements_on_vps(&self, vps_id: i64) -> Result<Vec<Placement>> {
        let mut b = PLACEMENTS.body();
        eq_id(&mut b, "x.vps_id", Some(vps_id));
        self.record_all(&PLACEMENTS, b).await
    }
    pub async fn placements_of_application(&self, application_id: i64) -> Result<Vec<Placement>> {
        let mut b = PLACEMENTS.body();
        eq_id(&mut b, "x.application_id", Some(application_id));
        self.record_all(&PLACEMENTS, b).await
    }
    pub async fn all_placements(&self) -> Result<Vec<Placement>> {
        self.record_all(&PLACEMENTS, PLACEMENTS.body()).await
    }
    pub async fn placement(&self, id: i64) -> Result<Placement> {
        self.record(&PLACEMENTS, id).await
    }
    pub async fn create_placement(&self, w: &mut WriteTx, d: &PlacementData) -> Result<Placement> {
        Self::require_row(w, "applications", d.application_id, "application_id", "Aplikasi tidak ditemukan.").await?;
        let (server, vps) = match d.host {
            Host::Server(s) => {
                Self::require_row(w, "dc_servers", s, "server_id", "Server fisik tidak ditemukan.").await?;
                (Some(s), None)
            }
            Host::Vps(v) => {
                Self::require_row(w, "dc_vps", v, "vps_id", "VPS tidak ditemukan.").await?;
                (None, Some(v))
            }
        };
        Self::save_record(w, &PLACEMENTS, None, vec![("application_id", int(d.application_id)), ("server_id", opt_int(server)), ("vps_id", opt_int(vps))]).await
    }
    pub async fn delete_placement(&self, w: &mut WriteTx, id: i64) -> Result<Placement> {
        Self::remove_record(w, &PLACEMENTS, id).await
    }
}
