//! Several replicas on one PostgreSQL database: what is built of issue 17's replicas so far.

use std::time::Duration;

use wagedesk::storage::leader::Leader;
use wagedesk::storage::{self, on_conn};

use crate::pg::TestPg;

/// The session holding the scheduler's lock in `db`'s database, as the server sees it.
async fn lock_holder(db: &storage::Db) -> Option<i32> {
    let mut conn = db.acquire().await.unwrap();
    on_conn!(conn.conn(), c => sqlx::query_scalar(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .fetch_optional(c)
    .await)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_replica_leads_the_scheduler_and_another_takes_over_when_its_session_dies() {
    let Some(pg) = TestPg::create("leader").await else { return };
    let (a_db, b_db) = (storage::open_url(&pg.url).await.unwrap(), storage::open_url(&pg.url).await.unwrap());
    let (mut a, mut b) = (Leader::new(a_db.clone()), Leader::new(b_db.clone()));
    assert!(a.leads().await, "the first to ask leads");
    assert!(!b.leads().await, "a second replica does not");
    assert!(a.leads().await && !b.leads().await, "and it stays so while the leader's session lives");

    // The leader's machine dies: the server ends its session (as after a kill -9 once the socket is
    // gone), and the lock goes with it.
    let holder = lock_holder(&a_db).await.expect("the leader's session holds the lock");
    let mut conn = a_db.acquire().await.unwrap();
    let ended: bool = on_conn!(conn.conn(), c => sqlx::query_scalar("SELECT pg_terminate_backend($1)").bind(holder).fetch_one(c).await)
        .unwrap();
    assert!(ended);
    drop(conn);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !b.leads().await {
        assert!(tokio::time::Instant::now() < deadline, "nobody took over within 10 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!a.leads().await, "the old leader finds its session gone and does not lead beside the new one");
    assert_ne!(lock_holder(&b_db).await, Some(holder));

    // A leader that stops gives the lock up at once.
    b.resign().await;
    assert!(a.leads().await, "the other replica leads after a clean stop");
    a.resign().await;
    a_db.close().await;
    b_db.close().await;
}

#[tokio::test]
async fn on_sqlite_the_one_process_always_leads() {
    let dir = crate::helpers::fresh_dir();
    let db = storage::open(&dir.join("wagedesk.db")).await.unwrap();
    let mut leader = Leader::new(db.clone());
    assert!(leader.leads().await && leader.leads().await);
    db.close().await;
}
