//! Ownership clocks that cannot be gamed (issue 14, item 5): a transfer gives the receiving office
//! its own acceptance period, waiting for material pauses the acceptance clock only so long, a
//! misrouted case must be passed on; and material may be asked for at any open stage (item 8).

use chrono::NaiveDate;

use super::*;
use crate::deployment::testing::{date, id, sample};
use crate::deployment::{Deployment, OfficeId};
use crate::domain::sector::Sector;
use crate::routing::{RoutingInput, assign_office};

const XIHU: &str = "hz-xihu-ldjc";
const GONGSHU: &str = "hz-gongshu-ldjc";

fn staff(office: &str) -> Actor {
    Actor::Staff { office: id(office), user: "u1".into() }
}

/// A building-site complaint in Xihu submitted on Monday 2 March 2026: acceptance due Monday 9 March.
fn submitted() -> CaseState {
    testing::xihu_building_case(date(2026, 3, 2), &sample())
}

fn step(state: &CaseState, op: Operation, actor: Actor, on: NaiveDate) -> Transition {
    apply(state, op, actor, on, &sample()).unwrap_or_else(|e| panic!("refused: {e}"))
}

fn ask(state: &CaseState, on: NaiveDate) -> CaseState {
    step(state, Operation::RequestInfo { text: "请补充考勤表照片".into() }, staff(state.owner.as_str()), on).new_state
}

fn transfer(state: &CaseState, to: &str, on: NaiveDate) -> Transition {
    let op = Operation::Transfer { to: id(to), reason: "工地不在本区".into() };
    step(state, op, staff(state.owner.as_str()), on)
}

/// Every alert the scanner sends from `first` to `last`, scanning three times a day like the scheduler.
fn scan(state: &CaseState, d: &Deployment, first: NaiveDate, last: NaiveDate) -> Vec<(NaiveDate, DeadlineAlert)> {
    let mut sent: Vec<String> = Vec::new();
    let mut log = Vec::new();
    for day in first.iter_days().take_while(|x| *x <= last) {
        for _ in 0..3 {
            for alert in due_deadline_alerts(state, d, day, &sent) {
                sent.push(alert.key());
                log.push((day, alert));
            }
        }
    }
    log
}

fn to(notes: &[Notification]) -> Vec<(Recipient, &str)> {
    notes.iter().map(|n| (n.to.clone(), n.message_id.as_str())).collect()
}

#[test]
fn a_transfer_before_acceptance_gives_the_receiving_office_five_working_days_from_the_transfer() {
    // Xihu sat on it past its own due date (9 March) and passes it on on Thursday 12 March.
    let t = transfer(&submitted(), GONGSHU, date(2026, 3, 12));
    let s = &t.new_state;
    assert_eq!((s.acceptance_from, s.acceptance_due), (date(2026, 3, 12), date(2026, 3, 19)));
    assert_eq!(s.owned_since(), date(2026, 3, 12));
    assert_eq!(running_deadline(s).map(|c| c.due), Some(date(2026, 3, 19)));
    let worker = t.notifications.iter().find(|n| n.to == Recipient::Worker).expect("the worker is told");
    assert_eq!(worker.args.get("due"), Some(&Arg::Date(date(2026, 3, 19))));
    let office = t.notifications.iter().find(|n| n.to == Recipient::Office(id(GONGSHU))).expect("told");
    assert_eq!(office.args.get("due"), Some(&Arg::Date(date(2026, 3, 19))));
    // The old office's overdue days do not follow the case: nothing is due at Gongshu before the 19th.
    assert!(scan(s, &sample(), date(2026, 3, 12), date(2026, 3, 16)).is_empty());
}

#[test]
fn a_transfer_after_acceptance_keeps_the_investigation_period() {
    let accepted = step(&submitted(), Operation::Accept, staff(XIHU), date(2026, 3, 3)).new_state;
    let t = transfer(&accepted, GONGSHU, date(2026, 3, 20));
    assert_eq!(running_deadline(&t.new_state), running_deadline(&accepted));
    let worker = t.notifications.iter().find(|n| n.to == Recipient::Worker).expect("the worker is told");
    assert_eq!(worker.message_id, "notify-worker-transferred-accepted");
    assert_eq!(worker.args.get("due"), accepted.investigation_due.map(Arg::Date).as_ref());
    let office: Vec<_> =
        to(&t.notifications).into_iter().filter(|(r, _)| *r == Recipient::Office(id(GONGSHU))).collect();
    assert_eq!(office, [(Recipient::Office(id(GONGSHU)), "notify-office-transferred-in-accepted")]);
}

