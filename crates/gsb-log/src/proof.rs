//! Inclusion proofs: one record with what an auditor needs to check it
//! alone — the batch header, the bus's signature over it, and the Merkle
//! audit path from the record to the header's root.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::encoding::{BatchHeader, Record, HEADER_LEN, SIGNATURE_LEN};
use crate::index::{self, Hit, Span};
use crate::keys::check_signature;
use crate::merkle::{self, Hash};
use crate::verify::{Frame, Frames, Next};
use crate::{LogError, Result, INDEX_FILE, LOG_FILE};

/// Everything hex-encoded, so the proof is plain JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proof {
    /// The record's canonical bytes.
    pub record: String,
    /// Position of the record in its batch.
    pub leaf_index: u64,
    /// The batch header (its `count` is the tree size).
    pub header: String,
    /// Ed25519 signature over the header.
    pub signature: String,
    /// Sibling hashes from the leaf up.
    pub audit_path: Vec<String>,
}

fn unhex<const N: usize>(s: &str, what: &str) -> std::result::Result<[u8; N], String> {
    hex::decode(s).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| format!("{what} tidak sah"))
}

impl Proof {
    /// Checks the proof against the bus's public keys; returns the record.
    pub fn verify(&self, keys: &[VerifyingKey]) -> std::result::Result<(Record, BatchHeader), String> {
        let header_bytes: [u8; HEADER_LEN] = unhex(&self.header, "kepala batch")?;
        let header = BatchHeader::decode(&header_bytes).map_err(|e| e.to_string())?;
        let signature: [u8; SIGNATURE_LEN] = unhex(&self.signature, "tanda tangan")?;
        check_signature(&header, &signature, keys).map_err(str::to_string)?;
        let bytes = hex::decode(&self.record).map_err(|_| "rekaman tidak sah".to_string())?;
        let path = self.audit_path.iter().map(|h| unhex::<32>(h, "jalur audit")).collect::<std::result::Result<Vec<Hash>, _>>()?;
        let root = merkle::root_from_path(&merkle::leaf_hash(&bytes), self.leaf_index, u64::from(header.count), &path);
        if root != Some(header.root) {
            return Err("rekaman tidak termasuk dalam batch yang ditandatangani (akar Merkle tidak cocok)".into());
        }
        let record = Record::decode(&bytes).map_err(|e| e.to_string())?;
        if record.seq != header.first_seq + self.leaf_index {
            return Err("nomor urut rekaman tidak sesuai posisinya dalam batch".into());
        }
        Ok((record, header))
    }
}

/// How [`prove_via`] found a proof (or found there is none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// Through the batch index: only the batch (or the unindexed tail) was read.
    Index,
    /// By reading the log from the start (no index, or it did not check out).
    Scan,
}

/// The proof for record `seq` of the log in `dir`, if it is sealed.
pub fn prove(dir: &Path, seq: u64) -> Result<Option<Proof>> {
    prove_via(dir, seq).map(|(p, _)| p)
}

/// [`prove`], saying whether the index was used. What the index points at is
/// checked against the log: the batch frame decoded there must cover the
/// indexed seq range and the Merkle root of the records read must equal its
/// header's root (the signature is checked by whoever verifies the proof, as
/// always). When any of that fails, the log is scanned from the start.
pub fn prove_via(dir: &Path, seq: u64) -> Result<(Option<Proof>, Via)> {
    let mut file = File::open(dir.join(LOG_FILE))?;
    let log_len = file.metadata()?.len();
    let found = match index::find(&dir.join(INDEX_FILE), seq, log_len) {
        Some(Hit::Holds(span)) => region(&mut file, span.records_at, span.end() - span.records_at).and_then(|r| scan(r, seq, Some(&span)).ok()).filter(Option::is_some),
        Some(Hit::After(span)) if batch_frame_is(&mut file, &span) => region(&mut file, span.end(), log_len - span.end()).and_then(|r| scan(r, seq, None).ok()),
        _ => None,
    };
    match found {
        Some(p) => Ok((p, Via::Index)),
        None => Ok((prove_scan(dir, seq)?, Via::Scan)),
    }
}

/// [`prove`] without the index: reads the log from the start.
pub fn prove_scan(dir: &Path, seq: u64) -> Result<Option<Proof>> {
    let file = File::open(dir.join(LOG_FILE))?;
    scan(BufReader::with_capacity(1 << 20, file), seq, None)
}

/// `len` bytes of the log from `at`, buffered.
fn region(file: &mut File, at: u64, len: u64) -> Option<BufReader<std::io::Take<&mut File>>> {
    file.seek(SeekFrom::Start(at)).ok()?;
    Some(BufReader::with_capacity(len.clamp(1, 1 << 20) as usize, file.take(len)))
}

/// Whether the batch frame `span` names is in the log where it says.
fn batch_frame_is(file: &mut File, span: &Span) -> bool {
    index::header_at(file, span).is_some()
}

/// Reads frames until the batch holding `seq`. With `strict` (a region
/// named by the index) that batch must be the one indexed, and the records
/// read before it exactly the ones its Merkle root covers.
fn scan<R: Read>(reader: R, seq: u64, strict: Option<&Span>) -> Result<Option<Proof>> {
    let mut frames = Frames::new(reader);
    let mut records: Vec<Vec<u8>> = Vec::new();
    loop {
        match frames.next()? {
            Next::End | Next::Torn => return Ok(None),
            Next::Garbage(_, why) => return Err(LogError::Corrupt(why)),
            Next::Frame(Frame::Record(bytes)) => records.push(bytes),
            Next::Frame(Frame::Batch(bytes)) => {
                if bytes.len() != HEADER_LEN + SIGNATURE_LEN {
                    return Err(LogError::Corrupt("panjang bingkai batch salah".into()));
                }
                let header = BatchHeader::decode(&bytes[..HEADER_LEN])?;
                if (header.first_seq..header.end_seq()).contains(&seq) {
                    let index = (seq - header.first_seq) as usize;
                    let leaves: Vec<Hash> = records.iter().map(|r| merkle::leaf_hash(r)).collect();
                    let Some(record) = records.get(index) else { return Err(LogError::Corrupt(format!("batch {} tidak memuat rekaman seq {seq}", header.batch_no))) };
                    if let Some(span) = strict
                        && ((header.first_seq, header.count) != (span.first_seq, span.count) || leaves.len() != header.count as usize || merkle::root(&leaves) != header.root)
                    {
                        return Err(LogError::Corrupt(format!("batch {} tidak sesuai indeksnya", header.batch_no)));
                    }
                    return Ok(Some(Proof {
                        record: hex::encode(record),
                        leaf_index: index as u64,
                        header: hex::encode(&bytes[..HEADER_LEN]),
                        signature: hex::encode(&bytes[HEADER_LEN..]),
                        audit_path: merkle::audit_path(&leaves, index).iter().map(hex::encode).collect(),
                    }));
                }
                records.clear();
            }
        }
    }
}
