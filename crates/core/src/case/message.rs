//! What the core hands to the outside: localizable messages (a Fluent id plus typed arguments),
//! timeline entries and outgoing notifications. No text, only ids: the adapter renders them in
//! the reader's language, turning office ids into that language's office names.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::deployment::OfficeId;

/// One argument of a message, typed so each language can render it its own way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Arg {
    /// Free text typed by a person (a reason, a case number); shown as is.
    Text(String),
    /// An office, shown by its name in the reader's language.
    Office(OfficeId),
    /// A county by its 6-digit code, shown by its name in the reader's language.
    County(String),
    Date(NaiveDate),
    /// Money in fen, shown in yuan.
    Fen(i64),
    Count(u64),
    /// Another message id (e.g. an outcome's name), rendered first and inserted.
    Message(String),
    /// Several message ids (e.g. an emergency's classes), each rendered, listed in the reader's language.
    Messages(Vec<String>),
}

pub type Args = BTreeMap<String, Arg>;

/// A message id with its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub args: Args,
}

impl Message {
    pub fn new(id: &str) -> Message {
        Message { id: id.to_string(), args: Args::new() }
    }

    pub fn arg(mut self, name: &str, value: Arg) -> Message {
        self.args.insert(name.to_string(), value);
        self
    }

    pub fn office(self, name: &str, office: &OfficeId) -> Message {
        self.arg(name, Arg::Office(office.clone()))
    }

    pub fn text(self, name: &str, text: &str) -> Message {
        self.arg(name, Arg::Text(text.to_string()))
    }

    pub fn date(self, name: &str, day: NaiveDate) -> Message {
        self.arg(name, Arg::Date(day))
    }
}

/// Who did something to a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    /// The worker who filed (or a claimant acting on their own share).
    Worker,
    /// A staff member acting for an office; `user` is the adapter's opaque staff id.
    Staff { office: OfficeId, user: String },
    /// wagedesk itself (routing, the clock scheduler).
    System,
}

impl Actor {
    pub fn office(&self) -> Option<&OfficeId> {
        match self {
            Actor::Staff { office, .. } => Some(office),
            Actor::Worker | Actor::System => None,
        }
    }
}

/// Who a notification goes to. A supervisor is an office too, named apart so the adapter can
/// use its supervision group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "office", rename_all = "snake_case")]
pub enum Recipient {
    /// Every worker on the case, each in their own chat.
    Worker,
    /// Every worker on the case but the one who acted (a worker's answer): that one was told where
    /// they answered, so the adapter names them and leaves them out.
    OtherWorkers,
    Office(OfficeId),
    Supervisor(OfficeId),
}

/// A message to deliver, written in the same transaction as the change that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub to: Recipient,
    pub message_id: String,
    pub args: Args,
}

impl Notification {
    pub fn new(to: Recipient, message: Message) -> Notification {
        Notification { to, message_id: message.id, args: message.args }
    }
}

/// What kind of event a timeline entry records (stable snake_case codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimelineKind {
    Routed,
    Accepted,
    InfoRequested,
    InfoProvided,
    Transferred,
    CoHandlerAdded,
    InvestigationExtended,
    HandlingStarted,
    Resolved,
    PaymentConfirmed,
    Reopened,
    Withdrawn,
    /// Staff workspace events: an internal note, a tag, personal data shown, a message relayed.
    Note,
    Tagged,
    Unmasked,
    Relayed,
    /// An emergency or key-case alert acknowledged by a person in an office group.
    AlertAcknowledged,
    /// 责令限期支付 issued.
    OrderedToPay,
    /// The office recorded the verified amount of each claimant (核定金额).
    AmountVerified,
    /// The office recorded why a claimant cannot be reached to confirm payment.
    ClaimantUnreachable,
    /// Referred to the police for refusing to pay; the case stays open.
    ReferredToPolice,
    /// An administrative penalty on the employer recorded.
    PenaltyRecorded,
    /// The employer referred for joint punishment (失信联合惩戒).
    ReferredToBlacklist,
    /// A claimant withdrew their part of a case that goes on for the others.
    ClaimantWithdrew,
    /// A worker's personal data on the case was erased (on request, or after the retention period).
    PersonalDataErased,
}

/// One append-only line of a case's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub kind: TimelineKind,
    pub actor: Actor,
    pub message_id: String,
    pub args: Args,
}

impl TimelineEntry {
    pub fn new(kind: TimelineKind, actor: Actor, message: Message) -> TimelineEntry {
        TimelineEntry { kind, actor, message_id: message.id, args: message.args }
    }
}
