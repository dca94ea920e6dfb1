//! The legal clocks of a case and the alerts about them, with who hears of each; `scan.rs` decides
//! which are due. The waits that are not legal periods of their own — for the worker's material, for
//! a misrouted case to be passed on — are in `waits.rs`. The scheduler passes today's date in the
//! deployment's time zone (China Standard Time).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::message::{Arg, Message, Notification, Recipient};
use super::state::CaseState;
use super::status::Status;
use crate::deployment::{Deployment, OfficeId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Decide on acceptance within 5 working days (若干规定 Art. 18).
    Acceptance,
    /// Finish within 60 working days of acceptance, once extendable by 30 (监察条例 Art. 17).
    Investigation,
}

impl DeadlineKind {
    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::Acceptance => "acceptance",
            DeadlineKind::Investigation => "investigation",
        }
    }
}

/// A running clock: the period from `from` (exclusive) to `due` (inclusive), in working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub from: NaiveDate,
    pub due: NaiveDate,
}

/// The clock running for a case, if any. The acceptance clock waits while the worker owes
/// information (see `scan::deadline_on` for its end); the investigation clock does not. A transfer
/// before acceptance starts the receiving office's own acceptance period.
pub fn running_deadline(state: &CaseState) -> Option<Deadline> {
    let accepted = state.accepted_on.is_some();
    match state.status {
        Status::Submitted | Status::Transferred if !accepted => {
            Some(Deadline { kind: DeadlineKind::Acceptance, from: state.acceptance_from, due: state.acceptance_due })
        }
        Status::Accepted | Status::Handling | Status::Reopened | Status::Transferred | Status::NeedInfo => {
            match (state.investigation_from, state.investigation_due) {
                (Some(from), Some(due)) => Some(Deadline { kind: DeadlineKind::Investigation, from, due }),
                _ => None,
            }
        }
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "alert", rename_all = "snake_case")]
pub enum DeadlineAlert {
    PreWarning {
        clock: DeadlineKind,
        due: NaiveDate,
        /// The office the case was transferred to, if it was: a transfer after acceptance keeps the
        /// investigation's due date, and the new owner is pre-warned too (the old one was before).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        transferred_to: Option<OfficeId>,
    },
    Escalation {
        clock: DeadlineKind,
        due: NaiveDate,
        day: NaiveDate,
        working_days_overdue: u32,
    },
    /// The employer's deadline under an order to pay has passed with the case still open: the owner
    /// checks whether it paid (and, if not, may refer a refusal to pay to the police).
    OrderExpired {
        due: NaiveDate,
        amount_fen: i64,
    },
    /// Halfway through the longest wait for material asked on `requested_on`: the worker is reminded
    /// (with the day the acceptance clock runs again, before acceptance).
    NeedInfoReminder {
        requested_on: NaiveDate,
        resumes: Option<NaiveDate>,
    },
    /// The longest wait for material is over unanswered: the owner decides on acceptance with what it
    /// has, by `due`.
    NeedInfoExpired {
        requested_on: NaiveDate,
        days: u32,
        due: NaiveDate,
    },
    /// `owner`'s jurisdiction does not cover the worksite `county` and it did not pass the case on by
    /// `due`: its supervisor is told.
    NotPassedOn {
        owner: OfficeId,
        county: String,
        due: NaiveDate,
    },
}

impl DeadlineAlert {
    /// What the scheduler records as sent; stable across restarts.
    pub fn key(&self) -> String {
        match self {
            DeadlineAlert::PreWarning { clock, due, transferred_to: None } => format!("{}/prewarn/{due}", clock.code()),
            DeadlineAlert::PreWarning { clock, due, transferred_to: Some(to) } => {
                format!("{}/prewarn/{due}/{}", clock.code(), to.as_str())
            }
            DeadlineAlert::Escalation { clock, due, day, .. } => format!("{}/escalate/{due}/{day}", clock.code()),
            DeadlineAlert::OrderExpired { due, .. } => format!("order/expired/{due}"),
            DeadlineAlert::NeedInfoReminder { requested_on, .. } => format!("need_info/remind/{requested_on}"),
            DeadlineAlert::NeedInfoExpired { requested_on, .. } => format!("need_info/expired/{requested_on}"),
            DeadlineAlert::NotPassedOn { owner, due, .. } => format!("pass_on/{}/{due}", owner.as_str()),
        }
    }

