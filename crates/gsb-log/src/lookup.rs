//! Finding the record of an exchange by its request id (the `X-Request-Id`
//! the gateway gave the client and the upstream) without reading the whole
//! log.
//!
//! The gateway makes request ids time-ordered, like UUIDv7: the first 48
//! bits are the exchange's start in milliseconds since the Unix epoch
//! (big-endian), the other 80 bits random ([`new_request_id`]). An
//! exchange's record is sealed after it started, so the search starts at
//! the first batch sealed at or after that time (a binary search over the
//! batch index, reading each probed batch's header from the log) and reads
//! batches forward from there, for at most [`WINDOW`] of sealing time.
//! Anything else — no index, an id that is not time-ordered (records
//! written before this scheme), a record not found in the window — falls
//! back to reading the whole log. The index only says where to look; the
//! record found is the log's own.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::encoding::Record;
use crate::index::{entry_at, header_at, Span, ENTRY_LEN};
use crate::verify::{for_each_sealed, Frame, Frames, Next};
use crate::{Result, INDEX_FILE, LOG_FILE};

/// How long after an exchange started its record is looked for before the
/// whole log is read (a response may stream for a long time).
pub const WINDOW_MICROS: i64 = 6 * 3600 * 1_000_000;

/// A new request id: the time now in milliseconds (48 bits), then 80 random bits.
pub fn new_request_id() -> [u8; 16] {
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0);
    let mut id: [u8; 16] = rand::random();
    id[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    id
}

/// The start time a request id carries, in microseconds since the epoch.
pub fn started_micros(id: &[u8; 16]) -> i64 {
    let mut ms = [0u8; 8];
    ms[2..].copy_from_slice(&id[..6]);
    (u64::from_be_bytes(ms) as i64).saturating_mul(1000)
}

/// The sequence number of the sealed record whose request id is `id`.
pub fn find_request(dir: &Path, id: &[u8; 16]) -> Result<Option<u64>> {
    if let Some(found) = by_time(dir, id) {
        return Ok(Some(found));
    }
    let mut seq = None;
    for_each_sealed(&dir.join(LOG_FILE), |r| {
        if seq.is_none() && &r.entry.request_id == id {
            seq = Some(r.seq);
        }
    })?;
    Ok(seq)
}

/// The time-guided search; `None` when it cannot answer.
fn by_time(dir: &Path, id: &[u8; 16]) -> Option<u64> {
    let started = started_micros(id);
    let mut index = File::open(dir.join(INDEX_FILE)).ok()?;
    let mut log = File::open(dir.join(LOG_FILE)).ok()?;
    let log_len = log.metadata().ok()?.len();
    let n = index.metadata().ok()?.len() / ENTRY_LEN as u64;
    let sealed_at = |index: &mut File, log: &mut File, i: u64| -> Option<(Span, i64)> {
        let span = entry_at(index, i).filter(|s| s.end() <= log_len)?;
        let h = header_at(log, &span)?;
        Some((span, h.sealed_at_micros))
    };
    // The first batch sealed at or after the start.
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let (_, at) = sealed_at(&mut index, &mut log, mid)?;
        if at < started { lo = mid + 1 } else { hi = mid }
    }
    let mut buf = Vec::new();
    for i in lo..n {
        let (span, at) = sealed_at(&mut index, &mut log, i)?;
        if at > started.saturating_add(WINDOW_MICROS) {
            return None;
        }
        buf.resize((span.batch_at - span.records_at) as usize, 0);
        log.seek(SeekFrom::Start(span.records_at)).ok()?;
        log.read_exact(&mut buf).ok()?;
        let mut frames = Frames::new(&buf[..]);
        let mut k = 0;
        loop {
            match frames.next().ok()? {
                Next::Frame(Frame::Record(bytes)) => {
                    let r = Record::decode(&bytes).ok()?;
                    if r.seq != span.first_seq + k {
                        return None;
                    }
                    if &r.entry.request_id == id {
                        return Some(r.seq);
                    }
                    k += 1;
                }
                Next::End => break,
                _ => return None,
            }
        }
    }
    None
}
