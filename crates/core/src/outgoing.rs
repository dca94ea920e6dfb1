//! What is sent, as stored in the outbox: plain data about chats and messages that the delivery
//! worker turns into Bot API calls. Stored as JSON: add variants and fields (with defaults), never rename.

use serde::{Deserialize, Serialize};

/// Telegram's limit on a message's text, in its own units (see [`telegram_len`]).
pub const MAX_MESSAGE_CHARS: usize = 4096;

/// A text's length as Telegram counts it against its limits: in UTF-16 code units, so an emoji
/// outside the Basic Multilingual Plane (💰, 👷) counts two while a Chinese character counts one.
pub fn telegram_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Byte index after the longest start of `text` that is at most `units` long as Telegram counts.
fn fitting_end(text: &str, units: usize) -> usize {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.len_utf16();
        if used > units {
            return i;
        }
    }
    text.len()
}

/// The longest start of `text` within `max` of Telegram's units, never cutting a character.
pub fn truncated(text: &str, max: usize) -> String {
    text[..fitting_end(text, max)].to_owned()
}

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

    /// This row as Telegram will take it: a message whose text is longer than [`MAX_MESSAGE_CHARS`]
    /// becomes several in order (see [`split_text`]), so no words are refused. Each part keeps where
    /// it goes; a keyboard goes on the last, a reply's quote on the first. Cards (kept short where
    /// they are made), edits and captions are left as they are.
    pub fn into_sendable(self) -> Vec<Outgoing> {
        let parts = |text: &str| split_text(text, MAX_MESSAGE_CHARS);
        match self {
            Outgoing::Send { chat_id, text, keyboard } if too_long(&text) => {
                last_gets(parts(&text), keyboard, |text, keyboard| Outgoing::Send { chat_id, text, keyboard })
            }
            Outgoing::Receipt { chat_id, text } if too_long(&text) => {
                parts(&text).into_iter().map(|text| Outgoing::Receipt { chat_id, text }).collect()
            }
            Outgoing::Staff { chat_id, op } => match op {
                StaffOp::Post { complaint_id, office, text, keyboard, card: false } if too_long(&text) => {
                    last_gets(parts(&text), keyboard, |text, keyboard| Outgoing::Staff {
                        chat_id,
                        op: StaffOp::Post { complaint_id, office: office.clone(), text, keyboard, card: false },
                    })
                }
                StaffOp::Relay { complaint_id, office, text, from_chat } if too_long(&text) => parts(&text)
                    .into_iter()
                    .map(|text| Outgoing::Staff {
                        chat_id,
                        op: StaffOp::Relay { complaint_id, office: office.clone(), text, from_chat },
                    })
                    .collect(),
                StaffOp::Reply { text, reply_to, thread_id, keyboard } if too_long(&text) => {
                    let mut first = true;
                    last_gets(parts(&text), keyboard, |text, keyboard| {
                        let reply_to = if std::mem::take(&mut first) { reply_to } else { None };
                        Outgoing::Staff { chat_id, op: StaffOp::Reply { text, reply_to, thread_id, keyboard } }
                    })
                }
                op => vec![Outgoing::Staff { chat_id, op }],
            },
            row => vec![row],
        }
    }
}

fn too_long(text: &str) -> bool {
    telegram_len(text) > MAX_MESSAGE_CHARS
}

/// Builds a row per part; the last part gets the `keyboard`, the others none.
fn last_gets(
    parts: Vec<String>,
    keyboard: Keyboard,
    mut row: impl FnMut(String, Keyboard) -> Outgoing,
) -> Vec<Outgoing> {
    let n = parts.len();
    parts
        .into_iter()
        .enumerate()
        .map(|(i, text)| row(text, if i + 1 == n { keyboard.clone() } else { Keyboard::None }))
        .collect()
}

