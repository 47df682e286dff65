//! Sistem Penghubung Layanan (the Government Service Bus, issue 5): the
//! registry the gateway reads — services, consuming clients with their API
//! keys, and access rights (grants).
//!
//! * Every PD uses the Pemda's Sistem Penghubung Layanan to integrate SPBE
//!   services (Pergub Kalbar 177/2021 Pasal 12 ayat (4) and Pasal 15;
//!   Perwali Balikpapan 14/2022 Pasal 18 ayat (1) huruf c and Pasal 26
//!   ayat (1)–(2); Perwali Kendari 41/2021 Pasal 19).
//! * It connects to the provincial and national buses (Perwali Balikpapan
//!   14/2022 Pasal 26 ayat (4) huruf a): such an *external* service is a
//!   service whose upstream needs its own credential, `outbound_auth`.
//! * Data services give access without changing the data (Perwali
//!   Banjarbaru 5/2018 Pasal 11 ayat (7)): GET and HEAD only; their access
//!   rights follow the Pusat Data approval chain (Banjarbaru Pasal 12).

use serde::{Deserialize, Serialize};

use crate::apps::choice;
use crate::error::DomainError;
use crate::validate::{parse_date, Checker};

code_enum!(
    /// Klasifikasi kerahasiaan of what a service exchanges.
    Confidentiality {
        Terbuka => ("terbuka", "Terbuka"),
        Terbatas => ("terbatas", "Terbatas"),
        Rahasia => ("rahasia", "Rahasia"),
    }
);

code_enum!(
    /// A service's lifecycle: only `active` ones are routed by the gateway.
    ServiceStatus {
        Draft => ("draft", "Draf"),
        Active => ("active", "Aktif"),
        Retired => ("retired", "Dihentikan"),
    }
);

code_enum!(
    ClientStatus {
        Active => ("active", "Aktif"),
        Suspended => ("suspended", "Ditangguhkan"),
    }
);

code_enum!(
    /// An access right: requested → approved / rejected → revoked. An
    /// approved right past its expiry date reads as `expired` (computed).
    GrantStatus {
        Requested => ("requested", "Diajukan"),
        Approved => ("approved", "Disetujui"),
        Rejected => ("rejected", "Ditolak"),
        Revoked => ("revoked", "Dicabut"),
        Expired => ("expired", "Kedaluwarsa"),
    }
);

/// The prefix of every client key.
pub const KEY_PREFIX: &str = "gsb_";
/// How many characters of a key are kept to identify it (`gsb_` + 8 hex).
pub const KEY_SHOWN_CHARS: usize = 12;

/// The identifying prefix of a key (never enough to use it).
pub fn key_prefix(key: &str) -> String {
    key.chars().take(KEY_SHOWN_CHARS).collect()
}

/// HTTP methods an operation may name.
pub const METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/// The methods a data service allows (read-only access).
pub const READ_ONLY_METHODS: &[&str] = &["GET", "HEAD"];

/// One operation of a service: a method and an OpenAPI path template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Operation {
    pub method: String,
    /// E.g. `/pasien/{nik}`.
    pub path: String,
}

impl Operation {
    /// Reads `"GET /path"`.
    pub fn parse(v: &str) -> Option<Operation> {
        let (m, p) = v.trim().split_once(char::is_whitespace)?;
        let method = m.trim().to_uppercase();
        let path = p.trim().to_string();
        let path_ok = path.starts_with('/') && !path.chars().any(|c| c.is_whitespace() || c.is_control());
        (METHODS.contains(&method.as_str()) && path_ok).then_some(Operation { method, path })
    }
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// The operations of an OpenAPI document (JSON): every method under
/// `paths`, sorted. `Err` names what is wrong, in Indonesian.
pub fn openapi_operations(doc: &str) -> Result<Vec<Operation>, String> {
    let v: serde_json::Value = serde_json::from_str(doc).map_err(|e| format!("Dokumen OpenAPI bukan JSON yang sah: {e}"))?;
    if v.get("openapi").or_else(|| v.get("swagger")).and_then(|x| x.as_str()).is_none() {
        return Err("Dokumen OpenAPI harus memuat versi pada kunci \"openapi\" (atau \"swagger\").".into());
    }
    let Some(paths) = v.get("paths").and_then(|p| p.as_object()) else {
        return Err("Dokumen OpenAPI harus memuat objek \"paths\".".into());
    };
    let mut ops = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for method in item.keys() {
            if let Some(op) = Operation::parse(&format!("{method} {path}")) {
                ops.push(op);
            }
        }
    }
    ops.sort();
    Ok(ops)
}

