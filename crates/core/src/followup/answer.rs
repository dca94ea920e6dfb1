//! What a worker's press on a follow-up question does, decided from what was loaded for it: the
//! question, the case, and whether the payment question still stands. No I/O: the adapter stores the
//! question's new state, the case's transition (its state, timeline entry and notifications), tells
//! the supervisor, sends the replies, and asks the satisfaction question when told to.

use chrono::NaiveDate;

use super::{Choice, Kind, button, state};
use crate::case::claimants::{Payer, outstanding_fen};
use crate::case::{
    self, Actor, Arg, CaseState, Message, Notification, Operation, Outcome, Recipient, Status, Transition,
};
use crate::deployment::Deployment;
use crate::domain::money::WageAmount;
use crate::i18n::{Lang, tr, tr_args};
use crate::intake::{Keyboard, Out, Reply};
use crate::office::mask::mask_numbers;
use crate::render::{date_text, office_name, yuan};

/// A stored question, as the rules need it.
#[derive(Debug, Clone)]
pub struct Question {
    pub kind: Kind,
    pub token: String,
    pub chat_id: i64,
    pub state: String,
    /// The answer recorded so far (a satisfaction rating before its words).
    pub answer: Option<String>,
}

/// The case a question is about.
#[derive(Debug, Clone)]
pub struct CaseView {
    pub case_number: String,
    /// The worker's language.
    pub lang: Lang,
    pub state: CaseState,
}

/// What a press needs loaded: the question its token names, and its case.
#[derive(Debug, Clone)]
pub struct Press {
    pub chat_id: i64,
    pub choice: Choice,
    pub question: Question,
    pub case: CaseView,
    /// The case is still resolved as paid by the resolution the payment question was asked about.
    pub payment_open: bool,
    /// What this worker is asked about and what they are still owed.
    pub owed: Owed,
    /// Other workers' chats that must still confirm before the case can close.
    pub others_waiting: usize,
}

/// The amounts a payment question is about, for the worker who answers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Owed {
    /// "Did you receive ¥X?": their own outstanding amount after a payment in full, the amount paid
    /// after a part payment or an advance.
    pub expected_fen: i64,
    /// What they are owed in all, before this payment.
    pub outstanding_fen: i64,
}

impl Owed {
    /// What the worker of `chat` is asked about and still owed after `outcome`: after a payment in
    /// full their own outstanding amount; after a part payment or an advance the amount the office
    /// recorded paid (never more than they are owed). `None` unless the outcome is a payment.
    pub fn after(outcome: Option<&Outcome>, payers: &[Payer], chat: i64) -> Option<Owed> {
        let outstanding_fen = outstanding_fen(payers, chat);
        match outcome {
            Some(Outcome::PaidInPart { paid_fen } | Outcome::AdvancedFromDeposit { paid_fen }) => {
                Some(Owed { expected_fen: (*paid_fen).min(outstanding_fen), outstanding_fen })
            }
            Some(Outcome::PaidInFull) => Some(Owed { expected_fen: outstanding_fen, outstanding_fen }),
            _ => None,
        }
    }
}

/// Where a worker's payment stands when they type what arrived after "partly".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Standing {
    /// The case is still resolved as paid by the resolution the payment question was asked about.
    pub payment_open: bool,
    pub owed: Owed,
    /// Other workers' chats that must still confirm before the case can close.
    pub others_waiting: usize,
}

/// What the worker said arrived, recorded against their claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paid {
    /// All they were owed: their claim is confirmed.
    Full,
    /// This much, and the rest is still owed.
    Amount(i64),
    /// At 回头看 they said the money did not arrive or is owed again: their earlier confirmation no
    /// longer stands and nothing counts as paid to them, so the office's next payment is asked of them.
    Revoked,
}

