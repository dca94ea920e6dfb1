//! The pure scanner the scheduler calls: which alerts of the legal clocks (`deadlines.rs`) and of
//! the waits (`waits.rs`) are due for a case on a day and not yet sent.
//!
//! `due_deadline_alerts` is a function of (case, deployment, day, what was sent): the scheduler calls
//! it as often as it likes, sends what it returns and records each alert's `key()`, so each alert goes
//! out once. The owner is pre-warned once per due date when the configured share of the working days
//! is used; once overdue, the supervisor gets one escalation per working day.

use chrono::NaiveDate;

use super::deadlines::{Deadline, DeadlineAlert, running_deadline};
use super::state::CaseState;
use super::waits;
use crate::deployment::Deployment;

/// The clock running for a case on `today`: [`running_deadline`], or, once the longest wait for the
/// worker's material is over, the acceptance clock running again with the days it had left.
pub fn deadline_on(state: &CaseState, today: NaiveDate) -> Option<Deadline> {
    running_deadline(state).or_else(|| waits::resumed_acceptance(state).filter(|c| today >= c.from))
}

/// The clock a case is counted against (the ledger's overdue cases): the running one, or the acceptance
/// clock of a case waiting for material before acceptance, which resumes by itself when the longest
/// wait ends. Its due day comes after that end, so "past due" agrees with [`deadline_on`] and the
/// escalations the scheduler sends.
pub fn counted_deadline(state: &CaseState) -> Option<Deadline> {
    running_deadline(state).or_else(|| waits::resumed_acceptance(state))
}

/// The alerts due for `state` on `today` that are not in `already_sent` (keys from `key()`).
pub fn due_deadline_alerts(
    state: &CaseState,
    d: &Deployment,
    today: NaiveDate,
    already_sent: &[String],
) -> Vec<DeadlineAlert> {
    let calendar = &d.calendar;
    let mut alerts = waits::due(state, d, today);
    if let Some(order) = &state.order
        && state.status.is_open()
        && today > order.due
    {
        alerts.push(DeadlineAlert::OrderExpired { due: order.due, amount_fen: order.amount_fen });
    }
    let Some(clock) = deadline_on(state, today) else {
        alerts.retain(|a| !already_sent.contains(&a.key()));
        return alerts;
    };
    if today <= clock.due {
        let total = calendar.working_days_between(clock.from, clock.due);
        let used = calendar.working_days_between(clock.from, today);
        // Rounded up, and at least one day, so a short clock is not pre-warned on its first day.
        let threshold = ((d.campaign.prewarn_fraction * f64::from(total)).ceil() as u32).max(1);
        if total > 0 && used >= threshold {
            let transferred_to = (state.owner != state.first_office).then(|| state.owner.clone());
            alerts.push(DeadlineAlert::PreWarning { clock: clock.kind, due: clock.due, transferred_to });
        }
    } else if calendar.is_working_day(today) {
        let overdue = calendar.working_days_between(clock.due, today);
        alerts.push(DeadlineAlert::Escalation {
            clock: clock.kind,
            due: clock.due,
            day: today,
            working_days_overdue: overdue,
        });
    }
    alerts.retain(|a| !already_sent.contains(&a.key()));
    alerts
}