/// Checks an upstream base URL: `http://` or `https://`, a host, no spaces.
/// Returns it without a trailing `/`.
pub fn check_upstream(v: &str) -> Result<String, &'static str> {
    let v = v.trim();
    if v.is_empty() {
        return Err("Wajib diisi.");
    }
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://")).ok_or("Alamat harus diawali http:// atau https://.")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_ok = !host.is_empty() && !host.contains('@') && host.chars().all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c)) && !host.starts_with(':');
    if !host_ok || v.chars().any(|c| c.is_whitespace() || c.is_control()) || v.contains(['?', '#']) {
        return Err("Alamat hulu tidak valid (contoh: https://api.dinkes.namakota.go.id/v1).");
    }
    if v.len() > 500 {
        return Err("Paling banyak 500 karakter.");
    }
    Ok(v.trim_end_matches('/').to_string())
}

/// A slug: lower-case letters, digits and `-`, 2–40 characters, starting
/// with a letter (it appears in gateway URLs `/{code}/…`).
fn slug(c: &mut Checker, field: &str, v: &str) -> String {
    let v = v.trim().to_lowercase();
    let ok = (2..=40).contains(&v.len()) && v.starts_with(|c: char| c.is_ascii_lowercase()) && v.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !v.ends_with('-');
    if v.is_empty() {
        c.push(field, "required", "Wajib diisi.");
    } else if !ok {
        c.push(field, "invalid_format", "Kode terdiri atas 2–40 huruf kecil, angka atau tanda hubung, diawali huruf (contoh: dinkes-pasien).");
    }
    v
}

fn future_date(c: &mut Checker, field: &str, v: Option<&str>, today: &str, required: bool) -> Option<String> {
    let d = c.date(field, v);
    match &d {
        None if required => c.push(field, "required", "Isi tanggal berakhirnya (TTTT-BB-HH)."),
        Some(d) if parse_date(d).is_some() && d.as_str() < today => c.push(field, "in_past", "Tanggal berakhir tidak boleh sebelum hari ini."),
        _ => {}
    }
    d
}

/// A service provided by an agency through the bus.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceInput {
    /// Slug used in gateway URLs: `/{code}/…`.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The providing agency.
    pub agency_id: i64,
    /// The application (from the application registry) that provides it.
    #[serde(default)]
    pub application_id: Option<i64>,
    /// `http://` or `https://` base URL of the upstream.
    pub upstream_url: String,
    /// The service's OpenAPI document as JSON text.
    #[serde(default)]
    pub openapi: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    /// A data service is read-only: GET and HEAD only.
    #[serde(default)]
    pub data_service: bool,
    /// `terbuka`, `terbatas` or `rahasia`.
    pub confidentiality: String,
    /// Availability target in percent, e.g. `99.5` (a comma is accepted).
    #[serde(default)]
    pub availability_target: Option<String>,
    /// Keep request and response bodies in the message log.
    #[serde(default)]
    pub keep_bodies: bool,
    /// Days bodies are kept (required when they are kept).
    #[serde(default)]
    pub retention_days: Option<i64>,
    /// Requests per minute per client; none for no limit.
    #[serde(default)]
    pub rate_limit_per_minute: Option<i64>,
    /// `draft`, `active` or `retired`.
    pub status: String,
    /// Value of the `Authorization` header sent upstream (an external bus's
    /// credential). Empty keeps the stored one; it is never shown back in full.
    #[serde(default)]
    pub outbound_auth: Option<String>,
    /// Remove the stored outbound credential.
    #[serde(default)]
    pub clear_outbound_auth: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceData {
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub agency_id: i64,
    pub application_id: Option<i64>,
    pub upstream_url: String,
    pub openapi: Option<String>,
    pub operations: Vec<Operation>,
    pub version: Option<String>,
    pub data_service: bool,
    pub confidentiality: Confidentiality,
    /// Hundredths of a percent (9950 = 99,50 %).
    pub availability_bp: Option<i64>,
    pub keep_bodies: bool,
    pub retention_days: Option<i64>,
    pub rate_limit_per_minute: Option<i64>,
    pub status: ServiceStatus,
    pub outbound_auth: Option<String>,
    pub clear_outbound_auth: bool,
}

