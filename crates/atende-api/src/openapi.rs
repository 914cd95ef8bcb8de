//! The OpenAPI 3.1 document, generated from the code by utoipa.
//!
//! `openapi/openapi.json` in the repository is this document, pretty-printed;
//! a test fails when the two differ (`cargo xtask openapi` rewrites the file).

use utoipa::{
    Modify, OpenApi,
    openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme},
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Atende API",
        description = "REST API of Atende, the helpdesk and pending-items platform for \
Brazilian consultancies and their client companies.\n\n\
Errors are RFC 9457 `application/problem+json` documents (`ErrorBody`).\n\n\
Authenticate with `Authorization: Bearer <token>`: either the access token (JWT) \
returned by sign-in, or an API token created by an administrator.",
        license(name = "MIT"),
    ),
    components(schemas(atende_types::ErrorBody, atende_types::FieldError)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "system", description = "Health probes and server information"),
        (name = "auth", description = "Sign-in, MFA, refresh, logout and invitations"),
        (name = "me", description = "The signed-in user's own account"),
        (name = "users", description = "User management"),
        (name = "companies", description = "Consultancies and their client companies"),
        (name = "segments", description = "Segments companies are grouped by"),
        (name = "roles", description = "The role → permission matrix and the MFA policy"),
        (name = "audit", description = "The append-only audit log"),
        (name = "api-tokens", description = "API tokens for integrations"),
        (name = "tickets", description = "Tickets: client panel and support workspace"),
        (name = "sla", description = "Business calendars, SLA policies and ticket SLA clocks"),
        (name = "reports", description = "Reports over the caller's companies"),
        (name = "imports", description = "Spreadsheet imports of pending items and their history"),
        (name = "pending-items", description = "Pending items: the approval workflow between a consultancy and its clients"),
    ),
)]
pub struct ApiDoc;

/// Declares how clients authenticate.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer_jwt",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Access token returned by `POST /api/v1/auth/login`, valid for 15 minutes.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "`Bearer atd_…`: an API token for integrations, created by an administrator.",
            ))),
        );
    }
}

/// The whole document: the shared parts above plus each feature's paths.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::system::SystemApi::openapi());
    doc.merge(crate::auth::AuthApi::openapi());
    doc.merge(crate::identity::IdentityApi::openapi());
    doc.merge(crate::companies::CompaniesApi::openapi());
    doc.merge(crate::roles::RolesApi::openapi());
    doc.merge(crate::audit::AuditApi::openapi());
    doc.merge(crate::api_tokens::ApiTokensApi::openapi());
    doc.merge(crate::tickets::TicketsApi::openapi());
    doc.merge(crate::sla::SlaApi::openapi());
    doc.merge(crate::notifications::NotificationsApi::openapi());
    doc.merge(crate::reports::ReportsApi::openapi());
    doc.merge(crate::pending_items::PendingItemsApi::openapi());
    doc.merge(crate::imports::ImportsApi::openapi());
    doc
}

/// The document as committed in `openapi/openapi.json`.
pub fn document_json() -> Result<String, serde_json::Error> {
    document().to_pretty_json().map(|mut json| {
        json.push('\n');
        json
    })
}

/// Compares a committed copy of the document with the one the code
/// generates; the error names the first line that differs and the command
/// that brings the copy up to date.
pub fn check_committed(committed: &str) -> Result<(), String> {
    let generated =
        document_json().map_err(|e| format!("the document cannot be generated: {e}"))?;
    if committed == generated {
        return Ok(());
    }
    let line = committed
        .lines()
        .zip(generated.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| committed.lines().count().min(generated.lines().count()))
        + 1;
    Err(format!(
        "openapi/openapi.json is stale (first difference at line {line}); run `cargo xtask openapi` and commit the result"
    ))
}
