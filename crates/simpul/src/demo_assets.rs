//! Demo data: the ICT asset registry and software licences of the FICTIONAL
//! "Pemerintah Kota Tanjung Selatan" (see `demo_data`). Devices, serial
//! numbers and prices are invented but of the kind and price range a Pemda
//! buys through e-Katalog.
//!
//! What the demo shows:
//! * every lifecycle state (a server being procured, a planned NAS, a
//!   switch in repair, a printer disposed of) with its history;
//! * warranties ending soon, computed from the day the demo is seeded;
//! * a licence with every seat taken, one ending soon and one expired;
//! * two agencies whose inventory was last touched in an earlier year
//!   (Disdikbud and BKAD): under a regulation that obliges agencies to
//!   inventory their ICT devices — Perwali Banjarbaru 5/2018 Pasal 15
//!   ayat (10), Perwali Kendari 41/2021 Pasal 19 ayat (11), Perbup Cianjur
//!   25/2018 Pasal 18 ayat (1) — each is a finding. The demo Pemda works
//!   under Perwali Balikpapan 14/2022, which sets no such obligation: the
//!   check is listed as not applicable until the profile is switched.

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use simpul_domain::assets::{AssetInput, LicenceInput, SeatInput};
use simpul_store::{Store, WriteTx};

