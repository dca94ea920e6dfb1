//! What is sent, as stored in the outbox: plain data about chats and messages that the delivery
//! worker turns into Bot API calls. Stored as JSON: add variants and fields (with defaults), never rename.

use serde::{Deserialize, Serialize};

use crate::intake::Keyboard;

/// Telegram's limit on a message's text.
pub const MAX_MESSAGE_CHARS: usize = 4096;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Outgoing {
    Send {
        chat_id: i64,
        text: String,
        keyboard: Keyboard,
    },
    /// Closes the keyboard of a message whose button was pressed, noting the choice in its text.
    CloseKeyboard {
        chat_id: i64,
        message_id: i32,
        /// New text, or `None` to only remove the buttons.
        text: Option<String>,
    },
    AnswerCallback {
        callback_id: String,
        text: Option<String>,
    },
    /// A picture from a local file (a digest chart), uploaded when sent.
    Photo {
        chat_id: i64,
        path: String,
        caption: Option<String>,
    },
    /// A file from a local path (an exported ledger), uploaded when sent.
    Document {
        chat_id: i64,
        path: String,
        caption: Option<String>,
    },
}

/// Telegram's limit on a photo's or document's caption.
pub const MAX_CAPTION_CHARS: usize = 1024;