#[test]
fn waiting_for_material_pauses_the_acceptance_clock_until_the_maximum_then_it_runs_with_the_days_it_had_left() {
    let d = sample();
    // Asked on Wednesday 4 March with three working days left (5, 6 and 9 March).
    let asked = ask(&submitted(), date(2026, 3, 4));
    assert_eq!(asked.status, Status::NeedInfo);
    assert_eq!(asked.info_requested_on, Some(date(2026, 3, 4)));
    // 15 calendar days later, on 19 March, the clock runs again: 20, 23 and 24 March.
    assert_eq!((asked.acceptance_from, asked.acceptance_due), (date(2026, 3, 19), date(2026, 3, 24)));
    assert_eq!(running_deadline(&asked), None, "the clock waits");
    assert_eq!(deadline_on(&asked, date(2026, 3, 18)), None);
    assert_eq!(deadline_on(&asked, date(2026, 3, 19)).map(|c| c.due), Some(date(2026, 3, 24)));

    let log = scan(&asked, &d, date(2026, 3, 4), date(2026, 3, 25));
    let resumes = Some(date(2026, 3, 19));
    let expected = vec![
        (date(2026, 3, 11), DeadlineAlert::NeedInfoReminder { requested_on: date(2026, 3, 4), resumes }),
        (
            date(2026, 3, 19),
            DeadlineAlert::NeedInfoExpired { requested_on: date(2026, 3, 4), days: 15, due: date(2026, 3, 24) },
        ),
        (
            date(2026, 3, 23),
            DeadlineAlert::PreWarning { clock: DeadlineKind::Acceptance, due: date(2026, 3, 24), transferred_to: None },
        ),
        (
            date(2026, 3, 25),
            DeadlineAlert::Escalation {
                clock: DeadlineKind::Acceptance,
                due: date(2026, 3, 24),
                day: date(2026, 3, 25),
                working_days_overdue: 1,
            },
        ),
    ];
    assert_eq!(log, expected);
    assert_eq!(to(&log[0].1.notifications(&asked, &d)), [(Recipient::Worker, "notify-worker-need-info-reminder")]);
    let told = log[1].1.notifications(&asked, &d);
    assert_eq!(to(&told), [(Recipient::Office(id(XIHU)), "clock-need-info-expired")]);
    assert_eq!(told[0].args.get("days"), Some(&Arg::Count(15)));
}

#[test]
fn the_longest_wait_for_material_is_the_deployments() {
    let mut d = sample();
    d.campaign.need_info_max_days = 10;
    let t = apply(&submitted(), Operation::RequestInfo { text: "x".into() }, staff(XIHU), date(2026, 3, 4), &d);
    let asked = t.expect("allowed").new_state;
    assert_eq!(asked.acceptance_from, date(2026, 3, 14));
    let reminded: Vec<_> = scan(&asked, &d, date(2026, 3, 4), date(2026, 3, 13))
        .into_iter()
        .filter(|(_, a)| matches!(a, DeadlineAlert::NeedInfoReminder { .. }))
        .map(|(day, _)| day)
        .collect();
    assert_eq!(reminded, [date(2026, 3, 9)], "halfway");
}

#[test]
fn asking_again_while_waiting_does_not_extend_the_wait() {
    let first = ask(&submitted(), date(2026, 3, 4));
    let again = ask(&first, date(2026, 3, 16));
    assert_eq!(again.info_requested_on, first.info_requested_on);
    assert_eq!((again.acceptance_from, again.acceptance_due), (first.acceptance_from, first.acceptance_due));
}

#[test]
fn material_that_arrives_in_time_starts_a_fresh_acceptance_period_and_ends_the_wait() {
    let asked = ask(&submitted(), date(2026, 3, 4));
    let t = step(&asked, Operation::ProvideInfo, Actor::Worker, date(2026, 3, 10));
    let s = &t.new_state;
    assert_eq!(
        (s.status, s.acceptance_from, s.acceptance_due),
        (Status::Submitted, date(2026, 3, 10), date(2026, 3, 17))
    );
    assert_eq!(s.info_requested_on, None);
    assert!(scan(s, &sample(), date(2026, 3, 10), date(2026, 3, 12)).is_empty(), "no reminder for material received");
}

#[test]
fn material_can_be_asked_for_after_acceptance_without_stopping_the_investigation_clock() {
    let accepted = step(&submitted(), Operation::Accept, staff(XIHU), date(2026, 3, 3)).new_state;
    let handling = step(&accepted, Operation::StartHandling, staff(XIHU), date(2026, 3, 4)).new_state;
    let t = step(&handling, Operation::RequestInfo { text: "请补充工资条".into() }, staff(XIHU), date(2026, 3, 10));
    let asked = &t.new_state;
    assert_eq!((asked.status, asked.resume_status), (Status::NeedInfo, Some(Status::Handling)));
    assert_eq!(running_deadline(asked), running_deadline(&handling), "the investigation clock runs on");
    assert_eq!((asked.acceptance_from, asked.acceptance_due), (handling.acceptance_from, handling.acceptance_due));
    assert_eq!(to(&t.notifications), [(Recipient::Worker, "notify-worker-need-info")]);

    // Reminded halfway; the office is not told to decide on acceptance: it already did.
    let log = scan(asked, &sample(), date(2026, 3, 10), date(2026, 4, 10));
    let waits: Vec<_> = log.iter().filter(|(_, a)| !matches!(a, DeadlineAlert::PreWarning { .. })).collect();
    assert_eq!(
        waits,
        [&(date(2026, 3, 17), DeadlineAlert::NeedInfoReminder { requested_on: date(2026, 3, 10), resumes: None })]
    );
    let reminder = waits[0].1.notifications(asked, &sample());
    assert_eq!(to(&reminder), [(Recipient::Worker, "notify-worker-need-info-reminder-investigating")]);

    // The answer returns the case to where it was.
    let answered = step(asked, Operation::ProvideInfo, Actor::Worker, date(2026, 3, 12));
    assert_eq!((answered.new_state.status, answered.new_state.resume_status), (Status::Handling, None));
    assert_eq!(answered.new_state.info_requested_on, None);
    assert_eq!(running_deadline(&answered.new_state), running_deadline(&handling));
    assert_eq!(
        to(&answered.notifications),
        [
            (Recipient::Office(id(XIHU)), "notify-office-info-provided-investigating"),
            (Recipient::Worker, "notify-worker-info-received-investigating"),
        ]
    );
}

