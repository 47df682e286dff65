//! Demo data: the Sistem Penghubung Layanan registry of the FICTIONAL
//! "Pemerintah Kota Tanjung Selatan" (see `demo_data`). Service addresses
//! are invented; the outbound credential of the national bus is a dummy.
//!
//! What it shows:
//! * services of four agencies: BKPSDM's staff data and Disdukcapil's NIK
//!   check are data services (read-only, GET/HEAD); Dinkes' patient
//!   referral accepts writes and keeps message bodies for 30 days;
//!   Bapenda's tax service is still a draft;
//! * the connection to the national bus (SPLP) as an external service with
//!   its own credential, run by Diskominfo (Perwali Balikpapan 14/2022
//!   Pasal 26 ayat (4) huruf a);
//! * consuming clients with keys (one expired, one revoked after rotation);
//! * access rights in every state: approved for the whole service or per
//!   operation, a request waiting for Dinkes, a rejection with its reason,
//!   a revocation, and a right that has expired;
//! * a finding `exchange_outside_bus`: e-SAKIP (Bagian Organisasi) reads
//!   e-Kinerja (BKPSDM) directly, with no right on the bus (Pasal 26 ayat (2)).

use std::collections::HashMap;

use anyhow::{bail, Context, Result};
use simpul_domain::apps::RelationInput;
use simpul_domain::gsb::{ClientInput, GrantRequestInput, KeyData, ServiceInput};
use simpul_store::gsb::Decider;
use simpul_store::{Store, WriteTx};

const STAFF_DOC: &str = r#"{"openapi":"3.0.3","info":{"title":"Data Kepegawaian","version":"1.2"},"paths":{"/pegawai/{nip}":{"get":{"summary":"Data pokok pegawai"}},"/pegawai/{nip}/jabatan":{"get":{"summary":"Riwayat jabatan"}},"/unit-kerja":{"get":{"summary":"Daftar unit kerja"}}}}"#;
const NIK_DOC: &str = r#"{"openapi":"3.0.3","info":{"title":"Verifikasi NIK","version":"2.0"},"paths":{"/penduduk/{nik}":{"get":{"summary":"Data kependudukan ringkas"},"head":{"summary":"Apakah NIK terdaftar"}},"/penduduk/{nik}/keluarga":{"get":{"summary":"Anggota keluarga"}}}}"#;
const REFERRAL_DOC: &str = r#"{"openapi":"3.0.3","info":{"title":"Rujukan Pasien","version":"1.0"},"paths":{"/rujukan":{"post":{"summary":"Kirim rujukan"},"get":{"summary":"Daftar rujukan"}},"/rujukan/{id}":{"get":{"summary":"Status rujukan"}},"/fasilitas":{"get":{"summary":"Fasilitas kesehatan tujuan"}}}}"#;

struct DemoService {
    code: &'static str,
    name: &'static str,
    description: &'static str,
    agency: &'static str,
    app: Option<&'static str>,
    upstream: &'static str,
    doc: Option<&'static str>,
    data_service: bool,
    confidentiality: &'static str,
    availability: &'static str,
    keep_days: Option<i64>,
    rate: Option<i64>,
    status: &'static str,
    outbound_auth: Option<&'static str>,
}

