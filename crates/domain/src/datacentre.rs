//! The data centre registry (Pusat Data): sites, rooms, racks, physical
//! servers, virtual servers (VPS) and which applications run where.
//!
//! What the regulations ask of it:
//! * Diskominfo runs the Pemda's own Pusat Data, shared by the agencies
//!   (Perwali Balikpapan 14/2022 Pasal 19 ayat (2)–(4)); every agency places
//!   its data and servers there (ayat (9)); a PD Mandiri TIK may buy and run
//!   its own servers (ayat (10)); an agency that cannot is given a Virtual
//!   Private Server by Diskominfo, configured and maintained in the Pusat
//!   Data (ayat (11)), which is why a VPS records the agency that asked for
//!   it and its lifecycle (requested → active → decommissioned).
//! * A Disaster Recovery Center (Pusat Pemulihan Bencana) beside the main
//!   Pusat Data: Perwali Banjarbaru 5/2018 Pasal 15 ayat (2) huruf a, Perwali
//!   Kendari 41/2021 Pasal 19 ayat (3) huruf a, Pergub Kalimantan Barat 177/2021 Pasal 13
//!   ayat (4)–(6); hence the site kinds.
//! * Agencies' own server rooms exist where a text allows them (PD Mandiri
//!   TIK) or until everything has moved (Banjarbaru Pasal 15 ayat (14)).

use serde::{Deserialize, Serialize};

use crate::apps::{check_lifecycle, choice};
use crate::error::DomainError;
use crate::validate::Checker;

code_enum!(
    /// What a site is.
    SiteKind {
        PusatDataUtama => ("pusat_data_utama", "Pusat Data utama"),
        Drc => ("drc", "Disaster Recovery Center (DRC)"),
        RuangServerPd => ("ruang_server_pd", "Ruang server perangkat daerah"),
    }
);

code_enum!(
    /// A VPS's lifecycle (Perwali Balikpapan 14/2022 Pasal 19 ayat (11)).
    VpsState {
        Diminta => ("diminta", "Diminta"),
        Aktif => ("aktif", "Aktif"),
        Dihentikan => ("dihentikan", "Dihentikan"),
    }
);

impl VpsState {
    /// Whether a VPS recorded in this state may be recorded as `next`: the
    /// lifecycle only moves forward (a decommissioned VPS is not revived;
    /// a new one is requested).
    pub fn may_become(self, next: VpsState) -> bool {
        let at = |s: VpsState| VpsState::ALL.iter().position(|x| *x == s);
        at(next) >= at(self)
    }
}

/// The tallest rack Simpul accepts, in rack units.
pub const MAX_RACK_U: i64 = 60;

