#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use super::*;

/// Set by the test that counts COMMITs while it runs; others run with [`MAX_AGE`].
static RAISED_AGE: std::sync::Mutex<Option<std::time::Duration>> = std::sync::Mutex::new(None);

pub(super) fn raised_age() -> Option<std::time::Duration> {
    *RAISED_AGE.lock().unwrap()
}

async fn fresh_db() -> Db {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir: PathBuf = std::env::temp_dir().join(format!("wagedesk-writer-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = crate::open(&dir.join("w.db")).await.unwrap();
    sqlx::query("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)").execute(db.sqlite().unwrap()).await.unwrap();
    db
}

/// One write: a row read in the transaction (it sees group-mates' writes), then `k` inserted with the
/// commit. `v = NULL` fails the insert, as a decision's last statement may.
async fn write(db: Db, k: i64, fail: bool) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(&db).await?;
    let _: i64 = crate::on_conn!(tx.conn(), c => sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(c).await)?;
    tokio::task::yield_now().await;
    let v = (!fail).then(|| format!("v{k}"));
    tx.defer("INSERT INTO t (k, v) VALUES (?, ?)").bind(k).bind(v);
    tx.commit().await
}

async fn keys(db: &Db) -> Vec<i64> {
    sqlx::query_scalar("SELECT k FROM t ORDER BY k").fetch_all(db.sqlite().unwrap()).await.unwrap()
}

#[tokio::test]
async fn writes_queued_together_share_commits_and_a_failing_one_is_undone_alone() {
    let db = fresh_db().await;
    // The group must not close on age while the 40 queue up and write, however slow this machine is today.
    *RAISED_AGE.lock().unwrap() = Some(std::time::Duration::from_secs(30));
    let counts = commit_counts(&db).unwrap();
    let (commits, writes) = (counts.commits(), counts.writes());
    // All begin while the first holds the turn: they queue behind it and join its group.
    let first = begin_write(&db).await.unwrap();
    let tasks: Vec<_> = (1..=40).map(|k| tokio::spawn(write(db.clone(), k, k == 17))).collect();
    while turn(db.sqlite().unwrap()).waiting.load(Ordering::SeqCst) < 40 {
        tokio::task::yield_now().await;
    }
    first.commit().await.unwrap();
    let mut failed = Vec::new();
    for (k, task) in (1..=40).zip(tasks) {
        if task.await.unwrap().is_err() {
            failed.push(k);
        }
    }
    *RAISED_AGE.lock().unwrap() = None;
    assert_eq!(failed, vec![17], "only the failing write fails");
    let expected: Vec<i64> = (1..=40).filter(|k| *k != 17).collect();
    assert_eq!(keys(&db).await, expected, "its group-mates are committed");
    let (commits, writes) = (counts.commits() - commits, counts.writes() - writes);
    assert_eq!(writes, 40, "40 writes committed (the first, and 39 of the 40 queued)");
    assert!(commits <= 2, "{commits} COMMITs for {writes} writes");
}

#[tokio::test]
async fn a_lone_write_commits_at_once_and_a_dropped_one_leaves_nothing() {
    let db = fresh_db().await;
    let counts = commit_counts(&db).unwrap();
    let commits = counts.commits();
    write(db.clone(), 1, false).await.unwrap();
    assert_eq!(counts.commits() - commits, 1);
    // Dropped mid-write: rolled back, and the next write neither waits on it nor sees it.
    let mut tx = begin_write(&db).await.unwrap();
    crate::on_conn!(tx.conn(), c => sqlx::query("INSERT INTO t (k, v) VALUES (2, 'x')").execute(c).await.map(|_| ()))
        .unwrap();
    drop(tx);
    write(db.clone(), 3, false).await.unwrap();
    assert_eq!(keys(&db).await, vec![1, 3]);
    assert!(write(db.clone(), 4, true).await.is_err());
    write(db.clone(), 5, false).await.unwrap();
    assert_eq!(keys(&db).await, vec![1, 3, 5]);
}

#[tokio::test]
async fn a_group_member_cancelled_while_waiting_is_still_committed() {
    let db = fresh_db().await;
    let first = begin_write(&db).await.unwrap();
    let second = tokio::spawn(write(db.clone(), 2, false));
    while turn(db.sqlite().unwrap()).waiting.load(Ordering::SeqCst) < 1 {
        tokio::task::yield_now().await;
    }
    // The first releases into the group (someone waits) and waits for its COMMIT; cancel that wait.
    let mut first = Box::pin(first.commit());
    let _ = tokio::time::timeout(std::time::Duration::from_millis(1), &mut first).await;
    drop(first);
    second.await.unwrap().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let open: Vec<i64> = keys(&db).await;
    assert_eq!(open, vec![2]);
}
