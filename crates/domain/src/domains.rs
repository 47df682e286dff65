//! The domain registry: the Pemda's official domain (from the Pemda
//! profile), the subdomains given to agencies, and the official e-mail domain.
//!
//! * Agencies use subdomains of the official domain for their applications
//!   and sites: Perwali Balikpapan 14/2022 Pasal 30 ayat (1), Perwali
//!   Banjarbaru 5/2018 Pasal 14 ayat (4)–(5), Perbup Cianjur 25/2018 Pasal 15
//!   ayat (4)–(5). A subdomain outside it is recorded as it is, and shows as
//!   a finding (`findings::OfficialDomain`).
//! * Official e-mail addresses `@<domain>`: Perwali Balikpapan 14/2022
//!   Pasal 30 ayat (2).
//! * The information on a subdomain is the agency's responsibility (Pasal 30
//!   ayat (3)); Diskominfo sets and manages the names (ayat (4)); all domains
//!   and subdomains are placed where the ICT office provides (Banjarbaru
//!   Pasal 14 ayat (6), Cianjur Pasal 15 ayat (6)).

use serde::{Deserialize, Serialize};

use crate::apps::choice;
use crate::datacentre::ip_address;
use crate::error::DomainError;
use crate::validate::Checker;

code_enum!(
    /// DNS record type of a subdomain.
    RecordType {
        A => ("A", "A (alamat IPv4)"),
        Aaaa => ("AAAA", "AAAA (alamat IPv6)"),
        Cname => ("CNAME", "CNAME (alias ke nama lain)"),
    }
);

code_enum!(
    SubdomainStatus {
        Aktif => ("aktif", "Aktif"),
        Nonaktif => ("nonaktif", "Nonaktif"),
    }
);

/// Checks a fully qualified domain name and returns it normalised (trimmed,
/// lower-case, without the final dot). Labels are IDNA-safe: ASCII letters,
/// digits and hyphens, not starting or ending with a hyphen, at most 63
/// characters, with hyphens in the third and fourth place only in A-labels
/// (`xn--…`, RFC 5891 §4.2.3.1). Names in other scripts are entered in
/// their `xn--` form.
pub fn check_fqdn(v: &str) -> Result<String, &'static str> {
    let v = v.trim().trim_end_matches('.').to_lowercase();
    if v.is_empty() {
        return Err("Wajib diisi.");
    }
    if !v.is_ascii() {
        return Err("Nama domain hanya berisi huruf a–z, angka dan tanda hubung; tulis nama beraksara lain dalam bentuk xn--.");
    }
    let labels: Vec<&str> = v.split('.').collect();
    if v.len() > 253 || labels.len() < 2 {
        return Err("Tulis nama domain lengkap (contoh: simpeg.namakota.go.id).");
    }
    for l in labels {
        let ok = !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !ok {
            return Err("Setiap bagian nama domain terdiri atas 1–63 huruf, angka atau tanda hubung, tidak diawali atau diakhiri tanda hubung.");
        }
        if l.get(2..4) == Some("--") && !l.starts_with("xn--") {
            return Err("Tanda hubung ganda pada posisi ketiga dan keempat hanya untuk label xn-- (IDNA).");
        }
    }
    if v.rsplit('.').next().is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit())) {
        return Err("Nama domain tidak boleh berakhir dengan angka (itu alamat IP).");
    }
    Ok(v)
}

fn fqdn(c: &mut Checker, field: &str, v: &str) -> String {
    match check_fqdn(v) {
        Ok(v) => v,
        Err(msg) => {
            c.push(field, if v.trim().is_empty() { "required" } else { "invalid_format" }, msg);
            v.trim().to_lowercase()
        }
    }
}

/// A subdomain given to an agency.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubdomainInput {
    /// Fully qualified name, e.g. `simpeg.namakota.go.id`.
    pub fqdn: String,
    /// The agency responsible for it.
    pub agency_id: i64,
    /// The application it serves, if any.
    #[serde(default)]
    pub application_id: Option<i64>,
    #[serde(default)]
    pub purpose: Option<String>,
    /// `A`, `AAAA` or `CNAME`.
    pub record_type: String,
    /// IPv4 address (A), IPv6 address (AAAA) or a host name (CNAME).
    pub target: String,
    /// `YYYY-MM-DD`.
    pub registered_on: String,
    /// `aktif` or `nonaktif`.
    pub status: String,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubdomainData {
    pub fqdn: String,
    pub agency_id: i64,
    pub application_id: Option<i64>,
    pub purpose: Option<String>,
    pub record_type: RecordType,
    pub target: String,
    pub registered_on: String,
    pub status: SubdomainStatus,
    pub notes: Option<String>,
}

