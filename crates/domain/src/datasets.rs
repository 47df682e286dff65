//! The dataset catalogue of the Pusat Data (issue 4, part 1): what a dataset
//! is, who may read it, and how an uploaded table is checked against its
//! declared columns.
//!
//! What the regulations ask:
//! * all agency data held centrally, in the Pusat Data run by Diskominfo —
//!   Perwali Banjarbaru 5/2018 Pasal 11 ayat (5), Perwali Kendari 41/2021
//!   Pasal 17 ayat (5), Perbup Cianjur 25/2018 Pasal 13 ayat (9), Pergub
//!   Kalbar 177/2021 Pasal 11 ayat (4);
//! * each dataset has an owner (the "Walidata" of the 2018 texts, the
//!   "Produsen Data" under Satu Data Indonesia, whose "Walidata" verifies):
//!   labels from `profiles::Labels::data_owner_label_for`;
//! * a data register: person responsible, distribution, retention period,
//!   storage location, backup period and medium, and a confidentiality
//!   class — Pergub Kalbar 177/2021 Pasal 11 ayat (7); security
//!   classification and access restriction — Perwali Balikpapan 14/2022
//!   Pasal 16 ayat (3) huruf a, modification detection huruf b;
//! * no duplicate data between agencies — Perwali Banjarbaru 5/2018 Pasal 11
//!   ayat (3), Perwali Kendari 41/2021 Pasal 17 ayat (3) (a warning on
//!   registration and a finding);
//! * data kept current, at least yearly — Pergub Kalbar 177/2021 Pasal 11
//!   ayat (5), Perwali Balikpapan 14/2022 Pasal 15 ayat (7) (a finding).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::apps::choice;
use crate::assets::parse_flexible_date;
use crate::error::DomainError;
use crate::roles::{Principal, Role};
use crate::row_blocks::{write_date, write_num, write_str, RowBlocks};
use crate::spreadsheet::{norm, RowCounter, Sheet};
use crate::validate::{parse_date, Checker};

code_enum!(
    /// Confidentiality class (Pergub Kalbar 177/2021 Pasal 11 ayat (7) huruf c;
    /// Perwali Balikpapan 14/2022 Pasal 16 ayat (3) huruf a).
    Confidentiality {
        Terbuka => ("terbuka", "Terbuka (publik)"),
        Terbatas => ("terbatas", "Terbatas (PD yang disebut)"),
        Rahasia => ("rahasia", "Rahasia (PD pemilik saja)"),
    }
);

code_enum!(
    /// Where a dataset stands on the way to the open-data portal. Only a
    /// terbuka dataset that is `Terbit` is public ([`is_public`]); the
    /// verification step before it is the profile's (the Walidata's under
    /// Satu Data Indonesia, Diskominfo's as operator of the Pusat Data in
    /// the 2018 texts — Perwali Banjarbaru 5/2018 Pasal 11 ayat (5)).
    Publication {
        Draf => ("draf", "Draf (belum diajukan)"),
        Diajukan => ("diajukan", "Diajukan untuk verifikasi"),
        Terbit => ("terbit", "Terbit di portal data terbuka"),
    }
);

/// Whether anyone, signed in or not, may see a dataset: the open-data
/// portal, the CKAN API and public counts read only these.
pub fn is_public(class: Confidentiality, publication: Publication) -> bool {
    class == Confidentiality::Terbuka && publication == Publication::Terbit
}

code_enum!(
    /// How often a dataset is updated. Every frequency is at most a year:
    /// data is updated at least yearly (Pergub Kalbar 177/2021 Pasal 11 ayat (5)).
    Frequency {
        Harian => ("harian", "Harian"),
        Mingguan => ("mingguan", "Mingguan"),
        Bulanan => ("bulanan", "Bulanan"),
        Triwulanan => ("triwulanan", "Triwulanan"),
        Semesteran => ("semesteran", "Semesteran"),
        Tahunan => ("tahunan", "Tahunan"),
    }
);

impl Frequency {
    /// Days after the last update when the next one is due (with a grace
    /// of a few days for short periods).
    pub fn max_days(self) -> i64 {
        match self {
            Frequency::Harian => 3,
            Frequency::Mingguan => 10,
            Frequency::Bulanan => 35,
            Frequency::Triwulanan => 100,
            Frequency::Semesteran => 190,
            Frequency::Tahunan => 366,
        }
    }
}

code_enum!(
    /// Licence of the data.
    DataLicence {
        CcBy => ("cc_by_4_0", "CC BY 4.0"),
        Cc0 => ("cc0_1_0", "CC0 1.0 (domain publik)"),
        Odbl => ("odbl_1_0", "ODbL 1.0"),
        Internal => ("internal", "Penggunaan internal Pemda"),
    }
);

code_enum!(
    /// Declared column types.
    ColumnKind {
        Text => ("text", "Teks"),
        Integer => ("integer", "Bilangan bulat"),
        Decimal => ("decimal", "Bilangan desimal"),
        Date => ("date", "Tanggal"),
        Code => ("code", "Kode dari daftar"),
    }
);

/// A topic (the reference list of the catalogue; the sectors Satu Data
/// Indonesia portals group datasets by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Topic {
    pub code: &'static str,
    pub label: &'static str,
}

pub const TOPICS: &[Topic] = &[
    Topic { code: "kependudukan", label: "Kependudukan" },
    Topic { code: "kesehatan", label: "Kesehatan" },
    Topic { code: "pendidikan", label: "Pendidikan" },
    Topic { code: "ekonomi", label: "Ekonomi dan perdagangan" },
    Topic { code: "keuangan_daerah", label: "Keuangan daerah" },
    Topic { code: "infrastruktur", label: "Infrastruktur dan pekerjaan umum" },
    Topic { code: "sosial", label: "Sosial" },
    Topic { code: "lingkungan", label: "Lingkungan hidup" },
    Topic { code: "pemerintahan", label: "Pemerintahan" },
    Topic { code: "pertanian", label: "Pertanian dan perikanan" },
    Topic { code: "pariwisata", label: "Pariwisata dan kebudayaan" },
    Topic { code: "perhubungan", label: "Perhubungan" },
    Topic { code: "geospasial", label: "Informasi geospasial" },
];

pub fn topic_label(code: &str) -> &str {
    TOPICS.iter().find(|t| t.code == code).map(|t| t.label).unwrap_or(code)
}

