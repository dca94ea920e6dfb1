//! What a press of a case card's button does, and what a member's next message completes when the
//! press asked for words: decisions the adapter carries out (`src/staff/pending.rs`). One-press
//! actions apply at once; the others offer a choice (an office, an outcome, a tag) as a second row of
//! buttons, then ask for words (a question for the worker, a reason, an amount).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::authz::Action;
use super::buttons::ButtonData;
use super::card::{CardFacts, OFFICE_LANG};
use super::mask::mask_numbers;
use crate::case::{Operation, Outcome, OutcomeDetails, OutcomeKind};
use crate::deployment::{Deployment, OfficeId, OfficeKind};
use crate::domain::money::WageAmount;
use crate::i18n;
use crate::outgoing::{Button, Keyboard};

/// A prompt waits this long for its words.
pub const PROMPT_MINUTES: i64 = 30;

/// A lapsed prompt still catches the member's next message this long after the press: words typed then
/// were most likely meant as its answer (an amount, a reason) and must not reach the worker. After
/// that the prompt is forgotten and the next message is ordinary talk again.
const LAPSED_PROMPT_HOURS: i64 = 24;

/// What a member's next message completes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pending {
    Ask,
    Transfer {
        to: String,
    },
    Extend,
    Resolve {
        outcome: OutcomeKind,
    },
    /// 责令限期支付: the amount and the deadline.
    Order,
    /// 核定金额: one amount per claimant, in the card's order.
    Verify {
        claimants: usize,
    },
    /// 行政处罚: the fine and the decision's words.
    Penalty,
    /// 失信联合惩戒: the reason.
    Blacklist,
}

/// A prompt as stored for the member who pressed: what their words complete, and the case's
/// revision when it was made. If the case changes before they answer (another press, a worker's
/// answer), the prompt is dropped and their message is ordinary talk: relayed, never applied to a
/// case it was not meant for, never swallowed by a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prompt {
    #[serde(flatten)]
    pub pending: Pending,
    /// `None` for prompts stored before the revision was kept: those are not judged by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<i64>,
}

impl Prompt {
    /// The prompt `pending` made on the card of `f` as it is now.
    pub fn on_card(pending: Pending, f: &CardFacts) -> Prompt {
        Prompt { pending, rev: Some(f.rev) }
    }

    /// Whether the case changed since the prompt was made (its revision is no longer `current`).
    pub fn is_outdated(&self, current: i64) -> bool {
        self.rev.is_some_and(|rev| rev != current)
    }
}

/// A label staff put on a case (never a finding: "suspected" is for the office's eyes only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    SuspectedContractPayment,
    SuspectedFalseClaim,
}

impl Tag {
    pub const ALL: [Tag; 2] = [Tag::SuspectedContractPayment, Tag::SuspectedFalseClaim];

