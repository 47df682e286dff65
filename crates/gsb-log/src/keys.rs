//! The bus's Ed25519 signing key: a 32-byte seed kept in a file readable
//! only by its owner; the public key is published for auditors.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey};
pub use ed25519_dalek::VerifyingKey;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::encoding::{BatchHeader, SIGNATURE_LEN};
use crate::{LogError, Result};

pub struct BusKey {
    signing: SigningKey,
}

/// First 8 bytes of SHA-256 of a public key: the id in batch headers.
pub fn key_id(public: &VerifyingKey) -> [u8; 8] {
    let d = Sha256::digest(public.as_bytes());
    let mut id = [0u8; 8];
    id.copy_from_slice(&d[..8]);
    id
}

/// Parses a public key given as 64 hex characters.
pub fn public_key_from_hex(s: &str) -> Result<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(s.trim()).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| LogError::Key("kunci publik harus 64 karakter heksadesimal".into()))?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| LogError::Key(e.to_string()))
}

impl BusKey {
    pub fn generate() -> BusKey {
        let mut seed = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut seed);
        BusKey { signing: SigningKey::from_bytes(&seed) }
    }

    pub fn from_seed(seed: [u8; 32]) -> BusKey {
        BusKey { signing: SigningKey::from_bytes(&seed) }
    }

    /// Loads the key at `path` (hex seed), creating it with mode 0600 when absent.
    pub fn load_or_create(path: &Path) -> Result<BusKey> {
        match std::fs::read_to_string(path) {
            Ok(s) => {
                let seed: [u8; 32] = hex::decode(s.trim()).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| LogError::Key(format!("{} bukan kunci yang sah", path.display())))?;
                Ok(BusKey::from_seed(seed))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = BusKey::generate();
                write_private(path, &hex::encode(key.signing.to_bytes()))?;
                Ok(key)
            }
            Err(e) => Err(e.into()),
        }
    }

    pub fn public(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn public_hex(&self) -> String {
        hex::encode(self.public().as_bytes())
    }

    pub fn id(&self) -> [u8; 8] {
        key_id(&self.public())
    }

    pub fn sign(&self, header: &BatchHeader) -> [u8; SIGNATURE_LEN] {
        self.signing.sign(&header.encode()).to_bytes()
    }
}

/// Whether `signature` over `header` was made by one of `keys` (matched by key id).
pub fn check_signature(header: &BatchHeader, signature: &[u8; SIGNATURE_LEN], keys: &[VerifyingKey]) -> std::result::Result<(), &'static str> {
    let key = keys.iter().find(|k| key_id(k) == header.key_id).ok_or("ditandatangani kunci yang tidak dikenal")?;
    key.verify_strict(&header.encode(), &Signature::from_bytes(signature)).map_err(|_| "tanda tangan tidak sah")
}

fn write_private(path: &Path, content: &str) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(content.as_bytes())?;
    f.sync_all()?;
    Ok(())
}
