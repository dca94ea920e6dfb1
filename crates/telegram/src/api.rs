//! One Bot API call for the delivery worker, and what its answer means for the row.
//!
//! Delivery calls the API itself rather than through teloxide's requests: teloxide sleeps 10 s inside
//! any call answered with a 5xx and folds the error code away, while delivery must see the code, the
//! `retry_after` and a dropped connection to decide between waiting, retrying and giving up.

use std::time::Duration;

use serde::Deserialize;
use teloxide::ApiError;
use teloxide::RequestError;
use teloxide::prelude::*;

use super::poller::redact;

/// What an answer means for the row that was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Ok,
    /// 429: this scope waits that long.
    TooManyRequests(Duration),
    /// A network error, a timeout, a 5xx or an answer that is not Telegram's: try again later.
    Transient(String),
    /// The chat cannot be reached (blocked, deactivated, not found): give up and tell the office.
    Undeliverable(String),
    /// Refused for another reason that sending again will not fix.
    Refused(String),
}

impl Sent {
    /// The answer as `/metrics` counts it.
    pub fn label(&self) -> &'static str {
        match self {
            Sent::Ok => "ok",
            Sent::TooManyRequests(_) => "429",
            Sent::Transient(_) => "5xx",
            Sent::Undeliverable(_) => "403",
            Sent::Refused(_) => "400",
        }
    }
}

/// Without `retry_after`, a 429 still waits a little.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(3);

/// Sends requests to `<api>/bot<token>/<method>`.
#[derive(Clone)]
pub struct BotApi {
    client: reqwest::Client,
    base: String,
    timeout: Duration,
}

impl BotApi {
    /// Calls go through the bot's own HTTP client (its proxy, its connections; each client of its own
    /// would load the system's certificates again, 1–2 MB each), with `timeout` per call.
    pub fn new(bot: &Bot, timeout: Duration) -> BotApi {
        // Not `Url::join`: a token such as `123:abc` would parse as a URL scheme.
        let base = format!("{}/bot{}/", bot.api_url().as_str().trim_end_matches('/'), bot.token());
        BotApi { client: bot.client().clone(), base, timeout }
    }

    pub async fn call(&self, method: &str, body: &serde_json::Value) -> Sent {
        let request = self.client.post(format!("{}{method}", self.base)).timeout(self.timeout).json(body);
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => return Sent::Transient(redact(&e.to_string())),
        };
        let status = response.status().as_u16();
        match response.bytes().await {
            Ok(bytes) => classify(status, &bytes),
            Err(e) => Sent::Transient(format!("HTTP {status}: {}", redact(&e.to_string()))),
        }
    }
}

/// Every Bot API answer: `ok`, then the result or why not (and, for a 429, how long to wait).
#[derive(Deserialize)]
pub(crate) struct Envelope<R = serde::de::IgnoredAny> {
    pub ok: bool,
    #[serde(default = "none")]
    pub result: Option<R>,
    #[serde(default)]
    pub error_code: Option<u16>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub parameters: Option<Parameters>,
}

fn none<R>() -> Option<R> {
    None
}

#[derive(Deserialize)]
pub(crate) struct Parameters {
    pub retry_after: Option<u64>,
    /// The group became this supergroup: the row waits for the migration update, which moves it.
    pub migrate_to_chat_id: Option<i64>,
}

/// Reads Telegram's answer envelope. Pure, so every branch is tested.
pub fn classify(http_status: u16, body: &[u8]) -> Sent {
    let Ok(envelope) = serde_json::from_slice::<Envelope>(body) else {
        // A proxy's error page or a truncated answer: not Telegram speaking.
        return Sent::Transient(format!("HTTP {http_status}: the answer is not a Bot API envelope"));
    };
    if envelope.ok {
        return Sent::Ok;
    }
    let code = envelope.error_code.unwrap_or(http_status);
    let description = envelope.description.unwrap_or_default();
    let lower = description.to_lowercase();
    let moved_to = envelope.parameters.as_ref().and_then(|p| p.migrate_to_chat_id);
    match code {
        // The row raced the group's upgrade: it stays queued, and the `migrate_to_chat_id` update
        // (which Telegram sends into the old chat) moves it and everything else to the supergroup.
        400 if let Some(to) = moved_to => Sent::Transient(format!("{code} {description} (now chat {to})")),
        429 => Sent::TooManyRequests(
            envelope.parameters.and_then(|p| p.retry_after).map_or(DEFAULT_RETRY_AFTER, Duration::from_secs),
        ),
        500..=599 => Sent::Transient(format!("{code} {description}")),
        // A wrong token or address is the operator's to fix; the rows wait for them rather than fail.
        401 | 404 => Sent::Transient(format!("{code} {description}")),
        403 => Sent::Undeliverable(description),
        400 if UNREACHABLE.iter().any(|m| lower.contains(m)) => Sent::Undeliverable(description),
        // The edit or the button answer already happened, or is too old to matter.
        400 if ALREADY_DONE.iter().any(|m| lower.contains(m)) => Sent::Ok,
        _ => Sent::Refused(format!("{code} {description}")),
    }
}

