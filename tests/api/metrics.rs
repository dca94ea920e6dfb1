//! The admin endpoints of a running bot: `/healthz`, `/readyz`, and `/metrics` read back as numbers
//! (parsed, not matched as strings) while workers file, Telegram answers 429 and a worker blocks the bot.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::time::Duration;

use chrono::Utc;
use wagedesk::admin::AdminOptions;
use wagedesk::app::Settings;
use wagedesk::clock::stamp;
use wagedesk::demo::harness::Harness;
use wagedesk::intake::Keyboard;
use wagedesk::outgoing::Outgoing;
use wagedesk::standin::{FaultKind, FaultRule, StandIn, StandInOptions};
use wagedesk::storage::{self, outbox};

use crate::helpers::*;

/// A sample's labels, sorted.
type Labels = BTreeMap<String, String>;

/// A scrape: every sample by name and labels.
#[derive(Debug)]
struct Scrape(HashMap<(String, Labels), f64>);

impl Scrape {
    /// Parses Prometheus' text format (version 0.0.4): `name{a="x",b="y"} value` lines, comments skipped.
    fn parse(text: &str) -> Scrape {
        let mut samples = HashMap::new();
        for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
            let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("not a sample: {line}"));
            let value: f64 = match value {
                "+Inf" => f64::INFINITY,
                "-Inf" => f64::NEG_INFINITY,
                v => v.parse().unwrap_or_else(|_| panic!("not a number: {line}")),
            };
            let (name, labels) = match series.split_once('{') {
                Some((name, rest)) => (name, parse_labels(rest.strip_suffix('}').expect("labels end with }"))),
                None => (series, Labels::new()),
            };
            assert!(samples.insert((name.to_owned(), labels), value).is_none(), "a series twice: {line}");
        }
        Scrape(samples)
    }

    /// The sample `name` with exactly `labels`, 0 when absent (a counter not yet moved).
    fn get(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        let labels: Labels = labels.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.0.get(&(name.to_owned(), labels)).copied().unwrap_or(0.0)
    }

    /// The sum of every `name` sample whose labels include `labels`.
    fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.0
            .iter()
            .filter(|((n, l), _)| n == name && labels.iter().all(|(k, v)| l.get(*k).map(String::as_str) == Some(*v)))
            .map(|(_, v)| v)
            .sum()
    }
}

fn parse_labels(text: &str) -> Labels {
    let mut labels = Labels::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (key, after) = rest.split_once("=\"").expect("label=\"value\"");
        // Values here never hold a quote (office ids, kinds, methods), so the next quote ends it.
        let (value, after) = after.split_once('"').expect("closing quote");
        labels.insert(key.trim_start_matches(',').to_owned(), value.to_owned());
        rest = after;
    }
    labels
}

async fn start_with_admin(rate_limits: bool) -> (Harness, SocketAddr) {
    let standin = StandIn::start(StandInOptions { rate_limits, ..StandInOptions::default() }).await.unwrap();
    let mut settings = Settings::in_dir(&fresh_dir());
    let at = free_address();
    settings.bot.admin = Some(AdminOptions::on(at, 1));
    (Harness::start_with(standin, settings, clock()).await.unwrap(), at)
}

async fn get(at: SocketAddr, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("http://{at}{path}")).await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn scrape(at: SocketAddr) -> Scrape {
    let (status, body) = get(at, "/metrics").await;
    assert_eq!(status, 200, "{body}");
    Scrape::parse(&body)
}

