//! `wagedesk run` as operators start it: the real binary against the stand-in, stopped by a signal
//! while workers are busy. It must exit 0 within 10 s with every confirmed update handled and nothing
//! sent twice; what it could not send in time goes out after the next start.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use wagedesk::standin::{FakeUser, RateWindows, StandIn, StandInOptions};

use crate::load::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_under_load_loses_nothing_sends_nothing_twice_and_exits_zero() {
    let dir = data_dir();
    // Workers outpace the overall limit, so replies queue in the outbox when the signal comes.
    let standin = StandIn::start(StandInOptions { rate_limits: true, ..StandInOptions::default() }).await.unwrap();
    let second = Duration::from_secs(1);
    standin.set_rate_windows(RateWindows { private_chat: (50, second), group: (50, second), overall: (40, second) });
    let limits =
        [("WAGEDESK_LIMIT_PRIVATE", "50/1s"), ("WAGEDESK_LIMIT_GROUP", "50/1s"), ("WAGEDESK_LIMIT_OVERALL", "40/1s")];
    let (db, _office_group) = prepare(&standin, &dir).await;
    let users: Vec<FakeUser> = (0..12).map(|i| standin.new_user(&name(i), None, Some("zh-hans"))).collect();
    let mut bot = spawn_bot(&standin, &dir, &limits);
    let crashes = Arc::new(Crashes::default());
    let mut walks = JoinSet::new();
    for (i, user) in users.iter().enumerate() {
        let (standin, db, user, crashes) = (standin.clone(), db.clone(), user.clone(), crashes.clone());
        walks.spawn(async move { walk(&standin, &db, &user, &intake(i), 0..20, crashes).await });
    }

    tokio::time::sleep(Duration::from_millis(2500)).await;
    let queued = wagedesk::storage::outbox::pending_count(&db).await.unwrap();
    let took = stop(&mut bot, "-TERM", Duration::from_secs(10)).await;
    let at_stop = Audit::take(&standin, &db, &dir).await.unwrap();
    println!(
        "SIGTERM under load: {queued} rows queued at the signal, exit 0 in {:.2} s; updates confirmed {} / \
         handled {}; {} rows left for the next start; {} messages delivered, {} a second time",
        took.as_secs_f64(),
        at_stop.updates_confirmed,
        at_stop.updates_handled,
        at_stop.rows_pending,
        at_stop.messages_delivered,
        at_stop.delivered_again,
    );
    assert!(queued > 0, "no load at the signal: the test proves nothing");
    assert_eq!(at_stop.updates_handled, at_stop.updates_confirmed, "confirmed updates lost");
    assert!(at_stop.delivery_errors.is_empty(), "{:#?}", at_stop.delivery_errors);
    assert_eq!(at_stop.delivered_again, 0, "a graceful stop must not leave a sent row unmarked");

    // The next start sends the rest, and the workers finish their complaints.
    let mut bot = spawn_bot(&standin, &dir, &limits);
    while let Some(walked) = walks.join_next().await {
        walked.expect("a worker task panicked").expect("a worker could not go on with the dialogue");
    }
    drained(&db, Duration::from_secs(30)).await.unwrap();
    polling(&standin).await;
    stop(&mut bot, "-TERM", Duration::from_secs(10)).await;
    let done = Audit::take(&standin, &db, &dir).await.unwrap();
    done.check(users.len());
    assert_eq!(done.delivered_again, 0, "graceful stops send every message exactly once");
    check_complaints(&db, &users).await;
    check_no_apologies(&standin, &users);
    assert_eq!(standin.too_many_requests_count(), 0);
    assert!(standin.violations().is_empty(), "{:?}", standin.violations());
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_stops_the_bot_as_cleanly_as_sigterm() {
    let dir = data_dir();
    let standin = StandIn::start(StandInOptions::default()).await.expect("stand-in");
    let (db, _office_group) = prepare(&standin, &dir).await;
    // The test's own connections are closed while the bot runs, so what is left beside a SQLite file
    // after the stop is the bot's doing.
    let sqlite = db.sqlite().is_some();
    if sqlite {
        db.close().await;
    }
    let mut bot = spawn_bot(&standin, &dir, &[]);
    let users: Vec<_> = (0..20).map(|i| standin.new_user(&format!("w{i}"), None, None)).collect();
    for u in &users {
        standin.send_text(u, u, "/start");
    }
    standin.wait_until_confirmed(standin.last_update_id(), Duration::from_secs(20)).await.expect("confirmed");
    stop(&mut bot, "-INT", Duration::from_secs(10)).await;
    let db = if sqlite {
        // A clean stop closes the store: the file is checkpointed and whole on its own, as a copy of
        // it after `systemctl stop` needs.
        for leftover in ["wagedesk.db-wal", "wagedesk.db-shm"] {
            assert!(!dir.join(leftover).exists(), "{leftover} is left after a clean stop");
        }
        crate::helpers::store_of(&dir.join("wagedesk.db")).await
    } else {
        db
    };

    let audit = Audit::take(&standin, &db, &dir).await.unwrap();
    assert_eq!((audit.updates_confirmed, audit.updates_handled, audit.rows_pending), (20, 20, 0));
    assert!(audit.delivery_errors.is_empty() && audit.delivered_again == 0, "{audit:#?}");
    for u in &users {
        assert_eq!(standin.messages_in(u.id).len(), 1, "worker {} got exactly one reply", u.first_name);
    }
    assert!(standin.violations().is_empty(), "{:?}", standin.violations());
    standin.shutdown().await;
}
