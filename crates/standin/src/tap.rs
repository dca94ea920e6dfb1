//! A stream of the bot's calls as they finish, for the load generator: per call only the method, the
//! chat and when the request arrived, so a run with thousands of workers needs no polling of the world.

use std::time::Instant;

use serde_json::Value;
use tokio::sync::mpsc;

use super::{StandIn, lock};

/// One finished call of the bot.
#[derive(Debug, Clone)]
pub struct TappedCall {
    pub method: String,
    /// The request's `chat_id`, when it had a numeric one.
    pub chat_id: Option<i64>,
    /// When the request reached the stand-in.
    pub arrived: Instant,
    pub ok: bool,
}

impl StandIn {
    /// From now on every finished call is also sent here; a second call replaces the first receiver.
    pub fn tap(&self) -> mpsc::UnboundedReceiver<TappedCall> {
        let (tx, rx) = mpsc::unbounded_channel();
        *lock(&self.shared.tap) = Some(tx);
        rx
    }

    pub(super) fn tap_call(&self, method: &str, params: &Value, arrived: Instant, ok: bool) {
        let tap = lock(&self.shared.tap);
        if let Some(tx) = tap.as_ref() {
            let chat_id = params.get("chat_id").and_then(Value::as_i64);
            // A closed receiver only means nobody listens any more.
            let _ = tx.send(TappedCall { method: method.to_owned(), chat_id, arrived, ok });
        }
    }
}
