//! The ICT asset registry (inventaris aset TIK): hardware and software
//! assets with their lifecycle, software licences with seats, and asset tags.
//!
//! What the regulations ask:
//! * asset management runs through planning, procurement, use/maintenance and
//!   disposal of hardware and software ("perencanaan, pengadaan, pengelolaan,
//!   dan penghapusan perangkat keras dan perangkat lunak") — Perwali
//!   Balikpapan 14/2022 Pasal 42 ayat (2), Perwali Kendari 41/2021 Pasal 29
//!   ayat (2), Pergub Kalbar 177/2021 Pasal 31 ayat (2): [`AssetState`];
//! * every agency inventories all its ICT devices — Perwali Banjarbaru 5/2018
//!   Pasal 15 ayat (10), Perwali Kendari 41/2021 Pasal 19 ayat (11), Perbup
//!   Cianjur 25/2018 Pasal 18 ayat (1): checked in [`crate::findings`];
//! * software installed must be legal or open source — Perbup Cianjur
//!   25/2018 Pasal 17 ayat (3): licences with their seats.

use serde::{Deserialize, Serialize};

use crate::apps::{choice, opt_choice};
use crate::error::DomainError;
use crate::pemda::TimeZone;
use crate::validate::{parse_date, Checker};

code_enum!(
    /// Hardware or software (Perwali Balikpapan 14/2022 Pasal 42 ayat (2)).
    AssetKind {
        PerangkatKeras => ("perangkat_keras", "Perangkat keras"),
        PerangkatLunak => ("perangkat_lunak", "Perangkat lunak"),
    }
);

code_enum!(
    /// The reference list of asset categories; each belongs to one [`AssetKind`].
    AssetCategory {
        Komputer => ("komputer", "Komputer (PC)"),
        Laptop => ("laptop", "Laptop"),
        Server => ("server", "Server"),
        Printer => ("printer", "Printer dan alat cetak"),
        PerangkatJaringan => ("perangkat_jaringan", "Perangkat jaringan"),
        Ups => ("ups", "UPS"),
        Cctv => ("cctv", "CCTV"),
        Penyimpanan => ("penyimpanan", "Media penyimpanan (NAS/SAN)"),
        Proyektor => ("proyektor", "Proyektor dan layar"),
        PerangkatKerasLain => ("perangkat_keras_lain", "Perangkat keras lainnya"),
        PerangkatLunak => ("perangkat_lunak", "Perangkat lunak"),
        SistemOperasi => ("sistem_operasi", "Sistem operasi"),
        AplikasiPerkantoran => ("aplikasi_perkantoran", "Aplikasi perkantoran"),
        PerangkatLunakKeamanan => ("perangkat_lunak_keamanan", "Perangkat lunak keamanan"),
    }
);

impl AssetCategory {
    pub fn kind(self) -> AssetKind {
        match self {
            AssetCategory::PerangkatLunak | AssetCategory::SistemOperasi | AssetCategory::AplikasiPerkantoran | AssetCategory::PerangkatLunakKeamanan => AssetKind::PerangkatLunak,
            _ => AssetKind::PerangkatKeras,
        }
    }
}

code_enum!(
    /// Lifecycle: perencanaan → pengadaan → digunakan ⇄ dalam perbaikan →
    /// dihapuskan (Perwali Balikpapan 14/2022 Pasal 42 ayat (2): planning,
    /// procurement, management, disposal).
    AssetState {
        Perencanaan => ("perencanaan", "Perencanaan"),
        Pengadaan => ("pengadaan", "Pengadaan"),
        Digunakan => ("digunakan", "Digunakan"),
        DalamPerbaikan => ("dalam_perbaikan", "Dalam perbaikan"),
        Dihapuskan => ("dihapuskan", "Dihapuskan"),
    }
);

impl AssetState {
    /// The states an asset may move to from this one. A plan or a
    /// procurement may be cancelled (disposed); disposal is final.
    pub fn next_states(self) -> &'static [AssetState] {
        use AssetState::*;
        match self {
            Perencanaan => &[Pengadaan, Dihapuskan],
            Pengadaan => &[Digunakan, Dihapuskan],
            Digunakan => &[DalamPerbaikan, Dihapuskan],
            DalamPerbaikan => &[Digunakan, Dihapuskan],
            Dihapuskan => &[],
        }
    }

    pub fn can_become(self, next: AssetState) -> bool {
        self == next || self.next_states().contains(&next)
    }
}

