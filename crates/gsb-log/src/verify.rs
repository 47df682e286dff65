//! Reading the log file frame by frame, and checking all of it offline.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use ed25519_dalek::VerifyingKey;

use crate::encoding::{BatchHeader, Record, HEADER_LEN, SIGNATURE_LEN, TAG_BATCH, TAG_RECORD};
use crate::index::{IndexState, Reconcile, Span};
use crate::keys::check_signature;
use crate::merkle::{self, Hash};

/// Largest frame accepted when reading (a record is far smaller).
const MAX_FRAME: usize = 1 << 20;

pub(crate) enum Frame {
    Record(Vec<u8>),
    Batch(Vec<u8>),
}

/// Frames of a log file in order, with the offset where each starts.
pub(crate) struct Frames<R: Read> {
    inner: R,
    pub(crate) offset: u64,
}

pub(crate) enum Next {
    Frame(Frame),
    /// Clean end of file.
    End,
    /// A frame cut short at the end of the file (a write interrupted by a crash).
    Torn,
    /// Bytes that are not a frame.
    Garbage(u64, String),
}

impl<R: Read> Frames<R> {
    pub(crate) fn new(inner: R) -> Self {
        Frames { inner, offset: 0 }
    }

    /// Reads exactly `buf.len()` bytes; `Ok(false)` when the file ended first.
    fn fill(&mut self, buf: &mut [u8]) -> std::io::Result<bool> {
        let mut got = 0;
        while got < buf.len() {
            match self.inner.read(&mut buf[got..]) {
                Ok(0) => return Ok(false),
                Ok(n) => got += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    pub(crate) fn next(&mut self) -> std::io::Result<Next> {
        let start = self.offset;
        let mut tag = [0u8; 1];
        match self.inner.read(&mut tag) {
            Ok(0) => return Ok(Next::End),
            Ok(_) => {}
            Err(e) => return Err(e),
        }
        let mut len = [0u8; 4];
        if !self.fill(&mut len)? {
            return Ok(Next::Torn);
        }
        let len = u32::from_be_bytes(len) as usize;
        if !matches!(tag[0], TAG_RECORD | TAG_BATCH) || len > MAX_FRAME {
            return Ok(Next::Garbage(start, format!("bita {start}: bukan bingkai log (tag {:#04x}, panjang {len})", tag[0])));
        }
        let mut payload = vec![0u8; len];
        if !self.fill(&mut payload)? {
            return Ok(Next::Torn);
        }
        self.offset = start + 5 + len as u64;
        Ok(Next::Frame(if tag[0] == TAG_RECORD { Frame::Record(payload) } else { Frame::Batch(payload) }))
    }
}

/// A verified log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub batches: u64,
    pub records: u64,
    /// Records after the last batch: never sealed, so never acknowledged
    /// (a crash while writing). Reopening the log removes them.
    pub unsealed: u64,
    /// Byte offset just after the last sealed batch.
    pub sealed_len: u64,
    /// Hash of the last batch header (the chain head), if any.
    pub head: Option<Hash>,
    pub next_seq: u64,
    pub next_batch: u64,
}

/// Where a log first goes wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {reason}")]
pub struct Failure {
    /// "rekaman seq N", "batch N" or "bita N".
    pub location: String,
    pub reason: String,
}

fn fail(location: String, reason: impl Into<String>) -> Failure {
    Failure { location, reason: reason.into() }
}

/// Checks every frame, record sequence, Merkle root, chain link and
/// signature. `keys` are the bus's trusted public keys.
pub fn verify_file(path: &Path, keys: &[VerifyingKey]) -> Result<Summary, Failure> {
    verify_file_with(path, keys, |_| {})
}

/// [`verify_file`], calling `on_batch` with where each verified batch lies.
pub(crate) fn verify_file_with(path: &Path, keys: &[VerifyingKey], on_batch: impl FnMut(&Span)) -> Result<Summary, Failure> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Summary::default()),
        Err(e) => return Err(fail(path.display().to_string(), e.to_string())),
    };
    verify_reader_with(BufReader::with_capacity(1 << 20, file), keys, on_batch)
}

/// Verifies the log in `dir` (never trusting its index) and says whether
/// the batch index `messages.idx` matches it (a mismatch is harmless: the
/// index is a cache the writer rebuilds on open).
pub fn verify_dir(dir: &Path, keys: &[VerifyingKey]) -> Result<(Summary, IndexState), Failure> {
    let mut index = Reconcile::check(&dir.join(crate::INDEX_FILE));
    let summary = verify_file_with(&dir.join(crate::LOG_FILE), keys, |span| index.batch(span))?;
    Ok((summary, index.state()))
}

pub fn verify_reader<R: Read>(reader: R, keys: &[VerifyingKey]) -> Result<Summary, Failure> {
    verify_reader_with(reader, keys, |_| {})
}

