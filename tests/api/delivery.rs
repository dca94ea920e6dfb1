//! The outbox against a stand-in that enforces Telegram's flood limits and injects faults: a 429 holds
//! only its chat, an unreachable worker's office is told once, each chat's order survives resets, 5xx
//! and slow answers, and a reply in a dialogue overtakes a backlog of notifications.

use std::time::Duration;

use chrono::Utc;
use wagedesk::app::Settings;
use wagedesk::bot::delivery::DeliveryOptions;
use wagedesk::clock::stamp;
use wagedesk::demo::harness::Harness;
use wagedesk::intake::Keyboard;
use wagedesk::outgoing::Outgoing;
use wagedesk::standin::{FakeUser, FaultKind, FaultRule, GroupKind, StandIn, StandInOptions};
use wagedesk::storage::{self, cases, outbox};

use crate::helpers::*;

/// The bot on Telegram's default limits against a stand-in that enforces them.
async fn start_limited(tune: impl FnOnce(&mut DeliveryOptions)) -> Harness {
    let standin = StandIn::start(StandInOptions { rate_limits: true, ..StandInOptions::default() }).await.unwrap();
    let mut settings = Settings::in_dir(&fresh_dir());
    tune(&mut settings.bot.delivery);
    Harness::start_with(standin, settings, clock()).await.unwrap()
}

/// Queues notifications as a case change would (one transaction), and wakes delivery.
async fn notify(h: &Harness, rows: &[(i64, String)]) {
    let mut tx = storage::begin_write(&h.ctx.db).await.unwrap();
    for (chat_id, text) in rows {
        let row = Outgoing::Send { chat_id: *chat_id, text: text.clone(), keyboard: Keyboard::None };
        let payload = serde_json::to_string(&row).unwrap();
        outbox::enqueue(&mut tx, &h.ctx.vault, *chat_id, &payload, &stamp(Utc::now())).await.unwrap();
    }
    tx.commit().await.unwrap();
    h.ctx.outbox_wake.notify_one();
}

fn users(h: &Harness, n: usize) -> Vec<FakeUser> {
    (0..n).map(|i| h.standin.new_user(&format!("工人{i}"), None, None)).collect()
}

fn fault(chat_id: i64, times: u32, kind: FaultKind) -> FaultRule {
    FaultRule { method: Some("sendMessage".into()), chat_id: Some(chat_id), times, kind }
}