/// Largest number of declared columns.
pub const MAX_COLUMNS: usize = 100;
/// Default upload limit (configurable per installation).
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 200 * 1024 * 1024;
/// Row errors reported at most; the count is always exact.
pub const MAX_REPORTED_ERRORS: usize = 200;

/// A declared column, as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColumnInput {
    /// Machine name: lower-case letters, digits and `_`, starting with a letter.
    pub name: String,
    /// Human label, e.g. "Jumlah penduduk".
    #[serde(default)]
    pub label: String,
    /// `text`, `integer`, `decimal`, `date` or `code`.
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    /// Allowed codes (for `code` columns).
    #[serde(default)]
    pub codes: Vec<String>,
}

/// A validated column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    pub label: String,
    pub kind: ColumnKind,
    pub required: bool,
    pub codes: Vec<String>,
}

fn is_name(v: &str) -> bool {
    let mut ch = v.chars();
    ch.next().is_some_and(|c| c.is_ascii_lowercase()) && v.len() <= 63 && v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A Kemendagri region code: province `64`, regency/city `64.71`, district
/// `64.71.01`, village `64.71.01.1001` (Permendagri on administrative region codes).
pub fn is_region_code(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    let lens: &[usize] = match parts.len() {
        1 => &[2],
        2 => &[2, 2],
        3 => &[2, 2, 2],
        4 => &[2, 2, 2, 4],
        _ => return false,
    };
    parts.iter().zip(lens).all(|(p, l)| p.len() == *l && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A dataset as entered (API body and form).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetInput {
    /// Catalogue code, e.g. `DINKES-FASKES`.
    pub code: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The owning agency (Walidata / Produsen Data / PD pemilik data, by profile).
    pub agency_id: i64,
    /// The steward: a person of the owning agency.
    #[serde(default)]
    pub steward_person_id: Option<i64>,
    /// Under Satu Data Indonesia: the Walidata person who verifies.
    #[serde(default)]
    pub verifier_person_id: Option<i64>,
    /// SDI data standard: concept.
    #[serde(default)]
    pub concept: String,
    /// SDI data standard: definition.
    #[serde(default)]
    pub definition: String,
    /// SDI data standard: classification (statistical, e.g. KBLI), not confidentiality.
    #[serde(default)]
    pub sdi_classification: Option<String>,
    /// SDI data standard: measure (ukuran), e.g. "jumlah".
    #[serde(default)]
    pub measure: Option<String>,
    /// SDI data standard: unit (satuan), e.g. "jiwa".
    #[serde(default)]
    pub unit: Option<String>,
    /// Metadata: source, method, notes.
    #[serde(default)]
    pub metadata: Option<String>,
    /// A code from the topic reference list.
    pub topic: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// `harian` … `tahunan`.
    pub frequency: String,
    /// `YYYY-MM-DD`; set by each upload too.
    #[serde(default)]
    pub last_updated_on: Option<String>,
    /// Temporal coverage, `YYYY-MM-DD`.
    #[serde(default)]
    pub coverage_start: Option<String>,
    #[serde(default)]
    pub coverage_end: Option<String>,
    /// Regional coverage: Kemendagri codes (`64.71`, `64.71.01`).
    #[serde(default)]
    pub region_codes: Vec<String>,
    pub licence: String,
    /// `terbuka`, `terbatas` or `rahasia`.
    pub confidentiality: String,
    /// For `terbatas`: the agencies that may read it besides the owner.
    #[serde(default)]
    pub shared_with: Vec<i64>,
    /// Data register (Pergub Kalbar 177/2021 Pasal 11 ayat (7)): person responsible.
    #[serde(default)]
    pub register_responsible: String,
    /// Distribution: to whom and how the data goes.
    #[serde(default)]
    pub register_distribution: Option<String>,
    /// Retention period in years.
    #[serde(default)]
    pub retention_years: Option<i64>,
    #[serde(default)]
    pub storage_location: Option<String>,
    /// Backup period, e.g. "harian".
    #[serde(default)]
    pub backup_period: Option<String>,
    /// Backup medium, e.g. "NAS DRC".
    #[serde(default)]
    pub backup_medium: Option<String>,
    pub columns: Vec<ColumnInput>,
}

/// A validated dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetData {
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub agency_id: i64,
    pub steward_person_id: Option<i64>,
    pub verifier_person_id: Option<i64>,
    pub concept: String,
    pub definition: String,
    pub sdi_classification: Option<String>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub metadata: Option<String>,
    pub topic: String,
    pub tags: Vec<String>,
    pub frequency: Frequency,
    pub last_updated_on: Option<String>,
    pub coverage_start: Option<String>,
    pub coverage_end: Option<String>,
    pub region_codes: Vec<String>,
    pub licence: DataLicence,
    pub confidentiality: Confidentiality,
    pub shared_with: Vec<i64>,
    pub register_responsible: String,
    pub register_distribution: Option<String>,
    pub retention_years: Option<i64>,
    pub storage_location: Option<String>,
    pub backup_period: Option<String>,
    pub backup_medium: Option<String>,
    pub columns: Vec<Column>,
}

impl DatasetInput {
    pub fn validate(&self) -> Result<DatasetData, DomainError> {
        let mut c = Checker::new();
        let code = c.code("code", &self.code);
        let title = c.required("title", &self.title, 200);
        let description = c.optional("description", self.description.as_deref(), 4000);
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah pemilik data.");
        }
        let concept = c.required("concept", &self.concept, 500);
        let definition = c.required("definition", &self.definition, 2000);
        let sdi_classification = c.optional("sdi_classification", self.sdi_classification.as_deref(), 200);
        let measure = c.optional("measure", self.measure.as_deref(), 100);
        let unit = c.optional("unit", self.unit.as_deref(), 100);
        let metadata = c.optional("metadata", self.metadata.as_deref(), 4000);
        let topic = self.topic.trim().to_string();
        if !TOPICS.iter().any(|t| t.code == topic) {
            c.push("topic", "invalid_choice", "Pilih topik dari daftar.");
        }
        let mut tags = BTreeSet::new();
        for t in self.tags.iter().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty()) {
            if t.chars().count() > 40 || t.chars().any(char::is_control) {
                c.push("tags", "invalid_format", "Setiap tag paling banyak 40 karakter.");
            }
            tags.insert(t);
        }
        let frequency = choice(&mut c, "frequency", &self.frequency, Frequency::from_code, "Pilih frekuensi pemutakhiran.");
        let last_updated_on = c.date("last_updated_on", self.last_updated_on.as_deref());
        let coverage_start = c.date("coverage_start", self.coverage_start.as_deref());
        let coverage_end = c.date("coverage_end", self.coverage_end.as_deref());
        if let (Some(a), Some(b)) = (coverage_start.as_deref().and_then(parse_date), coverage_end.as_deref().and_then(parse_date))
            && b < a
        {
            c.push("coverage_end", "before_start", "Akhir cakupan waktu tidak boleh sebelum awalnya.");
        }
        let mut regions = BTreeSet::new();
        for r in self.region_codes.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
            if !is_region_code(r) {
                c.push("region_codes", "invalid_format", format!("Kode wilayah \"{r}\" tidak sesuai format Kemendagri (mis. 64, 64.71, 64.71.01, 64.71.01.1001)."));
            }
            regions.insert(r.to_string());
        }
        let licence = choice(&mut c, "licence", &self.licence, DataLicence::from_code, "Pilih lisensi data.");
        let confidentiality = choice(&mut c, "confidentiality", &self.confidentiality, Confidentiality::from_code, "Pilih klasifikasi: terbuka, terbatas atau rahasia.");
        let shared: BTreeSet<i64> = self.shared_with.iter().copied().collect();
        match confidentiality {
            Some(Confidentiality::Terbatas) if shared.is_empty() => c.push("shared_with", "required", "Data terbatas harus menyebut PD yang boleh membacanya."),
            Some(Confidentiality::Terbatas) if shared.contains(&self.agency_id) => c.push("shared_with", "owner_listed", "PD pemilik tidak perlu disebut; ia selalu dapat membaca datanya."),
            Some(Confidentiality::Terbuka | Confidentiality::Rahasia) if !shared.is_empty() => {
                c.push("shared_with", "not_allowed", "Hanya data terbatas yang menyebut PD penerima.")
            }
            _ => {}
        }
        if shared.iter().any(|a| *a <= 0) {
            c.push("shared_with", "invalid_reference", "Perangkat daerah tidak ditemukan.");
        }
        let register_responsible = c.required("register_responsible", &self.register_responsible, 200);
        let register_distribution = c.optional("register_distribution", self.register_distribution.as_deref(), 1000);
        if let Some(y) = self.retention_years
            && !(1..=100).contains(&y)
        {
            c.push("retention_years", "out_of_range", "Masa retensi 1–100 tahun.");
        }
        let storage_location = c.optional("storage_location", self.storage_location.as_deref(), 300);
        let backup_period = c.optional("backup_period", self.backup_period.as_deref(), 100);
        let backup_medium = c.optional("backup_medium", self.backup_medium.as_deref(), 200);
        let columns = validate_columns(&mut c, &self.columns);
        c.finish()?;
        let (Some(frequency), Some(licence), Some(confidentiality)) = (frequency, licence, confidentiality) else {
            return Err(DomainError::BadRequest("validasi tidak lengkap".into()));
        };
        Ok(DatasetData {
            code,
            title,
            description,
            agency_id: self.agency_id,
            steward_person_id: self.steward_person_id,
            verifier_person_id: self.verifier_person_id,
            concept,
            definition,
            sdi_classification,
            measure,
            unit,
            metadata,
            topic,
            tags: tags.into_iter().collect(),
            frequency,
            last_updated_on,
            coverage_start,
            coverage_end,
            region_codes: regions.into_iter().collect(),
            licence,
            confidentiality,
            shared_with: shared.into_iter().collect(),
            register_responsible,
            register_distribution,
            retention_years: self.retention_years,
            storage_location,
            backup_period,
            backup_medium,
            columns,
        })
    }
}

