use super::*;

const S: Duration = Duration::from_secs(1);

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The per-chat limit without bursts, so every second message of a chat waits.
fn one_a_second() -> Limits {
    Limits { private_chat: Window::new(1, S), ..Limits::default() }
}

#[test]
fn by_default_a_private_chat_may_send_a_pair_at_once_and_averages_one_a_second() {
    let t0 = Instant::now();
    let mut b = Budget::new(Limits::default());
    let first = send(&mut b, 7, Cost::ChatAndOverall, t0, ms(10));
    send(&mut b, 7, Cost::ChatAndOverall, first, ms(10));
    // The third waits until the first has left the two-second window.
    assert_eq!(b.ready(7, Cost::ChatAndOverall, t0 + ms(100)), Ready::At(first + 2 * S));
}

/// Sends one row the moment it is allowed and answers it `latency` later.
fn send(b: &mut Budget, chat: i64, cost: Cost, now: Instant, latency: Duration) -> Instant {
    assert_eq!(b.ready(chat, cost, now), Ready::Now, "chat {chat} at {now:?}");
    let t = b.reserve(chat, cost);
    b.settle(t, now + latency);
    now + latency
}

#[test]
fn a_private_chat_gets_one_message_a_second_counted_from_the_answer() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    let answered = send(&mut b, 7, Cost::ChatAndOverall, t0, ms(40));
    assert_eq!(b.ready(7, Cost::ChatAndOverall, t0 + ms(100)), Ready::At(answered + S));
    assert_eq!(b.ready(7, Cost::ChatAndOverall, answered + S), Ready::Now);
    // Another chat is not held up.
    assert_eq!(b.ready(8, Cost::ChatAndOverall, t0 + ms(100)), Ready::Now);
}

#[test]
fn button_answers_are_free_and_edits_count_only_overall() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    send(&mut b, 7, Cost::ChatAndOverall, t0, ms(1));
    assert_eq!(b.ready(7, Cost::Free, t0 + ms(2)), Ready::Now);
    assert_eq!(b.ready(7, Cost::Overall, t0 + ms(2)), Ready::Now);
    assert!(matches!(b.ready(7, Cost::ChatAndOverall, t0 + ms(2)), Ready::At(_)));
}

#[test]
fn a_group_may_burst_twenty_then_waits_for_the_oldest_to_leave_the_minute() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    let mut first = None;
    for i in 0..20 {
        let answered = send(&mut b, -100, Cost::ChatAndOverall, t0 + ms(50 * i), ms(5));
        first.get_or_insert(answered);
    }
    let first = first.unwrap_or(t0);
    assert_eq!(b.ready(-100, Cost::ChatAndOverall, t0 + ms(1500)), Ready::At(first + Duration::from_secs(60)));
}

#[test]
fn thirty_go_at_once_and_the_thirty_first_waits_for_a_slot() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    let mut tickets = Vec::new();
    for chat in 1..=30 {
        assert_eq!(b.ready(chat, Cost::ChatAndOverall, t0), Ready::Now);
        tickets.push(b.reserve(chat, Cost::ChatAndOverall));
    }
    // All thirty still in flight: only an answer can free a slot.
    assert_eq!(b.ready(31, Cost::ChatAndOverall, t0), Ready::AfterInFlight);
    for (i, t) in tickets.into_iter().enumerate() {
        b.settle(t, t0 + ms(10 + i as u64));
    }
    assert_eq!(b.ready(31, Cost::ChatAndOverall, t0 + ms(500)), Ready::At(t0 + ms(10) + S));
    assert_eq!(b.ready(31, Cost::ChatAndOverall, t0 + ms(1010)), Ready::Now);
    // A button answer is never held by the overall limit.
    assert_eq!(b.ready(31, Cost::Free, t0 + ms(500)), Ready::Now);
}

#[test]
fn a_steady_stream_uses_the_whole_overall_budget() {
    // Sending whenever allowed with 1 ms answers: 300 messages over many chats take about 10 s.
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    let mut now = t0;
    for chat in 1..=300 {
        now = match b.ready(chat, Cost::ChatAndOverall, now) {
            Ready::Now => now,
            Ready::At(t) => t,
            Ready::AfterInFlight => unreachable!("every send is answered before the next"),
        };
        send(&mut b, chat, Cost::ChatAndOverall, now, ms(1));
    }
    let took = now - t0;
    assert!(took >= ms(9_000) && took < ms(9_400), "{took:?}");
}