/// Reads a percentage such as `99.5` or `99,95` into hundredths of a percent.
pub fn parse_percent(v: &str) -> Option<i64> {
    let v = v.trim().trim_end_matches('%').trim().replace(',', ".");
    let (whole, frac) = v.split_once('.').unwrap_or((&v, ""));
    if whole.is_empty() || frac.len() > 2 || !whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let bp = whole.parse::<i64>().ok()? * 100 + format!("{frac:0<2}").parse::<i64>().ok()?;
    (1..=10_000).contains(&bp).then_some(bp)
}

/// `9950` → `"99,50"`.
pub fn format_percent(bp: i64) -> String {
    format!("{},{:02}", bp / 100, bp % 100)
}

impl ServiceInput {
    pub fn validate(&self) -> Result<ServiceData, DomainError> {
        let mut c = Checker::new();
        let code = slug(&mut c, "code", &self.code);
        let name = c.required("name", &self.name, 200);
        let description = c.optional("description", self.description.as_deref(), 4000);
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah penyedia layanan.");
        }
        let upstream_url = check_upstream(&self.upstream_url).unwrap_or_else(|msg| {
            c.push("upstream_url", if self.upstream_url.trim().is_empty() { "required" } else { "invalid_format" }, msg);
            self.upstream_url.trim().to_string()
        });
        let openapi = self.openapi.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let operations = match openapi.as_deref().map(openapi_operations) {
            Some(Ok(ops)) => ops,
            Some(Err(msg)) => {
                c.push("openapi", "invalid_format", msg);
                Vec::new()
            }
            None => Vec::new(),
        };
        if openapi.as_ref().is_some_and(|d| d.len() > 1_000_000) {
            c.push("openapi", "too_long", "Dokumen OpenAPI paling besar 1 MB.");
        }
        if let Some(op) = operations.iter().find(|o| self.data_service && !READ_ONLY_METHODS.contains(&o.method.as_str())) {
            c.push("openapi", "not_read_only", format!("Layanan data hanya boleh dibaca (GET/HEAD), tetapi dokumen memuat {op}."));
        }
        let version = c.optional("version", self.version.as_deref(), 40);
        let confidentiality = choice(&mut c, "confidentiality", &self.confidentiality, Confidentiality::from_code, "Pilih klasifikasi: terbuka, terbatas atau rahasia.");
        let availability_bp = self.availability_target.as_deref().filter(|v| !v.trim().is_empty()).and_then(|v| {
            let r = parse_percent(v);
            if r.is_none() {
                c.push("availability_target", "invalid_format", "Target ketersediaan berupa persen antara 0,01 dan 100 (contoh: 99,5).");
            }
            r
        });
        let retention_days = self.retention_days.filter(|_| self.keep_bodies);
        if self.keep_bodies && !retention_days.is_some_and(|d| (1..=3650).contains(&d)) {
            c.push("retention_days", "required", "Isi lama penyimpanan isi pesan: 1–3650 hari.");
        }
        let rate_limit_per_minute = self.rate_limit_per_minute.filter(|v| *v != 0);
        if rate_limit_per_minute.is_some_and(|v| !(1..=1_000_000).contains(&v)) {
            c.push("rate_limit_per_minute", "out_of_range", "Batas permintaan per menit antara 1 dan 1.000.000.");
        }
        let status = choice(&mut c, "status", &self.status, ServiceStatus::from_code, "Pilih status: draft, active atau retired.");
        let outbound_auth = c.optional("outbound_auth", self.outbound_auth.as_deref(), 2000);
        if outbound_auth.as_deref().is_some_and(|v| v.contains(['\r', '\n'])) {
            c.push("outbound_auth", "invalid_characters", "Nilai header tidak boleh memuat baris baru.");
        }
        c.finish()?;
        let (Some(confidentiality), Some(status)) = (confidentiality, status) else {
            return Err(DomainError::BadRequest("isian layanan tidak valid".into()));
        };
        Ok(ServiceData {
            code,
            name,
            description,
            agency_id: self.agency_id,
            application_id: self.application_id.filter(|v| *v > 0),
            upstream_url,
            openapi,
            operations,
            version,
            data_service: self.data_service,
            confidentiality,
            availability_bp,
            keep_bodies: self.keep_bodies,
            retention_days,
            rate_limit_per_minute,
            status,
            outbound_auth,
            clear_outbound_auth: self.clear_outbound_auth,
        })
    }
}

