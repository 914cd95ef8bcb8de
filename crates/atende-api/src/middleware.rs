//! Cross-cutting HTTP concerns: request ids, security headers and caching.

use actix_web::{
    Error, HttpMessage,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::header::{self, HeaderName, HeaderValue},
    middleware::{DefaultHeaders, Next},
};
use tracing_actix_web::RequestId;

use crate::{error::ApiError, extract::has_control_character};

/// Header carrying the request id on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Content Security Policy: everything from our own origin only. WASM needs
/// `'wasm-unsafe-eval'` (not the much broader `'unsafe-eval'`); the API
/// reference's Swagger UI sets inline styles, hence `'unsafe-inline'` for
/// styles only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Security headers added to every response.
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add((
            HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=()",
        ))
        .add((
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ))
}

/// Copies the request id that `TracingLogger` gave this request (and put on
/// its log span) onto the response, so a user can quote it and an operator
/// can find every log line of that request.
pub async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let request_id = req.extensions().get::<RequestId>().copied();
    let mut response = next.call(req).await?;
    if let Some(id) = request_id
        && let Ok(value) = HeaderValue::from_str(&id.to_string())
    {
        response
            .headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    Ok(response)
}

/// Refuses a query string whose parameters hold a control character (NUL
/// above all, which PostgreSQL cannot take): 422 naming the parameter, for
/// every endpoint at once, before any handler sees it.
pub async fn refuse_control_characters(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<impl MessageBody>>, Error> {
    let bad = url::form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(name, value)| has_control_character(name) || has_control_character(value))
        .map(|(name, _)| name.into_owned());
    if let Some(name) = bad {
        let error = ApiError::validation(name, "must not contain control characters (such as NUL)");
        return Ok(req.error_response(error).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// `ETag` on every successful JSON answer to a `GET` under `/api/`, and
/// `304 Not Modified` (no body) when the request's `If-None-Match` names
/// it: an integrator polling a ticket, a view or a list downloads it again
/// only when it changed. The tag is a hash of the body as sent, so it
/// changes exactly when the representation does (including what the
/// caller may see of it). Streams and files are left alone.
pub async fn etag(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::EitherBody<actix_web::body::BoxBody>>, Error> {
    use sha2::{Digest, Sha256};

    let applies = req.method() == actix_web::http::Method::GET && req.path().starts_with("/api/");
    let if_none_match = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = next.call(req).await?;
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !applies || !json || response.status() != actix_web::http::StatusCode::OK {
        return Ok(response.map_body(|_, b| b.boxed()).map_into_left_body());
    }
    let (request, response) = response.into_parts();
    let (mut head, body) = response.into_parts();
    let bytes = actix_web::body::to_bytes(body)
        .await
        .map_err(|e| actix_web::error::ErrorInternalServerError(e.into().to_string()))?;
    let digest = Sha256::digest(&bytes);
    let tag = format!(
        "\"{}\"",
        digest[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    let matches = if_none_match.is_some_and(|list| {
        list.split(',')
            .map(str::trim)
            .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == tag)
    });
    if let Ok(value) = HeaderValue::from_str(&tag) {
        head.headers_mut().insert(header::ETAG, value);
    }
    if matches {
        head.headers_mut().remove(header::CONTENT_TYPE);
        head.headers_mut().remove(header::CONTENT_LENGTH);
        let mut not_modified = head.set_body(actix_web::body::BoxBody::new(()));
        *not_modified.status_mut() = actix_web::http::StatusCode::NOT_MODIFIED;
        return Ok(ServiceResponse::new(request, not_modified).map_into_right_body());
    }
    let full = head.set_body(actix_web::body::BoxBody::new(bytes));
    Ok(ServiceResponse::new(request, full).map_into_right_body())
}
