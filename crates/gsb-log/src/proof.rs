//! Inclusion proofs: one record with what an auditor needs to check it
//! alone — the batch header, the bus's signature over it, and the Merkle
//! audit path from the record to the header's root.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use crate::encoding::{BatchHeader, Record, HEADER_LEN, SIGNATURE_LEN};
use crate::keys::check_signature;
use crate::merkle::{self, Hash};
use crate::verify::{Frame, Frames, Next};
use crate::{LogError, Result, LOG_FILE};

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

/// The proof for record `seq` of the log in `dir`, if it is sealed.
pub fn prove(dir: &Path, seq: u64) -> Result<Option<Proof>> {
    let file = File::open(dir.join(LOG_FILE))?;
    let mut frames = Frames::new(BufReader::with_capacity(1 << 20, file));
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
