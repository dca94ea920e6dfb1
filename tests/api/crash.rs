//! `kill -9` at random moments while workers file complaints through the real `wagedesk run`, restarted
//! at once each time. Afterwards: every update the stand-in considers confirmed was handled, every
//! complaint exists exactly once with what its worker typed, every message went out once or twice,
//! `PRAGMA integrity_check` is ok, and every dialogue went on at its step (each scripted step found its
//! button and nobody got an apology for a lost dialogue).
//!
//! `cargo test` runs 5 kills; `cargo test --test api crash -- --ignored --nocapture` runs 50, and
//! `WAGEDESK_CRASH_KILLS` / `WAGEDESK_CRASH_WORKERS` size the short one.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rand::Rng;
use tokio::task::JoinSet;
use wagedesk::standin::{FakeUser, StandIn, StandInOptions};

use crate::load::*;

struct Plan {
    workers: usize,
    kills: u64,
    think_ms: Range<u64>,
    between_kills_ms: Range<u64>,
}

async fn crash_and_restart(plan: Plan) {
    let started = Instant::now();
    let dir = data_dir();
    let standin = StandIn::start(StandInOptions::default()).await.expect("stand-in");
    let (db, _office_group) = prepare(&standin, &dir).await;
    let crashes = Arc::new(Crashes::default());
    let users: Vec<FakeUser> = (0..plan.workers).map(|i| standin.new_user(&name(i), None, Some("zh-hans"))).collect();
    let mut bot = spawn_bot(&standin, &dir, &FAST_LIMITS);

    let mut walks = JoinSet::new();
    for (i, user) in users.iter().enumerate() {
        let (standin, db, user, crashes) = (standin.clone(), db.clone(), user.clone(), crashes.clone());
        let think = plan.think_ms.clone();
        walks.spawn(async move { walk(&standin, &db, &user, &intake(i), think, crashes).await });
    }
    for _ in 0..plan.kills {
        let wait = rand::rng().random_range(plan.between_kills_ms.clone());
        tokio::time::sleep(Duration::from_millis(wait)).await;
        bot.kill().expect("kill -9");
        bot.wait().expect("reaped");
        crashes.kills.fetch_add(1, Ordering::SeqCst);
        bot = spawn_bot(&standin, &dir, &FAST_LIMITS);
    }
    while let Some(walked) = walks.join_next().await {
        walked.expect("a worker task panicked").expect("a worker could not go on with the dialogue");
    }
    drained(&db, Duration::from_secs(30)).await.expect("everything sent");
    polling(&standin).await;
    let stopping = stop(&mut bot, "-TERM", Duration::from_secs(10)).await;

    let audit = Audit::take(&standin, &db, &dir).await.expect("audit");
    let steps = plan.workers * intake(0).len();
    println!(
        "crash test: {} kill -9 in {:.1} s; {} workers, {steps} steps, {} answered across a kill; \
         updates confirmed {} / handled {}; complaints {}; outbox rows {} of which {} messages, delivered {} \
         ({} a second time); integrity_check {}; final SIGTERM exit in {:.2} s",
        crashes.kills.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64(),
        plan.workers,
        crashes.steps_interrupted.load(Ordering::SeqCst),
        audit.updates_confirmed,
        audit.updates_handled,
        audit.complaints,
        audit.outbox_rows,
        audit.message_rows,
        audit.messages_delivered,
        audit.delivered_again,
        audit.integrity,
        stopping.as_secs_f64(),
    );
    audit.check(plan.workers);
    check_complaints(&db, &users).await;
    check_no_apologies(&standin, &users);
    assert_eq!(crashes.kills.load(Ordering::SeqCst), plan.kills);
    assert!(standin.violations().is_empty(), "{:?}", standin.violations());
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_random_moments_loses_and_repeats_nothing() {
    crash_and_restart(Plan {
        workers: from_env("WAGEDESK_CRASH_WORKERS", 8) as usize,
        kills: from_env("WAGEDESK_CRASH_KILLS", 5),
        think_ms: 80..250,
        between_kills_ms: 300..1200,
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "long: about two minutes; run with --ignored"]
async fn fifty_kills_under_forty_workers_lose_and_repeat_nothing() {
    crash_and_restart(Plan { workers: 40, kills: 50, think_ms: 1500..3500, between_kills_ms: 300..1500 }).await;
}
