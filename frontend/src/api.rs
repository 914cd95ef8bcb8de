//! The typed client of Atende's REST API, and the session's tokens.
//!
//! Requests go to the same origin the SPA was served from, carry the bearer
//! token when there is one and the interface language as `Accept-Language`,
//! and are aborted when the reactive owner that started them is cleaned up
//! (the page was left, or the resource refetched). Failures come back as
//! [`ApiFailure`], which decodes the server's `application/problem+json`.
//!
//! The session (access and refresh token) lives in `localStorage` under
//! [`SESSION_KEY`], so every tab of this browser shares it: a tab learns of
//! another's sign-in, renewal or sign-out through the `storage` event.
//! Refresh tokens are single use, and presenting a spent one ends the
//! session, so renewals are serialised: within a tab every caller awaits
//! the same renewal, and across tabs a Web Lock lets one tab renew while the
//! others wait and then adopt what it stored.

use std::{cell::RefCell, fmt, future::Future, rc::Rc};

use atende_core::locale::Locale;
use atende_types::{ErrorBody, Page, auth::RefreshRequest, auth::TokenPair};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::*;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue, closure::Closure};

use crate::i18n::{I18n, Key, local_storage, t, use_i18n};

/// Prefix of every API path; the SPA is served by the API server itself.
const BASE_URL: &str = "";

/// Response header carrying the server's request id.
const REQUEST_ID_HEADER: &str = "x-request-id";

/// `localStorage` key holding the signed-in session ([`Tokens`] as JSON).
pub const SESSION_KEY: &str = "atende.session";

/// Renew this long before the access token expires, so that no request
/// leaves with a token that expires on the way.
const EXPIRY_MARGIN_MS: i64 = 30_000;

/// Name of the Web Lock that lets one tab at a time renew the session.
const REFRESH_LOCK: &str = "atende.refresh";

/// At most this many pages are fetched by [`Api::get_all`]; a guard
/// against a server that keeps answering with a cursor.
const MAX_PAGES: usize = 50;

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The server answered with an error status and a problem document.
    Problem {
        body: ErrorBody,
        request_id: Option<String>,
        /// Seconds to wait, from `Retry-After` (on `429`).
        retry_after: Option<u64>,
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
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Problem { body, .. } => Some(body.status),
            Self::Status { status, .. } => Some(*status),
            Self::Network(_) | Self::Decode(_) => None,
        }
    }

    /// The problem's stable code (`invalid-credentials`, `conflict`…).
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Problem { body, .. } => Some(&body.code),
            _ => None,
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

    /// The request field a validation problem is about (a JSON path such as
    /// `password`), if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Problem { body, .. } => body
                .field
                .as_deref()
                .or_else(|| body.errors.first().map(|e| e.field.as_str())),
            _ => None,
        }
    }

    /// What the server said about `field`, when the problem concerns it.
    pub fn field_detail(&self, field: &str) -> Option<String> {
        let Self::Problem { body, .. } = self else {
            return None;
        };
        if let Some(error) = body.errors.iter().find(|e| e.field == field) {
            return Some(error.message.clone());
        }
        if body.field.as_deref() == Some(field) {
            return Some(body.detail.clone().unwrap_or_else(|| body.title.clone()));
        }
        None
    }

    /// A message for people, in `locale`. Problems whose stable code the
    /// catalogue knows are told in the interface language; otherwise the
    /// server's own detail is shown, else a generic message.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            Self::Problem {
                body, retry_after, ..
            } => match problem_key(&body.code) {
                Some(Key::ErrorTooManyRequests) => {
                    let mut text = t(locale, Key::ErrorTooManyRequests).to_owned();
                    if let Some(seconds) = retry_after {
                        text.push(' ');
                        text.push_str(
                            &t(locale, Key::RetryInSeconds).replace("{n}", &seconds.to_string()),
                        );
                    }
                    text
                }
                Some(key) => t(locale, key).to_owned(),
                None => body
                    .detail
                    .clone()
                    .filter(|detail| !detail.trim().is_empty())
                    .unwrap_or_else(|| t(locale, status_key(body.status)).to_owned()),
            },
            Self::Status { status, .. } => t(locale, status_key(*status)).to_owned(),
            Self::Network(_) => t(locale, Key::ErrorNetwork).to_owned(),
            Self::Decode(_) => t(locale, Key::ErrorDecode).to_owned(),
        }
    }

    /// The server refused the request for good (a 4xx other than "slow
    /// down"): retrying the same request will not help.
    fn is_refusal(&self) -> bool {
        self.status()
            .is_some_and(|s| (400..500).contains(&s) && s != 408 && s != 429)
    }

    /// The failure used when a call needs a session and there is none.
    fn signed_out() -> Self {
        Self::Status {
            status: 401,
            request_id: None,
        }
    }
}