#[test]
fn a_429_holds_only_that_chat() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    b.refused(7, Duration::from_secs(5), t0);
    assert_eq!(b.ready(7, Cost::Overall, t0 + S), Ready::At(t0 + Duration::from_secs(5)));
    assert_eq!(b.ready(7, Cost::Free, t0 + S), Ready::Now, "answering a button is not a message to the chat");
    assert_eq!(b.ready(8, Cost::ChatAndOverall, t0 + S), Ready::Now);
    b.succeeded();
    b.refused(9, Duration::from_secs(5), t0 + S);
    assert_eq!(b.ready(8, Cost::ChatAndOverall, t0 + S), Ready::Now, "a success in between: still per chat");
}

#[test]
fn two_chats_refused_in_a_row_hold_everything() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    b.refused(7, Duration::from_secs(3), t0);
    b.refused(8, Duration::from_secs(4), t0 + ms(10));
    let until = t0 + ms(10) + Duration::from_secs(4);
    assert_eq!(b.ready(9, Cost::ChatAndOverall, t0 + S), Ready::At(until));
    assert_eq!(b.ready(9, Cost::Free, t0 + S), Ready::Now);
    assert_eq!(b.ready(9, Cost::ChatAndOverall, until), Ready::Now);
}

#[test]
fn idle_chats_are_forgotten() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    send(&mut b, 7, Cost::ChatAndOverall, t0, ms(1));
    b.refused(8, S, t0);
    b.forget_idle(t0 + ms(500));
    assert_eq!((b.chats.len(), b.chat_blocked_until.len()), (1, 1));
    b.forget_idle(t0 + Duration::from_secs(2));
    assert_eq!((b.chats.len(), b.chat_blocked_until.len()), (0, 0));
}

#[test]
fn sends_of_the_previous_process_still_count_after_a_restart() {
    let t0 = Instant::now();
    let mut b = Budget::new(one_a_second());
    for i in 0..20 {
        b.seed(-100, Cost::ChatAndOverall, t0 + ms(10 * i));
    }
    b.seed(7, Cost::ChatAndOverall, t0 + ms(300));
    assert_eq!(b.ready(-100, Cost::ChatAndOverall, t0 + S), Ready::At(t0 + Duration::from_secs(60)));
    assert_eq!(b.ready(7, Cost::ChatAndOverall, t0 + ms(500)), Ready::At(t0 + ms(1300)));
    assert_eq!(b.ready(8, Cost::ChatAndOverall, t0 + ms(500)), Ready::Now);
    assert_eq!(b.memory(), Duration::from_secs(60));
}

#[test]
fn backoff_doubles_with_jitter_up_to_the_cap() {
    let (base, max) = (S, Duration::from_secs(300));
    assert_eq!(backoff(0, base, max, 1.0), S);
    assert_eq!(backoff(0, base, max, 0.0), ms(500));
    assert_eq!(backoff(3, base, max, 1.0), Duration::from_secs(8));
    assert_eq!(backoff(30, base, max, 1.0), max);
    assert_eq!(backoff(30, base, max, 0.0), Duration::from_secs(150));
}

#[test]
fn limits_are_read_from_text() {
    assert_eq!("30/1s".parse(), Ok(Window::new(30, S)));
    assert_eq!("20/1m".parse(), Ok(Window::new(20, Duration::from_secs(60))));
    assert_eq!("5/250ms".parse(), Ok(Window::new(5, ms(250))));
    assert!("0/1s".parse::<Window>().is_err());
    assert!("thirty".parse::<Window>().is_err());
    assert!("3/1h".parse::<Window>().is_err());
}

#[test]
fn a_private_chat_held_after_a_takeover_waits_one_window_and_a_group_keeps_its_whole_minute() {
    let t0 = Instant::now();
    let limits = Limits { group: Window::new(2, 60 * S), ..Limits::default() };
    let mut b = Budget::new(limits);
    b.hold_chat(7, t0);
    assert_eq!(b.ready(7, Cost::ChatAndOverall, t0 + ms(100)), Ready::At(t0 + 2 * S), "the private window");
    assert_eq!(b.ready(8, Cost::ChatAndOverall, t0 + ms(100)), Ready::Now, "another chat goes on");
    b.hold_chat(-100, t0);
    let first = send(&mut b, -100, Cost::ChatAndOverall, t0 + ms(100), ms(10));
    send(&mut b, -100, Cost::ChatAndOverall, first, ms(10));
    assert!(matches!(b.ready(-100, Cost::ChatAndOverall, t0 + ms(300)), Ready::At(_)), "two of two, none held back");
}
