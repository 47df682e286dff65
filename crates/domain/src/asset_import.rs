//! Reading an asset list from a spreadsheet's CSV export, as Indonesian
//! offices produce them: `;` or `,` separated (detected; Excel's `sep=`
//! line understood), with or without a UTF-8 byte-order mark (Windows-1252
//! when not UTF-8), prices with thousands dots and decimal commas, dates as
//! `dd/mm/yyyy` or `yyyy-mm-dd`, agencies by code.
//!
//! This module only reads: it turns the file into [`AssetInput`]s and
//! reports what it cannot read, row by row. Looking up agencies, units and
//! people, and validating the assets, is the caller's; the caller imports
//! nothing unless every row is clean.

use serde::Serialize;

use crate::spreadsheet::{norm, Sheet};
use crate::assets::{parse_flexible_date, parse_price, AssetCategory, AssetInput, AssetKind, AssetState};

/// Largest CSV accepted.
pub const MAX_IMPORT_BYTES: usize = 1024 * 1024;
/// Most data rows accepted in one file.
pub const MAX_IMPORT_ROWS: usize = 5000;

/// A column of the import file.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Header as written in the template.
    pub header: &'static str,
    /// Other accepted headers (compared after normalising case, spaces and `-`).
    pub aliases: &'static [&'static str],
    /// The [`AssetInput`] field it fills (validation errors are reported on this column).
    pub field: &'static str,
    pub required: bool,
    /// What to write, for the template's documentation.
    pub hint: &'static str,
}

pub const COLUMNS: &[Column] = &[
    Column { header: "kode_aset", aliases: &["tag", "asset_tag", "kode"], field: "asset_tag", required: false, hint: "kosongkan agar dibuat otomatis" },
    Column { header: "nama", aliases: &["nama_aset", "name"], field: "name", required: true, hint: "nama aset" },
    Column { header: "kategori", aliases: &["category"], field: "category", required: true, hint: "kode atau nama kategori, mis. laptop, Perangkat Jaringan" },
    Column { header: "jenis", aliases: &["kind"], field: "kind", required: false, hint: "perangkat keras/perangkat lunak; boleh kosong" },
    Column { header: "status", aliases: &["state", "kondisi"], field: "state", required: false, hint: "perencanaan, pengadaan, digunakan, dalam perbaikan, dihapuskan; kosong = digunakan" },
    Column { header: "tanggal_status", aliases: &["state_changed_on"], field: "state_changed_on", required: false, hint: "dd/mm/yyyy; kosong = hari ini" },
    Column { header: "kode_pd", aliases: &["pd", "kode_opd", "kode_skpd", "agency_code"], field: "agency_id", required: true, hint: "kode perangkat daerah, mis. DINKES" },
    Column { header: "lokasi", aliases: &["location", "ruang"], field: "location", required: false, hint: "gedung/ruang" },
    Column { header: "kode_unit", aliases: &["unit", "unit_kerja", "unit_code"], field: "unit_id", required: false, hint: "kode unit kerja perangkat daerah tersebut" },
    Column { header: "merek", aliases: &["merk", "pabrikan", "manufacturer"], field: "manufacturer", required: false, hint: "" },
    Column { header: "model", aliases: &["tipe", "type"], field: "model", required: false, hint: "" },
    Column { header: "nomor_seri", aliases: &["no_seri", "serial", "serial_number", "sn"], field: "serial_number", required: false, hint: "" },
    Column { header: "tanggal_pembelian", aliases: &["tgl_pembelian", "tanggal_perolehan", "purchase_date"], field: "purchase_date", required: false, hint: "dd/mm/yyyy atau yyyy-mm-dd" },
    Column { header: "harga", aliases: &["harga_perolehan", "nilai", "price"], field: "price", required: false, hint: "rupiah, mis. Rp 12.500.000 atau 12500000,00" },
    Column { header: "akhir_garansi", aliases: &["garansi", "garansi_sampai", "warranty_until"], field: "warranty_until", required: false, hint: "dd/mm/yyyy" },
    Column { header: "nip_pemegang", aliases: &["nip", "pemegang"], field: "assigned_person_id", required: false, hint: "NIP pegawai perangkat daerah tersebut" },
    Column { header: "catatan", aliases: &["keterangan", "notes"], field: "notes", required: false, hint: "" },
];

