//! What is sent, as stored in the outbox: plain data about chats and messages that the delivery
//! worker turns into Bot API calls. Stored as JSON: add variants and fields (with defaults), never rename.

use serde::{Deserialize, Serialize};

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
        /// Shown as an alert the member closes, not a passing toast (Telegram keeps no copy of it).
        #[serde(default)]
        alert: bool,
    },
    /// Something in an office group (or a relay to a worker) that depends on where a case lives
    /// there; resolved against the database when it is sent.
    Staff {
        chat_id: i64,
        op: StaffOp,
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
    /// A receipt ("sent to the office"): consecutive equal receipts to one chat go as one message, so
    /// a burst of a worker's messages is acknowledged once.
    Receipt {
        chat_id: i64,
        text: String,
    },
}

impl Outgoing {
    /// The same row with every text and caption replaced by `blank`: what the outbox keeps of a row
    /// that showed personal data in clear, once sent (it keeps its kind, and so what it cost).
    pub fn without_text(&self, blank: &str) -> Outgoing {
        let mut row = self.clone();
        let b = || blank.to_owned();
        match &mut row {
            Outgoing::Send { text, .. } | Outgoing::Receipt { text, .. } => *text = b(),
            Outgoing::CloseKeyboard { text, .. }
            | Outgoing::AnswerCallback { text, .. }
            | Outgoing::Photo { caption: text, .. }
            | Outgoing::Document { caption: text, .. } => {
                if text.is_some() {
                    *text = Some(b());
                }
            }
            Outgoing::Staff { op, .. } => match op {
                StaffOp::Post { text, .. }
                | StaffOp::EditCard { text, .. }
                | StaffOp::Reply { text, .. }
                | StaffOp::Relay { text, .. } => *text = b(),
                StaffOp::SendFile { caption, .. } | StaffOp::SendStored { caption, .. } => *caption = b(),
                StaffOp::Copy { caption, .. } => {
                    if caption.is_some() {
                        *caption = Some(b());
                    }
                }
                StaffOp::CreateTopic { name, .. } => *name = b(),
                StaffOp::React { .. } | StaffOp::Leave => {}
            },
        }
        row
    }
}

impl Outgoing {
    /// This row, still waiting for a group when it became supergroup `to`, re-addressed to the new
    /// chat; `None` when it has no meaning there: it names a message of the old chat (a keyboard to
    /// close, a reaction), or it builds the case's thread, which the migration starts anew.
    pub fn moved_to(&self, to: i64) -> Option<Outgoing> {
        let mut row = self.clone();
        match &mut row {
            Outgoing::Send { chat_id, .. }
            | Outgoing::Photo { chat_id, .. }
            | Outgoing::Document { chat_id, .. }
            | Outgoing::Receipt { chat_id, .. } => *chat_id = to,
            Outgoing::Staff { chat_id, op } => {
                match op {
                    StaffOp::CreateTopic { .. }
                    | StaffOp::Post { card: true, .. }
                    | StaffOp::SendFile { .. }
                    | StaffOp::SendStored { .. }
                    | StaffOp::React { .. } => return None,
                    // Message and topic ids of the old chat do not exist in the new one.
                    StaffOp::Reply { reply_to, thread_id, .. } => (*reply_to, *thread_id) = (None, None),
                    _ => {}
                }
                *chat_id = to;
            }
            Outgoing::CloseKeyboard { .. } | Outgoing::AnswerCallback { .. } => return None,
        }
        Some(row)
    }
}