/// The catalogue text for a problem code that needs no server detail.
fn problem_key(code: &str) -> Option<Key> {
    match code {
        "not-found" => Some(Key::ErrorNotFound),
        "unavailable" => Some(Key::ErrorUnavailable),
        "internal" => Some(Key::ErrorInternal),
        "invalid-credentials" => Some(Key::ErrorInvalidCredentials),
        "invalid-mfa-code" => Some(Key::ErrorInvalidMfaCode),
        "too-many-requests" => Some(Key::ErrorTooManyRequests),
        "mfa-enrollment-required" => Some(Key::ErrorMfaEnrollmentRequired),
        "unauthenticated" => Some(Key::ErrorSessionExpired),
        _ => None,
    }
}

fn status_key(status: u16) -> Key {
    match status {
        401 => Key::ErrorSessionExpired,
        403 => Key::ErrorForbidden,
        404 => Key::ErrorNotFound,
        429 => Key::ErrorTooManyRequests,
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

/// A signed-in session's credentials as kept in `localStorage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    pub refresh_token: String,
    /// When `access_token` expires, in milliseconds since the Unix epoch by
    /// this browser's clock: computed from `expires_in` on receipt, so a
    /// browser whose clock is off still renews in time.
    pub expires_at: i64,
    /// The MFA policy requires this user to enroll before anything else.
    pub mfa_enrollment_required: bool,
}

impl Tokens {
    /// The stored form of a pair received at `received_at` (ms).
    pub fn from_pair(pair: TokenPair, received_at: i64) -> Self {
        Self {
            access_token: pair.access_token,
            refresh_token: pair.refresh_token,
            expires_at: received_at.saturating_add(pair.expires_in.saturating_mul(1000)),
            mfa_enrollment_required: pair.mfa_enrollment_required,
        }
    }

    /// Whether the access token expires (nearly) by `now` (ms).
    fn is_stale(&self, now: i64) -> bool {
        now.saturating_add(EXPIRY_MARGIN_MS) >= self.expires_at
    }
}

/// The browser's clock, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    // A wall-clock reading in ms fits an i64 for millions of years.
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

/// The session stored in this browser, if any.
fn load_tokens() -> Option<Tokens> {
    let raw = local_storage()?.get_item(SESSION_KEY).ok()??;
    serde_json::from_str(&raw).ok()
}

/// Stores (or, with `None`, removes) the session for every tab.
fn store_tokens(tokens: Option<&Tokens>) {
    let Some(storage) = local_storage() else {
        return;
    };
    // Storage may be full or disabled (private mode): the session then
    // lasts for this tab only, which is acceptable.
    match tokens.map(serde_json::to_string) {
        Some(Ok(json)) => {
            let _ = storage.set_item(SESSION_KEY, &json);
        }
        Some(Err(_)) | None => {
            let _ = storage.remove_item(SESSION_KEY);
        }
    }
}

/// One renewal of the session, awaited by every caller that needs it.
type SharedRenewal = Shared<LocalBoxFuture<'static, Result<Tokens, ApiFailure>>>;

/// What a request carries.
#[derive(Clone)]
enum Body {
    Json(String),
    Form(web_sys::FormData),
}

/// A list answered whole or as a [`Page`].
#[derive(Deserialize)]
#[serde(untagged)]
enum Listing<T> {
    Whole(Vec<T>),
    Paged(Page<T>),
}

/// The API client, provided once at the application root. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Api {
    tokens: RwSignal<Option<Tokens>>,
    /// The server refused to renew the session (it expired, or was ended
    /// elsewhere); the sign-in page says so.
    ended: RwSignal<bool>,
    i18n: I18n,
    renewal: StoredValue<Option<SharedRenewal>, LocalStorage>,
}

