//! Attachments over HTTP, for every module that owns files: reading a
//! multipart upload (API and forms alike), answering a download with safe
//! headers after checking the stored digest, and who may read an
//! attachment (decided by its owner's kind; unknown kinds are refused).

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use simpul_domain::attachments::{OwnerKind, MAX_ATTACHMENT_BYTES};
use simpul_domain::roles::Action;
use simpul_domain::DomainError;
use simpul_store::attachments::{AttachmentFile, AttachmentMeta};

use crate::ctx::Ctx;
use crate::error::AppError;

/// Largest multipart body accepted: the largest file plus room for the other fields.
pub const MAX_UPLOAD_BODY: usize = MAX_ATTACHMENT_BYTES + 256 * 1024;

pub fn too_large() -> AppError {
    AppError::Domain(DomainError::PayloadTooLarge(format!("Berkas terlalu besar: paling besar {} MB.", MAX_ATTACHMENT_BYTES / (1024 * 1024))))
}

/// The file part of an upload.
#[derive(Debug, Clone, Default)]
pub struct UploadedFile {
    pub file_name: String,
    /// The type the client named, if any (checked against the content).
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A multipart body read completely: its text fields and its file field.
#[derive(Debug, Clone, Default)]
pub struct Upload {
    pub fields: Vec<(String, String)>,
    pub file: Option<UploadedFile>,
}

impl Upload {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A multipart body that has not been read. The extractor never rejects:
/// a body that is not multipart becomes an error only when [`read`] is
/// awaited, which actions do after authorizing the caller.
///
/// [`read`]: MultipartBody::read
pub struct MultipartBody(Result<Multipart, AppError>);

impl<S: Send + Sync> FromRequest<S> for MultipartBody {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Ok(MultipartBody(Multipart::from_request(req, state).await.map_err(|e| {
            AppError::Domain(DomainError::UnsupportedMediaType(format!("Kirim berkas sebagai multipart/form-data dengan bagian `file` ({}).", e.body_text())))
        })))
    }
}

fn multipart_error(e: axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE { too_large() } else { AppError::Domain(DomainError::BadRequest(format!("Isian multipart tidak valid: {}", e.body_text()))) }
}

impl MultipartBody {
    /// Reads every part; the part named `file_field` is the file (at most
    /// [`MAX_ATTACHMENT_BYTES`]).
    pub async fn read(self, file_field: &str) -> Result<Upload, AppError> {
        self.read_limited(file_field, MAX_ATTACHMENT_BYTES, too_large).await
    }

    /// Reads every part, the file chunk by chunk, refusing it with
    /// `too_large()` as soon as it passes `max` bytes (the route itself
    /// lifts axum's body limit).
    pub async fn read_limited(self, file_field: &str, max: usize, too_large: impl Fn() -> AppError) -> Result<Upload, AppError> {
        let mut m = self.0?;
        let mut up = Upload::default();
        while let Some(mut field) = m.next_field().await.map_err(multipart_error)? {
            let name = field.name().unwrap_or("").to_string();
            if name == file_field {
                let file_name = field.file_name().unwrap_or("").to_string();
                let content_type = field.content_type().map(str::to_string);
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                    if bytes.len() + chunk.len() > max {
                        return Err(too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                up.file = Some(UploadedFile { file_name, content_type, bytes });
            } else {
                let text = field.text().await.map_err(multipart_error)?;
                up.fields.push((name, text));
            }
        }
        Ok(up)
    }
}

/// Whether the caller may read an attachment: decided by its owner's kind.
pub fn require_read(ctx: &Ctx, meta: &AttachmentMeta) -> Result<(), AppError> {
    match OwnerKind::from_code(&meta.owner_kind) {
        // LAN diagrams are part of the network registry every signed-in user reads.
        Some(OwnerKind::LanDiagram) => ctx.require(Action::ViewDirectory).map(|_| ()),
        // So are the application registry and the documentation handed over with each application.
        Some(OwnerKind::ApplicationDocument) => ctx.require(Action::ViewDirectory).map(|_| ()),
        None => Err(AppError::Forbidden),
    }
}

fn percent_encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

/// `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name.
pub fn disposition(file_name: &str) -> String {
    let ascii: String = file_name.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' { c } else { '_' }).collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{}", percent_encode(file_name))
}

/// The file as a download, after checking it against its recorded SHA-256:
/// a file changed behind Simpul's back is not served.
pub fn download(f: AttachmentFile) -> Result<Response, AppError> {
    let check = f.integrity();
    if !check.intact {
        return Err(AppError::Domain(DomainError::IntegrityFailed(format!(
            "Berkas lampiran #{} berubah sejak diunggah (SHA-256 tercatat {}, sekarang {}); berkas tidak disajikan. Laporkan kepada Diskominfo.",
            f.meta.id, check.recorded_sha256, check.actual_sha256
        ))));
    }
    let header = |v: &str| HeaderValue::from_str(v).map_err(|e| AppError::Internal(e.to_string()));
    let mut res = Body::from(f.content).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, header(&f.meta.content_type)?);
    h.insert(header::CONTENT_DISPOSITION, header(&disposition(&f.meta.file_name))?);
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Even if opened in place, an SVG runs nothing and loads nothing.
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; sandbox"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    h.insert("x-content-sha256", header(&f.meta.sha256)?);
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispositions() {
        assert_eq!(disposition("diagram lan.pdf"), "attachment; filename=\"diagram lan.pdf\"; filename*=UTF-8''diagram%20lan.pdf");
        assert_eq!(disposition("jaringan–2025.svg"), "attachment; filename=\"jaringan_2025.svg\"; filename*=UTF-8''jaringan%E2%80%932025.svg");
    }
}
