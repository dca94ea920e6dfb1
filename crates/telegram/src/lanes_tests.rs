use std::time::Duration;

use super::*;
use crate::budget::Limits;
use wagedesk_core::intake::Keyboard;
use wagedesk_core::outgoing::StaffOp;

/// The per-chat limit without bursts, so every second message of a chat waits.
fn one_a_second() -> Limits {
    Limits { private_chat: crate::budget::Window::new(1, Duration::from_secs(1)), ..Limits::default() }
}

fn row(id: i64, chat_id: i64, priority: Priority, now: Instant) -> Row {
    let outgoing = Outgoing::Send { chat_id, text: format!("#{id}"), keyboard: Keyboard::None };
    Row::new(id, chat_id, priority, Ok(outgoing), 0, now)
}

fn answer(id: i64, chat_id: i64, now: Instant) -> Row {
    let outgoing = Outgoing::AnswerCallback { callback_id: format!("q{id}"), text: None, alert: false };
    Row::new(id, chat_id, Priority::Reply, Ok(outgoing), 0, now)
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
        lanes.add(row(id, 7, Priority::Notification, now), now);
    }
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [1]);
    // In flight: nothing more for this chat, even with budget to spare.
    assert!(lanes.pick(&mut budget, now).0.is_empty());
    for (_, ticket) in picked {
        budget.settle(ticket, now);
    }
    lanes.landed((7, Track::Chat), Next::Retry { not_before: now + Duration::from_secs(5) });
    let (picked, wake) = lanes.pick(&mut budget, now + Duration::from_secs(2));
    assert!(picked.is_empty(), "row 2 must not overtake row 1");
    assert_eq!(wake, Some(now + Duration::from_secs(5)));
    let (picked, _) = lanes.pick(&mut budget, now + Duration::from_secs(5));
    assert_eq!(ids(&picked), [1]);
    assert_eq!(picked[0].0.attempts, 1);
}

fn close(id: i64, chat_id: i64, message_id: i32, now: Instant) -> Row {
    let outgoing = Outgoing::CloseKeyboard { chat_id, message_id, text: Some(format!("#{id}")) };
    Row::new(id, chat_id, Priority::Reply, Ok(outgoing), 0, now)
}

#[test]
fn a_pressed_keyboard_closes_beside_the_reply_and_two_closes_of_one_message_keep_their_order() {
    let now = Instant::now();
    let mut lanes = Lanes::default();
    let mut budget = Budget::new(Limits::default());
    lanes.add(close(1, 7, 40, now), now);
    lanes.add(row(2, 7, Priority::Reply, now), now);
    lanes.add(close(3, 7, 40, now), now);
    lanes.add(close(4, 7, 41, now), now);
    lanes.add(row(5, 7, Priority::Reply, now), now);
    let (picked, _) = lanes.pick(&mut budget, now);
    let mut picked = ids(&picked);
    picked.sort_unstable();
    assert_eq!(picked, [1, 2, 4], "the next question waits for no edit; message 40's second close waits");
    lanes.landed((7, Track::Edit(40)), Next::Done);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [3]);
    lanes.landed((7, Track::Chat), Next::Done);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [5], "the chat's own messages stay in order");
}

#[test]
fn replies_go_before_older_notifications_when_the_budget_is_short() {
    let now = Instant::now();
    let mut lanes = Lanes::default();
    let mut budget = Budget::new(one_a_second());
    for id in 1..=100 {
        lanes.add(row(id, 1000 + id, Priority::Notification, now), now);
    }
    lanes.add(row(101, 7, Priority::Reply, now), now);
    lanes.add(answer(102, 8, now), now);
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
    lanes.add(row(1, 7, Priority::Reply, now), now);
    lanes.add(row(2, 7, Priority::Reply, now), now);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [1]);
    for (_, ticket) in picked {
        budget.settle(ticket, now);
    }
    lanes.landed((7, Track::Chat), Next::Done);
    let (picked, _) = lanes.pick(&mut budget, now + Duration::from_secs(1));
    assert_eq!(ids(&picked), [2]);
    lanes.landed((7, Track::Chat), Next::Done);
    assert!(lanes.is_empty());
    assert_eq!(lanes.last_id(), 2);
}