    pub fn code(self) -> &'static str {
        match self {
            Tag::SuspectedContractPayment => "suspected_contract_payment",
            Tag::SuspectedFalseClaim => "suspected_false_claim",
        }
    }

    pub fn from_code(code: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// What a pressed card button does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Press {
    /// Open the case's topic (and card) in the pressing group, and say so.
    OpenThread,
    /// Apply a lifecycle operation; the group is told the new status or the core's refusal.
    Apply(Operation),
    /// Remember what the member's next message completes, and ask for it (`ask`, with the case number).
    Prompt { pending: Pending, ask: &'static str },
    /// Offer a choice as buttons.
    Choose { text: String, keyboard: Keyboard },
    /// Put the tag on the case (once), and say so.
    Tag(Tag),
    /// Show the claimants' full numbers in the thread, and write who saw them on the timeline.
    Unmask,
    /// A choice this button cannot carry (forged or from an older version).
    Invalid,
}

/// Decides a press of `data` on the card of `f`, already authorized for the pressing office.
pub fn on_button(d: &Deployment, f: &CardFacts, data: &ButtonData) -> Press {
    let choice = data.choice.as_deref();
    match (data.action, choice) {
        (Action::View, _) => Press::OpenThread,
        (Action::Accept, _) => Press::Apply(Operation::Accept),
        (Action::RequestInfo, _) => Press::Prompt { pending: Pending::Ask, ask: "staff-prompt-ask" },
        (Action::Extend, _) => Press::Prompt { pending: Pending::Extend, ask: "staff-prompt-extend" },
        (Action::Transfer, None) => {
            let keyboard = office_choices(d, f, Action::Transfer, &transfer_excluded(d, f));
            Press::Choose { text: tr("staff-choose-transfer"), keyboard }
        }
        // Only an office the choice offered: a forged button names any office it likes.
        (Action::Transfer, Some(to)) => match offered(d, &transfer_excluded(d, f), to) {
            Some(to) => Press::Prompt {
                pending: Pending::Transfer { to: to.as_str().to_owned() },
                ask: "staff-prompt-transfer-reason",
            },
            None => Press::Invalid,
        },
        (Action::AddCoHandler, None) => {
            let keyboard = office_choices(d, f, Action::AddCoHandler, &co_handler_excluded(d, f));
            Press::Choose { text: tr("staff-choose-co-handler"), keyboard }
        }
        (Action::AddCoHandler, Some(id)) => match offered(d, &co_handler_excluded(d, f), id) {
            Some(office) => Press::Apply(Operation::AddCoHandler { office }),
            None => Press::Invalid,
        },
        (Action::Resolve, None) => {
            let rows = OutcomeKind::CHOSEN_BY_STAFF
                .iter()
                .filter_map(|k| {
                    let data = ButtonData::new(f.complaint_id, f.rev, Action::Resolve, Some(k.code())).encode()?;
                    Some(vec![Button { label: tr(&format!("staff-outcome-{}", k.code().replace('_', "-"))), data }])
                })
                .collect();
            Press::Choose { text: tr("staff-choose-outcome"), keyboard: Keyboard::Inline(rows) }
        }
        (Action::Resolve, Some(code)) => match OutcomeKind::chosen_by_staff(code) {
            Some(OutcomeKind::PaidInFull) => Press::Apply(Operation::Resolve { outcome: Outcome::PaidInFull }),
            Some(outcome) => {
                let ask = match outcome.details() {
                    OutcomeDetails::Amount => "staff-prompt-paid-amount",
                    OutcomeDetails::ReasonAndReferral => "staff-prompt-reason-referral",
                    OutcomeDetails::Reason | OutcomeDetails::Nothing => "staff-prompt-reason",
                };
                Press::Prompt { pending: Pending::Resolve { outcome }, ask }
            }
            None => Press::Invalid,
        },
        (Action::Tag, None) => {
            let rows = Tag::ALL
                .iter()
                .filter_map(|t| {
                    let data = ButtonData::new(f.complaint_id, f.rev, Action::Tag, Some(t.code())).encode()?;
                    Some(vec![Button { label: tr(&format!("staff-tag-{}", t.code().replace('_', "-"))), data }])
                })
                .collect();
            Press::Choose { text: tr("staff-choose-tag"), keyboard: Keyboard::Inline(rows) }
        }
        (Action::Tag, Some(code)) => Tag::from_code(code).map_or(Press::Invalid, Press::Tag),
        (Action::Unmask, _) => Press::Unmask,
        (Action::Order, _) => Press::Prompt { pending: Pending::Order, ask: "staff-prompt-order" },
        (Action::Penalty, _) => Press::Prompt { pending: Pending::Penalty, ask: "staff-prompt-penalty" },
        (Action::Blacklist, _) => Press::Prompt { pending: Pending::Blacklist, ask: "staff-prompt-blacklist" },
        (Action::Verify, _) => {
            Press::Prompt { pending: Pending::Verify { claimants: f.claimants.len() }, ask: "staff-prompt-verify" }
        }
        // Typed in the group, never a button.
        (Action::Comment | Action::Note | Action::Reply, _) => Press::Invalid,
    }
}

/// Offices a case is not transferred to: only labour-inspection offices own cases, and not the owner.
fn transfer_excluded<'a>(d: &'a Deployment, f: &CardFacts) -> Vec<&'a OfficeId> {
    d.offices
        .iter()
        .filter(|o| o.kind != OfficeKind::LabourInspection || o.id == f.state.owner)
        .map(|o| &o.id)
        .collect()
}