/// Columns of the export that say what a code means; an import reads past them.
pub const IGNORED: &[&str] = &["id", "nama_pd", "nama_unit", "nama_pemegang"];

/// The column header a validation error on `field` is reported under.
pub fn column_of_field(field: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.field == field).map(|c| c.header).unwrap_or("")
}

/// One data row read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// Row number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    pub agency_code: String,
    pub unit_code: Option<String>,
    pub person_nip: Option<String>,
    /// `agency_id`, `unit_id` and `assigned_person_id` are left for the caller to resolve.
    pub input: AssetInput,
}

/// A problem with one cell (or with the file, row 0/1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowError {
    pub row: usize,
    /// The column header; empty for the whole row or file.
    pub column: String,
    /// Stable code, as in field errors (`invalid_format`, `unknown_column`, …).
    pub code: &'static str,
    /// Bahasa Indonesia.
    pub message: String,
}

impl RowError {
    pub fn new(row: usize, column: &str, code: &'static str, message: impl Into<String>) -> Self {
        RowError { row, column: column.into(), code, message: message.into() }
    }
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub rows: Vec<ImportRow>,
    pub errors: Vec<RowError>,
    /// The separator detected.
    pub separator: char,
}

fn lookup<T: Copy>(v: &str, all: &[T], code: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Option<&'static str> {
    let n = norm(v);
    all.iter().copied().find(|x| norm(code(*x)) == n || norm(label(*x)) == n).map(code)
}

/// Common names for categories that are neither a code nor a label.
fn category_alias(v: &str) -> Option<&'static str> {
    Some(match norm(v).as_str() {
        "pc" | "desktop" | "komputer_pc" | "personal_computer" => "komputer",
        "notebook" => "laptop",
        "switch" | "router" | "access_point" | "jaringan" => "perangkat_jaringan",
        "software" | "aplikasi" => "perangkat_lunak",
        "antivirus" => "perangkat_lunak_keamanan",
        "nas" | "san" => "penyimpanan",
        _ => return None,
    })
}