fn validate_columns(c: &mut Checker, cols: &[ColumnInput]) -> Vec<Column> {
    if cols.is_empty() {
        c.push("columns", "required", "Nyatakan paling sedikit satu kolom.");
    }
    if cols.len() > MAX_COLUMNS {
        c.push("columns", "too_many", format!("Paling banyak {MAX_COLUMNS} kolom."));
    }
    let mut names = BTreeSet::new();
    let mut out = Vec::new();
    for (i, col) in cols.iter().enumerate() {
        let f = |s: &str| format!("columns[{i}].{s}");
        let name = col.name.trim().to_string();
        if !is_name(&name) {
            c.push(&f("name"), "invalid_format", "Nama kolom: huruf kecil, angka dan _, diawali huruf (mis. jumlah_penduduk).");
        } else if !names.insert(name.clone()) {
            c.push(&f("name"), "duplicate", format!("Kolom {name} dinyatakan lebih dari sekali."));
        }
        let label = if col.label.trim().is_empty() { name.clone() } else { c.required(&f("label"), &col.label, 200) };
        let kind = choice(c, &f("kind"), &col.kind, ColumnKind::from_code, "Jenis kolom: text, integer, decimal, date atau code.");
        let codes: Vec<String> = col.codes.iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect::<BTreeSet<_>>().into_iter().collect();
        match kind {
            Some(ColumnKind::Code) if codes.is_empty() => c.push(&f("codes"), "required", "Kolom kode harus mempunyai daftar kode yang diizinkan."),
            Some(k) if k != ColumnKind::Code && !codes.is_empty() => c.push(&f("codes"), "not_allowed", "Daftar kode hanya untuk kolom berjenis kode."),
            _ => {}
        }
        if let Some(kind) = kind {
            out.push(Column { name, label, kind, required: col.required, codes });
        }
    }
    out
}

/// Who reads what (Perwali Balikpapan 14/2022 Pasal 16 ayat (3) huruf a and c).
///
/// * terbuka: every signed-in user;
/// * terbatas: the owning agency, the named agencies and Diskominfo;
/// * rahasia: the owning agency and Diskominfo only.
///
/// `readers` are the agencies allowed besides the owner: the named ones of
/// a terbatas dataset, and (a later part) agencies granted access on an
/// approved data-use request, which may read a dataset of any class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetAccess<'a> {
    pub owner: i64,
    pub class: Confidentiality,
    pub named: &'a [i64],
    pub granted: &'a [i64],
}