/// Asset fields as entered (form, API or one CSV row).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssetInput {
    /// Unique asset tag; left empty, it is generated from the configured pattern.
    #[serde(default)]
    pub asset_tag: Option<String>,
    pub name: String,
    /// The owning agency (Perangkat Daerah).
    pub agency_id: i64,
    /// A code of `/api/v1/reference/asset-categories`.
    pub category: String,
    /// `perangkat_keras` or `perangkat_lunak`; follows from the category when empty.
    #[serde(default)]
    pub kind: Option<String>,
    /// `perencanaan`, `pengadaan`, `digunakan`, `dalam_perbaikan` or `dihapuskan`.
    pub state: String,
    /// Date the asset entered this state, `YYYY-MM-DD` (default: today). Kept in the history.
    #[serde(default)]
    pub state_changed_on: Option<String>,
    /// Where the asset is (building, room).
    #[serde(default)]
    pub location: Option<String>,
    /// Unit kerja of the owning agency.
    #[serde(default)]
    pub unit_id: Option<i64>,
    #[serde(default)]
    pub manufacturer: Option<String>,
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub serial_number: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub purchase_date: Option<String>,
    /// Purchase price in whole Rupiah.
    #[serde(default)]
    pub price: Option<i64>,
    /// Last day of the warranty, `YYYY-MM-DD`.
    #[serde(default)]
    pub warranty_until: Option<String>,
    /// The person (of the owning agency) the asset is assigned to.
    #[serde(default)]
    pub assigned_person_id: Option<i64>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// A validated asset, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssetData {
    /// `None`: generate from the pattern.
    pub asset_tag: Option<String>,
    pub name: String,
    pub agency_id: i64,
    pub category: AssetCategory,
    pub kind: AssetKind,
    pub state: AssetState,
    pub state_changed_on: String,
    pub location: Option<String>,
    pub unit_id: Option<i64>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub purchase_date: Option<String>,
    pub price: Option<i64>,
    pub warranty_until: Option<String>,
    pub assigned_person_id: Option<i64>,
    pub notes: Option<String>,
}

/// Largest price accepted: a trillion Rupiah, far above any ICT asset.
pub const MAX_PRICE: i64 = 1_000_000_000_000;

/// Normalises and checks an asset tag: 1–40 letters, digits, `-`, `.`, `/` or `_`, upper-cased.
pub fn normalize_tag(c: &mut Checker, field: &str, v: Option<&str>) -> Option<String> {
    let v = v.map(str::trim).filter(|v| !v.is_empty())?.to_uppercase();
    if v.chars().count() > 40 || !v.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '.' | '/' | '_')) {
        c.push(field, "invalid_format", "Kode aset terdiri atas 1–40 huruf, angka, atau tanda - . / _");
    }
    Some(v)
}

