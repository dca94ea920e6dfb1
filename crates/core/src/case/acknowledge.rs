//! Alerts that reach a person: an emergency or a key case goes to the owning office and its
//! supervisor with an "acknowledge" button; unacknowledged after the campaign's minutes it is
//! repeated to them and escalated one level up the deployment's chain of supervisors, again and
//! again until someone acknowledges it (the seed plans: a report within 10 minutes, 5 for the
//! most serious). Which offices hold an alert, and what an overdue one becomes, are decided here.

use super::alerts::ImmediateAlert;
use super::message::{Arg, Message};
use crate::deployment::{Campaign, Deployment, OfficeId};

/// An acknowledge button carries `k:<alert id>`; staff card buttons are `s:`, the worker's `c:`.
pub const PREFIX: &str = "k:";

pub fn button_data(alert_id: i64) -> String {
    format!("{PREFIX}{alert_id}")
}

pub fn decode(data: &str) -> Option<i64> {
    data.strip_prefix(PREFIX)?.parse().ok().filter(|id| *id > 0)
}

/// Whether someone must acknowledge the alert: an emergency, a key case, and retaliation against the
/// complainant (监察条例 Art. 30: its own high-priority path). An absconded employer is told, not chased.
pub fn needs_ack(alert: &ImmediateAlert) -> bool {
    matches!(alert, ImmediateAlert::KeyCase { .. } | ImmediateAlert::Emergency { .. } | ImmediateAlert::Retaliation)
}

/// Minutes within which someone must acknowledge the alert: the smallest of its emergency classes,
/// the campaign's general figure for a key case or the urgent button.
pub fn ack_minutes(alert: &ImmediateAlert, c: &Campaign) -> u32 {
    c.ack_minutes(alert).unwrap_or(c.emergency_alert_minutes).max(1)
}

/// The offices holding an alert at `level`: the owner and its supervisor at level 0, then one more
/// supervisor up the deployment's chain per level (never the same office twice).
pub fn chain(owner: &OfficeId, level: u32, d: &Deployment) -> Vec<OfficeId> {
    let mut offices = vec![owner.clone()];
    for _ in 0..=level {
        let last = offices.last().cloned().unwrap_or_else(|| owner.clone());
        match d.escalation_office(&last) {
            Some(up) if !offices.contains(&up.id) => offices.push(up.id.clone()),
            _ => break,
        }
    }
    offices
}

/// Every office above `owner` in the chain, nearest first: all that an alert about its cases can
/// reach, and so all that may open those cases (read-only) from the alert's button.
pub fn supervisors(owner: &OfficeId, d: &Deployment) -> Vec<OfficeId> {
    // The chain stops at its top or where it would repeat an office, whatever the level asked.
    chain(owner, u32::MAX, d).split_off(1)
}

/// What an alert left unacknowledged past its minutes becomes.
#[derive(Debug, Clone, PartialEq)]
pub struct Escalation {
    /// The level it is at now (unchanged when the chain has no one higher).
    pub level: u32,
    /// Everyone who holds it now, the newly reached office last.
    pub offices: Vec<OfficeId>,
    /// An office reached for the first time, if any.
    pub reached: Option<OfficeId>,
    /// Said above the alert's own words when it is repeated.
    pub header: Message,
}