/// Cuts `text` into pieces of at most `max` of Telegram's units ([`telegram_len`]), in order, losing no
/// words. A piece ends at its last line break if one falls in its second half, else after a Chinese
/// sentence's end (。！？；), else at a space, else at the limit — a cut never falls inside a character.
/// Whitespace at a cut is dropped (Telegram trims it anyway). A text that fits is returned as it is.
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    if telegram_len(text) <= max {
        return vec![text.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut rest = text;
    loop {
        let fits = fitting_end(rest, max);
        if fits == rest.len() {
            break;
        }
        // At least one character, even one wider than `max`: the loop always moves on.
        let first = rest.chars().next().map_or(0, char::len_utf8);
        let window_end = fits.max(first);
        let window = &rest[..window_end];
        let half = fitting_end(window, max / 2);
        let after_last = |pred: fn(char) -> bool| {
            window[half..].char_indices().rev().find(|&(_, c)| pred(c)).map(|(i, c)| half + i + c.len_utf8())
        };
        let end = after_last(|c| c == '\n')
            .or_else(|| after_last(|c| matches!(c, '。' | '！' | '？' | '；' | '…')))
            .or_else(|| after_last(char::is_whitespace))
            .unwrap_or(window_end);
        let (head, tail) = rest.split_at(end);
        let head = head.trim_end();
        if !head.is_empty() {
            pieces.push(head.to_owned());
        }
        rest = tail.trim_start();
    }
    if !rest.trim().is_empty() {
        pieces.push(rest.trim_end().to_owned());
    }
    pieces
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
    SendStored {
        complaint_id: i64,
        office: String,
        evidence_id: i64,
        kind: String,
        caption: String,
        /// The web worker who sent it after filing: a reply to the post goes back to them, as to a
        /// Telegram worker's copied file (none for the files a filing came with).
        #[serde(default)]
        from_chat: Option<i64>,
    },
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

    #[test]
    fn a_long_text_is_cut_into_pieces_that_fit_and_lose_nothing() {
        // No break anywhere: cut at exactly the limit, never inside a character.
        let flat = "欠".repeat(2 * MAX_MESSAGE_CHARS + 10);
        let pieces = split_text(&flat, MAX_MESSAGE_CHARS);
        assert_eq!(pieces.iter().map(|p| p.chars().count()).collect::<Vec<_>>(), [4096, 4096, 10]);
        assert!(pieces.concat() == flat, "characters lost");

        // Lines: the cut falls at the last line break that fits.
        let line = format!("{}\n", "工".repeat(99));
        let lines = line.repeat(60);
        let pieces = split_text(&lines, MAX_MESSAGE_CHARS);
        assert_eq!(pieces.len(), 2);
        assert_eq!(pieces[0].chars().count(), 40 * 100 - 1, "40 whole lines, the break dropped");
        assert!(pieces.join("\n") == lines.trim_end(), "lines lost");

        // Sentences: after the last 。 that fits.
        let sentence = format!("{}。", "钱".repeat(299));
        let text = sentence.repeat(20);
        let pieces = split_text(&text, MAX_MESSAGE_CHARS);
        assert!(pieces[0].ends_with('。') && pieces[0].chars().count() == 13 * 300, "{}", pieces[0].len());
        assert!(pieces.concat() == text, "sentences lost");

        // Words: at a space; emoji and other wide characters are never split.
        let words = "pay 💰 now ".repeat(1000);
        let pieces = split_text(&words, MAX_MESSAGE_CHARS);
        assert!(pieces.iter().all(|p| telegram_len(p) <= MAX_MESSAGE_CHARS));
        assert!(pieces.join(" ") == words.trim_end(), "words lost");

        // Telegram counts UTF-16 units: 3,000 emoji are 6,000 units, two messages, not one.
        let coins = "💰".repeat(3000);
        assert_eq!(coins.chars().count(), 3000);
        let pieces = split_text(&coins, MAX_MESSAGE_CHARS);
        assert_eq!(pieces.iter().map(|p| telegram_len(p)).collect::<Vec<_>>(), [4096, 1904]);
        assert!(pieces.concat() == coins, "emoji lost");
        // A limit narrower than one emoji still moves on, one character at a time.
        assert_eq!(split_text("💰💰", 1), ["💰", "💰"]);
        assert_eq!(truncated("a💰b", 2), "a", "never half an emoji");
        assert_eq!(truncated("a💰b", 3), "a💰");

        assert_eq!(split_text("短", MAX_MESSAGE_CHARS), ["短"]);
    }

    #[test]
    fn a_long_row_goes_as_several_with_its_keyboard_on_the_last() {
        let keyboard = Keyboard::Inline(vec![vec![Button { label: "ok".into(), data: "x".into() }]]);
        let text = "欠".repeat(MAX_MESSAGE_CHARS + 1);
        let rows = Outgoing::Send { chat_id: 7, text: text.clone(), keyboard: keyboard.clone() }.into_sendable();
        assert_eq!(
            rows,
            [
                Outgoing::Send { chat_id: 7, text: "欠".repeat(MAX_MESSAGE_CHARS), keyboard: Keyboard::None },
                Outgoing::Send { chat_id: 7, text: "欠".into(), keyboard: keyboard.clone() },
            ]
        );
        let relay = Outgoing::Staff {
            chat_id: -1,
            op: StaffOp::Relay { complaint_id: 3, office: "o".into(), text: text.clone(), from_chat: Some(7) },
        };
        assert_eq!(relay.into_sendable().len(), 2);
        let reply = Outgoing::Staff {
            chat_id: -1,
            op: StaffOp::Reply {
                text: text.clone(),
                reply_to: Some(5),
                thread_id: Some(9),
                keyboard: keyboard.clone(),
            },
        };
        let rows = reply.into_sendable();
        let Outgoing::Staff { op: StaffOp::Reply { reply_to, thread_id, keyboard: k, .. }, .. } = &rows[1] else {
            panic!("{rows:?}")
        };
        assert_eq!((*reply_to, *thread_id, k), (None, Some(9), &keyboard));
        // A card is made short where it is made; it is never cut here.
        let card = Outgoing::Staff {
            chat_id: -1,
            op: StaffOp::Post { complaint_id: 3, office: "o".into(), text, keyboard: Keyboard::None, card: true },
        };
        assert_eq!(card.clone().into_sendable(), [card]);
        let short = Outgoing::Send { chat_id: 7, text: "好".into(), keyboard };
        assert_eq!(short.clone().into_sendable(), [short]);
    }
}
