//! The application registry (Aplikasi SPBE): inputs, reference lists and
//! their validation.
//!
//! What the regulations ask of the registry:
//! * kinds: Aplikasi Umum (provided by central government) and Aplikasi
//!   Khusus (built by the Pemda) — Perwali Balikpapan 14/2022 Pasal 28 ayat (1);
//! * open or closed source — Perwali Balikpapan 14/2022 Pasal 28 ayat (3)–(4),
//!   Perwali Banjarbaru 5/2018 Pasal 13 ayat (3);
//! * the documentation handed over, whose checklist the active regulation
//!   profile decides (`Profile::app_documentation_checklist`);
//! * one application per function, web rather than desktop, audits and
//!   subdomains: checked as findings in [`crate::findings`].

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::profiles::DocItem;
use crate::validate::{is_domain, parse_date, Checker};

/// Declares a closed list of codes with Indonesian labels.
macro_rules! code_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $code)] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
            pub fn from_code(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.code() == s)
            }
            /// `(code, label)` pairs for select lists.
            pub fn options() -> Vec<(String, String)> {
                Self::ALL.iter().map(|v| (v.code().to_string(), v.label().to_string())).collect()
            }
        }
    };
}

code_enum!(
    /// Perwali Balikpapan 14/2022 Pasal 28 ayat (1) huruf a and c.
    AppKind {
        Umum => ("aplikasi_umum", "Aplikasi Umum (dari Instansi Pusat)"),
        Khusus => ("aplikasi_khusus", "Aplikasi Khusus (dibangun Pemda)"),
    }
);

code_enum!(
    /// Lifecycle: planned → in development → in use → retired.
    AppState {
        Direncanakan => ("direncanakan", "Direncanakan"),
        Dikembangkan => ("dikembangkan", "Dikembangkan"),
        Digunakan => ("digunakan", "Digunakan"),
        Dihentikan => ("dihentikan", "Dihentikan"),
    }
);

code_enum!(
    Platform {
        Web => ("web", "Web"),
        Desktop => ("desktop", "Desktop"),
        Mobile => ("mobile", "Mobile"),
    }
);

code_enum!(
    Hosting {
        PusatData => ("pusat_data", "Pusat Data Pemda"),
        ServerPd => ("server_pd", "Server Perangkat Daerah"),
        Cloud => ("cloud", "Cloud"),
    }
);

code_enum!(
    /// Perwali Balikpapan 14/2022 Pasal 28 ayat (3)–(4).
    License {
        Terbuka => ("terbuka", "Kode sumber terbuka"),
        Tertutup => ("tertutup", "Kode sumber tertutup"),
    }
);

code_enum!(
    /// Perwali Balikpapan 14/2022 Pasal 28 ayat (5)–(6): system development life cycle.
    DevMethod {
        Sdlc => ("sdlc", "SDLC (waterfall)"),
        Agile => ("agile", "Agile"),
    }
);

/// An SPBE function an application serves (the reference list,
/// following the SPBE administrative and public services of the texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppFunction {
    pub code: &'static str,
    pub label: &'static str,
}

pub const APP_FUNCTIONS: &[AppFunction] = &[
    AppFunction { code: "naskah_dinas", label: "Naskah dinas" },
    AppFunction { code: "kepegawaian", label: "Kepegawaian" },
    AppFunction { code: "perencanaan", label: "Perencanaan" },
    AppFunction { code: "penganggaran", label: "Penganggaran" },
    AppFunction { code: "keuangan", label: "Keuangan" },
    AppFunction { code: "pengadaan", label: "Pengadaan barang dan jasa" },
    AppFunction { code: "akuntabilitas_kinerja", label: "Akuntabilitas kinerja" },
    AppFunction { code: "kinerja_pegawai", label: "Kinerja pegawai" },
    AppFunction { code: "kearsipan", label: "Kearsipan" },
    AppFunction { code: "barang_milik_daerah", label: "Barang milik daerah" },
    AppFunction { code: "pengawasan_internal", label: "Pengawasan internal" },
    AppFunction { code: "pengaduan", label: "Pengaduan masyarakat" },
    AppFunction { code: "data_terbuka", label: "Data terbuka" },
    AppFunction { code: "jdih", label: "Jaringan Dokumentasi dan Informasi Hukum (JDIH)" },
    AppFunction { code: "whistle_blowing", label: "Whistle-blowing system" },
    AppFunction { code: "layanan_publik_sektoral", label: "Layanan publik sektoral" },
];

