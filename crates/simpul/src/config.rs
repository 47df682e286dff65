//! Settings: command-line flags, then environment variables (`SIMPUL_*`,
//! handled by clap), then the config file, then defaults.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

/// The config file (`simpul.toml`): every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub secure_cookies: Option<bool>,
    pub trust_proxy: Option<bool>,
    pub login_attempts_per_minute: Option<u32>,
    pub log_format: Option<String>,
    pub public_url: Option<String>,
    pub gateway_listen: Option<String>,
    /// The gateway's TLS certificate chain and private key (PEM files); with both, it speaks HTTPS.
    pub gateway_tls_cert: Option<std::path::PathBuf>,
    pub gateway_tls_key: Option<std::path::PathBuf>,
    /// CA (PEM) that client certificates must chain to; without it any certificate is accepted and its fingerprint decides.
    pub gateway_client_ca: Option<std::path::PathBuf>,
    /// CA certificates (PEM) trusted for https:// upstreams besides the system's.
    pub gateway_upstream_ca: Option<std::path::PathBuf>,
    /// Largest dataset file accepted for upload, in MiB (default 200).
    pub max_dataset_upload_mb: Option<usize>,
}

/// Checks the public address: `http(s)://host[:port][/prefix]`, no trailing slash kept.
pub fn public_url(v: Option<String>) -> Result<Option<String>> {
    let Some(v) = v.map(|v| v.trim().trim_end_matches('/').to_string()).filter(|v| !v.is_empty()) else { return Ok(None) };
    let rest = v.strip_prefix("https://").or_else(|| v.strip_prefix("http://"));
    let host = rest.and_then(|r| r.split('/').next()).map(|h| h.split(':').next().unwrap_or(h));
    match host {
        Some(h) if simpul_domain::validate::is_domain(h) || h.parse::<std::net::IpAddr>().is_ok() || h == "localhost" => Ok(Some(v)),
        _ => anyhow::bail!("public_url tidak valid: {v} (contoh: https://spbe.namakota.go.id)"),
    }
}

impl FileConfig {
    pub fn load(path: Option<&Path>) -> Result<FileConfig> {
        let path = match path {
            Some(p) => p.to_path_buf(),
            None => {
                let default = PathBuf::from("simpul.toml");
                if !default.exists() {
                    return Ok(FileConfig::default());
                }
                default
            }
        };
        let text = std::fs::read_to_string(&path).with_context(|| format!("tidak dapat membaca berkas konfigurasi {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("berkas konfigurasi {} tidak valid", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::public_url;

    #[test]
    fn public_url_is_an_http_address_without_trailing_slash() {
        assert_eq!(public_url(Some("https://spbe.tanjungselatankota.go.id/".into())).ok().flatten().as_deref(), Some("https://spbe.tanjungselatankota.go.id"));
        assert_eq!(public_url(Some("http://10.0.0.5:8080/simpul".into())).ok().flatten().as_deref(), Some("http://10.0.0.5:8080/simpul"));
        assert_eq!(public_url(Some("  ".into())).ok().flatten(), None);
        assert_eq!(public_url(None).ok().flatten(), None);
        for bad in ["spbe.kota.go.id", "ftp://spbe.kota.go.id", "https://", "https://bukan domain"] {
            assert!(public_url(Some(bad.into())).is_err(), "{bad}");
        }
    }
}
