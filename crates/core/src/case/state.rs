//! The state a case's lifecycle works on, the operations on it and their result.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::message::{Actor, Message, Notification, Recipient, TimelineEntry, TimelineKind};
use super::status::{Outcome, Status};
use crate::deployment::{Deployment, OfficeId};
use crate::routing::Assignment;

/// Everything the lifecycle needs to decide; the database stores it as the case's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    pub status: Status,
    /// The one office responsible right now.
    pub owner: OfficeId,
    /// The office that first received the complaint; never changes.
    pub first_office: OfficeId,
    pub co_handlers: Vec<OfficeId>,
    pub submitted_on: NaiveDate,
    /// Start of the acceptance clock: submission, or the day requested information arrived.
    pub acceptance_from: NaiveDate,
    pub acceptance_due: NaiveDate,
    pub accepted_on: Option<NaiveDate>,
    /// Start of the running investigation period (acceptance, the old due date after an
    /// extension, or a reopening).
    pub investigation_from: Option<NaiveDate>,
    pub investigation_due: Option<NaiveDate>,
    pub extended: bool,
    pub outcome: Option<Outcome>,
    pub resolved_on: Option<NaiveDate>,
    /// The follow-up check (回头看) after a confirmed payment.
    pub followup_on: Option<NaiveDate>,
    /// The office's order to the employer to pay within a deadline (责令限期支付, 条例 Art. 54); a
    /// police referral for refusing to pay (拒不支付劳动报酬) needs one first.
    #[serde(default)]
    pub order: Option<PayOrder>,
    /// Referred to the police for refusing to pay: the case stays open and the wages are still pursued.
    #[serde(default)]
    pub police: Option<PoliceReferral>,
    /// Administrative penalties on the employer (条例 Art. 54–58), as the office recorded them.
    #[serde(default)]
    pub penalties: Vec<Penalty>,
    /// Referred to the list of seriously dishonest employers for joint punishment (失信联合惩戒, 条例 Art. 48).
    #[serde(default)]
    pub blacklist: Option<BlacklistReferral>,
    /// The worksite county routing went by, to tell whether the owner's jurisdiction covers it;
    /// `None` when the worker named none (and for cases opened before it was kept).
    #[serde(default)]
    pub worksite_county: Option<String>,
    /// The day the current owner received the case: its opening or the last transfer (`None` for
    /// cases stored before it was kept: the submission day then).
    #[serde(default)]
    pub owned_from: Option<NaiveDate>,
    /// The day the office asked for the material the worker still owes (while `NeedInfo`). Before
    /// acceptance the acceptance clock waits from then until `acceptance_from`, the end of the
    /// longest wait the deployment allows.
    #[serde(default)]
    pub info_requested_on: Option<NaiveDate>,
    /// After acceptance a request for material does not stop the investigation: the worker's answer
    /// returns the case to this status.
    #[serde(default)]
    pub resume_status: Option<Status>,
}

/// A penalty decision: the amount and the decision's words (its number, what for).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    pub on: NaiveDate,
    pub amount_fen: i64,
    pub decision: String,
}

/// A referral for joint punishment of a dishonest employer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlacklistReferral {
    pub on: NaiveDate,
    pub reason: String,
}

/// A police referral (拒不支付劳动报酬, 条例 Art. 41 / 刑法 Art. 276-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PoliceReferral {
    pub on: NaiveDate,
    pub reason: String,
}

/// An order to pay: how much, by when, issued on which day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayOrder {
    pub amount_fen: i64,
    pub due: NaiveDate,
    pub issued_on: NaiveDate,
}

/// Working-day periods of 若干规定 Art. 18 and 监察条例 Art. 17.
pub const ACCEPTANCE_WORKING_DAYS: u32 = 5;
pub const INVESTIGATION_WORKING_DAYS: u32 = 60;
pub const EXTENSION_WORKING_DAYS: u32 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Operation {
    Accept,
    /// Ask the worker for more (补正), at any open stage. Before acceptance the acceptance clock waits for
    /// the answer (at most `need_info_max_days`); after it the investigation clock keeps running.
    RequestInfo {
        text: String,
    },
    /// The worker answered a request for more: before acceptance the acceptance clock starts again
    /// from today; after it the case returns to the status it had.
    ProvideInfo,
    Transfer {
        to: OfficeId,
        reason: String,
    },
    AddCoHandler {
        office: OfficeId,
    },
    ExtendInvestigation {
        reason: String,
    },
    StartHandling,
    Resolve {
        outcome: Outcome,
    },
    Reopen {
        reason: String,
    },
    ConfirmPaid,
    Withdraw,
    /// Every claimant still unconfirmed was recorded unreachable by the office after the others
    /// confirmed: the case paid in full is closed (the adapter checks the claimants first).
    CloseSettled,
    /// The last claimant waited for left the case (withdrew, or had their data erased) and everyone
    /// still on it had confirmed full payment: the case paid in full is closed. The system's, not
    /// anyone's (the adapter checks the claimants first).
    CloseConfirmed,
    /// An administrative penalty on the employer (行政处罚).
    RecordPenalty {
        amount_fen: i64,
        decision: String,
    },
    /// A referral for joint punishment of a dishonest employer (失信联合惩戒).
    ReferToBlacklist {
        reason: String,
    },
    /// 责令限期支付: the employer must pay `amount_fen` by `due`.
    OrderToPay {
        amount_fen: i64,
        due: NaiveDate,
    },
}