    /// Pre-warnings go to the owner; escalations to its supervisor, with a copy to the owner.
    pub fn notifications(&self, state: &CaseState, d: &Deployment) -> Vec<Notification> {
        let owner = &state.owner;
        match self {
            DeadlineAlert::PreWarning { clock, due, .. } => {
                let id = match clock {
                    DeadlineKind::Acceptance => "clock-prewarning-acceptance",
                    DeadlineKind::Investigation => "clock-prewarning-investigation",
                };
                vec![Notification::new(Recipient::Office(owner.clone()), Message::new(id).date("due", *due))]
            }
            DeadlineAlert::Escalation { clock, due, working_days_overdue, .. } => {
                let id = match clock {
                    DeadlineKind::Acceptance => "clock-escalation-acceptance",
                    DeadlineKind::Investigation => "clock-escalation-investigation",
                };
                let m = |id: &str| {
                    Message::new(id)
                        .office("office", owner)
                        .date("due", *due)
                        .arg("days", Arg::Count(u64::from(*working_days_overdue)))
                };
                let mut out = Vec::new();
                if let Some(sup) = d.escalation_office(owner) {
                    out.push(Notification::new(Recipient::Supervisor(sup.id.clone()), m(id)));
                }
                out.push(Notification::new(Recipient::Office(owner.clone()), m("clock-escalation-owner-copy")));
                out
            }
            // Unpaid past the order at the province's threshold or more: the conditions of 刑法 Art.
            // 276-1 may be met, so the owner is told to consider referring it and the supervisor hears.
            DeadlineAlert::OrderExpired { due, amount_fen } => {
                let m = |id: &str| Message::new(id).date("due", *due).arg("amount", Arg::Fen(*amount_fen));
                if *amount_fen < d.campaign.police_referral_amount_fen {
                    return vec![Notification::new(Recipient::Office(owner.clone()), m("clock-order-expired"))];
                }
                let threshold = Arg::Fen(d.campaign.police_referral_amount_fen);
                let m = |id: &str| m(id).office("office", owner).arg("threshold", threshold.clone());
                let mut out =
                    vec![Notification::new(Recipient::Office(owner.clone()), m("clock-order-expired-police"))];
                if let Some(sup) = d.escalation_office(owner) {
                    out.push(Notification::new(Recipient::Supervisor(sup.id.clone()), m("clock-order-expired-police")));
                }
                out
            }
            // The waits of `waits.rs`: the worker is reminded, the owner told to decide with what it
            // has, the owner's supervisor (else the owner) told of a case not passed on.
            DeadlineAlert::NeedInfoReminder { requested_on, resumes } => {
                let m = match resumes {
                    Some(day) => Message::new("notify-worker-need-info-reminder").date("resumes", *day),
                    None => Message::new("notify-worker-need-info-reminder-investigating"),
                };
                vec![Notification::new(Recipient::Worker, m.office("office", owner).date("asked", *requested_on))]
            }
            DeadlineAlert::NeedInfoExpired { requested_on, days, due } => {
                let m = Message::new("clock-need-info-expired")
                    .date("asked", *requested_on)
                    .arg("days", Arg::Count(u64::from(*days)))
                    .date("due", *due);
                vec![Notification::new(Recipient::Office(owner.clone()), m)]
            }
            DeadlineAlert::NotPassedOn { owner, county, due } => {
                let m = Message::new("clock-not-passed-on")
                    .office("office", owner)
                    .arg("county", Arg::County(county.clone()))
                    .date("due", *due);
                let to = match d.escalation_office(owner) {
                    Some(sup) => Recipient::Supervisor(sup.id.clone()),
                    None => Recipient::Office(owner.clone()),
                };
                vec![Notification::new(to, m)]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Actor, Operation, apply, due_deadline_alerts};
    use crate::deployment::testing::{date, id, sample};

    fn case_submitted_on(day: NaiveDate) -> CaseState {
        CaseState::submitted(id("hz-xihu-ldjc"), Vec::new(), day, &sample())
    }

    fn staff() -> Actor {
        Actor::Staff { office: id("hz-xihu-ldjc"), user: "u".into() }
    }

    /// Runs the scanner three times a day from `first` to `last`, like a scheduler would,
    /// recording what it sent; returns every alert sent with the day it was sent.
    fn scan(state: &CaseState, first: NaiveDate, last: NaiveDate) -> Vec<(NaiveDate, DeadlineAlert)> {
        let d = sample();
        let mut sent: Vec<String> = Vec::new();
        let mut log = Vec::new();
        for day in first.iter_days().take_while(|x| *x <= last) {
            for _ in 0..3 {
                for alert in due_deadline_alerts(state, &d, day, &sent) {
                    sent.push(alert.key());
                    log.push((day, alert));
                }
            }
        }
        log
    }

    #[test]
    fn the_acceptance_pre_warning_fires_once_when_three_of_five_working_days_are_used() {
        let log = scan(&case_submitted_on(date(2026, 2, 12)), date(2026, 2, 12), date(2026, 2, 26));
        let due = date(2026, 2, 26);
        // 13 Feb and the make-up Saturday 14 Feb are days 1 and 2; Spring Festival; 24 Feb is day 3.
        assert_eq!(
            log,
            vec![(
                date(2026, 2, 24),
                DeadlineAlert::PreWarning { clock: DeadlineKind::Acceptance, due, transferred_to: None }
            )]
        );
    }

    #[test]
    fn an_overdue_case_escalates_once_per_working_day_and_not_on_days_off() {
        let log = scan(&case_submitted_on(date(2026, 2, 12)), date(2026, 2, 27), date(2026, 3, 4));
        let days: Vec<(NaiveDate, u32)> = log
            .iter()
            .map(|(day, a)| match a {
                DeadlineAlert::Escalation { working_days_overdue, .. } => (*day, *working_days_overdue),
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        // 28 Feb is a make-up Saturday (a working day); 1 Mar is an ordinary Sunday.
        let expected = [(27, 1), (28, 2), (2, 3), (3, 4), (4, 5)];
        let expected: Vec<_> =
            expected.iter().map(|(d, n)| (date(2026, if *d > 20 { 2 } else { 3 }, *d), *n)).collect();
        assert_eq!(days, expected);
    }

    #[test]
    fn an_escalation_goes_to_the_supervisor_with_a_copy_to_the_owner() {
        let state = case_submitted_on(date(2026, 2, 12));
        let d = sample();
        let alerts = due_deadline_alerts(&state, &d, date(2026, 3, 2), &[]);
        let notes = alerts[0].notifications(&state, &d);
        let to: Vec<_> = notes.iter().map(|n| (n.to.clone(), n.message_id.as_str())).collect();
        assert_eq!(
            to,
            vec![
                (Recipient::Supervisor(id("hz-qqb")), "clock-escalation-acceptance"),
                (Recipient::Office(id("hz-xihu-ldjc")), "clock-escalation-owner-copy"),
            ]
        );
        assert_eq!(notes[0].args.get("days"), Some(&Arg::Count(3)));
    }

    #[test]
    fn the_clock_waits_while_the_worker_owes_information() {
        let d = sample();
        let state = apply(
            &case_submitted_on(date(2026, 2, 12)),
            Operation::RequestInfo { text: "x".into() },
            staff(),
            date(2026, 2, 13),
            &d,
        )
        .expect("allowed")
        .new_state;
        assert_eq!(running_deadline(&state), None);
        // Until the worker's reminder halfway through the longest wait (waits_tests.rs has the rest).
        assert!(scan(&state, date(2026, 2, 12), date(2026, 2, 19)).is_empty());
    }

    #[test]
    fn the_investigation_clock_pre_warns_at_36_of_60_working_days_across_national_day() {
        let d = sample();
        let accepted = apply(&case_submitted_on(date(2026, 8, 19)), Operation::Accept, staff(), date(2026, 8, 20), &d)
            .expect("allowed")
            .new_state;
        assert_eq!(accepted.investigation_due, Some(date(2026, 11, 18)));
        let log = scan(&accepted, date(2026, 8, 20), date(2026, 11, 18));
        let expected_day = d.calendar.add_working_days(date(2026, 8, 20), 36);
        assert_eq!(log.len(), 1);
        assert_eq!(log[0].0, expected_day);
    }

    #[test]
    fn an_extension_gets_its_own_pre_warning_measured_from_the_old_due_date() {
        let d = sample();
        let accepted = apply(&case_submitted_on(date(2026, 8, 19)), Operation::Accept, staff(), date(2026, 8, 20), &d)
            .expect("allowed")
            .new_state;
        let op = Operation::ExtendInvestigation { reason: "x".into() };
        let extended = apply(&accepted, op, staff(), date(2026, 11, 2), &d).expect("allowed").new_state;
        let new_due = d.calendar.add_working_days(date(2026, 11, 18), 30);
        let log = scan(&extended, date(2026, 11, 2), new_due);
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(
            log[0],
            (
                d.calendar.add_working_days(date(2026, 11, 18), 18),
                DeadlineAlert::PreWarning { clock: DeadlineKind::Investigation, due: new_due, transferred_to: None }
            )
        );
    }

    #[test]
    fn an_office_a_case_is_transferred_to_after_its_pre_warning_is_pre_warned_too() {
        let d = sample();
        let accepted = apply(&case_submitted_on(date(2026, 8, 19)), Operation::Accept, staff(), date(2026, 8, 20), &d)
            .expect("allowed")
            .new_state;
        let warned_on = d.calendar.add_working_days(date(2026, 8, 20), 36);
        let mut sent: Vec<String> = Vec::new();
        for a in due_deadline_alerts(&accepted, &d, warned_on, &sent) {
            sent.push(a.key());
        }
        assert_eq!(sent.len(), 1, "the first owner is pre-warned: {sent:?}");
        let to = id("hz-binjiang-ldjc");
        let op = Operation::Transfer { to: to.clone(), reason: "工地在滨江".into() };
        let moved = apply(&accepted, op, staff(), warned_on, &d).expect("allowed").new_state;
        assert_eq!(moved.investigation_due, accepted.investigation_due, "the due date stays");
        let next_day = d.calendar.add_working_days(warned_on, 1);
        let alerts = due_deadline_alerts(&moved, &d, next_day, &sent);
        assert_eq!(alerts.len(), 1, "{alerts:?}");
        let told = alerts[0].notifications(&moved, &d);
        assert_eq!(told[0].to, Recipient::Office(to));
        sent.push(alerts[0].key());
        assert!(due_deadline_alerts(&moved, &d, next_day, &sent).is_empty(), "once");
    }

    #[test]
    fn a_resolved_case_has_no_running_deadline() {
        let mut state = case_submitted_on(date(2026, 2, 12));
        state.status = Status::Resolved;
        assert_eq!(running_deadline(&state), None);
    }
}
