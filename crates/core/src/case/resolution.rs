//! Lifecycle operations after acceptance: extending the investigation, handling, resolving
//! with an outcome, the worker's payment confirmation (不解决不销账), reopening, withdrawal.

use chrono::{Days, NaiveDate};

use super::change::{Change, Verdict};
use super::errors::LifecycleError;
use super::message::{Actor, Arg, Message, TimelineKind};
use super::state::{
    BlacklistReferral, EXTENSION_WORKING_DAYS, INVESTIGATION_WORKING_DAYS, PayOrder, Penalty, PoliceReferral,
};
use super::status::{Outcome, Status};

/// Once, by 30 working days, with a reason, before the period lapsed (监察条例 Art. 17); the
/// supervisor is told.
pub(super) fn extend(c: &mut Change<'_>, reason: &str) -> Verdict {
    c.require(c.before.status.is_open())?;
    let Some(old_due) = c.before.investigation_due else {
        return Err(LifecycleError::NoInvestigationClock);
    };
    if c.before.extended {
        return Err(LifecycleError::AlreadyExtended);
    }
    // The last day of the period is still in time (the case is overdue from the next day).
    if c.today > old_due {
        return Err(LifecycleError::ExtensionAfterDue { due: old_due });
    }
    if reason.trim().is_empty() {
        return Err(LifecycleError::ExtensionWithoutReason);
    }
    let due = c.d.calendar.add_working_days(old_due, EXTENSION_WORKING_DAYS);
    // The new period is measured from the old due date, so its pre-warning comes at its own time.
    (c.s.extended, c.s.investigation_from, c.s.investigation_due) = (true, Some(old_due), Some(due));
    let owner = c.owner();
    let m = |id: &str| Message::new(id).office("office", &owner).date("due", due).text("reason", reason);
    c.out.worker(m("notify-worker-extended"));
    c.out.supervisor(&owner, m("notify-supervisor-extended"), c.d);
    Ok((TimelineKind::InvestigationExtended, m("case-timeline-investigation-extended")))
}

pub(super) fn start_handling(c: &mut Change<'_>) -> Verdict {
    let accepted = c.before.accepted_on.is_some();
    c.require(
        matches!(c.before.status, Status::Accepted | Status::Reopened)
            || (c.before.status == Status::Transferred && accepted),
    )?;
    c.s.status = Status::Handling;
    c.out.worker(Message::new("notify-worker-handling").office("office", &c.owner()));
    Ok((TimelineKind::HandlingStarted, Message::new("case-timeline-handling-started")))
}

/// Whoever closes a case tells the worker the result (条例 Art. 10); co-handlers hear too.
pub(super) fn resolve(c: &mut Change<'_>, outcome: &Outcome) -> Verdict {
    c.require(c.before.status.is_open())?;
    outcome.validate()?;
    if matches!(outcome, Outcome::NotAccepted { .. }) && c.before.accepted_on.is_some() {
        return Err(LifecycleError::NotAcceptedAfterAcceptance);
    }
    // Before acceptance the office decides in writing whether to accept (若干规定 Art. 18): only that
    // decision — not accepted, with the reason and where to go — or a merge may end the case.
    if c.before.accepted_on.is_none() && !matches!(outcome, Outcome::NotAccepted { .. } | Outcome::Merged { .. }) {
        return Err(LifecycleError::NotYetAccepted);
    }
    if let Outcome::ReferredToPolice { reason } = outcome {
        return refer_to_police(c, reason);
    }
    (c.s.status, c.s.outcome, c.s.resolved_on) = (Status::Resolved, Some(outcome.clone()), Some(c.today));
    let owner = c.owner();
    // The outcome's own arguments (amount, reason, referral) travel with the message.
    let described = |id: &str| {
        let mut m = outcome.message();
        m.id = id.to_string();
        m.arg("outcome", Arg::Message(outcome.message_id().into())).office("office", &owner)
    };
    c.out.worker(described("notify-worker-resolved"));
    if outcome.is_paid() {
        c.out.worker(Message::new("notify-worker-confirm-payment").office("office", &owner));
    }
    for co in &c.before.co_handlers {
        c.out.office(co, described("notify-office-resolved"));
    }
    Ok((TimelineKind::Resolved, described("case-timeline-resolved")))
}

