//! Encryption at rest of "rahasia" datasets (Perwali Balikpapan 14/2022
//! Pasal 16 ayat (3) huruf c: keep data confidential from those without
//! authority — which includes whoever copies the database or a backup).
//!
//! ChaCha20-Poly1305 (RustCrypto `chacha20poly1305`, audited, constant-time,
//! no C code) with a random 96-bit nonce per sealed value, stored as
//! `nonce ‖ ciphertext ‖ tag`. The associated data names what the value is
//! (`dataset/{id}/v{n}` for a file, `…/row/{r}` for a parsed row), so a
//! sealed value moved to another place fails to open.
//!
//! Key handling: one 256-bit key per installation, in the file
//! `kunci-data-rahasia.key` of the data directory (created with mode 0600
//! on first start), never in the database; backups of the database hold
//! only sealed values, so the key file must be backed up separately and
//! kept apart from them. Without the key, rahasia data cannot be read.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use crate::{Result, StoreError};

const NONCE: usize = 12;

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "kunci-data-rahasia.key";

/// The installation's data key.
#[derive(Clone)]
pub struct DataKey(Key);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl DataKey {
    /// A fresh random key (tests, first start).
    pub fn generate() -> DataKey {
        DataKey(*Key::from_slice(&rand::random::<[u8; 32]>()))
    }

    pub fn from_bytes(bytes: [u8; 32]) -> DataKey {
        DataKey(*Key::from_slice(&bytes))
    }

    /// Reads the key file (64 hex characters), creating it with a new
    /// random key (mode 0600) when it does not exist.
    pub fn load_or_create(path: &Path) -> Result<DataKey> {
        let err = |e: String| StoreError::Other(format!("kunci data rahasia {}: {e}", path.display()));
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = hex::decode(text.trim()).map_err(|e| err(e.to_string()))?;
                let arr: [u8; 32] = bytes.try_into().map_err(|_| err("harus 32 bita (64 karakter heksadesimal)".into()))?;
                Ok(DataKey::from_bytes(arr))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = rand::random::<[u8; 32]>();
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
                }
                let mut opts = std::fs::OpenOptions::new();
                opts.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
                let mut f = opts.open(path).map_err(|e| err(e.to_string()))?;
                std::io::Write::write_all(&mut f, hex::encode(key).as_bytes()).map_err(|e| err(e.to_string()))?;
                Ok(DataKey::from_bytes(key))
            }
            Err(e) => Err(err(e.to_string())),
        }
    }

    pub fn seal(&self, plain: &[u8], aad: &str) -> Result<Vec<u8>> {
        let nonce: [u8; NONCE] = rand::random();
        let ct = ChaCha20Poly1305::new(&self.0)
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad: aad.as_bytes() })
            .map_err(|_| StoreError::Other("enkripsi gagal".into()))?;
        let mut out = Vec::with_capacity(NONCE + ct.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ct);
        Ok(out)
    }

    /// `None` when the value was changed, moved, or sealed with another key.
    pub fn open(&self, sealed: &[u8], aad: &str) -> Option<Vec<u8>> {
        if sealed.len() < NONCE {
            return None;
        }
        let (nonce, ct) = sealed.split_at(NONCE);
        ChaCha20Poly1305::new(&self.0).decrypt(Nonce::from_slice(nonce), Payload { msg: ct, aad: aad.as_bytes() }).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_and_detects_tampering() {
        let k = DataKey::generate();
        let s = k.seal(b"NIK;nama", "dataset/1/v1").unwrap_or_else(|e| panic!("seal: {e}"));
        assert_ne!(&s[NONCE..NONCE + 8], b"NIK;nama");
        assert_eq!(k.open(&s, "dataset/1/v1").as_deref(), Some(&b"NIK;nama"[..]));
        assert_eq!(k.open(&s, "dataset/1/v2"), None);
        let mut t = s.clone();
        t[NONCE] ^= 1;
        assert_eq!(k.open(&t, "dataset/1/v1"), None);
        assert_eq!(DataKey::generate().open(&s, "dataset/1/v1"), None);
    }

    #[test]
    fn key_file_created_once() {
        let dir = std::env::temp_dir().join(format!("simpul-key-{}", rand::random::<u64>()));
        let path = dir.join("kunci.key");
        let a = DataKey::load_or_create(&path).unwrap_or_else(|e| panic!("create: {e}"));
        let b = DataKey::load_or_create(&path).unwrap_or_else(|e| panic!("read: {e}"));
        let s = a.seal(b"x", "a").unwrap_or_else(|e| panic!("seal: {e}"));
        assert_eq!(b.open(&s, "a").as_deref(), Some(&b"x"[..]));
        let _ = std::fs::remove_dir_all(dir);
    }
}
