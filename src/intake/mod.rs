//! The worker's intake dialogue, as plain Rust that knows nothing about Telegram: an [`Input`] and the
//! stored [`Dialogue`] go in, the next `Dialogue` and what to say ([`Out`]) come out. The Telegram
//! adapter (`bot/`) turns updates into inputs and outs into Bot API calls; a web form could do the same.

mod answers;
mod ask;
mod buttons;
mod commands;
pub mod draft;
mod flow;
mod submit;
mod summary;

pub use flow::handle;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use draft::{Draft, EvidenceItem};

/// Where the worker is in the intake. Stored by name: add variants, never rename or remove one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// No intake in progress.
    Idle,
    Language,
    Consent,
    County,
    Township,
    Site,
    Sector,
    EmployerKind,
    Employer,
    ClaimKind,
    Litigation,
    Amount,
    AmountConfirm,
    Period,
    PeriodTooOld,
    Workers,
    CrewSize,
    Name,
    Phone,
    IdConsent,
    IdNumber,
    Evidence,
    Description,
    Summary,
    Notice,
    /// "Is this your worksite?" for the project a signboard's code named.
    ProjectConfirm,
}

/// The stored state of one worker's chat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dialogue {
    /// The language the worker picked; `None` until they pick one.
    pub lang: Option<Lang>,
    pub step: Step,
    pub draft: Draft,
    /// Counts intakes in this chat; buttons carry it so a button from an earlier complaint is stale.
    pub draft_no: u32,
    /// Set while the worker changes one answer from the summary: finishing it returns to the summary.
    pub editing: bool,
    /// The step to go back to after `/language` interrupted the dialogue.
    pub resume: Option<Step>,
}

impl Default for Dialogue {
    fn default() -> Self {
        Dialogue { lang: None, step: Step::Idle, draft: Draft::default(), draft_no: 0, editing: false, resume: None }
    }
}

impl Dialogue {
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_default()
    }
}

/// A worker's command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `/start` with an optional deep-link payload (a signboard's project code).
    Start(Option<String>),
    New,
    Status,
    Cancel,
    Language,
    Help,
    Unknown(String),
}

/// What the worker did, already lifted out of the channel's wire format.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Command(Command),
    Text(String),
    /// A button press; `data` is what the button carried.
    Button {
        data: String,
    },
    /// A shared contact card; `own` is whether it is the sender's own number.
    Contact {
        phone: String,
        own: bool,
    },
    /// A photo, document, voice message, video or audio file.
    Media(EvidenceItem),
    /// Anything else (sticker, location, poll, …), named for the log.
    Unsupported(&'static str),
}

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

/// What the dialogue wants done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Say(Reply),
    /// The pressed button was taken: close its message's keyboard and show what was chosen.
    Chosen {
        label: String,
    },
    /// A short notice shown on the button press itself (stale buttons).
    Toast(String),
}