/// Whether `v` is a host name: one or more labels of ASCII letters, digits
/// and hyphens (not at either end), at most 63 characters each, 253 in all.
pub fn is_hostname(v: &str) -> bool {
    v.len() <= 253 && v.split('.').all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

fn hostname(c: &mut Checker, field: &str, v: &str) -> String {
    let v = c.required(field, v, 253).trim_end_matches('.').to_lowercase();
    if !v.is_empty() && !is_hostname(&v) {
        c.push(field, "invalid_format", "Nama host hanya berisi huruf, angka, tanda hubung dan titik (contoh: srv-app01.dc.namakota.go.id).");
    }
    v
}

/// An IPv4 or IPv6 address, normalised (`std::net::IpAddr`).
pub(crate) fn ip_address(c: &mut Checker, field: &str, v: Option<&str>) -> Option<String> {
    let v = c.optional(field, v, 45)?;
    match v.parse::<std::net::IpAddr>() {
        Ok(ip) => Some(ip.to_string()),
        Err(_) => {
            c.push(field, "invalid_format", "Alamat IP tidak valid (contoh: 10.10.1.21 atau 2001:db8::21).");
            Some(v)
        }
    }
}

fn reference(c: &mut Checker, field: &str, id: i64, msg: &str) {
    if id <= 0 {
        c.push(field, "required", msg);
    }
}

fn amount(c: &mut Checker, field: &str, v: i64, min: i64, max: i64) -> i64 {
    if v < min || v > max {
        c.push(field, "out_of_range", format!("Isi bilangan bulat dari {min} sampai {max}."));
    }
    v
}

// ---- Sites, rooms, racks ---------------------------------------------------------

/// A site: the main Pusat Data, the DRC, or an agency's server room.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SiteInput {
    /// Short code, e.g. `PD-UTAMA`.
    pub code: String,
    pub name: String,
    /// `pusat_data_utama`, `drc` or `ruang_server_pd`.
    pub kind: String,
    /// The agency operating the site (Diskominfo for the Pusat Data and DRC).
    pub agency_id: i64,
    #[serde(default)]
    pub address: Option<String>,
    /// Data-centre tier (1–4, TIA-942 / Uptime), if known.
    #[serde(default)]
    pub tier: Option<i64>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteData {
    pub code: String,
    pub name: String,
    pub kind: SiteKind,
    pub agency_id: i64,
    pub address: Option<String>,
    pub tier: Option<i64>,
    pub notes: Option<String>,
}

impl SiteInput {
    pub fn validate(&self) -> Result<SiteData, DomainError> {
        let mut c = Checker::new();
        let code = c.code("code", &self.code);
        let name = c.required("name", &self.name, 200);
        let kind = choice(&mut c, "kind", &self.kind, SiteKind::from_code, "Pilih jenis lokasi: Pusat Data utama, DRC atau ruang server perangkat daerah.");
        reference(&mut c, "agency_id", self.agency_id, "Pilih perangkat daerah pengelola lokasi.");
        let address = c.optional("address", self.address.as_deref(), 500);
        if let Some(t) = self.tier {
            amount(&mut c, "tier", t, 1, 4);
        }
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        let kind = kind.ok_or_else(|| DomainError::BadRequest("isian lokasi tidak valid".into()))?;
        Ok(SiteData { code, name, kind, agency_id: self.agency_id, address, tier: self.tier, notes })
    }
}

/// A room of a site.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoomInput {
    pub site_id: i64,
    pub name: String,
    #[serde(default)]
    pub floor: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoomData {
    pub site_id: i64,
    pub name: String,
    pub floor: Option<String>,
    pub notes: Option<String>,
}

impl RoomInput {
    pub fn validate(&self) -> Result<RoomData, DomainError> {
        let mut c = Checker::new();
        reference(&mut c, "site_id", self.site_id, "Pilih lokasi ruangan ini.");
        let name = c.required("name", &self.name, 120);
        let floor = c.optional("floor", self.floor.as_deref(), 40);
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        Ok(RoomData { site_id: self.site_id, name, floor, notes })
    }
}

/// A rack in a room, its height in rack units (U).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RackInput {
    pub room_id: i64,
    /// E.g. `R01`.
    pub code: String,
    /// 1–60 U.
    pub height_u: i64,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RackData {
    pub room_id: i64,
    pub code: String,
    pub height_u: i64,
    pub notes: Option<String>,
}

impl RackInput {
    pub fn validate(&self) -> Result<RackData, DomainError> {
        let mut c = Checker::new();
        reference(&mut c, "room_id", self.room_id, "Pilih ruangan rak ini.");
        let code = c.code("code", &self.code);
        let height_u = amount(&mut c, "height_u", self.height_u, 1, MAX_RACK_U);
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        Ok(RackData { room_id: self.room_id, code, height_u, notes })
    }
}

/// Whether a device at `position` (lowest unit, 1-based) of `height` units
/// overlaps one at `other_position` of `other_height` units.
pub fn units_overlap(position: i64, height: i64, other_position: i64, other_height: i64) -> bool {
    position < other_position + other_height && other_position < position + height
}

// ---- Physical servers ------------------------------------------------------------------

/// A physical server mounted in a rack.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServerInput {
    pub hostname: String,
    pub rack_id: i64,
    /// The lowest rack unit the server occupies (1 = bottom).
    pub u_position: i64,
    /// How many units it occupies (1–10).
    pub u_height: i64,
    #[serde(default)]
    pub serial: Option<String>,
    /// Make and model.
    #[serde(default)]
    pub model: Option<String>,
    pub cpu_cores: i64,
    pub ram_gb: i64,
    pub storage_gb: i64,
    /// The owning agency: Diskominfo, or a PD Mandiri TIK
    /// (Perwali Balikpapan 14/2022 Pasal 19 ayat (10)).
    pub agency_id: i64,
    /// Management or service address.
    #[serde(default)]
    pub ip_address: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerData {
    pub hostname: String,
    pub rack_id: i64,
    pub u_position: i64,
    pub u_height: i64,
    pub serial: Option<String>,
    pub model: Option<String>,
    pub cpu_cores: i64,
    pub ram_gb: i64,
    pub storage_gb: i64,
    pub agency_id: i64,
    pub ip_address: Option<String>,
    pub notes: Option<String>,
}

impl ServerInput {
    /// Checks the fields; fitting in the rack and not overlapping another
    /// server are checked against the stored rack ([`units_overlap`]).
    pub fn validate(&self) -> Result<ServerData, DomainError> {
        let mut c = Checker::new();
        let hostname = hostname(&mut c, "hostname", &self.hostname);
        reference(&mut c, "rack_id", self.rack_id, "Pilih rak tempat server dipasang.");
        let u_position = amount(&mut c, "u_position", self.u_position, 1, MAX_RACK_U);
        let u_height = amount(&mut c, "u_height", self.u_height, 1, 10);
        let serial = c.optional("serial", self.serial.as_deref(), 100);
        let model = c.optional("model", self.model.as_deref(), 200);
        let cpu_cores = amount(&mut c, "cpu_cores", self.cpu_cores, 1, 4096);
        let ram_gb = amount(&mut c, "ram_gb", self.ram_gb, 1, 1_048_576);
        let storage_gb = amount(&mut c, "storage_gb", self.storage_gb, 0, 100_000_000);
        reference(&mut c, "agency_id", self.agency_id, "Pilih perangkat daerah pemilik server.");
        let ip_address = ip_address(&mut c, "ip_address", self.ip_address.as_deref());
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        Ok(ServerData { hostname, rack_id: self.rack_id, u_position, u_height, serial, model, cpu_cores, ram_gb, storage_gb, agency_id: self.agency_id, ip_address, notes })
    }
}

// ---- Virtual servers (VPS) ---------------------------------------------------------------

/// A virtual server on a physical server, provided to an agency
/// (Perwali Balikpapan 14/2022 Pasal 19 ayat (11)).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VpsInput {
    pub hostname: String,
    /// The physical server it runs on.
    pub server_id: i64,
    /// The agency that requested it.
    pub agency_id: i64,
    pub vcpu: i64,
    pub ram_gb: i64,
    pub disk_gb: i64,
    /// Operating system, e.g. `Debian 12`.
    #[serde(default)]
    pub os: Option<String>,
    /// Required once active.
    #[serde(default)]
    pub ip_address: Option<String>,
    /// `diminta`, `aktif` or `dihentikan`.
    pub state: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub requested_on: Option<String>,
    #[serde(default)]
    pub provisioned_on: Option<String>,
    #[serde(default)]
    pub decommissioned_on: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VpsData {
    pub hostname: String,
    pub server_id: i64,
    pub agency_id: i64,
    pub vcpu: i64,
    pub ram_gb: i64,
    pub disk_gb: i64,
    pub os: Option<String>,
    pub ip_address: Option<String>,
    pub state: VpsState,
    pub requested_on: Option<String>,
    pub provisioned_on: Option<String>,
    pub decommissioned_on: Option<String>,
    pub notes: Option<String>,
}

impl VpsInput {
    pub fn validate(&self) -> Result<VpsData, DomainError> {
        let mut c = Checker::new();
        let hostname = hostname(&mut c, "hostname", &self.hostname);
        reference(&mut c, "server_id", self.server_id, "Pilih server fisik tempat VPS berjalan.");
        reference(&mut c, "agency_id", self.agency_id, "Pilih perangkat daerah yang meminta VPS.");
        let vcpu = amount(&mut c, "vcpu", self.vcpu, 1, 512);
        let ram_gb = amount(&mut c, "ram_gb", self.ram_gb, 1, 65_536);
        let disk_gb = amount(&mut c, "disk_gb", self.disk_gb, 1, 1_000_000);
        let os = c.optional("os", self.os.as_deref(), 100);
        let ip_address = ip_address(&mut c, "ip_address", self.ip_address.as_deref());
        let state = choice(&mut c, "state", &self.state, VpsState::from_code, "Pilih status: diminta, aktif atau dihentikan.");
        let requested_on = c.date("requested_on", self.requested_on.as_deref());
        let provisioned_on = c.date("provisioned_on", self.provisioned_on.as_deref());
        let decommissioned_on = c.date("decommissioned_on", self.decommissioned_on.as_deref());
        if let Some(state) = state {
            let current = VpsState::ALL.iter().position(|s| *s == state).unwrap_or(0);
            check_lifecycle(
                &mut c,
                current,
                &[
                    (VpsState::Diminta.label(), "requested_on", &requested_on),
                    (VpsState::Aktif.label(), "provisioned_on", &provisioned_on),
                    (VpsState::Dihentikan.label(), "decommissioned_on", &decommissioned_on),
                ],
            );
            if state == VpsState::Aktif && ip_address.is_none() {
                c.push("ip_address", "required", "VPS yang aktif harus memiliki alamat IP.");
            }
        }
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        let state = state.ok_or_else(|| DomainError::BadRequest("isian VPS tidak valid".into()))?;
        Ok(VpsData {
            hostname,
            server_id: self.server_id,
            agency_id: self.agency_id,
            vcpu,
            ram_gb,
            disk_gb,
            os,
            ip_address,
            state,
            requested_on,
            provisioned_on,
            decommissioned_on,
            notes,
        })
    }
}

// ---- Placements: which application runs where ---------------------------------------------

/// An application running on a physical server or on a VPS (exactly one).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacementInput {
    pub application_id: i64,
    #[serde(default)]
    pub server_id: Option<i64>,
    #[serde(default)]
    pub vps_id: Option<i64>,
}