impl AssetInput {
    /// Validates the input. `previous` is the stored state (for a change) and
    /// `today` the Pemda's local date: a change of state cannot be dated in
    /// the future, and only the moves of [`AssetState::next_states`] are allowed.
    pub fn validate(&self, previous: Option<AssetState>, today: time::Date) -> Result<AssetData, DomainError> {
        let mut c = Checker::new();
        let asset_tag = normalize_tag(&mut c, "asset_tag", self.asset_tag.as_deref());
        let name = c.required("name", &self.name, 200);
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah pemilik aset.");
        }
        let category = choice(&mut c, "category", &self.category, AssetCategory::from_code, "Pilih kategori aset dari daftar.");
        let kind = opt_choice(&mut c, "kind", self.kind.as_deref(), AssetKind::from_code, "Pilih jenis: perangkat keras atau perangkat lunak.");
        if let (Some(cat), Some(k)) = (category, kind)
            && cat.kind() != k
        {
            c.push("kind", "kind_mismatch", format!("Kategori {} termasuk {}.", cat.label().to_lowercase(), cat.kind().label().to_lowercase()));
        }
        let state = choice(&mut c, "state", &self.state, AssetState::from_code, "Pilih status: perencanaan, pengadaan, digunakan, dalam perbaikan atau dihapuskan.");
        if let (Some(prev), Some(next)) = (previous, state)
            && !prev.can_become(next)
        {
            let allowed: Vec<&str> = prev.next_states().iter().map(|s| s.label()).collect();
            let msg = if allowed.is_empty() {
                format!("Aset berstatus {} tidak dapat berubah status lagi.", prev.label().to_lowercase())
            } else {
                format!("Dari status {} aset hanya dapat menjadi: {}.", prev.label().to_lowercase(), allowed.join(", ").to_lowercase())
            };
            c.push("state", "invalid_transition", msg);
        }
        let state_changed_on = c.date("state_changed_on", self.state_changed_on.as_deref());
        if let Some(d) = state_changed_on.as_deref().and_then(parse_date)
            && d > today
        {
            c.push("state_changed_on", "in_future", "Tanggal perubahan status tidak boleh melewati hari ini.");
        }
        let location = c.optional("location", self.location.as_deref(), 200);
        let manufacturer = c.optional("manufacturer", self.manufacturer.as_deref(), 100);
        let model = c.optional("model", self.model.as_deref(), 100);
        let serial_number = c.optional("serial_number", self.serial_number.as_deref(), 100);
        let purchase_date = c.date("purchase_date", self.purchase_date.as_deref());
        if let Some(p) = self.price
            && !(0..=MAX_PRICE).contains(&p)
        {
            c.push("price", "out_of_range", "Harga harus bilangan bulat rupiah, 0 sampai 1 triliun.");
        }
        let warranty_until = c.date("warranty_until", self.warranty_until.as_deref());
        if let (Some(w), Some(p)) = (warranty_until.as_deref().and_then(parse_date), purchase_date.as_deref().and_then(parse_date))
            && w < p
        {
            c.push("warranty_until", "out_of_order", "Akhir garansi tidak boleh sebelum tanggal pembelian.");
        }
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        let (Some(category), Some(state)) = (category, state) else {
            return Err(DomainError::BadRequest("isian aset tidak valid".into()));
        };
        Ok(AssetData {
            asset_tag,
            name,
            agency_id: self.agency_id,
            category,
            kind: category.kind(),
            state,
            state_changed_on: state_changed_on.unwrap_or_else(|| today.to_string()),
            location,
            unit_id: self.unit_id.filter(|u| *u > 0),
            manufacturer,
            model,
            serial_number,
            purchase_date,
            price: self.price,
            warranty_until,
            assigned_person_id: self.assigned_person_id.filter(|p| *p > 0),
            notes,
        })
    }
}

// ---- Asset tags ------------------------------------------------------------

/// The pattern of generated asset tags: literal text with `{YEAR}` (the
/// year the asset is registered), `{PD}` (the owning agency's code) and
/// exactly one `{SEQ}` or `{SEQ:n}` (a running number, zero-padded to `n`
/// digits, counted per distinct prefix and suffix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagPattern {
    before: String,
    width: usize,
    after: String,
}

pub const DEFAULT_TAG_PATTERN: &str = "TIK-{YEAR}-{SEQ:5}";

impl TagPattern {
    pub fn parse(p: &str) -> Result<TagPattern, String> {
        let p = p.trim();
        let Some(start) = p.find("{SEQ") else { return Err("Pola harus memuat {SEQ} atau {SEQ:n}.".into()) };
        let Some(len) = p[start..].find('}') else { return Err("Kurung kurawal {SEQ…} tidak ditutup.".into()) };
        let token = &p[start..start + len + 1];
        let width = match token {
            "{SEQ}" => 1,
            t => match t.strip_prefix("{SEQ:").and_then(|r| r.strip_suffix('}')).and_then(|n| n.parse::<usize>().ok()) {
                Some(n) if (1..=9).contains(&n) => n,
                _ => return Err("Lebar {SEQ:n} harus 1 sampai 9.".into()),
            },
        };
        let (before, after) = (&p[..start], &p[start + len + 1..]);
        if after.contains("{SEQ") {
            return Err("Pola hanya boleh memuat satu {SEQ}.".into());
        }
        for part in [before, after] {
            let rest = part.replace("{YEAR}", "").replace("{PD}", "");
            if !rest.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '-' | '.' | '/' | '_')) {
                return Err("Selain {YEAR}, {PD} dan {SEQ:n}, pola hanya boleh memuat huruf, angka dan tanda - . / _".into());
            }
        }
        if p.chars().count() > 30 {
            return Err("Pola paling banyak 30 karakter.".into());
        }
        Ok(TagPattern { before: before.into(), width, after: after.into() })
    }

    /// The fixed text before and after the running number, for a year and an agency code.
    pub fn frame(&self, year: i32, agency_code: &str) -> (String, String) {
        let fill = |s: &str| s.replace("{YEAR}", &year.to_string()).replace("{PD}", &agency_code.to_uppercase());
        (fill(&self.before), fill(&self.after))
    }

    /// The running number of `tag` if it has this frame.
    pub fn seq_of(tag: &str, frame: &(String, String)) -> Option<u64> {
        let mid = tag.strip_prefix(frame.0.as_str())?.strip_suffix(frame.1.as_str())?;
        if mid.is_empty() || !mid.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        mid.parse().ok()
    }

    pub fn tag(&self, frame: &(String, String), seq: u64) -> String {
        format!("{}{:0width$}{}", frame.0, seq, frame.1, width = self.width)
    }
}