/// Offices not added as co-handler: the owner, those already helping, supervisors and labour-inspection
/// offices.
fn co_handler_excluded<'a>(d: &'a Deployment, f: &'a CardFacts) -> Vec<&'a OfficeId> {
    let mut excluded: Vec<&OfficeId> = f.state.co_handlers.iter().collect();
    excluded.push(&f.state.owner);
    excluded.extend(
        d.offices
            .iter()
            .filter(|o| o.kind == OfficeKind::Supervisor || o.kind == OfficeKind::LabourInspection)
            .map(|o| &o.id),
    );
    excluded
}

/// The chosen office, if it is one [`office_choices`] offers with these exclusions.
fn offered(d: &Deployment, excluded: &[&OfficeId], chosen: &str) -> Option<OfficeId> {
    let chosen = OfficeId::parse(chosen).ok()?;
    d.offices.iter().any(|o| o.id == chosen && !excluded.contains(&&o.id)).then_some(chosen)
}

/// The office's choices for a transfer or a co-handler: every office not `excluded`, as buttons.
pub fn office_choices(d: &Deployment, f: &CardFacts, action: Action, excluded: &[&OfficeId]) -> Keyboard {
    let rows = d
        .offices
        .iter()
        .filter(|o| !excluded.contains(&&o.id))
        .filter_map(|o| {
            let data = ButtonData::new(f.complaint_id, f.rev, action, Some(o.id.as_str())).encode()?;
            Some(vec![Button { label: o.name_zh.clone(), data }])
        })
        .collect();
    Keyboard::Inline(rows)
}

/// How a prompt made at `created` stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptAge {
    /// It waits for its words.
    Fresh,
    /// Too old to complete; the words are held back and the member told to press again.
    Lapsed,
    /// Forgotten: the words are ordinary talk.
    Forgotten,
}

pub fn prompt_age(created: DateTime<Utc>, now: DateTime<Utc>) -> PromptAge {
    let age = now - created;
    if age < Duration::minutes(PROMPT_MINUTES) {
        PromptAge::Fresh
    } else if age < Duration::hours(LAPSED_PROMPT_HOURS) {
        PromptAge::Lapsed
    } else {
        PromptAge::Forgotten
    }
}

/// What the member's words do to the prompt they answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The operation to apply (rights are checked again first: the member may have lost them).
    Apply(Operation),
    /// The words do not complete it: the prompt stays and `message_id` says what is needed.
    AskAgain(&'static str),
    /// The prompt names an office that no longer parses.
    Invalid,
    /// The verified amount of each claimant, in the card's order (not a lifecycle operation).
    Verify(Vec<i64>),
}

/// Decides the member's (non-empty) `words` for `pending`, typed on `today`.
pub fn on_answer(pending: &Pending, words: &str, today: NaiveDate) -> Answer {
    match pending {
        Pending::Penalty => match words.trim().split_once(char::is_whitespace) {
            Some((amount, decision)) => match WageAmount::parse(amount) {
                Ok(a) if !a.is_approximate() => Answer::Apply(Operation::RecordPenalty {
                    amount_fen: a.fen(),
                    decision: decision.trim().to_owned(),
                }),
                _ => Answer::AskAgain("staff-prompt-penalty-again"),
            },
            None => Answer::AskAgain("staff-prompt-penalty-again"),
        },
        Pending::Blacklist => Answer::Apply(Operation::ReferToBlacklist { reason: words.trim().to_owned() }),
        Pending::Verify { claimants } => match verified_from(words, *claimants) {
            Some(amounts) => Answer::Verify(amounts),
            None => Answer::AskAgain("staff-prompt-verify-again"),
        },
        Pending::Order => match order_from(words, today) {
            Some((amount_fen, due)) => Answer::Apply(Operation::OrderToPay { amount_fen, due }),
            None => Answer::AskAgain("staff-prompt-order-again"),
        },
        // The worker reads this: numbers the clerk typed (a colleague's phone, an ID) are masked.
        Pending::Ask => Answer::Apply(Operation::RequestInfo { text: mask_numbers(words) }),
        Pending::Extend => Answer::Apply(Operation::ExtendInvestigation { reason: words.to_owned() }),
        Pending::Transfer { to } => match OfficeId::parse(to) {
            Ok(to) => Answer::Apply(Operation::Transfer { to, reason: words.to_owned() }),
            Err(_) => Answer::Invalid,
        },
        // A merge happens by filing, never by hand.
        Pending::Resolve { outcome: OutcomeKind::Merged } => Answer::Invalid,
        Pending::Resolve { outcome } => match outcome_from(*outcome, words) {
            Ok(outcome) => Answer::Apply(Operation::Resolve { outcome }),
            Err(message_id) => Answer::AskAgain(message_id),
        },
    }
}

