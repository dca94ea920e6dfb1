//! Secrets and personal data stay out of the logs: the real binary runs at a verbose level while a
//! worker types their numbers as commands, files with their phone and ID number and the network fails in several ways, then its log is
//! searched for the bot token, the worker's numbers and anything shaped like a phone or ID number.

use std::sync::Arc;
use std::time::Duration;

use regex::Regex;
use wagedesk::script::{Act, Intake};
use wagedesk::standin::{FaultKind, FaultRule, StandIn, StandInOptions};

use crate::helpers::{ID_NUMBER, PHONE};
use crate::load::{Crashes, FAST_LIMITS, data_dir, drained, polling, prepare, spawn_bot, stop, walk};

/// The demo's worker types their phone and gives their ID number, and writes both into the description.
fn steps() -> Vec<Act> {
    // Typed as commands too, before anything else: an unknown command's name is not logged.
    let mut acts = vec![Act::text(format!("/{PHONE}")), Act::text(format!("/{ID_NUMBER}"))];
    acts.extend(
        Intake::li()
            .daily_rate_first(false)
            .typed_phone(PHONE)
            .no_evidence()
            .description(format!("老板电话不接。我的身份证{ID_NUMBER}，电话{PHONE}"))
            .steps(),
    );
    acts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_holds_no_token_and_no_phone_or_id_number_even_when_the_network_fails() {
    let dir = data_dir();
    let standin = StandIn::start(StandInOptions::default()).await.unwrap();
    let (db, _group) = prepare(&standin, &dir).await;
    let user = standin.new_user("李建国", None, Some("zh-hans"));
    // Failures the bot must log: resets, a 5xx envelope, a refusal, a slow answer.
    for kind in [
        FaultKind::ResetBeforeHandling,
        FaultKind::ResetAfterHandling,
        FaultKind::ServerError { code: 502, description: "Bad Gateway".into() },
        FaultKind::Delay(Duration::from_millis(300)),
    ] {
        standin.inject(FaultRule { method: Some("sendMessage".into()), chat_id: None, times: 1, kind });
    }
    standin.inject(FaultRule {
        method: Some("getUpdates".into()),
        chat_id: None,
        times: 2,
        kind: FaultKind::ServerError { code: 500, description: "Internal Server Error".into() },
    });
    let mut env: Vec<(&str, &str)> = FAST_LIMITS.to_vec();
    env.push(("RUST_LOG", "info,wagedesk=trace"));
    let mut bot = spawn_bot(&standin, &dir, &env);
    polling(&standin).await;
    walk(&standin, &db, &user, &steps(), 0..5, Arc::new(Crashes::default())).await.expect("the worker files");
    drained(&db, Duration::from_secs(30)).await.unwrap();
    stop(&mut bot, "-TERM", Duration::from_secs(10)).await;

    let complaints: i64 =
        on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!(complaints, 1);
    let mut log = String::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        if entry.file_name().to_string_lossy().ends_with(".log") {
            log.push_str(&std::fs::read_to_string(entry.path()).unwrap());
        }
    }
    assert!(log.lines().count() > 20, "the log is verbose enough to mean something:\n{log}");
    let token = standin.token();
    let secret = token.split_once(':').map_or(token, |(_, s)| s);
    assert!(!log.contains(secret), "the bot token is in the log");
    assert!(!log.contains(PHONE) && !log.contains(ID_NUMBER), "a personal number is in the log");
    let shapes = Regex::new(r"(^|[^0-9])(1[3-9][0-9]{9}|[1-9][0-9]{16}[0-9Xx])([^0-9]|$)").unwrap();
    if let Some(m) = shapes.find(&log) {
        panic!("something shaped like a phone or ID number is in the log: {:?}", m.as_str());
    }
    println!("log check: {} lines, {} bytes, no token, no phone or ID number", log.lines().count(), log.len());
}