// ---- Licences ------------------------------------------------------------------

/// A software licence as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LicenceInput {
    /// The licensed product, e.g. "Microsoft Office 2021 Standard".
    pub product: String,
    /// The agency holding the licence.
    pub agency_id: i64,
    #[serde(default)]
    pub vendor: Option<String>,
    /// Product key; shown masked except to those who may edit the licence.
    #[serde(default)]
    pub licence_key: Option<String>,
    /// Number of seats (installations or users) the licence allows.
    pub seats_total: i64,
    /// Last day of validity, `YYYY-MM-DD`; empty for perpetual licences.
    #[serde(default)]
    pub expires_on: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LicenceData {
    pub product: String,
    pub agency_id: i64,
    pub vendor: Option<String>,
    pub licence_key: Option<String>,
    pub seats_total: i64,
    pub expires_on: Option<String>,
    pub notes: Option<String>,
}

pub const MAX_SEATS: i64 = 100_000;

impl LicenceInput {
    pub fn validate(&self) -> Result<LicenceData, DomainError> {
        let mut c = Checker::new();
        let product = c.required("product", &self.product, 200);
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah pemegang lisensi.");
        }
        let vendor = c.optional("vendor", self.vendor.as_deref(), 100);
        let licence_key = c.optional("licence_key", self.licence_key.as_deref(), 500);
        if !(1..=MAX_SEATS).contains(&self.seats_total) {
            c.push("seats_total", "out_of_range", "Jumlah kursi lisensi 1 sampai 100.000.");
        }
        let expires_on = c.date("expires_on", self.expires_on.as_deref());
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        Ok(LicenceData { product, agency_id: self.agency_id, vendor, licence_key, seats_total: self.seats_total, expires_on, notes })
    }
}

/// One seat of a licence given to a hardware asset or to a person (exactly one of them).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeatInput {
    #[serde(default)]
    pub asset_id: Option<i64>,
    #[serde(default)]
    pub person_id: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Who holds a seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SeatHolder {
    Asset(i64),
    Person(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatData {
    pub holder: SeatHolder,
    pub note: Option<String>,
}

impl SeatInput {
    pub fn validate(&self) -> Result<SeatData, DomainError> {
        let mut c = Checker::new();
        let note = c.optional("note", self.note.as_deref(), 200);
        let holder = match (self.asset_id.filter(|v| *v > 0), self.person_id.filter(|v| *v > 0)) {
            (Some(a), None) => Some(SeatHolder::Asset(a)),
            (None, Some(p)) => Some(SeatHolder::Person(p)),
            (None, None) => {
                c.push("asset_id", "required", "Pilih aset perangkat keras atau pegawai penerima kursi lisensi.");
                None
            }
            (Some(_), Some(_)) => {
                c.push("person_id", "not_allowed", "Satu kursi lisensi diberikan kepada satu aset atau satu pegawai, tidak keduanya.");
                None
            }
        };
        c.finish()?;
        holder.map(|holder| SeatData { holder, note }).ok_or_else(|| DomainError::BadRequest("isian kursi lisensi tidak valid".into()))
    }
}

/// The key with all but its last four letters or digits hidden, e.g. `•••••-•••••-7QX4`.
pub fn mask_key(key: &str) -> String {
    let total = key.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let mut seen = 0;
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if total > 4 && seen <= total - 4 { '•' } else { c }
            } else {
                c
            }
        })
        .collect()
}

/// Days from `today` until `date` (negative when past).
pub fn days_until(date: &str, today: time::Date) -> Option<i64> {
    parse_date(date).map(|d| (d - today).whole_days())
}

/// How many days ahead counts as "expiring soon" for warranties and licences.
pub const EXPIRING_SOON_DAYS: i64 = 90;