/// Whose reading counts as Diskominfo's: the administrators who operate
/// the Pusat Data.
pub fn reads_everything(p: &Principal) -> bool {
    p.has(Role::AdminDiskominfo)
}

/// The agencies a principal acts for: their own and those of their grants.
pub fn agencies_of(p: &Principal) -> Vec<i64> {
    let mut v: BTreeSet<i64> = p.grants.iter().filter_map(|g| g.agency_id).collect();
    v.extend(p.agency_id);
    v.into_iter().collect()
}

pub fn can_read(p: &Principal, a: &DatasetAccess<'_>) -> bool {
    if reads_everything(p) {
        return true;
    }
    let mine = agencies_of(p);
    if mine.contains(&a.owner) || a.granted.iter().any(|g| mine.contains(g)) {
        return true;
    }
    match a.class {
        Confidentiality::Terbuka => true,
        Confidentiality::Terbatas => a.named.iter().any(|g| mine.contains(g)),
        Confidentiality::Rahasia => false,
    }
}

/// A list filter equivalent to [`can_read`], for queries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    All,
    /// The public: terbuka datasets that are published ([`is_public`]).
    Public,
    /// Terbuka, plus what these agencies own, are named on or granted.
    Agencies(Vec<i64>),
}

impl Visibility {
    pub fn of(p: &Principal) -> Visibility {
        if reads_everything(p) { Visibility::All } else { Visibility::Agencies(agencies_of(p)) }
    }
}

/// Two titles are the same dataset when they match ignoring case, spaces
/// and punctuation.
pub fn same_title(a: &str, b: &str) -> bool {
    let k = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let (a, b) = (k(a), k(b));
    !a.is_empty() && a == b
}

// ---- Uploaded tables ------------------------------------------------------------------------

/// A problem with one cell, one row or the whole file (row 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CellError {
    /// Spreadsheet row (header = row 1); 0 for the file.
    pub row: usize,
    /// Declared column name or the header as written; empty for a row or the file.
    pub column: String,
    /// Stable code: `required`, `invalid_integer`, `invalid_decimal`, `invalid_date`, `invalid_code`, `unknown_column`, `missing_column`, …
    pub code: &'static str,
    pub message: String,
}

impl CellError {
    fn new(row: usize, column: &str, code: &'static str, message: impl Into<String>) -> Self {
        CellError { row, column: column.into(), code, message: message.into() }
    }
}

/// The outcome of checking a table: its rows in their stored form (only
/// when there are no errors), or the errors (the first [`MAX_REPORTED_ERRORS`];
/// `error_count` is exact).
#[derive(Debug, Default)]
pub struct CheckedTable {
    /// The values of each data row in declared column order, in file order,
    /// as the stored JSON row blocks ([`crate::row_blocks`]; [`row_object`] names them).
    pub rows: RowBlocks,
    pub errors: Vec<CellError>,
    pub error_count: usize,
}

impl CheckedTable {
    fn error(&mut self, e: CellError) {
        self.error_count += 1;
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(e);
        }
    }
}

/// `1.234.567` (thousands dots, optional `-`) without allocating.
fn grouped_integer(v: &str) -> Option<i64> {
    let (neg, digits) = match v.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, v),
    };
    let mut groups = digits.split('.');
    let first = groups.next()?;
    if !(1..=3).contains(&first.len()) {
        return None;
    }
    let mut n: i64 = 0;
    let mut count = 0;
    for (i, g) in std::iter::once(first).chain(groups).enumerate() {
        if (i > 0 && g.len() != 3) || !g.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        for b in g.bytes() {
            n = n.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
        }
        count = i + 1;
    }
    if count < 2 {
        return None;
    }
    Some(if neg { -n } else { n })
}

/// An integer as Indonesian spreadsheets write it: `1234`, `1.234`, `-12`.
pub fn parse_integer(v: &str) -> Option<i64> {
    let t = v.trim();
    if let Ok(n) = t.parse::<i64>() {
        return Some(n);
    }
    if let Some(n) = grouped_integer(t) {
        return Some(n);
    }
    let s: String = v.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if let Ok(n) = s.parse::<i64>() {
        return Some(n);
    }
    let digits = s.strip_prefix('-').unwrap_or(&s);
    let groups: Vec<&str> = digits.split('.').collect();
    let grouped = groups.len() > 1 && (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3) && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()));
    if grouped { s.replace('.', "").parse().ok() } else { None }
}