pub fn function_label(code: &str) -> &str {
    APP_FUNCTIONS.iter().find(|f| f.code == code).map(|f| f.label).unwrap_or(code)
}

/// Kinds of data an application holds (RIHA records this for every system;
/// the Pusat Data articles ask which data each agency keeps where).
pub const APP_DATA_KINDS: &[AppFunction] = &[
    AppFunction { code: "kependudukan", label: "Data kependudukan (NIK, KK)" },
    AppFunction { code: "data_pribadi", label: "Data pribadi lainnya" },
    AppFunction { code: "kepegawaian", label: "Data kepegawaian (ASN)" },
    AppFunction { code: "keuangan", label: "Data keuangan dan anggaran" },
    AppFunction { code: "aset", label: "Data aset / barang milik daerah" },
    AppFunction { code: "kesehatan", label: "Data kesehatan" },
    AppFunction { code: "pendidikan", label: "Data pendidikan" },
    AppFunction { code: "sosial", label: "Data sosial dan bantuan" },
    AppFunction { code: "perizinan", label: "Data perizinan" },
    AppFunction { code: "geospasial", label: "Data geospasial" },
    AppFunction { code: "statistik", label: "Data statistik sektoral" },
    AppFunction { code: "naskah_dinas", label: "Naskah dinas dan arsip" },
    AppFunction { code: "pengaduan", label: "Pengaduan dan aspirasi" },
    AppFunction { code: "hukum", label: "Produk hukum" },
];

pub fn data_kind_label(code: &str) -> &str {
    APP_DATA_KINDS.iter().find(|f| f.code == code).map(|f| f.label).unwrap_or(code)
}

code_enum!(
    /// How two applications are related. "Used by" is the inverse of
    /// `uses`, shown on the other application.
    RelationKind {
        Uses => ("uses", "Menggunakan"),
        ExchangesWith => ("exchanges_with", "Bertukar data dengan"),
    }
);

impl RelationKind {
    /// The label as seen from the other application.
    pub fn inverse_label(self) -> &'static str {
        match self {
            RelationKind::Uses => "Digunakan oleh",
            RelationKind::ExchangesWith => "Bertukar data dengan",
        }
    }
}

/// A relation from one application to another, as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelationInput {
    /// The other application.
    pub related_id: i64,
    /// `uses` or `exchanges_with`.
    pub kind: String,
    /// What flows between them, e.g. "NIK untuk verifikasi pasien".
    #[serde(default)]
    pub note: Option<String>,
}

/// A validated relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelationData {
    pub related_id: i64,
    pub kind: RelationKind,
    pub note: Option<String>,
}

impl RelationInput {
    pub fn validate(&self, application_id: i64) -> Result<RelationData, DomainError> {
        let mut c = Checker::new();
        if self.related_id <= 0 {
            c.push("related_id", "required", "Pilih aplikasi yang terkait.");
        } else if self.related_id == application_id {
            c.push("related_id", "self_reference", "Aplikasi tidak dapat dihubungkan dengan dirinya sendiri.");
        }
        let kind = choice(&mut c, "kind", &self.kind, RelationKind::from_code, "Pilih jenis hubungan: menggunakan atau bertukar data dengan.");
        let note = c.optional("note", self.note.as_deref(), 300);
        c.finish()?;
        let Some(kind) = kind else { return Err(DomainError::BadRequest("isian hubungan tidak valid".into())) };
        Ok(RelationData { related_id: self.related_id, kind, note })
    }
}