#[derive(Debug, Clone, Copy)]
pub struct DemoAsset {
    /// Agency code from `demo_data::AGENCIES`.
    pub agency: &'static str,
    /// Given tag (assets registered in earlier years); `None`: generated.
    pub tag: Option<&'static str>,
    pub name: &'static str,
    pub category: &'static str,
    /// Lifecycle path from the first state, each with its date; the last is the current state.
    pub states: &'static [(&'static str, &'static str)],
    pub location: &'static str,
    /// A unit name of the agency, exactly as in `demo_data`.
    pub unit: Option<&'static str>,
    pub manufacturer: &'static str,
    pub model: &'static str,
    pub serial: Option<&'static str>,
    pub purchased: Option<&'static str>,
    pub price: Option<i64>,
    /// Warranty end: a fixed date, or days from the day the demo is seeded.
    pub warranty: Warranty,
    /// NIP of the holder (a person of the agency).
    pub holder: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
pub enum Warranty {
    None,
    On(&'static str),
    InDays(i64),
}

const BASE: DemoAsset = DemoAsset {
    agency: "DISKOMINFO",
    tag: None,
    name: "",
    category: "komputer",
    states: &[("digunakan", "2024-02-12")],
    location: "",
    unit: None,
    manufacturer: "",
    model: "",
    serial: None,
    purchased: None,
    price: None,
    warranty: Warranty::None,
    holder: None,
};

pub const ASSETS: &[DemoAsset] = &[
    // Diskominfo: the Pusat Data and the network.
    DemoAsset {
        tag: Some("TIK-2022-00001"),
        name: "Server Aplikasi Pusat Data 1",
        category: "server",
        states: &[("pengadaan", "2022-06-20"), ("digunakan", "2022-08-01")],
        location: "Pusat Data, Gedung Diskominfo Lt. 1",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        manufacturer: "Dell",
        model: "PowerEdge R750",
        serial: Some("DLR750-7HX2Q93"),
        purchased: Some("2022-07-18"),
        price: Some(287_500_000),
        warranty: Warranty::On("2027-07-18"),
        holder: Some("198301272009021003"),
        ..BASE
    },
    DemoAsset {
        tag: Some("TIK-2022-00002"),
        name: "Server Basis Data Pusat Data",
        category: "server",
        states: &[("pengadaan", "2022-06-20"), ("digunakan", "2022-08-01")],
        location: "Pusat Data, Gedung Diskominfo Lt. 1",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        manufacturer: "Dell",
        model: "PowerEdge R750",
        serial: Some("DLR750-7HX2Q94"),
        purchased: Some("2022-07-18"),
        price: Some(312_000_000),
        warranty: Warranty::InDays(40),
        holder: Some("198301272009021003"),
        ..BASE
    },
    DemoAsset {
        name: "Server Cadangan (Backup) Pusat Data",
        category: "server",
        states: &[("perencanaan", "2026-01-15"), ("pengadaan", "2026-04-02")],
        location: "Pusat Data, Gedung Diskominfo Lt. 1",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        manufacturer: "Lenovo",
        model: "ThinkSystem SR650 V3",
        ..BASE
    },
    DemoAsset {
        name: "Media Penyimpanan NAS Arsip Digital",
        category: "penyimpanan",
        states: &[("perencanaan", "2026-03-10")],
        location: "Pusat Data, Gedung Diskominfo Lt. 1",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        manufacturer: "Synology",
        model: "RS2423RP+",
        ..BASE
    },
    DemoAsset {
        tag: Some("TIK-2023-00014"),
        name: "Core Switch Jaringan Intra",
        category: "perangkat_jaringan",
        states: &[("digunakan", "2023-03-01"), ("dalam_perbaikan", "2026-02-09")],
        location: "Ruang Jaringan, Gedung Diskominfo Lt. 1",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        manufacturer: "Cisco",
        model: "Catalyst 9300-48P",
        serial: Some("FOC2731X0QZ"),
        purchased: Some("2023-02-14"),
        price: Some(168_750_000),
        warranty: Warranty::On("2026-02-14"),
        holder: Some("199403052019031007"),
        ..BASE
    },
    DemoAsset {
        tag: Some("TIK-2023-00015"),
        name: "Firewall Perimeter Pusat Data",
        category: "perangkat_jaringan",
        states: &[("digunakan", "2023-03-01")],
        location: "Ruang Jaringan, Gedung Diskominfo Lt. 1",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        manufacturer: "Fortinet",
        model: "FortiGate 200F",
        serial: Some("FG200FT923904411"),
        purchased: Some("2023-02-14"),
        price: Some(214_000_000),
        warranty: Warranty::InDays(75),
        holder: Some("199403052019031007"),
        ..BASE
    },
    DemoAsset {
        tag: Some("TIK-2023-00016"),
        name: "UPS Pusat Data 10 kVA",
        category: "ups",
        states: &[("digunakan", "2023-03-01")],
        location: "Pusat Data, Gedung Diskominfo Lt. 1",
        unit: Some("Bidang Infrastruktur dan Teknologi Informasi"),
        manufacturer: "APC",
        model: "Smart-UPS SRT 10kVA",
        serial: Some("AS2245130871"),
        purchased: Some("2023-02-14"),
        price: Some(96_400_000),
        warranty: Warranty::On("2025-02-14"),
        holder: Some("199607282022031002"),
        ..BASE
    },
    DemoAsset {
        name: "Laptop Pengembang Aplikasi 1",
        category: "laptop",
        states: &[("digunakan", "2025-09-22")],
        location: "Ruang Bidang Aplikasi Informatika",
        unit: Some("Bidang Aplikasi Informatika"),
        manufacturer: "Lenovo",
        model: "ThinkPad T14 Gen 5",
        serial: Some("PF4ZR2KD"),
        purchased: Some("2025-09-15"),
        price: Some(23_850_000),
        warranty: Warranty::On("2028-09-15"),
        holder: Some("199108142015031004"),
        ..BASE
    },
    DemoAsset {
        name: "Laptop Pengembang Aplikasi 2",
        category: "laptop",
        states: &[("digunakan", "2025-09-22")],
        location: "Ruang Bidang Aplikasi Informatika",
        unit: Some("Bidang Aplikasi Informatika"),
        manufacturer: "Lenovo",
        model: "ThinkPad T14 Gen 5",
        serial: Some("PF4ZR2KF"),
        purchased: Some("2025-09-15"),
        price: Some(23_850_000),
        warranty: Warranty::On("2028-09-15"),
        holder: Some("199701112022032009"),
        ..BASE
    },
    DemoAsset {
        tag: Some("TIK-2021-00031"),
        name: "Printer Laser Sekretariat Diskominfo",
        category: "printer",
        states: &[("digunakan", "2021-04-05"), ("dalam_perbaikan", "2025-10-01"), ("dihapuskan", "2025-11-20")],
        location: "Ruang Sekretariat",
        unit: Some("Sekretariat"),
        manufacturer: "HP",
        model: "LaserJet Pro M404dn",
        serial: Some("PHBLK31907"),
        purchased: Some("2021-03-29"),
        price: Some(5_475_000),
        ..BASE
    },
    DemoAsset {
        name: "Kamera CCTV Lobi Gedung Diskominfo",
        category: "cctv",
        states: &[("digunakan", "2025-06-02")],
        location: "Lobi Gedung Diskominfo",
        manufacturer: "Hikvision",
        model: "DS-2CD2143G2-I",
        serial: Some("J40012873"),
        purchased: Some("2025-05-20"),
        price: Some(2_150_000),
        warranty: Warranty::InDays(20),
        ..BASE
    },
    // Dinas Kesehatan.
    DemoAsset {
        agency: "DINKES",
        name: "Komputer Admin Keuangan",
        category: "komputer",
        states: &[("digunakan", "2025-02-10")],
        location: "Ruang Subbagian Perencanaan dan Keuangan",
        unit: Some("Subbagian Perencanaan dan Keuangan"),
        manufacturer: "Asus",
        model: "ExpertCenter D7 SFF",
        serial: Some("R9PDCG00X188"),
        purchased: Some("2025-01-27"),
        price: Some(13_900_000),
        warranty: Warranty::On("2028-01-27"),
        holder: Some("199307042019031012"),
        ..BASE
    },
    DemoAsset {
        agency: "DINKES",
        name: "Komputer Perencanaan Program",
        category: "komputer",
        states: &[("digunakan", "2025-02-10")],
        location: "Ruang Subbagian Perencanaan dan Keuangan",
        unit: Some("Subbagian Perencanaan dan Keuangan"),
        manufacturer: "Asus",
        model: "ExpertCenter D7 SFF",
        serial: Some("R9PDCG00X191"),
        purchased: Some("2025-01-27"),
        price: Some(13_900_000),
        warranty: Warranty::On("2028-01-27"),
        holder: Some("198703182011012010"),
        ..BASE
    },
    DemoAsset {
        agency: "DINKES",
        tag: Some("TIK-2024-00007"),
        name: "Laptop Sekretaris Dinas",
        category: "laptop",
        states: &[("digunakan", "2024-03-04")],
        location: "Ruang Sekretaris",
        unit: Some("Sekretariat"),
        manufacturer: "HP",
        model: "ProBook 440 G10",
        serial: Some("5CD4081K2Q"),
        purchased: Some("2024-02-26"),
        price: Some(15_250_000),
        warranty: Warranty::InDays(60),
        holder: Some("197711052005021006"),
    },
    DemoAsset {
        agency: "DINKES",
        name: "Printer Multifungsi Sekretariat Dinkes",
        category: "printer",
        states: &[("digunakan", "2025-02-10")],
        location: "Ruang Sekretariat",
        unit: Some("Sekretariat"),
        manufacturer: "Epson",
        model: "EcoTank L6490",
        serial: Some("X8HK012345"),
        purchased: Some("2025-01-27"),
        price: Some(7_299_000),
        ..BASE
    },
    DemoAsset {
        agency: "DINKES",
        name: "Access Point Aula Dinkes",
        category: "perangkat_jaringan",
        states: &[("digunakan", "2024-08-19")],
        location: "Aula Lt. 2",
        manufacturer: "Ubiquiti",
        model: "UniFi U6 Pro",
        serial: Some("U6P-78A3C1"),
        purchased: Some("2024-08-12"),
        price: Some(3_350_000),
        ..BASE
    },
    // RSUD.
    DemoAsset {
        agency: "RSUD",
        name: "Server SIMRS",
        category: "server",
        states: &[("digunakan", "2024-01-08")],
        location: "Ruang Server Instalasi SIRS",
        unit: Some("Instalasi Sistem Informasi Rumah Sakit"),
        manufacturer: "HPE",
        model: "ProLiant DL380 Gen11",
        serial: Some("SGH402XK7M"),
        purchased: Some("2023-12-18"),
        price: Some(245_000_000),
        warranty: Warranty::On("2026-12-18"),
        holder: Some("199607142022032011"),
        ..BASE
    },
    DemoAsset {
        agency: "RSUD",
        name: "Komputer Loket Pendaftaran 1",
        category: "komputer",
        states: &[("digunakan", "2024-01-08")],
        location: "Loket Pendaftaran Rawat Jalan",
        manufacturer: "Lenovo",
        model: "ThinkCentre M70s Gen 4",
        serial: Some("MJ0K7T21"),
        purchased: Some("2023-12-18"),
        price: Some(11_450_000),
        ..BASE
    },
    // Bappeda.
    DemoAsset {
        agency: "BAPPEDA",
        name: "Laptop Analis Perencanaan",
        category: "laptop",
        states: &[("digunakan", "2025-07-14")],
        location: "Ruang Bidang Perencanaan",
        unit: Some("Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah"),
        manufacturer: "Acer",
        model: "TravelMate P214",
        serial: Some("NXVUREN00142"),
        purchased: Some("2025-07-01"),
        price: Some(12_750_000),
        warranty: Warranty::On("2027-07-01"),
        holder: Some("198708122011011005"),
        ..BASE
    },
    DemoAsset {
        agency: "BAPPEDA",
        name: "Proyektor Ruang Rapat Bappeda",
        category: "proyektor",
        states: &[("digunakan", "2025-07-14")],
        location: "Ruang Rapat Lt. 2",
        manufacturer: "Epson",
        model: "EB-X51",
        serial: Some("X4YF220991"),
        purchased: Some("2025-07-01"),
        price: Some(8_600_000),
        ..BASE
    },
    // Setda.
    DemoAsset {
        agency: "SETDA",
        name: "Komputer Bagian Umum",
        category: "komputer",
        states: &[("digunakan", "2025-03-03")],
        location: "Ruang Bagian Umum",
        unit: Some("Bagian Umum"),
        manufacturer: "HP",
        model: "Pro Tower 400 G9",
        serial: Some("4CE3201B7L"),
        purchased: Some("2025-02-17"),
        price: Some(12_100_000),
        holder: Some("198006072005011012"),
        ..BASE
    },
    // Disdikbud and BKAD: inventories last touched in an earlier year (see the module comment).
    DemoAsset {
        agency: "DISDIKBUD",
        tag: Some("TIK-2023-00041"),
        name: "Komputer Operator Dapodik",
        category: "komputer",
        states: &[("digunakan", "2023-05-08")],
        location: "Ruang Sekretariat",
        unit: Some("Sekretariat"),
        manufacturer: "Acer",
        model: "Veriton M4690G",
        serial: Some("DTVWJSN0071"),
        purchased: Some("2023-04-24"),
        price: Some(10_850_000),
        holder: Some("199205032019032014"),
        ..BASE
    },
    DemoAsset {
        agency: "DISDIKBUD",
        tag: Some("TIK-2023-00042"),
        name: "Printer Sekretariat Disdikbud",
        category: "printer",
        states: &[("digunakan", "2023-05-08")],
        location: "Ruang Sekretariat",
        unit: Some("Sekretariat"),
        manufacturer: "Canon",
        model: "imageCLASS LBP6030",
        purchased: Some("2023-04-24"),
        price: Some(2_375_000),
        ..BASE
    },
    DemoAsset {
        agency: "BKAD",
        tag: Some("TIK-2022-00019"),
        name: "Komputer Pengelola Barang Milik Daerah",
        category: "komputer",
        states: &[("digunakan", "2022-09-12")],
        location: "Ruang Bidang Pengelolaan BMD",
        unit: Some("Bidang Pengelolaan Barang Milik Daerah"),
        manufacturer: "Lenovo",
        model: "ThinkCentre M720s",
        serial: Some("MJ09AQ7P"),
        purchased: Some("2022-08-29"),
        price: Some(9_950_000),
        ..BASE
    },
];

/// The agencies whose demo inventory is dated to the previous year.
pub const STALE_AGENCIES: &[&str] = &["DISDIKBUD", "BKAD"];

#[derive(Debug, Clone, Copy)]
pub struct DemoLicence {
    pub agency: &'static str,
    pub product: &'static str,
    pub vendor: &'static str,
    pub key: Option<&'static str>,
    pub seats: i64,
    /// Days from the seeding day (negative: expired); `None`: perpetual.
    pub expires_in_days: Option<i64>,
    /// Seats: hardware asset names of the agency, or holder NIPs.
    pub on_assets: &'static [&'static str],
    pub to_people: &'static [&'static str],
}