/// A decimal: `12,5` (decimal comma, `.` for thousands: `1.234,5`) or `12.5`.
pub fn parse_decimal(v: &str) -> Option<f64> {
    let t = v.trim();
    if !t.contains(',') && t.matches('.').count() <= 1 && t.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return t.parse::<f64>().ok().filter(|f| f.is_finite());
    }
    // `12,5`: the comma read as a point, on the stack.
    if t.len() <= 32 && !t.contains('.') && t.matches(',').count() == 1 && t.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'-') {
        let mut buf = [0u8; 32];
        for (d, s) in buf.iter_mut().zip(t.bytes()) {
            *d = if s == b',' { b'.' } else { s };
        }
        if let Some(f) = std::str::from_utf8(&buf[..t.len()]).ok().and_then(|s| s.parse::<f64>().ok()).filter(|f| f.is_finite()) {
            return Some(f);
        }
    }
    let s: String = v.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    if s.is_empty() {
        return None;
    }
    let plain = if s.contains(',') {
        if s.matches(',').count() > 1 {
            return None;
        }
        let (int, frac) = s.split_once(',')?;
        let int = if int.contains('.') { parse_integer(int)?.to_string() } else { int.to_string() };
        format!("{int}.{frac}")
    } else if s.matches('.').count() > 1 {
        parse_integer(&s)?.to_string()
    } else {
        s
    };
    if !plain.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-') {
        return None;
    }
    plain.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `dd/mm/yyyy` or `yyyy-mm-dd` without allocating on the way (the common
/// spreadsheet forms); anything else goes to `parse_flexible_date`.
fn quick_date(v: &str) -> Option<time::Date> {
    let b = v.as_bytes();
    let num = |r: std::ops::Range<usize>| b.get(r.clone()).filter(|d| d.iter().all(u8::is_ascii_digit)).map(|d| d.iter().fold(0u32, |a, x| a * 10 + u32::from(x - b'0')));
    let (y, m, d) = match (b.len(), b.get(2), b.get(4)) {
        (10, Some(b'/'), _) if b[5] == b'/' => (num(6..10)?, num(3..5)?, num(0..2)?),
        (10, _, Some(b'-')) if b[7] == b'-' => (num(0..4)?, num(5..7)?, num(8..10)?),
        _ => return None,
    };
    time::Date::from_calendar_date(i32::try_from(y).ok()?, time::Month::try_from(u8::try_from(m).ok()?).ok()?, u8::try_from(d).ok()?).ok()
}

/// Checks one cell against its column; `Err` is (code, message).
pub fn cell_value(col: &Column, v: &str) -> Result<serde_json::Value, (&'static str, String)> {
    let mut buf = Vec::new();
    encode_cell(col, v, &mut buf)?;
    Ok(serde_json::from_slice(&buf).unwrap_or(serde_json::Value::Null))
}

/// Checks one cell against its column and appends its value as JSON to
/// `out` (the stored row-block form, [`crate::row_blocks`]); `Err` is (code, message).
pub fn encode_cell(col: &Column, v: &str, out: &mut Vec<u8>) -> Result<(), (&'static str, String)> {
    let v = v.trim();
    if v.is_empty() {
        if col.required {
            return Err(("required", format!("Kolom {} wajib diisi.", col.label)));
        }
        out.extend_from_slice(b"null");
        return Ok(());
    }
    match col.kind {
        ColumnKind::Text => {
            if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                return Err(("invalid_characters", "Mengandung karakter kendali.".into()));
            }
            write_str(out, v);
        }
        ColumnKind::Integer => write_num(out, parse_integer(v).ok_or_else(|| ("invalid_integer", format!("\"{v}\" bukan bilangan bulat.")))?),
        ColumnKind::Decimal => write_num(out, parse_decimal(v).ok_or_else(|| ("invalid_decimal", format!("\"{v}\" bukan bilangan desimal (mis. 12,5 atau 12.5).")))?),
        ColumnKind::Date => match quick_date(v) {
            Some(d) => write_date(out, d),
            None => write_str(out, &parse_flexible_date(v).ok_or_else(|| ("invalid_date", format!("\"{v}\" bukan tanggal (dd/mm/yyyy atau yyyy-mm-dd).")))?),
        },
        ColumnKind::Code => {
            if !col.codes.iter().any(|c| c == v) {
                return Err(("invalid_code", format!("\"{v}\" tidak ada dalam daftar kode kolom {}.", col.label)));
            }
            write_str(out, v);
        }
    }
    Ok(())
}

/// Matches a header to a declared column by name or label.
fn column_for<'c>(columns: &'c [Column], header: &str) -> Option<(usize, &'c Column)> {
    let n = norm(header);
    columns.iter().enumerate().find(|(_, c)| norm(&c.name) == n || norm(&c.label) == n)
}

/// Checks rows one by one once the header is matched to the declared columns.
#[derive(Clone)]
struct RowChecker<'c> {
    columns: &'c [Column],
    /// For each header cell, the declared column it fills.
    map: Vec<Option<usize>>,
    /// The current row's values as JSON, and where each declared column's is.
    scratch: Vec<u8>,
    spans: Vec<Option<(usize, usize)>>,
}

impl<'c> RowChecker<'c> {
    /// Matches the header; `None` when it has errors (reported in `out`).
    fn new(columns: &'c [Column], header: &[String], header_row: usize, out: &mut CheckedTable) -> Option<Self> {
        let mut map: Vec<Option<usize>> = Vec::new();
        for h in header {
            if h.trim().is_empty() {
                map.push(None);
                continue;
            }
            match column_for(columns, h) {
                Some((i, c)) if map.contains(&Some(i)) => {
                    out.error(CellError::new(header_row, &c.name, "duplicate_column", format!("Kolom {} muncul lebih dari sekali.", c.name)));
                    map.push(None);
                }
                Some((i, _)) => map.push(Some(i)),
                None => {
                    out.error(CellError::new(header_row, h, "unknown_column", format!("Kolom \"{h}\" tidak dinyatakan pada dataset ini.")));
                    map.push(None);
                }
            }
        }
        for (i, c) in columns.iter().enumerate() {
            if c.required && !map.contains(&Some(i)) {
                out.error(CellError::new(header_row, &c.name, "missing_column", format!("Kolom wajib {} tidak ada.", c.name)));
            }
        }
        if out.error_count > 0 {
            return None;
        }
        Some(RowChecker { columns, map, scratch: Vec::with_capacity(256), spans: vec![None; columns.len()] })
    }

    fn row<'a>(&mut self, out: &mut CheckedTable, row: usize, cells: impl IntoIterator<Item = &'a str>) {
        // Declared columns the file does not have (all optional) stay `null`.
        self.scratch.clear();
        self.spans.fill(None);
        let mut n = 0;
        let mut blank = true;
        for (i, cell) in cells.into_iter().enumerate() {
            if blank && !cell.trim().is_empty() {
                blank = false;
            }
            n = i + 1;
            match self.map.get(i) {
                Some(Some(ci)) => {
                    let start = self.scratch.len();
                    match encode_cell(&self.columns[*ci], cell, &mut self.scratch) {
                        Ok(()) => self.spans[*ci] = Some((start, self.scratch.len())),
                        Err((code, msg)) => out.error(CellError::new(row, &self.columns[*ci].name, code, msg)),
                    }
                }
                Some(None) => {}
                None if !cell.trim().is_empty() => out.error(CellError::new(row, "", "extra_cells", "Baris berisi lebih banyak sel daripada judul kolom; periksa pemisah (; atau ,).")),
                None => {}
            }
        }
        if blank {
            return;
        }
        // Cells missing at the end of a ragged row.
        for ci in self.map.iter().skip(n).flatten() {
            if self.columns[*ci].required {
                let c = &self.columns[*ci];
                out.error(CellError::new(row, &c.name, "required", format!("Kolom {} wajib diisi.", c.label)));
            }
        }
        if out.error_count == 0 {
            let scratch = &self.scratch;
            out.rows.push(row, self.spans.iter().map(|s| s.map(|(a, b)| &scratch[a..b])));
        }
    }
}