/// Where an application runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Host {
    Server(i64),
    Vps(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlacementData {
    pub application_id: i64,
    pub host: Host,
}

impl PlacementInput {
    pub fn validate(&self) -> Result<PlacementData, DomainError> {
        let mut c = Checker::new();
        reference(&mut c, "application_id", self.application_id, "Pilih aplikasi.");
        let host = match (self.server_id.filter(|v| *v > 0), self.vps_id.filter(|v| *v > 0)) {
            (Some(s), None) => Some(Host::Server(s)),
            (None, Some(v)) => Some(Host::Vps(v)),
            _ => {
                c.push("server_id", "invalid_choice", "Pilih tepat satu: server fisik atau VPS.");
                None
            }
        };
        c.finish()?;
        let host = host.ok_or_else(|| DomainError::BadRequest("isian penempatan tidak valid".into()))?;
        Ok(PlacementData { application_id: self.application_id, host })
    }
}

// ---- Capacity ---------------------------------------------------------------------------------

/// A physical server's resources against what its VPS were given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Capacity {
    pub cpu_cores: i64,
    pub ram_gb: i64,
    pub storage_gb: i64,
    /// Sums over the VPS that are requested or active (not decommissioned).
    pub vcpu_allocated: i64,
    pub ram_gb_allocated: i64,
    pub disk_gb_allocated: i64,
    pub vps_count: i64,
}

