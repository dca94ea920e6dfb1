//! Webhook mode through the stand-in, which posts updates with the secret header and retries like
//! Telegram: wrong or missing secrets are refused with nothing stored, an oversized body is refused,
//! a body that is not an update is answered 200; a worker files a whole complaint by webhook; polling
//! again deletes the webhook; and `kill -9` right after 200s loses and repeats nothing.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use wagedesk::app::Settings;
use wagedesk::bot::WebhookOptions;
use wagedesk::bot::webhook::SECRET_HEADER;
use wagedesk::demo::harness::Harness;
use wagedesk::standin::{FakeUser, StandIn, StandInOptions};

use crate::helpers::*;
use crate::load::{FAST_LIMITS, data_dir, drained, prepare, spawn_bot, stop};

async fn webhook_set(standin: &StandIn) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(url) = standin.webhook_url() {
            return url;
        }
        assert!(Instant::now() < deadline, "the bot never set its webhook");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn secret(h: &Harness) -> String {
    let sealed: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT secret FROM webhook_secret").fetch_one(c).await).unwrap();
    h.ctx.vault.open(&sealed).unwrap()
}

async fn post(url: &str, secret: Option<&str>, body: Vec<u8>) -> u16 {
    let mut request = reqwest::Client::new().post(url).header("content-type", "application/json").body(body);
    if let Some(secret) = secret {
        request = request.header(SECRET_HEADER, secret);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_refuses_strangers_and_takes_a_whole_complaint() {
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    let dir = fresh_dir();
    let mut settings = Settings::in_dir(&dir);
    let listen = free_address();
    let url = format!("http://{listen}/telegram/updates");
    settings.bot.webhook = WebhookOptions { url: Some(url.clone()), listen: Some(listen) };
    let h = Harness::start_with(standin.clone(), settings.clone(), clock()).await.unwrap();
    assert_eq!(webhook_set(&standin).await, url);
    let secret = secret(&h).await;

    let update = |id: i64| {
        serde_json::to_vec(&serde_json::json!({ "update_id": id, "message": {
        "message_id": 1, "date": 1_764_550_000, "chat": { "id": 555, "type": "private", "first_name": "X" },
        "from": { "id": 555, "is_bot": false, "first_name": "X" }, "text": "/start" } }))
        .unwrap()
    };
    assert_eq!(post(&url, Some("wrong-secret"), update(900_001)).await, 401);
    assert_eq!(post(&url, None, update(900_002)).await, 401);
    assert_eq!(post(&url, Some(&secret[..secret.len() - 1]), update(900_003)).await, 401);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM inbox WHERE update_id >= 900000").await, 0, "refused, so not stored");
    let mut big = b"{\"update_id\": 900004, \"message\": {\"text\": \"".to_vec();
    big.extend(std::iter::repeat_n(b'x', 2 << 20));
    big.extend(b"\"}}");
    assert_eq!(post(&url, Some(&secret), big).await, 413);
    assert_eq!(post(&url, Some(&secret), b"{\"update_id\": 9".to_vec()).await, 200, "malformed: no retries");
    assert_eq!(post(&url, Some(&secret), b"[1, 2, 3]".to_vec()).await, 200);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM inbox WHERE update_id >= 900000").await, 0);

    // A worker files the whole complaint; every update came by webhook, none by polling.
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    assert_eq!(count(&h, "SELECT COUNT(*) FROM cases").await, 1);
    let deliveries = standin.webhook_deliveries();
    assert!(deliveries.len() >= 15, "{deliveries:?}");
    assert!(deliveries.iter().all(|d| d.status == 200), "{deliveries:?}");
    assert!(standin.calls_to("getUpdates").is_empty(), "no polling while the webhook is set");

    // Back to polling: the webhook is deleted and updates come by getUpdates again.
    let standin = h.stop().await.unwrap();
    settings.bot.webhook = WebhookOptions::default();
    let h = Harness::start_with(standin.clone(), settings, clock()).await.unwrap();
    let mut w2 = h.worker("王秀英");
    w2.send(&h, "/start").await.unwrap();
    assert!(standin.webhook_url().is_none());
    assert!(!standin.calls_to("deleteWebhook").is_empty());
    assert!(!standin.calls_to("getUpdates").is_empty());
    finish(h).await;
}

/// Outbox rows queued per chat (a handled update queues its replies once, however often it is sent).
async fn rows_per_chat(db: &wagedesk::storage::Db) -> HashMap<i64, i64> {
    on_db!(db, c =>
        sqlx::query_as::<_, (i64, i64)>("SELECT chat_id, COUNT(*) FROM outbox WHERE chat_id > 0 GROUP BY chat_id")
        .fetch_all(c)
        .await)
    .unwrap()
    .into_iter()
    .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_right_after_200s_handles_every_update_exactly_once() {
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    let dir = data_dir();
    let (db, _group) = prepare(&standin, &dir).await;
    let listen = free_address();
    let (url, listen) = (format!("http://{listen}/hook"), listen.to_string());
    let env: Vec<(&str, &str)> = FAST_LIMITS
        .iter()
        .copied()
        .chain([("WAGEDESK_WEBHOOK_URL", url.as_str()), ("WAGEDESK_WEBHOOK_LISTEN", listen.as_str())])
        .collect();
    let mut bot = spawn_bot(&standin, &dir, &env);
    webhook_set(&standin).await;

    let users: Vec<FakeUser> = (0..60).map(|i| standin.new_user(&format!("工人{i}"), None, Some("zh-hans"))).collect();
    let mut kills = 0;
    for round in 0..3 {
        for u in &users {
            standin.send_text(u, u, if round == 0 { "/start" } else { "你好" });
        }
        // Killed the moment more webhook requests were answered 200 than before: mid-batch.
        let before = standin.webhook_deliveries().iter().filter(|d| d.status == 200).count();
        let deadline = Instant::now() + Duration::from_secs(20);
        while standin.webhook_deliveries().iter().filter(|d| d.status == 200).count() < before + 20 {
            assert!(Instant::now() < deadline, "webhook deliveries stalled");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        bot.kill().unwrap();
        bot.wait().unwrap();
        kills += 1;
        bot = spawn_bot(&standin, &dir, &env);
    }
    // Everything Telegram holds is delivered and handled, and everything queued is sent.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !standin.pending_updates().is_empty()
        || on_db!(db, c => sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL")
            .fetch_one(c)
            .await)
        .unwrap()
            > 0
    {
        assert!(Instant::now() < deadline, "updates left unhandled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drained(&db, Duration::from_secs(30)).await.unwrap();

    let sent = users.len() as i64 * 3;
    let stored: i64 = on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM inbox").fetch_one(c).await).unwrap();
    assert_eq!(stored, sent, "every update stored once");
    let failed: i64 =
        on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE error IS NOT NULL").fetch_one(c).await)
            .unwrap();
    assert_eq!(failed, 0);
    // Each worker sent the same three messages: handled once each, they queued the same replies.
    let rows = rows_per_chat(&db).await;
    assert_eq!(rows.len(), users.len());
    let first = rows[&users[0].id];
    assert!(rows.values().all(|n| *n == first), "a worker's update was handled twice or not at all: {rows:?}");
    let refused = standin.webhook_deliveries().iter().filter(|d| d.status != 200).count();
    println!("webhook: {kills} kills, {sent} updates, {refused} deliveries retried, {first} replies queued per worker");
    stop(&mut bot, "-TERM", Duration::from_secs(10)).await;
}