#[test]
fn an_order_to_pay_while_waiting_for_material_returns_the_case_to_handling() {
    let accepted = step(&submitted(), Operation::Accept, staff(XIHU), date(2026, 3, 3)).new_state;
    let asked = ask(&accepted, date(2026, 3, 4));
    assert_eq!(asked.resume_status, Some(Status::Accepted));
    let order = Operation::OrderToPay { amount_fen: 100_000, due: date(2026, 3, 20) };
    let ordered = step(&asked, order, staff(XIHU), date(2026, 3, 5)).new_state;
    let answered = step(&ordered, Operation::ProvideInfo, Actor::Worker, date(2026, 3, 6)).new_state;
    assert_eq!(answered.status, Status::Handling);
}

/// A complaint from a county no office of the deployment covers: it lands at the default intake office.
fn misrouted() -> CaseState {
    let d = sample();
    let input = RoutingInput {
        project: None,
        worksite_county: Some("110105".into()),
        sector: Some(Sector::Building),
        construction_cause: false,
        township: None,
        employer_kind: None,
    };
    open_case(&assign_office(&input, &d), date(2026, 3, 2), &d).state
}

#[test]
fn a_case_outside_its_owners_jurisdiction_must_be_passed_on_and_its_supervisor_hears_once_if_not() {
    let d = sample();
    let s = misrouted();
    assert_eq!((s.owner.as_str(), s.worksite_county.as_deref()), (XIHU, Some("110105")));
    assert_eq!(pass_on_due(&s, &d), Some(date(2026, 3, 4)), "two working days");
    let log = scan(&s, &d, date(2026, 3, 2), date(2026, 3, 6));
    let not_passed: Vec<_> = log.iter().filter(|(_, a)| matches!(a, DeadlineAlert::NotPassedOn { .. })).collect();
    let alert = DeadlineAlert::NotPassedOn { owner: id(XIHU), county: "110105".into(), due: date(2026, 3, 4) };
    assert_eq!(not_passed, [&(date(2026, 3, 5), alert.clone())]);
    let told = alert.notifications(&s, &d);
    assert_eq!(to(&told), [(Recipient::Supervisor(id("hz-qqb")), "clock-not-passed-on")]);
    assert_eq!(told[0].args.get("county"), Some(&Arg::County("110105".into())));
}

#[test]
fn a_case_in_its_owners_area_has_no_pass_on_deadline_and_a_wrong_transfer_starts_one() {
    let d = sample();
    assert_eq!(pass_on_due(&submitted(), &d), None);
    // Xihu's case sent to Gongshu, whose jurisdiction does not cover Xihu: two working days from the transfer.
    let moved = transfer(&submitted(), GONGSHU, date(2026, 3, 5)).new_state;
    assert_eq!(pass_on_due(&moved, &d), Some(date(2026, 3, 9)));
    let sent_back = transfer(&moved, XIHU, date(2026, 3, 6)).new_state;
    assert_eq!(pass_on_due(&sent_back, &d), None);
    let closed = step(&misrouted(), Operation::Resolve { outcome: not_accepted() }, staff(XIHU), date(2026, 3, 3));
    assert_eq!(pass_on_due(&closed.new_state, &d), None, "a closed case is not passed on");
}

fn not_accepted() -> Outcome {
    Outcome::NotAccepted {
        reason: "工地不在本市".into(), referral: "工地所在地的劳动保障监察机构".into()
    }
}

#[test]
fn a_case_stored_before_the_clock_fields_still_loads() {
    let mut json: serde_json::Value = serde_json::to_value(submitted()).expect("json");
    let map = json.as_object_mut().expect("an object");
    for key in ["worksite_county", "owned_from", "info_requested_on", "resume_status"] {
        assert!(map.remove(key).is_some(), "{key} is stored");
    }
    let old: CaseState = serde_json::from_value(json).expect("an old row loads");
    assert_eq!(old.owned_since(), old.submitted_on);
    assert_eq!(pass_on_due(&old, &sample()), None);
    let office = OfficeId::parse(XIHU).expect("id");
    assert_eq!(old.owner, office);
}
