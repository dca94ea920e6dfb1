//! Withdrawal and erasure (个人信息保护法 Art. 15, 47), as rules: what a worker's withdrawal does to a
//! case, what the timeline and the office are told when a worker's personal data is erased, and which
//! words of a stored entry are personal. The adapter (`src/erasure/`) loads the worker's part, stores
//! what is decided here in one transaction and deletes the files afterwards.

use chrono::NaiveDate;
use serde_json::Value;

use crate::case::{
    self, Actor, Arg, CaseState, LifecycleError, Message, Notification, Operation, Recipient, TimelineEntry,
    TimelineKind, Transition,
};
use crate::deployment::{Deployment, OfficeId};
use crate::i18n::{self, Lang};
use crate::render::office_name;

/// A worker's part of a case, as the store knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    /// What their claim (or claims) on the case add up to.
    pub amount_fen: i64,
    /// They joined through the filer's crew link, so the filer's crew size already counted them.
    pub crew_member: bool,
    /// Claimants of the case besides this worker whose part goes on.
    pub others: usize,
}

/// What a worker's withdrawal does.
#[derive(Debug, Clone, PartialEq)]
pub enum Withdrawal {
    /// They were the case's only claimant: the case ends as withdrawn (the lifecycle's own operation).
    Ends(Box<Transition>),
    /// The case goes on for the other claimants: the worker leaves it, and the offices are told.
    Leaves(Leave),
}

/// A claimant leaving a case that goes on.
#[derive(Debug, Clone, PartialEq)]
pub struct Leave {
    /// `claimant_withdrew`, with the amount and the workers the case no longer counts.
    pub timeline: TimelineEntry,
    pub notifications: Vec<Notification>,
}

/// Withdraws the worker's part of an open case: a single-claimant case ends as withdrawn; otherwise
/// the worker leaves it and its owner and co-handlers are told in the case's thread.
pub fn withdraw(state: &CaseState, part: Part, today: NaiveDate, d: &Deployment) -> Result<Withdrawal, LifecycleError> {
    if part.others == 0 {
        return case::apply(state, Operation::Withdraw, Actor::Worker, today, d).map(|t| Withdrawal::Ends(Box::new(t)));
    }
    if !state.status.is_open() {
        return Err(LifecycleError::NotAllowedInStatus { op: Operation::Withdraw.code(), status: state.status });
    }
    let workers = u64::from(!part.crew_member);
    let others = u64::try_from(part.others).unwrap_or(u64::MAX);
    let told = Message::new("notify-office-claimant-withdrew")
        .arg("amount", Arg::Fen(part.amount_fen))
        .arg("others", Arg::Count(others));
    let notifications = std::iter::once(&state.owner)
        .chain(&state.co_handlers)
        .map(|office| Notification::new(Recipient::Office(office.clone()), told.clone()))
        .collect();
    let entry = Message::new("timeline-claimant-withdrew")
        .arg("amount", Arg::Fen(part.amount_fen))
        .arg("workers", Arg::Count(workers));
    Ok(Withdrawal::Leaves(Leave {
        timeline: TimelineEntry::new(TimelineKind::ClaimantWithdrew, Actor::Worker, entry),
        notifications,
    }))
}

/// What a worker who left a case that goes on is told. `owner_linked`: the owning office has a linked
/// group, so the notice reached it. Without one nobody there saw it: the notice is only kept on the
/// case, and the worker hears that — with the office's own number to call, or the labour-inspection
/// hotline when the deployment has none — rather than that the office was told (as the relay does).
pub fn left(d: &Deployment, lang: Lang, case_number: &str, owner: &OfficeId, owner_linked: bool) -> String {
    if owner_linked {
        return i18n::tr_args(lang, "withdraw-left", &[("case", case_number.into())]);
    }
    let phone = d.office(owner).and_then(|o| o.phone.clone()).unwrap_or_else(|| d.hotlines.labour_inspection.clone());
    let args = [("case", case_number.into()), ("office", office_name(d, lang, owner).into()), ("phone", phone.into())];
    i18n::tr_args(lang, "withdraw-left-kept", &args)
}

