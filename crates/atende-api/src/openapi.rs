//! The OpenAPI 3.1 document, generated from the code by utoipa.
//!
//! `openapi/openapi.json` in the repository is this document, pretty-printed;
//! a test fails when the two differ (`cargo xtask openapi` rewrites the file).
//!
//! Handlers declare their success answers and the errors particular to them;
//! [`Conventions`] then adds, once for every operation, what the shared
//! machinery answers (401 from the auth extractors, 403 from the permission
//! and MFA checks, 404 from path ids, 400/413/415/422 from the body and query
//! extractors) and gives each operation a stable, unique id.

use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::{
        Content, Ref, RefOr, ResponseBuilder,
        path::{Operation, ParameterIn, PathItem},
        security::{
            ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
        },
    },
};
use uuid::Uuid;

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
        (name = "automation", description = "Automation rules: routing, escalation, automatic replies, business hours; dry run"),
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

/// The multipart form of an attachment upload (`multipart/form-data`), on a
/// ticket or on a pending item.
#[derive(ToSchema)]
pub struct AttachmentUpload {
    /// The file. Its type is read from its content, never from the name or
    /// the part's `Content-Type`; programs, and files whose content is not
    /// what their extension says, are refused (422).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// The message the file belongs to: a message of the same ticket, or one
    /// of the caller's own answers on the pending item.
    #[schema(nullable = false)]
    pub message_id: Option<Uuid>,
}

/// The multipart form of a spreadsheet import (`multipart/form-data`).
#[derive(ToSchema)]
pub struct SpreadsheetUpload {
    /// The spreadsheet: `.xlsx`, `.xls`, `.ods` or `.csv` (`;` or `,`, UTF-8
    /// or Windows-1252).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// A saved column mapping (`/api/v1/import-templates`) to read the sheet
    /// with.
    #[schema(nullable = false)]
    pub template_id: Option<Uuid>,
    /// A column mapping as JSON text: an object field → column header, e.g.
    /// `{"title":"Assunto","cnpj":"Documento"}`. By default the usual
    /// Portuguese headers are recognised.
    #[schema(nullable = false, example = r#"{"title":"Assunto"}"#)]
    pub mapping: Option<String>,
    /// The status the imported items are created in (default `draft`).
    #[schema(nullable = false)]
    pub target_status: Option<ImportTargetStatus>,
}

/// The status imported pending items are created in.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum ImportTargetStatus {
    Draft,
    AwaitingApproval,
}

/// A file's raw bytes, as answered by downloads and exports.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(pub Vec<u8>);

/// The error answers the shared machinery gives, each a reusable response
/// in `components/responses` with an `ErrorBody` as
/// `application/problem+json`.
struct Problem {
    status: &'static str,
    name: &'static str,
    description: &'static str,
}

const UNAUTHORIZED: Problem = Problem {
    status: "401",
    name: "Unauthorized",
    description: "No valid credentials: the token is missing, malformed, expired or revoked \
(`unauthenticated`).",
};
const FORBIDDEN: Problem = Problem {
    status: "403",
    name: "Forbidden",
    description: "The caller's role or API token lacks the permission (`forbidden`), or the \
role requires MFA and the user has not enrolled yet (`mfa-enrollment-required`).",
};
const NOT_FOUND: Problem = Problem {
    status: "404",
    name: "NotFound",
    description: "No such resource, or it is outside the caller's companies (the two look the \
same) (`not-found`).",
};
const BAD_REQUEST: Problem = Problem {
    status: "400",
    name: "BadRequest",
    description: "The body is malformed: invalid JSON (the detail names line and column) or a \
broken multipart body (`bad-request`).",
};
const PAYLOAD_TOO_LARGE: Problem = Problem {
    status: "413",
    name: "PayloadTooLarge",
    description: "The body is larger than the server accepts: `json_body_limit` for JSON, \
`attachment_max_bytes` for files (`payload-too-large`).",
};
const UNSUPPORTED_MEDIA_TYPE: Problem = Problem {
    status: "415",
    name: "UnsupportedMediaType",
    description: "The body is not sent with the media type this operation reads \
(`unsupported-media-type`).",
};
const VALIDATION_FAILED: Problem = Problem {
    status: "422",
    name: "ValidationFailed",
    description: "A value broke a rule; `field` names it (a JSON path such as `items[2].amount`, \
a query parameter or a form field) (`validation`).",
};