/// Application fields as entered (form or API).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApplicationInput {
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    /// The owning agency (Perangkat Daerah).
    pub agency_id: i64,
    /// `aplikasi_umum` or `aplikasi_khusus`.
    pub kind: String,
    /// Codes from `/api/v1/reference/app-functions`.
    #[serde(default)]
    pub functions: Vec<String>,
    /// `direncanakan`, `dikembangkan`, `digunakan` or `dihentikan`.
    pub state: String,
    /// Date the application was planned, `YYYY-MM-DD`.
    #[serde(default)]
    pub planned_on: Option<String>,
    /// Date development started.
    #[serde(default)]
    pub development_started_on: Option<String>,
    /// Date the application went into use.
    #[serde(default)]
    pub in_use_since: Option<String>,
    /// Date the application was retired.
    #[serde(default)]
    pub retired_on: Option<String>,
    /// `web`, `desktop` or `mobile`.
    pub platform: String,
    /// Service address, `https://…`; its host is the subdomain.
    #[serde(default)]
    pub url: Option<String>,
    /// `pusat_data`, `server_pd` or `cloud`.
    #[serde(default)]
    pub hosting: Option<String>,
    /// Where the source code is kept (repository URL or location).
    #[serde(default)]
    pub repository: Option<String>,
    /// `terbuka` (open source) or `tertutup` (closed source).
    #[serde(default)]
    pub license: Option<String>,
    /// `sdlc` or `agile`.
    #[serde(default)]
    pub development_method: Option<String>,
    /// Date of the last application audit, `YYYY-MM-DD`.
    #[serde(default)]
    pub last_audit_on: Option<String>,
    #[serde(default)]
    pub audit_result: Option<String>,
    /// Documentation handed over: codes of the active regulation's checklist.
    #[serde(default)]
    pub documents: Vec<String>,
    /// Kinds of data held: codes from `/api/v1/reference/app-data-kinds`.
    #[serde(default)]
    pub data_kinds: Vec<String>,
}

/// A validated application, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApplicationData {
    pub name: String,
    pub short_name: Option<String>,
    pub agency_id: i64,
    pub kind: AppKind,
    /// Sorted, without duplicates.
    pub functions: Vec<String>,
    pub state: AppState,
    pub planned_on: Option<String>,
    pub development_started_on: Option<String>,
    pub in_use_since: Option<String>,
    pub retired_on: Option<String>,
    pub platform: Platform,
    pub url: Option<String>,
    pub hosting: Option<Hosting>,
    pub repository: Option<String>,
    pub license: Option<License>,
    pub development_method: Option<DevMethod>,
    pub last_audit_on: Option<String>,
    pub audit_result: Option<String>,
    /// Sorted, without duplicates.
    pub documents: Vec<String>,
    /// Sorted, without duplicates.
    pub data_kinds: Vec<String>,
}

/// The host of an `http(s)://` address, lower-cased, if it has a valid one.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().strip_prefix("https://").or_else(|| url.trim().strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.contains('@') {
        return None;
    }
    let host = authority.split(':').next()?.trim_end_matches('.').to_lowercase();
    is_domain(&host).then_some(host)
}

/// Whether `host` is `domain` itself or one of its subdomains.
pub fn host_within(host: &str, domain: &str) -> bool {
    let (host, domain) = (host.to_lowercase(), domain.trim_end_matches('.').to_lowercase());
    host == domain || host.ends_with(&format!(".{domain}"))
}

pub(crate) fn choice<T: Copy>(c: &mut Checker, field: &str, v: &str, parse: fn(&str) -> Option<T>, msg: &str) -> Option<T> {
    let r = parse(v.trim());
    if r.is_none() {
        c.push(field, "invalid_choice", msg);
    }
    r
}