/// A consuming client: one agency's application.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientInput {
    /// Slug identifying the client in the message log.
    pub code: String,
    pub name: String,
    /// The consuming agency.
    pub agency_id: i64,
    /// Its application, from the application registry.
    pub application_id: i64,
    /// `active` or `suspended`.
    pub status: String,
    /// SHA-256 fingerprint (hex, colons allowed) of its TLS client certificate.
    #[serde(default)]
    pub tls_cert_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClientData {
    pub code: String,
    pub name: String,
    pub agency_id: i64,
    pub application_id: i64,
    pub status: ClientStatus,
    pub tls_cert_sha256: Option<String>,
}

impl ClientInput {
    pub fn validate(&self) -> Result<ClientData, DomainError> {
        let mut c = Checker::new();
        let code = slug(&mut c, "code", &self.code);
        let name = c.required("name", &self.name, 200);
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah pengguna layanan.");
        }
        if self.application_id <= 0 {
            c.push("application_id", "required", "Pilih aplikasi pengguna layanan.");
        }
        let status = choice(&mut c, "status", &self.status, ClientStatus::from_code, "Pilih status: active atau suspended.");
        let tls = self.tls_cert_sha256.as_deref().map(|v| v.trim().replace(':', "").to_lowercase()).filter(|v| !v.is_empty());
        if tls.as_ref().is_some_and(|v| v.len() != 64 || !v.chars().all(|c| c.is_ascii_hexdigit())) {
            c.push("tls_cert_sha256", "invalid_format", "Sidik jari SHA-256 terdiri atas 64 digit heksadesimal.");
        }
        c.finish()?;
        let Some(status) = status else { return Err(DomainError::BadRequest("isian klien tidak valid".into())) };
        Ok(ClientData { code, name, agency_id: self.agency_id, application_id: self.application_id, status, tls_cert_sha256: tls })
    }
}

/// A new API key for a client.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KeyInput {
    #[serde(default)]
    pub label: Option<String>,
    /// Last day the key works (`YYYY-MM-DD`); none for no expiry.
    #[serde(default)]
    pub expires_on: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyData {
    pub label: Option<String>,
    pub expires_on: Option<String>,
}

impl KeyInput {
    /// `today` is the Pemda's local date, `YYYY-MM-DD`.
    pub fn validate(&self, today: &str) -> Result<KeyData, DomainError> {
        let mut c = Checker::new();
        let label = c.optional("label", self.label.as_deref(), 100);
        let expires_on = future_date(&mut c, "expires_on", self.expires_on.as_deref(), today, false);
        c.finish()?;
        Ok(KeyData { label, expires_on })
    }
}