/// A row's values (declared column order) as `{column: value}`.
pub fn row_object(columns: &[Column], values: Vec<serde_json::Value>) -> serde_json::Map<String, serde_json::Value> {
    columns.iter().map(|c| c.name.clone()).zip(values.into_iter().chain(std::iter::repeat(serde_json::Value::Null))).collect()
}

impl CheckedTable {
    fn finish(mut self) -> CheckedTable {
        self.rows.finish();
        if self.rows.is_empty() && self.error_count == 0 {
            self.error(CellError::new(0, "", "empty", "Berkas tidak berisi baris data."));
        }
        if self.error_count > 0 {
            self.rows.clear();
        }
        self
    }
}

/// Checks a table given as a header and rows of cells (from a
/// spreadsheet), each row with its spreadsheet row number.
pub fn check_rows<I, R, S>(columns: &[Column], header: &[String], header_row: usize, rows: I) -> CheckedTable
where
    I: IntoIterator<Item = (usize, R)>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = CheckedTable::default();
    let Some(mut checker) = RowChecker::new(columns, header, header_row, &mut out) else { return out };
    for (row, cells) in rows {
        let cells: Vec<S> = cells.into_iter().collect();
        checker.row(&mut out, row, cells.iter().map(AsRef::as_ref));
    }
    out.finish()
}

/// Files from this size are checked in two halves on two threads.
const PARALLEL_CHECK_BYTES: usize = 1 << 20;

/// Checks a CSV file (any separator, BOM, Windows-1252) against the
/// columns, record by record without copying the cells. A large file is
/// checked in two halves at once, split at a line break between records:
/// the first half's reader confirms the split fell between two records, or
/// (a quoted cell spanning it) reads on through the second half itself.
pub fn check_csv(columns: &[Column], bytes: &[u8]) -> CheckedTable {
    check_csv_from(columns, bytes, PARALLEL_CHECK_BYTES)
}

/// [`check_csv`], in two halves from `parallel` bytes of text.
fn check_csv_from(columns: &[Column], bytes: &[u8], parallel: usize) -> CheckedTable {
    let mut out = CheckedTable::default();
    let sheet = Sheet::new(bytes);
    // Cells are trimmed by `encode_cell`.
    let mut reader = sheet.reader_of(sheet.text.as_bytes(), csv::Trim::None);
    let mut rec = csv::StringRecord::new();
    match reader.read_record(&mut rec) {
        Ok(true) => {}
        Ok(false) => {
            out.error(CellError::new(0, "", "empty", "Berkas kosong: baris pertama harus berisi judul kolom."));
            return out;
        }
        Err(e) => {
            out.error(CellError::new(sheet.header_row, "", "unreadable", format!("Baris judul kolom tidak terbaca: {e}")));
            return out;
        }
    }
    let header: Vec<String> = rec.iter().map(|h| h.trim().to_string()).collect();
    let Some(mut checker) = RowChecker::new(columns, &header, sheet.header_row, &mut out) else { return out };
    let text = sheet.text.as_bytes();
    let split = if text.len() >= parallel && std::thread::available_parallelism().map_or(1, |n| n.get()) > 1 {
        split_point(text, reader.position().byte() as usize)
    } else {
        None
    };
    let Some(split) = split else {
        check_records(&mut checker, &mut out, &mut reader, text, sheet.rows(), usize::MAX);
        return out.finish();
    };
    let mut second = CheckedTable::default();
    let mut second_checker = checker.clone();
    let joined = std::thread::scope(|scope| {
        let rest = scope.spawn(|| {
            let mut r = sheet.reader_of(&text[split..], csv::Trim::None);
            let counter = RowCounter::new(&text[split..], sheet.header_row + text[..split].iter().filter(|&&b| b == b'\n').count());
            check_records(&mut second_checker, &mut second, &mut r, &text[split..], counter, usize::MAX);
        });
        let joined = check_records(&mut checker, &mut out, &mut reader, text, sheet.rows(), split);
        let _ = rest.join();
        joined
    });
    if !joined {
        // The split fell inside a record: the first reader went on to the end.
        return out.finish();
    }
    out.rows.finish();
    out.rows.append(std::mem::take(&mut second.rows));
    out.error_count += second.error_count - second.errors.len();
    for e in second.errors {
        out.error(e);
    }
    out.finish()
}

/// A line break near the middle of the data (after `body`) with an even
/// number of quotes before it: probably between two records.
fn split_point(text: &[u8], body: usize) -> Option<usize> {
    let mid = body + (text.len().saturating_sub(body)) / 2;
    let mut quoted = text.get(..mid)?.iter().filter(|&&b| b == b'"').count() % 2 == 1;
    for (i, b) in text.iter().enumerate().skip(mid) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1).filter(|s| *s < text.len()),
            _ => {}
        }
    }
    None
}

/// Checks records (of `text`) until the end, or until the first record at
/// or after byte `stop`; `true` when it stopped there with the previous
/// record ending at or before `stop` (records from `stop` are someone
/// else's). A record's start is taken after any line-break bytes the reader
/// reports it with (the `\n` of a CRLF).
fn check_records(checker: &mut RowChecker<'_>, out: &mut CheckedTable, reader: &mut csv::Reader<&[u8]>, text: &[u8], mut counter: RowCounter<'_>, stop: usize) -> bool {
    let mut rec = csv::StringRecord::new();
    let mut end = reader.position().byte() as usize;
    let first_byte = |p: Option<&csv::Position>| {
        let mut b = p.map_or(0, |p| p.byte() as usize);
        while b < text.len() && matches!(text[b], b'\r' | b'\n') {
            b += 1;
        }
        b
    };
    loop {
        match reader.read_record(&mut rec) {
            Ok(false) => return false,
            Ok(true) => {
                let start = first_byte(rec.position());
                if start >= stop && end <= stop {
                    return true;
                }
                let row = counter.row_of(start as u64);
                checker.row(out, row, rec.iter());
            }
            Err(e) => {
                let start = first_byte(e.position());
                if start >= stop && end <= stop {
                    return true;
                }
                let row = counter.row_of(start as u64);
                out.error(CellError::new(row, "", "unreadable", format!("Baris tidak terbaca: {e}")));
            }
        }
        end = reader.position().byte() as usize;
    }
}