/// The known codes among `values`, trimmed, sorted and without duplicates;
/// an unknown one is an `invalid_choice` error on `field`.
fn codes_in(c: &mut Checker, field: &str, values: &[String], known: impl Fn(&str) -> bool, unknown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if known(v) {
            out.push(v.to_string());
        } else {
            c.push(field, "invalid_choice", format!("{unknown}: {v}"));
        }
    }
    out.sort();
    out.dedup();
    out
}

pub(crate) fn opt_choice<T: Copy>(c: &mut Checker, field: &str, v: Option<&str>, parse: fn(&str) -> Option<T>, msg: &str) -> Option<T> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?;
    choice(c, field, v, parse, msg)
}

/// Dates of a lifecycle, one per state in order (`(state label, field,
/// date)`): the date of the current state is required, dates of later
/// states are not allowed, and the dates follow the order of the states.
pub(crate) fn check_lifecycle(c: &mut Checker, current: usize, dates: &[(&str, &str, &Option<String>)]) {
    for (i, (label, field, v)) in dates.iter().enumerate() {
        let label = label.to_lowercase();
        if i == current && v.is_none() {
            c.push(field, "required", format!("Tanggal status {label} wajib diisi."));
        }
        if i > current && v.is_some() {
            c.push(field, "not_allowed", format!("Tanggal {label} hanya diisi bila statusnya sudah {label}."));
        }
    }
    let mut last: Option<(time::Date, String)> = None;
    for (label, field, v) in dates {
        if let Some(d) = v.as_deref().and_then(parse_date) {
            if let Some((prev, prev_label)) = &last
                && d < *prev
            {
                c.push(field, "out_of_order", format!("Tanggal {} tidak boleh sebelum tanggal {}.", label.to_lowercase(), prev_label));
            }
            last = Some((d, label.to_string()));
        }
    }
}

