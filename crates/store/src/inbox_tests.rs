#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use super::*;

const BOT: i64 = 7_000_000_001;
const OTHER_BOT: i64 = 7_000_000_002;
const NOW: &str = "2026-12-01T01:30:00Z";

fn fresh_path() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("wagedesk-inbox-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("inbox.db")
}

fn update(update_id: i64, chat_id: i64) -> NewUpdate {
    NewUpdate { update_id, chat_id, payload: format!("sealed-{update_id}") }
}

async fn mark(db: &Db, seq: i64) {
    let mut tx = crate::begin_write(db).await.unwrap();
    mark_processed(&mut tx, seq, NOW, None);
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn a_redelivery_within_a_run_is_a_no_op_and_the_same_id_in_a_new_run_or_bot_is_new() {
    let db = crate::open(&fresh_path()).await.unwrap();
    let first = store_batch(&db, BOT, 1, &[update(40, 1), update(41, 2), update(41, 2)], NOW).await.unwrap();
    assert!(first[0].is_some() && first[1].is_some(), "{first:?}");
    assert_eq!(first[2], None, "the copy within the batch is not new");
    assert!(first[1] > first[0], "seq follows arrival");

    let again = store_batch(&db, BOT, 1, &[update(41, 2)], NOW).await.unwrap();
    assert_eq!(again, [None], "re-delivered in the same run");
    let after_reset = store_batch(&db, BOT, 2, &[update(41, 2)], NOW).await.unwrap();
    assert!(after_reset[0] > first[1], "the same id in a new run is a new update, after the others");
    let other_bot = store_batch(&db, OTHER_BOT, 1, &[update(41, 2)], NOW).await.unwrap();
    assert!(other_bot[0] > after_reset[0], "another bot's id 41 is its own");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox").fetch_one(db.sqlite().unwrap()).await.unwrap();
    assert_eq!(rows, 4);
}

#[tokio::test]
async fn unhandled_updates_come_back_in_arrival_order_even_when_ids_went_down() {
    let db = crate::open(&fresh_path()).await.unwrap();
    let old = store_batch(&db, BOT, 1, &[update(900, 1), update(901, 1)], NOW).await.unwrap();
    let new = store_batch(&db, BOT, 2, &[update(5, 1), update(6, 2)], NOW).await.unwrap();
    mark(&db, old[0].unwrap()).await;
    let pending: Vec<i64> = unprocessed(&db).await.unwrap().iter().map(|r| r.seq).collect();
    assert_eq!(pending, [old[1].unwrap(), new[0].unwrap(), new[1].unwrap()]);
    assert_eq!(unprocessed(&db).await.unwrap()[1].payload, "sealed-5");
}

#[tokio::test]
async fn each_bot_resumes_from_its_own_newest_run() {
    let db = crate::open(&fresh_path()).await.unwrap();
    assert_eq!(current_run(&db, BOT).await.unwrap(), None);
    store_batch(&db, BOT, 1, &[update(900, 1), update(902, 1)], NOW).await.unwrap();
    store_batch(&db, BOT, 2, &[update(5, 1), update(7, 1)], "2026-12-08T00:00:00Z").await.unwrap();
    store_batch(&db, OTHER_BOT, 1, &[update(123_456, 1)], NOW).await.unwrap();
    let end = current_run(&db, BOT).await.unwrap().unwrap();
    assert_eq!(end, RunEnd { run: 2, last_update_id: 7, received_at: "2026-12-08T00:00:00Z".into() });
    assert_eq!(current_run(&db, OTHER_BOT).await.unwrap().unwrap().last_update_id, 123_456);
}

#[tokio::test]
async fn the_newest_copy_of_an_id_tells_whether_it_was_handled() {
    let db = crate::open(&fresh_path()).await.unwrap();
    let old = store_batch(&db, BOT, 1, &[update(5, 1)], NOW).await.unwrap();
    mark(&db, old[0].unwrap()).await;
    assert!(newest_is_processed(&db, 5).await.unwrap());
    let new = store_batch(&db, BOT, 2, &[update(5, 1)], NOW).await.unwrap();
    assert!(!newest_is_processed(&db, 5).await.unwrap(), "run 2's update 5 is not handled yet");
    mark(&db, new[0].unwrap()).await;
    assert!(newest_is_processed(&db, 5).await.unwrap());
    assert!(!newest_is_processed(&db, 6).await.unwrap());
}

/// A database from before 0017: its rows keep their order, payloads and marks, and become the bot's
/// that polls first, so a batch Telegram sends again after the upgrade is still recognised.
#[tokio::test]
async fn rows_from_before_0017_migrate_and_are_adopted_by_the_first_bot() {
    let path = fresh_path();
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&path).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let migrator = sqlx::migrate!("../../migrations/sqlite");
    migrator.run_to(16, &pool).await.unwrap();
    for (update_id, processed) in [(12, Some(NOW)), (10, Some(NOW)), (11, None)] {
        sqlx::query(
            "INSERT INTO inbox (update_id, chat_id, payload, received_at, processed_at) VALUES ($1, 9, $2, $3, $4)",
        )
        .bind(update_id)
        .bind(processed.map_or_else(|| Some(format!("sealed-{update_id}")), |_| None))
        .bind(NOW)
        .bind(processed)
        .execute(&pool)
        .await
        .unwrap();
    }
    pool.close().await;

    let db = crate::open(&path).await.unwrap();
    let migrated: Vec<(i64, i64, i64, i64)> =
        sqlx::query_as("SELECT seq, bot_id, run, update_id FROM inbox ORDER BY seq")
            .fetch_all(db.sqlite().unwrap())
            .await
            .unwrap();
    let ids: Vec<i64> = migrated.iter().map(|r| r.3).collect();
    assert_eq!(ids, [10, 11, 12], "old rows keep Telegram's order");
    assert!(migrated.iter().all(|r| r.1 == 0 && r.2 == 1), "{migrated:?}");
    let pending = unprocessed(&db).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].payload, "sealed-11");

    assert_eq!(adopt_unowned(&db, BOT).await.unwrap(), 3);
    assert_eq!(current_run(&db, BOT).await.unwrap().unwrap().last_update_id, 12);
    assert_eq!(store_batch(&db, BOT, 1, &[update(12, 9)], NOW).await.unwrap(), [None], "a re-delivery");
    // Another bot later finds nothing to adopt; the first keeps its rows.
    assert_eq!(adopt_unowned(&db, OTHER_BOT).await.unwrap(), 0);
    assert_eq!(current_run(&db, OTHER_BOT).await.unwrap(), None);
}
