//! Hosting the SPA: the built Leptos app is served at `/`, any path that is
//! not an API route or a file falls back to `index.html` (client-side
//! routing), hashed assets are cached for a year, `index.html` never.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::{
    Error, HttpRequest, HttpResponse, ResponseError,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse, fn_service},
    http::header::{self, HeaderValue},
    middleware::Next,
};

/// The SPA's static files, with `index.html` as the fallback for every path
/// that names no file.
pub fn service(spa_dir: &Path) -> Files {
    let index = spa_dir.join("index.html");
    Files::new("/", spa_dir)
        .index_file("index.html")
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let response = index_response(&req, &index).await;
                Ok(ServiceResponse::new(req, response))
            }
        }))
}

/// Whether a built SPA is present.
pub fn is_built(spa_dir: &Path) -> bool {
    spa_dir.join("index.html").is_file()
}

/// The page served at `/` when the SPA was not built (API-only runs, tests).
pub async fn not_built() -> HttpResponse {
    HttpResponse::ServiceUnavailable()
        .content_type("text/html; charset=utf-8")
        .body(
            "<!doctype html><html lang=\"pt-BR\"><meta charset=\"utf-8\"><title>Atende</title>\
             <p>A interface web não foi compilada. Execute <code>cargo xtask run</code>.</p>\
             <p lang=\"en\">The web interface was not built. Run <code>cargo xtask run</code>.</p>\
             <p><a href=\"/api/docs/\">API</a></p></html>",
        )
}

async fn index_response(req: &HttpRequest, index: &PathBuf) -> HttpResponse {
    // A path with an extension that names no file is a missing asset, not a
    // client-side route: answer 404 instead of HTML that a script tag would
    // try to run.
    let last = req.path().rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return crate::error::ApiError::NotFound.error_response();
    }
    match NamedFile::open_async(index).await {
        Ok(file) => file.into_response(req),
        Err(error) => {
            tracing::error!(%error, "the SPA's index.html cannot be read");
            not_built().await
        }
    }
}

/// Cache policy for the SPA's files: content-hashed assets under `/assets/`
/// never change (a new build has new names), so browsers keep them for a
/// year; HTML must be revalidated so a deploy is picked up at once.
pub async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let immutable = req.path().starts_with("/assets/");
    let api = req.path().starts_with("/api/v1/");
    let mut response = next.call(req).await?;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if immutable && response.status().is_success() {
        Some("public, max-age=31536000, immutable")
    } else if is_html {
        Some("no-cache")
    } else if api {
        // API answers are a user's own data, and some carry credentials
        // (sign-in, refresh and MFA tokens): no cache may keep them.
        Some("no-store")
    } else {
        None
    };
    if let Some(policy) = policy
        && !response.headers().contains_key(header::CACHE_CONTROL)
    {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    Ok(response)
}