#[test]
fn a_chat_over_its_own_limit_waits_while_others_go() {
    let now = Instant::now();
    let mut lanes = Lanes::default();
    let mut budget = Budget::new(one_a_second());
    lanes.add(row(1, 7, Priority::Notification, now), now);
    lanes.add(row(2, 7, Priority::Notification, now), now);
    let (picked, _) = lanes.pick(&mut budget, now);
    for (_, ticket) in picked {
        budget.settle(ticket, now + Duration::from_millis(3));
    }
    lanes.landed((7, Track::Chat), Next::Done);
    lanes.add(row(3, 8, Priority::Notification, now), now);
    let (picked, wake) = lanes.pick(&mut budget, now + Duration::from_millis(10));
    assert_eq!(ids(&picked), [3]);
    assert_eq!(wake, Some(now + Duration::from_millis(1003)));
}

const GROUP: i64 = -100;

/// The tests' one starting instant, so rows made anywhere in a test are due at its start.
fn t0() -> Instant {
    static T0: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);
    *T0
}

/// Telegram's limits: 20 a minute in a group, with `reserve` of them kept from relays and files.
fn group_budget(reserve: u32) -> Budget {
    Budget::new(Limits::default()).with_group_reserve(reserve)
}

fn staff(id: i64, op: StaffOp) -> Row {
    Row::new(id, GROUP, Priority::Notification, Ok(Outgoing::Staff { chat_id: GROUP, op }), 0, t0())
}

fn relay(id: i64, case: i64, text: &str) -> Row {
    staff(id, StaffOp::Relay { complaint_id: case, office: "o".into(), text: text.into(), from_chat: None })
}

fn card(id: i64, case: i64) -> Row {
    let text = format!("card {case}");
    staff(id, StaffOp::Post { complaint_id: case, office: "o".into(), text, keyboard: Keyboard::None, card: true })
}

fn edit(id: i64, case: i64, text: &str) -> Row {
    staff(id, StaffOp::EditCard { complaint_id: case, office: "o".into(), text: text.into(), keyboard: Keyboard::None })
}

fn receipt(id: i64, chat_id: i64, text: &str, now: Instant) -> Row {
    Row::new(id, chat_id, Priority::Reply, Ok(Outgoing::Receipt { chat_id, text: text.into() }), 0, now)
}

/// Sends everything picked and records it as sent at `at`.
fn land_all(lanes: &mut Lanes, budget: &mut Budget, picked: Vec<(Row, Ticket)>, at: Instant) {
    for (row, ticket) in picked {
        budget.settle(ticket, at);
        lanes.landed(row.lane(), Next::Done);
    }
}

#[test]
fn a_button_answer_goes_at_once_in_a_group_whose_budget_is_spent() {
    let now = t0();
    let mut lanes = Lanes::default();
    let mut budget = group_budget(0);
    for id in 1..=25 {
        lanes.add(card(id, id), now);
    }
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(picked.len(), 20, "a group takes 20 a minute");
    land_all(&mut lanes, &mut budget, picked, now);
    assert!(lanes.pick(&mut budget, now).0.is_empty(), "the group's minute is spent");
    lanes.add(answer(26, GROUP, now), now);
    lanes.add(answer(27, GROUP, now), now);
    let (picked, wake) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [26, 27], "answers wait behind no chat and no other answer");
    // Nor behind a 429 Telegram gave the group's messages.
    budget.refused(GROUP, Duration::from_secs(30), now);
    lanes.add(answer(28, GROUP, now), now);
    assert_eq!(ids(&lanes.pick(&mut budget, now).0), [28]);
    assert_eq!(wake, Some(now + Duration::from_secs(60)), "the cards go when the minute is over");
}

#[test]
fn a_new_case_goes_ahead_of_another_cases_relays_within_the_groups_reserve() {
    let now = t0();
    let mut lanes = Lanes::default();
    let mut budget = group_budget(5);
    // Case 1's worker writes on and on, each relay read after the one before went (so none batch);
    // case 1's own card went long ago.
    let mut t = now;
    for id in 1..=16 {
        lanes.add(relay(id, 1, &format!("#{id}")), t);
        let (picked, _) = lanes.pick(&mut budget, t);
        if id <= 15 {
            assert_eq!(ids(&picked), [id]);
        } else {
            assert!(picked.is_empty(), "relays keep 5 of the group's 20 a minute free");
        }
        land_all(&mut lanes, &mut budget, picked, t);
        t += Duration::from_millis(300);
    }
    lanes.add(card(17, 2), t);
    lanes.add(relay(18, 3, "a third case"), t);
    let (picked, wake) = lanes.pick(&mut budget, t);
    assert_eq!(ids(&picked), [17], "the new case's card goes at once");
    // 16 sends in the window now (the card counts too): relays wait until the second one ages out.
    assert_eq!(wake, Some(now + Duration::from_millis(300) + Duration::from_secs(60)));
}

