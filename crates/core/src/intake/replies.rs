//! Turning the dialogue's outs into outbox rows for a worker's chat.

use super::Out;
use crate::outgoing::{MAX_MESSAGE_CHARS, Outgoing};

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
                        .filter(|t| crate::outgoing::telegram_len(t) <= MAX_MESSAGE_CHARS);
                    rows.push(Outgoing::CloseKeyboard { chat_id, message_id, text });
                }
            }
        }
    }
    if let Some(p) = pressed {
        // The answer goes first: Telegram shows a spinner on the button until it arrives.
        rows.insert(0, Outgoing::AnswerCallback { callback_id: p.callback_id.clone(), text: toast, alert: false });
    }
    rows
}