impl Api {
    /// Whether a session exists (tracked).
    pub fn is_signed_in(self) -> bool {
        self.tokens.with(Option::is_some)
    }

    /// Whether the session may do nothing but enroll in MFA (tracked).
    pub fn enrollment_required(self) -> bool {
        self.tokens
            .with(|t| t.as_ref().is_some_and(|t| t.mfa_enrollment_required))
    }

    /// Whether the last session ended because the server refused to renew
    /// it (tracked).
    pub fn session_ended(self) -> bool {
        self.ended.get()
    }

    /// Starts a session with a pair the server just issued (sign-in, MFA,
    /// password change), in every tab.
    pub fn start_session(self, pair: TokenPair) {
        let tokens = Tokens::from_pair(pair, now_ms());
        store_tokens(Some(&tokens));
        self.ended.set(false);
        self.tokens.set(Some(tokens));
    }

    /// Forgets the session in this browser, in every tab.
    pub fn forget_session(self) {
        store_tokens(None);
        self.tokens.set(None);
    }

    /// `GET path`, decoding a JSON answer into `T`.
    pub async fn get_json<T>(self, path: &str) -> Result<T, ApiFailure>
    where
        T: DeserializeOwned,
    {
        self.call(Method::GET, path, None).await
    }

    /// Every item of a paginated list, following `next_cursor`.
    pub async fn get_all<T>(self, path: &str) -> Result<Vec<T>, ApiFailure>
    where
        T: DeserializeOwned,
    {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page_path = match &cursor {
                Some(cursor) => with_param(path, "cursor", cursor),
                None => path.to_owned(),
            };
            let page: Page<T> = self.get_json(&page_path).await?;
            items.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        Ok(items)
    }

