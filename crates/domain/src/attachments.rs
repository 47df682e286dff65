//! The attachment store (Repositori): files kept in the database for any
//! record, e.g. an agency's LAN diagram, later an application's documents.
//!
//! * "Repositori adalah tempat penyimpanan aplikasi, kode sumber, dan
//!   berbagai dokumentasi aplikasi lainnya" — Perwali Balikpapan 14/2022
//!   Pasal 1 angka 27; documents handed over are kept there (Pasal 29 ayat (1)).
//! * Integrity means modification detection (the regulations' security
//!   principle "keutuhan"): every file is stored with its SHA-256 digest,
//!   which is checked again on every download and on demand.
//!
//! Only a short allowlist of types is accepted, recognised by their first
//! bytes rather than by the name or the type the client claims: PDF, PNG,
//! JPEG, and SVG as UTF-8 text without scripts, event handlers or embedded
//! foreign content (an SVG is a document that browsers would run).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::DomainError;
use crate::validate::Checker;

/// Largest file accepted: 10 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

code_enum!(
    /// What a record's attachment is (the owner kind).
    OwnerKind {
        LanDiagram => ("lan_diagram", "Diagram Jaringan Intra PD (LAN)"),
        ApplicationDocument => ("application_document", "Dokumen aplikasi"),
    }
);

code_enum!(
    /// The accepted file types.
    MediaType {
        Pdf => ("application/pdf", "PDF"),
        Png => ("image/png", "PNG"),
        Jpeg => ("image/jpeg", "JPEG"),
        Svg => ("image/svg+xml", "SVG"),
    }
);

impl MediaType {
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Png => "png",
            MediaType::Jpeg => "jpg",
            MediaType::Svg => "svg",
        }
    }
}

/// The type of `bytes` from their content, if it is one of the allowlist.
/// SVG is recognised as text whose first element is `<svg`; whether it is
/// safe is [`svg_problem`]'s question.
pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
    if bytes.starts_with(b"%PDF-") {
        return Some(MediaType::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(MediaType::Png);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(MediaType::Jpeg);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    // Skip the XML declaration, comments and a DOCTYPE before the root element.
    loop {
        if let Some(r) = rest.strip_prefix("<?xml") {
            rest = r.split_once("?>")?.1.trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->")?.1.trim_start();
        } else if rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype") {
            rest = rest.split_once('>')?.1.trim_start();
        } else {
            break;
        }
    }
    let root = rest.strip_prefix("<svg")?;
    root.starts_with(|c: char| c.is_whitespace() || c == '>' || c == '/').then_some(MediaType::Svg)
}

/// Why an SVG text is not accepted, if it is not: scripts, event-handler
/// attributes, `javascript:` links, embedded HTML, entity declarations
/// (which can expand without bound) and external references.
pub fn svg_problem(text: &str) -> Option<&'static str> {
    let t = text.to_ascii_lowercase();
    if t.contains("<script") {
        return Some("memuat skrip (<script>)");
    }
    if t.contains("javascript:") || t.contains("vbscript:") {
        return Some("memuat tautan javascript:");
    }
    if t.contains("<foreignobject") || t.contains("<iframe") || t.contains("<embed") || t.contains("<object") {
        return Some("memuat konten HTML tertanam");
    }
    if t.contains("<!entity") {
        return Some("memuat deklarasi entitas XML");
    }
    // An attribute named on…= (onload, onclick, …) after whitespace.
    let b = t.as_bytes();
    for (i, w) in b.windows(2).enumerate() {
        if w == b"on" && i > 0 && b[i - 1].is_ascii_whitespace() {
            let name_end = b[i..].iter().position(|c| !c.is_ascii_alphabetic()).map(|n| i + n).unwrap_or(b.len());
            let after = t[name_end..].trim_start();
            if name_end > i + 2 && after.starts_with('=') {
                return Some("memuat atribut penangan peristiwa (on…=)");
            }
        }
    }
    for attr in ["href", "xlink:href"] {
        for (i, _) in t.match_indices(attr) {
            let after = t[i + attr.len()..].trim_start();
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start().trim_start_matches(['"', '\'']);
                if !v.starts_with('#') {
                    return Some("merujuk sumber di luar berkas");
                }
            }
        }
    }
    None
}

/// A file name safe to store and to send back in `Content-Disposition`:
/// the last path component, without control characters or quotes, at most
/// 200 characters; the extension matches the detected type.
pub fn clean_file_name(name: &str, media: MediaType) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last.chars().filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '\\')).collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    let stem = match cleaned.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s.to_string(),
        _ if cleaned.is_empty() => "lampiran".to_string(),
        _ => cleaned,
    };
    let stem: String = stem.chars().take(190).collect();
    format!("{stem}.{}", media.extension())
}

/// A file checked for upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedFile {
    pub file_name: String,
    pub media: MediaType,
    pub size: i64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks an uploaded file: present, within [`MAX_ATTACHMENT_BYTES`], of an
