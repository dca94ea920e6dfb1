//! The case lifecycle as a pure state machine: statuses and outcomes (docs/rules.md, "The case lifecycle"), operations
//! with their invariants (首问负责制, 条例 Art. 10), legal clocks, and immediate alerts.
//! Nothing here touches the database or Telegram: every operation returns the new state, its
//! timeline entry and the notifications to store together in one transaction.

pub mod acknowledge;
mod alerts;
#[cfg(test)]
mod alerts_lexicon_tests;
mod change;
pub mod claimants;
mod deadlines;
mod emergency;
mod emergency_words;
mod errors;
mod lifecycle;
mod message;
mod phrases;
mod resolution;
mod scan;
mod state;
mod status;
#[cfg(test)]
pub(crate) mod testing;
mod waits;
#[cfg(test)]
mod waits_tests;

pub use alerts::{ComplaintFacts, ImmediateAlert, alert_notifications, detect_alerts};
pub use deadlines::{Deadline, DeadlineAlert, DeadlineKind, running_deadline};
pub use emergency::{
    ClassLexicon, EmergencyClass, EmergencyFindings, EmergencyLexicon, NEGATION_WINDOW, detect_emergency,
};
pub use errors::LifecycleError;
pub use lifecycle::apply;
pub use message::{Actor, Arg, Args, Message, Notification, Recipient, TimelineEntry, TimelineKind};
pub use scan::{counted_deadline, deadline_on, due_deadline_alerts};
pub use state::{
    ACCEPTANCE_WORKING_DAYS, BlacklistReferral, CaseState, EXTENSION_WORKING_DAYS, INVESTIGATION_WORKING_DAYS, Opened,
    Operation, PayOrder, Penalty, PoliceReferral, Transition, open_case,
};
pub use status::{Outcome, OutcomeDetails, OutcomeKind, Status};
pub use waits::pass_on_due;

#[cfg(test)]
mod locale_tests {
    //! Every message id the core returns exists in both languages with the same arguments.

    use std::collections::{BTreeMap, BTreeSet};

    const ZH: &str = include_str!("../../../../locales/zh-Hans/case.ftl");
    const EN: &str = include_str!("../../../../locales/en/case.ftl");
    const SOURCES: [&str; 12] = [
        include_str!("alerts.rs"),
        include_str!("emergency.rs"),
        include_str!("change.rs"),
        include_str!("deadlines.rs"),
        include_str!("scan.rs"),
        include_str!("errors.rs"),
        include_str!("lifecycle.rs"),
        include_str!("resolution.rs"),
        include_str!("state.rs"),
        include_str!("status.rs"),
        include_str!("message.rs"),
        include_str!("../routing.rs"),
    ];
    const PREFIXES: [&str; 8] =
        ["status-", "outcome-", "routing-", "regulator-", "case-", "notify-", "clock-", "alert-"];

    /// Message id → the `$arguments` its text uses.
    fn messages(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut current = None;
        for line in ftl.lines() {
            if let Some((id, _)) = line.split_once(" =").filter(|_| !line.starts_with([' ', '#'])) {
                current = Some(id.trim().to_string());
                out.entry(id.trim().to_string()).or_default();
            }
            if let Some(id) = &current {
                for arg in line.split('$').skip(1) {
                    let name: String = arg.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    out.entry(id.clone()).or_default().insert(name);
                }
            }
        }
        out
    }

    fn ids_in_code() -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for source in SOURCES {
            for literal in source.split('"').skip(1).step_by(2) {
                let is_id = PREFIXES.iter().any(|p| literal.starts_with(p))
                    && !literal.ends_with('-')
                    && literal.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
                if is_id {
                    ids.insert(literal.to_string());
                }
            }
        }
        ids
    }

    #[test]
    fn both_languages_define_the_same_messages_with_the_same_arguments() {
        assert_eq!(messages(ZH), messages(EN));
    }

    #[test]
    fn every_message_id_in_the_code_is_defined() {
        let defined = messages(ZH);
        assert!(ids_in_code().len() >= 90, "the scanner finds the ids");
        let missing: Vec<_> = ids_in_code().into_iter().filter(|id| !defined.contains_key(id)).collect();
        assert!(missing.is_empty(), "missing from case.ftl: {missing:?}");
    }
}
