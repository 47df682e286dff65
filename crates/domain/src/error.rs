//! Errors with stable machine-readable codes (the API's `error.code`) and
//! Indonesian messages for people.

use serde::Serialize;

/// Stable error codes. The wire form is snake_case and never changes meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    ValidationFailed,
    NotFound,
    Conflict,
    Unauthenticated,
    Forbidden,
    CsrfFailed,
    RateLimited,
    AccountLocked,
    InvalidCredentials,
    /// The account holds a temporary password and must change it first.
    PasswordChangeRequired,
    BadRequest,
    /// The request body (an uploaded file) exceeds its limit.
    PayloadTooLarge,
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CsrfFailed => "csrf_failed",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::AccountLocked => "account_locked",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::PasswordChangeRequired => "password_change_required",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Internal => "internal",
        }
    }
}

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    /// Stable code, e.g. `required`, `too_long`, `invalid_format`, `taken`.
    pub code: &'static str,
    /// What is wrong, in Bahasa Indonesia.
    pub message: String,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum DomainError {
    #[error("validasi gagal")]
    Validation(Vec<FieldError>),
    #[error("{0} tidak ditemukan")]
    NotFound(&'static str),
    #[error("{message}")]
    Conflict { field: Option<String>, message: String },
    #[error("akses ditolak")]
    Forbidden,
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    TooLarge(String),
}

impl DomainError {
    pub fn code(&self) -> ErrorCode {
        match self {
            DomainError::Validation(_) => ErrorCode::ValidationFailed,
            DomainError::NotFound(_) => ErrorCode::NotFound,
            DomainError::Conflict { .. } => ErrorCode::Conflict,
            DomainError::Forbidden => ErrorCode::Forbidden,
            DomainError::BadRequest(_) => ErrorCode::BadRequest,
            DomainError::TooLarge(_) => ErrorCode::PayloadTooLarge,
        }
    }

    pub fn field(field: &str, code: &'static str, message: impl Into<String>) -> Self {
        DomainError::Validation(vec![FieldError { field: field.into(), code, message: message.into() }])
    }

    /// Field errors to show next to form fields (a conflict on a unique field
    /// is shown as a field error too).
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            DomainError::Validation(v) => v.clone(),
            DomainError::Conflict { field: Some(f), message } => {
                vec![FieldError { field: f.clone(), code: "taken", message: message.clone() }]
            }
            _ => Vec::new(),
        }
    }
}
