//! Data sharing between agencies by request and approval (issue 4 §3).
//!
//! The procedure is Perwali Banjarbaru 5/2018 Pasal 12: the head of the
//! requesting agency files a request ("surat permohonan pemanfaatan data")
//! with at least the person responsible, the unit, the purpose and use, and
//! the kind and form of the data (ayat (2)), attaching a signed statement to
//! protect confidentiality and not misuse the data (ayat (1)); the data
//! owner's Walidata recommends and the Sekretaris Daerah approves or rejects
//! (ayat (3)). Access is read-only (Pasal 11 ayat (7)), and an agency must
//! serve other agencies' requests (Pasal 11 ayat (1)) on pain of
//! administrative sanctions (Pasal 18 ayat (1)).
//!
//! Decisions made here where the texts are silent (documented in
//! ARCHITECTURE.md):
//! * who files: the requesting agency's Kepala PD, or its Walidata as the
//!   head's delegate for data matters ([`crate::roles::Action::RequestData`]);
//!   operators do not sign statements on the agency's behalf;
//! * one request names datasets of **one** owning agency (the one whose
//!   Walidata recommends); data of several agencies takes several requests;
//! * the approver is the profile's `data_request_approver` (the Sekda where
//!   the text names nobody);
//! * the owner's recommendation and the decision have
//!   `data_request_response_days` (14) days together from filing.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::profiles::{ApproverRole, Profile};
use crate::roles::Role;
use crate::validate::{parse_date, Checker};
use crate::DomainError;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    /// Filed; the owner's Walidata has not recommended yet.
    Diajukan,
    /// The owner has recommended (or advised against); awaiting the decision.
    Direkomendasikan,
    Disetujui,
    Ditolak,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 4] = [RequestStatus::Diajukan, RequestStatus::Direkomendasikan, RequestStatus::Disetujui, RequestStatus::Ditolak];

    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Diajukan => "diajukan",
            RequestStatus::Direkomendasikan => "direkomendasikan",
            RequestStatus::Disetujui => "disetujui",
            RequestStatus::Ditolak => "ditolak",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestStatus::Diajukan => "Menunggu rekomendasi",
            RequestStatus::Direkomendasikan => "Menunggu keputusan",
            RequestStatus::Disetujui => "Disetujui",
            RequestStatus::Ditolak => "Ditolak",
        }
    }

    /// Still waiting for someone to answer.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Diajukan | RequestStatus::Direkomendasikan)
    }
}

/// The role that decides requests under a profile.
pub fn approver_role(profile: &Profile) -> Role {
    match profile.data_sharing.data_request_approver.role {
        ApproverRole::SekretarisDaerah => Role::SekretarisDaerah,
        ApproverRole::KepalaDaerah => Role::KepalaDaerah,
        ApproverRole::IctOffice => Role::AdminDiskominfo,
        ApproverRole::DataOwner => Role::KepalaPd,
    }
}

/// The statement the requester signs (Perwali Banjarbaru 5/2018 Pasal 12
/// ayat (1); the duties restate Pasal 11 ayat (4) and (7)).
pub fn statement_text(signer: &str, agency: &str) -> String {
    format!(
        "Saya, {signer}, atas nama {agency}, menyatakan bahwa kami akan melindungi kerahasiaan data yang diminta dalam permohonan ini, \
tidak menyalahgunakannya, menggunakannya hanya untuk maksud dan kegunaan yang tercantum, tidak mengubahnya, \
menjaga keamanan dan keutuhannya, dan tidak meneruskannya kepada pihak lain tanpa izin pemilik data. \
Saya memahami bahwa akses dapat dicabut dan setiap pembacaan data dicatat."
    )
}

