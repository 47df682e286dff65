//! The canonical byte encodings of records, batch headers and file frames.
//!
//! Everything is big-endian with explicit lengths; strings are UTF-8 with a
//! `u16` length and are cut (at a character boundary) to [`MAX_STR`] bytes
//! when a record is made, so encoding never fails and decoding is exact.

use sha2::{Digest, Sha256};

use crate::{LogError, Result};

/// Encoding version of records and headers.
pub const VERSION: u8 = 1;
/// Longest string field, in bytes.
pub const MAX_STR: usize = 2048;
/// Frame tags in the log file.
pub const TAG_RECORD: u8 = b'R';
pub const TAG_BATCH: u8 = b'B';
/// Encoded size of a [`BatchHeader`].
pub const HEADER_LEN: usize = 1 + 8 + 8 + 8 + 4 + 8 + 32 + 32;
/// Ed25519 signature size.
pub const SIGNATURE_LEN: usize = 64;

/// One exchange, as the gateway reports it (the writer assigns `seq`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// When the exchange completed, microseconds since the Unix epoch.
    pub at_micros: i64,
    /// The request id passed to the upstream.
    pub request_id: [u8; 16],
    /// The consuming client's code.
    pub client: String,
    /// The service's code.
    pub service: String,
    pub method: String,
    pub path: String,
    /// HTTP status returned to the client (the gateway's own errors included).
    pub status: u16,
    pub request_bytes: u64,
    pub response_bytes: u64,
    pub latency_micros: u64,
    /// SHA-256 of the request body as received.
    pub request_digest: [u8; 32],
    /// SHA-256 of the response body as delivered.
    pub response_digest: [u8; 32],
}

/// A sealed entry with its sequence number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub seq: u64,
    pub entry: Entry,
}

fn cut(s: &str) -> &str {
    if s.len() <= MAX_STR {
        return s;
    }
    let mut end = MAX_STR;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    let s = cut(s);
    out.extend_from_slice(&(s.len() as u16).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Reads fixed-size fields off a byte slice.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    what: &'static str,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], what: &'static str) -> Self {
        Reader { bytes, what }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.bytes.len() < n {
            return Err(LogError::Corrupt(format!("{} terpotong", self.what)));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.array::<1>()?[0])
    }
    pub(crate) fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_be_bytes(self.array()?))
    }
    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_be_bytes(self.array()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_be_bytes(self.array()?))
    }
    pub(crate) fn i64(&mut self) -> Result<i64> {
        Ok(i64::from_be_bytes(self.array()?))
    }
    fn string(&mut self) -> Result<String> {
        let n = self.u16()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| LogError::Corrupt(format!("{}: teks bukan UTF-8", self.what)))
    }
    pub(crate) fn finish(self) -> Result<()> {
        if self.bytes.is_empty() { Ok(()) } else { Err(LogError::Corrupt(format!("{}: sisa {} bita", self.what, self.bytes.len()))) }
    }
}

impl Record {
    /// The canonical bytes: what is hashed and stored.
    pub fn encode(&self) -> Vec<u8> {
        let e = &self.entry;
        let mut out = Vec::with_capacity(160 + e.client.len() + e.service.len() + e.method.len() + e.path.len());
        out.push(VERSION);
        out.extend_from_slice(&self.seq.to_be_bytes());
        out.extend_from_slice(&e.at_micros.to_be_bytes());
        out.extend_from_slice(&e.request_id);
        put_str(&mut out, &e.client);
        put_str(&mut out, &e.service);
        put_str(&mut out, &e.method);
        put_str(&mut out, &e.path);
        out.extend_from_slice(&e.status.to_be_bytes());
        out.extend_from_slice(&e.request_bytes.to_be_bytes());
        out.extend_from_slice(&e.response_bytes.to_be_bytes());
        out.extend_from_slice(&e.latency_micros.to_be_bytes());
        out.extend_from_slice(&e.request_digest);
        out.extend_from_slice(&e.response_digest);
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<Record> {
        let mut r = Reader::new(bytes, "rekaman");
        let version = r.u8()?;
        if version != VERSION {
            return Err(LogError::Corrupt(format!("versi rekaman {version} tidak dikenal")));
        }
        let seq = r.u64()?;
        let entry = Entry {
            at_micros: r.i64()?,
            request_id: r.array()?,
            client: r.string()?,
            service: r.string()?,
            method: r.string()?,
            path: r.string()?,
            status: r.u16()?,
            request_bytes: r.u64()?,
            response_bytes: r.u64()?,
            latency_micros: r.u64()?,
            request_digest: r.array()?,
            response_digest: r.array()?,
        };
        r.finish()?;
        Ok(Record { seq, entry })
    }
}

/// What a batch's signature covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchHeader {
    /// First 8 bytes of SHA-256 of the signing public key.
    pub key_id: [u8; 8],
    /// 0, 1, 2, … in file order.
    pub batch_no: u64,
    /// Sequence number of the first record; records are numbered without gaps.
    pub first_seq: u64,
    pub count: u32,
    /// When the batch was sealed, microseconds since the Unix epoch.
    pub sealed_at_micros: i64,
    /// RFC 6962 Merkle tree hash of the records' canonical bytes.
    pub root: [u8; 32],
    /// [`BatchHeader::hash`] of the previous batch; zeros for the first.
    pub prev_hash: [u8; 32],
}

