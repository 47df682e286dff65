//! Passwords (argon2id) and opaque secrets (session ids, API tokens).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::DomainError;

/// Minimum password length for accounts.
pub const MIN_PASSWORD_LEN: usize = 10;

pub fn hash_password(password: &str) -> Result<String, DomainError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| DomainError::BadRequest(format!("gagal membuat hash kata sandi: {e}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash to verify against when the account does not exist, so that timing
/// does not reveal which usernames exist.
pub fn dummy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$c2ltcHVsZHVtbXlzYWx0$Wm9uXnJx1hXn2m7F4YV8mS8d7HqM2rQ7b6wq3a7m9mE"
}

pub fn check_new_password(field: &str, password: &str, username: &str) -> Result<(), DomainError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(DomainError::field(field, "too_short", format!("Kata sandi minimal {MIN_PASSWORD_LEN} karakter.")));
    }
    if password.len() > 256 {
        return Err(DomainError::field(field, "too_long", "Kata sandi paling banyak 256 karakter."));
    }
    if password.eq_ignore_ascii_case(username) {
        return Err(DomainError::field(field, "too_weak", "Kata sandi tidak boleh sama dengan nama pengguna."));
    }
    Ok(())
}

/// A random secret as URL-safe hex, with a prefix telling what it is.
pub fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", hex::encode(bytes))
}

/// Secrets are stored only as SHA-256 digests: they are high-entropy, so a
/// fast hash suffices and lookups stay indexable.
pub fn secret_digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Constant-time string comparison for tokens such as CSRF tokens.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_round_trip() -> Result<(), DomainError> {
        let h = hash_password("rahasia-sekali")?;
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("rahasia-sekali", &h));
        assert!(!verify_password("rahasia-sekalI", &h));
        assert!(!verify_password("x", dummy_hash()));
        Ok(())
    }

    #[test]
    fn secrets_are_unique_and_digested() {
        let a = new_secret("smp_");
        assert_ne!(a, new_secret("smp_"));
        assert_eq!(secret_digest(&a).len(), 64);
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
    }
}
