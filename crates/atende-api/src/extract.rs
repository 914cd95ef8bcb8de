//! `ApiJson<T>`: the JSON body extractor every handler uses.
//!
//! Unlike actix's `web::Json`, it reports *where* a body is wrong: a syntax
//! error is a 400 naming the line and column, a body that parses but does not
//! fit the type is a 422 naming the field by its JSON path
//! (via `serde_path_to_error`). Content type and size are checked first
//! (415, 413).

use std::{future::Future, pin::Pin};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use crate::{error::ApiError, state::AppState};

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|state| state.settings.json_body_limit)
            .unwrap_or(1024 * 1024);
        let content_type_ok = is_json(req);
        let declared_length = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if !content_type_ok {
                return Err(ApiError::UnsupportedMediaType {
                    expected: "application/json",
                });
            }
            if declared_length.is_some_and(|len| len > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::BadRequest(format!("the request body could not be read: {e}"))
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            parse(&body).map(ApiJson)
        })
    }
}

fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Parses `body` as `T`, naming the problem: malformed JSON (trailing
/// bytes after the document included) is a 400; a control character in
/// any string (NUL above all, which PostgreSQL cannot store) or a value
/// that does not fit `T` is a 422 naming the field by its JSON path.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let document: serde_json::Value = serde_json::from_slice(body).map_err(|error| {
        if error.classify() == serde_json::error::Category::Eof
            && body.iter().all(u8::is_ascii_whitespace)
        {
            ApiError::BadRequest("The request body is empty; a JSON document was expected.".into())
        } else {
            ApiError::BadRequest(format!("The request body is not valid JSON: {error}."))
        }
    })?;
    if let Some(path) = control_character_at(&document, "") {
        let field = if path.is_empty() {
            "body".to_owned()
        } else {
            path
        };
        return Err(ApiError::validation(
            field,
            "must not contain control characters (such as NUL)",
        ));
    }
    serde_path_to_error::deserialize(document).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        let field = match (missing_field(&inner), path.as_str()) {
            (Some(name), ".") => name,
            (Some(name), parent) => format!("{parent}.{name}"),
            (None, ".") => "body".into(),
            (None, _) => path,
        };
        ApiError::validation(field, data_message(&inner))
    })
}

/// Whether `text` holds a character no text field of ours accepts: NUL and
/// the other C0/C1 control characters, but for tab and line breaks.
pub fn has_control_character(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The JSON path of the first string (or object key) with a control
/// character, if any.
fn control_character_at(value: &serde_json::Value, path: &str) -> Option<String> {
    match value {
        serde_json::Value::String(text) => has_control_character(text).then(|| path.to_owned()),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| control_character_at(item, &format!("{path}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let here = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if has_control_character(key) {
                return Some(here);
            }
            control_character_at(item, &here)
        }),
        _ => None,
    }
}

/// serde reports a missing field at the parent's path; the field's own name is
/// only in the message ("missing field `subject` at line 1 column 2").
fn missing_field(error: &serde_json::Error) -> Option<String> {
    let message = error.to_string();
    message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
        .map(str::to_owned)
}

/// The serde message without its " at line 1 column 17" suffix, which means
/// nothing to a person reading a field error.
fn data_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        amount: u32,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Order {
        items: Vec<Item>,
    }

    #[test]
    fn a_wrong_type_names_the_json_path() {
        let error =
            parse::<Order>(br#"{"items":[{"name":"a","amount":1},{"name":"b","amount":"x"}]}"#)
                .unwrap_err();
        match error {
            ApiError::Validation { field, message } => {
                assert_eq!(field, "items[1].amount");
                assert!(message.contains("invalid type"), "{message}");
                assert!(!message.contains("line"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_missing_field_is_named() {
        match parse::<Item>(br#"{"amount":1}"#).unwrap_err() {
            ApiError::Validation { field, .. } => assert_eq!(field, "name"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_missing_nested_field_is_named_by_its_path() {
        match parse::<Order>(br#"{"items":[{"name":"a"}]}"#).unwrap_err() {
            ApiError::Validation { field, .. } => assert_eq!(field, "items[0].amount"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn trailing_bytes_after_the_document_are_a_bad_request() {
        assert!(matches!(
            parse::<Item>(br#"{"name":"a","amount":1} junk"#),
            Err(ApiError::BadRequest(_))
        ));
        assert!(parse::<Item>(b"{\"name\":\"a\",\"amount\":1}\n").is_ok());
    }

    #[test]
    fn a_control_character_is_refused_naming_the_field() {
        match parse::<Order>(br#"{"items":[{"name":"a\u0000b","amount":1}]}"#).unwrap_err() {
            ApiError::Validation { field, .. } => assert_eq!(field, "items[0].name"),
            other => panic!("unexpected {other:?}"),
        }
        match parse::<Item>(br#"{"name":"a\u001bb","amount":1}"#).unwrap_err() {
            ApiError::Validation { field, .. } => assert_eq!(field, "name"),
            other => panic!("unexpected {other:?}"),
        }
        // Line breaks and tabs are text.
        assert!(parse::<Item>(br#"{"name":"a\nb\tc","amount":1}"#).is_ok());
    }

    #[test]
    fn malformed_json_is_a_bad_request() {
        assert!(matches!(
            parse::<Item>(b"{\"name\":"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(parse::<Item>(b"  "), Err(ApiError::BadRequest(_))));
    }
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
pub struct FormPart {
    /// The file name the client sent, if any (unsanitised).
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// Reads a whole `multipart/form-data` body into its parts by field name,
/// refusing other content types (415), malformed bodies (400) and bodies
/// over `limit` bytes (413) before reading further.
pub async fn multipart_form(
    req: &actix_web::HttpRequest,
    payload: actix_web::web::Payload,
    limit: usize,
) -> Result<std::collections::BTreeMap<String, FormPart>, ApiError> {
    let is_multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(ApiError::UnsupportedMediaType {
            expected: "multipart/form-data",
        });
    }
    let mut form = actix_multipart::Multipart::new(req.headers(), payload);
    let mut parts = std::collections::BTreeMap::new();
    let mut total = 0_usize;
    while let Some(field) = form.next().await {
        let mut field =
            field.map_err(|e| ApiError::BadRequest(format!("malformed multipart body: {e}")))?;
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(str::to_owned);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|e| ApiError::BadRequest(format!("malformed multipart body: {e}")))?;
            total += chunk.len();
            if total > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        // A text field (not a file) takes no control characters, as in JSON.
        if file_name.is_none() && std::str::from_utf8(&bytes).is_ok_and(has_control_character) {
            return Err(ApiError::validation(
                name,
                "must not contain control characters (such as NUL)",
            ));
        }
        parts.insert(name, FormPart { file_name, bytes });
    }
    Ok(parts)
}