impl ApplicationInput {
    /// Validates against the documentation checklist of the active regulation.
    pub fn validate(&self, checklist: &[DocItem]) -> Result<ApplicationData, DomainError> {
        let mut c = Checker::new();
        let name = c.required("name", &self.name, 200);
        let short_name = c.optional("short_name", self.short_name.as_deref(), 60);
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah pemilik aplikasi.");
        }
        let kind = choice(&mut c, "kind", &self.kind, AppKind::from_code, "Pilih jenis aplikasi: Aplikasi Umum atau Aplikasi Khusus.");
        let functions = codes_in(&mut c, "functions", &self.functions, |f| APP_FUNCTIONS.iter().any(|x| x.code == f), "Fungsi SPBE tidak dikenal");
        if self.functions.iter().all(|f| f.trim().is_empty()) {
            c.push("functions", "required", "Pilih paling sedikit satu fungsi SPBE yang dilayani.");
        }
        let state = choice(&mut c, "state", &self.state, AppState::from_code, "Pilih status: direncanakan, dikembangkan, digunakan atau dihentikan.");
        let planned_on = c.date("planned_on", self.planned_on.as_deref());
        let development_started_on = c.date("development_started_on", self.development_started_on.as_deref());
        let in_use_since = c.date("in_use_since", self.in_use_since.as_deref());
        let retired_on = c.date("retired_on", self.retired_on.as_deref());
        if let Some(state) = state {
            let current = AppState::ALL.iter().position(|s| *s == state).unwrap_or(0);
            check_lifecycle(
                &mut c,
                current,
                &[
                    (AppState::Direncanakan.label(), "planned_on", &planned_on),
                    (AppState::Dikembangkan.label(), "development_started_on", &development_started_on),
                    (AppState::Digunakan.label(), "in_use_since", &in_use_since),
                    (AppState::Dihentikan.label(), "retired_on", &retired_on),
                ],
            );
        }
        let platform = choice(&mut c, "platform", &self.platform, Platform::from_code, "Pilih platform: web, desktop atau mobile.");
        let url = c.optional("url", self.url.as_deref(), 300);
        if let Some(u) = &url
            && url_host(u).is_none()
        {
            c.push("url", "invalid_format", "Alamat aplikasi diawali https:// atau http:// diikuti nama domain yang valid.");
        }
        let hosting = opt_choice(&mut c, "hosting", self.hosting.as_deref(), Hosting::from_code, "Pilih lokasi hosting: Pusat Data, server perangkat daerah atau cloud.");
        let repository = c.optional("repository", self.repository.as_deref(), 300);
        let license = opt_choice(&mut c, "license", self.license.as_deref(), License::from_code, "Pilih lisensi: kode sumber terbuka atau tertutup.");
        let development_method = opt_choice(&mut c, "development_method", self.development_method.as_deref(), DevMethod::from_code, "Pilih metode pengembangan: SDLC atau Agile.");
        let last_audit_on = c.date("last_audit_on", self.last_audit_on.as_deref());
        let audit_result = c.optional("audit_result", self.audit_result.as_deref(), 2000);
        if audit_result.is_some() && last_audit_on.is_none() {
            c.push("last_audit_on", "required", "Isi tanggal audit terakhir untuk hasil audit ini.");
        }
        let documents = codes_in(&mut c, "documents", &self.documents, |d| checklist.iter().any(|x| x.code == d), "Dokumen tidak ada dalam daftar periksa peraturan yang berlaku");
        let data_kinds = codes_in(&mut c, "data_kinds", &self.data_kinds, |d| APP_DATA_KINDS.iter().any(|x| x.code == d), "Jenis data tidak dikenal");
        c.finish()?;
        let (Some(kind), Some(state), Some(platform)) = (kind, state, platform) else {
            return Err(DomainError::BadRequest("isian aplikasi tidak valid".into()));
        };
        Ok(ApplicationData {
            name,
            short_name,
            agency_id: self.agency_id,
            kind,
            functions,
            state,
            planned_on,
            development_started_on,
            in_use_since,
            retired_on,
            platform,
            url,
            hosting,
            repository,
            license,
            development_method,
            last_audit_on,
            audit_result,
            documents,
            data_kinds,
        })
    }
}

/// Documentation completeness: how many checklist items were handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Completeness {
    pub handed: u32,
    pub required: u32,
}