/// An overdue alert, the `repeat`-th time (1 the first): repeated to all who hold it and taken one
/// level up if there is one.
pub fn escalate(owner: &OfficeId, level: u32, repeat: u32, minutes_waited: i64, d: &Deployment) -> Escalation {
    let now = chain(owner, level, d);
    let up = chain(owner, level + 1, d);
    let (level, offices) = if up.len() > now.len() { (level + 1, up) } else { (level, now.clone()) };
    let reached = offices.last().filter(|o| !now.contains(o)).cloned();
    // Only say it went up when an office was reached; at the top it is repeated, nothing more.
    let header = Message::new(if reached.is_some() { "alert-unacknowledged" } else { "alert-unacknowledged-top" })
        .arg("repeat", Arg::Count(u64::from(repeat)))
        .arg("minutes", Arg::Count(u64::try_from(minutes_waited.max(0)).unwrap_or(0)));
    Escalation { level, offices, reached, header }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::testing::{id, sample};

    #[test]
    fn the_button_data_round_trips_and_nothing_else_reads_as_an_alert() {
        assert_eq!(decode(&button_data(42)), Some(42));
        for forged in ["k:", "k:0", "k:-3", "k:abc", "s:1:0:accept", "c:abc:r", "42"] {
            assert_eq!(decode(forged), None, "{forged}");
        }
    }

    #[test]
    fn an_alert_climbs_only_its_own_chain_never_across_to_another_city() {
        use crate::deployment::testing::two_cities;
        let d = two_cities(false);
        let nb = id("nb-ldjc");
        assert_eq!(chain(&nb, u32::MAX, &d), [id("nb-ldjc"), id("nb-qqb"), id("zj-qqb")]);
        let at_top = escalate(&nb, 1, 3, 30, &d);
        assert_eq!((at_top.level, at_top.reached), (1, None), "the province is the top: Hangzhou is not above it");
        assert!(!supervisors(&id("hz-xihu-ldjc"), &d).contains(&id("nb-qqb")));
        let d = two_cities(true);
        assert_eq!(chain(&id("hz-qqb"), u32::MAX, &d), [id("hz-qqb")], "a top-level city has no one above");
        assert_eq!(supervisors(&id("nb-ldjc"), &d), [id("nb-qqb")]);
        assert_eq!(supervisors(&id("hz-xihu-ldjc"), &d), [id("hz-qqb")]);
    }

    #[test]
    fn an_office_with_no_supervisor_named_still_reaches_one_above_it() {
        let mut d = sample();
        for o in &mut d.offices {
            if o.id.as_str() == "hz-gongshu-ldjc" {
                o.supervisor = None;
            }
        }
        // The deployment's first supervisor office, as docs/rules.md promises, and on up from there.
        assert_eq!(chain(&id("hz-gongshu-ldjc"), u32::MAX, &d), [id("hz-gongshu-ldjc"), id("hz-qqb"), id("zj-qqb")]);
    }

    #[test]
    fn an_alert_climbs_the_supervisor_chain_one_level_per_overdue_and_stays_at_the_top() {
        let d = sample();
        let owner = id("hz-xihu-ldjc");
        assert_eq!(chain(&owner, 0, &d), [id("hz-xihu-ldjc"), id("hz-qqb")]);
        let first = escalate(&owner, 0, 1, 10, &d);
        assert_eq!(first.level, 1);
        assert_eq!(first.reached, Some(id("zj-qqb")));
        assert_eq!(first.offices, [id("hz-xihu-ldjc"), id("hz-qqb"), id("zj-qqb")]);
        let again = escalate(&owner, first.level, 2, 20, &d);
        assert_eq!((again.level, again.reached), (1, None), "no one above the province: repeated, not moved");
        assert_eq!(again.offices, first.offices);
        assert_eq!(first.header.id, "alert-unacknowledged");
        assert_eq!(again.header.id, "alert-unacknowledged-top", "nothing was reported up: the header must not say so");
        let township = chain(&id("hz-xihu-zhuantang"), 0, &d);
        assert_eq!(township, [id("hz-xihu-zhuantang"), id("hz-xihu-ldjc")]);
    }

    #[test]
    fn emergencies_key_cases_and_retaliation_wait_for_an_acknowledgement_and_an_absconded_employer_does_not() {
        let c = Campaign::default();
        let emergency = ImmediateAlert::Emergency { keywords: vec![], classes: vec![], marked_urgent: true };
        assert!(needs_ack(&emergency) && ack_minutes(&emergency, &c) == c.emergency_alert_minutes);
        // 监察条例 Art. 30: retaliation against a complainant is a violation of its own, handled first.
        let retaliation = ImmediateAlert::Retaliation;
        assert!(needs_ack(&retaliation) && ack_minutes(&retaliation, &c) == c.emergency_alert_minutes);
        assert!(!needs_ack(&ImmediateAlert::AbscondedEmployer));
    }
}