/// allowed type by its content, and, when the client named a type, the same
/// type (a PNG sent as `application/pdf` is refused, not relabelled).
pub fn check_upload(field: &str, file_name: &str, declared: Option<&str>, bytes: &[u8]) -> Result<CheckedFile, DomainError> {
    if bytes.is_empty() {
        let mut c = Checker::new();
        c.push(field, "required", "Pilih berkas yang akan diunggah.");
        c.finish()?;
    }
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(DomainError::PayloadTooLarge(format!("Berkas terlalu besar: paling besar {} MB.", MAX_ATTACHMENT_BYTES / (1024 * 1024))));
    }
    let Some(media) = sniff(bytes) else {
        return Err(DomainError::UnsupportedMediaType("Jenis berkas tidak diterima: unggah PDF, PNG, JPEG atau SVG.".into()));
    };
    let declared = declared.map(|d| d.split(';').next().unwrap_or("").trim().to_ascii_lowercase()).filter(|d| !d.is_empty() && d != "application/octet-stream");
    if let Some(d) = declared {
        let same = d == media.code() || (media == MediaType::Jpeg && d == "image/jpg");
        if !same {
            return Err(DomainError::UnsupportedMediaType(format!("Isi berkas ({}) tidak sesuai dengan jenis yang disebutkan ({d}).", media.label())));
        }
    }
    if media == MediaType::Svg {
        let text = std::str::from_utf8(bytes).map_err(|_| DomainError::UnsupportedMediaType("SVG harus berupa teks UTF-8.".into()))?;
        if let Some(why) = svg_problem(text) {
            return Err(DomainError::UnsupportedMediaType(format!("SVG tidak diterima karena {why}. Simpan ulang sebagai SVG biasa, PNG atau PDF.")));
        }
    }
    Ok(CheckedFile { file_name: clean_file_name(file_name, media), media, size: bytes.len() as i64, sha256: sha256_hex(bytes) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    const SVG: &str = r##"<?xml version="1.0"?><!-- diagram --><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#fff"/><use href="#a"/></svg>"##;

    #[test]
    fn recognises_types_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(MediaType::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some(MediaType::Png));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(MediaType::Jpeg));
        assert_eq!(sniff(SVG.as_bytes()), Some(MediaType::Svg));
        assert_eq!(sniff(b"<svgx>"), None);
        assert_eq!(sniff(b"<html><svg></svg></html>"), None);
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
    }

    #[test]
    fn refuses_active_svg() {
        assert_eq!(svg_problem(SVG), None);
        for bad in [
            "<svg><script>alert(1)</script></svg>",
            "<svg onload=\"alert(1)\"></svg>",
            "<svg><rect ONCLICK = 'x'/></svg>",
            "<svg><a href=\"javascript:alert(1)\"/></svg>",
            "<svg><foreignObject><body/></foreignObject></svg>",
            "<svg><image href=\"http://elsewhere/x.png\"/></svg>",
        ] {
            assert!(svg_problem(bad).is_some(), "{bad}");
        }
        // Words that merely contain "on" are fine.
        assert_eq!(svg_problem("<svg><text font-family=\"x\" data-x=\"a\">Ruang Koneksi</text><polygon points=\"0,0\"/></svg>"), None);
    }

    #[test]
    fn checks_uploads() {
        let ok = check_upload("file", "C:\\Dokumen\\diagram \"LAN\".SVG", Some("image/svg+xml"), SVG.as_bytes()).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((ok.file_name.as_str(), ok.media, ok.size), ("diagram LAN.svg", MediaType::Svg, SVG.len() as i64));
        assert_eq!(ok.sha256, sha256_hex(SVG.as_bytes()));
        assert_eq!(ok.sha256.len(), 64);
        let code = |r: Result<CheckedFile, DomainError>| r.err().map(|e| e.code());
        assert_eq!(code(check_upload("file", "x.pdf", None, b"")), Some(ErrorCode::ValidationFailed));
        assert_eq!(code(check_upload("file", "x.exe", None, b"MZ")), Some(ErrorCode::UnsupportedMediaType));
        assert_eq!(code(check_upload("file", "x.pdf", Some("application/pdf"), b"\x89PNG\r\n\x1a\n")), Some(ErrorCode::UnsupportedMediaType));
        assert_eq!(code(check_upload("file", "x.svg", None, b"<svg><script/></svg>")), Some(ErrorCode::UnsupportedMediaType));
        let big = vec![b'%'; MAX_ATTACHMENT_BYTES + 1];
        assert_eq!(code(check_upload("file", "x.pdf", None, &big)), Some(ErrorCode::PayloadTooLarge));
        assert_eq!(check_upload("file", "", Some("application/octet-stream"), b"%PDF-1.4").map(|f| f.file_name).ok().as_deref(), Some("lampiran.pdf"));
    }
}