#[test]
fn relays_of_one_case_go_as_one_post_after_the_burst_gathered() {
    let now = t0();
    let mut lanes = Lanes::new(LaneOptions { gather: Duration::from_secs(2), ..LaneOptions::default() });
    let mut budget = group_budget(5);
    lanes.add(card(1, 7), now);
    for (id, text) in [(2, "a"), (3, "b"), (4, "c")] {
        lanes.add(relay(id, 7, text), now + Duration::from_millis(100 * id as u64));
    }
    lanes.add(relay(5, 8, "other case"), now);
    let (picked, wake) = lanes.pick(&mut budget, now + Duration::from_millis(500));
    assert_eq!(ids(&picked), [1], "the card first; the relays gather");
    assert_eq!(wake, Some(now + Duration::from_secs(2)), "case 8's relay gathers from when it was read");
    land_all(&mut lanes, &mut budget, picked, now + Duration::from_millis(500));
    let (picked, _) = lanes.pick(&mut budget, now + Duration::from_millis(2200));
    assert_eq!(ids(&picked), [2, 5], "one send per case");
    let (one, _) = &picked[0];
    assert_eq!(one.carries, [3, 4]);
    assert_eq!(one.ids(), [2, 3, 4]);
    let Ok(Outgoing::Staff { op: StaffOp::Relay { text, .. }, .. }) = &one.outgoing else { panic!("a relay") };
    assert_eq!(text, "a\nb\nc");
    land_all(&mut lanes, &mut budget, picked, now + Duration::from_millis(2300));
    assert!(lanes.is_empty(), "the carried rows are done with the send");
}

#[test]
fn a_batch_stops_at_the_message_limit_and_at_anything_but_a_relay() {
    let now = t0();
    let mut lanes = Lanes::default();
    let mut budget = group_budget(5);
    let long = "字".repeat(3000);
    lanes.add(relay(1, 7, &long), now);
    lanes.add(relay(2, 7, &long), now);
    lanes.add(relay(3, 7, "short"), now);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert!(picked[0].0.carries.is_empty(), "4096 characters at most");
    land_all(&mut lanes, &mut budget, picked, now);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(picked[0].0.ids(), [2, 3]);
    land_all(&mut lanes, &mut budget, picked, now);
    lanes.add(relay(4, 7, "x"), now);
    lanes.add(
        staff(
            5,
            StaffOp::Post {
                complaint_id: 7,
                office: "o".into(),
                text: "staff".into(),
                keyboard: Keyboard::None,
                card: false,
            },
        ),
        now,
    );
    lanes.add(relay(6, 7, "y"), now);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(picked[0].0.ids(), [4], "a staff post in between keeps its place");
}

#[test]
fn a_batch_of_relays_holds_one_workers_words() {
    let now = t0();
    let mut lanes = Lanes::default();
    let mut budget = group_budget(5);
    let from = |id: i64, chat: i64| {
        staff(
            id,
            StaffOp::Relay { complaint_id: 7, office: "o".into(), text: format!("w{chat}"), from_chat: Some(chat) },
        )
    };
    for (id, chat) in [(1, 100), (2, 100), (3, 200), (4, 100)] {
        lanes.add(from(id, chat), now);
    }
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(picked[0].0.ids(), [1, 2], "a reply to the message answers the worker who wrote all of it");
    land_all(&mut lanes, &mut budget, picked, now);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(picked[0].0.ids(), [3]);
}