/// 400 descriptions that mean the chat is gone for us.
const UNREACHABLE: [&str; 5] =
    ["chat not found", "user not found", "peer_id_invalid", "user is deactivated", "not enough rights to send"];

const ALREADY_DONE: [&str; 3] = ["message is not modified", "query is too old", "query id is invalid"];

/// For dispatch arms that send with teloxide's requests (uploads): the same meaning from its error.
pub fn from_teloxide<T>(result: Result<T, RequestError>) -> Sent {
    match result {
        Ok(_) => Sent::Ok,
        Err(RequestError::RetryAfter(secs)) => Sent::TooManyRequests(secs.duration()),
        Err(RequestError::Api(ApiError::MessageNotModified | ApiError::InvalidQueryId)) => Sent::Ok,
        Err(RequestError::MigrateToChatId(to)) => {
            Sent::Transient(format!("Bad Request: group chat was upgraded to a supergroup chat (now chat {to})"))
        }
        Err(RequestError::Api(
            e @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::ChatNotFound
            | ApiError::BotKicked
            | ApiError::BotKickedFromSupergroup
            | ApiError::CantInitiateConversation),
        )) => Sent::Undeliverable(e.to_string()),
        Err(RequestError::Api(e)) => Sent::Refused(e.to_string()),
        Err(e @ (RequestError::Network(_) | RequestError::Io(_) | RequestError::InvalidJson { .. })) => {
            Sent::Transient(redact(&e.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: u16, description: &str) -> Vec<u8> {
        serde_json::json!({ "ok": false, "error_code": code, "description": description }).to_string().into_bytes()
    }

    #[test]
    fn each_answer_means_what_telegram_says() {
        assert_eq!(classify(200, br#"{"ok":true,"result":{}}"#), Sent::Ok);
        let limited = br#"{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}"#;
        assert_eq!(classify(429, limited), Sent::TooManyRequests(Duration::from_secs(7)));
        assert_eq!(classify(429, &err(429, "Too Many Requests")), Sent::TooManyRequests(DEFAULT_RETRY_AFTER));
        assert!(matches!(classify(502, &err(502, "Bad Gateway")), Sent::Transient(_)));
        assert!(matches!(classify(502, b"<html>bad gateway</html>"), Sent::Transient(_)));
        assert!(matches!(classify(200, b"{\"ok\":tr"), Sent::Transient(_)));
        for gone in [
            err(403, "Forbidden: bot was blocked by the user"),
            err(403, "Forbidden: user is deactivated"),
            err(400, "Bad Request: chat not found"),
            err(403, "Forbidden: bot was kicked from the group chat"),
        ] {
            assert!(matches!(classify(400, &gone), Sent::Undeliverable(_)), "{}", String::from_utf8_lossy(&gone));
        }
        let unchanged = err(400, "Bad Request: message is not modified: specified new message content ...");
        assert_eq!(classify(400, &unchanged), Sent::Ok);
        assert_eq!(classify(400, &err(400, "Bad Request: query is too old and response timeout expired")), Sent::Ok);
        assert!(matches!(classify(400, &err(400, "Bad Request: message is too long")), Sent::Refused(_)));
        assert!(matches!(classify(401, &err(401, "Unauthorized")), Sent::Transient(_)));
        // Sent to a group just upgraded: kept for the supergroup, not refused for good.
        let moved = br#"{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234}}"#;
        assert!(matches!(classify(400, moved), Sent::Transient(e) if e.contains("-1001234")));
    }
}
