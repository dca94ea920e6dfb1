//! The case state machine: `apply` checks who may do what in which status, updates the owner
//! and the clocks, and returns the one timeline entry and the notifications of the change.
//! Operations before acceptance live here; those after it in `resolution.rs`.
//!
//! Invariants: exactly one owner at every moment; the first-inquiry office is kept forever and
//! told of every later change (首问负责制, 条例 Art. 10); a transfer needs a reason and a known
//! office other than the owner, and before acceptance gives the receiving office its own acceptance
//! period; a request for material waits at most the deployment's days; a resolution carries a
//! valid outcome and always tells the worker.

use chrono::{Days, NaiveDate};

use super::change::{Change, Out, Verdict};
use super::errors::LifecycleError;
use super::message::{Actor, Message, TimelineEntry, TimelineKind};
use super::resolution;
use super::state::{ACCEPTANCE_WORKING_DAYS, CaseState, INVESTIGATION_WORKING_DAYS, Operation, Transition};
use super::status::Status;
use crate::deployment::{Deployment, OfficeId};

/// Applies `op` by `actor` on `today`, or says why not.
pub fn apply(
    state: &CaseState,
    op: Operation,
    actor: Actor,
    today: NaiveDate,
    d: &Deployment,
) -> Result<Transition, LifecycleError> {
    check_actor(state, &op, &actor, d)?;
    let mut c =
        Change { before: state, s: state.clone(), out: Out::new(state), actor: &actor, today, d, op: op.code() };
    let (kind, entry) = match &op {
        Operation::Accept => accept(&mut c),
        Operation::RequestInfo { text } => request_info(&mut c, text),
        Operation::ProvideInfo => provide_info(&mut c),
        Operation::Transfer { to, reason } => transfer(&mut c, to, reason),
        Operation::AddCoHandler { office } => add_co_handler(&mut c, office),
        Operation::ExtendInvestigation { reason } => resolution::extend(&mut c, reason),
        Operation::StartHandling => resolution::start_handling(&mut c),
        Operation::Resolve { outcome } => resolution::resolve(&mut c, outcome),
        Operation::Reopen { reason } => resolution::reopen(&mut c, reason),
        Operation::ConfirmPaid => resolution::confirm_paid(&mut c),
        Operation::Withdraw => resolution::withdraw(&mut c),
        Operation::CloseSettled => resolution::close_settled(&mut c),
        Operation::CloseConfirmed => resolution::close_confirmed(&mut c),
        Operation::RecordPenalty { amount_fen, decision } => resolution::record_penalty(&mut c, *amount_fen, decision),
        Operation::ReferToBlacklist { reason } => resolution::refer_to_blacklist(&mut c, reason),
        Operation::OrderToPay { amount_fen, due } => resolution::order_to_pay(&mut c, *amount_fen, *due),
    }?;
    // A wait for material ends with the status it belongs to, however the case leaves it.
    if c.s.status != Status::NeedInfo {
        (c.s.info_requested_on, c.s.resume_status) = (None, None);
    }
    let forced = matches!(op, Operation::Transfer { .. });
    c.out.keep_first_office_informed(&c.s, forced, actor.office());
    let notifications = c.out.list;
    Ok(Transition { new_state: c.s, timeline: TimelineEntry::new(kind, actor, entry), notifications })
}

fn accept(c: &mut Change<'_>) -> Verdict {
    c.require(c.before_acceptance())?;
    let due = c.d.calendar.add_working_days(c.today, INVESTIGATION_WORKING_DAYS);
    c.s.status = Status::Accepted;
    (c.s.accepted_on, c.s.investigation_from, c.s.investigation_due) = (Some(c.today), Some(c.today), Some(due));
    c.out.worker(Message::new("notify-worker-accepted").office("office", &c.owner()).date("due", due));
    Ok((TimelineKind::Accepted, Message::new("case-timeline-accepted").date("due", due)))
}

/// 补正, at any open stage. Before acceptance the acceptance clock waits for the answer, but at most
/// `need_info_max_days` calendar days from the first request: then it runs again with the working
/// days it had left (`acceptance_from`..`acceptance_due` are set to that now), so asking cannot put
/// the decision off for ever. After acceptance the investigation clock keeps running (the pause of
/// 若干规定 Art. 18 is for acceptance only) and the answer returns the case to the status it had.
fn request_info(c: &mut Change<'_>, text: &str) -> Verdict {
    c.require(c.before.status.is_open())?;
    if text.trim().is_empty() {
        return Err(LifecycleError::EmptyInfoRequest);
    }
    // A second request while the first is unanswered keeps the first one's wait.
    if c.before.status != Status::NeedInfo {
        c.s.info_requested_on = Some(c.today);
        if c.before.accepted_on.is_some() {
            c.s.resume_status = Some(c.before.status);
        } else {
            // Late already: the wait would silence the escalation an overdue office is due.
            if c.today > c.before.acceptance_due {
                return Err(LifecycleError::InfoRequestAfterDue { due: c.before.acceptance_due });
            }
            let left = c.d.calendar.working_days_between(c.today, c.before.acceptance_due);
            let resumes = c.today + Days::new(u64::from(c.d.campaign.need_info_max_days));
            // Asked on the last day, the office decides on the first working day the wait ends on.
            let due = match left {
                0 => c.d.calendar.add_working_days(resumes - Days::new(1), 1),
                left => c.d.calendar.add_working_days(resumes, left),
            };
            (c.s.acceptance_from, c.s.acceptance_due) = (resumes, due);
        }
    }
    c.s.status = Status::NeedInfo;
    c.out.worker(Message::new("notify-worker-need-info").office("office", &c.owner()).text("text", text));
    Ok((TimelineKind::InfoRequested, Message::new("case-timeline-info-requested").text("text", text)))
}

