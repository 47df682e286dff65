//! Demo data: the application registry of the FICTIONAL "Pemerintah Kota
//! Tanjung Selatan" (see `demo_data`). Local applications, addresses and
//! audit results are invented; the Aplikasi Umum are the national
//! applications a real Pemda would list (SRIKANDI, SIPD, SPSE, Dapodik,
//! SiCantik).
//!
//! Some records deliberately break the regulations' rules so that the
//! findings (Temuan) have something to show:
//! * BKPSDM uses two applications for kepegawaian (SIMPEG and the old
//!   SIADPEG) — one application per function, Perwali Banjarbaru 5/2018
//!   Pasal 13 ayat (6);
//! * SIADPEG and SIMBADA are desktop applications, and the planned SIPP
//!   Inspektorat is planned as desktop — Perwali Banjarbaru 5/2018 Pasal 13
//!   ayat (7);
//! * e-Puskesmas was last audited in 2023, SIADPEG never — Perwali Balikpapan
//!   14/2022 Pasal 49 ayat (2);
//! * SIADPEG and SIMBADA lack documentation — the profile's checklist;
//! * JDIH and SIMRS run outside the official domain — Perwali Balikpapan
//!   14/2022 Pasal 30 ayat (1).
//!
//! The demo Pemda works under Perwali Balikpapan 14/2022, which makes no
//! one-application-per-function or web-only rule: those two checks show
//! their findings when the Pemda profile is switched to Perwali Banjarbaru.

/// The kinds of data the demo applications hold, by short name.
pub const DATA_KINDS: &[(&str, &[&str])] = &[
    ("SRIKANDI", &["naskah_dinas"]),
    ("SIPD RI", &["keuangan"]),
    ("SPSE", &["keuangan"]),
    ("Dapodik", &["pendidikan", "data_pribadi"]),
    ("SiCantik Cloud", &["perizinan", "kependudukan"]),
    ("SIMPEG", &["kepegawaian", "data_pribadi"]),
    ("SIADPEG", &["kepegawaian"]),
    ("e-Kinerja", &["kepegawaian"]),
    ("SIMBADA", &["aset"]),
    ("LAPOR Tanjung", &["pengaduan", "data_pribadi"]),
    ("Satu Data", &["statistik", "geospasial"]),
    ("JDIH", &["hukum"]),
    ("SIMRS", &["kesehatan", "kependudukan"]),
    ("e-Puskesmas", &["kesehatan", "kependudukan"]),
    ("PPDB Online", &["pendidikan", "kependudukan"]),
];

/// Relations between demo applications: (short name, `uses` /
/// `exchanges_with`, other short name, what flows).
pub const RELATIONS: &[(&str, &str, &str, &str)] = &[
    ("e-Kinerja", "uses", "SIMPEG", "Data jabatan dan atasan langsung pegawai"),
    ("SIMRS", "exchanges_with", "e-Puskesmas", "Rujukan pasien antar fasilitas kesehatan"),
    ("SIMBADA", "exchanges_with", "SIPD RI", "Belanja modal dan nilai aset"),
    ("Satu Data", "uses", "LAPOR Tanjung", "Rekapitulasi pengaduan per perangkat daerah"),
    ("PPDB Online", "uses", "Dapodik", "Data sekolah dan daya tampung"),
];

#[derive(Debug, Clone, Copy)]
pub struct DemoApp {
    /// Agency code from `demo_data::AGENCIES`.
    pub agency: &'static str,
    pub name: &'static str,
    pub short_name: &'static str,
    pub kind: &'static str,
    pub functions: &'static [&'static str],
    pub state: &'static str,
    pub planned_on: Option<&'static str>,
    pub development_started_on: Option<&'static str>,
    pub in_use_since: Option<&'static str>,
    pub platform: &'static str,
    pub url: Option<&'static str>,
    pub hosting: Option<&'static str>,
    pub repository: Option<&'static str>,
    pub license: Option<&'static str>,
    pub development_method: Option<&'static str>,
    pub last_audit_on: Option<&'static str>,
    pub audit_result: Option<&'static str>,
    /// Codes of the Perwali Balikpapan 14/2022 Pasal 28 ayat (7) checklist.
    pub documents: &'static [&'static str],
}

const ALL_DOCS: &[&str] = &["software_requirements", "user_manual", "source_code"];