impl Capacity {
    /// Allocated as a whole percentage of the physical amount (0 when there is none).
    pub fn percent(allocated: i64, physical: i64) -> i64 {
        if physical <= 0 { 0 } else { allocated * 100 / physical }
    }
    pub fn cpu_percent(&self) -> i64 {
        Self::percent(self.vcpu_allocated, self.cpu_cores)
    }
    pub fn ram_percent(&self) -> i64 {
        Self::percent(self.ram_gb_allocated, self.ram_gb)
    }
    pub fn disk_percent(&self) -> i64 {
        Self::percent(self.disk_gb_allocated, self.storage_gb)
    }
    /// Which resources are given out beyond what the server has: `cpu`, `ram`, `disk`.
    pub fn overcommitted(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if self.vcpu_allocated > self.cpu_cores {
            v.push("cpu");
        }
        if self.ram_gb_allocated > self.ram_gb {
            v.push("ram");
        }
        if self.disk_gb_allocated > self.storage_gb {
            v.push("disk");
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errs(r: Result<impl std::fmt::Debug, DomainError>) -> Vec<(String, &'static str)> {
        match r {
            Err(DomainError::Validation(v)) => v.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    #[test]
    fn sites_rooms_racks() {
        let s = SiteInput { code: "pd-utama".into(), name: "Pusat Data".into(), kind: "drc".into(), agency_id: 1, tier: Some(3), ..Default::default() }.validate();
        assert_eq!(s.map(|s| (s.code, s.kind)).ok(), Some(("PD-UTAMA".into(), SiteKind::Drc)));
        let e = errs(SiteInput { code: "x y".into(), kind: "gudang".into(), tier: Some(5), ..Default::default() }.validate());
        for want in [("code", "invalid_format"), ("name", "required"), ("kind", "invalid_choice"), ("agency_id", "required"), ("tier", "out_of_range")] {
            assert!(e.contains(&(want.0.to_string(), want.1)), "{want:?} in {e:?}");
        }
        assert!(errs(RoomInput::default().validate()).contains(&("site_id".into(), "required")));
        assert!(errs(RackInput { room_id: 1, code: "R01".into(), height_u: 61, notes: None }.validate()).contains(&("height_u".into(), "out_of_range")));
    }

    #[test]
    fn overlap() {
        assert!(units_overlap(10, 2, 11, 1));
        assert!(units_overlap(10, 1, 10, 1));
        assert!(!units_overlap(10, 2, 12, 2));
        assert!(!units_overlap(12, 2, 10, 2));
    }

    #[test]
    fn vps_lifecycle_and_ip() {
        let base = VpsInput {
            hostname: "VPS-Dinkes01.dc.contohkota.go.id.".into(),
            server_id: 1,
            agency_id: 2,
            vcpu: 4,
            ram_gb: 8,
            disk_gb: 100,
            state: "aktif".into(),
            requested_on: Some("2025-01-02".into()),
            provisioned_on: Some("2025-01-10".into()),
            ip_address: Some("10.10.001.21".into()),
            ..Default::default()
        };
        // Leading zeros are not a valid IPv4 address for std.
        assert!(errs(base.validate()).contains(&("ip_address".into(), "invalid_format")));
        let ok = VpsInput { ip_address: Some("2001:DB8::21".into()), ..base.clone() }.validate();
        assert_eq!(ok.as_ref().map(|v| (v.hostname.as_str(), v.ip_address.as_deref())).ok(), Some(("vps-dinkes01.dc.contohkota.go.id", Some("2001:db8::21"))));
        let e = errs(VpsInput { ip_address: None, provisioned_on: Some("2024-12-01".into()), decommissioned_on: Some("2025-02-01".into()), ..base.clone() }.validate());
        for want in [("ip_address", "required"), ("provisioned_on", "out_of_order"), ("decommissioned_on", "not_allowed")] {
            assert!(e.contains(&(want.0.to_string(), want.1)), "{want:?} in {e:?}");
        }
        let e = errs(VpsInput { hostname: "bad_host".into(), vcpu: 0, state: "hidup".into(), ..base }.validate());
        for want in [("hostname", "invalid_format"), ("vcpu", "out_of_range"), ("state", "invalid_choice")] {
            assert!(e.contains(&(want.0.to_string(), want.1)), "{want:?} in {e:?}");
        }
    }

    #[test]
    fn vps_lifecycle_moves_forward() {
        assert!(VpsState::Diminta.may_become(VpsState::Aktif));
        assert!(VpsState::Diminta.may_become(VpsState::Dihentikan));
        assert!(VpsState::Aktif.may_become(VpsState::Aktif));
        assert!(!VpsState::Dihentikan.may_become(VpsState::Aktif));
        assert!(!VpsState::Aktif.may_become(VpsState::Diminta));
    }

    #[test]
    fn placements_need_exactly_one_host() {
        assert_eq!(PlacementInput { application_id: 1, server_id: Some(2), vps_id: None }.validate().map(|p| p.host).ok(), Some(Host::Server(2)));
        assert!(errs(PlacementInput { application_id: 1, server_id: Some(2), vps_id: Some(3) }.validate()).contains(&("server_id".into(), "invalid_choice")));
        assert!(errs(PlacementInput::default().validate()).contains(&("application_id".into(), "required")));
    }

    #[test]
    fn capacity() {
        let c = Capacity { cpu_cores: 32, ram_gb: 256, storage_gb: 4000, vcpu_allocated: 40, ram_gb_allocated: 128, disk_gb_allocated: 4000, vps_count: 5 };
        assert_eq!((c.cpu_percent(), c.ram_percent(), c.disk_percent()), (125, 50, 100));
        assert_eq!(c.overcommitted(), vec!["cpu"]);
        assert_eq!(Capacity::percent(1, 0), 0);
    }
}
