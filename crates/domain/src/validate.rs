//! Field validation shared by every module. Messages are Indonesian.

use crate::error::{DomainError, FieldError};

/// Collects field errors; `finish` turns them into one `DomainError`.
#[derive(Default, Debug)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: &str, code: &'static str, message: impl Into<String>) {
        self.errors.push(FieldError { field: field.into(), code, message: message.into() });
    }

    /// Trims, then requires 1..=max characters without control characters.
    pub fn required(&mut self, field: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.push(field, "required", "Wajib diisi.");
        } else {
            self.text_rules(field, v, max);
        }
        v.to_string()
    }

    /// Trims; empty becomes `None`; otherwise at most `max` characters.
    pub fn optional(&mut self, field: &str, value: Option<&str>, max: usize) -> Option<String> {
        let v = value.map(str::trim).unwrap_or("");
        if v.is_empty() {
            return None;
        }
        self.text_rules(field, v, max);
        Some(v.to_string())
    }

    fn text_rules(&mut self, field: &str, v: &str, max: usize) {
        if v.chars().count() > max {
            self.push(field, "too_long", format!("Paling banyak {max} karakter."));
        }
        if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.push(field, "invalid_characters", "Mengandung karakter kendali yang tidak diizinkan.");
        }
    }

    /// An uppercase code: letters, digits and `-`, 2..=20 characters.
    pub fn code(&mut self, field: &str, value: &str) -> String {
        let v = value.trim().to_uppercase();
        if v.is_empty() {
            self.push(field, "required", "Wajib diisi.");
        } else if v.len() < 2 || v.len() > 20 || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            self.push(field, "invalid_format", "Kode terdiri atas 2–20 huruf, angka atau tanda hubung (-).");
        }
        v
    }

    pub fn nip(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let v = value.map(str::trim).unwrap_or("");
        if v.is_empty() {
            return None;
        }
        let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        if let Err(msg) = check_nip(&compact) {
            self.push(field, "invalid_format", msg);
        }
        Some(compact)
    }

    pub fn email(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let v = self.optional(field, value, 254)?;
        let ok = match v.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !v.contains(char::is_whitespace) && !domain.contains('@')
            }
            None => false,
        };
        if !ok {
            self.push(field, "invalid_format", "Alamat surel tidak valid.");
        }
        Some(v.to_lowercase())
    }

    /// A date written `YYYY-MM-DD`.
    pub fn date(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let v = value.map(str::trim).unwrap_or("");
        if v.is_empty() {
            return None;
        }
        if parse_date(v).is_none() {
            self.push(field, "invalid_format", "Tanggal harus berformat TTTT-BB-HH dan valid.");
        }
        Some(v.to_string())
    }

    /// A domain name such as `contohkota.go.id`.
    pub fn domain(&mut self, field: &str, value: &str) -> String {
        let v = value.trim().trim_end_matches('.').to_lowercase();
        if v.is_empty() {
            self.push(field, "required", "Wajib diisi.");
        } else if !is_domain(&v) {
            self.push(field, "invalid_format", "Nama domain tidak valid (contoh: namakota.go.id).");
        }
        v
    }

    pub fn finish(self) -> Result<(), DomainError> {
        if self.errors.is_empty() { Ok(()) } else { Err(DomainError::Validation(self.errors)) }
    }
}

pub fn parse_date(v: &str) -> Option<time::Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(v, fmt).ok()
}

pub fn is_domain(v: &str) -> bool {
    v.len() <= 253
        && v.contains('.')
        && v.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// NIP (Nomor Induk Pegawai): 18 digits — birth date (8), appointment
/// year and month (6), sex (1: male, 2: female), sequence (3).
pub fn check_nip(nip: &str) -> Result<(), &'static str> {
    if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
        return Err("NIP harus 18 digit angka.");
    }
    let birth = parse_date(&format!("{}-{}-{}", &nip[0..4], &nip[4..6], &nip[6..8])).ok_or("Delapan digit pertama NIP harus tanggal lahir yang valid (TTTTBBHH).")?;
    let year: i32 = nip[8..12].parse().map_err(|_| "NIP tidak valid.")?;
    let month: u8 = nip[12..14].parse().map_err(|_| "NIP tidak valid.")?;
    if !(1..=12).contains(&month) || year < birth.year() + 15 || year > 2100 {
        return Err("Digit ke-9 s.d. 14 NIP harus tahun dan bulan pengangkatan yang valid.");
    }
    if !matches!(&nip[14..15], "1" | "2") {
        return Err("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2.");
    }
    if &nip[15..18] == "000" {
        return Err("Tiga digit terakhir NIP (nomor urut) tidak boleh 000.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nip_rules() {
        assert!(check_nip("198503122010011003").is_ok());
        assert!(check_nip("19850312201001100").is_err()); // 17 digits
        assert!(check_nip("198513122010011003").is_err()); // month 13
        assert!(check_nip("198503122010013003").is_err()); // sex 3
        assert!(check_nip("198503121995011003").is_err()); // appointed at 9
        assert!(check_nip("198503122010011000").is_err()); // sequence 000
    }

    #[test]
    fn checker_collects_errors() {
        let mut c = Checker::new();
        c.required("name", "  ", 10);
        c.required("short", "abcdefghijkl", 10);
        c.code("code", "a b");
        c.email("email", Some("x@y"));
        let Err(DomainError::Validation(errs)) = c.finish() else { panic!("expected errors") };
        let fields: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(fields, vec![("name", "required"), ("short", "too_long"), ("code", "invalid_format"), ("email", "invalid_format")]);
    }

    #[test]
    fn domains() {
        assert!(is_domain("balikpapan.go.id"));
        assert!(!is_domain("localhost"));
        assert!(!is_domain("-x.go.id"));
    }
}
