//! The stored form of a dataset version's checked rows: blocks of
//! [`ROWS_PER_BLOCK`] rows, each one JSON array of
//! `[row_no, [values in declared column order]]` (JSON numbers for
//! integer/decimal columns, `YYYY-MM-DD` strings for dates, strings
//! otherwise, `null` when empty). The check ([`crate::datasets::check_csv`])
//! writes each accepted cell straight into its block's text, so an upload of
//! a million rows never becomes a million vectors of `serde_json::Value`;
//! the store seals (rahasia) and writes the blocks as they are, and decodes
//! them with [`decode_block`]. The format is the one the store has always
//! written (migration 0009), so earlier versions read the same way.

use std::io::Write;

use serde_json::Value;

/// Data rows per block (one `dataset_rows` record).
pub const ROWS_PER_BLOCK: usize = 1000;

/// One block: rows `first_row…` (spreadsheet row numbers), `count` of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowBlock {
    pub first_row: usize,
    pub count: usize,
    pub json: String,
}

/// Checked rows, in blocks, in file order.
#[derive(Debug, Clone, Default)]
pub struct RowBlocks {
    pub blocks: Vec<RowBlock>,
    rows: usize,
    /// The block being written.
    open: Vec<u8>,
    open_first: usize,
    open_count: usize,
}

impl RowBlocks {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends a row: its spreadsheet row number and its values already
    /// encoded as JSON, one slice each in declared column order (`None`: null).
    pub(crate) fn push<'v>(&mut self, row: usize, values: impl Iterator<Item = Option<&'v [u8]>>) {
        if self.open_count == 0 {
            self.open.push(b'[');
            self.open_first = row;
        } else {
            self.open.push(b',');
        }
        let _ = write!(self.open, "[{row},[");
        for (i, v) in values.enumerate() {
            if i > 0 {
                self.open.push(b',');
            }
            self.open.extend_from_slice(v.unwrap_or(b"null"));
        }
        self.open.extend_from_slice(b"]]");
        self.open_count += 1;
        self.rows += 1;
        if self.open_count == ROWS_PER_BLOCK {
            self.close();
        }
    }

    fn close(&mut self) {
        if self.open_count == 0 {
            return;
        }
        self.open.push(b']');
        // The next block will be about as long.
        let next = Vec::with_capacity(self.open.len() + self.open.len() / 8);
        let bytes = std::mem::replace(&mut self.open, next);
        // Valid UTF-8 by construction: JSON written from `&str` cells.
        let json = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.blocks.push(RowBlock { first_row: self.open_first, count: self.open_count, json });
        self.open_count = 0;
    }

    /// Closes the last block.
    pub(crate) fn finish(&mut self) {
        self.close();
    }

    /// Appends the blocks of `other` after this one's, closing both last blocks.
    pub(crate) fn append(&mut self, mut other: RowBlocks) {
        self.close();
        other.close();
        self.rows += other.rows;
        self.blocks.extend(other.blocks);
    }

    pub(crate) fn clear(&mut self) {
        *self = RowBlocks::default();
    }

    /// Every row decoded (tests, small tables).
    pub fn decode(&self) -> Result<Vec<(i64, Vec<Value>)>, serde_json::Error> {
        let mut out = Vec::with_capacity(self.rows);
        for b in &self.blocks {
            out.extend(decode_block(&b.json)?);
        }
        Ok(out)
    }
}

/// SHA-256 (hex) over the plain text of a version's blocks in row order
/// (each preceded by its length): recorded at upload, recomputed on read and by verify.
#[derive(Default)]
pub struct RowsDigest(sha2::Sha256);

impl RowsDigest {
    pub fn add(&mut self, block: &str) {
        use sha2::Digest;
        self.0.update((block.len() as u64).to_be_bytes());
        self.0.update(block.as_bytes());
    }

    pub fn finish(self) -> String {
        use sha2::Digest;
        hex::encode(self.0.finalize())
    }
}

impl RowBlocks {
    /// The [`RowsDigest`] of these blocks.
    pub fn digest(&self) -> String {
        let mut d = RowsDigest::default();
        for b in &self.blocks {
            d.add(&b.json);
        }
        d.finish()
    }
}

/// The rows of one stored block.
pub fn decode_block(json: &str) -> Result<Vec<(i64, Vec<Value>)>, serde_json::Error> {
    serde_json::from_str(json)
}

/// Writes `s` as a JSON string.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) {
    if s.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        let _ = serde_json::to_writer(&mut *out, s);
    }
}

/// Writes a number the way `serde_json` prints it.
pub(crate) fn write_num<N: serde::Serialize>(out: &mut Vec<u8>, n: N) {
    let _ = serde_json::to_writer(&mut *out, &n);
}

/// Writes a date as `"YYYY-MM-DD"`.
pub(crate) fn write_date(out: &mut Vec<u8>, d: time::Date) {
    let _ = write!(out, "\"{:04}-{:02}-{:02}\"", d.year(), u8::from(d.month()), d.day());
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn blocks_of_a_thousand_round_trip() {
        let mut b = RowBlocks::default();
        let mut cell = Vec::new();
        for r in 0..2500usize {
            cell.clear();
            write_str(&mut cell, if r == 7 { "kutip \" dan \\ garis\nbaru" } else { "Teluk Sirih" });
            let mut num = Vec::new();
            write_num(&mut num, r as f64 / 4.0);
            b.push(r + 2, [Some(cell.as_slice()), None, Some(num.as_slice())].into_iter());
        }
        b.finish();
        assert_eq!((b.len(), b.blocks.len()), (2500, 3));
        assert_eq!(b.blocks.iter().map(|x| (x.first_row, x.count)).collect::<Vec<_>>(), vec![(2, 1000), (1002, 1000), (2002, 500)]);
        let rows = b.decode().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(rows[0], (2, vec![json!("Teluk Sirih"), Value::Null, json!(0.0)]));
        assert_eq!(rows[7].1[0], json!("kutip \" dan \\ garis\nbaru"));
        assert_eq!(rows[2499], (2501, vec![json!("Teluk Sirih"), Value::Null, json!(624.75)]));
        // The same text serde_json writes for the same values (the format of earlier versions).
        let earlier: Vec<(usize, Vec<Value>)> = rows[..1000].iter().map(|(n, v)| (*n as usize, v.clone())).collect();
        assert_eq!(b.blocks[0].json, serde_json::to_string(&earlier).unwrap_or_else(|e| panic!("{e}")));
    }
}