/// Office-group operations. Every post about a case goes into the case's forum topic, or under its
/// card in a plain group, with `protect_content`, and is remembered as belonging to the case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum StaffOp {
    /// Opens the case's forum topic in the office's group.
    CreateTopic { complaint_id: i64, office: String, name: String },
    /// A message about the case; `card` marks the case card itself.
    Post { complaint_id: i64, office: String, text: String, keyboard: Keyboard, card: bool },
    /// Edits the card in place.
    EditCard { complaint_id: i64, office: String, text: String, keyboard: Keyboard },
    /// Copies a worker's or staff member's message (media) into the case's thread, or — with no
    /// office — into a worker's chat, with our own caption instead of the sender's.
    Copy { complaint_id: i64, office: Option<String>, from_chat_id: i64, message_id: i32, caption: Option<String> },
    /// An evidence file (by Telegram file id) posted in the case's thread with a caption.
    SendFile { complaint_id: i64, office: String, kind: String, file_id: String, caption: String },
    /// An evidence file only we hold (a web upload: Telegram has no id for it), read from our disk
    /// when the row is sent and uploaded into the case's thread with a caption.
    SendStored { complaint_id: i64, office: String, evidence_id: i64, kind: String, caption: String },
    /// A reply to a message in the group that is not about one case (linking, lists, refusals).
    Reply { text: String, reply_to: Option<i32>, thread_id: Option<i32>, keyboard: Keyboard },
    /// Marks a member's message as relayed (a reaction, which costs no message).
    React { message_id: i32 },
    /// Leaves a group that is not (or no longer) linked.
    Leave,
    /// A worker's text relayed into the case's thread: consecutive relays of one case are sent as one
    /// post (their texts a line each), so a worker's burst does not spend the office group's budget.
    Relay {
        complaint_id: i64,
        office: String,
        text: String,
        /// The worker's chat the words came from (an erasure of that worker stops them if still waiting).
        #[serde(default)]
        from_chat: Option<i64>,
    },
}

/// Telegram's limit on a photo's or document's caption.
pub const MAX_CAPTION_CHARS: usize = 1024;

/// A button under a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Button {
    pub label: String,
    pub data: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Keyboard {
    None,
    /// Buttons attached to the message, in rows.
    Inline(Vec<Vec<Button>>),
    /// A one-button keyboard that shares the worker's phone number, or lets them type it.
    RequestContact {
        label: String,
    },
    /// Takes away a keyboard shown earlier.
    Remove,
}

/// A message to the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub keyboard: Keyboard,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_moves_to_the_supergroup_unless_it_names_the_old_chat_or_rebuilds_the_thread() {
        let relay = |chat_id| Outgoing::Staff {
            chat_id,
            op: StaffOp::Relay { complaint_id: 1, office: "o".into(), text: "t".into(), from_chat: Some(5) },
        };
        assert_eq!(relay(-1).moved_to(-100), Some(relay(-100)));
        let reply = Outgoing::Staff {
            chat_id: -1,
            op: StaffOp::Reply { text: "t".into(), reply_to: Some(3), thread_id: Some(4), keyboard: Keyboard::None },
        };
        let Some(Outgoing::Staff { chat_id: -100, op: StaffOp::Reply { reply_to: None, thread_id: None, .. } }) =
            reply.moved_to(-100)
        else {
            panic!("a reply moves without the old chat's message ids");
        };
        let card = StaffOp::Post {
            complaint_id: 1,
            office: "o".into(),
            text: "c".into(),
            keyboard: Keyboard::None,
            card: true,
        };
        assert_eq!(Outgoing::Staff { chat_id: -1, op: card }.moved_to(-100), None, "the migration posts the card anew");
        let close = Outgoing::CloseKeyboard { chat_id: -1, message_id: 3, text: None };
        assert_eq!(close.moved_to(-100), None);
    }

    #[test]
    fn a_row_without_its_text_keeps_its_kind_and_nothing_it_said() {
        let rows = [
            Outgoing::Send { chat_id: 1, text: "13912345678".into(), keyboard: Keyboard::None },
            Outgoing::AnswerCallback { callback_id: "q".into(), text: Some("13912345678".into()), alert: true },
            Outgoing::Staff {
                chat_id: -1,
                op: StaffOp::Reply {
                    text: "13912345678".into(),
                    reply_to: None,
                    thread_id: Some(3),
                    keyboard: Keyboard::None,
                },
            },
            Outgoing::Document { chat_id: 1, path: "/x.xlsx".into(), caption: Some("13912345678".into()) },
            Outgoing::Receipt { chat_id: 1, text: "13912345678".into() },
            Outgoing::Staff {
                chat_id: -1,
                op: StaffOp::Relay {
                    complaint_id: 1,
                    office: "o".into(),
                    text: "13912345678".into(),
                    from_chat: Some(1),
                },
            },
        ];
        for row in rows {
            let blank = row.without_text("-");
            let json = serde_json::to_string(&blank).expect("serializes");
            assert!(!json.contains("13912345678"), "{json}");
            assert_eq!(std::mem::discriminant(&row), std::mem::discriminant(&blank));
        }
        let quiet = Outgoing::AnswerCallback { callback_id: "q".into(), text: None, alert: false };
        assert_eq!(quiet.without_text("-"), quiet, "no text stays no text");
    }
}