impl Completeness {
    pub fn of(documents: &[String], checklist: &[DocItem]) -> Completeness {
        let handed = checklist.iter().filter(|d| documents.iter().any(|x| x == d.code)).count() as u32;
        Completeness { handed, required: checklist.len() as u32 }
    }
    pub fn is_complete(&self) -> bool {
        self.handed >= self.required
    }
    /// Whole percent, 100 when nothing is required.
    pub fn percent(&self) -> u32 {
        (self.handed * 100).checked_div(self.required).unwrap_or(100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::Regulation;

    fn ok_input() -> ApplicationInput {
        ApplicationInput {
            name: "Sistem Informasi Kepegawaian".into(),
            agency_id: 3,
            kind: "aplikasi_khusus".into(),
            functions: vec!["kepegawaian".into(), "kepegawaian".into()],
            state: "digunakan".into(),
            planned_on: Some("2020-01-10".into()),
            in_use_since: Some("2021-03-01".into()),
            platform: "web".into(),
            url: Some("https://simpeg.contohkota.go.id/login".into()),
            documents: vec!["source_code".into()],
            ..Default::default()
        }
    }

    #[test]
    fn validates_and_normalises() {
        let checklist = Regulation::PerwaliBalikpapan14_2022.profile().app_documentation_checklist;
        let d = ok_input().validate(checklist).ok();
        assert_eq!(d.as_ref().map(|d| d.functions.clone()), Some(vec!["kepegawaian".to_string()]));
        assert_eq!(d.map(|d| d.kind), Some(AppKind::Khusus));
    }

    #[test]
    fn reports_fields_with_codes() {
        let checklist = Regulation::PerwaliBalikpapan14_2022.profile().app_documentation_checklist;
        let bad = ApplicationInput {
            name: " ".into(),
            kind: "lain".into(),
            functions: vec!["sulap".into()],
            state: "digunakan".into(),
            retired_on: Some("2020-01-01".into()),
            platform: "tv".into(),
            url: Some("ftp://x".into()),
            documents: vec!["architecture_documents".into()],
            ..Default::default()
        };
        let Err(DomainError::Validation(errs)) = bad.validate(checklist) else { panic!("expected errors") };
        let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
        for want in [
            ("name", "required"),
            ("agency_id", "required"),
            ("kind", "invalid_choice"),
            ("functions", "invalid_choice"),
            ("in_use_since", "required"),
            ("retired_on", "not_allowed"),
            ("platform", "invalid_choice"),
            ("url", "invalid_format"),
            ("documents", "invalid_choice"),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
    }

    #[test]
    fn lifecycle_dates_in_order() {
        let mut i = ok_input();
        i.planned_on = Some("2022-01-01".into());
        let Err(DomainError::Validation(errs)) = i.validate(&[]) else { panic!("expected errors") };
        assert_eq!(errs[0].code, "out_of_order");
    }

    #[test]
    fn hosts() {
        assert_eq!(url_host("https://SIMPEG.contohkota.go.id:8443/x?y").as_deref(), Some("simpeg.contohkota.go.id"));
        assert_eq!(url_host("https://user@evil.com"), None);
        assert_eq!(url_host("simpeg.go.id"), None);
        assert!(host_within("a.b.contohkota.go.id", "contohkota.go.id"));
        assert!(host_within("contohkota.go.id", "contohkota.go.id"));
        assert!(!host_within("evilcontohkota.go.id", "contohkota.go.id"));
    }

    #[test]
    fn completeness() {
        let checklist = Regulation::PerwaliBalikpapan14_2022.profile().app_documentation_checklist;
        let c = Completeness::of(&["source_code".into(), "unknown".into()], checklist);
        assert_eq!((c.handed, c.required, c.is_complete()), (1, 3, false));
        assert_eq!(c.percent(), 33);
    }

    #[test]
    fn data_kinds_are_checked_against_the_reference_list() {
        let list = Regulation::PerwaliBanjarbaru5_2018.profile().app_documentation_checklist;
        let mut i = ok_input();
        i.data_kinds = vec!["kesehatan".into(), " kependudukan ".into(), "kesehatan".into()];
        assert_eq!(i.validate(list).map(|d| d.data_kinds).ok(), Some(vec!["kependudukan".to_string(), "kesehatan".to_string()]));
        i.data_kinds = vec!["rahasia_negara".into()];
        let Err(DomainError::Validation(errs)) = i.validate(list) else { panic!("unknown data kind accepted") };
        assert_eq!((errs[0].field.as_str(), errs[0].code), ("data_kinds", "invalid_choice"));
    }

    #[test]
    fn relations_need_another_application_and_a_known_kind() {
        let ok = RelationInput { related_id: 2, kind: "uses".into(), note: Some(" NIK ".into()) };
        assert_eq!(ok.validate(1).ok(), Some(RelationData { related_id: 2, kind: RelationKind::Uses, note: Some("NIK".into()) }));
        let codes = |r: RelationInput| match r.validate(1) {
            Err(DomainError::Validation(errs)) => errs.iter().map(|e| (e.field.clone(), e.code)).collect::<Vec<_>>(),
            other => panic!("expected a validation error, got {other:?}"),
        };
        assert_eq!(codes(RelationInput { related_id: 1, kind: "uses".into(), note: None }), vec![("related_id".to_string(), "self_reference")]);
        assert_eq!(codes(RelationInput { related_id: 0, kind: "calls".into(), note: None }), vec![("related_id".to_string(), "required"), ("kind".to_string(), "invalid_choice")]);
    }
}