impl BatchHeader {
    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        let mut v = Vec::with_capacity(HEADER_LEN);
        v.push(VERSION);
        v.extend_from_slice(&self.key_id);
        v.extend_from_slice(&self.batch_no.to_be_bytes());
        v.extend_from_slice(&self.first_seq.to_be_bytes());
        v.extend_from_slice(&self.count.to_be_bytes());
        v.extend_from_slice(&self.sealed_at_micros.to_be_bytes());
        v.extend_from_slice(&self.root);
        v.extend_from_slice(&self.prev_hash);
        out.copy_from_slice(&v);
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<BatchHeader> {
        let mut r = Reader::new(bytes, "kepala batch");
        let version = r.u8()?;
        if version != VERSION {
            return Err(LogError::Corrupt(format!("versi kepala batch {version} tidak dikenal")));
        }
        let h = BatchHeader { key_id: r.array()?, batch_no: r.u64()?, first_seq: r.u64()?, count: r.u32()?, sealed_at_micros: r.i64()?, root: r.array()?, prev_hash: r.array()? };
        r.finish()?;
        Ok(h)
    }

    /// The chain link: SHA-256(0x02 ‖ header).
    pub fn hash(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        h.update([0x02]);
        h.update(self.encode());
        h.finalize().into()
    }

    /// Sequence number after the last record of the batch.
    pub fn end_seq(&self) -> u64 {
        self.first_seq + u64::from(self.count)
    }
}

/// Appends one frame (tag, length, payload) to `out`.
pub fn frame(out: &mut Vec<u8>, tag: u8, payload: &[u8]) {
    out.push(tag);
    out.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    out.extend_from_slice(payload);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry() -> Entry {
        Entry {
            at_micros: 1_790_000_000_000_000,
            request_id: [7; 16],
            client: "dinkes-simrs".into(),
            service: "dukcapil-nik".into(),
            method: "GET".into(),
            path: "/penduduk/6471?fields=nama".into(),
            status: 200,
            request_bytes: 0,
            response_bytes: 1024,
            latency_micros: 1500,
            request_digest: [1; 32],
            response_digest: [2; 32],
        }
    }

    #[test]
    fn long_strings_are_cut_at_a_character_boundary() {
        let mut e = entry();
        e.path = "é".repeat(MAX_STR);
        let r = Record { seq: 1, entry: e };
        let back = Record::decode(&r.encode()).ok().map(|r| r.entry.path.len());
        assert_eq!(back, Some(MAX_STR));
    }

    #[test]
    fn trailing_or_missing_bytes_are_corrupt() {
        let bytes = Record { seq: 9, entry: entry() }.encode();
        assert!(Record::decode(&bytes[..bytes.len() - 1]).is_err());
        let mut more = bytes.clone();
        more.push(0);
        assert!(Record::decode(&more).is_err());
    }

    proptest! {
        #[test]
        fn records_round_trip(seq in any::<u64>(), at in any::<i64>(), client in "[a-z0-9-]{0,40}", path in "\\PC{0,200}", status in any::<u16>(), sizes in any::<(u64, u64, u64)>()) {
            let mut e = entry();
            e.at_micros = at;
            e.client = client;
            e.path = path;
            e.status = status;
            (e.request_bytes, e.response_bytes, e.latency_micros) = sizes;
            let r = Record { seq, entry: e };
            prop_assert_eq!(Record::decode(&r.encode()).ok(), Some(r));
        }

        #[test]
        fn headers_round_trip(no in any::<u64>(), first in any::<u64>(), count in any::<u32>(), at in any::<i64>(), root in any::<[u8; 32]>()) {
            let h = BatchHeader { key_id: [3; 8], batch_no: no, first_seq: first, count, sealed_at_micros: at, root, prev_hash: [9; 32] };
            prop_assert_eq!(BatchHeader::decode(&h.encode()).ok(), Some(h));
        }
    }
}
