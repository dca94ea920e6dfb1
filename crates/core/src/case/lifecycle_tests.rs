use super::*;
use crate::case::state::open_case;
use crate::case::{
    Actor, Arg, CaseState, LifecycleError, Operation, Outcome, Recipient, Status, TimelineKind, Transition,
};
use crate::deployment::testing::{date, id, sample};
use crate::domain::sector::Sector;
use crate::routing::{RoutingInput, assign_office};

const XIHU: &str = "hz-xihu-ldjc";
const GONGSHU: &str = "hz-gongshu-ldjc";

fn staff(office: &str) -> Actor {
    Actor::Staff { office: id(office), user: "u1".into() }
}

/// A construction complaint in Xihu submitted on Thursday 2026-02-12, just before Spring Festival.
fn submitted() -> CaseState {
    crate::case::testing::xihu_building_case(date(2026, 2, 12), &sample())
}

/// Submitted, and still within its acceptance period on [`today`]: asking for material is allowed.
fn submitted_in_time() -> CaseState {
    let mut s = submitted();
    s.acceptance_due = date(2026, 3, 4);
    s
}

fn with(status: Status, f: impl FnOnce(&mut CaseState)) -> CaseState {
    let mut s = submitted();
    s.status = status;
    f(&mut s);
    s
}

fn accepted() -> CaseState {
    run(&submitted(), Operation::Accept, staff(XIHU))
}

fn resolved(outcome: Outcome) -> CaseState {
    run(&ordered(), Operation::Resolve { outcome }, staff(XIHU))
}

/// Accepted, and the employer ordered to pay ¥45,000 within ten days.
fn ordered() -> CaseState {
    let order = Operation::OrderToPay { amount_fen: 4_500_000, due: date(2026, 3, 12) };
    run(&accepted(), order, staff(XIHU))
}

fn today() -> NaiveDate {
    date(2026, 3, 2)
}

fn run(state: &CaseState, op: Operation, actor: Actor) -> CaseState {
    match apply(state, op, actor, today(), &sample()) {
        Ok(t) => t.new_state,
        Err(e) => panic!("refused: {e}"),
    }
}

fn ids(t: &Transition, to: &Recipient) -> Vec<String> {
    t.notifications.iter().filter(|n| &n.to == to).map(|n| n.message_id.clone()).collect()
}

#[test]
fn opening_a_case_tells_the_worker_the_owner_and_the_acceptance_due_date() {
    let d = sample();
    let input = RoutingInput {
        worksite_county: Some("330106".into()),
        sector: Some(Sector::Building),
        construction_cause: true,
        project: None,
        township: None,
        employer_kind: None,
    };
    let opened = open_case(&assign_office(&input, &d), date(2026, 2, 12), &d);
    assert_eq!(opened.state.acceptance_due, date(2026, 2, 26), "5 working days across Spring Festival");
    assert_eq!(opened.state.first_office, id(XIHU));
    assert_eq!(opened.state.co_handlers, vec![id("hz-xihu-zjj")]);
    let worker = &opened.notifications[0];
    assert_eq!((worker.to.clone(), worker.message_id.as_str()), (Recipient::Worker, "notify-worker-submitted"));
    assert_eq!(worker.args.get("office"), Some(&Arg::Office(id(XIHU))));
    assert_eq!(worker.args.get("due"), Some(&Arg::Date(date(2026, 2, 26))));
    let timeline: Vec<_> = opened.timeline.iter().map(|e| e.message_id.as_str()).collect();
    assert_eq!(timeline, ["routing-county-jurisdiction", "routing-note-co-handler-construction-cause"]);
}