/// One exact amount per claimant ("12000 8000 0"), as many as there are claimants; 0 for a claimant
/// found owed nothing.
pub fn verified_from(words: &str, claimants: usize) -> Option<Vec<i64>> {
    let amounts: Option<Vec<i64>> = words
        .split([' ', '，', ',', '、', '；', ';', '\n'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.trim_end_matches('元') == "0" {
                return Some(0);
            }
            WageAmount::parse(w).ok().filter(|a| !a.is_approximate()).map(|a| a.fen())
        })
        .collect();
    amounts.filter(|a| a.len() == claimants && claimants > 0)
}

/// An order's amount and deadline from "45000 2027-01-15" or "4.5万 15天" (calendar days from today):
/// an exact amount, then a date or a number of days.
pub fn order_from(words: &str, today: NaiveDate) -> Option<(i64, NaiveDate)> {
    let (amount, deadline) = words.trim().rsplit_once([' ', '，', ',', '；', ';', '\n'])?;
    let amount = WageAmount::parse(amount.trim()).ok().filter(|a| !a.is_approximate())?;
    let deadline = deadline.trim();
    let due = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(deadline, f).ok())
        .or_else(|| {
            let days = deadline.trim_end_matches(['天', '日']).trim_end_matches("days").trim_end_matches("day").trim();
            let days: u64 = days.parse().ok().filter(|n| (1..=365).contains(n))?;
            today.checked_add_days(chrono::Days::new(days))
        })?;
    Some((amount.fen(), due))
}

/// The outcome from the member's words: an exact amount for paid outcomes, "reason；referral" for
/// referrals, a reason for the rest.
fn outcome_from(kind: OutcomeKind, words: &str) -> Result<Outcome, &'static str> {
    let reason = words.to_owned();
    let split = || {
        words
            .split_once(['；', ';', '\n'])
            .map(|(r, to)| (r.trim().to_owned(), to.trim().to_owned()))
            .filter(|(r, to)| !r.is_empty() && !to.is_empty())
            .ok_or("staff-prompt-reason-referral-again")
    };
    let amount = || match WageAmount::parse(words) {
        Ok(a) if !a.is_approximate() => Ok(a.fen()),
        _ => Err("staff-prompt-paid-amount-again"),
    };
    Ok(match kind {
        OutcomeKind::PaidInFull => Outcome::PaidInFull,
        OutcomeKind::PaidInPart => Outcome::PaidInPart { paid_fen: amount()? },
        OutcomeKind::AdvancedFromDeposit => Outcome::AdvancedFromDeposit { paid_fen: amount()? },
        OutcomeKind::ReferredToArbitration => {
            let (reason, referral) = split()?;
            Outcome::ReferredToArbitration { reason, referral }
        }
        OutcomeKind::NotWageClaim => {
            let (reason, referral) = split()?;
            Outcome::NotWageClaim { reason, referral }
        }
        OutcomeKind::NotAccepted => {
            let (reason, referral) = split()?;
            Outcome::NotAccepted { reason, referral }
        }
        OutcomeKind::ReferredToPolice => Outcome::ReferredToPolice { reason },
        OutcomeKind::Unfounded => Outcome::Unfounded { reason },
        OutcomeKind::Merged => return Err("staff-button-invalid"),
    })
}

fn tr(id: &str) -> String {
    i18n::tr(OFFICE_LANG, id)
}