/// What a press comes to.
#[derive(Debug, Clone)]
pub struct Decision {
    pub outs: Vec<Out>,
    /// The question's new state and the answer to record; `None` leaves the question as it was.
    pub question: Option<(&'static str, Option<&'static str>)>,
    /// The case's change (confirmed paid, reopened), to store with everything it causes.
    pub transition: Option<Transition>,
    /// Told to the owner's supervisor (or the owner, without one).
    pub notify: Option<Notification>,
    /// The worker confirmed payment: ask at once whether they are satisfied.
    pub ask_satisfaction: bool,
    /// What to record against the worker's claim.
    pub paid: Option<Paid>,
}

impl Decision {
    /// "This question is closed": nothing changes.
    pub fn stale(lang: Lang) -> Decision {
        Decision {
            outs: vec![Out::Toast(tr(lang, "followup-stale"))],
            question: None,
            transition: None,
            notify: None,
            ask_satisfaction: false,
            paid: None,
        }
    }
}

/// Words longer than this are cut: they are a comment, not a new complaint.
pub const MAX_WORDS: usize = 1000;

/// What typed text does to a question waiting for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TextDecision {
    pub outs: Vec<Out>,
    /// "Partly": the amount the worker says arrived, in fen, to record on the question.
    pub amount_fen: Option<i64>,
    /// What to record against the worker's claim: the amount, or all of it when it covers what they
    /// are owed.
    pub paid: Option<Paid>,
    /// The worker's words after a rating, to keep sealed.
    pub words: Option<String>,
    /// The supervisor told of a dissatisfied worker's words; the owner, of a claimant confirmed.
    pub notify: Option<Notification>,
    /// A part payment reopens a case resolved as paid: the rest is still owed. An amount that covers
    /// what the worker is owed closes it like "Received" when nobody else is waited for.
    pub transition: Option<Transition>,
    /// The worker confirmed payment and the case closed: ask at once whether they are satisfied.
    pub ask_satisfaction: bool,
}

/// Text typed while `question` waits for an amount ("partly") or for words (after a rating).
pub fn on_text(
    question: &Question,
    case: &CaseView,
    standing: Standing,
    text: &str,
    today: NaiveDate,
    d: &Deployment,
) -> TextDecision {
    let lang = case.lang;
    let mut decision = TextDecision {
        outs: Vec::new(),
        amount_fen: None,
        paid: None,
        words: None,
        notify: None,
        transition: None,
        ask_satisfaction: false,
    };
    if question.state == state::AWAITING_AMOUNT {
        let Ok(amount) = WageAmount::parse(text) else {
            decision.outs.push(say(tr(lang, "followup-payment-amount-invalid")));
            return decision;
        };
        decision.amount_fen = Some(amount.fen());
        let arrived = if standing.payment_open {
            arrived(case, standing.owed, standing.others_waiting, amount.fen(), today, d)
        } else {
            // The question no longer stands: the amount is noted as the worker typed it, nothing closes.
            None
        };
        let arrived = arrived.unwrap_or_else(|| part_arrived(case, standing.owed, amount.fen(), today, d));
        decision.outs.push(say(arrived.text));
        (decision.paid, decision.transition) = (Some(arrived.paid), arrived.transition);
        (decision.notify, decision.ask_satisfaction) = (arrived.notify, arrived.ask_satisfaction);
        return decision;
    }
    let words: String = text.trim().chars().take(MAX_WORDS).collect();
    decision.notify = (question.answer.as_deref() == Some(Choice::Dissatisfied.answer())).then(|| {
        let m = Message::new("notify-supervisor-dissatisfied-words").text("words", &mask_numbers(&words));
        to_supervisor(d, &case.state, m)
    });
    decision.outs.push(say(tr(lang, "followup-satisfaction-thanks")));
    decision.words = Some(words);
    decision
}

/// What came of money the worker says arrived (pressing "Received", or typing an amount after
/// "partly"): what to record against their claim, what to tell them, and the case's change.
struct Arrived {
    text: String,
    paid: Paid,
    transition: Option<Transition>,
    notify: Option<Notification>,
    ask_satisfaction: bool,
}

