//! Application errors: one type for the API (JSON with a stable code) and the
//! UI (an Indonesian page).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use simpul_domain::{DomainError, ErrorCode, FieldError};
use simpul_store::StoreError;

#[derive(Debug)]
pub enum AppError {
    Unauthenticated,
    Forbidden,
    Csrf,
    RateLimited,
    Locked,
    InvalidCredentials,
    PasswordChangeRequired,
    Domain(DomainError),
    Internal(String),
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError::Domain(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Domain(d) => AppError::Domain(d),
            other => AppError::Internal(other.to_string()),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `validation_failed`, `forbidden`.
    pub code: String,
    /// Human-readable message (Bahasa Indonesia).
    pub message: String,
    /// Per-field problems for `validation_failed` and `conflict`.
    #[schema(value_type = Vec<Object>)]
    pub fields: Vec<FieldError>,
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated => ErrorCode::Unauthenticated,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::Csrf => ErrorCode::CsrfFailed,
            AppError::RateLimited => ErrorCode::RateLimited,
            AppError::Locked => ErrorCode::AccountLocked,
            AppError::InvalidCredentials => ErrorCode::InvalidCredentials,
            AppError::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            AppError::Domain(d) => d.code(),
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self.code() {
            ErrorCode::ValidationFailed => StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::Conflict => StatusCode::CONFLICT,
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden | ErrorCode::CsrfFailed | ErrorCode::PasswordChangeRequired => StatusCode::FORBIDDEN,
            ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::AccountLocked => StatusCode::LOCKED,
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What a person is told, in Bahasa Indonesia.
    pub fn message(&self) -> String {
        match self {
            AppError::Unauthenticated => "Silakan masuk terlebih dahulu.".into(),
            AppError::Forbidden => "Anda tidak memiliki hak akses untuk tindakan ini.".into(),
            AppError::Csrf => "Permintaan ditolak karena token keamanan (CSRF) tidak valid. Muat ulang halaman lalu coba lagi.".into(),
            AppError::RateLimited => "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.".into(),
            AppError::Locked => "Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit atau hubungi administrator.".into(),
            AppError::InvalidCredentials => "Nama pengguna atau kata sandi salah.".into(),
            AppError::PasswordChangeRequired => "Kata sandi Anda sementara; ganti dahulu melalui POST /api/v1/me/password.".into(),
            AppError::Domain(DomainError::Validation(_)) => "Periksa kembali isian yang ditandai.".into(),
            AppError::Domain(d) => d.to_string(),
            AppError::Internal(_) => "Terjadi kesalahan pada server.".into(),
        }
    }

    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            AppError::Domain(d) => d.field_errors(),
            _ => Vec::new(),
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody { error: ErrorDetail { code: self.code().as_str().into(), message: self.message(), fields: self.fields() } }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(msg) = &self {
            tracing::error!(error = %msg, "internal error");
        }
        (self.status(), axum::Json(self.body())).into_response()
    }
}

pub type ApiResult<T> = Result<T, AppError>;
