//! The typed client of Atende's REST API.
//!
//! Requests go to the same origin the SPA was served from, carry the bearer
//! token when there is one and the interface language as `Accept-Language`,
//! and are aborted when the reactive owner that started them is cleaned up
//! (the page was left, or the resource refetched). Failures come back as
//! [`ApiFailure`], which decodes the server's `application/problem+json`.

use std::fmt;

use atende_core::locale::Locale;
use atende_types::ErrorBody;
use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::*;
use serde::{Serialize, de::DeserializeOwned};

use crate::i18n::{I18n, Key, t, use_i18n};

/// Prefix of every API path; the SPA is served by the API server itself.
const BASE_URL: &str = "";

/// Response header carrying the server's request id.
const REQUEST_ID_HEADER: &str = "x-request-id";

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The server answered with an error status and a problem document.
    Problem {
        body: ErrorBody,
        request_id: Option<String>,
    },
    /// The server answered with an error status but no problem document
    /// (e.g. a proxy in between failed).
    Status {
        status: u16,
        request_id: Option<String>,
    },
    /// The request did not complete: offline, DNS, aborted…
    Network(String),
    /// The response did not have the expected shape.
    Decode(String),
}

impl ApiFailure {
    /// The HTTP status, when the server answered.
    #[allow(dead_code)] // for pages that react to a 404 or a 409
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Problem { body, .. } => Some(body.status),
            Self::Status { status, .. } => Some(*status),
            Self::Network(_) | Self::Decode(_) => None,
        }
    }

    /// The server's request id, to quote when asking for support.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Problem { request_id, .. } | Self::Status { request_id, .. } => {
                request_id.as_deref()
            }
            Self::Network(_) | Self::Decode(_) => None,
        }
    }

    /// A message for people, in `locale`. Problems whose stable code the
    /// catalogue knows are told in the interface language; otherwise the
    /// server's own detail is shown, else a generic message.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::Problem { body, .. } => match problem_key(&body.code) {
                Some(key) => t(locale, key).to_owned(),
                None => body
                    .detail
                    .clone()
                    .filter(|detail| !detail.trim().is_empty())
                    .unwrap_or_else(|| t(locale, Key::ErrorGeneric).to_owned()),
            },
            Self::Status { status, .. } => t(locale, status_key(*status)).to_owned(),
            Self::Network(_) => t(locale, Key::ErrorNetwork).to_owned(),
            Self::Decode(_) => t(locale, Key::ErrorDecode).to_owned(),
        }
    }
}

/// The catalogue text for a problem code that needs no server detail.
fn problem_key(code: &str) -> Option<Key> {
    match code {
        "not-found" => Some(Key::ErrorNotFound),
        "unavailable" => Some(Key::ErrorUnavailable),
        "internal" => Some(Key::ErrorInternal),
        _ => None,
    }
}

fn status_key(status: u16) -> Key {
    match status {
        404 => Key::ErrorNotFound,
        502..=504 => Key::ErrorUnavailable,
        500..=599 => Key::ErrorInternal,
        _ => Key::ErrorGeneric,
    }
}

/// For developers (logs, the console); people get [`ApiFailure::message`].
impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Problem { body, .. } => write!(
                f,
                "{} {} ({})",
                body.status,
                body.title,
                body.detail.as_deref().unwrap_or(&body.code)
            ),
            Self::Status { status, .. } => write!(f, "HTTP {status}"),
            Self::Network(error) => write!(f, "network error: {error}"),
            Self::Decode(error) => write!(f, "unexpected response: {error}"),
        }
    }
}

impl std::error::Error for ApiFailure {}

/// The API client, provided once at the application root. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    token: RwSignal<Option<String>>,
    i18n: I18n,
}

impl Api {
    /// Replaces the bearer token (`None` signs out).
    #[allow(dead_code)] // used once sign-in exists
    pub fn set_token(self, token: Option<String>) {
        self.token.set(token);
    }

    /// Whether a bearer token is set (tracked).
    #[allow(dead_code)] // used once sign-in exists
    pub fn is_signed_in(self) -> bool {
        self.token.with(Option::is_some)
    }

    /// `GET path`, decoding a JSON answer into `T`.
    pub async fn get_json<T>(self, path: &str) -> Result<T, ApiFailure>
    where
        T: DeserializeOwned,
    {
        self.call(Method::GET, path, None).await
    }