fn verify_reader_with<R: Read>(reader: R, keys: &[VerifyingKey], mut on_batch: impl FnMut(&Span)) -> Result<Summary, Failure> {
    let mut frames = Frames::new(reader);
    let mut s = Summary::default();
    let mut pending: Vec<Hash> = Vec::new();
    loop {
        let frame_at = frames.offset;
        let next = frames.next().map_err(|e| fail(format!("bita {}", frames.offset), e.to_string()))?;
        match next {
            Next::End => break,
            Next::Torn => {
                // An interrupted final write: whatever it held was never acknowledged.
                s.unsealed += pending.len() as u64 + 1;
                return Ok(s);
            }
            Next::Garbage(at, why) => return Err(fail(format!("bita {at}"), why)),
            Next::Frame(Frame::Record(bytes)) => {
                let expected = s.next_seq + pending.len() as u64;
                let r = Record::decode(&bytes).map_err(|e| fail(format!("rekaman seq {expected}"), e.to_string()))?;
                if r.seq != expected {
                    return Err(fail(format!("rekaman seq {expected}"), format!("ditemukan seq {} (rekaman hilang, disisipkan atau tertukar urutan)", r.seq)));
                }
                pending.push(merkle::leaf_hash(&bytes));
            }
            Next::Frame(Frame::Batch(bytes)) => {
                let at = format!("batch {}", s.next_batch);
                if bytes.len() != HEADER_LEN + SIGNATURE_LEN {
                    return Err(fail(at, "panjang bingkai batch salah"));
                }
                let h = BatchHeader::decode(&bytes[..HEADER_LEN]).map_err(|e| fail(at.clone(), e.to_string()))?;
                let mut sig = [0u8; SIGNATURE_LEN];
                sig.copy_from_slice(&bytes[HEADER_LEN..]);
                check_signature(&h, &sig, keys).map_err(|why| fail(at.clone(), why))?;
                if h.batch_no != s.next_batch {
                    return Err(fail(at, format!("bernomor {} (batch hilang, disisipkan atau tertukar urutan)", h.batch_no)));
                }
                if h.prev_hash != s.head.unwrap_or([0; 32]) {
                    return Err(fail(at, "tidak tersambung ke batch sebelumnya (rantai hash putus)"));
                }
                if h.first_seq != s.next_seq || h.count as usize != pending.len() || h.count == 0 {
                    return Err(fail(at, format!("mencakup seq {}..{} tetapi berkas memuat {} rekaman mulai seq {}", h.first_seq, h.end_seq(), pending.len(), s.next_seq)));
                }
                if merkle::root(&pending) != h.root {
                    return Err(fail(at, format!("akar Merkle tidak cocok: salah satu rekaman seq {}..{} diubah", h.first_seq, h.end_seq() - 1)));
                }
                on_batch(&Span { first_seq: h.first_seq, count: h.count, records_at: s.sealed_len, batch_at: frame_at });
                s.batches += 1;
                s.records += u64::from(h.count);
                s.next_seq = h.end_seq();
                s.next_batch += 1;
                s.head = Some(h.hash());
                s.sealed_len = frames.offset;
                pending.clear();
            }
        }
    }
    s.unsealed = pending.len() as u64;
    Ok(s)
}

/// Calls `f` with every sealed record of the log file in order (records of
/// an unsealed tail are skipped: they were never acknowledged). For
/// reports; it does not check signatures — `verify_file` does.
pub fn for_each_sealed(path: &Path, f: impl FnMut(Record)) -> crate::Result<()> {
    for_each_sealed_from(path, 0, f).map(|_| ())
}

/// [`for_each_sealed`] from byte `offset`, which must be 0 or an offset
/// this function returned for the same log (the end of a sealed batch);
/// returns the offset just after the last sealed batch read, where the next
/// call continues. A log shorter than `offset` (replaced or cut) is an error:
/// read it again from 0.
pub fn for_each_sealed_from(path: &Path, offset: u64, mut f: impl FnMut(Record)) -> crate::Result<u64> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && offset == 0 => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    if file.metadata()?.len() < offset {
        return Err(crate::LogError::Corrupt(format!("log lebih pendek dari bita {offset} yang sudah dibaca")));
    }
    std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(offset))?;
    let mut frames = Frames::new(BufReader::with_capacity(1 << 20, file));
    frames.offset = offset;
    let mut sealed = offset;
    let mut pending: Vec<Record> = Vec::new();
    loop {
        match frames.next()? {
            Next::End | Next::Torn => return Ok(sealed),
            Next::Garbage(_, why) => return Err(crate::LogError::Corrupt(why)),
            Next::Frame(Frame::Record(bytes)) => pending.push(Record::decode(&bytes)?),
            Next::Frame(Frame::Batch(_)) => {
                pending.drain(..).for_each(&mut f);
                sealed = frames.offset;
            }
        }
    }
}