/// Waits until `/readyz` answers 200 (the first getMe done).
async fn until_ready(at: SocketAddr) -> String {
    let mut last = String::new();
    for _ in 0..100 {
        let (status, body) = get(at, "/readyz").await;
        if status == 200 {
            return body;
        }
        last = body;
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never ready: {last}");
}

async fn notify(h: &Harness, chat_id: i64, text: &str) {
    let mut tx = storage::begin_write(&h.ctx.db).await.unwrap();
    let row = Outgoing::Send { chat_id, text: text.into(), keyboard: Keyboard::None };
    let payload = serde_json::to_string(&row).unwrap();
    outbox::enqueue(&mut tx, &h.ctx.vault, chat_id, &payload, &stamp(Utc::now())).await.unwrap();
    tx.commit().await.unwrap();
    h.ctx.outbox_wake.notify_one();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_move_with_filings_429s_and_a_blocked_worker() {
    let (h, at) = start_with_admin(false).await;
    assert_eq!(get(at, "/healthz").await.0, 200);
    let ready = until_ready(at).await;
    assert!(ready.contains("database: ok") && ready.contains("telegram: ok") && ready.contains("inbox: ok"), "{ready}");
    // The container's health check: the binary asks the admin address itself.
    let probe = |path: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_wagedesk"))
            .args(["probe", &format!("http://{at}{path}")])
            .output()
            .unwrap()
            .status
            .success()
    };
    assert!(probe("/readyz"));
    assert!(!probe("/no-such-page"));

    let before = scrape(at).await;
    let mut w = h.worker("李建国");
    file_complaint_zh(&h, &mut w).await.unwrap();
    h.settle().await.unwrap();
    let filed = scrape(at).await;
    let owner: String =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT owner_office FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(filed.get("wagedesk_cases_open", &[("office", &owner)]), 1.0);
    assert_eq!(filed.get("wagedesk_cases_overdue", &[("office", &owner)]), 0.0);
    // Every update the worker sent was stored once and handled once; the latency histogram saw each.
    let stored: i64 = count(&h, "SELECT COUNT(*) FROM inbox").await;
    let received =
        filed.sum("wagedesk_updates_received_total", &[]) - before.sum("wagedesk_updates_received_total", &[]);
    assert_eq!(received, stored as f64);
    let handled = filed.sum("wagedesk_updates_handled_total", &[("outcome", "handled")]);
    assert_eq!(handled, stored as f64);
    assert!(filed.get("wagedesk_updates_received_total", &[("kind", "callback_query")]) > 0.0);
    assert_eq!(filed.sum("wagedesk_update_handle_seconds_count", &[]), handled);
    assert_eq!(filed.get("wagedesk_inbox_backlog", &[]), 0.0);
    let sent_ok = filed.get("wagedesk_telegram_sends_total", &[("method", "sendMessage"), ("result", "ok")]);
    assert!(sent_ok >= 10.0, "the intake's questions were sent: {sent_ok}");
    assert!(filed.get("wagedesk_last_update_fetch_timestamp_seconds", &[]) > 1.7e9);

    // Two 429s for the worker's next message, then it goes.
    h.standin.inject(FaultRule {
        method: Some("sendMessage".into()),
        chat_id: Some(w.chat_id()),
        times: 2,
        kind: FaultKind::TooManyRequests { retry_after: 1 },
    });
    notify(&h, w.chat_id(), "进展一").await;
    h.standin
        .wait_for_message(w.chat_id(), |m| m.text.as_deref() == Some("进展一"), Duration::from_secs(10))
        .await
        .unwrap();
    h.settle().await.unwrap();
    let limited = scrape(at).await;
    let refused = |s: &Scrape| s.get("wagedesk_telegram_sends_total", &[("method", "sendMessage"), ("result", "429")]);
    assert_eq!(refused(&limited) - refused(&filed), 2.0);
    assert_eq!(
        limited.get("wagedesk_telegram_retry_after_seconds_total", &[])
            - filed.get("wagedesk_telegram_retry_after_seconds_total", &[]),
        2.0
    );
    assert_eq!(
        limited.get("wagedesk_telegram_sends_total", &[("method", "sendMessage"), ("result", "ok")]) - sent_ok,
        1.0
    );

    // The worker blocks the bot: the next news is undeliverable, and stays on record as failed.
    h.standin.set_blocked(&w.user, true);
    notify(&h, w.chat_id(), "进展二").await;
    h.settle().await.unwrap();
    let blocked = scrape(at).await;
    assert_eq!(
        blocked.get("wagedesk_telegram_sends_total", &[("method", "sendMessage"), ("result", "403")])
            - limited.get("wagedesk_telegram_sends_total", &[("method", "sendMessage"), ("result", "403")]),
        1.0
    );
    assert_eq!(blocked.get("wagedesk_outbox_failed", &[]), limited.get("wagedesk_outbox_failed", &[]) + 1.0);
    for chat in ["private", "group"] {
        assert_eq!(blocked.get("wagedesk_outbox_backlog", &[("chat", chat), ("priority", "notification")]), 0.0);
    }
    // No office group was linked in this test: every office shows as without one.
    let offices = h.ctx.deployment.offices.len() as f64;
    assert_eq!(blocked.get("wagedesk_offices_without_group", &[]), offices);
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_address_in_use_stops_the_start_with_its_name() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let at = taken.local_addr().unwrap();
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    let mut settings = Settings::in_dir(&fresh_dir());
    settings.bot.admin = Some(AdminOptions::on(at, 1));
    let h = Harness::start_with(standin, settings, clock()).await.unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(10), h.join()).await.expect("the start is refused at once");
    let error = format!("{:#}", ended.expect_err("the bot must not run without its admin address"));
    assert!(error.contains(&at.to_string()) && error.contains("admin"), "{error}");
}