    /// `method path` with `body` as JSON, decoding a JSON answer into `T`
    /// (use `()` for `204 No Content`).
    #[allow(dead_code)] // used by the forms to come
    pub async fn send_json<B, T>(
        self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T, ApiFailure>
    where
        B: Serialize + ?Sized,
        T: DeserializeOwned,
    {
        let body = serde_json::to_string(body).map_err(|e| ApiFailure::Decode(e.to_string()))?;
        self.call(method, path, Some(body)).await
    }

    async fn call<T>(
        self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<T, ApiFailure>
    where
        T: DeserializeOwned,
    {
        let mut request = RequestBuilder::new(&format!("{BASE_URL}{path}"))
            .method(method)
            .header("Accept", "application/json, application/problem+json")
            .header("Accept-Language", self.i18n.locale_untracked().tag());
        if let Some(token) = self.token.get_untracked() {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        let abort = abort_on_cleanup();
        let request = request.abort_signal(abort.as_ref());
        let request = match body {
            Some(body) => request
                .header("Content-Type", "application/json")
                .body(body),
            None => request.build(),
        }
        .map_err(|e| ApiFailure::Network(e.to_string()))?;

        let response = request
            .send()
            .await
            .map_err(|e| ApiFailure::Network(e.to_string()))?;
        decode(response).await
    }
}

/// An abort signal for the request about to start, aborted when the current
/// reactive owner is cleaned up. `None` outside any owner, or when the
/// browser has no `AbortController`.
fn abort_on_cleanup() -> Option<web_sys::AbortSignal> {
    // Without an owner nobody would ever abort the request.
    let _ = Owner::current()?;
    let controller = web_sys::AbortController::new().ok()?;
    let signal = controller.signal();
    // The controller is not `Send`; the arena keeps it on this thread and
    // runs cleanups before it drops arena values.
    let controller = StoredValue::new_local(controller);
    on_cleanup(move || {
        controller.try_with_value(web_sys::AbortController::abort);
    });
    Some(signal)
}

async fn decode<T>(response: Response) -> Result<T, ApiFailure>
where
    T: DeserializeOwned,
{
    let status = response.status();
    let request_id = response.headers().get(REQUEST_ID_HEADER);
    let text = response
        .text()
        .await
        .map_err(|e| ApiFailure::Network(e.to_string()))?;
    if response.ok() {
        // `204 No Content` and other empty bodies decode as JSON `null`,
        // which is what `()` and `Option<_>` expect.
        let json = if text.trim().is_empty() {
            "null"
        } else {
            &text
        };
        serde_json::from_str(json).map_err(|e| ApiFailure::Decode(e.to_string()))
    } else {
        Err(match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => ApiFailure::Problem { body, request_id },
            Err(_) => ApiFailure::Status { status, request_id },
        })
    }
}

/// Creates the API client and provides it to the component tree.
pub fn provide_api(i18n: I18n) -> Api {
    let api = Api {
        token: RwSignal::new(None),
        i18n,
    };
    provide_context(api);
    api
}

/// The API client; a detached one (no token) outside the application root.
pub fn use_api() -> Api {
    use_context::<Api>().unwrap_or_else(|| Api {
        token: RwSignal::new(None),
        i18n: use_i18n(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(code: &str, detail: Option<&str>) -> ApiFailure {
        ApiFailure::Problem {
            body: ErrorBody {
                kind: format!("urn:atende:problem:{code}"),
                title: "Title".into(),
                status: 400,
                detail: detail.map(str::to_owned),
                code: code.into(),
                field: None,
                errors: Vec::new(),
            },
            request_id: Some("req-1".into()),
        }
    }

    #[test]
    fn known_problems_are_told_in_the_interface_language() {
        let failure = problem("not-found", Some("The requested resource does not exist."));
        assert_eq!(
            failure.message(Locale::PtBr),
            "O recurso solicitado não existe."
        );
        assert_eq!(failure.request_id(), Some("req-1"));
    }

    #[test]
    fn other_problems_show_the_server_detail_else_a_generic_text() {
        let failure = problem("validation", Some("`subject` must not be empty."));
        assert_eq!(
            failure.message(Locale::PtBr),
            "`subject` must not be empty."
        );
        let failure = problem("bad-request", None);
        assert_eq!(
            failure.message(Locale::PtBr),
            t(Locale::PtBr, Key::ErrorGeneric)
        );
    }

    #[test]
    fn bare_statuses_and_transport_errors_have_messages() {
        let gateway = ApiFailure::Status {
            status: 502,
            request_id: None,
        };
        assert_eq!(
            gateway.message(Locale::En),
            t(Locale::En, Key::ErrorUnavailable)
        );
        assert_eq!(gateway.status(), Some(502));
        let offline = ApiFailure::Network("offline".into());
        assert_eq!(
            offline.message(Locale::En),
            t(Locale::En, Key::ErrorNetwork)
        );
        assert_eq!(offline.status(), None);
    }
}
