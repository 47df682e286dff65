//! Reading spreadsheet CSV exports as Indonesian offices produce them:
//! `;`, `,` or tab separated (detected; Excel's `sep=` line understood), with
//! or without a UTF-8 byte-order mark (Windows-1252 when not UTF-8), and
//! spreadsheet row numbers for error reports. Shared by the asset import
//! ([`crate::asset_import`]) and dataset uploads ([`crate::datasets`]).

use std::borrow::Cow;

/// Header names compared after trimming, dropping `*`, lower-casing and
/// turning spaces, `-` and `.` into `_`.
pub fn norm(s: &str) -> String {
    s.trim().trim_matches('*').trim().to_lowercase().replace([' ', '-', '.'], "_")
}

/// The text of the file: UTF-8 (byte-order mark dropped; not copied), or Windows-1252.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect()),
    }
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) { HIGH[usize::from(b - 0x80)] } else { char::from(b) }
}

/// `;`, `,` or tab, whichever the header line uses most (outside quotes); `,` on a tie.
pub fn detect_separator(header: &str) -> char {
    let (mut semi, mut comma, mut tab, mut quoted) = (0, 0, 0, false);
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semi += 1,
            ',' if !quoted => comma += 1,
            '\t' if !quoted => tab += 1,
            _ => {}
        }
    }
    if tab > semi && tab > comma {
        '\t'
    } else if semi > comma {
        ';'
    } else {
        ','
    }
}

/// A decoded CSV file, ready to read.
#[derive(Debug, Clone)]
pub struct Sheet<'b> {
    /// The text after any `sep=` line.
    pub text: Cow<'b, str>,
    pub separator: char,
    /// Spreadsheet row of the header (2 after a `sep=` line).
    pub header_row: usize,
}

impl<'b> Sheet<'b> {
    /// Decodes the bytes and finds the separator.
    pub fn new(bytes: &'b [u8]) -> Sheet<'b> {
        let text = decode(bytes);
        // Excel's "sep=;" first line names the separator.
        let sep = match text.lines().next().map(str::trim) {
            Some(l) if l.to_lowercase().starts_with("sep=") && l.chars().count() == 5 => l.chars().nth(4),
            _ => None,
        };
        let (text, sep_line, forced) = match sep {
            Some(c) => {
                let after = text.split_once('\n').map_or(text.len(), |x| text.len() - x.1.len());
                let rest = match text {
                    Cow::Borrowed(t) => Cow::Borrowed(&t[after..]),
                    Cow::Owned(t) => Cow::Owned(t[after..].to_string()),
                };
                (rest, 1, Some(c))
            }
            None => (text, 0, None),
        };
        let header_line = text.lines().next().unwrap_or("");
        let separator = forced.unwrap_or_else(|| detect_separator(header_line));
        Sheet { text, separator, header_row: 1 + sep_line }
    }

    /// A reader of records (the header is the first), cells trimmed, ragged rows allowed.
    pub fn reader(&self) -> csv::Reader<&[u8]> {
        self.reader_of(self.text.as_bytes(), csv::Trim::All)
    }

    /// The same reader over part of the text (from a record's start);
    /// `csv::Trim::None` for callers that trim each cell themselves (the
    /// csv crate's trimming copies every record).
    pub fn reader_of<'t>(&self, text: &'t [u8], trim: csv::Trim) -> csv::Reader<&'t [u8]> {
        csv::ReaderBuilder::new().delimiter(self.separator as u8).has_headers(false).flexible(true).trim(trim).from_reader(text)
    }

    /// Counts spreadsheet rows for records read in order.
    pub fn rows(&self) -> RowCounter<'_> {
        RowCounter::new(self.text.as_bytes(), self.header_row)
    }
}

/// Spreadsheet row of a record from its byte offset: line breaks before it
/// (the reader reports a CRLF file's lines one short), counted incrementally
/// from the previous record.
pub struct RowCounter<'a> {
    bytes: &'a [u8],
    header_row: usize,
    seen_byte: usize,
    seen_lines: usize,
}

impl<'a> RowCounter<'a> {
    /// Rows of `bytes`, whose first line is spreadsheet row `first_row`.
    pub fn new(bytes: &'a [u8], first_row: usize) -> Self {
        RowCounter { bytes, header_row: first_row, seen_byte: 0, seen_lines: 0 }
    }

    pub fn row_of(&mut self, byte: u64) -> usize {
        let bytes = self.bytes;
        let mut b = (byte as usize).min(bytes.len());
        while b < bytes.len() && matches!(bytes[b], b'\r' | b'\n') {
            b += 1;
        }
        if b >= self.seen_byte {
            self.seen_lines += bytes[self.seen_byte..b].iter().filter(|&&c| c == b'\n').count();
            self.seen_byte = b;
        }
        self.header_row + self.seen_lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_sep_line_and_rows() {
        let s = Sheet::new(b"\xEF\xBB\xBFsep=;\r\na;b\r\n1;2\r\n3;4\r\n");
        assert_eq!((s.separator, s.header_row), (';', 2));
        let mut rows = s.rows();
        let mut r = s.reader();
        let got: Vec<usize> = r.records().map(|rec| rec.ok().and_then(|x| x.position().map(|p| rows.row_of(p.byte()))).unwrap_or(0)).collect();
        assert_eq!(got, vec![2, 3, 4]);
        assert_eq!(decode(b"caf\xe9 \x80"), "café €");
    }
}
