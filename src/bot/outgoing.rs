//! What the bot sends, as stored in the outbox: plain data that the delivery worker turns into
//! Bot API calls. Stored as JSON: add variants and fields (with defaults), never rename.

use serde::{Deserialize, Serialize};

use crate::intake::{Keyboard, Out};

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
}

/// The message a button was pressed on, as the adapter saw it.
#[derive(Debug, Clone)]
pub struct Pressed {
    pub callback_id: String,
    pub message_id: Option<i32>,
    pub message_text: Option<String>,
}

/// Turns the dialogue's outs into outbox rows for one chat. Every button press is answered exactly once.
pub fn from_outs(chat_id: i64, outs: Vec<Out>, pressed: Option<&Pressed>) -> Vec<Outgoing> {
    let mut toast = None;
    let mut rows = Vec::new();
    for out in outs {
        match out {
            Out::Say(reply) => rows.push(Outgoing::Send { chat_id, text: reply.text, keyboard: reply.keyboard }),
            Out::Toast(text) => toast = Some(text),
            Out::Chosen { label } => {
                if let Some(message_id) = pressed.and_then(|p| p.message_id) {
                    let text = pressed
                        .and_then(|p| p.message_text.as_ref())
                        .map(|original| format!("{original}\n\n✅ {label}"))
                        .filter(|t| t.chars().count() <= MAX_MESSAGE_CHARS);
                    rows.push(Outgoing::CloseKeyboard { chat_id, message_id, text });
                }
            }
        }
    }
    if let Some(p) = pressed {
        // The answer goes first: Telegram shows a spinner on the button until it arrives.
        rows.insert(0, Outgoing::AnswerCallback { callback_id: p.callback_id.clone(), text: toast });
    }
    rows
}
