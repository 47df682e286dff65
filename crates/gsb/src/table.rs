//! The routing table: plain data the registry hands to the gateway.
//!
//! The gateway never reads the database; whoever owns the registry builds a
//! [`Table`] (services, keys, grants) and gives it to
//! [`crate::GatewayHandle::replace`] or [`crate::poll_loop`].

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// A service reachable through the gateway as `/{code}/…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// Base URL the rest of the path is appended to, e.g. `http://10.0.0.5:8080/api`.
    /// Only `http://` upstreams are supported.
    pub upstream: String,
    /// A data service may only be read (GET and HEAD): access "tanpa
    /// mengubah data yang ada", Perwali Banjarbaru 5/2018 Pasal 11 ayat (7).
    pub data_service: bool,
    /// Requests per client per minute; 0 means no limit.
    pub rate_per_minute: u32,
    /// The registry's setting to keep bodies for a retention period. The
    /// gateway records the bodies' SHA-256 digests in the message log for
    /// every exchange; for these services it also keeps the bodies, when
    /// `Config::bodies` is set (`simpul_gsb_log::bodies`).
    pub keep_bodies: bool,
    /// For an external bus (the provincial bus, the national SPLP; Perwali
    /// Balikpapan 14/2022 Pasal 26 ayat (4) huruf a): the `Authorization`
    /// header value the gateway sends instead of the client's. The client's
    /// header is never forwarded.
    pub outbound_authorization: Option<String>,
}

/// Who presented a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub client_code: String,
    pub client_id: i64,
    pub agency_id: i64,
    /// Milliseconds since the Unix epoch; `None` never expires.
    pub expires_at: Option<i64>,
    /// SHA-256 (lowercase hex) of the client's registered TLS certificate:
    /// calls with this key must present it ([`crate::tls`]).
    pub cert_sha256: Option<String>,
}

/// One operation: an HTTP method and a path template such as `/pasien/{nik}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    pub method: String,
    pub path: String,
}

impl Operation {
    pub fn new(method: &str, path: &str) -> Operation {
        Operation { method: method.to_ascii_uppercase(), path: path.to_string() }
    }

    /// Whether a request matches. A `{param}` segment matches any one
    /// non-empty segment; other segments match exactly. A right to `GET`
    /// includes `HEAD` (the same read without the body).
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self.method == method || (method == "HEAD" && self.method == "GET");
        method_ok && template_matches(&self.path, path)
    }
}

fn template_matches(template: &str, path: &str) -> bool {
    let mut t = template.trim_matches('/').split('/');
    let mut p = path.trim_matches('/').split('/');
    loop {
        match (t.next(), p.next()) {
            (None, None) => return true,
            (Some(ts), Some(ps)) => {
                let param = ts.len() > 2 && ts.starts_with('{') && ts.ends_with('}');
                if !(param && !ps.is_empty() || ts == ps) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// A client's right to a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// `None`: every operation of the service; otherwise only these.
    pub operations: Option<Vec<Operation>>,
    /// Milliseconds since the Unix epoch; `None` never expires.
    pub expires_at: Option<i64>,
}

impl Grant {
    pub fn allows(&self, method: &str, path: &str, now_ms: i64) -> bool {
        if self.expires_at.is_some_and(|e| e <= now_ms) {
            return false;
        }
        match &self.operations {
            None => true,
            Some(ops) => ops.iter().any(|op| op.matches(method, path)),
        }
    }
}

/// Everything the gateway routes by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// By service code.
    pub services: HashMap<String, Service>,
    /// By the lowercase hex SHA-256 digest of the presented key.
    pub keys: HashMap<String, Key>,
    /// By (client id, service code).
    pub grants: HashMap<(i64, String), Grant>,
}

impl Table {
    /// The digest keys are stored under: lowercase hex SHA-256 of the key.
    pub fn key_digest(presented: &str) -> String {
        hex::encode(Sha256::digest(presented.as_bytes()))
    }

    /// Adds a key given in clear (for examples and tests; the registry
    /// stores only digests).
    pub fn add_key(&mut self, presented: &str, key: Key) {
        self.keys.insert(Table::key_digest(presented), key);
    }

    pub fn grant(&self, client_id: i64, service: &str) -> Option<&Grant> {
        self.grants.get(&(client_id, service.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let op = Operation::new("get", "/pasien/{nik}");
        assert!(op.matches("GET", "/pasien/6471"));
        assert!(op.matches("HEAD", "/pasien/6471/"));
        assert!(!op.matches("POST", "/pasien/6471"));
        assert!(!op.matches("GET", "/pasien"));
        assert!(!op.matches("GET", "/pasien//"));
        assert!(!op.matches("GET", "/pasien/1/riwayat"));
        assert!(Operation::new("GET", "/").matches("GET", ""));
    }

    #[test]
    fn grant_expiry() {
        let g = Grant { operations: None, expires_at: Some(1000) };
        assert!(g.allows("DELETE", "/x", 999));
        assert!(!g.allows("GET", "/x", 1000));
    }
}
