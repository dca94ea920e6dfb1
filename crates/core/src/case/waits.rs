//! The waits on a case that are bounded by the deployment rather than by law: the worker's material
//! (补正) and a misrouted case's passing on. Like the legal clocks they are read from the state and
//! the day alone, so the scheduler's scan (`scan.rs`) stays pure and each alert has a key that is
//! sent once; who hears of each is in `DeadlineAlert::notifications`.
//!
//! - Material: `request_info` sets `info_requested_on` and, before acceptance, moves the acceptance
//!   clock to start again `need_info_max_days` calendar days later with the working days it had
//!   left. The worker is reminded halfway; at the end the owner is told to decide with what it has.
//! - Passing on: an owner whose jurisdiction does not cover the worksite county has
//!   `misrouted_pass_on_days` working days from receiving the case; after that its supervisor is told.

use chrono::{Days, NaiveDate};

use super::deadlines::{Deadline, DeadlineAlert, DeadlineKind};
use super::state::CaseState;
use super::status::Status;
use crate::deployment::Deployment;

/// The acceptance clock of a case waiting for material before acceptance, as it will run again once
/// the longest wait is over (from that day, with the working days it had left).
pub(super) fn resumed_acceptance(state: &CaseState) -> Option<Deadline> {
    let waiting = state.status == Status::NeedInfo && state.accepted_on.is_none();
    (waiting && state.info_requested_on.is_some()).then_some(Deadline {
        kind: DeadlineKind::Acceptance,
        from: state.acceptance_from,
        due: state.acceptance_due,
    })
}

/// The day by which the owner must pass the case on, when its jurisdiction does not cover the
/// worksite county; `None` for a case in its owner's area, a closed one, or one with no county.
pub fn pass_on_due(state: &CaseState, d: &Deployment) -> Option<NaiveDate> {
    let county = state.worksite_county.as_deref()?;
    let owner = d.office(&state.owner)?;
    (state.status.is_open() && !owner.covers(county))
        .then(|| d.calendar.add_working_days(state.owned_since(), d.campaign.misrouted_pass_on_days))
}

/// The waits' alerts due on `today` (the caller drops those already sent).
pub(super) fn due(state: &CaseState, d: &Deployment, today: NaiveDate) -> Vec<DeadlineAlert> {
    let mut alerts = Vec::new();
    if let (Status::NeedInfo, Some(requested_on)) = (state.status, state.info_requested_on) {
        let max = d.campaign.need_info_max_days;
        let halfway = requested_on + Days::new(u64::from((max / 2).max(1)));
        let resumes = resumed_acceptance(state).map(|c| c.from);
        let end = resumes.unwrap_or(requested_on + Days::new(u64::from(max)));
        if halfway <= today && today < end {
            alerts.push(DeadlineAlert::NeedInfoReminder { requested_on, resumes });
        }
        if let Some(resumes) = resumes.filter(|r| today >= *r) {
            let days = u32::try_from((resumes - requested_on).num_days()).unwrap_or(0);
            alerts.push(DeadlineAlert::NeedInfoExpired { requested_on, days, due: state.acceptance_due });
        }
    }
    if let (Some(due), Some(county)) = (pass_on_due(state, d), &state.worksite_county)
        && today > due
    {
        alerts.push(DeadlineAlert::NotPassedOn { owner: state.owner.clone(), county: county.clone(), due });
    }
    alerts
}
