//! The Pemda profile: who this installation serves and under which regulation.

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::profiles::Regulation;
use crate::validate::Checker;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Kota,
    Kabupaten,
    Provinsi,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Kota, Level::Kabupaten, Level::Provinsi];
    pub fn code(self) -> &'static str {
        match self {
            Level::Kota => "kota",
            Level::Kabupaten => "kabupaten",
            Level::Provinsi => "provinsi",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Level::Kota => "Kota",
            Level::Kabupaten => "Kabupaten",
            Level::Provinsi => "Provinsi",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }
}

/// Indonesian time zones; no daylight saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeZone {
    Wib,
    Wita,
    Wit,
}

impl TimeZone {
    pub const ALL: [TimeZone; 3] = [TimeZone::Wib, TimeZone::Wita, TimeZone::Wit];
    pub fn code(self) -> &'static str {
        match self {
            TimeZone::Wib => "WIB",
            TimeZone::Wita => "WITA",
            TimeZone::Wit => "WIT",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == s)
    }
    pub fn utc_offset_hours(self) -> i8 {
        match self {
            TimeZone::Wib => 7,
            TimeZone::Wita => 8,
            TimeZone::Wit => 9,
        }
    }
    /// Formats a millisecond timestamp as local time, e.g. `2026-11-22 15:04 WITA`.
    pub fn format_millis(self, ms: i64) -> String {
        let offset = time::UtcOffset::from_hms(self.utc_offset_hours(), 0, 0).unwrap_or(time::UtcOffset::UTC);
        match time::OffsetDateTime::from_unix_timestamp_nanos(ms as i128 * 1_000_000) {
            Ok(t) => {
                let t = t.to_offset(offset);
                format!("{:04}-{:02}-{:02} {:02}:{:02} {}", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute(), self.code())
            }
            Err(_) => ms.to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PemdaProfile {
    pub name: String,
    pub level: Level,
    /// Kemendagri region code, e.g. `64.71`.
    pub region_code: String,
    pub domain: String,
    pub timezone: TimeZone,
    pub regulation: Regulation,
}

/// Raw profile input from a form or API call.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ProfileInput {
    pub name: String,
    pub level: String,
    pub region_code: String,
    pub domain: String,
    pub timezone: String,
    pub regulation: String,
}

impl ProfileInput {
    pub fn validate(&self) -> Result<PemdaProfile, DomainError> {
        let mut c = Checker::new();
        let name = c.required("name", &self.name, 150);
        let level = Level::from_code(self.level.trim());
        if level.is_none() {
            c.push("level", "invalid_choice", "Pilih tingkat: kota, kabupaten atau provinsi.");
        }
        let region_code = self.region_code.trim().to_string();
        if !is_region_code(&region_code) {
            c.push("region_code", "invalid_format", "Kode wilayah Kemendagri berformat 11 (provinsi) atau 11.22 (kota/kabupaten).");
        }
        let domain = c.domain("domain", &self.domain);
        let timezone = TimeZone::from_code(self.timezone.trim());
        if timezone.is_none() {
            c.push("timezone", "invalid_choice", "Pilih zona waktu: WIB, WITA atau WIT.");
        }
        let regulation = Regulation::from_code(self.regulation.trim());
        if regulation.is_none() {
            c.push("regulation", "invalid_choice", "Pilih salah satu peraturan yang tersedia.");
        }
        if let (Some(l), true) = (level, is_region_code(&region_code)) {
            let parts = region_code.split('.').count();
            if (l == Level::Provinsi) != (parts == 1) {
                c.push("region_code", "level_mismatch", "Kode wilayah provinsi terdiri atas 2 digit; kota/kabupaten 2 digit, titik, 2 digit.");
            }
        }
        c.finish()?;
        match (level, timezone, regulation) {
            (Some(level), Some(timezone), Some(regulation)) => Ok(PemdaProfile { name, level, region_code, domain, timezone, regulation }),
            _ => Err(DomainError::BadRequest("profil tidak valid".into())),
        }
    }
}

fn is_region_code(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    (1..=2).contains(&parts.len()) && parts.iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_profile() {
        let ok = ProfileInput {
            name: "Pemerintah Kota Contoh".into(),
            level: "kota".into(),
            region_code: "64.71".into(),
            domain: "contohkota.go.id".into(),
            timezone: "WITA".into(),
            regulation: "perwali_balikpapan_14_2022".into(),
        };
        assert!(ok.validate().is_ok());
        let bad = ProfileInput { level: "provinsi".into(), ..ok.clone() };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn formats_local_time() {
        assert_eq!(TimeZone::Wita.format_millis(0), "1970-01-01 08:00 WITA");
    }
}