/// `received_fen` arrived for a worker owed `owed`. Less than they are owed is a part payment; all of
/// it (or more) confirms their claim in full: the case closes if it was resolved as paid in full and
/// nobody else is waited for, or waits for the others. `None` if the case can no longer be confirmed.
fn arrived(
    case: &CaseView,
    owed: Owed,
    others_waiting: usize,
    received_fen: i64,
    today: NaiveDate,
    d: &Deployment,
) -> Option<Arrived> {
    let lang = case.lang;
    if received_fen < owed.outstanding_fen {
        return Some(part_arrived(case, owed, received_fen, today, d));
    }
    let mut arrived =
        Arrived { text: String::new(), paid: Paid::Full, transition: None, notify: None, ask_satisfaction: false };
    if case.state.outcome != Some(Outcome::PaidInFull) {
        // After a part payment or an advance the case is not paid in full (the rest is owed, to the
        // others or not yet decided): it is reopened as for any part, but this worker is owed nothing.
        let (_, transition) = rest_owed(case, owed.outstanding_fen, received_fen, today, d);
        let office = office_name(d, lang, &case.state.owner);
        let args = [("expected", yuan(owed.outstanding_fen).into()), ("office", office.into())];
        arrived.text = tr_args(lang, "followup-payment-covered-after-part", &args);
        arrived.transition = transition;
    } else if others_waiting > 0 {
        // Confirmed for this worker; the case closes when the last one confirms.
        let waiting = others_waiting.to_string();
        let args = [("case", case.case_number.clone().into()), ("waiting", waiting.into())];
        arrived.text = tr_args(lang, "followup-payment-confirmed-waiting", &args);
        let m = Message::new("notify-office-claimant-confirmed")
            .arg("amount", Arg::Fen(owed.outstanding_fen))
            .arg("waiting", Arg::Count(others_waiting as u64));
        arrived.notify = Some(Notification::new(Recipient::Office(case.state.owner.clone()), m));
    } else {
        let t = case::apply(&case.state, Operation::ConfirmPaid, Actor::Worker, today, d).ok()?;
        arrived.text = tr_args(lang, "followup-payment-closed", &[("case", case.case_number.clone().into())]);
        arrived.transition = Some(t);
        arrived.ask_satisfaction = true;
    }
    Some(arrived)
}

/// Part of what the worker is owed arrived: recorded as an amount, and the case reopened for the rest.
fn part_arrived(case: &CaseView, owed: Owed, received_fen: i64, today: NaiveDate, d: &Deployment) -> Arrived {
    let (text, transition) = rest_owed(case, owed.outstanding_fen, received_fen, today, d);
    Arrived { text, paid: Paid::Amount(received_fen), transition, notify: None, ask_satisfaction: false }
}

/// Part of what a worker is owed arrived: recorded, and the case — if it is still resolved as paid —
/// is reopened with the rest named, so it cannot close while money is owed. The office and its
/// supervisor hear it from the reopening.
fn rest_owed(
    case: &CaseView,
    outstanding_fen: i64,
    received_fen: i64,
    today: NaiveDate,
    d: &Deployment,
) -> (String, Option<Transition>) {
    let lang = case.lang;
    let rest = (outstanding_fen - received_fen).max(0);
    let amounts = || {
        vec![
            ("amount", yuan(received_fen).into()),
            ("expected", yuan(outstanding_fen).into()),
            ("rest", yuan(rest).into()),
        ]
    };
    // The reason goes on the timeline and to the office, which work in Chinese.
    let op = Operation::Reopen { reason: tr_args(Lang::ZhHans, "followup-reason-rest-owed", &amounts()) };
    let transition = case::apply(&case.state, op, Actor::Worker, today, d).ok();
    let office = office_name(d, lang, &case.state.owner);
    let mut args = amounts();
    args.push(("office", office.into()));
    (tr_args(lang, "followup-payment-partly-recorded", &args), transition)
}

fn say(text: String) -> Out {
    Out::Say(Reply { text, keyboard: Keyboard::None })
}