/// The local calendar date of a millisecond timestamp in the Pemda's time zone.
pub fn local_date(ms: i64, tz: TimeZone) -> Option<time::Date> {
    let offset = time::UtcOffset::from_hms(tz.utc_offset_hours(), 0, 0).ok()?;
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok().map(|t| t.to_offset(offset).date())
}

// ---- Spreadsheet values ----------------------------------------------------------

/// A price as Indonesian spreadsheets write it, in whole Rupiah:
/// `Rp 12.500.000`, `12500000,00`, `12.500.000,-`, `12,500,000.00`, `12500000`.
/// A fraction other than zero is refused (prices are whole Rupiah).
pub fn parse_price(v: &str) -> Result<i64, &'static str> {
    let mut s: String = v.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect();
    for p in ["Rp.", "Rp", "RP", "rp", "IDR"] {
        if let Some(r) = s.strip_prefix(p) {
            s = r.to_string();
            break;
        }
    }
    let s = s.trim_end_matches(",-").trim_end_matches(".-");
    if s.is_empty() {
        return Err("Harga kosong.");
    }
    // A decimal separator is the last `,` or `.` followed by one or two digits.
    let (int, frac) = match s.rfind([',', '.']) {
        Some(i) if (1..=2).contains(&(s.len() - i - 1)) && s[i + 1..].bytes().all(|b| b.is_ascii_digit()) => (&s[..i], &s[i + 1..]),
        _ => (s, ""),
    };
    if frac.bytes().any(|b| b != b'0') {
        return Err("Harga harus bilangan bulat rupiah (tanpa sen).");
    }
    let seps: Vec<char> = int.chars().filter(|c| matches!(c, '.' | ',')).collect();
    if let Some(first) = seps.first() {
        // Thousands separators: one kind, groups of three digits.
        let groups: Vec<&str> = int.split(*first).collect();
        let ok = seps.iter().all(|c| c == first)
            && groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
            && groups.iter().skip(1).all(|g| g.len() == 3);
        if !ok {
            return Err("Format harga tidak dikenali; contoh: Rp 12.500.000 atau 12500000,00.");
        }
    }
    let digits: String = int.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() != int.chars().filter(|c| !matches!(c, '.' | ',')).count() {
        return Err("Format harga tidak dikenali; contoh: Rp 12.500.000 atau 12500000,00.");
    }
    let n: i64 = digits.parse().map_err(|_| "Harga terlalu besar.")?;
    if n > MAX_PRICE {
        return Err("Harga terlalu besar.");
    }
    Ok(n)
}

