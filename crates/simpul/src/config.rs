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
    /// Largest dataset file accepted for upload, in MiB (default 200).
    pub max_dataset_upload_mb: Option<usize>,
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