impl SubdomainInput {
    pub fn validate(&self) -> Result<SubdomainData, DomainError> {
        let mut c = Checker::new();
        let name = fqdn(&mut c, "fqdn", &self.fqdn);
        if self.agency_id <= 0 {
            c.push("agency_id", "required", "Pilih perangkat daerah penanggung jawab subdomain.");
        }
        let application_id = self.application_id.filter(|v| *v > 0);
        let purpose = c.optional("purpose", self.purpose.as_deref(), 300);
        let record_type = choice(&mut c, "record_type", &self.record_type, RecordType::from_code, "Pilih jenis rekaman DNS: A, AAAA atau CNAME.");
        let target = match record_type {
            Some(RecordType::A | RecordType::Aaaa) => {
                let v = ip_address(&mut c, "target", Some(&self.target)).unwrap_or_default();
                let v6 = v.contains(':');
                if v.is_empty() {
                    c.push("target", "required", "Wajib diisi.");
                } else if v.parse::<std::net::IpAddr>().is_ok() && v6 != (record_type == Some(RecordType::Aaaa)) {
                    c.push("target", "invalid_format", "Rekaman A menunjuk alamat IPv4, rekaman AAAA alamat IPv6.");
                }
                v
            }
            Some(RecordType::Cname) => fqdn(&mut c, "target", &self.target),
            None => self.target.trim().to_string(),
        };
        let registered_on = c.date("registered_on", Some(&self.registered_on));
        if registered_on.is_none() {
            c.push("registered_on", "required", "Isi tanggal pendaftaran subdomain.");
        }
        let status = choice(&mut c, "status", &self.status, SubdomainStatus::from_code, "Pilih status: aktif atau nonaktif.");
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        let (Some(record_type), Some(status), Some(registered_on)) = (record_type, status, registered_on) else {
            return Err(DomainError::BadRequest("isian subdomain tidak valid".into()));
        };
        Ok(SubdomainData { fqdn: name, agency_id: self.agency_id, application_id, purpose, record_type, target, registered_on, status, notes })
    }
}

/// The official e-mail domain (the part after `@`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MailDomainInput {
    /// E.g. `namakota.go.id`.
    pub email_domain: String,
    /// Where mail is handled (MX host), if known.
    #[serde(default)]
    pub mail_host: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailDomainData {
    pub email_domain: String,
    pub mail_host: Option<String>,
    pub notes: Option<String>,
}

impl MailDomainInput {
    pub fn validate(&self) -> Result<MailDomainData, DomainError> {
        let mut c = Checker::new();
        let email_domain = fqdn(&mut c, "email_domain", self.email_domain.trim_start_matches('@'));
        let mail_host = self.mail_host.as_deref().filter(|v| !v.trim().is_empty()).map(|v| fqdn(&mut c, "mail_host", v));
        let notes = c.optional("notes", self.notes.as_deref(), 2000);
        c.finish()?;
        Ok(MailDomainData { email_domain, mail_host, notes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fqdn_rules() {
        assert_eq!(check_fqdn(" SimPeg.ContohKota.go.id. "), Ok("simpeg.contohkota.go.id".into()));
        assert!(check_fqdn("xn--bcher-kva.contohkota.go.id").is_ok());
        for bad in ["", "localhost", "bücher.contohkota.go.id", "ab--cd.contohkota.go.id", "-x.go.id", "a..go.id", "a_b.go.id", "10.1.2.3", &format!("{}.go.id", "a".repeat(64))] {
            assert!(check_fqdn(bad).is_err(), "{bad}");
        }
    }

    fn input() -> SubdomainInput {
        SubdomainInput {
            fqdn: "simpeg.contohkota.go.id".into(),
            agency_id: 3,
            application_id: Some(0),
            record_type: "A".into(),
            target: "10.10.1.5".into(),
            registered_on: "2024-02-01".into(),
            status: "aktif".into(),
            ..Default::default()
        }
    }

    #[test]
    fn subdomain_targets_follow_the_record_type() {
        assert_eq!(input().validate().map(|d| d.application_id).ok(), Some(None));
        let codes = |i: SubdomainInput| match i.validate() {
            Err(DomainError::Validation(v)) => v.into_iter().map(|e| (e.field, e.code)).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(codes(SubdomainInput { record_type: "AAAA".into(), ..input() }), vec![("target".to_string(), "invalid_format")]);
        assert_eq!(codes(SubdomainInput { record_type: "CNAME".into(), target: "bad target".into(), ..input() }), vec![("target".to_string(), "invalid_format")]);
        assert!(SubdomainInput { record_type: "CNAME".into(), target: "web.diskominfo.contohkota.go.id".into(), ..input() }.validate().is_ok());
        let e = codes(SubdomainInput { fqdn: "Bad_Name".into(), agency_id: 0, record_type: "MX".into(), registered_on: "2024-02-30".into(), status: "hidup".into(), ..input() });
        for want in [("fqdn", "invalid_format"), ("agency_id", "required"), ("record_type", "invalid_choice"), ("registered_on", "invalid_format"), ("status", "invalid_choice")] {
            assert!(e.contains(&(want.0.to_string(), want.1)), "{want:?} in {e:?}");
        }
    }

    #[test]
    fn mail_domain() {
        let d = MailDomainInput { email_domain: "@ContohKota.go.id".into(), mail_host: Some(" ".into()), notes: None }.validate();
        assert_eq!(d.map(|d| (d.email_domain, d.mail_host)).ok(), Some(("contohkota.go.id".into(), None)));
        assert!(MailDomainInput { email_domain: "x".into(), ..Default::default() }.validate().is_err());
    }
}
