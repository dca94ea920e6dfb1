//! Which channel a worker is reached on. The core keys a worker by a "chat id" (the dialogue, the
//! claimant, the outbox row, the follow-up question); a worker on the web channel gets one too, from
//! an id space Telegram never uses, so every decision runs unchanged for both channels:
//!
//! - Telegram's private chat ids are user ids, which have at most 52 significant bits; groups are
//!   negative. A web worker's chat id is [`WEB_CHAT_BASE`] plus their web session's row id: positive
//!   (a private worker everywhere the core asks), and never a Telegram id.
//! - The store applies a decision the same way for both; only where a row would go to Telegram (the
//!   outbox) does it look at the channel: a web chat's row goes to the worker's web mailbox instead,
//!   read by their private status page, and is never sent to Telegram.
//! - The complaint records the channel it was filed on (`complaints.channel`), which the office's card
//!   shows; "connect Telegram" later moves the worker's notifications, not that mark.

use serde::{Deserialize, Serialize};

/// The first web chat id: 2^53, above every Telegram user id (at most 52 significant bits).
pub const WEB_CHAT_BASE: i64 = 1 << 53;

/// Where a worker files and is told things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Telegram,
    Web,
}

impl Channel {
    /// The worker-facing channel of a chat id.
    pub fn of_chat(chat_id: i64) -> Channel {
        if is_web_chat(chat_id) { Channel::Web } else { Channel::Telegram }
    }

    /// As stored (`complaints.channel`).
    pub fn code(self) -> &'static str {
        match self {
            Channel::Telegram => "telegram",
            Channel::Web => "web",
        }
    }

    pub fn from_code(code: &str) -> Option<Channel> {
        match code {
            "telegram" => Some(Channel::Telegram),
            "web" => Some(Channel::Web),
            _ => None,
        }
    }
}

/// Whether a chat id names a web worker.
pub fn is_web_chat(chat_id: i64) -> bool {
    chat_id >= WEB_CHAT_BASE
}

/// The chat id of web session `session_id` (its row id, from 1).
pub fn web_chat(session_id: i64) -> i64 {
    WEB_CHAT_BASE.saturating_add(session_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_chats_never_collide_with_telegram_ids() {
        let largest_telegram_user = (1i64 << 52) - 1;
        assert_eq!(Channel::of_chat(largest_telegram_user), Channel::Telegram);
        assert_eq!(Channel::of_chat(-1_001_234_567_890), Channel::Telegram);
        assert_eq!(Channel::of_chat(web_chat(1)), Channel::Web);
        assert!(web_chat(1) > 0, "a web worker is a private worker to the core");
        for c in [Channel::Telegram, Channel::Web] {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
    }
}
