use actix_web::{HttpResponse, post};
use atende_core::cnpj::Cnpj;
use atende_types::companies::{CnpjCheck, CnpjCheckRequest};

use crate::{error::ApiError, extract::ApiJson};

/// Checks a CNPJ (numeric or alphanumeric) and returns its stored and written
/// forms, so forms and integrations can validate before submitting.
#[utoipa::path(
    post,
    path = "/api/v1/companies/cnpj-check",
    tag = "companies",
    request_body = CnpjCheckRequest,
    responses(
        (status = 200, description = "The CNPJ is valid", body = CnpjCheck),
        (status = 400, description = "Malformed JSON", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 415, description = "Body is not JSON", body = atende_types::ErrorBody, content_type = "application/problem+json"),
        (status = 422, description = "Not a valid CNPJ; `field` is `cnpj`", body = atende_types::ErrorBody, content_type = "application/problem+json"),
    )
)]
#[post("/cnpj-check")]
pub async fn check_cnpj(
    ApiJson(request): ApiJson<CnpjCheckRequest>,
) -> Result<HttpResponse, ApiError> {
    let cnpj =
        Cnpj::parse(&request.cnpj).map_err(|e| ApiError::validation("cnpj", e.to_string()))?;
    Ok(HttpResponse::Ok().json(CnpjCheck {
        normalized: cnpj.as_str().to_owned(),
        formatted: cnpj.formatted(),
    }))
}