pub const LICENCES: &[DemoLicence] = &[
    DemoLicence {
        agency: "DISKOMINFO",
        product: "ESET PROTECT Entry (antivirus)",
        vendor: "ESET",
        key: Some("EAV-4HK7-93TQ-X2MC-7QX4"),
        seats: 50,
        expires_in_days: Some(45),
        on_assets: &["Laptop Pengembang Aplikasi 1", "Laptop Pengembang Aplikasi 2", "Server Aplikasi Pusat Data 1"],
        to_people: &[],
    },
    DemoLicence {
        agency: "DISKOMINFO",
        product: "Windows Server 2022 Standard",
        vendor: "Microsoft",
        key: Some("VDYBN-27WPP-V4HQT-9VMD4-VMK7H"),
        seats: 2,
        expires_in_days: None,
        on_assets: &["Server Aplikasi Pusat Data 1", "Server Basis Data Pusat Data"],
        to_people: &[],
    },
    DemoLicence {
        agency: "DINKES",
        product: "Microsoft Office Home & Business 2021",
        vendor: "Microsoft",
        key: Some("KNJPJ-8RH4Q-DR4C8-G3XTK-2HB7T"),
        seats: 3,
        expires_in_days: None,
        on_assets: &["Komputer Admin Keuangan", "Komputer Perencanaan Program"],
        to_people: &["197711052005021006"],
    },
    DemoLicence {
        agency: "BAPPEDA",
        product: "ArcGIS Desktop Standard (langganan)",
        vendor: "Esri Indonesia",
        key: None,
        seats: 2,
        expires_in_days: Some(-20),
        on_assets: &[],
        to_people: &["198708122011011005"],
    },
];