/// Writes rows (JSON objects) as CSV with the declared columns as header.
pub fn rows_to_csv<'r>(columns: &[Column], rows: impl Iterator<Item = &'r serde_json::Map<String, serde_json::Value>>) -> Result<String, DomainError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| DomainError::BadRequest(format!("CSV tidak dapat ditulis: {e}"));
    w.write_record(columns.iter().map(|c| c.name.as_str())).map_err(err)?;
    for r in rows {
        w.write_record(columns.iter().map(|c| cell_text(r.get(&c.name)))).map_err(err)?;
    }
    let bytes = w.into_inner().map_err(|e| DomainError::BadRequest(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| DomainError::BadRequest(e.to_string()))
}

/// A stored value as text (CSV cells, tables).
pub fn cell_text(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Grant;

    pub(crate) fn input() -> DatasetInput {
        DatasetInput {
            code: "DINKES-FASKES".into(),
            title: "Fasilitas Kesehatan".into(),
            agency_id: 4,
            concept: "Fasilitas pelayanan kesehatan".into(),
            definition: "Tempat penyelenggaraan upaya pelayanan kesehatan".into(),
            topic: "kesehatan".into(),
            frequency: "tahunan".into(),
            licence: "cc_by_4_0".into(),
            confidentiality: "terbuka".into(),
            register_responsible: "Kepala Seksi Data".into(),
            region_codes: vec!["64.71".into()],
            columns: vec![
                ColumnInput { name: "nama".into(), label: "Nama".into(), kind: "text".into(), required: true, codes: vec![] },
                ColumnInput { name: "jenis".into(), label: "Jenis".into(), kind: "code".into(), required: true, codes: vec!["puskesmas".into(), "rumah_sakit".into()] },
                ColumnInput { name: "tempat_tidur".into(), label: "Tempat tidur".into(), kind: "integer".into(), required: false, codes: vec![] },
                ColumnInput { name: "rasio".into(), label: "Rasio".into(), kind: "decimal".into(), required: false, codes: vec![] },
                ColumnInput { name: "berdiri".into(), label: "Tanggal berdiri".into(), kind: "date".into(), required: false, codes: vec![] },
            ],
            ..Default::default()
        }
    }

    fn fields(e: DomainError) -> Vec<(String, &'static str)> {
        e.field_errors().into_iter().map(|f| (f.field, f.code)).collect()
    }

    #[test]
    fn validates_catalogue_entries() {
        let d = input().validate().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(d.columns.len(), 5);
        assert_eq!(d.confidentiality, Confidentiality::Terbuka);
        let mut bad = input();
        bad.region_codes = vec!["6471".into()];
        bad.confidentiality = "terbatas".into();
        bad.columns[1].codes.clear();
        bad.columns.push(ColumnInput { name: "nama".into(), kind: "text".into(), ..Default::default() });
        bad.topic = "x".into();
        let got = fields(bad.validate().err().unwrap_or_else(|| panic!("accepted")));
        for want in [("region_codes", "invalid_format"), ("shared_with", "required"), ("columns[1].codes", "required"), ("columns[5].name", "duplicate"), ("topic", "invalid_choice")] {
            assert!(got.contains(&(want.0.to_string(), want.1)), "{want:?} in {got:?}");
        }
        let mut open_shared = input();
        open_shared.shared_with = vec![7];
        assert_eq!(fields(open_shared.validate().err().unwrap_or_else(|| panic!("accepted"))), vec![("shared_with".into(), "not_allowed")]);
    }

    #[test]
    fn region_codes() {
        for ok in ["64", "64.71", "64.71.01", "64.71.01.1001"] {
            assert!(is_region_code(ok), "{ok}");
        }
        for bad in ["6", "64.7", "64.71.1", "64.71.01.101", "64.71.01.1001.1", "ab.cd", ""] {
            assert!(!is_region_code(bad), "{bad}");
        }
    }

    fn p(agency: Option<i64>, grants: &[(Role, Option<i64>)]) -> Principal {
        Principal {
            account_id: 1,
            username: "u".into(),
            display_name: "U".into(),
            agency_id: agency,
            grants: grants.iter().map(|(role, agency_id)| Grant { role: *role, agency_id: *agency_id }).collect(),
            must_change_password: false,
        }
    }

    #[test]
    fn classification_decides_who_reads() {
        let owner = p(Some(4), &[(Role::OperatorPd, Some(4))]);
        let named = p(Some(7), &[(Role::Walidata, Some(7))]);
        let other = p(Some(9), &[(Role::KepalaPd, Some(9))]);
        let sekda = p(None, &[(Role::SekretarisDaerah, None)]);
        let admin = p(None, &[(Role::AdminDiskominfo, None)]);
        let access = |class| DatasetAccess { owner: 4, class, named: &[7], granted: &[] };
        let table = [
            (Confidentiality::Terbuka, [true, true, true, true, true]),
            (Confidentiality::Terbatas, [true, true, false, false, true]),
            (Confidentiality::Rahasia, [true, false, false, false, true]),
        ];
        for (class, want) in table {
            let got = [&owner, &named, &other, &sekda, &admin].map(|who| can_read(who, &access(class)));
            assert_eq!(got, want, "{class:?}");
        }
        // A later grant adds read access whatever the class.
        assert!(can_read(&other, &DatasetAccess { owner: 4, class: Confidentiality::Rahasia, named: &[], granted: &[9] }));
        assert_eq!(Visibility::of(&admin), Visibility::All);
        assert_eq!(Visibility::of(&owner), Visibility::Agencies(vec![4]));
    }

    fn cols() -> Vec<Column> {
        input().validate().unwrap_or_else(|e| panic!("{e:?}")).columns
    }

    #[test]
    fn checks_indonesian_csv_row_by_row() {
        let file = "\u{feff}Nama;Jenis;Tempat tidur;Rasio;Tanggal berdiri\r\nPuskesmas Sungai;puskesmas;1.250;12,5;01/02/2003\r\nRSUD;rumah_sakit;;0,75;\r\n";
        let t = check_csv(&cols(), file.as_bytes());
        assert_eq!(t.error_count, 0, "{:?}", t.errors);
        assert_eq!(t.rows.len(), 2);
        let rows = t.rows.decode().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows[0].0, 2);
        let first = row_object(&cols(), rows[0].1.clone());
        assert_eq!(first["tempat_tidur"], serde_json::json!(1250));
        assert_eq!(first["rasio"], serde_json::json!(12.5));
        assert_eq!(first["berdiri"], serde_json::json!("2003-02-01"));
        assert_eq!(row_object(&cols(), rows[1].1.clone())["tempat_tidur"], serde_json::Value::Null);
        let bad = "nama,jenis,tempat_tidur\nA,klinik,x\n,puskesmas,3\nB,puskesmas,1,extra\n";
        let t = check_csv(&cols(), bad.as_bytes());
        assert!(t.rows.is_empty());
        let got: Vec<(usize, &str, &str)> = t.errors.iter().map(|e| (e.row, e.column.as_str(), e.code)).collect();
        assert_eq!(got, vec![(2, "jenis", "invalid_code"), (2, "tempat_tidur", "invalid_integer"), (3, "nama", "required"), (4, "", "extra_cells")]);
        let t = check_csv(&cols(), b"nama;warna\nA;merah\n");
        let got: Vec<(&str, &str)> = t.errors.iter().map(|e| (e.column.as_str(), e.code)).collect();
        assert_eq!(got, vec![("warna", "unknown_column"), ("jenis", "missing_column")]);
        assert_eq!(check_csv(&cols(), b"").errors[0].code, "empty");
    }

    #[test]
    fn two_halves_check_as_one() {
        let mut file = String::from("Nama;Jenis;Tempat tidur;Rasio;Tanggal berdiri\r\n");
        for i in 0..3000 {
            match i {
                // A quoted cell with line breaks, and errors in both halves.
                1400..=1600 if i % 50 == 0 => file.push_str(&format!("\"Puskesmas\n{i}\";puskesmas;{i};1,5;01/02/2003\r\n")),
                700 | 2900 => file.push_str(&format!("Klinik {i};klinik;x;1;\r\n")),
                _ => file.push_str(&format!("Puskesmas {i};puskesmas;{};{},5;{:02}/02/2003\r\n", i % 97, i % 13, 1 + i % 28)),
            }
        }
        let seq = check_csv_from(&cols(), file.as_bytes(), usize::MAX);
        let par = check_csv_from(&cols(), file.as_bytes(), 0);
        assert_eq!((par.error_count, &par.errors), (seq.error_count, &seq.errors));
        assert_eq!(seq.errors.iter().map(|e| (e.row, e.code)).collect::<Vec<_>>(), vec![(702, "invalid_code"), (702, "invalid_integer"), (2907, "invalid_code"), (2907, "invalid_integer")]);
        let good = file.replace("Klinik", "Puskesmas").replace(";klinik;x;", ";puskesmas;1;");
        let seq = check_csv_from(&cols(), good.as_bytes(), usize::MAX);
        let par = check_csv_from(&cols(), good.as_bytes(), 0);
        assert_eq!((seq.error_count, par.error_count, par.rows.len()), (0, 0, 3000));
        assert!(par.rows.blocks.len() > seq.rows.blocks.len(), "checked in two halves: a short block where the first ends");
        let lf = good.replace("\r\n", "\n");
        let (seq_lf, par_lf) = (check_csv_from(&cols(), lf.as_bytes(), usize::MAX), check_csv_from(&cols(), lf.as_bytes(), 0));
        assert!(par_lf.rows.blocks.len() > seq_lf.rows.blocks.len());
        assert_eq!(par_lf.rows.decode().unwrap_or_else(|e| panic!("{e}")), seq.rows.decode().unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(par.rows.decode().unwrap_or_else(|e| panic!("{e}")), seq.rows.decode().unwrap_or_else(|e| panic!("{e}")));
        // A stray quote in an unquoted cell (read as a character) makes the
        // split land inside a quoted cell: the first half reads on.
        let stray = good.replace("Puskesmas 100;", "Puskesmas 100\";");
        let text = stray.as_bytes();
        let split = split_point(text, 0).unwrap_or(0);
        let count = |pat: &[u8]| text[..split].windows(pat.len()).filter(|w| *w == pat).count();
        let (opened, closed) = (count(b"\"Puskesmas\n"), count(b"\";puskesmas") - 1);
        assert!(opened > closed, "split inside a quoted cell: {opened} {closed}");
        let seq = check_csv_from(&cols(), text, usize::MAX);
        let par = check_csv_from(&cols(), text, 0);
        assert_eq!((seq.error_count, par.error_count, par.rows.len()), (0, 0, 3000));
        let rows = par.rows.decode().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows, seq.rows.decode().unwrap_or_else(|e| panic!("{e}")));
        assert_eq!(rows[100].1[0], serde_json::json!("Puskesmas 100\""));
    }

    #[test]
    fn numbers_the_indonesian_way() {
        assert_eq!(parse_integer("1.234.567"), Some(1_234_567));
        assert_eq!(parse_integer("-12"), Some(-12));
        assert_eq!(parse_integer("12.34"), None);
        assert_eq!((parse_integer("8.249"), parse_integer("-1.000.000"), parse_integer("1234.567"), parse_integer(".123")), (Some(8249), Some(-1_000_000), None, None));
        assert_eq!((parse_decimal("69,42"), parse_decimal("-0,5"), parse_decimal(",5"), parse_decimal("1,")), (Some(69.42), Some(-0.5), Some(0.5), Some(1.0)));
        assert_eq!(parse_decimal("1.234,5"), Some(1234.5));
        assert_eq!(parse_decimal("0.75"), Some(0.75));
        assert_eq!(parse_decimal("1,2,3"), None);
        assert_eq!(parse_decimal("abc"), None);
        assert_eq!(quick_date("01/02/2025").map(|d| d.to_string()).as_deref(), Some("2025-02-01"));
        assert_eq!(quick_date("2025-02-30"), None);
        assert_eq!(quick_date("1/2/2025"), None);
    }

    #[test]
    fn csv_round_trip() {
        let t = check_csv(&cols(), b"nama,jenis\n\"Klinik, Pratama\",puskesmas\n");
        let objects: Vec<_> = t.rows.decode().unwrap_or_else(|e| panic!("{e}")).into_iter().map(|(_, r)| row_object(&cols(), r)).collect();
        let csv = rows_to_csv(&cols(), objects.iter()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(csv, "nama,jenis,tempat_tidur,rasio,berdiri\n\"Klinik, Pratama\",puskesmas,,,\n");
        assert!(same_title("Jumlah Penduduk per-Kecamatan", "jumlah penduduk per kecamatan"));
        assert!(!same_title("", ""));
    }
}
