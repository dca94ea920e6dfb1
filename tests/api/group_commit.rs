//! Group commit: updates of many workers queued at once share COMMITs, each chat's updates still run
//! in order, and an update whose decision fails is undone alone.

use wagedesk::script;
use wagedesk::storage;

use crate::helpers::*;

const WORKERS: usize = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_queued_together_share_commits_and_a_failing_one_undoes_no_group_mate() {
    if sqlite_only("SQLite's writer groups commits; PostgreSQL's writers commit each on their own") {
        return;
    }
    let h = start().await;
    let workers: Vec<_> = (0..WORKERS).map(|i| h.worker(&load_name(i))).collect();
    let failing = h.worker("赵敏");
    // A real fault in one worker's decision: the save of their dialogue (its last statement) fails.
    let trigger = format!(
        "CREATE TRIGGER injected_fault BEFORE INSERT ON dialogues WHEN NEW.chat_id = {}
         BEGIN SELECT RAISE(ABORT, 'injected fault'); END",
        failing.chat_id()
    );
    on_db!(h.ctx.db, c => sqlx::query(sqlx::AssertSqlSafe(trigger)).execute(c).await.map(|r| r.rows_affected()))
        .unwrap();
    let counts = storage::commit_counts(&h.ctx.db).expect("SQLite groups commits");
    let (commits, writes) = (counts.commits(), counts.writes());

    // Every step is sent by all workers at once (one getUpdates batch), then awaited.
    for (n, step) in zh_to_amount().iter().enumerate() {
        for w in &workers {
            script::perform(&h.standin, &w.user, (&w.user).into(), step).unwrap();
        }
        if n == 0 {
            script::perform(&h.standin, &failing.user, (&failing.user).into(), step).unwrap();
        }
        h.settle().await.unwrap();
    }
    let updates = i64::try_from(WORKERS * zh_to_amount().len() + 1).unwrap();
    let (commits, writes) = (counts.commits() - commits, counts.writes() - writes);
    // Before group commit every write was a COMMIT of its own; delivery's marks, made while nothing
    // else writes, still are.
    eprintln!("{updates} updates: {writes} writes in {commits} COMMITs, at most {} in one", counts.largest());
    assert_eq!(count(&h, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NOT NULL").await, updates);
    let saved = writes - commits;
    assert!(saved * 2 >= u64::try_from(updates).unwrap(), "{writes} writes in {commits} COMMITs for {updates} updates");
    assert!(counts.largest() >= 3, "at most {} writes in one COMMIT", counts.largest());

    // Every group-mate of the failing update went on to the amount question.
    for w in &workers {
        let last = h.standin.messages_in(w.chat_id()).last().and_then(|m| m.text.clone()).unwrap_or_default();
        assert!(last.contains("一共欠你多少钱？"), "{}: {last}", w.user.first_name);
    }
    // The failing update was undone alone (no dialogue saved), given up and apologised for.
    let saved: i64 = on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT COUNT(*) FROM dialogues WHERE chat_id = $1")
        .bind(failing.chat_id())
        .fetch_one(c)
        .await)
    .unwrap();
    assert_eq!(saved, 0);
    let error: Option<String> = on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT error FROM inbox WHERE chat_id = $1")
        .bind(failing.chat_id())
        .fetch_one(c)
        .await)
    .unwrap();
    assert_eq!(error.as_deref(), Some("handler-error"));
    assert!(chat_texts(&h, &failing).contains("系统出了点问题"), "{}", chat_texts(&h, &failing));

    // Each chat's updates were handled in the order they arrived.
    let rows: Vec<(i64, String)> = on_db!(h.ctx.db, c =>
            sqlx::query_as("SELECT chat_id, processed_at FROM inbox ORDER BY seq").fetch_all(c).await)
    .unwrap();
    let mut last = std::collections::HashMap::new();
    for (chat, at) in rows {
        if let Some(before) = last.insert(chat, at.clone()) {
            assert!(before <= at, "chat {chat}: an update handled at {at}, before its predecessor at {before}");
        }
    }
    finish(h).await;
}

fn load_name(i: usize) -> String {
    crate::load::name(i)
}