    /// `method path` with `body` as JSON, decoding a JSON answer into `T`
    /// (use `()` for `204 No Content`).
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
        self.call(method, path, Some(Body::Json(body))).await
    }

    /// `method path` without a body (e.g. `POST /auth/logout`, `DELETE`).
    pub async fn send_empty<T>(self, method: Method, path: &str) -> Result<T, ApiFailure>
    where
        T: DeserializeOwned,
    {
        self.call(method, path, None).await
    }

    /// `method path` with a multipart form (file uploads), decoding a JSON
    /// answer into `T`. The browser sets the `Content-Type` with its
    /// boundary.
    pub async fn send_form<T>(
        self,
        method: Method,
        path: &str,
        form: web_sys::FormData,
    ) -> Result<T, ApiFailure>
    where
        T: DeserializeOwned,
    {
        self.call(method, path, Some(Body::Form(form))).await
    }

    /// `GET path` of a list that may come whole (`[...]`) or paginated
    /// (`{"items": [...]}`), following `next_cursor`.
    pub async fn get_list<T>(self, path: &str) -> Result<Vec<T>, ApiFailure>
    where
        T: DeserializeOwned,
    {
        let mut items = Vec::new();
        let mut cursor: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let page_path = match &cursor {
                Some(cursor) => with_param(path, "cursor", cursor),
                None => path.to_owned(),
            };
            match self.get_json::<Listing<T>>(&page_path).await? {
                Listing::Whole(list) => {
                    items.extend(list);
                    break;
                }
                Listing::Paged(page) => {
                    items.extend(page.items);
                    match page.next_cursor {
                        Some(next) => cursor = Some(next),
                        None => break,
                    }
                }
            }
        }
        Ok(items)
    }

    /// `GET path` as a file (an attachment), with the session's token: a
    /// plain link could not carry it.
    pub async fn download(self, path: &str) -> Result<web_sys::Blob, ApiFailure> {
        let response = self.respond(Method::GET, path, None).await?;
        if !response.ok() {
            return Err(match decode::<()>(response).await {
                Err(failure) => failure,
                Ok(()) => ApiFailure::Decode("an error status without an error".to_owned()),
            });
        }
        let raw: web_sys::Response = response.into();
        let promise = raw
            .blob()
            .map_err(|e| ApiFailure::Network(format!("{e:?}")))?;
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(|e| ApiFailure::Network(format!("{e:?}")))?
            .dyn_into::<web_sys::Blob>()
            .map_err(|_| ApiFailure::Decode("the download is not a file".to_owned()))
    }

    /// Fetches `path` with the session's token (a plain link could not
    /// carry it) and hands it to the browser as the download `file_name`.
    pub async fn save_download(self, path: &str, file_name: &str) -> Result<(), ApiFailure> {
        let blob = self.download(path).await?;
        let failed = || ApiFailure::Network("download".to_owned());
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed())?;
        let link = document()
            .create_element("a")
            .map_err(|_| failed())?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .map_err(|_| failed())?;
        link.set_href(&url);
        link.set_download(file_name);
        if let Some(body) = document().body() {
            let _ = body.append_child(&link);
        }
        link.click();
        link.remove();
        // Give the browser a moment to start the download before freeing it.
        set_timeout(
            move || {
                let _ = web_sys::Url::revoke_object_url(&url);
            },
            std::time::Duration::from_secs(30),
        );
        Ok(())
    }

    /// Uploads `file` to `path` as the multipart field `file`, with the
    /// message it belongs to (`message_id`) when there is one.
    pub async fn upload_file<T>(
        self,
        path: &str,
        file: &web_sys::File,
        message: Option<Uuid>,
    ) -> Result<T, ApiFailure>
    where
        T: DeserializeOwned,
    {
        let form =
            web_sys::FormData::new().map_err(|_| ApiFailure::Network("FormData".to_owned()))?;
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(|_| ApiFailure::Network("FormData".to_owned()))?;
        if let Some(message) = message {
            form.append_with_str("message_id", &message.to_string())
                .map_err(|_| ApiFailure::Network("FormData".to_owned()))?;
        }
        self.send_form(Method::POST, path, form).await
    }

    /// Uploads every file to `path` (see [`Api::upload_file`]), returning
    /// those that failed with why.
    pub async fn upload_files<T>(
        self,
        path: &str,
        files: Vec<web_sys::File>,
        message: Option<Uuid>,
    ) -> Vec<(String, ApiFailure)>
    where
        T: DeserializeOwned,
    {
        let mut failed = Vec::new();
        for file in files {
            if let Err(failure) = self.upload_file::<T>(path, &file, message).await {
                failed.push((file.name(), failure));
            }
        }
        failed
    }

    async fn call<T>(self, method: Method, path: &str, body: Option<Body>) -> Result<T, ApiFailure>
    where
        T: DeserializeOwned,
    {
        let response = self.respond(method, path, body).await?;
        let result = decode(response).await;
        if let Err(failure) = &result
            && failure.code() == Some("mfa-enrollment-required")
        {
            self.require_enrollment();
        }
        result
    }

    /// Sends a request with the session's token (renewed when it is about
    /// to expire, and once more after a `401`), returning the raw answer.
    async fn respond(
        self,
        method: Method,
        path: &str,
        body: Option<Body>,
    ) -> Result<Response, ApiFailure> {
        let mut tokens = self.tokens.get_untracked();
        if tokens.as_ref().is_some_and(|t| t.is_stale(now_ms())) {
            // If renewing fails, the old token goes out and the server's
            // answer decides.
            tokens = match self.renew().await {
                Ok(fresh) => Some(fresh),
                Err(_) => self.tokens.get_untracked(),
            };
        }
        let sent = tokens.map(|t| t.access_token);
        let mut response = self
            .send(method.clone(), path, body.clone(), sent.as_deref(), true)
            .await?;
        if response.status() == 401
            && let Some(sent) = &sent
        {
            // Once more with a renewed token (another call may have renewed
            // it meanwhile); if renewal is refused the session is over and
            // the guard sends the person to the sign-in page.
            let retry_with = match self.tokens.get_untracked() {
                Some(current) if current.access_token != *sent => Some(current.access_token),
                Some(_) => self.renew().await.ok().map(|t| t.access_token),
                None => None,
            };
            if let Some(token) = retry_with {
                response = self.send(method, path, body, Some(&token), true).await?;
            }
        }
        Ok(response)
    }

    async fn send(
        self,
        method: Method,
        path: &str,
        body: Option<Body>,
        token: Option<&str>,
        abortable: bool,
    ) -> Result<Response, ApiFailure> {
        let mut request = RequestBuilder::new(&format!("{BASE_URL}{path}"))
            .method(method)
            .header("Accept", "application/json, application/problem+json")
            .header("Accept-Language", self.i18n.locale_untracked().tag());
        if let Some(token) = token {
            request = request.header("Authorization", &format!("Bearer {token}"));
        }
        if abortable {
            let abort = abort_on_cleanup();
            request = request.abort_signal(abort.as_ref());
        }
        let request = match body {
            Some(Body::Json(body)) => request
                .header("Content-Type", "application/json")
                .body(body),
            Some(Body::Form(form)) => request.body(form),
            None => request.build(),
        }
        .map_err(|e| ApiFailure::Network(e.to_string()))?;
        request
            .send()
            .await
            .map_err(|e| ApiFailure::Network(e.to_string()))
    }

    /// The server says this session may only enroll in MFA: remember it so
    /// the guard sends the person to the enrollment screen.
    fn require_enrollment(self) {
        let mut changed = None;
        self.tokens.update(|tokens| {
            if let Some(tokens) = tokens
                && !tokens.mfa_enrollment_required
            {
                tokens.mfa_enrollment_required = true;
                changed = Some(tokens.clone());
            }
        });
        if let Some(tokens) = changed {
            store_tokens(Some(&tokens));
        }
    }

    /// Exchanges the refresh token for a new pair now (e.g. after enrolling
    /// in MFA, so the new pair no longer carries the enrollment duty).
    pub async fn renew(self) -> Result<Tokens, ApiFailure> {
        let in_flight = self.renewal.try_with_value(Clone::clone).flatten();
        let shared = match in_flight {
            Some(shared) => shared,
            None => {
                let shared = self.renew_once().boxed_local().shared();
                self.renewal.set_value(Some(shared.clone()));
                // Run to the end even if every caller goes away: a renewal
                // whose answer is dropped leaves only a spent refresh token.
                let driver = shared.clone();
                leptos::task::spawn_local(async move {
                    let _ = driver.await;
                });
                shared
            }
        };
        shared.await
    }

    async fn renew_once(self) -> Result<Tokens, ApiFailure> {
        let result = with_renewal_lock(move || self.renew_locked()).await;
        self.renewal.set_value(None);
        result
    }

    /// The renewal proper, run while holding the cross-tab lock.
    async fn renew_locked(self) -> Result<Tokens, ApiFailure> {
        let ours = self.tokens.get_untracked();
        let Some(stored) = load_tokens() else {
            // Signed out in another tab (or storage is unavailable: then
            // this tab's own tokens are all there is).
            return match ours {
                Some(ours) if local_storage().is_none() => self.exchange(ours).await,
                _ => {
                    self.tokens.set(None);
                    Err(ApiFailure::signed_out())
                }
            };
        };
        // Another tab renewed while this one waited: adopt its pair.
        if ours
            .as_ref()
            .is_some_and(|ours| ours.refresh_token != stored.refresh_token)
            && !stored.is_stale(now_ms())
        {
            self.tokens.set(Some(stored.clone()));
            return Ok(stored);
        }
        self.exchange(stored).await
    }

    async fn exchange(self, current: Tokens) -> Result<Tokens, ApiFailure> {
        let received_at = now_ms();
        let body = RefreshRequest {
            refresh_token: current.refresh_token.clone(),
        };
        let body = serde_json::to_string(&body).map_err(|e| ApiFailure::Decode(e.to_string()))?;
        let result = match self
            .send(
                Method::POST,
                "/api/v1/auth/refresh",
                Some(Body::Json(body)),
                None,
                false,
            )
            .await
        {
            Ok(response) => decode::<TokenPair>(response).await,
            Err(failure) => Err(failure),
        };
        match result {
            Ok(pair) => {
                let tokens = Tokens::from_pair(pair, received_at);
                store_tokens(Some(&tokens));
                self.tokens.set(Some(tokens.clone()));
                Ok(tokens)
            }
            Err(failure) if failure.is_refusal() => {
                // Without Web Locks two tabs may have raced: if the other
                // one won, its pair is in storage.
                if let Some(stored) = load_tokens()
                    && stored.refresh_token != current.refresh_token
                {
                    self.tokens.set(Some(stored.clone()));
                    return Ok(stored);
                }
                store_tokens(None);
                self.ended.set(true);
                self.tokens.set(None);
                Err(failure)
            }
            Err(failure) => Err(failure),
        }
    }
}