/// A data-use request as filed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataRequestInput {
    /// The requesting agency (the signer must be its Kepala PD or Walidata).
    pub requester_agency_id: i64,
    /// The datasets wanted, all of one owning agency: those whose metadata
    /// the requester sees in the catalogue, by id …
    #[serde(default)]
    pub dataset_ids: Vec<i64>,
    /// … and, by code, datasets the catalogue hides from the requester
    /// (terbatas or rahasia) whose code the owner gave them.
    #[serde(default)]
    pub dataset_codes: Vec<String>,
    /// Penanggung jawab: name and position of the person responsible.
    pub responsible_person: String,
    /// Unit kerja that will use the data.
    pub work_unit: String,
    /// Maksud dan tujuan.
    pub purpose: String,
    /// Kegunaan: what the data will be used for.
    pub intended_use: String,
    /// Jenis dan bentuk data yang diperlukan.
    pub data_kind_form: String,
    /// First day of the access wanted (`YYYY-MM-DD`).
    pub period_from: String,
    /// Last day of the access wanted (`YYYY-MM-DD`).
    pub period_until: String,
    /// The signer agrees to the statement (Pasal 12 ayat (1)); must be true.
    #[serde(default)]
    pub statement_agreed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataRequestData {
    pub requester_agency_id: i64,
    /// Sorted, without repeats; the caller adds those named by code.
    pub dataset_ids: Vec<i64>,
    /// Trimmed, without repeats.
    pub dataset_codes: Vec<String>,
    pub responsible_person: String,
    pub work_unit: String,
    pub purpose: String,
    pub intended_use: String,
    pub data_kind_form: String,
    pub period_from: String,
    pub period_until: String,
}

impl DataRequestData {
    /// The SHA-256 of the statement signed over this request ([`SignedContent`]).
    pub fn digest(&self, statement: &str, signed_by: &str, signed_at: i64, owner_agency_id: i64) -> String {
        SignedContent {
            statement,
            signed_by,
            signed_at,
            requester_agency_id: self.requester_agency_id,
            owner_agency_id,
            dataset_ids: &self.dataset_ids,
            responsible_person: &self.responsible_person,
            work_unit: &self.work_unit,
            purpose: &self.purpose,
            intended_use: &self.intended_use,
            data_kind_form: &self.data_kind_form,
            period_from: &self.period_from,
            period_until: &self.period_until,
        }
        .digest()
    }
}

/// Longest access period a request may ask for.
pub const MAX_PERIOD_DAYS: i64 = 3 * 366;

impl DataRequestInput {
    pub fn validate(&self, today: time::Date) -> Result<DataRequestData, DomainError> {
        let mut c = Checker::new();
        if self.requester_agency_id <= 0 {
            c.push("requester_agency_id", "required", "Pilih perangkat daerah pemohon.");
        }
        let mut ids: Vec<i64> = self.dataset_ids.iter().copied().filter(|i| *i > 0).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut codes: Vec<String> = self.dataset_codes.iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
        codes.sort();
        codes.dedup();
        if ids.is_empty() && codes.is_empty() {
            c.push("dataset_ids", "required", "Pilih paling sedikit satu dataset.");
        } else if ids.len() + codes.len() > 50 {
            c.push("dataset_ids", "too_many", "Paling banyak 50 dataset dalam satu permohonan.");
        }
        let responsible_person = c.required("responsible_person", &self.responsible_person, 200);
        let work_unit = c.required("work_unit", &self.work_unit, 200);
        let purpose = c.required("purpose", &self.purpose, 2000);
        let intended_use = c.required("intended_use", &self.intended_use, 2000);
        let data_kind_form = c.required("data_kind_form", &self.data_kind_form, 2000);
        let from = date_field(&mut c, "period_from", &self.period_from);
        let until = date_field(&mut c, "period_until", &self.period_until);
        if let Some(f) = from
            && f < today {
                c.push("period_from", "in_past", "Tanggal mulai tidak boleh sebelum hari ini.");
            }
        if let (Some(f), Some(u)) = (from, until) {
            if u < f {
                c.push("period_until", "before_start", "Tanggal berakhir harus sesudah tanggal mulai.");
            } else if (u - f).whole_days() > MAX_PERIOD_DAYS {
                c.push("period_until", "too_long", "Jangka waktu akses paling lama tiga tahun.");
            }
        }
        if !self.statement_agreed {
            c.push("statement_agreed", "required", "Surat pernyataan menjaga kerahasiaan dan tidak menyalahgunakan data wajib disetujui.");
        }
        c.finish()?;
        Ok(DataRequestData {
            requester_agency_id: self.requester_agency_id,
            dataset_ids: ids,
            dataset_codes: codes,
            responsible_person,
            work_unit,
            purpose,
            intended_use,
            data_kind_form,
            period_from: self.period_from.trim().to_string(),
            period_until: self.period_until.trim().to_string(),
        })
    }
}