#[test]
fn equal_receipts_in_a_row_go_once_and_a_different_one_stays() {
    let now = t0();
    let mut lanes = Lanes::new(LaneOptions { gather: Duration::from_secs(3), ..LaneOptions::default() });
    let mut budget = Budget::new(Limits::default());
    lanes.add(receipt(1, 9, "sent to Xihu (QX-1)", now), now);
    lanes.add(receipt(2, 9, "sent to Xihu (QX-1)", now), now + Duration::from_secs(1));
    lanes.add(receipt(3, 9, "sent to Xihu (QX-2)", now), now + Duration::from_secs(1));
    let (picked, wake) = lanes.pick(&mut budget, now + Duration::from_secs(1));
    assert!(picked.is_empty(), "a receipt waits for the rest of the burst");
    assert_eq!(wake, Some(now + Duration::from_secs(3)));
    let (picked, _) = lanes.pick(&mut budget, now + Duration::from_secs(3));
    assert_eq!(picked[0].0.ids(), [1, 2]);
    land_all(&mut lanes, &mut budget, picked, now + Duration::from_secs(3));
    let (picked, _) = lanes.pick(&mut budget, now + Duration::from_secs(4));
    assert_eq!(ids(&picked), [3], "another case's receipt is its own");
}

#[test]
fn a_card_is_edited_once_a_minute_with_the_newest_text_and_never_before_it_is_posted() {
    let now = t0();
    let minute = Duration::from_secs(60);
    let mut lanes = Lanes::new(LaneOptions { card_every: minute, ..LaneOptions::default() });
    let mut budget = group_budget(5);
    lanes.add(card(1, 7), now);
    lanes.add(edit(2, 7, "v1"), now);
    lanes.add(edit(3, 7, "v2"), now);
    let (picked, wake) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [1], "no edit before the card exists");
    assert_eq!(wake, None, "the card's landing wakes the edits");
    land_all(&mut lanes, &mut budget, picked, now);
    let (picked, _) = lanes.pick(&mut budget, now);
    let (sent, _) = &picked[0];
    assert_eq!(sent.ids(), [2, 3]);
    let Ok(Outgoing::Staff { op: StaffOp::EditCard { text, .. }, .. }) = &sent.outgoing else { panic!("an edit") };
    assert_eq!(text, "v2", "the newest wins");
    land_all(&mut lanes, &mut budget, picked, now);
    for id in 4..=6 {
        lanes.add(edit(id, 7, &format!("v{id}")), now + Duration::from_secs(10));
    }
    let (picked, wake) = lanes.pick(&mut budget, now + Duration::from_secs(10));
    assert!(picked.is_empty());
    assert_eq!(wake, Some(now + minute));
    // A failed attempt does not count as an edit: the retry's own wait applies.
    let (picked, _) = lanes.pick(&mut budget, now + minute);
    assert_eq!(picked[0].0.ids(), [4, 5, 6]);
    for (row, ticket) in picked {
        budget.settle(ticket, now + minute);
        lanes.landed(row.lane(), Next::Retry { not_before: now + minute + Duration::from_secs(2) });
    }
    let (picked, _) = lanes.pick(&mut budget, now + minute + Duration::from_secs(2));
    assert_eq!(picked[0].0.ids(), [4, 5, 6]);
    land_all(&mut lanes, &mut budget, picked, now + minute + Duration::from_secs(2));
    assert!(lanes.is_empty(), "nothing is held back for ever");
}

#[test]
fn a_card_given_up_still_lets_its_edits_go() {
    let now = t0();
    let mut lanes = Lanes::new(LaneOptions { card_every: Duration::from_secs(60), ..LaneOptions::default() });
    let mut budget = group_budget(5);
    lanes.add(card(1, 7), now);
    lanes.add(edit(2, 7, "erased"), now);
    let (picked, _) = lanes.pick(&mut budget, now);
    // Refused for good: recorded as done like a send.
    land_all(&mut lanes, &mut budget, picked, now);
    let (picked, _) = lanes.pick(&mut budget, now);
    assert_eq!(ids(&picked), [2]);
}

#[test]
fn a_cases_posts_keep_their_order_behind_its_card() {
    let now = t0();
    let mut lanes = Lanes::default();
    let mut budget = group_budget(5);
    lanes.add(staff(1, StaffOp::CreateTopic { complaint_id: 7, office: "o".into(), name: "QX-1".into() }), now);
    lanes.add(card(2, 7), now);
    lanes.add(relay(3, 7, "a"), now);
    lanes.add(
        staff(4, StaffOp::Reply { text: "/cases".into(), reply_to: None, thread_id: None, keyboard: Keyboard::None }),
        now,
    );
    let mut order = Vec::new();
    for _ in 0..4 {
        let (picked, _) = lanes.pick(&mut budget, now);
        order.extend(ids(&picked));
        land_all(&mut lanes, &mut budget, picked, now);
    }
    assert_eq!(order, [1, 4, 2, 3], "the group's other replies do not wait for the case");
}