/// Who asked for an erasure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The worker, in the chat or on paper through the operator.
    Request,
    /// The retention period after the case ended ran out.
    Retention,
}

/// The timeline entry "personal data erased on …" and, for a worker's request, the notice to the
/// owning office (the card changes under its eyes; a purge by the retention policy tells nobody).
pub fn erased(state: &CaseState, today: NaiveDate, reason: Reason) -> (TimelineEntry, Vec<Notification>) {
    let (actor, id) = match reason {
        Reason::Request => (Actor::Worker, "timeline-personal-data-erased"),
        Reason::Retention => (Actor::System, "timeline-personal-data-expired"),
    };
    let entry = TimelineEntry::new(TimelineKind::PersonalDataErased, actor, Message::new(id).date("on", today));
    let notifications = match reason {
        Reason::Request => {
            let m = Message::new("notify-office-personal-data-erased").date("on", today);
            vec![Notification::new(Recipient::Office(state.owner.clone()), m)]
        }
        Reason::Retention => Vec::new(),
    };
    (entry, notifications)
}

/// A stored entry's arguments with every free text blanked, or `None` when there is none to blank.
/// Free text is what people typed about the case — reasons, notes, requests, a file name — and may
/// name the worker or give their numbers; dates, amounts, counts, offices and message ids stay, so the
/// entry still says what happened and when. Both stored shapes are read: the core's typed arguments
/// (`{"type": "text", "value": …}`) and plain values.
pub fn redact(args: &Value) -> Option<Value> {
    let Value::Object(map) = args else { return None };
    let mut out = map.clone();
    let mut changed = false;
    for value in out.values_mut() {
        match value {
            Value::String(s) if !s.is_empty() => {
                s.clear();
                changed = true;
            }
            Value::Object(arg) if arg.get("type").and_then(Value::as_str) == Some("text") => {
                if let Some(Value::String(s)) = arg.get_mut("value")
                    && !s.is_empty()
                {
                    s.clear();
                    changed = true;
                }
            }
            _ => {}
        }
    }
    changed.then_some(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use serde_json::json;

    use super::*;
    use crate::case::{Args, Status};
    use crate::deployment::testing::sample;

    fn case() -> (CaseState, Deployment) {
        let d = sample();
        (crate::case::testing::xihu_building_case(day(2026, 3, 2), &d), d)
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a date")
    }

    #[test]
    fn the_only_claimant_withdrawing_ends_the_case_as_withdrawn_and_the_offices_hear() {
        let (state, d) = case();
        let part = Part { amount_fen: 4_500_000, crew_member: false, others: 0 };
        let Ok(Withdrawal::Ends(t)) = withdraw(&state, part, day(2026, 3, 4), &d) else { panic!("ends the case") };
        assert_eq!(t.new_state.status, Status::Withdrawn);
        assert_eq!(t.timeline.kind, TimelineKind::Withdrawn);
        assert!(t.notifications.iter().any(|n| n.to == Recipient::Office(state.owner.clone())));
        assert!(t.notifications.iter().any(|n| n.to == Recipient::Worker));
    }

    #[test]
    fn a_claimant_leaving_a_case_that_goes_on_is_counted_out_and_the_owner_told_without_a_name() {
        let (mut state, d) = case();
        let co = state.co_handlers.first().cloned().expect("the building case has a co-handler");
        let part = Part { amount_fen: 1_200_000, crew_member: false, others: 2 };
        let Ok(Withdrawal::Leaves(leave)) = withdraw(&state, part, day(2026, 3, 4), &d) else { panic!("leaves") };
        assert_eq!(leave.timeline.kind, TimelineKind::ClaimantWithdrew);
        assert_eq!(leave.timeline.args.get("workers"), Some(&Arg::Count(1)));
        assert_eq!(leave.timeline.args.get("amount"), Some(&Arg::Fen(1_200_000)));
        let to: Vec<_> = leave.notifications.iter().map(|n| n.to.clone()).collect();
        assert_eq!(to, [Recipient::Office(state.owner.clone()), Recipient::Office(co)]);
        assert!(leave.notifications.iter().all(|n| !n.args.values().any(|a| matches!(a, Arg::Text(_)))));
        let crew = Part { crew_member: true, ..part };
        let Ok(Withdrawal::Leaves(leave)) = withdraw(&state, crew, day(2026, 3, 4), &d) else { panic!("leaves") };
        assert_eq!(leave.timeline.args.get("workers"), Some(&Arg::Count(0)), "the crew size counted them");
        state.status = Status::Closed;
        assert!(withdraw(&state, part, day(2026, 3, 4), &d).is_err(), "a finished case is not left");
        assert!(withdraw(&state, Part { others: 0, ..part }, day(2026, 3, 4), &d).is_err());
    }

    #[test]
    fn a_worker_leaving_hears_the_office_was_told_only_when_its_group_is_linked() {
        let (state, mut d) = case();
        let told = left(&d, Lang::ZhHans, "QX-1", &state.owner, true);
        assert!(told.contains("办理单位已收到通知"), "{told}");
        let kept = left(&d, Lang::ZhHans, "QX-1", &state.owner, false);
        let name = office_name(&d, Lang::ZhHans, &state.owner);
        assert!(!kept.contains("已收到通知") && kept.contains(&name) && kept.contains("QX-1"), "{kept}");
        let phone = d.office(&state.owner).and_then(|o| o.phone.clone()).expect("the sample office has a number");
        assert!(kept.contains(&phone), "{kept}");
        let en = left(&d, Lang::En, "QX-1", &state.owner, false);
        assert!(!en.contains("was told") && en.contains(&phone), "{en}");
        // An office without a number of its own: the labour-inspection hotline.
        for o in &mut d.offices {
            o.phone = None;
        }
        let kept = left(&d, Lang::ZhHans, "QX-1", &state.owner, false);
        assert!(kept.contains(&d.hotlines.labour_inspection), "{kept}");
    }

    #[test]
    fn an_erasure_on_request_tells_the_owner_and_a_retention_purge_tells_nobody() {
        let (state, _) = case();
        let (entry, told) = erased(&state, day(2027, 5, 1), Reason::Request);
        assert_eq!((entry.kind, entry.actor), (TimelineKind::PersonalDataErased, Actor::Worker));
        assert_eq!(entry.args.get("on"), Some(&Arg::Date(day(2027, 5, 1))));
        assert_eq!(told.len(), 1);
        let (entry, told) = erased(&state, day(2028, 5, 1), Reason::Retention);
        assert_eq!((entry.actor, told.len()), (Actor::System, 0));
    }

    #[test]
    fn redaction_blanks_typed_words_and_keeps_dates_amounts_counts_and_offices() {
        let mut args = Args::new();
        args.insert("reason".into(), Arg::Text("李建国的电话13800138000打不通".into()));
        args.insert("due".into(), Arg::Date(day(2026, 5, 1)));
        args.insert("amount".into(), Arg::Fen(4_500_000));
        args.insert("workers".into(), Arg::Count(3));
        args.insert("office".into(), Arg::Office(crate::deployment::OfficeId::parse("hz-xihu-ldjc").expect("id")));
        let stored = serde_json::to_value(&args).expect("json");
        let redacted = redact(&stored).expect("the reason is blanked");
        let text = redacted.to_string();
        assert!(!text.contains("李建国") && !text.contains("13800138000"), "{text}");
        let back: Args = serde_json::from_value(redacted).expect("still the core's arguments");
        assert_eq!(back.get("reason"), Some(&Arg::Text(String::new())));
        for key in ["due", "amount", "workers", "office"] {
            assert_eq!(back.get(key), args.get(key), "{key}");
        }
        let plain = json!({ "file": "ledger-李建国.xlsx", "amount": 100, "workers": 1 });
        assert_eq!(redact(&plain), Some(json!({ "file": "", "amount": 100, "workers": 1 })));
        assert_eq!(redact(&json!({ "amount": 100 })), None, "nothing personal: left as it is");
        assert_eq!(redact(&redact(&plain).expect("once")), None, "a second redaction finds nothing");
    }
}
