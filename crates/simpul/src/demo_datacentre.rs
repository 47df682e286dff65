//! Demo data: the data centre and domain registry of the FICTIONAL
//! "Pemerintah Kota Tanjung Selatan" (see `demo_data`). Host names, serial
//! numbers and addresses (private 10.x ranges) are invented.
//!
//! What it shows:
//! * the Pusat Data run by Diskominfo (Perwali Balikpapan 14/2022 Pasal 19
//!   ayat (4)), a DRC, and the server room of Dinas Kesehatan, a PD Mandiri
//!   TIK that runs its own server (ayat (10));
//! * VPS given to agencies that have no servers of their own (ayat (11)),
//!   one still requested, one decommissioned; `srv-virt02` has given out
//!   more vCPU than it has cores, so its over-commitment is visible;
//! * which applications run on which VPS or server;
//! * subdomains of the official domain, an inactive one, and two registered
//!   outside it (JDIH and the tourism site) — findings under Pasal 30
//!   ayat (1); e-SAKIP's address is under the official domain but not
//!   registered — a low finding under Pasal 30 ayat (4).

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use simpul_domain::datacentre::{PlacementInput, RackInput, RoomInput, ServerInput, SiteInput, VpsInput};
use simpul_domain::domains::{MailDomainInput, SubdomainInput};
use simpul_store::{Store, WriteTx};

/// A room: name, floor, and its racks `(code, height in U)`.
type DemoRoom = (&'static str, &'static str, &'static [(&'static str, i64)]);

struct DemoSite {
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    agency: &'static str,
    address: &'static str,
    tier: Option<i64>,
    rooms: &'static [DemoRoom],
}

const SITES: &[DemoSite] = &[
    DemoSite {
        code: "PD-UTAMA",
        name: "Pusat Data Pemerintah Kota Tanjung Selatan",
        kind: "pusat_data_utama",
        agency: "DISKOMINFO",
        address: "Gedung Diskominfo Lantai 3, Jl. Jenderal Sudirman No. 12, Tanjung Selatan",
        tier: Some(2),
        rooms: &[("Ruang Server Utama", "3", &[("R01", 42), ("R02", 42)]), ("Ruang Jaringan", "3", &[("N01", 24)])],
    },
    DemoSite {
        code: "DRC-01",
        name: "Disaster Recovery Center Bukit Meranti",
        kind: "drc",
        agency: "DISKOMINFO",
        address: "Kantor Kecamatan Bukit Meranti, Jl. Poros Meranti Km 7",
        tier: Some(1),
        rooms: &[("Ruang DRC", "1", &[("R01", 42)])],
    },
    DemoSite {
        code: "RS-DINKES",
        name: "Ruang Server Dinas Kesehatan",
        kind: "ruang_server_pd",
        agency: "DINKES",
        address: "Jl. Kesehatan No. 4, Tanjung Selatan",
        tier: None,
        rooms: &[("Ruang Server Dinkes", "2", &[("R01", 24)])],
    },
];

