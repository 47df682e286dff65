//! Reading the first sheet of an .xlsx workbook into text cells, for
//! dataset uploads. calamine (pure Rust, maintained, read-only) is used
//! only here, so it stays a leaf of the web crate.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

/// An .xlsx file is a ZIP archive.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Excel's day 0 is 1899-12-30 (with the 1900 leap-year bug folded in).
fn excel_date(serial: f64) -> Option<String> {
    let base = time::Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
    let d = base.checked_add(time::Duration::days(serial.floor() as i64))?;
    Some(d.to_string())
}

fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_default(),
    }
}

/// A sheet's header and its rows, each with its spreadsheet row number.
pub type SheetRows = (Vec<String>, Vec<(usize, Vec<String>)>);

/// Header and rows (with spreadsheet row numbers) of the first sheet.
pub fn read_first_sheet(bytes: &[u8]) -> Result<SheetRows, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("Berkas .xlsx tidak terbaca: {e}"))?;
    let range = book.worksheet_range_at(0).ok_or("Buku kerja tidak berisi lembar kerja.")?.map_err(|e| format!("Lembar kerja pertama tidak terbaca: {e}"))?;
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut rows = range.rows();
    let header = rows.next().map(|r| r.iter().map(cell_text).collect()).unwrap_or_default();
    let data = rows.enumerate().map(|(i, r)| (first_row + i + 2, r.iter().map(cell_text).collect())).collect();
    Ok((header, data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(45658.0).as_deref(), Some("2025-01-01"));
        assert!(!is_xlsx(b"nama;jenis"));
    }
}