const BASE: DemoApp = DemoApp {
    agency: "DISKOMINFO",
    name: "",
    short_name: "",
    kind: "aplikasi_khusus",
    functions: &[],
    state: "digunakan",
    planned_on: None,
    development_started_on: None,
    in_use_since: None,
    platform: "web",
    url: None,
    hosting: Some("pusat_data"),
    repository: None,
    license: Some("terbuka"),
    development_method: Some("agile"),
    last_audit_on: None,
    audit_result: None,
    documents: ALL_DOCS,
};

const UMUM: DemoApp = DemoApp { kind: "aplikasi_umum", hosting: Some("cloud"), repository: None, license: None, development_method: None, documents: &[], ..BASE };

pub const APPS: &[DemoApp] = &[
    DemoApp {
        agency: "SETDA",
        name: "Sistem Informasi Kearsipan Dinamis Terintegrasi",
        short_name: "SRIKANDI",
        functions: &["naskah_dinas", "kearsipan"],
        in_use_since: Some("2022-08-01"),
        url: Some("https://srikandi.arsip.go.id"),
        ..UMUM
    },
    DemoApp {
        agency: "BKAD",
        name: "Sistem Informasi Pemerintahan Daerah",
        short_name: "SIPD RI",
        functions: &["perencanaan", "penganggaran", "keuangan"],
        in_use_since: Some("2021-01-04"),
        url: Some("https://sipd.kemendagri.go.id"),
        ..UMUM
    },
    DemoApp {
        agency: "BAG-PBJ",
        name: "Sistem Pengadaan Secara Elektronik",
        short_name: "SPSE",
        functions: &["pengadaan"],
        in_use_since: Some("2019-03-01"),
        url: Some("https://spse.inaproc.id"),
        ..UMUM
    },
    DemoApp {
        agency: "DISDIKBUD",
        name: "Data Pokok Pendidikan",
        short_name: "Dapodik",
        functions: &["layanan_publik_sektoral"],
        in_use_since: Some("2018-07-16"),
        url: Some("https://dapo.kemdikbud.go.id"),
        ..UMUM
    },
    DemoApp {
        agency: "DPMPTSP",
        name: "Sistem Informasi Cepat dan Terintegrasi Perizinan",
        short_name: "SiCantik Cloud",
        functions: &["layanan_publik_sektoral"],
        in_use_since: Some("2020-02-10"),
        url: Some("https://sicantik.go.id"),
        ..UMUM
    },
    DemoApp {
        agency: "BKPSDM",
        name: "Sistem Informasi Manajemen Kepegawaian",
        short_name: "SIMPEG",
        functions: &["kepegawaian"],
        planned_on: Some("2021-02-01"),
        development_started_on: Some("2021-06-01"),
        in_use_since: Some("2022-01-10"),
        url: Some("https://simpeg.tanjungselatankota.go.id"),
        repository: Some("https://git.tanjungselatankota.go.id/bkpsdm/simpeg"),
        last_audit_on: Some("2025-03-14"),
        audit_result: Some("Tidak ada temuan kritis; tiga rekomendasi perbaikan pengendalian hak akses."),
        ..BASE
    },
    DemoApp {
        agency: "BKPSDM",
        name: "Sistem Administrasi Kepegawaian (lama)",
        short_name: "SIADPEG",
        functions: &["kepegawaian"],
        in_use_since: Some("2014-04-01"),
        platform: "desktop",
        hosting: Some("server_pd"),
        repository: None,
        license: Some("tertutup"),
        development_method: Some("sdlc"),
        documents: &[],
        ..BASE
    },
    DemoApp {
        agency: "BKPSDM",
        name: "Aplikasi Kinerja Pegawai",
        short_name: "e-Kinerja",
        functions: &["kinerja_pegawai"],
        in_use_since: Some("2023-01-02"),
        url: Some("https://ekinerja.tanjungselatankota.go.id"),
        repository: Some("https://git.tanjungselatankota.go.id/bkpsdm/ekinerja"),
        last_audit_on: Some("2025-09-22"),
        audit_result: Some("Sesuai standar; log aktivitas pengguna perlu disimpan paling sedikit satu tahun."),
        ..BASE
    },
    DemoApp {
        agency: "BKAD",
        name: "Sistem Informasi Manajemen Barang Milik Daerah",
        short_name: "SIMBADA",
        functions: &["barang_milik_daerah"],
        in_use_since: Some("2017-01-03"),
        platform: "desktop",
        hosting: Some("server_pd"),
        license: Some("tertutup"),
        development_method: Some("sdlc"),
        last_audit_on: Some("2025-11-30"),
        audit_result: Some("Basis data belum dicadangkan ke Pusat Data; disarankan migrasi ke versi web."),
        documents: &["source_code"],
        ..BASE
    },
    DemoApp {
        agency: "DISKOMINFO",
        name: "Layanan Aspirasi dan Pengaduan Online Tanjung Selatan",
        short_name: "LAPOR Tanjung",
        functions: &["pengaduan"],
        in_use_since: Some("2020-10-01"),
        url: Some("https://lapor.tanjungselatankota.go.id"),
        repository: Some("https://git.tanjungselatankota.go.id/diskominfo/lapor"),
        last_audit_on: Some("2025-06-18"),
        audit_result: Some("Sesuai standar."),
        ..BASE
    },
    DemoApp {
        agency: "DISKOMINFO",
        name: "Portal Satu Data Tanjung Selatan",
        short_name: "Satu Data",
        functions: &["data_terbuka"],
        in_use_since: Some("2021-09-01"),
        url: Some("https://data.tanjungselatankota.go.id"),
        repository: Some("https://git.tanjungselatankota.go.id/diskominfo/satudata"),
        last_audit_on: Some("2025-08-05"),
        audit_result: Some("Sesuai standar; katalog metadata perlu dilengkapi."),
        ..BASE
    },
    DemoApp {
        agency: "BAG-HUKUM",
        name: "Jaringan Dokumentasi dan Informasi Hukum",
        short_name: "JDIH",
        functions: &["jdih"],
        in_use_since: Some("2019-05-20"),
        url: Some("https://jdih-tanjungselatan.web.id"),
        hosting: Some("cloud"),
        repository: Some("https://git.tanjungselatankota.go.id/hukum/jdih"),
        last_audit_on: Some("2025-02-11"),
        audit_result: Some("Sesuai standar; nama domain belum di bawah domain resmi."),
        ..BASE
    },
    DemoApp {
        agency: "RSUD",
        name: "Sistem Informasi Manajemen Rumah Sakit",
        short_name: "SIMRS",
        functions: &["layanan_publik_sektoral"],
        in_use_since: Some("2018-11-12"),
        url: Some("https://simrs.rsud-tanjungselatan.com"),
        hosting: Some("cloud"),
        license: Some("tertutup"),
        development_method: Some("sdlc"),
        last_audit_on: Some("2025-10-01"),
        audit_result: Some("Sesuai standar."),
        ..BASE
    },
    DemoApp {
        agency: "DINKES",
        name: "Sistem Informasi Manajemen Puskesmas",
        short_name: "e-Puskesmas",
        functions: &["layanan_publik_sektoral"],
        in_use_since: Some("2019-08-01"),
        url: Some("https://epuskesmas.dinkes.tanjungselatankota.go.id"),
        last_audit_on: Some("2023-02-20"),
        audit_result: Some("Dua kerentanan tingkat sedang; sudah ditindaklanjuti."),
        ..BASE
    },
    DemoApp {
        agency: "BAG-ORG",
        name: "Sistem Akuntabilitas Kinerja Instansi Pemerintah Elektronik",
        short_name: "e-SAKIP",
        functions: &["akuntabilitas_kinerja"],
        in_use_since: Some("2022-03-01"),
        url: Some("https://esakip.tanjungselatankota.go.id"),
        last_audit_on: Some("2025-01-27"),
        audit_result: Some("Sesuai standar."),
        ..BASE
    },
    DemoApp {
        agency: "DISDIKBUD",
        name: "Penerimaan Peserta Didik Baru Daring",
        short_name: "PPDB Online",
        functions: &["layanan_publik_sektoral"],
        state: "dikembangkan",
        planned_on: Some("2026-01-15"),
        development_started_on: Some("2026-06-01"),
        documents: &["software_requirements"],
        ..BASE
    },
    DemoApp {
        agency: "INSPEKTORAT",
        name: "Sistem Informasi Pengawasan Internal",
        short_name: "SIPP Inspektorat",
        functions: &["pengawasan_internal"],
        state: "direncanakan",
        planned_on: Some("2026-09-01"),
        platform: "desktop",
        documents: &[],
        ..BASE
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_data::AGENCIES;

    #[test]
    fn apps_refer_to_known_agencies_and_have_unique_names() {
        let mut names = std::collections::HashSet::new();
        for a in APPS {
            assert!(AGENCIES.iter().any(|x| x.code == a.agency), "{}", a.agency);
            assert!(names.insert((a.agency, a.name)), "{}", a.name);
        }
        assert!(APPS.len() >= 15);
    }
}
