//! The message log of the Sistem Penghubung Layanan (service bus): the
//! non-repudiation record of every exchange (Pergub Kalbar 177/2021 Pasal 15,
//! Perwali Balikpapan 14/2022 Pasal 26; security "nirsangkal" in every text).
//!
//! # Design
//!
//! * A [`Record`] says who called which service operation, when, with what
//!   status, sizes, latency, and the SHA-256 digests of the request and
//!   response bodies. It has one explicit canonical byte encoding
//!   ([`Record::encode`]); the bytes are what is hashed.
//! * Records are sealed in **batches**. A batch's [`BatchHeader`] carries
//!   the RFC 6962 Merkle root of its records, the hash of the previous
//!   header (a chain), and the range of sequence numbers it covers. The
//!   header is signed with the bus's Ed25519 key.
//! * One append-only file holds record frames followed by the batch frame
//!   that seals them. A record is durable (and its exchange may be reported
//!   as delivered) only once its batch frame is written and `fdatasync`ed.
//!   Frames after the last batch frame were never acknowledged; opening the
//!   log for writing truncates them.
//! * The [`writer::LogWriter`] runs on its own thread. Request handlers hand
//!   it a [`Entry`] and await a [`writer::Receipt`]; everything queued while
//!   a batch is being written goes into the next batch (group commit), so
//!   throughput grows with load and the request path never formats or
//!   writes anything itself.
//! * [`verify::verify_file`] checks a whole log offline and names the first
//!   bad record or batch; [`proof::Proof`] lets an auditor check one record
//!   alone against the bus's public key.
//! * The batch index ([`index`], `messages.idx`) says where each batch lies
//!   so a proof reads one batch, not the whole log. It is a cache: rebuilt
//!   when the writer opens the log, and whatever is read through it is
//!   checked against the log again.

pub mod bodies;
pub mod encoding;
pub mod index;
pub mod keys;
pub mod lookup;
pub mod merkle;
pub mod proof;
pub mod verify;
pub mod writer;

pub use encoding::{BatchHeader, Entry, Record};
pub use keys::BusKey;

/// Errors of the log.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("berkas log: {0}")]
    Io(#[from] std::io::Error),
    #[error("log pesan rusak: {0}")]
    Corrupt(String),
    #[error("log pesan tidak dapat ditulis; lalu lintas ditolak (fail-closed)")]
    Unavailable,
    #[error("kunci penanda tangan: {0}")]
    Key(String),
}

pub type Result<T, E = LogError> = std::result::Result<T, E>;

/// The log file inside a log directory.
pub const LOG_FILE: &str = "messages.log";

/// The batch index next to it: a cache, never evidence (see [`index`]).
pub const INDEX_FILE: &str = "messages.idx";
