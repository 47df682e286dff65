//! Agencies (Perangkat Daerah), their units, people and accounts: inputs and
//! their validation.

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::roles::{Grant, Role};
use crate::validate::Checker;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    Sekretariat,
    Dinas,
    Badan,
    Bagian,
    Inspektorat,
    Kecamatan,
    Kelurahan,
    Uptd,
    SatpolPp,
    Rsud,
    Lainnya,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 11] = [
        AgencyKind::Sekretariat,
        AgencyKind::Dinas,
        AgencyKind::Badan,
        AgencyKind::Bagian,
        AgencyKind::Inspektorat,
        AgencyKind::Kecamatan,
        AgencyKind::Kelurahan,
        AgencyKind::Uptd,
        AgencyKind::SatpolPp,
        AgencyKind::Rsud,
        AgencyKind::Lainnya,
    ];
    pub fn code(self) -> &'static str {
        match self {
            AgencyKind::Sekretariat => "sekretariat",
            AgencyKind::Dinas => "dinas",
            AgencyKind::Badan => "badan",
            AgencyKind::Bagian => "bagian",
            AgencyKind::Inspektorat => "inspektorat",
            AgencyKind::Kecamatan => "kecamatan",
            AgencyKind::Kelurahan => "kelurahan",
            AgencyKind::Uptd => "uptd",
            AgencyKind::SatpolPp => "satpol_pp",
            AgencyKind::Rsud => "rsud",
            AgencyKind::Lainnya => "lainnya",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            AgencyKind::Sekretariat => "Sekretariat",
            AgencyKind::Dinas => "Dinas",
            AgencyKind::Badan => "Badan",
            AgencyKind::Bagian => "Bagian",
            AgencyKind::Inspektorat => "Inspektorat",
            AgencyKind::Kecamatan => "Kecamatan",
            AgencyKind::Kelurahan => "Kelurahan",
            AgencyKind::Uptd => "UPTD",
            AgencyKind::SatpolPp => "Satuan Polisi Pamong Praja",
            AgencyKind::Rsud => "Rumah Sakit Umum Daerah",
            AgencyKind::Lainnya => "Lainnya",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Agency fields as entered (form or API).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgencyInput {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    /// One of: sekretariat, dinas, badan, bagian, inspektorat, kecamatan, kelurahan, uptd, satpol_pp, rsud, lainnya.
    pub kind: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub head_person_id: Option<i64>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    /// PD Mandiri TIK (Perwali Balikpapan 14/2022 Pasal 52).
    #[serde(default)]
    pub mandiri_tik: bool,
    /// The date the PD Mandiri TIK status was set, `YYYY-MM-DD`.
    #[serde(default)]
    pub mandiri_tik_since: Option<String>,
}

/// A validated agency record, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgencyData {
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: AgencyKind,
    pub parent_id: Option<i64>,
    pub head_person_id: Option<i64>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub mandiri_tik: bool,
    pub mandiri_tik_since: Option<String>,
}

impl AgencyInput {
    pub fn validate(&self) -> Result<AgencyData, DomainError> {
        let mut c = Checker::new();
        let code = c.code("code", &self.code);
        let name = c.required("name", &self.name, 200);
        let short_name = c.optional("short_name", Some(&self.short_name), 60);
        let kind = AgencyKind::from_code(self.kind.trim());
        if kind.is_none() {
            c.push("kind", "invalid_choice", "Pilih jenis perangkat daerah dari daftar.");
        }
        let address = c.optional("address", self.address.as_deref(), 300);
        let phone = phone(&mut c, "phone", self.phone.as_deref());
        let email = c.email("email", self.email.as_deref());
        let website = c.optional("website", self.website.as_deref(), 200);
        if let Some(w) = &website
            && !(w.starts_with("https://") || w.starts_with("http://")) {
                c.push("website", "invalid_format", "Alamat situs diawali https:// atau http://.");
            }
        let mandiri_tik_since = c.date("mandiri_tik_since", self.mandiri_tik_since.as_deref());
        if self.mandiri_tik && mandiri_tik_since.is_none() {
            c.push("mandiri_tik_since", "required", "Tanggal penetapan PD Mandiri TIK wajib diisi.");
        }
        c.finish()?;
        let kind = kind.ok_or_else(|| DomainError::BadRequest("jenis tidak valid".into()))?;
        Ok(AgencyData {
            code,
            name,
            short_name,
            kind,
            parent_id: self.parent_id,
            head_person_id: self.head_person_id,
            address,
            phone,
            email,
            website,
            mandiri_tik: self.mandiri_tik,
            mandiri_tik_since: if self.mandiri_tik { mandiri_tik_since } else { None },
        })
    }
}

