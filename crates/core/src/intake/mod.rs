//! The worker's intake dialogue, as plain Rust that knows nothing about Telegram: an [`Input`] and the
//! stored [`Dialogue`] go in, the next `Dialogue` and what to say ([`Out`]) come out. The Telegram
//! adapter (`bot/`) turns updates into inputs and outs into Bot API calls; a web form could do the same.

mod answers;
mod ask;
mod buttons;
mod commands;
pub mod draft;
mod flow;
mod replies;
mod submit;
mod summary;
mod turn;

pub use commands::plausible_code;
pub use flow::{decide, needs};
pub use replies::{Pressed, from_outs};
pub use submit::{CrewLink, Filed, JoinAt, filed_replies};

use serde::{Deserialize, Serialize};

use chrono::{DateTime, NaiveDate, Utc};

use crate::crypto::Vault;
use crate::deployment::Deployment;
use crate::i18n::Lang;
use crate::worksite::CodeLookup;
use draft::{Draft, EvidenceItem};

/// The longest free text we take in one answer; Telegram allows 4,096 characters.
pub const MAX_TEXT_CHARS: usize = 2000;

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

/// What every turn may consult: the operator's deployment, the vault that seals personal numbers, and
/// the time the turn is decided at.
pub struct Env<'a> {
    pub deployment: &'a Deployment,
    pub vault: &'a Vault,
    pub now: DateTime<Utc>,
}

impl Env<'_> {
    pub fn today(&self) -> NaiveDate {
        crate::clock::local_date(self.now)
    }
}

/// What a turn needs loaded from the store before it can be decided; see [`needs`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Needs {
    /// `/start <code>`: what the code names.
    pub project_code: Option<String>,
    /// `/status`: the worker's cases.
    pub worker_cases: bool,
    /// `/start j<code>` or `/join <code>`: the case a crew code names.
    pub crew_code: Option<String>,
}

/// What was loaded for a turn, as [`needs`] asked.
#[derive(Debug, Default, Clone)]
pub struct Known {
    pub project: Option<CodeLookup>,
    pub worker_cases: Vec<CaseSummary>,
    pub crew: Option<crate::crew::CrewLookup>,
}

/// A line of the worker's `/status`: a case they filed or joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSummary {
    pub case_number: String,
    /// The case's status code (`case::Status::code`).
    pub status: String,
    pub submitted_on: String,
    pub amount_fen: i64,
    pub owner_office: Option<String>,
    /// The deadline running now: acceptance, or investigation once accepted (YYYY-MM-DD).
    pub due: Option<String>,
}

/// The outcome of a turn: the dialogue to store, what to say, and on submit the draft to file. The
/// caller files it in the same transaction and appends [`filed_replies`] to `outs`.
#[derive(Debug, Clone)]
pub struct Decision {
    pub dialogue: Dialogue,
    pub outs: Vec<Out>,
    pub file: Option<Box<Draft>>,
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
    /// `/join <code>`: become a claimant of a crew's case (the code a crew's filer passed on).
    Join(String),
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

pub use crate::outgoing::{Button, Keyboard, Reply};

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

#[cfg(test)]
mod tests;