/// Decides a press on `today`.
pub fn on_button(p: &Press, today: NaiveDate, d: &Deployment) -> Decision {
    let (q, case, choice) = (&p.question, &p.case, p.choice);
    let lang = case.lang;
    if q.chat_id != p.chat_id {
        tracing::warn!(chat = p.chat_id, "a follow-up button of another chat pressed");
        return Decision::stale(lang);
    }
    let open = match q.kind {
        Kind::Payment => {
            let waiting = [state::ASKED, state::REMINDED, state::UNCONFIRMED].contains(&q.state.as_str());
            waiting && p.payment_open
        }
        Kind::Satisfaction if choice == Choice::Skip => q.state == state::AWAITING_WORDS,
        Kind::Satisfaction | Kind::Recheck => q.state == state::ASKED && case.state.status == Status::Closed,
    };
    if !open {
        return Decision::stale(lang);
    }
    let chosen = Out::Chosen { label: tr(lang, &choice.label_id()) };
    let answered = Some((state::ANSWERED, Some(choice.answer())));
    let mut decision = Decision {
        outs: vec![chosen],
        question: None,
        transition: None,
        notify: None,
        ask_satisfaction: false,
        paid: None,
    };
    match (q.kind, choice) {
        (Kind::Payment, Choice::Received) => {
            // What they were asked about arrived: all they are owed after a payment in full, the
            // amount paid after a part payment or an advance.
            let Some(arrived) = arrived(case, p.owed, p.others_waiting, p.owed.expected_fen, today, d) else {
                return Decision::stale(lang);
            };
            decision.outs.push(say(arrived.text));
            (decision.transition, decision.notify) = (arrived.transition, arrived.notify);
            (decision.paid, decision.ask_satisfaction) = (Some(arrived.paid), arrived.ask_satisfaction);
            decision.question = answered;
        }
        (Kind::Payment, Choice::Partly) => {
            decision.question = Some((state::AWAITING_AMOUNT, Some(choice.answer())));
            decision.outs.push(say(tr(lang, "followup-payment-ask-amount")));
        }
        (Kind::Payment, Choice::NotReceived) | (Kind::Recheck, Choice::NotPaid | Choice::NotArrived) => {
            let reason_id = match choice {
                Choice::NotReceived => "followup-reason-not-received",
                Choice::NotArrived => "followup-reason-not-arrived",
                _ => "followup-reason-recheck",
            };
            // The reason goes on the timeline and to the office, which work in Chinese.
            let op = Operation::Reopen { reason: tr(Lang::ZhHans, reason_id) };
            let Ok(t) = case::apply(&case.state, op, Actor::Worker, today, d) else {
                return Decision::stale(lang);
            };
            decision.outs.push(say(reopened_text(d, case, &t.new_state)));
            decision.transition = Some(t);
            decision.question = answered;
            if q.kind == Kind::Recheck {
                decision.paid = Some(Paid::Revoked);
            }
        }
        (Kind::Satisfaction, Choice::Satisfied | Choice::Mostly | Choice::Dissatisfied) => {
            decision.question = Some((state::AWAITING_WORDS, Some(choice.answer())));
            let id = if choice == Choice::Dissatisfied {
                let m = Message::new("notify-supervisor-dissatisfied").office("office", &case.state.owner);
                decision.notify = Some(to_supervisor(d, &case.state, m));
                "followup-satisfaction-words-escalated"
            } else {
                "followup-satisfaction-words"
            };
            let skip = Keyboard::Inline(vec![vec![button(lang, &q.token, Choice::Skip)]]);
            decision.outs.push(Out::Say(Reply { text: tr(lang, id), keyboard: skip }));
        }
        (Kind::Satisfaction, Choice::Skip) => {
            decision.question = Some((state::ANSWERED, None));
            decision.outs.push(say(tr(lang, "followup-satisfaction-thanks")));
        }
        (Kind::Recheck, Choice::StillPaid) => {
            decision.question = answered;
            let id = crate::channel::worded("followup-recheck-thanks", crate::channel::Channel::of_chat(p.chat_id));
            decision.outs.push(say(tr(lang, &id)));
        }
        _ => return Decision::stale(lang),
    }
    decision
}