/// Registers the demo assets and licences in the seeding transaction.
pub async fn seed(store: &Store, w: &mut WriteTx, agencies: &HashMap<&str, i64>, units: &HashMap<(&str, &str), i64>, people: &HashMap<&str, i64>, today: time::Date) -> Result<()> {
    let mut by_name: HashMap<&str, i64> = HashMap::new();
    for a in ASSETS {
        let Some(&agency_id) = agencies.get(a.agency) else { bail!("demo asset {} has unknown agency {}", a.name, a.agency) };
        let mut previous = None;
        let mut stored: Option<simpul_store::assets::Asset> = None;
        for (state, on) in a.states {
            let input = AssetInput {
                asset_tag: a.tag.map(str::to_string),
                name: a.name.into(),
                agency_id,
                category: a.category.into(),
                kind: None,
                state: (*state).into(),
                state_changed_on: Some((*on).into()),
                location: (!a.location.is_empty()).then(|| a.location.to_string()),
                unit_id: a.unit.and_then(|u| units.get(&(a.agency, u)).copied()),
                manufacturer: (!a.manufacturer.is_empty()).then(|| a.manufacturer.to_string()),
                model: (!a.model.is_empty()).then(|| a.model.to_string()),
                serial_number: a.serial.map(str::to_string),
                purchase_date: a.purchased.map(str::to_string),
                price: a.price,
                warranty_until: match a.warranty {
                    Warranty::None => None,
                    Warranty::On(d) => Some(d.to_string()),
                    Warranty::InDays(n) => Some((today + time::Duration::days(n)).to_string()),
                },
                assigned_person_id: a.holder.and_then(|n| people.get(n).copied()),
                notes: None,
            };
            let d = input.validate(previous, today).with_context(|| format!("demo asset {}", a.name))?;
            previous = Some(d.state);
            stored = Some(match stored {
                None => store.create_asset(w, &d, today.year()).await?,
                Some(prev) => store.update_asset(w, prev.id, &d).await?,
            });
        }
        let Some(asset) = stored else { bail!("demo asset {} has no state", a.name) };
        if STALE_AGENCIES.contains(&a.agency) {
            let last_year = today.year() - 1;
            let at = time::Date::from_calendar_date(last_year, time::Month::November, 14).map(|d| d.midnight().assume_utc().unix_timestamp() * 1000).context("date")?;
            store.backdate_asset(w, asset.id, at).await?;
        }
        by_name.insert(a.name, asset.id);
    }
    for l in LICENCES {
        let Some(&agency_id) = agencies.get(l.agency) else { bail!("demo licence {} has unknown agency {}", l.product, l.agency) };
        let d = LicenceInput {
            product: l.product.into(),
            agency_id,
            vendor: Some(l.vendor.into()),
            licence_key: l.key.map(str::to_string),
            seats_total: l.seats,
            expires_on: l.expires_in_days.map(|n| (today + time::Duration::days(n)).to_string()),
            notes: None,
        }
        .validate()
        .with_context(|| format!("demo licence {}", l.product))?;
        let lic = store.create_licence(w, &d).await?;
        for name in l.on_assets {
            let Some(&asset_id) = by_name.get(name) else { bail!("demo licence {} names unknown asset {name}", l.product) };
            store.assign_seat(w, lic.id, &SeatInput { asset_id: Some(asset_id), ..Default::default() }.validate()?).await?;
        }
        for nip in l.to_people {
            let Some(&person_id) = people.get(nip) else { bail!("demo licence {} names unknown person {nip}", l.product) };
            store.assign_seat(w, lic.id, &SeatInput { person_id: Some(person_id), ..Default::default() }.validate()?).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_data::{AGENCIES, PEOPLE};

    #[test]
    fn demo_assets_refer_to_demo_agencies_units_and_people() {
        for a in ASSETS {
            let agency = AGENCIES.iter().find(|x| x.code == a.agency).unwrap_or_else(|| panic!("{}: agency {}", a.name, a.agency));
            if let Some(u) = a.unit {
                assert!(agency.units.contains(&u), "{}: unit {u}", a.name);
            }
            if let Some(n) = a.holder {
                assert!(PEOPLE.iter().any(|p| p.nip == n && p.agency == a.agency), "{}: holder {n}", a.name);
            }
        }
        for l in LICENCES {
            assert!(l.on_assets.iter().all(|n| ASSETS.iter().any(|a| a.name == *n && a.agency == l.agency)), "{}", l.product);
            assert!(l.to_people.iter().all(|n| PEOPLE.iter().any(|p| p.nip == *n && p.agency == l.agency)), "{}", l.product);
            assert!((l.on_assets.len() + l.to_people.len()) as i64 <= l.seats, "{}", l.product);
        }
    }
}