fn texts_of(h: &Harness, chat_id: i64) -> Vec<String> {
    h.standin.messages_in(chat_id).into_iter().map(|m| m.text.unwrap_or_default()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_on_one_chat_does_not_stop_the_others() {
    let h = start_limited(|_| {}).await;
    let workers = users(&h, 4);
    h.standin.inject(fault(workers[0].id, 1, FaultKind::TooManyRequests { retry_after: 2 }));
    notify(&h, &workers.iter().map(|u| (u.id, format!("进展：{}", u.first_name))).collect::<Vec<_>>()).await;

    for u in &workers[1..] {
        h.standin.wait_for_message(u.id, |_| true, Duration::from_secs(5)).await.unwrap();
    }
    assert!(texts_of(&h, workers[0].id).is_empty(), "the refused chat waits for its retry_after");
    h.standin.wait_for_message(workers[0].id, |_| true, Duration::from_secs(10)).await.unwrap();
    // Four messages and the retry: a call is recorded just after its message is stored.
    let tries: Vec<_> = h
        .standin
        .wait_for_calls("sendMessage", 5, Duration::from_secs(5))
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.params["chat_id"].as_i64() == Some(workers[0].id))
        .collect();
    assert_eq!(tries.len(), 2, "one refusal, one retry");
    let waited = tries[1].at.duration_since(tries[0].at).unwrap();
    assert!(waited >= Duration::from_secs(2), "retried after {waited:?}, before retry_after");
    assert_eq!(h.standin.too_many_requests_count(), 0, "the bot itself stayed within the limits");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_who_blocked_the_bot_ends_undeliverable_and_the_office_is_told_once() {
    let h = start().await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    let owner: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT owner_office FROM cases").fetch_one(c).await).unwrap();
    let group = h.standin.new_group("西湖区劳动监察大队", GroupKind::Supergroup, &[]);
    let mut conn = h.ctx.db.acquire().await.unwrap();
    cases::link_office_chat(&mut conn, &owner, group.id, "2026-12-01T00:00:00Z").await.unwrap();
    drop(conn);

    h.standin.set_blocked(&w.user, true);
    notify(&h, &[(w.chat_id(), "进展一".into()), (w.chat_id(), "进展二".into())]).await;
    h.settle().await.unwrap();
    notify(&h, &[(w.chat_id(), "进展三".into())]).await;
    h.settle().await.unwrap();

    let told: Vec<String> = texts_of(&h, group.id).into_iter().filter(|t| t.contains("无法通过 Telegram")).collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains(FIRST_CASE) && told[0].contains("屏蔽"), "{}", told[0]);
    let failed = count(
        &h,
        "SELECT COUNT(*) FROM outbox WHERE state = 'failed' AND last_error LIKE 'undeliverable: %blocked by the user'",
    )
    .await;
    assert_eq!(failed, 3);
    let recorded =
        count(&h, "SELECT COUNT(*) FROM notifications WHERE message_id = 'notify-office-worker-unreachable'").await;
    assert_eq!(recorded, 1);
    assert!(!texts_of(&h, w.chat_id()).iter().any(|t| t.starts_with("进展")));
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_chat_keeps_its_order_through_resets_server_errors_slow_answers_and_429s() {
    let h = start_limited(|o| o.backoff_base = Duration::from_millis(100)).await;
    let workers = users(&h, 6);
    let faults = [
        FaultKind::ResetBeforeHandling,
        // Handled, then the connection drops: the bot cannot know, sends again, and the worker sees it twice.
        FaultKind::ResetAfterHandling,
        FaultKind::ServerError { code: 502, description: "Bad Gateway".into() },
        FaultKind::Delay(Duration::from_millis(400)),
        FaultKind::TooManyRequests { retry_after: 1 },
        FaultKind::ServerError { code: 500, description: "Internal Server Error".into() },
    ];
    for (u, kind) in workers.iter().zip(faults) {
        let times = if matches!(kind, FaultKind::ResetAfterHandling) { 1 } else { 2 };
        h.standin.inject(fault(u.id, times, kind));
    }
    // Interleaved across chats, as notifications of different cases are.
    let rows: Vec<(i64, String)> =
        (1..=5).flat_map(|n| workers.iter().map(move |u| (u.id, format!("第{n}条")))).collect();
    notify(&h, &rows).await;
    h.settle().await.unwrap();

    let expected: Vec<String> = (1..=5).map(|n| format!("第{n}条")).collect();
    for (i, u) in workers.iter().enumerate() {
        let mut got = texts_of(&h, u.id);
        let delivered = got.len();
        got.dedup();
        assert_eq!(got, expected, "chat {i}");
        let copies = if i == 1 { 6 } else { 5 };
        assert_eq!(delivered, copies, "chat {i}: a message is delivered at most twice, and only after a reset");
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM outbox WHERE state <> 'sent'").await, 0);
    assert_eq!(h.standin.too_many_requests_count(), 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_in_a_dialogue_overtakes_a_backlog_of_notifications() {
    let h = start_limited(|_| {}).await;
    let others = users(&h, 150);
    notify(&h, &others.iter().map(|u| (u.id, "案件进展通知".to_owned())).collect::<Vec<_>>()).await;
    // The backlog takes five seconds at 30 messages a second; the worker writes once it is under way.
    h.standin.wait_for_calls("sendMessage", 30, Duration::from_secs(10)).await.unwrap();
    let worker = h.standin.new_user("李建国", None, Some("zh-hans"));
    h.standin.send_text(&worker, &worker, "/start");
    h.standin.wait_for_message(worker.id, |_| true, Duration::from_secs(10)).await.unwrap();

    let backlog_sent = others.iter().filter(|u| !h.standin.messages_in(u.id).is_empty()).count();
    assert!(backlog_sent < 100, "the reply waited behind {backlog_sent} of 150 notifications");
    h.settle().await.unwrap();
    assert!(others.iter().all(|u| h.standin.messages_in(u.id).len() == 1));
    assert_eq!(h.standin.too_many_requests_count(), 0);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payloads_are_sealed_and_a_row_queued_in_clear_by_an_earlier_version_still_goes_out() {
    let h = start_limited(|_| {}).await;
    let workers = users(&h, 2);
    notify(&h, &[(workers[0].id, "进展：案件已受理".to_owned())]).await;
    h.standin.wait_for_message(workers[0].id, |_| true, Duration::from_secs(5)).await.unwrap();
    let stored: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT payload FROM outbox").fetch_one(c).await).unwrap();
    assert!(!stored.contains("案件已受理") && wagedesk::crypto::is_sealed(&stored), "{stored}");

    // A row an earlier version queued before payloads were sealed.
    let row =
        Outgoing::Send { chat_id: workers[1].id, text: "升级前排队的消息".into(), keyboard: Keyboard::None };
    on_db!(h.ctx.db, c =>
        sqlx::query("INSERT INTO outbox (chat_id, payload, next_attempt_at, created_at) VALUES ($1, $2, $3, $3)")
        .bind(workers[1].id)
        .bind(serde_json::to_string(&row).unwrap())
        .bind(stamp(Utc::now()))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
    .unwrap();
    h.ctx.outbox_wake.notify_one();
    let got = h.standin.wait_for_message(workers[1].id, |_| true, Duration::from_secs(5)).await.unwrap();
    assert_eq!(got.text.as_deref(), Some("升级前排队的消息"));
    finish(h).await;
}
