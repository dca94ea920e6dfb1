//! `wagedesk run` as operators start it: the real binary against the stand-in, stopped by a signal
//! while workers are still typing. It must exit 0 within 10 s with every stored update handled and
//! every reply sent.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use wagedesk::standin::{StandIn, StandInOptions};

fn spawn_bot(standin: &StandIn, dir: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_wagedesk"))
        .arg("run")
        .env("TELOXIDE_TOKEN", standin.token())
        .env("TELOXIDE_API_URL", standin.api_url().as_str())
        .env("WAGEDESK_CONFIG", concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/wagedesk.toml"))
        .env("WAGEDESK_DATABASE", dir.join("wagedesk.db"))
        .env("WAGEDESK_KEY_FILE", dir.join("wagedesk.key"))
        .env("WAGEDESK_EVIDENCE_DIR", dir.join("evidence"))
        .env("WAGEDESK_POLL_TIMEOUT", "1")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the wagedesk binary starts")
}

async fn stops_cleanly_on(signal: &str) {
    let dir = crate::helpers::fresh_dir();
    let standin = StandIn::start(StandInOptions::default()).await.expect("stand-in");
    let mut bot = spawn_bot(&standin, &dir);
    let first = standin.new_user("first", None, None);
    standin.send_text(&first, &first, "/start");
    standin.wait_for_message(first.id, |_| true, Duration::from_secs(20)).await.expect("the bot answers");

    // Twenty workers start at once; the signal arrives while their updates are being handled.
    let users: Vec<_> = (0..20).map(|i| standin.new_user(&format!("w{i}"), None, None)).collect();
    for u in &users {
        standin.send_text(u, u, "/start");
    }
    standin.wait_until_confirmed(standin.last_update_id(), Duration::from_secs(20)).await.expect("confirmed");
    let status = Command::new("kill").args([signal, &bot.id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let sent_at = Instant::now();
    let exit = loop {
        if let Some(exit) = bot.try_wait().expect("wait") {
            break exit;
        }
        assert!(sent_at.elapsed() < Duration::from_secs(10), "the bot did not stop within 10 s of {signal}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "exit status after {signal}: {exit:?}");

    // Everything confirmed to Telegram was handled, and every worker got the language question.
    let db = wagedesk::storage::open(&dir.join("wagedesk.db")).await.expect("database reopens");
    let unhandled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL").fetch_one(&db).await.expect("q");
    let pending = wagedesk::storage::outbox::pending_count(&db).await.expect("q");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox").fetch_one(&db).await.expect("q");
    assert_eq!((unhandled, pending), (0, 0), "after {signal}");
    assert_eq!(stored, 21, "every confirmed update is in the inbox");
    for u in &users {
        assert_eq!(standin.messages_in(u.id).len(), 1, "worker {} got exactly one reply", u.first_name);
    }
    assert!(standin.violations().is_empty(), "{:?}", standin.violations());
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_loses_nothing_and_exits_zero() {
    stops_cleanly_on("-TERM").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_stops_the_bot_as_cleanly_as_sigterm() {
    stops_cleanly_on("-INT").await;
}