/// Reads the file into rows; every problem found is reported, none stops the reading.
pub fn parse_csv(bytes: &[u8]) -> Parsed {
    let mut out = Parsed { separator: ',', ..Default::default() };
    if bytes.len() > MAX_IMPORT_BYTES {
        out.errors.push(RowError::new(0, "", "too_large", format!("Berkas terlalu besar: paling besar {} KB.", MAX_IMPORT_BYTES / 1024)));
        return out;
    }
    let sheet = Sheet::new(bytes);
    out.separator = sheet.separator;
    let mut reader = sheet.reader();
    let mut records = reader.records();
    let header_row = sheet.header_row;
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            out.errors.push(RowError::new(header_row, "", "unreadable", format!("Baris judul kolom tidak terbaca: {e}")));
            return out;
        }
        None => {
            out.errors.push(RowError::new(0, "", "empty", "Berkas kosong: baris pertama harus berisi judul kolom."));
            return out;
        }
    };
    let mut counter = sheet.rows();
    let mut row_of = |byte: u64| counter.row_of(byte);
    let mut map: Vec<Option<&'static Column>> = Vec::new();
    for h in header.iter() {
        let n = norm(h);
        if n.is_empty() || IGNORED.contains(&n.as_str()) {
            map.push(None);
            continue;
        }
        match COLUMNS.iter().find(|c| norm(c.header) == n || c.aliases.iter().any(|a| norm(a) == n)) {
            Some(c) if map.iter().flatten().any(|m| m.header == c.header) => {
                out.errors.push(RowError::new(header_row, h, "duplicate_column", format!("Kolom {} muncul lebih dari sekali.", c.header)));
                map.push(None);
            }
            Some(c) => map.push(Some(c)),
            None => {
                out.errors.push(RowError::new(header_row, h, "unknown_column", format!("Kolom \"{h}\" tidak dikenal; lihat templat CSV.")));
                map.push(None);
            }
        }
    }
    for c in COLUMNS.iter().filter(|c| c.required) {
        if !map.iter().flatten().any(|m| m.header == c.header) {
            out.errors.push(RowError::new(header_row, c.header, "missing_column", format!("Kolom wajib {} tidak ada.", c.header)));
        }
    }
    if !out.errors.is_empty() {
        return out;
    }
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map(|p| row_of(p.byte())).unwrap_or(0);
                out.errors.push(RowError::new(row, "", "unreadable", format!("Baris tidak terbaca: {e}")));
                continue;
            }
        };
        let row = rec.position().map(|p| row_of(p.byte())).unwrap_or(0);
        if rec.iter().all(|v| v.trim().is_empty()) {
            continue;
        }
        if out.rows.len() >= MAX_IMPORT_ROWS {
            out.errors.push(RowError::new(row, "", "too_many_rows", format!("Paling banyak {MAX_IMPORT_ROWS} baris aset dalam satu berkas.")));
            break;
        }
        if rec.len() > map.len() && rec.iter().skip(map.len()).any(|v| !v.is_empty()) {
            out.errors.push(RowError::new(row, "", "extra_cells", "Baris berisi lebih banyak sel daripada judul kolom; periksa pemisah (; atau ,)."));
        }
        let mut r = ImportRow { row, agency_code: String::new(), unit_code: None, person_nip: None, input: AssetInput { state: "digunakan".into(), ..Default::default() } };
        for (i, v) in rec.iter().enumerate() {
            let Some(Some(col)) = map.get(i) else { continue };
            let v = v.trim();
            let opt = || (!v.is_empty()).then(|| v.to_string());
            let i = &mut r.input;
            match col.field {
                "asset_tag" => i.asset_tag = opt(),
                "name" => i.name = v.into(),
                "category" => i.category = lookup(v, AssetCategory::ALL, AssetCategory::code, AssetCategory::label).or_else(|| category_alias(v)).map(str::to_string).unwrap_or_else(|| v.into()),
                "kind" => i.kind = opt().map(|v| lookup(&v, AssetKind::ALL, AssetKind::code, AssetKind::label).map(str::to_string).unwrap_or(v)),
                "state" if !v.is_empty() => i.state = lookup(v, AssetState::ALL, AssetState::code, AssetState::label).map(str::to_string).unwrap_or_else(|| v.into()),
                "agency_id" => r.agency_code = v.to_uppercase(),
                "location" => i.location = opt(),
                "unit_id" => r.unit_code = opt().map(|v| v.to_uppercase()),
                "manufacturer" => i.manufacturer = opt(),
                "model" => i.model = opt(),
                "serial_number" => i.serial_number = opt(),
                "notes" => i.notes = opt(),
                "assigned_person_id" => r.person_nip = opt().map(|v| v.chars().filter(|c| !c.is_whitespace() && *c != '\'').collect()),
                "price" if !v.is_empty() => match parse_price(v) {
                    Ok(p) => i.price = Some(p),
                    Err(m) => out.errors.push(RowError::new(row, col.header, "invalid_format", m)),
                },
                "state_changed_on" | "purchase_date" | "warranty_until" if !v.is_empty() => match parse_flexible_date(v) {
                    Some(d) => match col.field {
                        "state_changed_on" => i.state_changed_on = Some(d),
                        "purchase_date" => i.purchase_date = Some(d),
                        _ => i.warranty_until = Some(d),
                    },
                    None => out.errors.push(RowError::new(row, col.header, "invalid_format", format!("Tanggal \"{v}\" tidak dikenali; tulis dd/mm/yyyy atau yyyy-mm-dd."))),
                },
                _ => {}
            }
        }
        if r.agency_code.is_empty() {
            out.errors.push(RowError::new(row, "kode_pd", "required", "Kode perangkat daerah wajib diisi."));
        }
        out.rows.push(r);
    }
    if out.rows.is_empty() && out.errors.is_empty() {
        out.errors.push(RowError::new(0, "", "empty", "Berkas tidak berisi baris aset."));
    }
    out
}

