//! The batch index `messages.idx`: where each sealed batch lies in the log,
//! so a proof reads one batch instead of the whole file.
//!
//! One fixed-size little-endian entry per sealed batch, in log order:
//! `first_seq u64, count u32, reserved u32 (0), records_at u64, batch_at u64`
//! — the batch covers seq `first_seq..first_seq + count`, its record frames
//! start at byte `records_at` and its batch frame at `batch_at`. There is no
//! file header: the number of entries is the file size / [`ENTRY_LEN`].
//!
//! The index is a cache, never evidence. The writer appends an entry after
//! the batch is durable, without syncing the index; [`LogWriter::open`]
//! checks it against the log while verifying the log and rewrites whatever
//! differs (missing, shorter, longer, garbage); everything read through it
//! is checked again against the log (see [`crate::proof::prove`]).
//!
//! [`LogWriter::open`]: crate::writer::LogWriter::open

use std::fs::{File, OpenOptions};
use std::io::{BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use crate::encoding::{BatchHeader, HEADER_LEN, SIGNATURE_LEN, TAG_BATCH};

/// Size of one entry.
pub const ENTRY_LEN: usize = 32;
/// Size of a batch frame: tag, length, header, signature.
pub const BATCH_FRAME_LEN: u64 = (5 + HEADER_LEN + SIGNATURE_LEN) as u64;

/// Where one sealed batch lies in the log file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub first_seq: u64,
    pub count: u32,
    /// Offset of the batch's first record frame.
    pub records_at: u64,
    /// Offset of the batch frame.
    pub batch_at: u64,
}

impl Span {
    pub fn encode(&self) -> [u8; ENTRY_LEN] {
        let mut out = [0u8; ENTRY_LEN];
        out[0..8].copy_from_slice(&self.first_seq.to_le_bytes());
        out[8..12].copy_from_slice(&self.count.to_le_bytes());
        out[16..24].copy_from_slice(&self.records_at.to_le_bytes());
        out[24..32].copy_from_slice(&self.batch_at.to_le_bytes());
        out
    }

    /// `None` for bytes no writer produces (garbage).
    pub fn decode(b: &[u8; ENTRY_LEN]) -> Option<Span> {
        let u64_at = |i: usize| u64::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]]);
        let s = Span { first_seq: u64_at(0), count: u32::from_le_bytes([b[8], b[9], b[10], b[11]]), records_at: u64_at(16), batch_at: u64_at(24) };
        let sane = b[12..16] == [0; 4] && s.count > 0 && s.records_at < s.batch_at && s.first_seq.checked_add(u64::from(s.count)).is_some() && s.batch_at.checked_add(BATCH_FRAME_LEN).is_some();
        sane.then_some(s)
    }

    pub fn end_seq(&self) -> u64 {
        self.first_seq + u64::from(self.count)
    }

    /// Offset just after the batch frame.
    pub fn end(&self) -> u64 {
        self.batch_at + BATCH_FRAME_LEN
    }
}

/// The writer thread's handle: one small unsynced `write` per sealed batch.
pub(crate) struct IndexWriter {
    file: Option<File>,
}

impl IndexWriter {
    /// Appends the entry of a batch that is already durable. A failure only
    /// turns the index off until the log is reopened (which rebuilds it).
    pub(crate) fn push(&mut self, span: &Span) {
        if let Some(f) = &mut self.file
            && let Err(e) = f.write_all(&span.encode())
        {
            tracing::warn!("indeks log pesan tidak dapat ditulis ({e}); bukti dicari dengan membaca log sampai log dibuka ulang");
            self.file = None;
        }
    }
}

/// How an index compared with its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexState {
    /// One correct entry per sealed batch, nothing more.
    Matches,
    /// No index file.
    Missing,
    /// Entries from this one on are wrong, missing, or one too many.
    DiffersFrom(u64),
}

enum Side {
    /// Still comparing the existing entries.
    Reading(BufReader<File>),
    /// Rewriting from the first entry that differed (rebuild only).
    Writing(File, Vec<u8>),
    Off,
}

/// Compares the index with the batches a verify pass reports, one by one,
/// and (when rebuilding) rewrites it from the first entry that differs. The
/// log is read once; the index alongside it.
pub(crate) struct Reconcile {
    side: Side,
    rebuild: bool,
    existing: u64,
    seen: u64,
    state: IndexState,
}