/// Before acceptance the complaint is complete only now, so the acceptance clock starts again
/// (若干规定 Art. 18); after it the investigation goes on where it was.
fn provide_info(c: &mut Change<'_>) -> Verdict {
    c.require(c.before.status == Status::NeedInfo)?;
    if c.before.accepted_on.is_some() {
        c.s.status = c.before.resume_status.unwrap_or(Status::Accepted);
        c.out.office(&c.owner(), Message::new("notify-office-info-provided-investigating"));
        c.out.worker(Message::new("notify-worker-info-received-investigating").office("office", &c.owner()));
        return Ok((TimelineKind::InfoProvided, Message::new("case-timeline-info-provided-investigating")));
    }
    let due = c.d.calendar.add_working_days(c.today, ACCEPTANCE_WORKING_DAYS);
    c.s.status = Status::Submitted;
    (c.s.acceptance_from, c.s.acceptance_due) = (c.today, due);
    c.out.office(&c.owner(), Message::new("notify-office-info-provided").date("due", due));
    c.out.worker(Message::new("notify-worker-info-received").office("office", &c.owner()).date("due", due));
    Ok((TimelineKind::InfoProvided, Message::new("case-timeline-info-provided").date("due", due)))
}

fn transfer(c: &mut Change<'_>, to: &OfficeId, reason: &str) -> Verdict {
    c.require(c.before.status.is_open())?;
    let owner = c.owner();
    if reason.trim().is_empty() {
        return Err(LifecycleError::TransferWithoutReason);
    }
    if *to == owner {
        return Err(LifecycleError::TransferToSelf);
    }
    known(to, c.d)?;
    c.s.owner = to.clone();
    c.s.status = Status::Transferred;
    c.s.co_handlers.retain(|o| o != to);
    c.s.owned_from = Some(c.today);
    let m = |id: &str| Message::new(id).office("from", &owner).office("office", to).text("reason", reason);
    match c.before.investigation_due.filter(|_| c.before.accepted_on.is_some()) {
        // The receiving office has not seen the complaint: it gets its own acceptance period.
        None => {
            let due = c.d.calendar.add_working_days(c.today, ACCEPTANCE_WORKING_DAYS);
            (c.s.acceptance_from, c.s.acceptance_due) = (c.today, due);
            c.out.worker(m("notify-worker-transferred").date("due", due));
            c.out.office(to, m("notify-office-transferred-in").date("due", due));
        }
        // An accepted case keeps its investigation period (监察条例 Art. 17 counts from acceptance).
        Some(due) => {
            c.out.worker(m("notify-worker-transferred-accepted").date("due", due));
            c.out.office(to, m("notify-office-transferred-in-accepted").date("due", due));
        }
    }
    if c.actor.office() != Some(&owner) {
        c.out.office(&owner, m("notify-office-transferred-away"));
    }
    Ok((TimelineKind::Transferred, m("case-timeline-transferred")))
}

fn add_co_handler(c: &mut Change<'_>, office: &OfficeId) -> Verdict {
    c.require(c.before.status.is_open())?;
    known(office, c.d)?;
    if *office == c.before.owner {
        return Err(LifecycleError::CoHandlerIsOwner);
    }
    if c.before.co_handlers.contains(office) {
        return Err(LifecycleError::AlreadyCoHandler(office.clone()));
    }
    c.s.co_handlers.push(office.clone());
    c.out.office(office, Message::new("notify-office-co-handling").office("owner", &c.owner()));
    Ok((TimelineKind::CoHandlerAdded, Message::new("case-timeline-co-handler-added").office("office", office)))
}

fn known(office: &OfficeId, d: &Deployment) -> Result<(), LifecycleError> {
    d.office(office).map(|_| ()).ok_or_else(|| LifecycleError::UnknownOffice(office.clone()))
}

/// Workers act on their own case; staff act only for the owning office, except that the owner's
/// supervisor may move or reopen a case (督办) so nobody can sit on it.
fn check_actor(state: &CaseState, op: &Operation, actor: &Actor, d: &Deployment) -> Result<(), LifecycleError> {
    let worker_may =
        matches!(op, Operation::ProvideInfo | Operation::ConfirmPaid | Operation::Reopen { .. } | Operation::Withdraw);
    // Only the worker confirms a payment (条例 Art. 31: paid to them personally); staff record one.
    let staff_may = !matches!(
        op,
        Operation::ProvideInfo | Operation::Withdraw | Operation::ConfirmPaid | Operation::CloseConfirmed
    );
    let supervisor_may = matches!(op, Operation::Transfer { .. } | Operation::Reopen { .. });
    match actor {
        Actor::Worker if worker_may => Ok(()),
        // Nobody's decision: what the claimants' answers already came to once the last one left.
        Actor::System if matches!(op, Operation::CloseConfirmed) => Ok(()),
        Actor::Staff { office, .. } if staff_may => {
            let is_supervisor = d.escalation_office(&state.owner).is_some_and(|s| &s.id == office);
            if *office == state.owner || (supervisor_may && is_supervisor) {
                Ok(())
            } else {
                Err(LifecycleError::NotOwner { office: office.clone(), owner: state.owner.clone() })
            }
        }
        _ => Err(LifecycleError::ActorNotAllowed { op: op.code() }),
    }
}

#[cfg(test)]
#[path = "lifecycle_tests.rs"]
mod tests;