/// Runs `work` holding the Web Lock [`REFRESH_LOCK`], so that tabs renew one
/// at a time; without Web Locks (an old browser, or a page not served over
/// HTTPS or from localhost), runs it directly.
async fn with_renewal_lock<F, Fut>(work: F) -> Result<Tokens, ApiFailure>
where
    F: FnOnce() -> Fut + 'static,
    Fut: Future<Output = Result<Tokens, ApiFailure>> + 'static,
{
    let Some((locks, request)) = lock_manager() else {
        return work().await;
    };
    let outcome: Rc<RefCell<Option<Result<Tokens, ApiFailure>>>> = Rc::default();
    let slot = Rc::clone(&outcome);
    // The lock is held until the promise the callback returns settles.
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let result = work().await;
            *slot.borrow_mut() = Some(result);
            Ok(JsValue::UNDEFINED)
        })
    });
    let promise = request
        .call2(&locks, &JsValue::from_str(REFRESH_LOCK), &callback)
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(promise) = promise {
        // A rejection means the callback never ran; `outcome` says so.
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    outcome.borrow_mut().take().unwrap_or_else(|| {
        Err(ApiFailure::Network(
            "the session could not be renewed (Web Lock request failed)".to_owned(),
        ))
    })
}

/// `navigator.locks` and its `request` method, when the browser has them.
/// Looked up dynamically: web-sys still marks the Web Locks API unstable.
fn lock_manager() -> Option<(JsValue, js_sys::Function)> {
    let navigator = window().navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request = js_sys::Reflect::get(&locks, &JsValue::from_str("request")).ok()?;
    let request = request.dyn_into::<js_sys::Function>().ok()?;
    Some((locks, request))
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
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse::<u64>().ok());
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
            Ok(body) => ApiFailure::Problem {
                body,
                request_id,
                retry_after,
            },
            Err(_) => ApiFailure::Status { status, request_id },
        })
    }
}