fn date_field(c: &mut Checker, field: &str, v: &str) -> Option<time::Date> {
    if v.trim().is_empty() {
        c.push(field, "required", "Wajib diisi.");
        return None;
    }
    c.date(field, Some(v));
    parse_date(v.trim())
}

/// What the statement's digest covers, in this field order (the canonical
/// form is this struct as compact JSON).
#[derive(Debug, Clone, Serialize)]
pub struct SignedContent<'a> {
    pub statement: &'a str,
    pub signed_by: &'a str,
    pub signed_at: i64,
    pub requester_agency_id: i64,
    pub owner_agency_id: i64,
    pub dataset_ids: &'a [i64],
    pub responsible_person: &'a str,
    pub work_unit: &'a str,
    pub purpose: &'a str,
    pub intended_use: &'a str,
    pub data_kind_form: &'a str,
    pub period_from: &'a str,
    pub period_until: &'a str,
}

impl SignedContent<'_> {
    /// SHA-256 (hex) of the canonical content: recomputed on read, any later
    /// change to the statement or the request shows.
    pub fn digest(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(&json))
    }
}

/// The owner's recommendation (Perwali Banjarbaru 5/2018 Pasal 12 ayat (3)).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendationInput {
    /// `true`: recommend approval; `false`: advise against.
    pub recommend: bool,
    /// The steward's note (required when advising against).
    #[serde(default)]
    pub note: Option<String>,
}

impl RecommendationInput {
    pub fn validate(&self) -> Result<(bool, Option<String>), DomainError> {
        yes_or_reason(self.recommend, self.note.as_deref(), "note", "Tuliskan alasan tidak merekomendasikan.")
    }
}

/// The approver's decision.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionInput {
    pub approve: bool,
    /// Reasons (required to reject).
    #[serde(default)]
    pub reason: Option<String>,
}

impl DecisionInput {
    pub fn validate(&self) -> Result<(bool, Option<String>), DomainError> {
        yes_or_reason(self.approve, self.reason.as_deref(), "reason", "Alasan penolakan wajib diisi.")
    }
}

/// A yes/no answer whose text is optional for yes and required for no.
fn yes_or_reason(yes: bool, text: Option<&str>, field: &str, missing: &str) -> Result<(bool, Option<String>), DomainError> {
    let mut c = Checker::new();
    let text = c.optional(field, text, 2000);
    if !yes && text.is_none() {
        c.push(field, "required", missing);
    }
    c.finish()?;
    Ok((yes, text))
}

/// Revoking a grant.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeInput {
    pub reason: String,
}

impl RevokeInput {
    pub fn validate(&self) -> Result<String, DomainError> {
        let mut c = Checker::new();
        let r = c.required("reason", &self.reason, 2000);
        c.finish()?;
        Ok(r)
    }
}

/// A grant's state at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantState {
    BelumBerlaku,
    Aktif,
    Kedaluwarsa,
    Dicabut,
}

impl GrantState {
    pub fn of(starts_at: i64, ends_at: i64, revoked: bool, now: i64) -> GrantState {
        if revoked {
            GrantState::Dicabut
        } else if now < starts_at {
            GrantState::BelumBerlaku
        } else if now >= ends_at {
            GrantState::Kedaluwarsa
        } else {
            GrantState::Aktif
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            GrantState::BelumBerlaku => "belum_berlaku",
            GrantState::Aktif => "aktif",
            GrantState::Kedaluwarsa => "kedaluwarsa",
            GrantState::Dicabut => "dicabut",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            GrantState::BelumBerlaku => "Belum berlaku",
            GrantState::Aktif => "Aktif",
            GrantState::Kedaluwarsa => "Kedaluwarsa",
            GrantState::Dicabut => "Dicabut",
        }
    }
}

/// What a grantee read, for the read log.
pub fn read_kind(rest: &[&str]) -> &'static str {
    match rest {
        [] => "metadata",
        ["versions"] => "versi",
        ["versions", _, "rows"] => "baris",
        ["versions", _, "export.csv"] => "ekspor_csv",
        ["versions", _, "export.json"] => "ekspor_json",
        ["versions", _, "file"] => "berkas",
        ["versions", _, "verify"] => "verifikasi",
        _ => "lainnya",
    }
}