#[test]
fn every_allowed_operation_moves_the_case_and_logs_one_entry() {
    let paid = || resolved(Outcome::PaidInFull);
    let table: Vec<(&str, CaseState, Operation, Actor, Status, TimelineKind)> = vec![
        ("accept", submitted(), Operation::Accept, staff(XIHU), Status::Accepted, TimelineKind::Accepted),
        (
            "accept after info",
            with(Status::NeedInfo, |_| {}),
            Operation::Accept,
            staff(XIHU),
            Status::Accepted,
            TimelineKind::Accepted,
        ),
        (
            "request info",
            submitted_in_time(),
            Operation::RequestInfo { text: "请补充工资欠条照片".into() },
            staff(XIHU),
            Status::NeedInfo,
            TimelineKind::InfoRequested,
        ),
        (
            "provide info",
            with(Status::NeedInfo, |_| {}),
            Operation::ProvideInfo,
            Actor::Worker,
            Status::Submitted,
            TimelineKind::InfoProvided,
        ),
        (
            "transfer",
            submitted(),
            Operation::Transfer { to: id(GONGSHU), reason: "工地在拱墅区".into() },
            staff(XIHU),
            Status::Transferred,
            TimelineKind::Transferred,
        ),
        (
            "add co-handler",
            accepted(),
            Operation::AddCoHandler { office: id("hz-xihu-sandun") },
            staff(XIHU),
            Status::Accepted,
            TimelineKind::CoHandlerAdded,
        ),
        (
            "extend",
            accepted(),
            Operation::ExtendInvestigation { reason: "需要审计工程账目".into() },
            staff(XIHU),
            Status::Accepted,
            TimelineKind::InvestigationExtended,
        ),
        (
            "start handling",
            accepted(),
            Operation::StartHandling,
            staff(XIHU),
            Status::Handling,
            TimelineKind::HandlingStarted,
        ),
        (
            "resolve",
            accepted(),
            Operation::Resolve { outcome: Outcome::PaidInPart { paid_fen: 500_000 } },
            staff(XIHU),
            Status::Resolved,
            TimelineKind::Resolved,
        ),
        (
            "not accepted",
            submitted(),
            Operation::Resolve {
                outcome: Outcome::NotAccepted {
                    reason: "超过两年".into(), referral: "劳动人事争议仲裁委员会".into()
                },
            },
            staff(XIHU),
            Status::Resolved,
            TimelineKind::Resolved,
        ),
        ("confirm paid", paid(), Operation::ConfirmPaid, Actor::Worker, Status::Closed, TimelineKind::PaymentConfirmed),
        (
            "closed on the others' confirmations once the last one waited for left",
            paid(),
            Operation::CloseConfirmed,
            Actor::System,
            Status::Closed,
            TimelineKind::PaymentConfirmed,
        ),
        (
            "worker reopens",
            paid(),
            Operation::Reopen { reason: "没有收到钱".into() },
            Actor::Worker,
            Status::Reopened,
            TimelineKind::Reopened,
        ),
        (
            "follow-up reopens",
            run(&paid(), Operation::ConfirmPaid, Actor::Worker),
            Operation::Reopen { reason: "回头看发现又欠薪".into() },
            staff(XIHU),
            Status::Reopened,
            TimelineKind::Reopened,
        ),
        ("withdraw", accepted(), Operation::Withdraw, Actor::Worker, Status::Withdrawn, TimelineKind::Withdrawn),
        (
            "supervisor transfers",
            submitted(),
            Operation::Transfer { to: id(GONGSHU), reason: "督办改派".into() },
            staff("hz-qqb"),
            Status::Transferred,
            TimelineKind::Transferred,
        ),
    ];
    for (name, state, op, actor, status, kind) in table {
        let t = apply(&state, op, actor.clone(), today(), &sample()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(t.new_state.status, status, "{name}");
        assert_eq!(t.timeline.kind, kind, "{name}");
        assert_eq!(t.timeline.actor, actor, "{name}");
        assert_eq!(t.new_state.first_office, state.first_office, "{name}: the first office never changes");
        assert!(sample().office(&t.new_state.owner).is_some(), "{name}: always exactly one known owner");
    }
}

#[test]
fn every_refused_operation_says_why() {
    use LifecycleError as E;
    let transfer = |to: &str, reason: &str| Operation::Transfer { to: id(to), reason: reason.into() };
    let resolve = |outcome| Operation::Resolve { outcome };
    let table: Vec<(&str, CaseState, Operation, Actor, LifecycleError)> = vec![
        ("transfer without reason", submitted(), transfer(GONGSHU, " "), staff(XIHU), E::TransferWithoutReason),
        ("transfer to itself", submitted(), transfer(XIHU, "x"), staff(XIHU), E::TransferToSelf),
        (
            "transfer to unknown office",
            submitted(),
            transfer("hz-nowhere", "x"),
            staff(XIHU),
            E::UnknownOffice(id("hz-nowhere")),
        ),
        (
            "another office acts",
            submitted(),
            Operation::Accept,
            staff(GONGSHU),
            E::NotOwner { office: id(GONGSHU), owner: id(XIHU) },
        ),
        (
            "another office transfers",
            submitted(),
            transfer(GONGSHU, "x"),
            staff("hz-xihu-zjj"),
            E::NotOwner { office: id("hz-xihu-zjj"), owner: id(XIHU) },
        ),
        (
            "supervisor accepts",
            submitted(),
            Operation::Accept,
            staff("hz-qqb"),
            E::NotOwner { office: id("hz-qqb"), owner: id(XIHU) },
        ),
        ("worker accepts", submitted(), Operation::Accept, Actor::Worker, E::ActorNotAllowed { op: "accept" }),
        ("staff withdraws", submitted(), Operation::Withdraw, staff(XIHU), E::ActorNotAllowed { op: "withdraw" }),
        (
            "system resolves",
            accepted(),
            resolve(Outcome::PaidInFull),
            Actor::System,
            E::ActorNotAllowed { op: "resolve" },
        ),
        (
            "accept twice",
            accepted(),
            Operation::Accept,
            staff(XIHU),
            E::NotAllowedInStatus { op: "accept", status: Status::Accepted },
        ),
        (
            "empty info request",
            submitted(),
            Operation::RequestInfo { text: "".into() },
            staff(XIHU),
            E::EmptyInfoRequest,
        ),
        (
            "info request on a resolved case",
            resolved(Outcome::PaidInFull),
            Operation::RequestInfo { text: "x".into() },
            staff(XIHU),
            E::NotAllowedInStatus { op: "request_info", status: Status::Resolved },
        ),
        (
            "info nobody asked for",
            submitted(),
            Operation::ProvideInfo,
            Actor::Worker,
            E::NotAllowedInStatus { op: "provide_info", status: Status::Submitted },
        ),
        (
            "co-handler twice",
            submitted(),
            Operation::AddCoHandler { office: id("hz-xihu-zjj") },
            staff(XIHU),
            E::AlreadyCoHandler(id("hz-xihu-zjj")),
        ),
        (
            "owner as co-handler",
            submitted(),
            Operation::AddCoHandler { office: id(XIHU) },
            staff(XIHU),
            E::CoHandlerIsOwner,
        ),
        (
            "extend before acceptance",
            submitted(),
            Operation::ExtendInvestigation { reason: "x".into() },
            staff(XIHU),
            E::NoInvestigationClock,
        ),
        (
            "extend without reason",
            accepted(),
            Operation::ExtendInvestigation { reason: "".into() },
            staff(XIHU),
            E::ExtensionWithoutReason,
        ),
        (
            "extend twice",
            run(&accepted(), Operation::ExtendInvestigation { reason: "x".into() }, staff(XIHU)),
            Operation::ExtendInvestigation { reason: "y".into() },
            staff(XIHU),
            E::AlreadyExtended,
        ),
        (
            "handle before acceptance",
            submitted(),
            Operation::StartHandling,
            staff(XIHU),
            E::NotAllowedInStatus { op: "start_handling", status: Status::Submitted },
        ),
        (
            "paid nothing",
            accepted(),
            resolve(Outcome::PaidInPart { paid_fen: 0 }),
            staff(XIHU),
            E::PaidAmountNotPositive,
        ),
        (
            "referral without reason",
            accepted(),
            resolve(Outcome::ReferredToArbitration { reason: "".into(), referral: "仲裁委".into() }),
            staff(XIHU),
            E::OutcomeWithoutReason,
        ),
        (
            "refusal without referral",
            submitted(),
            resolve(Outcome::NotAccepted { reason: "超过两年".into(), referral: " ".into() }),
            staff(XIHU),
            E::OutcomeWithoutReferral,
        ),
        (
            "not accepted after acceptance",
            accepted(),
            resolve(Outcome::NotAccepted { reason: "x".into(), referral: "y".into() }),
            staff(XIHU),
            E::NotAcceptedAfterAcceptance,
        ),
        (
            "resolve twice",
            resolved(Outcome::PaidInFull),
            resolve(Outcome::PaidInFull),
            staff(XIHU),
            E::NotAllowedInStatus { op: "resolve", status: Status::Resolved },
        ),
        (
            "reopen without reason",
            resolved(Outcome::PaidInFull),
            Operation::Reopen { reason: "".into() },
            Actor::Worker,
            E::ReopenWithoutReason,
        ),
        (
            "reopen an open case",
            accepted(),
            Operation::Reopen { reason: "x".into() },
            Actor::Worker,
            E::NotAllowedInStatus { op: "reopen", status: Status::Accepted },
        ),
        (
            "resolve as unfounded before deciding to accept",
            submitted(),
            resolve(Outcome::Unfounded { reason: "查无此事".into() }),
            staff(XIHU),
            E::NotYetAccepted,
        ),
        (
            "refer a refusal to pay to the police with no order to pay",
            accepted(),
            resolve(Outcome::ReferredToPolice { reason: "拒不支付".into() }),
            staff(XIHU),
            E::PoliceWithoutOrder,
        ),
        (
            "order to pay by a past deadline",
            accepted(),
            Operation::OrderToPay { amount_fen: 4_500_000, due: date(2026, 3, 1) },
            staff(XIHU),
            E::BadOrder,
        ),
        (
            "order to pay before acceptance",
            submitted(),
            Operation::OrderToPay { amount_fen: 4_500_000, due: date(2026, 3, 12) },
            staff(XIHU),
            E::NotAllowedInStatus { op: "order_to_pay", status: Status::Submitted },
        ),
        (
            "staff confirm a payment for the worker",
            resolved(Outcome::PaidInFull),
            Operation::ConfirmPaid,
            staff(XIHU),
            E::ActorNotAllowed { op: "confirm_paid" },
        ),
        (
            "staff close a case on confirmations",
            resolved(Outcome::PaidInFull),
            Operation::CloseConfirmed,
            staff(XIHU),
            E::ActorNotAllowed { op: "close_confirmed" },
        ),
        (
            "a worker closes a case on confirmations",
            resolved(Outcome::PaidInFull),
            Operation::CloseConfirmed,
            Actor::Worker,
            E::ActorNotAllowed { op: "close_confirmed" },
        ),
        (
            "confirm a part payment as if it were all",
            resolved(Outcome::PaidInPart { paid_fen: 1_000_000 }),
            Operation::ConfirmPaid,
            Actor::Worker,
            E::NothingToConfirm,
        ),
        (
            "confirm a 工程款 outcome",
            resolved(Outcome::NotWageClaim { reason: "工程款".into(), referral: "人民法院".into() }),
            Operation::ConfirmPaid,
            Actor::Worker,
            E::NothingToConfirm,
        ),
        (
            "withdraw twice",
            with(Status::Withdrawn, |_| {}),
            Operation::Withdraw,
            Actor::Worker,
            E::NotAllowedInStatus { op: "withdraw", status: Status::Withdrawn },
        ),
        (
            "transfer a closed case",
            with(Status::Closed, |_| {}),
            transfer(GONGSHU, "x"),
            staff(XIHU),
            E::NotAllowedInStatus { op: "transfer", status: Status::Closed },
        ),
    ];
    for (name, state, op, actor, expected) in table {
        let result = apply(&state, op, actor, today(), &sample());
        assert_eq!(result.as_ref().err(), Some(&expected), "{name}");
        assert!(expected.message_id().starts_with("case-error-"), "{name}");
    }
}

#[test]
fn a_transfer_without_a_reason_is_refused() {
    let op = Operation::Transfer { to: id(GONGSHU), reason: String::new() };
    assert_eq!(apply(&submitted(), op, staff(XIHU), today(), &sample()), Err(LifecycleError::TransferWithoutReason));
}

#[test]
fn a_transfer_moves_the_owner_and_tells_the_worker_which_office_and_why() {
    let before = submitted();
    let op = Operation::Transfer { to: id(GONGSHU), reason: "工地在拱墅区".into() };
    let t = apply(&before, op, staff(XIHU), today(), &sample()).expect("allowed");
    assert_eq!(t.new_state.owner, id(GONGSHU));
    assert_eq!(t.new_state.first_office, id(XIHU));
    let worker = t.notifications.iter().find(|n| n.to == Recipient::Worker).expect("worker told");
    assert_eq!(worker.message_id, "notify-worker-transferred");
    assert_eq!(worker.args.get("office"), Some(&Arg::Office(id(GONGSHU))));
    assert_eq!(worker.args.get("reason"), Some(&Arg::Text("工地在拱墅区".into())));
    assert_eq!(ids(&t, &Recipient::Office(id(GONGSHU))), ["notify-office-transferred-in"]);
    assert!(ids(&t, &Recipient::Office(id(XIHU))).is_empty(), "the office that transferred needs no news of it");
}

#[test]
fn the_first_office_keeps_being_informed_after_a_transfer() {
    let moved = run(&submitted(), Operation::Transfer { to: id(GONGSHU), reason: "工地在拱墅区".into() }, staff(XIHU));
    let t = apply(&moved, Operation::Accept, staff(GONGSHU), today(), &sample()).expect("allowed");
    assert_eq!(ids(&t, &Recipient::Office(id(XIHU))), ["notify-office-first-office-update"]);
    let again = apply(
        &t.new_state,
        Operation::Transfer { to: id("hz-binjiang-ldjc"), reason: "x".into() },
        staff(GONGSHU),
        today(),
        &sample(),
    )
    .expect("allowed");
    assert_eq!(ids(&again, &Recipient::Office(id(XIHU))), ["notify-office-first-office-update"]);
}

#[test]
fn acceptance_starts_60_working_days_and_one_extension_adds_30() {
    let d = sample();
    let t = apply(&submitted(), Operation::Accept, staff(XIHU), date(2026, 2, 2), &d).expect("allowed");
    assert_eq!(t.new_state.investigation_due, Some(date(2026, 5, 7)));
    let ext = apply(
        &t.new_state,
        Operation::ExtendInvestigation { reason: "审计".into() },
        staff(XIHU),
        date(2026, 4, 20),
        &d,
    )
    .expect("allowed");
    assert_eq!(ext.new_state.investigation_due, Some(d.calendar.add_working_days(date(2026, 5, 7), 30)));
    assert_eq!(ext.new_state.investigation_due, Some(date(2026, 6, 17)), "counting the make-up Saturday 9 May");
    assert_eq!(ids(&ext, &Recipient::Supervisor(id("hz-qqb"))), ["notify-supervisor-extended"]);
}

#[test]
fn the_extension_is_taken_within_the_60_working_days_never_after_they_lapsed() {
    let d = sample();
    let t = apply(&submitted(), Operation::Accept, staff(XIHU), date(2026, 2, 2), &d).expect("allowed");
    assert_eq!(t.new_state.investigation_due, Some(date(2026, 5, 7)));
    let extend =
        |today| apply(&t.new_state, Operation::ExtendInvestigation { reason: "审计".into() }, staff(XIHU), today, &d);
    assert!(extend(date(2026, 5, 7)).is_ok(), "on the last day of the period");
    let late = extend(date(2026, 5, 8)).expect_err("the period lapsed the day before");
    assert_eq!(late, LifecycleError::ExtensionAfterDue { due: date(2026, 5, 7) });
    let m = late.message();
    assert_eq!(m.id, "case-error-extension-after-due");
    assert!(m.args.contains_key("due"), "the clerk sees when the period ended: {m:?}");
}

#[test]
fn resolving_always_tells_the_worker_the_outcome() {
    let outcomes = [
        Outcome::PaidInFull,
        Outcome::PaidInPart { paid_fen: 1 },
        Outcome::AdvancedFromDeposit { paid_fen: 3_000_000 },
        Outcome::ReferredToArbitration {
            reason: "对工资数额有争议".into(),
            referral: "西湖区劳动人事争议仲裁委员会".into(),
        },
        Outcome::NotWageClaim { reason: "工程款纠纷".into(), referral: "人民法院".into() },
        Outcome::Unfounded { reason: "已结清".into() },
        Outcome::Merged { into: "QX-330106-20260212-0003".into() },
    ];
    for outcome in outcomes {
        let t = apply(&ordered(), Operation::Resolve { outcome: outcome.clone() }, staff(XIHU), today(), &sample())
            .expect("allowed");
        let worker = ids(&t, &Recipient::Worker);
        assert_eq!(worker[0], "notify-worker-resolved", "{outcome:?}");
        assert_eq!(worker.len(), if outcome.is_paid() { 2 } else { 1 }, "paid outcomes also ask for confirmation");
        assert_eq!(
            ids(&t, &Recipient::Office(id("hz-xihu-zjj"))),
            ["notify-office-resolved"],
            "the co-handler hears too"
        );
        assert_eq!(t.new_state.outcome, Some(outcome));
    }
}

/// Part paid, an advance, a police referral: the wages are still owed, so what the worker reads says
/// the recovery goes on and never that the case is over.
#[test]
fn a_worker_still_owed_wages_is_never_told_the_case_is_over() {
    use crate::i18n::Lang;
    let still_owed = [
        Outcome::PaidInPart { paid_fen: 3_000_000 },
        Outcome::AdvancedFromDeposit { paid_fen: 1_000_000 },
        Outcome::ReferredToPolice { reason: "老板失联".into() },
    ];
    let over: [(Lang, &[&str]); 2] = [
        (Lang::ZhHans, &["办结", "结了", "已销账", "结案", "完毕"]),
        (Lang::En, &["resolved", "is closed", "closed your", "finished", "is over"]),
    ];
    let goes_on = [(Lang::ZhHans, "继续追讨"), (Lang::En, "will be pursued")];
    for outcome in still_owed {
        let t = apply(&ordered(), Operation::Resolve { outcome: outcome.clone() }, staff(XIHU), today(), &sample())
            .expect("allowed");
        for (lang, words) in over {
            let told: Vec<String> = t
                .notifications
                .iter()
                .filter(|n| n.to == Recipient::Worker)
                .map(|n| crate::render::text_for(&sample(), "QX-1", lang, n))
                .collect();
            let told = told.join("\n");
            for word in words {
                assert!(!told.contains(word), "{outcome:?} tells the worker {word:?}: {told}");
            }
            let on = if matches!(outcome, Outcome::ReferredToPolice { .. }) {
                [(Lang::ZhHans, "没有停"), (Lang::En, "goes on")]
            } else {
                goes_on
            };
            let on = on.iter().find(|(l, _)| *l == lang).map(|(_, w)| *w).expect("a language");
            assert!(told.contains(on), "{outcome:?} should say the recovery goes on: {told}");
        }
    }
}

#[test]
fn a_paid_case_closes_only_when_the_worker_confirms_and_is_followed_up() {
    let paid = resolved(Outcome::PaidInFull);
    assert_eq!(paid.status, Status::Resolved);
    let closed = apply(&paid, Operation::ConfirmPaid, Actor::Worker, date(2026, 3, 2), &sample()).expect("allowed");
    assert_eq!(closed.new_state.status, Status::Closed);
    assert_eq!(closed.new_state.followup_on, Some(date(2026, 3, 30)), "28 days later");
    assert_eq!(ids(&closed, &Recipient::Office(id(XIHU))), ["notify-office-payment-confirmed"]);
}

#[test]
fn a_worker_who_was_not_paid_reopens_the_case_and_the_supervisor_hears() {
    let t = apply(
        &resolved(Outcome::PaidInFull),
        Operation::Reopen { reason: "没收到".into() },
        Actor::Worker,
        today(),
        &sample(),
    )
    .expect("allowed");
    assert_eq!(t.new_state.status, Status::Reopened);
    assert_eq!(t.new_state.outcome, None);
    assert_eq!(t.new_state.investigation_due, Some(sample().calendar.add_working_days(today(), 60)));
    assert_eq!(ids(&t, &Recipient::Supervisor(id("hz-qqb"))), ["notify-supervisor-reopened-by-worker"]);
    // Every other claimant has their own notifications: they must not believe the case is finished.
    // The worker who answered is told in the dialogue, so not among them.
    assert_eq!(ids(&t, &Recipient::OtherWorkers), ["notify-worker-reopened-by-coworker"]);
    assert!(ids(&t, &Recipient::Worker).is_empty(), "the answering worker is not told twice");
}

#[test]
fn a_reopening_by_staff_tells_every_worker_and_no_one_of_a_co_worker() {
    let t = apply(
        &resolved(Outcome::PaidInFull),
        Operation::Reopen { reason: "回头看".into() },
        staff(XIHU),
        today(),
        &sample(),
    )
    .expect("allowed");
    assert_eq!(ids(&t, &Recipient::Worker), ["notify-worker-reopened"]);
    assert!(ids(&t, &Recipient::OtherWorkers).is_empty());
}

#[test]
fn answering_a_request_for_information_restarts_the_acceptance_clock() {
    let asked = run(&submitted_in_time(), Operation::RequestInfo { text: "请发欠条照片".into() }, staff(XIHU));
    let t = apply(&asked, Operation::ProvideInfo, Actor::Worker, date(2026, 3, 2), &sample()).expect("allowed");
    assert_eq!(t.new_state.acceptance_from, date(2026, 3, 2));
    assert_eq!(t.new_state.acceptance_due, date(2026, 3, 9));
}

#[test]
fn case_state_and_operations_round_trip_through_json() {
    let s = accepted();
    let json = serde_json::to_string(&s).expect("json");
    assert_eq!(serde_json::from_str::<CaseState>(&json).expect("parses"), s);
    let op = Operation::Transfer { to: id(GONGSHU), reason: "r".into() };
    assert_eq!(serde_json::to_string(&op).expect("json"), r#"{"op":"transfer","to":"hz-gongshu-ldjc","reason":"r"}"#);
}

#[test]
fn every_status_change_by_an_office_reaches_the_worker_naming_the_office() {
    // docs/rules.md, "The case lifecycle": each change of a worker-visible status is pushed to the
    // worker. Changes the worker makes themselves are answered where they make them, except new
    // information, which restarts a clock.
    let paid = || resolved(Outcome::PaidInFull);
    let table = vec![
        (submitted(), Operation::Accept, staff(XIHU)),
        (submitted_in_time(), Operation::RequestInfo { text: "请补充考勤表".into() }, staff(XIHU)),
        (with(Status::NeedInfo, |_| {}), Operation::ProvideInfo, Actor::Worker),
        (submitted(), Operation::Transfer { to: id(GONGSHU), reason: "工地在拱墅区".into() }, staff(XIHU)),
        (accepted(), Operation::StartHandling, staff(XIHU)),
        (accepted(), Operation::Resolve { outcome: Outcome::PaidInFull }, staff(XIHU)),
        (paid(), Operation::Reopen { reason: "老板的钱没到账".into() }, staff(XIHU)),
    ];
    for (state, op, actor) in table {
        let code = op.code();
        let t = apply(&state, op, actor, today(), &sample()).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_ne!(t.new_state.status, state.status, "{code} changes the status");
        let told: Vec<_> = t.notifications.iter().filter(|n| n.to == Recipient::Worker).collect();
        assert!(!told.is_empty(), "{code}: the worker is not told");
        assert!(told[0].args.values().any(|a| matches!(a, Arg::Office(_))), "{code}: {:?} names no office", told[0]);
    }
}

#[test]
fn an_order_to_pay_puts_its_deadline_on_the_case_and_its_expiry_alerts_the_owner() {
    use crate::case::{DeadlineAlert, due_deadline_alerts};
    let d = sample();
    let order = Operation::OrderToPay { amount_fen: 4_500_000, due: date(2026, 3, 12) };
    let t = apply(&accepted(), order, staff(XIHU), today(), &d).expect("allowed");
    assert_eq!(t.new_state.status, Status::Handling);
    let placed = t.new_state.order.clone().expect("the order is on the case");
    assert_eq!((placed.amount_fen, placed.due, placed.issued_on), (4_500_000, date(2026, 3, 12), today()));
    assert_eq!(t.timeline.kind, TimelineKind::OrderedToPay);
    assert_eq!(ids(&t, &Recipient::Worker), ["notify-worker-ordered-to-pay"]);
    let quiet = due_deadline_alerts(&t.new_state, &d, date(2026, 3, 12), &[]);
    assert!(!quiet.iter().any(|a| matches!(a, DeadlineAlert::OrderExpired { .. })), "not on the due day");
    let due = due_deadline_alerts(&t.new_state, &d, date(2026, 3, 13), &[]);
    let expired = DeadlineAlert::OrderExpired { due: date(2026, 3, 12), amount_fen: 4_500_000 };
    assert!(due.contains(&expired), "{due:?}");
    // ¥45,000 unpaid past the order reaches the sample province's threshold (¥30,000): flagged for
    // the police, the supervisor told too; a smaller order only reminds the owner.
    let told = |alert: &DeadlineAlert| {
        let told = alert.notifications(&t.new_state, &d);
        told.iter().map(|n| (n.to.clone(), n.message_id.clone())).collect::<Vec<_>>()
    };
    assert_eq!(
        told(&expired),
        [
            (Recipient::Office(id(XIHU)), "clock-order-expired-police".to_owned()),
            (Recipient::Supervisor(id("hz-qqb")), "clock-order-expired-police".to_owned())
        ]
    );
    let small = DeadlineAlert::OrderExpired { due: date(2026, 3, 12), amount_fen: 2_999_900 };
    assert_eq!(told(&small), [(Recipient::Office(id(XIHU)), "clock-order-expired".to_owned())]);
    let sent = [expired.key()];
    assert!(!due_deadline_alerts(&t.new_state, &d, date(2026, 3, 14), &sent).contains(&expired), "once");
    // With the order in place, a refusal to pay may go to the police.
    let police = Operation::Resolve { outcome: Outcome::ReferredToPolice { reason: "逾期拒不支付".into() } };
    let referred = apply(&t.new_state, police, staff(XIHU), date(2026, 3, 13), &d).expect("allowed");
    // It is no end: the case stays open, the wages still pursued.
    assert_eq!((referred.new_state.status, referred.new_state.outcome.clone()), (Status::Handling, None));
    assert!(referred.new_state.status.is_open());
    assert_eq!(referred.new_state.police.as_ref().map(|p| p.on), Some(date(2026, 3, 13)));
    assert_eq!(referred.timeline.kind, TimelineKind::ReferredToPolice);
    assert_eq!(ids(&referred, &Recipient::Worker), ["notify-worker-referred-to-police"]);
}

#[test]
fn penalties_and_a_blacklist_referral_go_on_the_record_of_an_accepted_case() {
    let d = sample();
    let penalty = Operation::RecordPenalty { amount_fen: 2_000_000, decision: "西人社监罚〔2026〕3号".into() };
    let t = apply(&accepted(), penalty.clone(), staff(XIHU), today(), &d).expect("allowed");
    assert_eq!(t.new_state.penalties.len(), 1);
    assert_eq!((t.new_state.penalties[0].amount_fen, t.new_state.status), (2_000_000, Status::Accepted));
    assert_eq!(t.timeline.kind, TimelineKind::PenaltyRecorded);
    let again = apply(&t.new_state, penalty, staff(XIHU), today(), &d).expect("a second penalty too");
    assert_eq!(again.new_state.penalties.len(), 2);
    let refer = Operation::ReferToBlacklist { reason: "恶意欠薪，逾期拒不支付".into() };
    let listed = apply(&again.new_state, refer.clone(), staff(XIHU), today(), &d).expect("allowed");
    assert_eq!(listed.new_state.blacklist.as_ref().map(|b| b.on), Some(today()));
    assert_eq!(ids(&listed, &Recipient::Supervisor(id("hz-qqb"))), ["notify-office-blacklist-referred"]);
    assert_eq!(
        apply(&listed.new_state, refer, staff(XIHU), today(), &d).err(),
        Some(LifecycleError::AlreadyBlacklisted)
    );
    let before = Operation::RecordPenalty { amount_fen: 1, decision: "x号".into() };
    assert!(apply(&submitted(), before, staff(XIHU), today(), &d).is_err(), "not before acceptance");
    let empty = Operation::RecordPenalty { amount_fen: 0, decision: "西人社监罚".into() };
    assert_eq!(apply(&accepted(), empty, staff(XIHU), today(), &d).err(), Some(LifecycleError::BadPenalty));
    let worker = Operation::ReferToBlacklist { reason: "x".into() };
    assert!(apply(&accepted(), worker, Actor::Worker, today(), &d).is_err(), "staff only");
}

#[test]
fn an_office_already_late_to_accept_cannot_pause_its_clock_by_asking_for_material() {
    let d = sample();
    let case = submitted();
    let due = case.acceptance_due;
    let ask = |today| apply(&case, Operation::RequestInfo { text: "请发欠条照片".into() }, staff(XIHU), today, &d);
    let late = ask(due + Days::new(1)).expect_err("the period lapsed the day before");
    assert_eq!(late, LifecycleError::InfoRequestAfterDue { due });
    assert_eq!(late.message().id, "case-error-info-request-after-due");
    // On the last day the wait is allowed, and the decision falls on a working day after it.
    let asked = ask(due).expect("on the last day");
    let resumed = asked.new_state.acceptance_due;
    assert!(d.calendar.is_working_day(resumed), "{resumed} is a working day");
    assert!(resumed >= due + Days::new(u64::from(d.campaign.need_info_max_days)), "{resumed}");
}