/// A police referral for refusing to pay is not an end: it needs an order to pay first, and the case
/// stays open (处理中) with the wages still pursued; the worker, the co-handlers and the supervisor hear.
fn refer_to_police(c: &mut Change<'_>, reason: &str) -> Verdict {
    if c.before.order.is_none() {
        return Err(LifecycleError::PoliceWithoutOrder);
    }
    c.s.police = Some(PoliceReferral { on: c.today, reason: reason.to_owned() });
    c.s.status = Status::Handling;
    let owner = c.owner();
    let m = |id: &str| Message::new(id).office("office", &owner).text("reason", reason);
    c.out.worker(m("notify-worker-referred-to-police"));
    for co in &c.before.co_handlers {
        c.out.office(co, m("notify-office-referred-to-police"));
    }
    c.out.supervisor(&owner, m("notify-office-referred-to-police"), c.d);
    Ok((TimelineKind::ReferredToPolice, m("case-timeline-referred-to-police")))
}

/// The last claimant still to confirm says the money arrived in full: the case is closed (销账) and
/// 回头看 is scheduled. Only a worker confirms (staff record a payment, never confirm it), and only
/// a payment in full closes a case: after a part or an advance the rest is still owed.
pub(super) fn confirm_paid(c: &mut Change<'_>) -> Verdict {
    close_paid(c)?;
    c.out.office(&c.owner(), Message::new("notify-office-payment-confirmed"));
    // Every claimant hears the case is closed; the one who confirmed is told in the dialogue too.
    c.out.worker(Message::new("notify-worker-closed").office("office", &c.owner()));
    Ok((TimelineKind::PaymentConfirmed, Message::new("case-timeline-payment-confirmed")))
}

/// The claimants who could confirm did, and the office recorded why each of the others cannot be
/// reached: a case paid in full is closed, and the workers are told it is — and why.
pub(super) fn close_settled(c: &mut Change<'_>) -> Verdict {
    close_paid(c)?;
    c.out.worker(Message::new("notify-worker-closed-settled").office("office", &c.owner()));
    Ok((TimelineKind::PaymentConfirmed, Message::new("case-timeline-closed-settled")))
}

/// The claimant the case still waited for left it (withdrew, or had their data erased) and everyone
/// still on it had confirmed full payment: closed as if the last of them had just confirmed.
pub(super) fn close_confirmed(c: &mut Change<'_>) -> Verdict {
    close_paid(c)?;
    c.out.office(&c.owner(), Message::new("notify-office-closed-confirmed"));
    c.out.worker(Message::new("notify-worker-closed").office("office", &c.owner()));
    Ok((TimelineKind::PaymentConfirmed, Message::new("case-timeline-closed-confirmed")))
}

/// Closes a case resolved as paid in full and schedules its 回头看; who is told is the caller's.
fn close_paid(c: &mut Change<'_>) -> Result<(), LifecycleError> {
    c.require(c.before.status == Status::Resolved)?;
    if c.before.outcome != Some(Outcome::PaidInFull) {
        return Err(LifecycleError::NothingToConfirm);
    }
    c.s.status = Status::Closed;
    c.s.followup_on = c.today.checked_add_days(Days::new(u64::from(c.d.campaign.followup_days)));
    Ok(())
}

/// An administrative penalty on the employer: on the case's record (timeline, card, ledger) once it
/// was accepted, open or not (a penalty may follow the payment).
pub(super) fn record_penalty(c: &mut Change<'_>, amount_fen: i64, decision: &str) -> Verdict {
    c.require(c.before.accepted_on.is_some() && c.before.status != Status::Withdrawn)?;
    if amount_fen <= 0 || decision.trim().chars().count() < 2 {
        return Err(LifecycleError::BadPenalty);
    }
    c.s.penalties.push(Penalty { on: c.today, amount_fen, decision: decision.trim().to_owned() });
    let m = Message::new("case-timeline-penalty").arg("amount", Arg::Fen(amount_fen)).text("decision", decision.trim());
    Ok((TimelineKind::PenaltyRecorded, m))
}