/// A template to fill in a spreadsheet: `;`-separated, UTF-8 with BOM (so
/// Excel in Indonesian settings opens it in columns), a header and one example row.
pub fn template_csv() -> String {
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.header).collect();
    let example = [
        "", "Laptop Staf Perencanaan", "laptop", "perangkat keras", "digunakan", "15/01/2025", "BAPPEDA", "Gedung B lantai 2", "", "Lenovo", "ThinkPad E14", "PF3XK2L9", "10/01/2025",
        "Rp 14.250.000", "10/01/2028", "", "Contoh; hapus baris ini",
    ];
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let ok = w.write_record(&header).is_ok() && w.write_record(example).is_ok();
    let body = w.into_inner().ok().filter(|_| ok).and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
    format!("\u{feff}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_indonesian_excel_exports() {
        let file = "\u{feff}Kode Aset;Nama;Kategori;Status;Kode PD;Harga;Tanggal Pembelian;Akhir Garansi;NIP Pemegang\r\n\
                    ;Laptop Sekretaris;Laptop;Digunakan;dinkes;Rp 12.500.000;05/03/2024;2027-03-05;'198503102010011002\r\n\
                    TIK-X-1;\"Switch; lantai 2\";Perangkat Jaringan;dalam perbaikan;DINKES;7500000,00;;;\r\n\
                    ;;;;;;;;\r\n";
        let p = parse_csv(file.as_bytes());
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.separator, ';');
        assert_eq!(p.rows.len(), 2);
        let a = &p.rows[0];
        assert_eq!((a.row, a.agency_code.as_str(), a.input.category.as_str(), a.input.price), (2, "DINKES", "laptop", Some(12_500_000)));
        assert_eq!((a.input.purchase_date.as_deref(), a.input.warranty_until.as_deref()), (Some("2024-03-05"), Some("2027-03-05")));
        assert_eq!(a.person_nip.as_deref(), Some("198503102010011002"));
        let b = &p.rows[1];
        assert_eq!((b.row, b.input.name.as_str(), b.input.category.as_str(), b.input.state.as_str(), b.input.price), (3, "Switch; lantai 2", "perangkat_jaringan", "dalam_perbaikan", Some(7_500_000)));
    }

    #[test]
    fn comma_files_sep_lines_and_windows_1252() {
        let p = parse_csv(b"nama,kategori,kode_pd,harga\nPrinter Ruang Rapat,printer,DISDIKBUD,\"2.350.000\"\n");
        assert_eq!((p.errors.len(), p.separator, p.rows[0].input.price), (0, ',', Some(2_350_000)));
        let p = parse_csv(b"sep=;\nnama;kategori;kode_pd\nKamera \x93Lobi\x94;CCTV;DINKES\n");
        assert_eq!(p.errors, vec![]);
        assert_eq!((p.rows[0].row, p.rows[0].input.name.as_str(), p.rows[0].input.category.as_str()), (3, "Kamera “Lobi”", "cctv"));
    }

    #[test]
    fn reports_every_problem_with_row_and_column() {
        let file = "nama;kategori;kode_pd;harga;tanggal_pembelian;warna\nA;laptop;DINKES;dua juta;31/02/2024;merah\n";
        let p = parse_csv(file.as_bytes());
        assert_eq!(p.errors, vec![RowError::new(1, "warna", "unknown_column", "Kolom \"warna\" tidak dikenal; lihat templat CSV.")]);
        let file = "nama;kategori;kode_pd;harga;tanggal_pembelian\nA;laptop;;dua juta;31/02/2024\n";
        let p = parse_csv(file.as_bytes());
        let got: Vec<(usize, &str, &str)> = p.errors.iter().map(|e| (e.row, e.column.as_str(), e.code)).collect();
        assert_eq!(got, vec![(2, "harga", "invalid_format"), (2, "tanggal_pembelian", "invalid_format"), (2, "kode_pd", "required")]);
        let p = parse_csv(b"nama;kode_pd\nA;DINKES\n");
        assert_eq!(p.errors[0].code, "missing_column");
        assert_eq!(parse_csv(b"").errors[0].code, "empty");
        assert_eq!(parse_csv(&vec![b'a'; MAX_IMPORT_BYTES + 1]).errors[0].code, "too_large");
    }

    #[test]
    fn reads_its_own_export_columns() {
        let p = parse_csv(b"kode_aset,nama,kategori,jenis,status,tanggal_status,kode_pd,nama_pd,lokasi,nama_unit,harga,nama_pemegang\nX-1,A,laptop,perangkat_keras,digunakan,2025-01-02,DINKES,Dinas Kesehatan,,,100,\n");
        assert_eq!(p.errors, vec![]);
        assert_eq!((p.rows[0].input.asset_tag.as_deref(), p.rows[0].input.price), (Some("X-1"), Some(100)));
    }

    #[test]
    fn template_reads_back() {
        let t = template_csv();
        assert!(t.starts_with('\u{feff}'));
        let p = parse_csv(t.as_bytes());
        assert_eq!(p.errors, vec![]);
        assert_eq!((p.rows[0].input.price, p.rows[0].input.kind.as_deref()), (Some(14_250_000), Some("perangkat_keras")));
        assert_eq!(column_of_field("price"), "harga");
    }
}