/// Normalises a list of operations, each `"METHOD /path"`.
fn operations_in(c: &mut Checker, field: &str, values: &[String]) -> Vec<Operation> {
    let mut out = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        match Operation::parse(v) {
            Some(op) if !out.contains(&op) => out.push(op),
            Some(_) => {}
            None => c.push(field, "invalid_format", format!("Operasi \"{v}\" tidak valid: tulis metode dan path, contoh: GET /pasien/{{nik}}.")),
        }
    }
    out.sort();
    out
}

/// A client's request for access to a service.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantRequestInput {
    pub client_id: i64,
    pub service_id: i64,
    /// Why the client needs the service.
    pub purpose: String,
    /// Operations, each `"METHOD /path"` from the service's OpenAPI; empty
    /// for the whole service.
    #[serde(default)]
    pub operations: Vec<String>,
    /// Last day of the right (`YYYY-MM-DD`).
    pub expires_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantRequestData {
    pub client_id: i64,
    pub service_id: i64,
    pub purpose: String,
    /// Empty: every operation.
    pub operations: Vec<Operation>,
    pub expires_on: String,
}

impl GrantRequestInput {
    /// `known` are the service's operations (from its OpenAPI; empty when it
    /// has none, then any well-formed operation is accepted); `data_service`
    /// refuses writing methods.
    pub fn validate(&self, today: &str, known: &[Operation], data_service: bool) -> Result<GrantRequestData, DomainError> {
        let mut c = Checker::new();
        if self.client_id <= 0 {
            c.push("client_id", "required", "Pilih klien yang meminta akses.");
        }
        if self.service_id <= 0 {
            c.push("service_id", "required", "Pilih layanan yang diminta.");
        }
        let purpose = c.required("purpose", &self.purpose, 2000);
        let operations = operations_in(&mut c, "operations", &self.operations);
        for op in &operations {
            if !known.is_empty() && !known.contains(op) {
                c.push("operations", "unknown_operation", format!("Operasi {op} tidak ada dalam dokumen OpenAPI layanan."));
            } else if data_service && !READ_ONLY_METHODS.contains(&op.method.as_str()) {
                c.push("operations", "not_read_only", format!("Layanan data hanya boleh dibaca: {op} tidak diizinkan."));
            }
        }
        let expires_on = future_date(&mut c, "expires_on", Some(&self.expires_on), today, true);
        c.finish()?;
        Ok(GrantRequestData { client_id: self.client_id, service_id: self.service_id, purpose, operations, expires_on: expires_on.unwrap_or_default() })
    }
}

/// The provider's decision on a request, or a revocation.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantDecisionInput {
    /// `approve` or `reject` (ignored when revoking).
    #[serde(default)]
    pub decision: String,
    /// The reason (required to reject or revoke).
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GrantDecisionData {
    pub approve: bool,
    pub reason: Option<String>,
}

impl GrantDecisionInput {
    pub fn validate(&self) -> Result<GrantDecisionData, DomainError> {
        let mut c = Checker::new();
        let approve = match self.decision.trim() {
            "approve" => Some(true),
            "reject" => Some(false),
            _ => {
                c.push("decision", "invalid_choice", "Pilih keputusan: approve (setujui) atau reject (tolak).");
                None
            }
        };
        let reason = c.optional("reason", self.reason.as_deref(), 2000);
        if approve == Some(false) && reason.is_none() {
            c.push("reason", "required", "Tuliskan alasan penolakan.");
        }
        c.finish()?;
        Ok(GrantDecisionData { approve: approve.unwrap_or(false), reason })
    }

    /// A revocation needs only its reason.
    pub fn validate_revocation(&self) -> Result<String, DomainError> {
        let mut c = Checker::new();
        let reason = c.required("reason", self.reason.as_deref().unwrap_or(""), 2000);
        c.finish()?;
        Ok(reason)
    }
}