const SERVICES: &[DemoService] = &[
    DemoService {
        code: "bkpsdm-pegawai",
        name: "Data Kepegawaian",
        description: "Data pokok dan riwayat jabatan ASN dari SIMPEG, untuk aplikasi perangkat daerah lain.",
        agency: "BKPSDM",
        app: Some("SIMPEG"),
        upstream: "https://api-simpeg.tanjungselatankota.go.id/v1",
        doc: Some(STAFF_DOC),
        data_service: true,
        confidentiality: "terbatas",
        availability: "99,5",
        keep_days: None,
        rate: Some(600),
        status: "active",
        outbound_auth: None,
    },
    DemoService {
        code: "dukcapil-nik",
        name: "Verifikasi NIK",
        description: "Pemeriksaan NIK dan data keluarga dari database kependudukan daerah.",
        agency: "DISDUKCAPIL",
        app: None,
        upstream: "https://nik.dukcapil.tanjungselatankota.go.id/api",
        doc: Some(NIK_DOC),
        data_service: true,
        confidentiality: "rahasia",
        availability: "99,9",
        keep_days: None,
        rate: Some(300),
        status: "active",
        outbound_auth: None,
    },
    DemoService {
        code: "dinkes-rujukan",
        name: "Rujukan Pasien Antarfasilitas",
        description: "Pengiriman dan pelacakan rujukan pasien ke fasilitas kesehatan tujuan.",
        agency: "DINKES",
        app: Some("e-Puskesmas"),
        upstream: "http://10.20.4.15:8080/rujukan-api",
        doc: Some(REFERRAL_DOC),
        data_service: false,
        confidentiality: "rahasia",
        availability: "99",
        keep_days: Some(30),
        rate: Some(120),
        status: "active",
        outbound_auth: None,
    },
    DemoService {
        code: "splp-nasional",
        name: "SPLP Nasional (Sistem Penghubung Layanan Pemerintah Pusat)",
        description: "Penghubung ke layanan instansi pusat melalui SPLP; kredensial Pemda dikirim oleh gateway.",
        agency: "DISKOMINFO",
        app: None,
        upstream: "https://splp.example.go.id/gateway",
        doc: None,
        data_service: false,
        confidentiality: "terbatas",
        availability: "",
        keep_days: None,
        rate: Some(60),
        status: "active",
        outbound_auth: Some("Bearer DEMO-bukan-kredensial-sungguhan-7f3a"),
    },
    DemoService {
        code: "bapenda-pbb",
        name: "Informasi Tagihan PBB-P2",
        description: "Tagihan Pajak Bumi dan Bangunan per NOP (masih diuji).",
        agency: "BAPENDA",
        app: None,
        upstream: "https://pbb.bapenda.tanjungselatankota.go.id/api",
        doc: None,
        data_service: true,
        confidentiality: "terbatas",
        availability: "",
        keep_days: None,
        rate: None,
        status: "draft",
        outbound_auth: None,
    },
];

/// Clients: code, name, agency, application (short name).
const CLIENTS: &[(&str, &str, &str, &str)] = &[
    ("disdik-ppdb", "PPDB Online", "DISDIKBUD", "PPDB Online"),
    ("rsud-simrs", "SIMRS RSUD", "RSUD", "SIMRS"),
    ("bkad-simbada", "SIMBADA", "BKAD", "SIMBADA"),
    ("bkpsdm-ekinerja", "e-Kinerja", "BKPSDM", "e-Kinerja"),
];