struct DemoServer {
    hostname: &'static str,
    /// (site code, room name, rack code).
    rack: (&'static str, &'static str, &'static str),
    u: i64,
    height: i64,
    model: &'static str,
    serial: &'static str,
    cpu: i64,
    ram: i64,
    storage: i64,
    agency: &'static str,
    ip: &'static str,
}

const SERVERS: &[DemoServer] = &[
    DemoServer {
        hostname: "srv-virt01.dc.tanjungselatankota.go.id",
        rack: ("PD-UTAMA", "Ruang Server Utama", "R01"),
        u: 10,
        height: 2,
        model: "Dell PowerEdge R750",
        serial: "TSK-DC-2022-001",
        cpu: 64,
        ram: 512,
        storage: 8000,
        agency: "DISKOMINFO",
        ip: "10.10.1.11",
    },
    DemoServer {
        hostname: "srv-virt02.dc.tanjungselatankota.go.id",
        rack: ("PD-UTAMA", "Ruang Server Utama", "R01"),
        u: 13,
        height: 2,
        model: "Lenovo ThinkSystem SR650",
        serial: "TSK-DC-2021-004",
        cpu: 48,
        ram: 384,
        storage: 6000,
        agency: "DISKOMINFO",
        ip: "10.10.1.12",
    },
    DemoServer {
        hostname: "srv-db01.dc.tanjungselatankota.go.id",
        rack: ("PD-UTAMA", "Ruang Server Utama", "R02"),
        u: 20,
        height: 2,
        model: "HPE ProLiant DL380 Gen10",
        serial: "TSK-DC-2020-002",
        cpu: 32,
        ram: 256,
        storage: 12000,
        agency: "DISKOMINFO",
        ip: "10.10.1.21",
    },
    DemoServer {
        hostname: "srv-backup01.drc.tanjungselatankota.go.id",
        rack: ("DRC-01", "Ruang DRC", "R01"),
        u: 5,
        height: 4,
        model: "Synology SA3400",
        serial: "TSK-DRC-2023-001",
        cpu: 8,
        ram: 32,
        storage: 96000,
        agency: "DISKOMINFO",
        ip: "10.20.1.11",
    },
    DemoServer {
        hostname: "srv-dinkes01.dinkes.tanjungselatankota.go.id",
        rack: ("RS-DINKES", "Ruang Server Dinkes", "R01"),
        u: 5,
        height: 2,
        model: "Dell PowerEdge R550",
        serial: "DINKES-2023-01",
        cpu: 16,
        ram: 64,
        storage: 2000,
        agency: "DINKES",
        ip: "10.30.1.11",
    },
];

struct DemoVps {
    hostname: &'static str,
    server: &'static str,
    agency: &'static str,
    vcpu: i64,
    ram: i64,
    disk: i64,
    ip: Option<&'static str>,
    state: &'static str,
    /// requested, provisioned, decommissioned.
    dates: (&'static str, Option<&'static str>, Option<&'static str>),
    notes: Option<&'static str>,
}

const V1: &str = "srv-virt01.dc.tanjungselatankota.go.id";
const V2: &str = "srv-virt02.dc.tanjungselatankota.go.id";

const VPS: &[DemoVps] = &[
    DemoVps { hostname: "vps-simpeg.dc.tanjungselatankota.go.id", server: V1, agency: "BKPSDM", vcpu: 8, ram: 16, disk: 200, ip: Some("10.10.2.11"), state: "aktif", dates: ("2022-02-07", Some("2022-02-14"), None), notes: None },
    DemoVps { hostname: "vps-ekinerja.dc.tanjungselatankota.go.id", server: V1, agency: "BKPSDM", vcpu: 4, ram: 8, disk: 100, ip: Some("10.10.2.12"), state: "aktif", dates: ("2023-01-09", Some("2023-01-16"), None), notes: None },
    DemoVps { hostname: "vps-lapor.dc.tanjungselatankota.go.id", server: V1, agency: "DISKOMINFO", vcpu: 4, ram: 8, disk: 100, ip: Some("10.10.2.13"), state: "aktif", dates: ("2021-08-02", Some("2021-08-03"), None), notes: None },
    DemoVps {
        hostname: "vps-bansos.dc.tanjungselatankota.go.id",
        server: V1,
        agency: "DINSOS",
        vcpu: 2,
        ram: 4,
        disk: 50,
        ip: Some("10.10.2.14"),
        state: "dihentikan",
        dates: ("2020-04-13", Some("2020-04-15"), Some("2022-12-30")),
        notes: Some("Pendataan bantuan sosial masa pandemi; data dipindahkan ke Portal Satu Data."),
    },
    DemoVps { hostname: "vps-satudata.dc.tanjungselatankota.go.id", server: V2, agency: "DISKOMINFO", vcpu: 8, ram: 32, disk: 500, ip: Some("10.10.3.11"), state: "aktif", dates: ("2022-06-06", Some("2022-06-08"), None), notes: None },
    DemoVps { hostname: "vps-esakip.dc.tanjungselatankota.go.id", server: V2, agency: "BAG-ORG", vcpu: 4, ram: 8, disk: 100, ip: Some("10.10.3.12"), state: "aktif", dates: ("2021-03-01", Some("2021-03-08"), None), notes: None },
    DemoVps { hostname: "vps-simbada.dc.tanjungselatankota.go.id", server: V2, agency: "BKAD", vcpu: 8, ram: 16, disk: 200, ip: Some("10.10.3.13"), state: "aktif", dates: ("2019-07-01", Some("2019-07-10"), None), notes: None },
    DemoVps { hostname: "vps-web-dishub.dc.tanjungselatankota.go.id", server: V2, agency: "DISHUB", vcpu: 4, ram: 4, disk: 50, ip: Some("10.10.3.14"), state: "aktif", dates: ("2024-02-05", Some("2024-02-07"), None), notes: Some("Situs web Dinas Perhubungan.") },
    DemoVps {
        hostname: "vps-ppdb.dc.tanjungselatankota.go.id",
        server: V2,
        agency: "DISDIKBUD",
        vcpu: 24,
        ram: 32,
        disk: 200,
        ip: Some("10.10.3.15"),
        state: "aktif",
        dates: ("2026-05-11", Some("2026-05-18"), None),
        notes: Some("Kapasitas besar untuk masa pendaftaran; menyebabkan alokasi vCPU srv-virt02 melebihi inti fisiknya."),
    },
    DemoVps {
        hostname: "vps-sipp.dc.tanjungselatankota.go.id",
        server: V2,
        agency: "INSPEKTORAT",
        vcpu: 4,
        ram: 8,
        disk: 100,
        ip: None,
        state: "diminta",
        dates: ("2026-09-07", None, None),
        notes: Some("Permintaan untuk pengembangan SIPP Inspektorat."),
    },
];

/// (application short name, host name of the server or VPS).
const PLACEMENTS: &[(&str, &str)] = &[
    ("SIMPEG", "vps-simpeg.dc.tanjungselatankota.go.id"),
    ("SIMPEG", "srv-db01.dc.tanjungselatankota.go.id"),
    ("e-Kinerja", "vps-ekinerja.dc.tanjungselatankota.go.id"),
    ("LAPOR Tanjung", "vps-lapor.dc.tanjungselatankota.go.id"),
    ("Satu Data", "vps-satudata.dc.tanjungselatankota.go.id"),
    ("Satu Data", "srv-db01.dc.tanjungselatankota.go.id"),
    ("e-SAKIP", "vps-esakip.dc.tanjungselatankota.go.id"),
    ("SIMBADA", "vps-simbada.dc.tanjungselatankota.go.id"),
    ("PPDB Online", "vps-ppdb.dc.tanjungselatankota.go.id"),
    ("e-Puskesmas", "srv-dinkes01.dinkes.tanjungselatankota.go.id"),
];

struct DemoSubdomain {
    fqdn: &'static str,
    agency: &'static str,
    app: Option<&'static str>,
    purpose: &'static str,
    record: (&'static str, &'static str),
    registered_on: &'static str,
    status: &'static str,
}

const SUBDOMAINS: &[DemoSubdomain] = &[
    DemoSubdomain { fqdn: "simpeg.tanjungselatankota.go.id", agency: "BKPSDM", app: Some("SIMPEG"), purpose: "Aplikasi kepegawaian", record: ("A", "10.10.2.11"), registered_on: "2022-02-14", status: "aktif" },
    DemoSubdomain { fqdn: "ekinerja.tanjungselatankota.go.id", agency: "BKPSDM", app: Some("e-Kinerja"), purpose: "Aplikasi kinerja pegawai", record: ("A", "10.10.2.12"), registered_on: "2023-01-16", status: "aktif" },
    DemoSubdomain { fqdn: "lapor.tanjungselatankota.go.id", agency: "DISKOMINFO", app: Some("LAPOR Tanjung"), purpose: "Pengaduan masyarakat", record: ("A", "10.10.2.13"), registered_on: "2021-08-03", status: "aktif" },
    DemoSubdomain { fqdn: "data.tanjungselatankota.go.id", agency: "DISKOMINFO", app: Some("Satu Data"), purpose: "Portal data terbuka", record: ("A", "10.10.3.11"), registered_on: "2022-06-08", status: "aktif" },
    DemoSubdomain {
        fqdn: "epuskesmas.dinkes.tanjungselatankota.go.id",
        agency: "DINKES",
        app: Some("e-Puskesmas"),
        purpose: "Layanan puskesmas",
        record: ("A", "10.30.1.11"),
        registered_on: "2023-07-10",
        status: "aktif",
    },
    DemoSubdomain { fqdn: "dinkes.tanjungselatankota.go.id", agency: "DINKES", app: None, purpose: "Situs web Dinas Kesehatan", record: ("CNAME", "web.tanjungselatankota.go.id"), registered_on: "2019-05-02", status: "aktif" },
    DemoSubdomain { fqdn: "dishub.tanjungselatankota.go.id", agency: "DISHUB", app: None, purpose: "Situs web Dinas Perhubungan", record: ("A", "10.10.3.14"), registered_on: "2024-02-07", status: "aktif" },
    DemoSubdomain { fqdn: "web.tanjungselatankota.go.id", agency: "DISKOMINFO", app: None, purpose: "Server web bersama situs perangkat daerah", record: ("A", "10.10.2.30"), registered_on: "2019-01-07", status: "aktif" },
    DemoSubdomain { fqdn: "pilkada2020.tanjungselatankota.go.id", agency: "KESBANGPOL", app: None, purpose: "Informasi pilkada 2020", record: ("A", "10.10.2.40"), registered_on: "2020-06-01", status: "nonaktif" },
    DemoSubdomain { fqdn: "jdih-tanjungselatan.web.id", agency: "BAG-HUKUM", app: Some("JDIH"), purpose: "JDIH (domain lama, di luar domain resmi)", record: ("CNAME", "jdih-host.penyedia-web.id"), registered_on: "2018-03-12", status: "aktif" },
    DemoSubdomain { fqdn: "pariwisata-tanjungselatan.com", agency: "DISPORAPAR", app: None, purpose: "Situs promosi pariwisata", record: ("A", "203.0.113.45"), registered_on: "2021-10-18", status: "aktif" },
];

fn id_of(map: &HashMap<&str, i64>, key: &str, what: &str) -> Result<i64> {
    match map.get(key) {
        Some(id) => Ok(*id),
        None => bail!("demo {what} {key} is unknown"),
    }
}

/// Seeds the data centre and domain registry into the demo's write transaction.
pub async fn seed(store: &Store, w: &mut WriteTx, agencies: &HashMap<&'static str, i64>, apps: &HashMap<&'static str, i64>) -> Result<()> {
    let mut racks: HashMap<String, i64> = HashMap::new();
    for s in SITES {
        let d = SiteInput { code: s.code.into(), name: s.name.into(), kind: s.kind.into(), agency_id: id_of(agencies, s.agency, "agency")?, address: Some(s.address.into()), tier: s.tier, notes: None }
            .validate()
            .with_context(|| format!("demo site {}", s.code))?;
        let site = store.save_site(w, None, &d).await?;
        for (room, floor, room_racks) in s.rooms {
            let d = RoomInput { site_id: site.id, name: (*room).into(), floor: Some((*floor).into()), notes: None }.validate().with_context(|| format!("demo room {room}"))?;
            let room_id = store.save_room(w, None, &d).await?.id;
            for (code, height) in *room_racks {
                let d = RackInput { room_id, code: (*code).into(), height_u: *height, notes: None }.validate().with_context(|| format!("demo rack {code}"))?;
                racks.insert(format!("{}/{room}/{code}", s.code), store.save_rack(w, None, &d).await?.id);
            }
        }
    }
    let mut hosts: HashMap<&str, (bool, i64)> = HashMap::new();
    for x in SERVERS {
        let (site, room, rack) = x.rack;
        let Some(&rack_id) = racks.get(&format!("{site}/{room}/{rack}")) else { bail!("demo server {} has an unknown rack", x.hostname) };
        let d = ServerInput {
            hostname: x.hostname.into(),
            rack_id,
            u_position: x.u,
            u_height: x.height,
            serial: Some(x.serial.into()),
            model: Some(x.model.into()),
            cpu_cores: x.cpu,
            ram_gb: x.ram,
            storage_gb: x.storage,
            agency_id: id_of(agencies, x.agency, "agency")?,
            ip_address: Some(x.ip.into()),
            notes: None,
        }
        .validate()
        .with_context(|| format!("demo server {}", x.hostname))?;
        hosts.insert(x.hostname, (true, store.save_server(w, None, &d).await?.id));
    }
    for v in VPS {
        let Some(&(true, server_id)) = hosts.get(v.server) else { bail!("demo VPS {} has an unknown server", v.hostname) };
        let (requested, provisioned, decommissioned) = v.dates;
        let d = VpsInput {
            hostname: v.hostname.into(),
            server_id,
            agency_id: id_of(agencies, v.agency, "agency")?,
            vcpu: v.vcpu,
            ram_gb: v.ram,
            disk_gb: v.disk,
            os: Some("Debian 12".into()),
            ip_address: v.ip.map(str::to_string),
            state: v.state.into(),
            requested_on: Some(requested.into()),
            provisioned_on: provisioned.map(str::to_string),
            decommissioned_on: decommissioned.map(str::to_string),
            notes: v.notes.map(str::to_string),
        }
        .validate()
        .with_context(|| format!("demo VPS {}", v.hostname))?;
        hosts.insert(v.hostname, (false, store.save_vps(w, None, &d).await?.id));
    }
    for (app, host) in PLACEMENTS {
        let Some(&(physical, host_id)) = hosts.get(host) else { bail!("demo placement of {app} on unknown host {host}") };
        let d = PlacementInput { application_id: id_of(apps, app, "application")?, server_id: physical.then_some(host_id), vps_id: (!physical).then_some(host_id) }.validate()?;
        store.create_placement(w, &d).await?;
    }
    for x in SUBDOMAINS {
        let (record_type, target) = x.record;
        let d = SubdomainInput {
            fqdn: x.fqdn.into(),
            agency_id: id_of(agencies, x.agency, "agency")?,
            application_id: x.app.map(|a| id_of(apps, a, "application")).transpose()?,
            purpose: Some(x.purpose.into()),
            record_type: record_type.into(),
            target: target.into(),
            registered_on: x.registered_on.into(),
            status: x.status.into(),
            notes: None,
        }
        .validate()
        .with_context(|| format!("demo subdomain {}", x.fqdn))?;
        store.save_subdomain(w, None, &d).await?;
    }
    let d = MailDomainInput { email_domain: "tanjungselatankota.go.id".into(), mail_host: Some("mail.tanjungselatankota.go.id".into()), notes: None }.validate()?;
    store.save_mail_domain(w, &d).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_apps::APPS;
    use crate::demo_data::AGENCIES;
    use simpul_domain::datacentre::units_overlap;

    #[test]
    fn demo_refers_to_known_agencies_applications_and_hosts() {
        let agency = |code: &str| assert!(AGENCIES.iter().any(|a| a.code == code), "{code}");
        SITES.iter().for_each(|s| agency(s.agency));
        SERVERS.iter().for_each(|s| agency(s.agency));
        VPS.iter().for_each(|v| agency(v.agency));
        SUBDOMAINS.iter().for_each(|d| agency(d.agency));
        let app = |name: &str| assert!(APPS.iter().any(|a| a.short_name == name), "{name}");
        PLACEMENTS.iter().for_each(|(a, _)| app(a));
        SUBDOMAINS.iter().filter_map(|d| d.app).for_each(app);
        for (_, host) in PLACEMENTS {
            assert!(SERVERS.iter().any(|s| s.hostname == *host) || VPS.iter().any(|v| v.hostname == *host), "{host}");
        }
        for v in VPS {
            assert!(SERVERS.iter().any(|s| s.hostname == v.server), "{}", v.hostname);
        }
    }

    #[test]
    fn demo_servers_do_not_overlap_and_one_host_is_overcommitted() {
        for (i, a) in SERVERS.iter().enumerate() {
            for b in SERVERS.iter().skip(i + 1).filter(|b| b.rack == a.rack) {
                assert!(!units_overlap(a.u, a.height, b.u, b.height), "{} / {}", a.hostname, b.hostname);
            }
        }
        let vcpu = |host: &str| VPS.iter().filter(|v| v.server == host && v.state != "dihentikan").map(|v| v.vcpu).sum::<i64>();
        assert!(SERVERS.iter().any(|s| vcpu(s.hostname) > s.cpu), "the demo shows an over-committed host");
    }
}
