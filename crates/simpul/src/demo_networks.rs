//! Demo data: the network registry (Jaringan Intra) of the FICTIONAL
//! "Pemerintah Kota Tanjung Selatan". Host names, addresses, models, serial
//! numbers and providers are invented.
//!
//! What it shows:
//! * the WAN run by Diskominfo from the Pusat Data to the agencies' routers
//!   (Perwali Balikpapan 14/2022 Pasal 23 ayat (6) huruf a): fibre to the
//!   city-hall agencies, a leased Metro Ethernet line to the RSUD, radio and
//!   VPN links to remote kecamatan and the puskesmas;
//! * the LANs of Diskominfo and of the PD Mandiri TIK Dinkes and
//!   Disdukcapil (Pasal 23 ayat (6) huruf b), and Disdikbud's single switch:
//!   devices with ports, and cables labelled by the default scheme
//!   `{AGENCY}-{FROM}-{TO}-{SEQ:3}`;
//! * three cables recorded but not yet labelled (Dinkes second floor,
//!   Disdukcapil counter): findings under Perwali Banjarbaru 5/2018 Pasal 15
//!   ayat (3), Perbup Cianjur 25/2018 Pasal 17 ayat (4) and Perwali Kendari
//!   41/2021 Pasal 19 ayat (2) — the demo's Perwali Balikpapan 14/2022 makes
//!   no cable-label rule, so they show when the profile is switched;
//! * LAN diagrams (SVG drawn from the registry itself): Diskominfo's is
//!   current and has an older version in its history; Dinkes' is more than a
//!   year old and Disdukcapil's current; every other agency has none — the
//!   findings of Perwali Balikpapan 14/2022 Pasal 25 ayat (1).

use std::collections::HashMap;

use anyhow::{Context, Result};
use simpul_domain::attachments::check_upload;
use simpul_domain::networks::{CableInput, DeviceInput, PortInput, WanLinkInput};
use simpul_store::{Store, WriteTx};

/// A WAN link from the Diskominfo data centre: agency, site, medium, Mbps, provider.
const WAN: &[(&str, &str, &str, i64, Option<&str>)] = &[
    ("SETDA", "Kantor Wali Kota, ruang server Lt. 1", "fiber_optik", 1000, None),
    ("DINKES", "Gedung Dinas Kesehatan, ruang server", "fiber_optik", 1000, None),
    ("DISDUKCAPIL", "Mal Pelayanan Publik, ruang server", "fiber_optik", 1000, None),
    ("DPMPTSP", "Mal Pelayanan Publik, Lt. 2", "fiber_optik", 1000, None),
    ("BAPPEDA", "Gedung Bappeda", "fiber_optik", 1000, None),
    ("DISDIKBUD", "Gedung Disdikbud", "fiber_optik", 500, None),
    ("BKAD", "Gedung Keuangan Daerah", "fiber_optik", 500, None),
    ("RSUD", "RSUD, ruang IT", "metro_ethernet", 500, Some("PT Nusantara Serat Prima (fiktif)")),
    ("KEC-TELUK-SIRIH", "Kantor Camat Teluk Sirih", "radio", 100, None),
    ("UPTD-PKM-TLK-SIRIH", "Puskesmas Teluk Sirih", "radio", 50, None),
    ("KEC-PASIR-LAMBA", "Kantor Camat Pasir Lamba", "vpn", 50, Some("PT Borneo Data Lintas (fiktif)")),
];

