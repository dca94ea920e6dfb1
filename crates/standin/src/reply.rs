//! Telegram's answer envelope: `{"ok":true,"result":…}` or `{"ok":false,"error_code":…}`.

use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error the way Telegram reports it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ApiError {
    pub code: u16,
    pub description: String,
    pub retry_after: Option<u32>,
    /// The supergroup a basic group became (`parameters.migrate_to_chat_id`).
    pub migrate_to_chat_id: Option<i64>,
}

/// What a method handler produces.
pub(super) type ApiResult = Result<Value, ApiError>;

/// A method's result as it goes on the wire: a JSON value, or `getUpdates`' updates as they were
/// serialized when queued.
#[derive(Debug)]
pub(super) enum Reply {
    Json(Value),
    /// A message as the stand-in stores it (no copy of its tree for the answer).
    Shared(std::sync::Arc<Value>),
    Updates(Vec<Bytes>),
}

impl Reply {
    /// The result as a JSON value (for the record of calls; updates are parsed back).
    pub fn into_value(self) -> Value {
        match self {
            Reply::Json(value) => value,
            Reply::Shared(value) => std::sync::Arc::unwrap_or_clone(value),
            Reply::Updates(updates) => {
                Value::Array(updates.iter().map(|u| serde_json::from_slice(u).unwrap_or(Value::Null)).collect())
            }
        }
    }
}

/// What the stand-in answers a call with.
pub(super) type Answer = Result<Reply, ApiError>;

impl ApiError {
    pub fn new(code: u16, description: impl Into<String>) -> Self {
        Self { code, description: description.into(), retry_after: None, migrate_to_chat_id: None }
    }

    /// 400; `what` follows "Bad Request: ".
    pub fn bad_request(what: impl std::fmt::Display) -> Self {
        Self::new(400, format!("Bad Request: {what}"))
    }

    pub fn chat_not_found() -> Self {
        Self::bad_request("chat not found")
    }

    pub fn unauthorized() -> Self {
        Self::new(401, "Unauthorized")
    }

    pub fn blocked() -> Self {
        Self::new(403, "Forbidden: bot was blocked by the user")
    }

    pub fn too_many_requests(retry_after: u32) -> Self {
        Self {
            code: 429,
            description: format!("Too Many Requests: retry after {retry_after}"),
            retry_after: Some(retry_after),
            migrate_to_chat_id: None,
        }
    }

    /// 400 for a basic group that became a supergroup, naming the new chat as Telegram does.
    pub fn migrated(to: i64) -> Self {
        Self { migrate_to_chat_id: Some(to), ..Self::bad_request("group chat was upgraded to a supergroup chat") }
    }

    /// Not an answer at all: the connection drops (code 0 never reaches the wire).
    pub fn connection_reset() -> Self {
        Self::new(0, "connection reset (injected)")
    }

    pub fn body(&self) -> Value {
        let mut body = json!({
            "ok": false,
            "error_code": self.code,
            "description": self.description,
        });
        if let Some(seconds) = self.retry_after {
            body["parameters"] = json!({ "retry_after": seconds });
        }
        if let Some(chat) = self.migrate_to_chat_id {
            body["parameters"] = json!({ "migrate_to_chat_id": chat });
        }
        body
    }
}

#[derive(serde::Serialize)]
struct Envelope<'a> {
    ok: bool,
    result: &'a Value,
}

/// The HTTP response for a handler's result; the status mirrors `error_code` like Telegram's.
pub(super) fn into_response(result: &Answer) -> Response {
    match result {
        // Serialized from the borrowed result: `json!` would copy the whole tree first.
        Ok(Reply::Json(result)) => axum::Json(Envelope { ok: true, result }).into_response(),
        Ok(Reply::Shared(result)) => axum::Json(Envelope { ok: true, result }).into_response(),
        Ok(Reply::Updates(updates)) => {
            let mut body = Vec::with_capacity(32 + updates.iter().map(|u| u.len() + 1).sum::<usize>());
            body.extend_from_slice(b"{\"ok\":true,\"result\":[");
            for (i, update) in updates.iter().enumerate() {
                if i > 0 {
                    body.push(b',');
                }
                body.extend_from_slice(update);
            }
            body.extend_from_slice(b"]}");
            ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(error) if error.code == 0 => broken_response(),
        Err(error) => {
            let status = StatusCode::from_u16(error.code).unwrap_or(StatusCode::BAD_REQUEST);
            (status, axum::Json(error.body())).into_response()
        }
    }
}

/// A response whose body fails before its first byte: the server drops the connection, and the client
/// sees a network error rather than an answer.
fn broken_response() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset (injected)",
        ))
    });
    Response::new(axum::body::Body::from_stream(failing))
}