enum Outcome {
    /// Approved by (username, role label), with a note.
    Approved(&'static str, &'static str, &'static str),
    Rejected(&'static str, &'static str, &'static str),
    Pending,
    /// Approved, then revoked with a reason.
    Revoked(&'static str, &'static str, &'static str),
}

struct DemoGrant {
    client: &'static str,
    service: &'static str,
    purpose: &'static str,
    operations: &'static [&'static str],
    /// Days from today to the last day of the right (negative: expired).
    days: i64,
    outcome: Outcome,
}

const KEPALA: &str = "Kepala Perangkat Daerah";
const OPERATOR: &str = "Operator PD";
const ADMIN: &str = "Administrator Diskominfo";

const GRANTS: &[DemoGrant] = &[
    DemoGrant {
        client: "disdik-ppdb",
        service: "dukcapil-nik",
        purpose: "Memverifikasi NIK calon peserta didik dan orang tuanya pada pendaftaran PPDB.",
        operations: &["GET /penduduk/{nik}", "GET /penduduk/{nik}/keluarga"],
        days: 300,
        outcome: Outcome::Approved("admin", ADMIN, "Sesuai perjanjian kerja sama Disdukcapil–Disdikbud 2026."),
    },
    DemoGrant {
        client: "rsud-simrs",
        service: "dinkes-rujukan",
        purpose: "Menerima dan memperbarui status rujukan pasien dari fasilitas kesehatan tingkat pertama.",
        operations: &["GET /rujukan", "GET /rujukan/{id}", "POST /rujukan"],
        days: 365,
        outcome: Outcome::Approved("kadinkes", KEPALA, "Disetujui untuk integrasi SIMRS."),
    },
    DemoGrant {
        client: "bkad-simbada",
        service: "bkpsdm-pegawai",
        purpose: "Mencocokkan pemegang barang milik daerah dengan data pegawai aktif.",
        operations: &[],
        days: 180,
        outcome: Outcome::Approved("admin", ADMIN, ""),
    },
    DemoGrant {
        client: "bkpsdm-ekinerja",
        service: "splp-nasional",
        purpose: "Mengirim laporan kinerja ASN ke aplikasi umum instansi pusat.",
        operations: &[],
        days: 90,
        outcome: Outcome::Approved("admin", ADMIN, "Koneksi ke SPLP sesuai Pasal 26 ayat (4)."),
    },
    DemoGrant {
        client: "disdik-ppdb",
        service: "dinkes-rujukan",
        purpose: "Melihat daftar fasilitas kesehatan untuk pemeriksaan kesehatan siswa baru.",
        operations: &["GET /fasilitas"],
        days: 200,
        outcome: Outcome::Pending,
    },
    DemoGrant {
        client: "rsud-simrs",
        service: "dukcapil-nik",
        purpose: "Mengisi data keluarga pasien secara otomatis.",
        operations: &["GET /penduduk/{nik}/keluarga"],
        days: 365,
        outcome: Outcome::Rejected("admin", ADMIN, "Data keluarga tidak diperlukan untuk pelayanan pasien; ajukan ulang hanya untuk verifikasi NIK."),
    },
    DemoGrant {
        client: "bkad-simbada",
        service: "dinkes-rujukan",
        purpose: "Uji coba integrasi (salah ajukan).",
        operations: &["GET /fasilitas"],
        days: 30,
        outcome: Outcome::Revoked("operator.dinkes", OPERATOR, "Tidak ada keperluan layanan kesehatan pada SIMBADA."),
    },
];

fn shift(today: &str, days: i64) -> Result<String> {
    let d = simpul_domain::validate::parse_date(today).context("today")?;
    Ok((d + time::Duration::days(days)).to_string())
}

pub async fn seed(store: &Store, w: &mut WriteTx, agencies: &HashMap<&'static str, i64>, apps: &HashMap<&'static str, i64>, today: &str) -> Result<()> {
    let agency = |code: &str| agencies.get(code).copied().with_context(|| format!("demo service bus: unknown agency {code}"));
    let app = |name: &str| apps.get(name).copied().with_context(|| format!("demo service bus: unknown application {name}"));
    let mut services = HashMap::new();
    for s in SERVICES {
        let input = ServiceInput {
            code: s.code.into(),
            name: s.name.into(),
            description: Some(s.description.into()),
            agency_id: agency(s.agency)?,
            application_id: s.app.map(app).transpose()?,
            upstream_url: s.upstream.into(),
            openapi: s.doc.map(str::to_string),
            version: s.doc.map(|_| "1".to_string()),
            data_service: s.data_service,
            confidentiality: s.confidentiality.into(),
            availability_target: Some(s.availability.into()),
            keep_bodies: s.keep_days.is_some(),
            retention_days: s.keep_days,
            rate_limit_per_minute: s.rate,
            status: s.status.into(),
            outbound_auth: s.outbound_auth.map(str::to_string),
            clear_outbound_auth: false,
        };
        let d = input.validate().with_context(|| format!("demo service {}", s.code))?;
        let saved = store.save_gsb_service(w, None, &d).await?;
        services.insert(s.code, (saved.id, saved.operations(), saved.data_service));
    }
    let mut clients = HashMap::new();
    for (i, (code, name, ag, application)) in CLIENTS.iter().enumerate() {
        let d = ClientInput { code: (*code).into(), name: (*name).into(), agency_id: agency(ag)?, application_id: app(application)?, status: "active".into(), tls_cert_sha256: None }
            .validate()
            .with_context(|| format!("demo client {code}"))?;
        let c = store.save_gsb_client(w, None, &d).await?;
        // The keys themselves are random and thrown away: the demo shows their prefixes.
        let first = KeyData { label: Some("produksi".into()), expires_on: Some(shift(today, 365)?) };
        let k = store.create_gsb_key(w, c.id, &first).await?;
        match i {
            // SIMRS rotated its key: the old one is revoked, the new one works.
            1 => {
                store.revoke_gsb_key(w, k.key.id).await?;
                store.create_gsb_key(w, c.id, &KeyData { label: Some("rotasi 2026".into()), expires_on: Some(shift(today, 365)?) }).await?;
            }
            // SIMBADA still has a test key that expired.
            2 => {
                store.create_gsb_key(w, c.id, &KeyData { label: Some("uji coba".into()), expires_on: Some(shift(today, -40)?) }).await?;
            }
            _ => {}
        }
        clients.insert(*code, c.id);
    }
    for g in GRANTS {
        let (Some(&client_id), Some((service_id, ops, data_service))) = (clients.get(g.client), services.get(g.service)) else {
            bail!("demo grant {} → {} names an unknown client or service", g.client, g.service)
        };
        let input = GrantRequestInput { client_id, service_id: *service_id, purpose: g.purpose.into(), operations: g.operations.iter().map(|o| o.to_string()).collect(), expires_on: shift(today, g.days)? };
        let d = input.validate(today, ops, *data_service).with_context(|| format!("demo grant {} → {}", g.client, g.service))?;
        let r = store.request_gsb_grant(w, &d, today).await?;
        let note = |n: &'static str| (!n.is_empty()).then_some(n);
        match &g.outcome {
            Outcome::Pending => {}
            Outcome::Approved(name, role, n) => {
                store.decide_gsb_grant(w, r.id, true, note(n), &Decider { name, role }).await?;
            }
            Outcome::Rejected(name, role, n) => {
                store.decide_gsb_grant(w, r.id, false, note(n), &Decider { name, role }).await?;
            }
            Outcome::Revoked(name, role, reason) => {
                store.decide_gsb_grant(w, r.id, true, None, &Decider { name, role }).await?;
                store.revoke_gsb_grant(w, r.id, reason).await?;
            }
        }
    }
    // A right that ran out: SIMBADA's earlier NIK check for a land-asset
    // survey, approved, whose last day was 20 days ago.
    let expired = GrantRequestInput {
        client_id: clients.get("bkad-simbada").copied().context("bkad-simbada")?,
        service_id: services.get("dukcapil-nik").map(|s| s.0).context("dukcapil-nik")?,
        purpose: "Pendataan aset tanah: pencocokan NIK pemilik (kegiatan 2025).".into(),
        operations: vec!["HEAD /penduduk/{nik}".into()],
        expires_on: shift(today, 30)?,
    };
    let d = expired.validate(today, &services["dukcapil-nik"].1, true).context("demo expired grant")?;
    let d = simpul_domain::gsb::GrantRequestData { expires_on: shift(today, -20)?, ..d };
    let r = store.request_gsb_grant(w, &d, today).await?;
    store.decide_gsb_grant(w, r.id, true, None, &Decider { name: "admin", role: ADMIN }).await?;
    // An exchange between agencies outside the bus: the finding the demo shows.
    let (sakip, kinerja) = (app("e-SAKIP")?, app("e-Kinerja")?);
    let rel = RelationInput { related_id: kinerja, kind: "uses".into(), note: Some("Capaian kinerja pegawai per unit, diambil langsung dari basis data e-Kinerja".into()) };
    store.add_app_relation(w, sakip, &rel.validate(sakip).context("demo relation e-SAKIP → e-Kinerja")?).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_services_validate_and_name_known_agencies() {
        let codes: Vec<&str> = crate::demo_data::AGENCIES.iter().map(|a| a.code).collect();
        let apps: Vec<&str> = crate::demo_apps::APPS.iter().map(|a| a.short_name).collect();
        for s in SERVICES {
            assert!(codes.contains(&s.agency), "{}", s.code);
            assert!(s.app.is_none_or(|a| apps.contains(&a)), "{}", s.code);
        }
        for (code, _, ag, app) in CLIENTS {
            assert!(codes.contains(ag) && apps.contains(app), "{code}");
        }
        for g in GRANTS {
            assert!(CLIENTS.iter().any(|c| c.0 == g.client) && SERVICES.iter().any(|s| s.code == g.service), "{} → {}", g.client, g.service);
        }
    }
}
