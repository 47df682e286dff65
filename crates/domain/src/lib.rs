//! Simpul's domain: the rules of the regulations, free of HTTP and SQL.
//!
//! Everything here is pure: validation of inputs, who may do what, how the
//! audit chain is hashed, how passwords and tokens are derived. The storage
//! layer (`simpul-store`) persists what this crate has validated; the web
//! layer (`simpul-web`) translates requests into calls on both.

#[macro_use]
pub mod apps;
pub mod attachments;
pub mod asset_import;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod ckan;
pub mod datasets;
pub mod datacentre;
pub mod domains;
pub mod error;
pub mod findings;
pub mod gsb;
pub mod networks;
pub mod org;
pub mod pemda;
pub mod profiles;
pub mod publication;
pub mod roles;
pub mod sharing;
pub mod row_blocks;
pub mod spreadsheet;
pub mod validate;

pub use error::{DomainError, ErrorCode, FieldError};

/// Milliseconds since the Unix epoch, the one time representation stored.
pub type Millis = i64;

pub fn now_millis() -> Millis {
    let now = time::OffsetDateTime::now_utc();
    (now.unix_timestamp_nanos() / 1_000_000) as i64
}