/// A device: agency, host name, kind, location, management address, model, serial, ports (prefix, count, Mbps).
type DemoDevice = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str, (&'static str, Option<u32>, i64));

const DEVICES: &[DemoDevice] = &[
    ("DISKOMINFO", "rtr-core-01", "router", "Pusat Data, rak A1", "10.0.0.1", "MikroTik CCR2004-16G-2S+", "TSK-RC-2201", ("ether", Some(8), 1000)),
    ("DISKOMINFO", "fw-core-01", "firewall", "Pusat Data, rak A1", "10.0.0.2", "FortiGate 100F", "TSK-FW-2202", ("port", Some(8), 1000)),
    ("DISKOMINFO", "sw-core-01", "switch", "Pusat Data, rak A2", "10.0.0.3", "Cisco Catalyst 9300-24T", "TSK-SW-2203", ("Gi1/0/", Some(24), 1000)),
    ("DISKOMINFO", "sw-lt2-01", "switch", "Gedung Diskominfo Lt. 2, ruang bidang", "10.0.2.1", "Cisco Catalyst 9200-24T", "TSK-SW-2304", ("Gi1/0/", Some(24), 1000)),
    ("DISKOMINFO", "ap-lt2-01", "access_point", "Gedung Diskominfo Lt. 2, lorong", "10.0.2.10", "Ubiquiti U6-Pro", "TSK-AP-2305", ("eth", Some(1), 1000)),
    ("DINKES", "rtr-dinkes-01", "router", "Gedung Dinkes, ruang server", "10.20.0.1", "MikroTik RB5009", "DKS-RT-2301", ("ether", Some(8), 1000)),
    ("DINKES", "sw-dinkes-lt1", "switch", "Gedung Dinkes Lt. 1, rak ruang server", "10.20.1.1", "TP-Link TL-SG3428", "DKS-SW-2302", ("Gi0/", Some(24), 1000)),
    ("DINKES", "sw-dinkes-lt2", "switch", "Gedung Dinkes Lt. 2, rak dinding", "10.20.2.1", "TP-Link TL-SG3218", "DKS-SW-2303", ("Gi0/", Some(16), 1000)),
    ("DINKES", "ap-dinkes-lt1", "access_point", "Gedung Dinkes Lt. 1, ruang tunggu", "10.20.1.20", "TP-Link EAP225", "DKS-AP-2304", ("eth", Some(1), 1000)),
    ("DISDUKCAPIL", "rtr-dukcapil-01", "router", "Mal Pelayanan Publik, ruang server", "10.30.0.1", "MikroTik RB4011", "DKC-RT-2201", ("ether", Some(10), 1000)),
    ("DISDUKCAPIL", "sw-dukcapil-01", "switch", "Mal Pelayanan Publik, ruang server", "10.30.1.1", "Cisco CBS350-24T", "DKC-SW-2202", ("Gi", Some(24), 1000)),
    ("DISDIKBUD", "sw-disdik-01", "switch", "Gedung Disdikbud Lt. 1, ruang arsip", "10.40.1.1", "D-Link DGS-1210-28", "DDK-SW-2101", ("", Some(24), 1000)),
];

/// One end of a demo cable: `host:port` or an outlet position.
#[derive(Clone, Copy)]
enum E {
    P(&'static str, &'static str),
    O(&'static str),
}

/// A cable: agency, end A, end B, medium, metres, labelled.
const CABLES: &[(&str, E, E, &str, i64, bool)] = &[
    ("DISKOMINFO", E::P("rtr-core-01", "ether2"), E::P("fw-core-01", "port1"), "utp_cat6", 2, true),
    ("DISKOMINFO", E::P("fw-core-01", "port2"), E::P("sw-core-01", "Gi1/0/1"), "utp_cat6", 2, true),
    ("DISKOMINFO", E::P("sw-core-01", "Gi1/0/24"), E::P("sw-lt2-01", "Gi1/0/24"), "fiber_multimode", 45, true),
    ("DISKOMINFO", E::P("sw-lt2-01", "Gi1/0/23"), E::P("ap-lt2-01", "eth1"), "utp_cat6", 18, true),
    ("DISKOMINFO", E::P("sw-lt2-01", "Gi1/0/1"), E::O("R.201-A01"), "utp_cat6", 22, true),
    ("DISKOMINFO", E::P("sw-lt2-01", "Gi1/0/2"), E::O("R.201-A02"), "utp_cat6", 23, true),
    ("DISKOMINFO", E::P("sw-lt2-01", "Gi1/0/3"), E::O("R.202-A01"), "utp_cat6", 27, true),
    ("DINKES", E::P("rtr-dinkes-01", "ether2"), E::P("sw-dinkes-lt1", "Gi0/24"), "utp_cat6", 3, true),
    ("DINKES", E::P("sw-dinkes-lt1", "Gi0/23"), E::P("sw-dinkes-lt2", "Gi0/16"), "utp_cat6", 35, true),
    ("DINKES", E::P("sw-dinkes-lt1", "Gi0/20"), E::P("ap-dinkes-lt1", "eth1"), "utp_cat6", 15, true),
    ("DINKES", E::P("sw-dinkes-lt1", "Gi0/1"), E::O("R.101-A01"), "utp_cat5e", 12, true),
    ("DINKES", E::P("sw-dinkes-lt1", "Gi0/2"), E::O("R.101-A02"), "utp_cat5e", 12, true),
    ("DINKES", E::P("sw-dinkes-lt2", "Gi0/1"), E::O("R.205-B01"), "utp_cat6", 20, false),
    ("DINKES", E::P("sw-dinkes-lt2", "Gi0/2"), E::O("PP2-07"), "utp_cat6", 1, false),
    ("DISDUKCAPIL", E::P("rtr-dukcapil-01", "ether2"), E::P("sw-dukcapil-01", "Gi24"), "utp_cat6", 2, true),
    ("DISDUKCAPIL", E::P("sw-dukcapil-01", "Gi1"), E::O("Loket-01"), "utp_cat6", 16, true),
    ("DISDUKCAPIL", E::P("sw-dukcapil-01", "Gi2"), E::O("Loket-02"), "utp_cat6", 17, false),
    ("DISDIKBUD", E::P("sw-disdik-01", "1"), E::O("R.ARSIP-01"), "utp_cat5e", 9, true),
];

/// LAN diagrams: agency, days before today, note.
const DIAGRAMS: &[(&str, i64, &str)] = &[
    ("DISKOMINFO", 430, "Diagram awal setelah pemindahan Pusat Data."),
    ("DISKOMINFO", 45, "Penambahan sw-lt2-01 dan access point lantai 2."),
    ("DINKES", 480, "Diagram LAN gedung Dinas Kesehatan."),
    ("DISDUKCAPIL", 120, "Diagram LAN Mal Pelayanan Publik."),
];

/// A plain SVG drawing of an agency's LAN from the registry: one box per
/// device, one line per cable between devices, outlets listed below.
fn diagram_svg(agency: &str, on: &str) -> String {
    let devices: Vec<&DemoDevice> = DEVICES.iter().filter(|d| d.0 == agency).collect();
    let x_of = |host: &str| devices.iter().position(|d| d.1 == host).map(|i| 40 + 190 * i as i64);
    let width = 80 + 190 * devices.len() as i64;
    let mut s = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="360" viewBox="0 0 {width} 360" font-family="sans-serif" font-size="12">
<rect width="{width}" height="360" fill="#ffffff"/>
<text x="20" y="28" font-size="16" font-weight="bold">Diagram Jaringan Intra PD (LAN) {agency} — {on}</text>
"##
    );
    let mut outlets = Vec::new();
    for (i, (_, a, b, _, _, _)) in CABLES.iter().filter(|c| c.0 == agency).enumerate() {
        match (a, b) {
            (E::P(ha, pa), E::P(hb, pb)) => {
                if let (Some(xa), Some(xb)) = (x_of(ha), x_of(hb)) {
                    let y = 150 + 12 * i as i64;
                    s.push_str(&format!("<line x1=\"{}\" y1=\"110\" x2=\"{}\" y2=\"110\" stroke=\"#0b5cad\" stroke-width=\"2\"/>\n", xa + 75, xb + 75));
                    s.push_str(&format!("<text x=\"{}\" y=\"{y}\" fill=\"#52606d\">{ha}:{pa} — {hb}:{pb}</text>\n", xa.min(xb) + 10));
                }
            }
            (E::P(h, p), E::O(o)) | (E::O(o), E::P(h, p)) => outlets.push(format!("{h}:{p} → {o}")),
            (E::O(x), E::O(y)) => outlets.push(format!("{x} → {y}")),
        }
    }
    for d in &devices {
        let x = x_of(d.1).unwrap_or(0);
        s.push_str(&format!(
            "<rect x=\"{x}\" y=\"60\" width=\"150\" height=\"50\" rx=\"6\" fill=\"#f3f5f7\" stroke=\"#1f2933\"/>\n<text x=\"{}\" y=\"80\">{}</text>\n<text x=\"{}\" y=\"98\" fill=\"#52606d\">{} {}</text>\n",
            x + 8,
            d.1,
            x + 8,
            d.2,
            d.4
        ));
    }
    for (i, o) in outlets.iter().enumerate() {
        s.push_str(&format!("<text x=\"20\" y=\"{}\">Outlet: {o}</text>\n", 260 + 16 * i as i64));
    }
    s.push_str("</svg>\n");
    s
}

/// Seeds the network registry inside the demo's write transaction.
pub async fn seed(store: &Store, w: &mut WriteTx, agency_ids: &HashMap<&str, i64>, today: time::Date) -> Result<()> {
    let id = |code: &str| agency_ids.get(code).copied().with_context(|| format!("demo network: unknown agency {code}"));
    let hub = id("DISKOMINFO")?;
    for (agency, site, medium, mbps, provider) in WAN {
        let d = WanLinkInput {
            from_agency_id: hub,
            from_site: Some("Pusat Data, Gedung Diskominfo".into()),
            to_agency_id: id(agency)?,
            to_site: Some((*site).into()),
            medium: (*medium).into(),
            bandwidth_mbps: *mbps,
            provider: provider.map(str::to_string),
            notes: None,
        }
        .validate()
        .with_context(|| format!("demo WAN link to {agency}"))?;
        store.create_wan_link(w, &d).await?;
    }
    let mut ports: HashMap<(&str, String), i64> = HashMap::new();
    for (agency, host, kind, location, ip, model, serial, (prefix, count, mbps)) in DEVICES {
        let d = DeviceInput {
            agency_id: id(agency)?,
            hostname: (*host).into(),
            kind: (*kind).into(),
            location: Some((*location).into()),
            management_ip: Some((*ip).into()),
            model: Some((*model).into()),
            serial_number: Some((*serial).into()),
        }
        .validate()
        .with_context(|| format!("demo device {host}"))?;
        let dev = store.create_device(w, &d).await?;
        let name = if prefix.is_empty() { "port".to_string() } else { prefix.to_string() };
        let mut p = PortInput { name, speed_mbps: Some(*mbps), count: *count }.validate().with_context(|| format!("demo ports of {host}"))?;
        if prefix.is_empty() {
            // Plain numbered ports: 1, 2, …
            for (i, port) in p.iter_mut().enumerate() {
                port.name = (i + 1).to_string();
            }
        }
        for port in store.add_ports(w, dev.id, &p).await? {
            ports.insert((host, port.name), port.id);
        }
    }
    let end = |e: E| -> Result<(Option<i64>, Option<String>)> {
        Ok(match e {
            E::P(h, p) => (Some(*ports.get(&(h, p.to_string())).with_context(|| format!("demo port {h}:{p}"))?), None),
            E::O(o) => (None, Some(o.to_string())),
        })
    };
    for (agency, a, b, medium, metres, labelled) in CABLES {
        let ((a_port_id, a_outlet), (b_port_id, b_outlet)) = (end(*a)?, end(*b)?);
        let d = CableInput { agency_id: id(agency)?, a_port_id, a_outlet, b_port_id, b_outlet, medium: (*medium).into(), length_m: Some(*metres), label_code: None, auto_label: *labelled, notes: None }
            .validate()
            .with_context(|| format!("demo cable of {agency}"))?;
        store.create_cable(w, &d).await?;
    }
    for (agency, days_ago, note) in DIAGRAMS {
        let on = time::Date::from_julian_day(today.to_julian_day() - *days_ago as i32).context("demo diagram date")?.to_string();
        let svg = diagram_svg(agency, &on);
        let file = check_upload("file", &format!("diagram-lan-{}-{on}.svg", agency.to_lowercase()), Some("image/svg+xml"), svg.as_bytes()).with_context(|| format!("demo diagram of {agency}"))?;
        store.add_lan_diagram(w, id(agency)?, &on, Some((*note).into()), &file, svg.as_bytes()).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_diagrams_are_accepted_svg() {
        for (agency, _, _) in DIAGRAMS {
            let svg = diagram_svg(agency, "2025-01-01");
            assert!(check_upload("file", "d.svg", None, svg.as_bytes()).is_ok(), "{agency}: {svg}");
        }
    }
}