/// The owner's supervisor hears it (the owner itself if the deployment names no supervisor).
pub fn to_supervisor(d: &Deployment, case: &CaseState, m: Message) -> Notification {
    let to = match d.escalation_office(&case.owner) {
        Some(sup) => Recipient::Supervisor(sup.id.clone()),
        None => Recipient::Office(case.owner.clone()),
    };
    Notification::new(to, m)
}

fn reopened_text(d: &Deployment, case: &CaseView, after: &CaseState) -> String {
    let lang = case.lang;
    let office = office_name(d, lang, &after.owner);
    let due = after.investigation_due.map(|day| date_text(lang, day)).unwrap_or_default();
    let args = [("case", case.case_number.clone().into()), ("office", office.into()), ("due", due.into())];
    tr_args(lang, "followup-reopened", &args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::testing::xihu_building_case;
    use crate::case::{Outcome, TimelineKind};
    use crate::deployment::testing::{date, sample};

    /// A Xihu case accepted and resolved as paid in full.
    fn paid_case(d: &Deployment) -> CaseState {
        let case = xihu_building_case(date(2026, 2, 12), d);
        let clerk = Actor::Staff { office: case.owner.clone(), user: "tg:501".into() };
        let accepted = case::apply(&case, Operation::Accept, clerk.clone(), date(2026, 3, 2), d).expect("accept");
        let resolve = Operation::Resolve { outcome: Outcome::PaidInFull };
        case::apply(&accepted.new_state, resolve, clerk, date(2026, 3, 9), d).expect("resolve").new_state
    }

    fn press(d: &Deployment, choice: Choice, payment_open: bool) -> Press {
        Press {
            chat_id: 42,
            choice,
            question: Question {
                kind: Kind::Payment,
                token: "k3x9q2m7w4za".into(),
                chat_id: 42,
                state: state::ASKED.into(),
                answer: None,
            },
            case: CaseView { case_number: "QX-330106-20260212-0001".into(), lang: Lang::ZhHans, state: paid_case(d) },
            payment_open,
            owed: Owed { expected_fen: 4_500_000, outstanding_fen: 4_500_000 },
            others_waiting: 0,
        }
    }

    #[test]
    fn received_closes_the_case_records_the_answer_and_asks_about_satisfaction() {
        let d = sample();
        let decision = on_button(&press(&d, Choice::Received, true), date(2026, 3, 10), &d);
        let t = decision.transition.expect("the case changes");
        assert_eq!(t.new_state.status, Status::Closed);
        assert_eq!(
            t.new_state.followup_on,
            Some(date(2026, 3, 10) + chrono::Days::new(d.campaign.followup_days.into()))
        );
        assert_eq!(t.timeline.kind, TimelineKind::PaymentConfirmed);
        assert_eq!(t.timeline.actor, Actor::Worker);
        let owner = Recipient::Office(t.new_state.owner.clone());
        let told: Vec<_> = t.notifications.iter().map(|n| (n.to.clone(), n.message_id.as_str())).collect();
        assert_eq!(told, vec![(owner, "notify-office-payment-confirmed"), (Recipient::Worker, "notify-worker-closed")]);
        assert_eq!(decision.paid, Some(Paid::Full));
        assert_eq!(decision.question, Some((state::ANSWERED, Some("received"))));
        assert!(decision.ask_satisfaction);
        assert!(decision.notify.is_none());
        assert_eq!(decision.outs.len(), 2);
        assert_eq!(decision.outs[0], Out::Chosen { label: tr(Lang::ZhHans, "followup-button-received") });
        let Out::Say(closed) = &decision.outs[1] else { panic!("{:?}", decision.outs) };
        assert!(closed.text.contains("QX-330106-20260212-0001"), "{}", closed.text);
    }

    #[test]
    fn not_received_reopens_the_case_and_tells_the_worker_the_new_due_date() {
        let d = sample();
        let decision = on_button(&press(&d, Choice::NotReceived, true), date(2026, 3, 10), &d);
        let t = decision.transition.expect("the case changes");
        assert_eq!(t.timeline.kind, TimelineKind::Reopened);
        assert_ne!(t.new_state.status, Status::Closed);
        assert_eq!(decision.question, Some((state::ANSWERED, Some("not_received"))));
        assert_eq!(decision.paid, None, "a part already recorded still counts");
        assert!(!decision.ask_satisfaction);
        let Out::Say(reopened) = &decision.outs[1] else { panic!("{:?}", decision.outs) };
        let due = t.new_state.investigation_due.expect("the investigation runs again");
        assert!(reopened.text.contains(&date_text(Lang::ZhHans, due)), "{}", reopened.text);
    }

    #[test]
    fn not_arrived_after_a_closing_without_this_worker_reopens_the_case_as_the_worker() {
        let d = sample();
        let mut p = press(&d, Choice::NotArrived, false);
        p.question.kind = Kind::Recheck;
        let clerk = Actor::Staff { office: p.case.state.owner.clone(), user: "tg:501".into() };
        p.case.state = case::apply(&p.case.state, Operation::CloseSettled, clerk, date(2026, 3, 12), &d)
            .expect("settled")
            .new_state;
        let decision = on_button(&p, date(2026, 3, 20), &d);
        let t = decision.transition.expect("the case reopens");
        assert_eq!((t.new_state.status, t.timeline.actor.clone()), (Status::Reopened, Actor::Worker));
        let reason = tr(Lang::ZhHans, "followup-reason-not-arrived");
        assert!(format!("{:?}", t.timeline.args).contains(&reason), "{:?}", t.timeline.args);
        assert!(t.notifications.iter().any(|n| n.to == Recipient::OtherWorkers), "{:?}", t.notifications);
        assert_eq!(decision.question, Some((state::ANSWERED, Some("not_arrived"))));
        assert_eq!(decision.paid, Some(Paid::Revoked), "asked again after the next payment");
        let Out::Say(told) = &decision.outs[1] else { panic!("{:?}", decision.outs) };
        assert!(told.text.contains("QX-330106-20260212-0001"), "{}", told.text);
        // Pressed again once the case is open: nothing more happens.
        p.case.state = t.new_state;
        p.question.state = state::ANSWERED.into();
        assert!(on_button(&p, date(2026, 3, 20), &d).transition.is_none());
    }

    #[test]
    fn a_question_no_longer_open_or_another_chat_press_changes_nothing() {
        let d = sample();
        let gone = on_button(&press(&d, Choice::Received, false), date(2026, 3, 10), &d);
        let mut other = press(&d, Choice::Received, true);
        other.chat_id = 43;
        let other = on_button(&other, date(2026, 3, 10), &d);
        let mut wrong = press(&d, Choice::StillPaid, true);
        wrong.question.state = state::ASKED.into();
        let wrong = on_button(&wrong, date(2026, 3, 10), &d);
        for decision in [gone, other, wrong] {
            assert!(decision.transition.is_none() && decision.question.is_none() && decision.notify.is_none());
            assert_eq!(decision.outs, vec![Out::Toast(tr(Lang::ZhHans, "followup-stale"))]);
        }
    }

    #[test]
    fn one_worker_of_several_confirming_records_their_payment_and_the_case_waits_for_the_others() {
        let d = sample();
        let mut p = press(&d, Choice::Received, true);
        p.others_waiting = 3;
        let decision = on_button(&p, date(2026, 3, 10), &d);
        assert!(decision.transition.is_none(), "the case stays resolved, not closed");
        assert_eq!(decision.paid, Some(Paid::Full));
        assert_eq!(decision.question, Some((state::ANSWERED, Some("received"))));
        assert!(!decision.ask_satisfaction);
        let n = decision.notify.expect("the owner hears who confirmed");
        assert_eq!(
            (n.to, n.message_id.as_str()),
            (Recipient::Office(p.case.state.owner.clone()), "notify-office-claimant-confirmed")
        );
        let Out::Say(waiting) = &decision.outs[1] else { panic!("{:?}", decision.outs) };
        assert!(waiting.text.contains('3'), "{}", waiting.text);
    }

    #[test]
    fn a_part_payment_or_an_advance_received_reopens_the_case_with_the_rest_owed() {
        let d = sample();
        let mut p = press(&d, Choice::Received, true);
        let clerk = Actor::Staff { office: p.case.state.owner.clone(), user: "tg:501".into() };
        let reopened =
            case::apply(&p.case.state, Operation::Reopen { reason: "x".into() }, clerk.clone(), date(2026, 3, 9), &d);
        let part = Operation::Resolve { outcome: Outcome::AdvancedFromDeposit { paid_fen: 1_500_000 } };
        p.case.state = case::apply(&reopened.expect("reopen").new_state, part, clerk, date(2026, 3, 9), &d)
            .expect("resolve")
            .new_state;
        p.owed = Owed { expected_fen: 1_500_000, outstanding_fen: 4_500_000 };
        let decision = on_button(&p, date(2026, 3, 10), &d);
        let t = decision.transition.expect("the case reopens");
        assert_eq!(t.new_state.status, Status::Reopened);
        assert!(format!("{:?}", t.timeline.args).contains("30,000"), "the rest is named: {:?}", t.timeline.args);
        assert_eq!(decision.paid, Some(Paid::Amount(1_500_000)));
        let Out::Say(told) = &decision.outs[1] else { panic!("{:?}", decision.outs) };
        assert!(told.text.contains("15,000") && told.text.contains("30,000"), "{}", told.text);
    }

    #[test]
    fn a_typed_amount_that_covers_what_is_owed_confirms_in_full_as_received_would() {
        let d = sample();
        let p = press(&d, Choice::Partly, true);
        let mut q = p.question.clone();
        q.state = state::AWAITING_AMOUNT.into();
        let alone = Standing { payment_open: true, owed: p.owed, others_waiting: 0 };
        // All of it (or more), nobody else waited for: closed, and the satisfaction question follows.
        for typed in ["4.5万", "5万"] {
            let all = on_text(&q, &p.case, alone, typed, date(2026, 3, 10), &d);
            let t = all.transition.expect("the case closes");
            assert_eq!((t.new_state.status, t.timeline.kind), (Status::Closed, TimelineKind::PaymentConfirmed));
            assert_eq!((all.paid, all.ask_satisfaction), (Some(Paid::Full), true), "{typed}");
            let Out::Say(told) = &all.outs[0] else { panic!("{:?}", all.outs) };
            assert!(told.text.contains("QX-330106-20260212-0001") && !told.text.contains("¥0"), "{}", told.text);
        }
        // Others still to confirm: their claim is confirmed and the case waits, as after "Received".
        let with_others = Standing { others_waiting: 2, ..alone };
        let waits = on_text(&q, &p.case, with_others, "45000", date(2026, 3, 10), &d);
        assert!(waits.transition.is_none(), "the case stays resolved");
        assert_eq!((waits.paid, waits.ask_satisfaction), (Some(Paid::Full), false));
        let n = waits.notify.expect("the owner hears who confirmed");
        assert_eq!(n.message_id, "notify-office-claimant-confirmed");
        let Out::Say(told) = &waits.outs[0] else { panic!("{:?}", waits.outs) };
        assert!(told.text.contains('2') && !told.text.contains("¥0"), "{}", told.text);
        // Less is a part: recorded as an amount, and the case reopens for the rest.
        let part = on_text(&q, &p.case, alone, "44999.99", date(2026, 3, 10), &d);
        assert_eq!(part.paid, Some(Paid::Amount(4_499_999)));
        assert_eq!(part.transition.map(|t| t.new_state.status), Some(Status::Reopened));
        // A question that no longer stands closes nothing.
        let gone = on_text(&q, &p.case, Standing { payment_open: false, ..alone }, "4.5万", date(2026, 3, 10), &d);
        assert!(gone.transition.is_none_or(|t| t.new_state.status != Status::Closed));
        assert_ne!(gone.paid, Some(Paid::Full));
    }

    #[test]
    fn all_that_is_owed_received_after_a_part_payment_confirms_the_worker_without_owing_them_zero() {
        let d = sample();
        let mut p = press(&d, Choice::Received, true);
        let clerk = Actor::Staff { office: p.case.state.owner.clone(), user: "tg:501".into() };
        let reopened =
            case::apply(&p.case.state, Operation::Reopen { reason: "x".into() }, clerk.clone(), date(2026, 3, 9), &d);
        let part = Operation::Resolve { outcome: Outcome::PaidInPart { paid_fen: 5_000_000 } };
        p.case.state = case::apply(&reopened.expect("reopen").new_state, part, clerk, date(2026, 3, 9), &d)
            .expect("resolve")
            .new_state;
        // The office's part covers all this worker is owed: asked about ¥45,000 of ¥45,000.
        p.owed = Owed { expected_fen: 4_500_000, outstanding_fen: 4_500_000 };
        let decision = on_button(&p, date(2026, 3, 10), &d);
        assert_eq!(decision.paid, Some(Paid::Full));
        let t = decision.transition.expect("a case resolved as paid in part is not closed: it reopens");
        assert_eq!(t.new_state.status, Status::Reopened);
        let Out::Say(told) = &decision.outs[1] else { panic!("{:?}", decision.outs) };
        assert!(told.text.contains("45,000") && !told.text.contains("¥0"), "{}", told.text);
    }

    #[test]
    fn typed_amount_and_words_are_decided_with_who_is_told() {
        let d = sample();
        let p = press(&d, Choice::Partly, true);
        let mut q = p.question.clone();
        q.state = state::AWAITING_AMOUNT.into();
        let standing = Standing { payment_open: true, owed: p.owed, others_waiting: 0 };
        let partly = on_text(&q, &p.case, standing, "2万", date(2026, 3, 10), &d);
        assert_eq!((partly.amount_fen, partly.paid), (Some(2_000_000), Some(Paid::Amount(2_000_000))));
        let t = partly.transition.expect("a part payment reopens the case");
        assert_eq!(t.new_state.status, Status::Reopened);
        let office = Recipient::Office(p.case.state.owner.clone());
        assert!(t.notifications.iter().any(|n| n.to == office), "the owner is told: {:?}", t.notifications);
        let Out::Say(recorded) = &partly.outs[0] else { panic!("{:?}", partly.outs) };
        assert!(recorded.text.contains("20,000") && recorded.text.contains("25,000"), "{}", recorded.text);
        let unreadable = on_text(&q, &p.case, standing, "不知道", date(2026, 3, 10), &d);
        assert_eq!((unreadable.amount_fen, unreadable.transition.is_none()), (None, true));

        q.state = state::AWAITING_WORDS.into();
        q.answer = Some(Choice::Dissatisfied.answer().into());
        let words = on_text(&q, &p.case, Standing::default(), " 老板说再等等，电话13912345678 ", date(2026, 3, 10), &d);
        assert_eq!(words.words.as_deref(), Some("老板说再等等，电话13912345678"));
        let n = words.notify.expect("the supervisor hears a dissatisfied worker");
        assert!(matches!(n.to, Recipient::Supervisor(_)), "{:?}", n.to);
        assert!(!format!("{:?}", n.args).contains("13912345678"), "numbers are masked: {:?}", n.args);
        q.answer = Some(Choice::Satisfied.answer().into());
        assert!(on_text(&q, &p.case, Standing::default(), "谢谢", date(2026, 3, 10), &d).notify.is_none());
    }
}