/// Percent-encodes a query-string or path component (everything but the
/// unreserved characters of RFC 3986).
pub fn encode_component(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// `path` with `name=value` appended to its query string.
pub fn with_param(path: &str, name: &str, value: &str) -> String {
    let separator = if path.contains('?') { '&' } else { '?' };
    format!("{path}{separator}{name}={}", encode_component(value))
}

/// Builds `path?a=1&b=2`, leaving out empty values.
#[derive(Debug, Clone)]
pub struct Query {
    path: String,
}

impl Query {
    pub fn new(path: &str) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    /// Adds `name=value` unless `value` is empty (after trimming).
    pub fn param(mut self, name: &str, value: &str) -> Self {
        let value = value.trim();
        if !value.is_empty() {
            self.path = with_param(&self.path, name, value);
        }
        self
    }

    pub fn build(self) -> String {
        self.path
    }
}

/// Creates the API client with the session stored in this browser, keeps it
/// in step with the other tabs, and provides it to the component tree.
pub fn provide_api(i18n: I18n) -> Api {
    let api = Api {
        tokens: RwSignal::new(load_tokens()),
        ended: RwSignal::new(false),
        i18n,
        renewal: StoredValue::new_local(None),
    };
    // Fired by the *other* tabs' writes: sign-in, renewal, sign-out.
    // The listener lives as long as the page, so its handle is not kept.
    let _ = window_event_listener(leptos::ev::storage, move |event| {
        match event.key() {
            Some(key) if key == SESSION_KEY => {
                let tokens = event
                    .new_value()
                    .and_then(|raw| serde_json::from_str::<Tokens>(&raw).ok());
                api.tokens.set(tokens);
            }
            // `localStorage.clear()`.
            None => api.tokens.set(None),
            Some(_) => {}
        }
    });
    provide_context(api);
    api
}

/// The API client; a detached one (no session) outside the application root.
pub fn use_api() -> Api {
    use_context::<Api>().unwrap_or_else(|| Api {
        tokens: RwSignal::new(None),
        ended: RwSignal::new(false),
        i18n: use_i18n(),
        renewal: StoredValue::new_local(None),
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
            retry_after: None,
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
        let failure = problem("invalid-credentials", None);
        assert_eq!(
            failure.message(Locale::PtBr),
            t(Locale::PtBr, Key::ErrorInvalidCredentials)
        );
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
    fn too_many_requests_says_how_long_to_wait() {
        let ApiFailure::Problem { body, .. } = problem("too-many-requests", None) else {
            unreachable!("problem() builds a problem");
        };
        let failure = ApiFailure::Problem {
            body,
            request_id: None,
            retry_after: Some(42),
        };
        let text = failure.message(Locale::PtBr);
        assert!(text.starts_with(t(Locale::PtBr, Key::ErrorTooManyRequests)));
        assert!(text.ends_with("42 s."), "{text}");
    }

    #[test]
    fn validation_problems_name_their_field() {
        let ApiFailure::Problem { mut body, .. } = problem("validation", Some("Too weak.")) else {
            unreachable!("problem() builds a problem");
        };
        body.field = Some("password".into());
        let failure = ApiFailure::Problem {
            body,
            request_id: None,
            retry_after: None,
        };
        assert_eq!(failure.field(), Some("password"));
        assert_eq!(
            failure.field_detail("password").as_deref(),
            Some("Too weak.")
        );
        assert_eq!(failure.field_detail("email"), None);
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
        assert!(!offline.is_refusal());
        assert!(ApiFailure::signed_out().is_refusal());
    }

    #[test]
    fn tokens_expire_a_little_early() {
        let pair = TokenPair {
            access_token: "a".into(),
            token_type: "Bearer".into(),
            expires_in: 900,
            refresh_token: "r".into(),
            mfa_enrollment_required: false,
        };
        let tokens = Tokens::from_pair(pair, 1_000);
        assert_eq!(tokens.expires_at, 901_000);
        assert!(!tokens.is_stale(1_000));
        assert!(tokens.is_stale(901_000 - EXPIRY_MARGIN_MS));
    }

    #[test]
    fn query_strings_are_encoded_and_skip_empty_values() {
        assert_eq!(encode_component("a b/ç&"), "a%20b%2F%C3%A7%26");
        let path = Query::new("/api/v1/users")
            .param("q", "ana souza")
            .param("role", "")
            .param("active", "true")
            .build();
        assert_eq!(path, "/api/v1/users?q=ana%20souza&active=true");
        assert_eq!(
            with_param(&path, "cursor", "x=1"),
            format!("{path}&cursor=x%3D1")
        );
    }
}
