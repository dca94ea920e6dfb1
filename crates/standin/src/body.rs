//! Request bodies in every encoding Telegram accepts: JSON, `x-www-form-urlencoded`, query
//! string and `multipart/form-data` with file parts.

use std::collections::{HashMap, HashSet};

use axum::extract::{FromRequest, Multipart, Query, Request};
use axum::http::header;
use serde_json::{Map, Value};

use super::reply::ApiError;

/// Telegram accepts uploads up to 50 MB.
pub(super) const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// A file part of a multipart request, by part name.
pub(super) struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

pub(super) type Uploads = HashMap<String, Upload>;

fn unreadable(what: &dyn std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!("can't parse request body: {what}"))
}

/// Query string and body, merged (the body wins), plus any uploaded files.
pub(super) async fn read_params(request: Request) -> Result<(Map<String, Value>, Uploads), ApiError> {
    let mut params = Map::new();
    if let Ok(Query(pairs)) = Query::<Vec<(String, String)>>::try_from_uri(request.uri()) {
        params.extend(pairs.into_iter().map(|(k, v)| (k, Value::String(v))));
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let mut uploads = Uploads::new();
    if content_type.starts_with("multipart/form-data") {
        let multipart = Multipart::from_request(request, &()).await.map_err(|e| unreadable(&e))?;
        read_multipart(multipart, &mut params, &mut uploads).await.map_err(|e| unreadable(&e))?;
    } else {
        let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT).await.map_err(|e| unreadable(&e))?;
        // No body means query parameters only; Telegram reads JSON whatever the content type.
        if content_type.starts_with("application/x-www-form-urlencoded") {
            // The url crate's form decoder, reached through a throwaway URL.
            let body = String::from_utf8_lossy(&bytes);
            let url = reqwest::Url::parse(&format!("http://form.invalid/?{body}")).map_err(|e| unreadable(&e))?;
            let pairs = url.query_pairs().map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())));
            params.extend(pairs);
        } else if !bytes.iter().all(u8::is_ascii_whitespace) {
            match serde_json::from_slice::<Value>(&bytes) {
                Ok(Value::Object(body)) => params.extend(body),
                Ok(_) => return Err(unreadable(&"the JSON body is not an object")),
                Err(e) => return Err(unreadable(&e)),
            }
        }
    }
    Ok((params, uploads))
}

/// Text parts become parameters; parts with a file name and parts named by an `attach://`
/// value become uploads. A file sent under its field's own name (`photo`) is given to that
/// field as `attach://photo`.
async fn read_multipart(
    mut multipart: Multipart,
    params: &mut Map<String, Value>,
    uploads: &mut Uploads,
) -> Result<(), axum::extract::multipart::MultipartError> {
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let bytes = field.bytes().await?.to_vec();
        parts.push((name, file_name, bytes));
    }
    let attached: HashSet<String> = parts
        .iter()
        .filter_map(|(_, _, bytes)| std::str::from_utf8(bytes).ok())
        .filter_map(|text| text.strip_prefix("attach://"))
        .map(str::to_owned)
        .collect();
    for (name, file_name, bytes) in parts {
        if file_name.is_none() && !attached.contains(&name) {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            params.insert(name, Value::String(text));
            continue;
        }
        if !attached.contains(&name) {
            params.insert(name.clone(), Value::String(format!("attach://{name}")));
        }
        uploads.insert(name, Upload { file_name: file_name.unwrap_or_default(), bytes });
    }
    Ok(())
}

/// Undoes `%XX` escapes in a URL path.
pub(super) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
