//! What the ledger copies out of a case's state (a pure function of it), for the query columns that
//! the store writes with every state. The definitions are in the module doc of `ledger`.

use chrono::NaiveDate;

use crate::case::{CaseState, Outcome, Status, counted_deadline};

/// A case's ledger facts that follow from its state alone. Claimed amounts, workers and place come
/// from the complaint and its claimants, so the storage layer fills those in SQL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub submitted_on: NaiveDate,
    pub accepted_on: Option<NaiveDate>,
    /// The day the case got its outcome; a withdrawal has no date in the state (storage uses the
    /// day it is saved).
    pub resolved_on: Option<NaiveDate>,
    pub withdrawn: bool,
    /// The deadline in force: the investigation's once there is one, else the acceptance's.
    pub deadline: NaiveDate,
    /// Due date of the clock the case is counted against ([`counted_deadline`]); none once finished.
    pub clock_due: Option<NaiveDate>,
    pub outcome: Option<&'static str>,
    pub verified: bool,
}

impl CaseFacts {
    pub fn of(state: &CaseState) -> CaseFacts {
        let outcome = state.outcome.as_ref();
        CaseFacts {
            submitted_on: state.submitted_on,
            accepted_on: state.accepted_on,
            resolved_on: state.resolved_on,
            withdrawn: state.status == Status::Withdrawn,
            deadline: state.investigation_due.unwrap_or(state.acceptance_due),
            clock_due: counted_deadline(state).map(|c| c.due),
            outcome: outcome.map(Outcome::code),
            verified: is_verified(state),
        }
    }
}

/// Accepted (受理, after the office checked the complaint) and not later found to be no wage debt:
/// unfounded, a 工程款 dispute, merged into another case (counted there), or withdrawn.
fn is_verified(state: &CaseState) -> bool {
    let refuted = matches!(
        state.outcome,
        Some(Outcome::Unfounded { .. } | Outcome::NotWageClaim { .. } | Outcome::Merged { .. })
    );
    state.accepted_on.is_some() && state.status != Status::Withdrawn && !refuted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Actor, Operation, apply};
    use crate::deployment::testing::{date, id, sample};

    fn staff() -> Actor {
        Actor::Staff { office: id("hz-xihu-ldjc"), user: "u1".into() }
    }

    fn submitted() -> CaseState {
        CaseState::submitted(id("hz-xihu-ldjc"), vec![], date(2026, 12, 1), &sample())
    }

    fn step(s: &CaseState, op: Operation, day: NaiveDate) -> CaseState {
        apply(s, op, staff(), day, &sample()).expect("allowed").new_state
    }

    #[test]
    fn a_new_case_runs_the_acceptance_clock_and_is_not_verified() {
        let f = CaseFacts::of(&submitted());
        assert_eq!(f.clock_due, Some(date(2026, 12, 8)));
        assert_eq!(f.deadline, date(2026, 12, 8));
        assert!(!f.verified && f.outcome.is_none() && f.resolved_on.is_none());
    }

    #[test]
    fn an_accepted_case_paid_in_part_is_verified_and_has_no_clock() {
        let accepted = step(&submitted(), Operation::Accept, date(2026, 12, 2));
        assert_eq!(CaseFacts::of(&accepted).clock_due, accepted.investigation_due);
        let op = Operation::Resolve { outcome: Outcome::PaidInPart { paid_fen: 1_000_000 } };
        let f = CaseFacts::of(&step(&accepted, op, date(2026, 12, 20)));
        assert_eq!((f.verified, f.clock_due), (true, None));
        assert_eq!(f.resolved_on, Some(date(2026, 12, 20)));
        assert_eq!(Some(f.deadline), accepted.investigation_due);
    }

    #[test]
    fn unfounded_and_merged_cases_are_not_verified_even_after_acceptance() {
        let accepted = step(&submitted(), Operation::Accept, date(2026, 12, 2));
        for outcome in [Outcome::Unfounded { reason: "x".into() }, Outcome::Merged { into: "QX-1".into() }] {
            let f = CaseFacts::of(&step(&accepted, Operation::Resolve { outcome }, date(2026, 12, 3)));
            assert!(!f.verified);
        }
        let full = step(&accepted, Operation::Resolve { outcome: Outcome::PaidInFull }, date(2026, 12, 3));
        assert!(CaseFacts::of(&full).verified);
    }

    #[test]
    fn a_case_waiting_for_information_before_acceptance_counts_against_its_resumed_acceptance_clock() {
        let s = step(&submitted(), Operation::RequestInfo { text: "欠条".into() }, date(2026, 12, 2));
        let due = CaseFacts::of(&s).clock_due.expect("counted against a clock");
        assert_eq!(due, s.acceptance_due);
        // The day the scheduler escalates it is the first day the ledger counts it overdue.
        let sample = sample();
        let escalated = crate::case::due_deadline_alerts(&s, &sample, due.succ_opt().expect("a next day"), &[]);
        assert!(escalated.iter().any(|a| matches!(a, crate::case::DeadlineAlert::Escalation { .. })), "{escalated:?}");
        assert!(
            crate::case::due_deadline_alerts(&s, &sample, due, &[])
                .iter()
                .all(|a| !matches!(a, crate::case::DeadlineAlert::Escalation { .. }))
        );
    }
}