/// The employer referred for joint punishment (失信联合惩戒, 条例 Art. 48), once; the supervisor hears.
pub(super) fn refer_to_blacklist(c: &mut Change<'_>, reason: &str) -> Verdict {
    c.require(c.before.accepted_on.is_some() && c.before.status != Status::Withdrawn)?;
    if c.before.blacklist.is_some() {
        return Err(LifecycleError::AlreadyBlacklisted);
    }
    if reason.trim().is_empty() {
        return Err(LifecycleError::OutcomeWithoutReason);
    }
    c.s.blacklist = Some(BlacklistReferral { on: c.today, reason: reason.trim().to_owned() });
    let owner = c.owner();
    let m = |id: &str| Message::new(id).office("office", &owner).text("reason", reason.trim());
    c.out.supervisor(&owner, m("notify-office-blacklist-referred"), c.d);
    Ok((TimelineKind::ReferredToBlacklist, m("case-timeline-blacklist")))
}

/// 责令限期支付 (条例 Art. 54): on an accepted, open case the office orders the employer to pay by a
/// date; the deadline goes on the case's clocks (its expiry alerts the owner) and the worker is told.
pub(super) fn order_to_pay(c: &mut Change<'_>, amount_fen: i64, due: NaiveDate) -> Verdict {
    c.require(c.before.status.is_open() && c.before.accepted_on.is_some())?;
    if amount_fen <= 0 || due <= c.today {
        return Err(LifecycleError::BadOrder);
    }
    c.s.order = Some(PayOrder { amount_fen, due, issued_on: c.today });
    if c.s.status == Status::Accepted {
        c.s.status = Status::Handling;
    }
    // Waiting for the worker's material: the answer returns the case to handling.
    if c.s.resume_status == Some(Status::Accepted) {
        c.s.resume_status = Some(Status::Handling);
    }
    let owner = c.owner();
    let m = |id: &str| Message::new(id).office("office", &owner).arg("amount", Arg::Fen(amount_fen)).date("due", due);
    c.out.worker(m("notify-worker-ordered-to-pay"));
    Ok((TimelineKind::OrderedToPay, m("case-timeline-ordered-to-pay")))
}

/// Not paid after all, or the follow-up found recurrence: a fresh investigation period. A worker's
/// answer reopens it for every claimant: the others hear a co-worker reported not being paid (they
/// were told the case was finished), the one who answered is told where they answered.
pub(super) fn reopen(c: &mut Change<'_>, reason: &str) -> Verdict {
    c.require(matches!(c.before.status, Status::Resolved | Status::Closed))?;
    if reason.trim().is_empty() {
        return Err(LifecycleError::ReopenWithoutReason);
    }
    let due = c.d.calendar.add_working_days(c.today, INVESTIGATION_WORKING_DAYS);
    c.s.status = Status::Reopened;
    (c.s.outcome, c.s.resolved_on, c.s.followup_on) = (None, None, None);
    (c.s.investigation_from, c.s.investigation_due, c.s.extended) = (Some(c.today), Some(due), false);
    let owner = c.owner();
    let m = |id: &str| Message::new(id).office("office", &owner).text("reason", reason).date("due", due);
    if *c.actor == Actor::Worker {
        c.out.office(&owner, m("notify-office-reopened"));
        c.out.supervisor(&owner, m("notify-supervisor-reopened-by-worker"), c.d);
        c.out.other_workers(
            Message::new("notify-worker-reopened-by-coworker").office("office", &owner).date("due", due),
        );
    } else {
        c.out.worker(m("notify-worker-reopened"));
    }
    Ok((TimelineKind::Reopened, m("case-timeline-reopened")))
}

pub(super) fn withdraw(c: &mut Change<'_>) -> Verdict {
    c.require(c.before.status.is_open())?;
    c.s.status = Status::Withdrawn;
    c.out.worker(Message::new("notify-worker-withdrawn"));
    for office in std::iter::once(&c.before.owner).chain(&c.before.co_handlers) {
        c.out.office(office, Message::new("notify-office-withdrawn"));
    }
    Ok((TimelineKind::Withdrawn, Message::new("case-timeline-withdrawn")))
}
