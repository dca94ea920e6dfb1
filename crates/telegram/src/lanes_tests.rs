use std::time::Duration;

use super::*;
use crate::budget::Limits;
use wagedesk_core::intake::Keyboard;

/// The per-chat limit without bursts, so every second message of a chat waits.
fn one_a_second() -> Limits {
    Limits { private_chat: crate::budget::Window::new(1, Duration::from_secs(1)), ..Limits::default() }
}

fn row(id: i64, chat_id: i64, priority: Priority, now: Instant) -> Row {
    let outgoing = Outgoing::Send { chat_id, text: format!("#{id}"), keyboard: Keyboard::None };
    Row { id, chat_id, priority, outgoing: Ok(outgoing), attempts: 0, not_before: now }
}

fn answer(id: i64, chat_id: i64, now: Instant) -> Row {
    let outgoing = Outgoing::AnswerCallback { callback_id: format!("q{id}"), text: None, alert: false };
    Row { id, chat_id, priority: Priority::Reply, outgoing: Ok(outgoing), attempts: 0, not_before: now }
}

fn ids(picked: &[(Row, Ticket)]) -> Vec<i64> {
    picked.iter().map(|(r, _)| r.id).collect()
}

#[test]
fn a_chat_sends_one_row_at_a_time_in_order() {
    let now = Instant::now();
    let mut lanes = Lanes::default();
    let mut budget = Budget::new(one_a_second());
    for id in 1..=3 {
        lanes.add(row(id, 7, Priority::Notification, now));
    }
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [1]);
    // In flight: nothing more for this chat, even with budget to spare.
    assert!(lanes.pick(&mut budget, now).0.is_empty());
    for (_, ticket) in picked {
        budget.settle(ticket, now);
    }
    lanes.landed(7, Next::Retry { not_before: now + Duration::from_secs(5) });
    let (picked, wake) = lanes.pick(&mut budget, now + Duration::from_secs(2));
    assert!(picked.is_empty(), "row 2 must not overtake row 1");
    assert_eq!(wake, Some(now + Duration::from_secs(5)));
    let (picked, _) = lanes.pick(&mut budget, now + Duration::from_secs(5));
    assert_eq!(ids(&picked), [1]);
    assert_eq!(picked[0].0.attempts, 1);
}

#[test]
fn replies_go_before_older_notifications_when_the_budget_is_short() {
    let now = Instant::now();
    let mut lanes = Lanes::default();
    let mut budget = Budget::new(one_a_second());
    for id in 1..=100 {
        lanes.add(row(id, 1000 + id, Priority::Notification, now));
    }
    lanes.add(row(101, 7, Priority::Reply, now));
    lanes.add(answer(102, 8, now));
    let (picked, wake) = lanes.pick(&mut budget, now);
    let picked = ids(&picked);
    assert_eq!(picked.len(), 31, "30 messages and one free answer");
    assert_eq!(picked[..2], [102, 101]);
    assert_eq!(picked[2..], (1..=29).collect::<Vec<_>>()[..]);
    assert_eq!(wake, None, "only an answer frees the overall budget now");
}

#[test]
fn a_lane_that_is_done_hands_on_to_its_next_row() {
    let now = Instant::now();
    let mut lanes = Lanes::default();
    let mut budget = Budget::new(one_a_second());
    lanes.add(answer(1, 7, now));
    lanes.add(row(2, 7, Priority::Reply, now));
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [1]);
    lanes.landed(7, Next::Done);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [2]);
    lanes.landed(7, Next::Done);
    assert!(lanes.is_empty());
    assert_eq!(lanes.last_id(), 2);
}

#[test]
fn a_chat_over_its_own_limit_waits_while_others_go() {
    let now = Instant::now();
    let mut lanes = Lanes::default();
    let mut budget = Budget::new(one_a_second());
    lanes.add(row(1, 7, Priority::Notification, now));
    lanes.add(row(2, 7, Priority::Notification, now));
    let (picked, _) = lanes.pick(&mut budget, now);
    for (_, ticket) in picked {
        budget.settle(ticket, now + Duration::from_millis(3));
    }
    lanes.landed(7, Next::Done);
    lanes.add(row(3, 8, Priority::Notification, now));
    let (picked, wake) = lanes.pick(&mut budget, now + Duration::from_millis(10));
    assert_eq!(ids(&picked), [3]);
    assert_eq!(wake, Some(now + Duration::from_millis(1003)));
}