impl Reconcile {
    /// Rebuilds the index at `path` (for the writer).
    pub(crate) fn rebuild(path: &Path) -> Reconcile {
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path);
        Self::start(file, true)
    }

    /// Only compares (for `simpul gsb verify`).
    pub(crate) fn check(path: &Path) -> Reconcile {
        Self::start(File::open(path), false)
    }

    fn start(file: std::io::Result<File>, rebuild: bool) -> Reconcile {
        let mut r = Reconcile { side: Side::Off, rebuild, existing: 0, seen: 0, state: IndexState::Matches };
        match file.and_then(|f| f.metadata().map(|m| (f, m.len()))) {
            Ok((f, len)) => {
                r.existing = len;
                r.side = Side::Reading(BufReader::with_capacity(1 << 16, f));
            }
            Err(e) => {
                if e.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!("indeks log pesan tidak dapat dibuka: {e}");
                }
                r.state = IndexState::Missing;
            }
        }
        r
    }

    /// The next sealed batch of the log, in order.
    pub(crate) fn batch(&mut self, span: &Span) {
        let i = self.seen;
        self.seen += 1;
        if let Side::Reading(reader) = &mut self.side {
            let mut got = [0u8; ENTRY_LEN];
            if (i + 1) * ENTRY_LEN as u64 <= self.existing && reader.read_exact(&mut got).is_ok() && got == span.encode() {
                return;
            }
            self.differs(i);
        }
        let full = match &mut self.side {
            Side::Writing(_, buf) => {
                buf.extend_from_slice(&span.encode());
                buf.len() >= 1 << 16
            }
            _ => false,
        };
        if full {
            self.flush();
        }
    }

    /// Entry `i` is the first that differs: stop comparing; when rebuilding,
    /// cut the index there and write the log's entries from it on.
    fn differs(&mut self, i: u64) {
        if self.state == IndexState::Matches {
            self.state = IndexState::DiffersFrom(i);
        }
        let side = std::mem::replace(&mut self.side, Side::Off);
        if let (Side::Reading(reader), true) = (side, self.rebuild) {
            let mut f = reader.into_inner();
            match f.set_len(i * ENTRY_LEN as u64).and_then(|_| f.seek(SeekFrom::Start(i * ENTRY_LEN as u64))) {
                Ok(_) => self.side = Side::Writing(f, Vec::with_capacity(1 << 16)),
                Err(e) => tracing::warn!("indeks log pesan tidak dapat dibangun ulang: {e}"),
            }
        }
    }

    fn flush(&mut self) {
        if let Side::Writing(f, buf) = &mut self.side {
            let written = f.write_all(buf);
            buf.clear();
            if let Err(e) = written {
                tracing::warn!("indeks log pesan tidak dapat ditulis: {e}");
                self.side = Side::Off;
            }
        }
    }

    /// After the last sealed batch: entries beyond it (a log cut after a
    /// crash, a partial entry) are cut too.
    fn finish(&mut self) -> IndexState {
        if matches!(self.side, Side::Reading(_)) && self.existing != self.seen * ENTRY_LEN as u64 {
            self.differs(self.seen);
        }
        self.flush();
        self.state
    }

    /// The state found, for a check.
    pub(crate) fn state(mut self) -> IndexState {
        self.finish()
    }

    /// The handle the writer appends to, positioned after the last entry.
    pub(crate) fn into_writer(mut self) -> IndexWriter {
        let state = self.finish();
        if state != IndexState::Matches {
            tracing::info!("indeks log pesan dibangun ulang ({state:?})");
        }
        let file = match std::mem::replace(&mut self.side, Side::Off) {
            Side::Reading(r) => Some(r.into_inner()),
            Side::Writing(f, _) => Some(f),
            Side::Off => None,
        };
        IndexWriter { file: file.and_then(|mut f| f.seek(SeekFrom::End(0)).ok().map(|_| f)) }
    }
}

/// What the index says about `seq`.
pub(crate) enum Hit {
    /// This batch holds it.
    Holds(Span),
    /// It is after the last indexed batch (sealed later, or not at all).
    After(Span),
}

pub(crate) fn entry_at(f: &mut File, i: u64) -> Option<Span> {
    let mut b = [0u8; ENTRY_LEN];
    f.seek(SeekFrom::Start(i * ENTRY_LEN as u64)).ok()?;
    f.read_exact(&mut b).ok()?;
    Span::decode(&b)
}

/// The header of the batch frame `span` names, if that frame is in the log
/// where it says (tag, length, and the header's range as indexed).
pub(crate) fn header_at(log: &mut File, span: &Span) -> Option<BatchHeader> {
    let mut b = [0u8; BATCH_FRAME_LEN as usize];
    log.seek(SeekFrom::Start(span.batch_at)).and_then(|_| log.read_exact(&mut b)).ok()?;
    if b[0] != TAG_BATCH || b[1..5] != ((HEADER_LEN + SIGNATURE_LEN) as u32).to_be_bytes() {
        return None;
    }
    BatchHeader::decode(&b[5..5 + HEADER_LEN]).ok().filter(|h| h.first_seq == span.first_seq && h.count == span.count)
}

/// Binary search of the index at `path` for `seq`; entries that end past
/// `log_len` are ignored. `None` when there is no usable answer (no index,
/// garbage, a gap): the caller scans the log.
pub(crate) fn find(path: &Path, seq: u64, log_len: u64) -> Option<Hit> {
    let mut f = File::open(path).ok()?;
    let n = f.metadata().ok()?.len() / ENTRY_LEN as u64;
    let usable = |s: &Span| s.end() <= log_len;
    // The first entry that starts after `seq` or lies past the log's end.
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let e = entry_at(&mut f, mid)?;
        if e.first_seq <= seq && usable(&e) { lo = mid + 1 } else { hi = mid }
    }
    let e = entry_at(&mut f, lo.checked_sub(1)?)?;
    if seq < e.end_seq() {
        return Some(Hit::Holds(e));
    }
    // Past the last usable entry, or in a gap between two (garbage).
    let last = lo == n || entry_at(&mut f, lo).is_none_or(|next| !usable(&next));
    last.then_some(Hit::After(e))
}