/// The approval note of a data service's right: it follows the Pusat Data
/// approval chain (Perwali Banjarbaru 5/2018 Pasal 12); the approver's role
/// is recorded with the decision.
pub fn data_service_note(role_label: &str) -> String {
    format!("Layanan data: persetujuan mengikuti alur persetujuan Pusat Data (Perwali Banjarbaru 5/2018 Pasal 12); disetujui oleh {role_label}.")
}

/// The status a grant shows on `today`: an approved right past its last day is expired.
pub fn effective_status(status: &str, expires_on: &str, today: &str) -> &'static str {
    match GrantStatus::from_code(status) {
        Some(GrantStatus::Approved) if expires_on < today => GrantStatus::Expired.code(),
        Some(s) => s.code(),
        None => GrantStatus::Requested.code(),
    }
}

/// The Pemda's local date today, `YYYY-MM-DD`.
pub fn local_today(tz: crate::pemda::TimeZone) -> String {
    crate::assets::local_date(crate::now_millis(), tz).map(|d| d.to_string()).unwrap_or_default()
}

/// The first instant after the local day `date` (`YYYY-MM-DD`), in UTC
/// milliseconds: a key or right "until 2026-12-31" works until then.
pub fn day_end_millis(date: &str, tz: crate::pemda::TimeZone) -> Option<i64> {
    let next = parse_date(date)?.next_day()?;
    let offset = time::UtcOffset::from_hms(tz.utc_offset_hours(), 0, 0).ok()?;
    let t = next.midnight().assume_offset(offset);
    Some((t.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// Who may read the message log's records of a service and the bodies kept
/// for it: the Auditor TIK (non-repudiation is checked by the auditor;
/// Pergub Kalbar 177/2021 Pasal 15), Diskominfo's administrators, who run
/// the bus (Perwali Balikpapan 14/2022 Pasal 26 ayat (3)–(4)), and the
/// agency that provides the service (`provider`; `None` when the service is
/// no longer registered). `provider` unknown yet (before the record is read):
/// whether the principal may read some service's records at all.
pub fn may_read_exchanges(p: &crate::roles::Principal, provider: Option<Option<i64>>) -> bool {
    use crate::roles::{Action, Role};
    if p.is_admin() || p.has(Role::AuditorTik) {
        return true;
    }
    match provider {
        None => p.can_for_some_agency(Action::ManageServices),
        Some(Some(a)) => p.can(Action::ManageServices(a)),
        Some(None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: Result<impl std::fmt::Debug, DomainError>) -> Vec<(String, &'static str)> {
        match r {
            Err(DomainError::Validation(v)) => v.into_iter().map(|e| (e.field, e.code)).collect(),
            other => panic!("{other:?}"),
        }
    }

    fn service() -> ServiceInput {
        ServiceInput {
            code: "dinkes-pasien".into(),
            name: "Data Pasien".into(),
            agency_id: 3,
            upstream_url: "https://api.dinkes.example.go.id/v1/".into(),
            confidentiality: "terbatas".into(),
            status: "active".into(),
            ..Default::default()
        }
    }

    const DOC: &str = r#"{"openapi":"3.0.0","paths":{"/pasien/{nik}":{"get":{},"parameters":[]},"/pasien":{"post":{},"get":{}}}}"#;

    #[test]
    fn openapi_operations_are_listed() {
        let ops = openapi_operations(DOC).map(|o| o.iter().map(ToString::to_string).collect::<Vec<_>>());
        assert_eq!(ops, Ok(vec!["GET /pasien".to_string(), "GET /pasien/{nik}".into(), "POST /pasien".into()]));
        assert!(openapi_operations("{").is_err());
        assert!(openapi_operations(r#"{"paths":{}}"#).is_err());
    }

    #[test]
    fn services_validate() {
        let d = service().validate().map(|d| d.upstream_url);
        assert_eq!(d.ok().as_deref(), Some("https://api.dinkes.example.go.id/v1"));
        let e = codes(ServiceInput { code: "Bad Code".into(), upstream_url: "ftp://x".into(), confidentiality: "umum".into(), keep_bodies: true, status: "x".into(), ..service() }.validate());
        for want in ["code", "upstream_url", "confidentiality", "retention_days", "status"] {
            assert!(e.iter().any(|(f, _)| f == want), "{want} in {e:?}");
        }
        let e = codes(ServiceInput { data_service: true, openapi: Some(DOC.into()), ..service() }.validate());
        assert_eq!(e, vec![("openapi".to_string(), "not_read_only")]);
        assert_eq!(parse_percent("99,5"), Some(9950));
        assert_eq!(parse_percent("100"), Some(10_000));
        assert_eq!(parse_percent("101"), None);
        assert_eq!(format_percent(9950), "99,50");
        for bad in ["http://", "https://a b", "https://user@host", "https://x/?q=1", "javascript:alert(1)"] {
            assert!(check_upstream(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn grants_validate() {
        let known = openapi_operations(DOC).unwrap_or_default();
        let g = GrantRequestInput { client_id: 1, service_id: 2, purpose: "Verifikasi".into(), operations: vec!["get /pasien/{nik}".into()], expires_on: "2030-01-01".into() };
        assert_eq!(g.validate("2026-01-01", &known, false).map(|d| d.operations.len()).ok(), Some(1));
        let e = codes(GrantRequestInput { operations: vec!["POST /pasien".into(), "GET /lain".into(), "nonsense".into()], expires_on: "2020-01-01".into(), ..g.clone() }.validate("2026-01-01", &known, true));
        assert_eq!(e.iter().map(|(_, c)| *c).collect::<Vec<_>>(), vec!["invalid_format", "unknown_operation", "not_read_only", "in_past"]);
        assert!(codes(GrantDecisionInput { decision: "reject".into(), reason: None }.validate()).contains(&("reason".into(), "required")));
        assert_eq!(effective_status("approved", "2025-12-31", "2026-01-01"), "expired");
        assert_eq!(effective_status("approved", "2026-01-01", "2026-01-01"), "approved");
    }

    #[test]
    fn clients_and_keys_validate() {
        let c = ClientInput { code: "bkpsdm-simpeg".into(), name: "SIMPEG".into(), agency_id: 1, application_id: 2, status: "active".into(), tls_cert_sha256: Some("AB:".repeat(32)) };
        assert_eq!(c.validate().map(|d| d.tls_cert_sha256).ok().flatten(), Some("ab".repeat(32)));
        assert!(codes(ClientInput { tls_cert_sha256: Some("xyz".into()), application_id: 0, ..c }.validate()).len() == 2);
        assert!(codes(KeyInput { label: None, expires_on: Some("2020-01-01".into()) }.validate("2026-01-01")).contains(&("expires_on".into(), "in_past")));
        assert_eq!(key_prefix("gsb_0123456789abcdef"), "gsb_01234567");
        // 2026-01-01 WITA ends at 2026-01-01T16:00:00Z.
        assert_eq!(day_end_millis("2026-01-01", crate::pemda::TimeZone::Wita), Some(1_767_283_200_000));
    }

    #[test]
    fn exchange_readers_are_the_auditor_diskominfo_and_the_provider() {
        use crate::roles::tests::p;
        use crate::roles::Role;
        for who in [p(&[(Role::AuditorTik, None)]), p(&[(Role::AdminDiskominfo, None)])] {
            assert!(may_read_exchanges(&who, None) && may_read_exchanges(&who, Some(Some(7))) && may_read_exchanges(&who, Some(None)));
        }
        let provider = p(&[(Role::OperatorPd, Some(7))]);
        assert!(may_read_exchanges(&provider, None) && may_read_exchanges(&provider, Some(Some(7))));
        assert!(!may_read_exchanges(&provider, Some(Some(8))) && !may_read_exchanges(&provider, Some(None)));
        for who in [p(&[(Role::SekretarisDaerah, None)]), p(&[(Role::Walidata, Some(7))]), p(&[])] {
            assert!(!may_read_exchanges(&who, None) && !may_read_exchanges(&who, Some(Some(7))));
        }
    }

}