const BUSY: Problem = Problem {
    status: "503",
    name: "Busy",
    description: "The database stayed busy (or unreachable) past the wait; retry after `Retry-After` seconds (`unavailable`).",
};

const PROBLEMS: [&Problem; 8] = [
    &BUSY,
    &UNAUTHORIZED,
    &FORBIDDEN,
    &NOT_FOUND,
    &BAD_REQUEST,
    &PAYLOAD_TOO_LARGE,
    &UNSUPPORTED_MEDIA_TYPE,
    &VALIDATION_FAILED,
];

/// Secured operations that no permission guards and that a user who still
/// has to enroll in MFA may use (their handlers take `SignedIn`, not
/// `Actor`): they cannot answer 403.
pub const NEVER_FORBIDDEN: [&str; 6] = [
    "me_show",
    "me_update",
    "me_start_enrollment",
    "me_confirm_enrollment",
    "me_disable",
    "auth_logout",
];

/// Applies the document-wide conventions; see the module documentation.
pub struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        for problem in PROBLEMS {
            let response = ResponseBuilder::new()
                .description(problem.description)
                .content(
                    atende_types::error::PROBLEM_JSON,
                    Content::new(Some(Ref::from_schema_name("ErrorBody"))),
                )
                .build();
            components
                .responses
                .insert(problem.name.into(), RefOr::T(response));
        }
        for item in openapi.paths.paths.values_mut() {
            for operation in operations_mut(item) {
                name_operation(operation);
                add_problems(operation);
            }
        }
    }
}

/// Every operation of a path item.
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
        &mut item.query,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// `<tag>_<handler>`: the handler's name (or the `operation_id` its
/// annotation sets, where one tag has two handlers of the same name),
/// prefixed with its tag, e.g. `tickets_list`, `pending_items_show`.
fn name_operation(operation: &mut Operation) {
    let tag = operation
        .tags
        .as_ref()
        .and_then(|tags| tags.first())
        .map(|tag| tag.replace('-', "_"));
    if let (Some(tag), Some(id)) = (tag, operation.operation_id.as_mut()) {
        *id = format!("{tag}_{id}");
    }
}

/// Adds the shared error answers that apply and are not declared yet.
fn add_problems(operation: &mut Operation) {
    let anonymous = SecurityRequirement::default();
    let secured = operation
        .security
        .as_ref()
        .is_some_and(|requirements| requirements.iter().all(|r| *r != anonymous));
    let has_param = |place: ParameterIn| {
        operation
            .parameters
            .iter()
            .flatten()
            .any(|parameter| match parameter {
                RefOr::T(parameter) => parameter.parameter_in == place,
                RefOr::Ref(_) => false,
            })
    };
    let in_path = has_param(ParameterIn::Path);
    let in_query = has_param(ParameterIn::Query);
    let has_body = operation.request_body.is_some();
    let forbiddable = !operation
        .operation_id
        .as_deref()
        .is_some_and(|id| NEVER_FORBIDDEN.contains(&id));

    let mut applicable = Vec::new();
    if has_body {
        applicable.push(&BAD_REQUEST);
    }
    if secured {
        applicable.push(&UNAUTHORIZED);
        if forbiddable {
            applicable.push(&FORBIDDEN);
        }
    }
    if in_path {
        applicable.push(&NOT_FOUND);
    }
    if has_body {
        applicable.extend([&PAYLOAD_TOO_LARGE, &UNSUPPORTED_MEDIA_TYPE]);
    }
    if has_body || in_query {
        applicable.push(&VALIDATION_FAILED);
    }
    // Every operation but the liveness probe may meet a busy database.
    if operation.operation_id.as_deref() != Some("system_live") {
        applicable.push(&BUSY);
    }
    let responses = &mut operation.responses.responses;
    for problem in applicable {
        responses
            .entry(problem.status.into())
            .or_insert_with(|| RefOr::Ref(Ref::from_response_name(problem.name)));
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
    doc.merge(crate::automation::AutomationApi::openapi());
    doc.merge(crate::webhooks::WebhooksApi::openapi());
    doc.merge(crate::sla::SlaApi::openapi());
    doc.merge(crate::notifications::NotificationsApi::openapi());
    doc.merge(crate::reports::ReportsApi::openapi());
    doc.merge(crate::pending_items::PendingItemsApi::openapi());
    doc.merge(crate::imports::ImportsApi::openapi());
    Conventions.modify(&mut doc);
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
