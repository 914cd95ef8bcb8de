//! `ApiError`: the one error type of the HTTP layer, and the one place where
//! errors become HTTP responses (RFC 9457 `application/problem+json`).
//!
//! Feature services return their own errors and convert into `ApiError` with
//! `From`; nothing else implements `ResponseError`. A 5xx never shows its
//! cause to the client: the full cause chain goes to the log instead.

use actix_web::{
    HttpResponse, ResponseError,
    http::{
        StatusCode,
        header::{RETRY_AFTER, WWW_AUTHENTICATE},
    },
};
use atende_types::{ErrorBody, FieldError, error::PROBLEM_JSON};

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The route or the resource does not exist, or is outside the caller's
    /// scope (which must look the same).
    #[error("not found")]
    NotFound,
    /// The body could not be parsed (malformed JSON, bad encoding).
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Input parsed but broke a rule; names the field.
    #[error("validation failed on `{field}`: {message}")]
    Validation { field: String, message: String },
    /// Several fields broke rules, reported at once (`(field, message)`,
    /// at least one).
    #[error("validation failed on {} fields", .0.len())]
    Validations(Vec<(String, String)>),
    /// The request body is larger than allowed.
    #[error("payload too large (limit {limit} bytes)")]
    PayloadTooLarge { limit: usize },
    /// The request body has a media type this endpoint does not read.
    #[error("unsupported media type, expected {expected}")]
    UnsupportedMediaType { expected: &'static str },
    /// No valid credentials: missing, malformed, expired or revoked token.
    #[error("not authenticated")]
    Unauthenticated,
    /// Wrong e-mail or password (or the account cannot sign in now). One
    /// answer for all of them, so it tells an attacker nothing.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The MFA code (or recovery code) was wrong, used before or expired.
    #[error("invalid MFA code")]
    InvalidMfaCode,
    /// Authenticated, but the role lacks the permission.
    #[error("forbidden: {0}")]
    Forbidden(#[from] atende_core::access::Denied),
    /// Signed in under a role that requires MFA, not enrolled yet.
    #[error("MFA enrollment required")]
    MfaEnrollmentRequired,
    /// The request conflicts with the current state (duplicate, still in
    /// use…).
    #[error("conflict on `{field}`: {message}")]
    Conflict { field: String, message: String },
    /// Too many attempts from this address; retry after the given seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: u64 },
    /// The database is unreachable; the service cannot answer now.
    #[error("service unavailable")]
    Unavailable(#[source] anyhow::Error),
    /// Anything unexpected. Logged with its cause chain, never shown.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    /// A validation failure on `field`.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The stable code of this kind of problem; the last segment of `type`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound => "not-found",
            Self::BadRequest(_) => "bad-request",
            Self::Validation { .. } | Self::Validations(_) => "validation",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid-credentials",
            Self::InvalidMfaCode => "invalid-mfa-code",
            Self::Forbidden(_) => "forbidden",
            Self::MfaEnrollmentRequired => "mfa-enrollment-required",
            Self::Conflict { .. } => "conflict",
            Self::TooManyRequests { .. } => "too-many-requests",
            Self::PayloadTooLarge { .. } => "payload-too-large",
            Self::UnsupportedMediaType { .. } => "unsupported-media-type",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::NotFound => "Not found",
            Self::BadRequest(_) => "Malformed request",
            Self::Validation { .. } | Self::Validations(_) => "Validation failed",
            Self::Unauthenticated => "Authentication required",
            Self::InvalidCredentials => "Invalid e-mail or password",
            Self::InvalidMfaCode => "Invalid verification code",
            Self::Forbidden(_) => "Forbidden",
            Self::MfaEnrollmentRequired => "MFA enrollment required",
            Self::Conflict { .. } => "Conflict",
            Self::TooManyRequests { .. } => "Too many requests",
            Self::PayloadTooLarge { .. } => "Payload too large",
            Self::UnsupportedMediaType { .. } => "Unsupported media type",
            Self::Unavailable(_) => "Service unavailable",
            Self::Internal(_) => "Internal server error",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Self::NotFound => Some("The requested resource does not exist.".into()),
            Self::BadRequest(detail) => Some(detail.clone()),
            Self::Validation { field, message } => Some(format!("`{field}`: {message}")),
            Self::Validations(all) => Some(
                all.iter()
                    .map(|(field, message)| format!("`{field}`: {message}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Self::Unauthenticated => {
                Some("Sign in again: the access token is missing, invalid, expired or revoked.".into())
            }
            Self::InvalidCredentials => Some(
                "The e-mail or password is wrong. After 5 failed attempts sign-in is locked for 15 minutes."
                    .into(),
            ),
            Self::InvalidMfaCode => Some(
                "The code is wrong, expired or was already used. Wait for the next code of the app, or use a recovery code."
                    .into(),
            ),
            Self::Forbidden(denied) => Some(format!("{denied}.")),
            Self::MfaEnrollmentRequired => Some(
                "Your role requires two-factor authentication: enroll at /api/v1/me/mfa/enrollment first."
                    .into(),
            ),
            Self::Conflict { field, message } => Some(format!("`{field}`: {message}")),
            Self::TooManyRequests { retry_after_secs } => Some(format!(
                "Too many attempts from this address; retry in {retry_after_secs} s."
            )),
            Self::PayloadTooLarge { limit } => Some(format!(
                "The request body is larger than the limit of {limit} bytes."
            )),
            Self::UnsupportedMediaType { expected } => {
                Some(format!("The request body must be sent as `{expected}`."))
            }
            // 5xx: no internal detail leaves the server.
            Self::Unavailable(_) => Some("The service is temporarily unavailable.".into()),
            Self::Internal(_) => None,
        }
    }

    /// The problem document for this error.
    pub fn body(&self) -> ErrorBody {
        let field = match self {
            Self::Validation { field, .. } | Self::Conflict { field, .. } => Some(field.clone()),
            Self::Validations(all) => all.first().map(|(field, _)| field.clone()),
            _ => None,
        };
        let errors = match self {
            Self::Validation { field, message } => vec![FieldError {
                field: field.clone(),
                message: message.clone(),
            }],
            Self::Validations(all) => all
                .iter()
                .map(|(field, message)| FieldError {
                    field: field.clone(),
                    message: message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        ErrorBody {
            kind: format!("urn:atende:problem:{}", self.code()),
            title: self.title().into(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            code: self.code().into(),
            field,
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Validation { .. } | Self::Validations(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthenticated | Self::InvalidCredentials | Self::InvalidMfaCode => {
                StatusCode::UNAUTHORIZED
            }
            Self::Forbidden(_) | Self::MfaEnrollmentRequired => StatusCode::FORBIDDEN,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if self.status_code().is_server_error() {
            // `{:#}` on anyhow prints the whole cause chain on one line.
            let cause = match self {
                Self::Unavailable(e) | Self::Internal(e) => format!("{e:#}"),
                other => other.to_string(),
            };
            tracing::error!(code = self.code(), cause = %cause, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        match self {
            Self::TooManyRequests { retry_after_secs } => {
                response.insert_header((RETRY_AFTER, retry_after_secs.to_string()));
            }
            Self::Unavailable(_) => {
                response.insert_header((RETRY_AFTER, "1"));
            }
            Self::Unauthenticated => {
                response.insert_header((WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        response.json(self.body())
    }
}

/// The fallback for paths that match no API route.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

impl ApiError {
    /// A conflict on `field`.
    pub fn conflict(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Conflict {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Anything unexpected, with its cause for the log.
    pub fn internal(cause: impl Into<anyhow::Error>) -> Self {
        Self::Internal(cause.into())
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> Self {
        match error {
            sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_) => {
                Self::Unavailable(error.into())
            }
            other if is_contention(&other) => Self::Unavailable(other.into()),
            other => Self::Internal(other.into()),
        }
    }
}

/// Whether the database refused for a moment rather than for good:
/// SQLite still locked after its busy timeout, a PostgreSQL serialization
/// failure or deadlock. The client may simply try again (503 with
/// `Retry-After`).
fn is_contention(error: &sea_orm::DbErr) -> bool {
    let text = error.to_string();
    [
        "database is locked",
        "database table is locked",
        "(code: 5)",
        "(code: 6)",
        "40001",
        "40P01",
        "deadlock detected",
        "could not serialize access",
    ]
    .iter()
    .any(|needle| text.contains(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_database_is_a_503_to_retry() {
        let locked = sea_orm::DbErr::Custom(
            "error returned from database: (code: 5) database is locked".into(),
        );
        let error = ApiError::from(locked);
        assert_eq!(error.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        let response = error.error_response();
        assert_eq!(
            response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("1")
        );
        let other = ApiError::from(sea_orm::DbErr::Custom("syntax error".into()));
        assert_eq!(other.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn server_errors_hide_their_cause() {
        let error = ApiError::Internal(anyhow::anyhow!("password=hunter2 in connection string"));
        let body = serde_json::to_string(&error.body()).unwrap();
        assert!(!body.contains("hunter2"));
        assert_eq!(error.body().status, 500);
    }

    #[test]
    fn validation_errors_name_the_field() {
        let body = ApiError::validation("subject", "must not be empty").body();
        assert_eq!(body.status, 422);
        assert_eq!(body.field.as_deref(), Some("subject"));
        assert_eq!(body.kind, "urn:atende:problem:validation");
        assert_eq!(body.errors.len(), 1);
    }
}