/// A date as `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy` (day and month may have
/// one digit) or `yyyy-mm-dd`, as `YYYY-MM-DD`.
pub fn parse_flexible_date(v: &str) -> Option<String> {
    let v = v.trim();
    if let Some(d) = parse_date(v) {
        return Some(d.to_string());
    }
    let parts: Vec<&str> = v.split(['/', '-', '.']).collect();
    let [d, m, y] = parts.as_slice() else { return None };
    if y.len() != 4 || d.is_empty() || m.is_empty() || d.len() > 2 || m.len() > 2 {
        return None;
    }
    let iso = format!("{y}-{m:0>2}-{d:0>2}");
    parse_date(&iso).map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn ok_input() -> AssetInput {
        AssetInput { name: "Laptop Kepala Bidang".into(), agency_id: 3, category: "laptop".into(), state: "digunakan".into(), ..Default::default() }
    }

    #[test]
    fn validates_and_defaults() {
        let d = ok_input().validate(None, date!(2026 - 03 - 01)).ok();
        assert_eq!(d.as_ref().map(|d| (d.kind, d.state_changed_on.as_str())), Some((AssetKind::PerangkatKeras, "2026-03-01")));
        let mut i = ok_input();
        i.asset_tag = Some(" tik-2026-00001 ".into());
        assert_eq!(i.validate(None, date!(2026 - 03 - 01)).ok().and_then(|d| d.asset_tag), Some("TIK-2026-00001".into()));
    }

    #[test]
    fn reports_fields_with_codes() {
        let bad = AssetInput {
            asset_tag: Some("TIK 01".into()),
            name: "".into(),
            category: "sistem_operasi".into(),
            kind: Some("perangkat_keras".into()),
            state: "digunakan".into(),
            state_changed_on: Some("2099-01-01".into()),
            purchase_date: Some("2025-05-01".into()),
            warranty_until: Some("2024-05-01".into()),
            price: Some(-1),
            ..Default::default()
        };
        let Err(DomainError::Validation(errs)) = bad.validate(Some(AssetState::Dihapuskan), date!(2026 - 03 - 01)) else { panic!("expected errors") };
        let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
        for want in [
            ("asset_tag", "invalid_format"),
            ("name", "required"),
            ("agency_id", "required"),
            ("kind", "kind_mismatch"),
            ("state", "invalid_transition"),
            ("state_changed_on", "in_future"),
            ("price", "out_of_range"),
            ("warranty_until", "out_of_order"),
        ] {
            assert!(got.contains(&want), "{want:?} not in {got:?}");
        }
    }

    #[test]
    fn lifecycle_moves() {
        use AssetState::*;
        assert!(Perencanaan.can_become(Pengadaan) && Digunakan.can_become(DalamPerbaikan) && DalamPerbaikan.can_become(Digunakan));
        assert!(!Perencanaan.can_become(Digunakan) && !Dihapuskan.can_become(Digunakan));
        assert!(Dihapuskan.can_become(Dihapuskan));
    }

    #[test]
    fn tag_patterns() {
        let p = TagPattern::parse("TIK-{YEAR}-{SEQ:5}").unwrap_or_else(|e| panic!("{e}"));
        let f = p.frame(2026, "dinkes");
        assert_eq!(p.tag(&f, 7), "TIK-2026-00007");
        assert_eq!(TagPattern::seq_of("TIK-2026-00123", &f), Some(123));
        assert_eq!(TagPattern::seq_of("TIK-2025-00123", &f), None);
        let p = TagPattern::parse("{PD}/{SEQ}/{YEAR}").unwrap_or_else(|e| panic!("{e}"));
        let f = p.frame(2026, "dinkes");
        assert_eq!(p.tag(&f, 12), "DINKES/12/2026");
        assert_eq!(TagPattern::seq_of("DINKES/12/2026", &f), Some(12));
        for bad in ["TIK-{YEAR}", "TIK {SEQ}", "{SEQ:0}", "{SEQ}{SEQ}", "TIK-{SEQ:5"] {
            assert!(TagPattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn licences_and_seats() {
        let bad = LicenceInput { product: " ".into(), seats_total: 0, expires_on: Some("31/12/2026".into()), ..Default::default() };
        let Err(DomainError::Validation(errs)) = bad.validate() else { panic!("expected errors") };
        let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(got, vec![("product", "required"), ("agency_id", "required"), ("seats_total", "out_of_range"), ("expires_on", "invalid_format")]);
        assert!(SeatInput::default().validate().is_err());
        assert!(SeatInput { asset_id: Some(1), person_id: Some(2), note: None }.validate().is_err());
        assert_eq!(SeatInput { person_id: Some(2), ..Default::default() }.validate().ok().map(|s| s.holder), Some(SeatHolder::Person(2)));
        assert_eq!(mask_key("ABCDE-12345-FGHIJ-7QX4"), "•••••-•••••-•••••-7QX4");
        assert_eq!(mask_key("AB1"), "AB1");
    }

    #[test]
    fn indonesian_prices() {
        for (v, want) in [
            ("Rp 12.500.000", 12_500_000),
            ("12500000,00", 12_500_000),
            ("12.500.000,00", 12_500_000),
            ("Rp12.500.000,-", 12_500_000),
            ("12,500,000.00", 12_500_000),
            ("12500000", 12_500_000),
            ("Rp 750.000", 750_000),
            ("IDR 1.250", 1_250),
            ("0", 0),
            ("12500000.0", 12_500_000),
        ] {
            assert_eq!(parse_price(v), Ok(want), "{v}");
        }
        for v in ["", "Rp", "12.50.000", "12,500.000,00", "12500000,50", "dua juta", "1.2345"] {
            assert!(parse_price(v).is_err(), "{v}");
        }
    }

    #[test]
    fn spreadsheet_dates() {
        assert_eq!(parse_flexible_date("05/03/2024").as_deref(), Some("2024-03-05"));
        assert_eq!(parse_flexible_date("5/3/2024").as_deref(), Some("2024-03-05"));
        assert_eq!(parse_flexible_date("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(parse_flexible_date("31-12-2025").as_deref(), Some("2025-12-31"));
        assert_eq!(parse_flexible_date("31/02/2024"), None);
        assert_eq!(parse_flexible_date("03/05/24"), None);
    }
}