impl Operation {
    pub fn code(&self) -> &'static str {
        match self {
            Operation::Accept => "accept",
            Operation::RequestInfo { .. } => "request_info",
            Operation::ProvideInfo => "provide_info",
            Operation::Transfer { .. } => "transfer",
            Operation::AddCoHandler { .. } => "add_co_handler",
            Operation::ExtendInvestigation { .. } => "extend_investigation",
            Operation::StartHandling => "start_handling",
            Operation::Resolve { .. } => "resolve",
            Operation::Reopen { .. } => "reopen",
            Operation::ConfirmPaid => "confirm_paid",
            Operation::Withdraw => "withdraw",
            Operation::OrderToPay { .. } => "order_to_pay",
            Operation::CloseSettled => "close_settled",
            Operation::CloseConfirmed => "close_confirmed",
            Operation::RecordPenalty { .. } => "record_penalty",
            Operation::ReferToBlacklist { .. } => "refer_to_blacklist",
        }
    }
}

/// The result of an allowed operation, to be stored in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub new_state: CaseState,
    pub timeline: TimelineEntry,
    pub notifications: Vec<Notification>,
}

impl CaseState {
    /// The day the current owner received the case.
    pub fn owned_since(&self) -> NaiveDate {
        self.owned_from.unwrap_or(self.submitted_on)
    }

    /// A freshly submitted case owned by `owner`; its acceptance clock starts on `submitted_on`.
    pub fn submitted(
        owner: OfficeId,
        co_handlers: Vec<OfficeId>,
        submitted_on: NaiveDate,
        d: &Deployment,
    ) -> CaseState {
        CaseState {
            status: Status::Submitted,
            first_office: owner.clone(),
            owner,
            co_handlers,
            submitted_on,
            acceptance_from: submitted_on,
            acceptance_due: d.calendar.add_working_days(submitted_on, ACCEPTANCE_WORKING_DAYS),
            accepted_on: None,
            investigation_from: None,
            investigation_due: None,
            extended: false,
            outcome: None,
            resolved_on: None,
            followup_on: None,
            order: None,
            police: None,
            penalties: Vec::new(),
            blacklist: None,
            worksite_county: None,
            owned_from: Some(submitted_on),
            info_requested_on: None,
            resume_status: None,
        }
    }
}

/// A new case with the timeline of its routing and the first notifications.
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub state: CaseState,
    pub timeline: Vec<TimelineEntry>,
    pub notifications: Vec<Notification>,
}

/// Opens a case as routing assigned it: the worker learns the owning office and the date by
/// which it must decide on acceptance; owner, co-handlers and the township are told.
pub fn open_case(assignment: &Assignment, submitted_on: NaiveDate, d: &Deployment) -> Opened {
    let mut state = CaseState::submitted(assignment.owner.clone(), assignment.co_handlers.clone(), submitted_on, d);
    state.worksite_county.clone_from(&assignment.county);
    let owner = &state.owner;
    let due = state.acceptance_due;
    let timeline =
        assignment.messages().into_iter().map(|m| TimelineEntry::new(TimelineKind::Routed, Actor::System, m)).collect();
    let mut notifications = vec![
        Notification::new(
            Recipient::Worker,
            Message::new("notify-worker-submitted").office("office", owner).date("due", due),
        ),
        Notification::new(Recipient::Office(owner.clone()), Message::new("notify-office-new-case").date("due", due)),
    ];
    for co in &assignment.co_handlers {
        let m = Message::new("notify-office-co-handling").office("owner", owner);
        notifications.push(Notification::new(Recipient::Office(co.clone()), m));
    }
    for town in &assignment.notify {
        let m = Message::new("notify-office-township-mediation").office("owner", owner);
        notifications.push(Notification::new(Recipient::Office(town.clone()), m));
    }
    Opened { state, timeline, notifications }
}