fn phone(c: &mut Checker, field: &str, v: Option<&str>) -> Option<String> {
    let v = c.optional(field, v, 30)?;
    let digits = v.chars().filter(|ch| ch.is_ascii_digit()).count();
    if digits < 5 || !v.chars().all(|ch| ch.is_ascii_digit() || " +-()".contains(ch)) {
        c.push(field, "invalid_format", "Nomor telepon hanya berisi angka, spasi, +, -, ( dan ).");
    }
    Some(v)
}

/// A unit (unit kerja) within an agency.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct UnitInput {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitData {
    pub code: String,
    pub name: String,
}

impl UnitInput {
    pub fn validate(&self) -> Result<UnitData, DomainError> {
        let mut c = Checker::new();
        let code = c.code("code", &self.code);
        let name = c.required("name", &self.name, 200);
        c.finish()?;
        Ok(UnitData { code, name })
    }
}

/// A person (pegawai) as entered.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonInput {
    pub name: String,
    /// 18 digits: birth date, appointment year-month, sex, sequence.
    #[serde(default)]
    pub nip: Option<String>,
    #[serde(default)]
    pub position: Option<String>,
    pub agency_id: i64,
    #[serde(default)]
    pub unit_id: Option<i64>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonData {
    pub name: String,
    pub nip: Option<String>,
    pub position: Option<String>,
    pub agency_id: i64,
    pub unit_id: Option<i64>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl PersonInput {
    pub fn validate(&self) -> Result<PersonData, DomainError> {
        let mut c = Checker::new();
        let name = c.required("name", &self.name, 150);
        let nip = c.nip("nip", self.nip.as_deref());
        let position = c.optional("position", self.position.as_deref(), 150);
        let email = c.email("email", self.email.as_deref());
        let phone = phone(&mut c, "phone", self.phone.as_deref());
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah.");
        }
        c.finish()?;
        Ok(PersonData { name, nip, position, agency_id: self.agency_id, unit_id: self.unit_id, email, phone })
    }
}

/// A new account.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct AccountInput {
    pub username: String,
    #[serde(default)]
    pub person_id: Option<i64>,
    pub password: String,
    #[serde(default)]
    pub grants: Vec<GrantInput>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct GrantInput {
    pub role: String,
    #[serde(default)]
    pub agency_id: Option<i64>,
}

pub fn validate_username(c: &mut Checker, v: &str) -> String {
    let u = v.trim().to_lowercase();
    if u.is_empty() {
        c.push("username", "required", "Wajib diisi.");
    } else if u.len() < 3 || u.len() > 40 || !u.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || "._-".contains(ch)) {
        c.push("username", "invalid_format", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.");
    }
    u
}

/// Validates role grants: known roles, agency given exactly when the role is agency-scoped.
pub fn validate_grants(c: &mut Checker, grants: &[GrantInput]) -> Vec<Grant> {
    let mut out: Vec<Grant> = Vec::new();
    for g in grants {
        let Some(role) = Role::from_code(g.role.trim()) else {
            c.push("grants", "invalid_choice", format!("Peran tidak dikenal: {}", g.role));
            continue;
        };
        let agency_id = if role.agency_scoped() {
            if g.agency_id.is_none() {
                c.push("grants", "agency_required", format!("Peran {} memerlukan perangkat daerah.", role.label()));
            }
            g.agency_id
        } else {
            None
        };
        let grant = Grant { role, agency_id };
        if !out.contains(&grant) {
            out.push(grant);
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_validation() {
        let mut a = AgencyInput { code: "diskominfo".into(), name: "Dinas Komunikasi dan Informatika".into(), kind: "dinas".into(), ..Default::default() };
        let d = a.validate().ok();
        assert_eq!(d.map(|d| d.code), Some("DISKOMINFO".to_string()));
        a.mandiri_tik = true;
        assert!(a.validate().is_err());
        a.mandiri_tik_since = Some("2023-02-30".into());
        assert!(a.validate().is_err());
        a.mandiri_tik_since = Some("2023-02-28".into());
        assert!(a.validate().is_ok());
        a.kind = "kementerian".into();
        assert!(a.validate().is_err());
    }

    #[test]
    fn grants_need_agency_when_scoped() {
        let mut c = Checker::new();
        let g = validate_grants(&mut c, &[GrantInput { role: "operator_pd".into(), agency_id: None }, GrantInput { role: "auditor_tik".into(), agency_id: Some(3) }]);
        assert!(c.finish().is_err());
        assert_eq!(g[1], Grant { role: Role::AuditorTik, agency_id: None });
    }
}