/// The day a request must be answered by.
pub fn due_on(filed_on: time::Date, profile: &Profile) -> time::Date {
    filed_on + time::Duration::days(i64::from(profile.data_sharing.data_request_response_days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profiles::Regulation;
    use time::macros::date;

    fn input() -> DataRequestInput {
        DataRequestInput {
            requester_agency_id: 3,
            dataset_ids: vec![9, 4, 9],
            dataset_codes: vec![" ".into()],
            responsible_person: "Budi, Kepala Bidang".into(),
            work_unit: "Bidang Perencanaan".into(),
            purpose: "Perencanaan".into(),
            intended_use: "Analisis".into(),
            data_kind_form: "Tabel CSV".into(),
            period_from: "2026-01-10".into(),
            period_until: "2026-06-30".into(),
            statement_agreed: true,
        }
    }

    #[test]
    fn request_needs_the_pasal_12_contents_and_the_statement() {
        let Ok(d) = input().validate(date!(2026 - 01 - 05)) else { panic!("valid input refused") };
        assert_eq!(d.dataset_ids, vec![4, 9]);
        let bad = DataRequestInput { statement_agreed: false, work_unit: " ".into(), period_until: "2025-12-01".into(), dataset_ids: vec![], ..input() };
        let Err(DomainError::Validation(errs)) = bad.validate(date!(2026 - 01 - 05)) else { panic!("bad input accepted") };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in ["statement_agreed", "work_unit", "period_until", "dataset_ids"] {
            assert!(fields.contains(&f), "{f}: {fields:?}");
        }
        assert!(input().validate(date!(2026 - 02 - 01)).is_err(), "start in the past");
    }

    #[test]
    fn digest_changes_with_any_field() {
        let ids = [1, 2];
        let a = SignedContent { statement: "s", signed_by: "b", signed_at: 1, requester_agency_id: 1, owner_agency_id: 2, dataset_ids: &ids, responsible_person: "p", work_unit: "u", purpose: "x", intended_use: "y", data_kind_form: "z", period_from: "2026-01-01", period_until: "2026-02-01" };
        let b = SignedContent { purpose: "X", ..a.clone() };
        assert_eq!(a.digest().len(), 64);
        assert_ne!(a.digest(), b.digest());
        assert_eq!(a.digest(), a.clone().digest());
    }

    #[test]
    fn decisions_need_reasons_to_say_no() {
        assert!(DecisionInput { approve: false, reason: None }.validate().is_err());
        assert!(DecisionInput { approve: true, reason: None }.validate().is_ok());
        assert!(RecommendationInput { recommend: false, note: Some(" ".into()) }.validate().is_err());
        assert!(RevokeInput { reason: "".into() }.validate().is_err());
    }

    #[test]
    fn approver_is_the_sekda_everywhere_by_text_or_fallback() {
        let bjb = Regulation::PerwaliBanjarbaru5_2018.profile();
        assert_eq!(approver_role(bjb), Role::SekretarisDaerah);
        assert!(bjb.data_sharing.data_request_approver.citation.is_some_and(|c| c.contains("Pasal 12 ayat (3)")));
        for r in Regulation::ALL.into_iter().filter(|r| *r != Regulation::PerwaliBanjarbaru5_2018) {
            let p = r.profile();
            assert_eq!(approver_role(p), Role::SekretarisDaerah);
            assert!(p.data_sharing.data_request_approver.citation.is_none(), "{r}");
            assert!(p.data_sharing.data_request_approver.note.contains("tidak menetapkan"), "{r}");
        }
        assert_eq!(due_on(date!(2026 - 01 - 01), bjb), date!(2026 - 01 - 15));
    }

    #[test]
    fn grant_states() {
        assert_eq!(GrantState::of(10, 20, false, 15), GrantState::Aktif);
        assert_eq!(GrantState::of(10, 20, false, 20), GrantState::Kedaluwarsa);
        assert_eq!(GrantState::of(10, 20, false, 5), GrantState::BelumBerlaku);
        assert_eq!(GrantState::of(10, 20, true, 15), GrantState::Dicabut);
        assert_eq!(read_kind(&["versions", "2", "rows"]), "baris");
        assert_eq!(read_kind(&[]), "metadata");
    }
}
