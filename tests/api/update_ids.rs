//! Telegram's update ids are not one sequence for ever: after a week without updates Telegram starts
//! again at a random id (possibly lower than any before), and a database moved to another bot meets that
//! bot's own ids. Updates are stored by arrival; none is lost or handled twice because of its id.

use std::collections::BTreeMap;

use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::script;
use wagedesk::standin::{StandIn, StandInOptions};

use crate::helpers::*;

/// Two workers walk `steps` at the same time, each step answered.
async fn both_walk(h: &Harness, a: (&mut SimWorker, &[Act]), b: (&mut SimWorker, &[Act])) {
    let (x, y) = tokio::join!(walk(h, a.0, a.1), walk(h, b.0, b.1));
    x.expect("the first worker goes on");
    y.expect("the second worker goes on");
}

/// `(run, update_id, processed)` of a chat's inbox rows, in the order they arrived.
async fn arrivals(h: &Harness, chat: i64) -> Vec<(i64, i64, bool)> {
    on_db!(h.ctx.db, c =>
        sqlx::query_as("SELECT run, update_id, processed_at IS NOT NULL FROM inbox WHERE chat_id = $1 ORDER BY seq")
        .bind(chat)
        .fetch_all(c)
        .await)
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lower_update_ids_after_a_restart_of_telegrams_sequence_are_handled_and_none_is_lost() {
    let h = start().await;
    let bot_id = h.standin.bot_user().id;
    let mut li = h.worker("李建国");
    let mut wang = h.worker("王秀英");
    let li_steps = Intake::li().steps();
    let wang_steps = Intake::li()
        .name("王秀英")
        .employer("张老板（杭州某某装饰工程有限公司）")
        .amount("3万2")
        .phone("13912345678")
        .skip_id()
        .no_evidence()
        .steps();
    let (li_parts, wang_parts) = (li_steps.split_at(10), wang_steps.split_at(10));

    // Run 1: ids 1 to 20.
    both_walk(&h, (&mut li, &li_steps[..10]), (&mut wang, &wang_steps[..10])).await;
    let run_1_last = h.standin.last_update_id();
    assert_eq!(run_1_last, 20);

    // A week without updates while the bot keeps polling: Telegram starts again at 2.
    assert!(h.standin.restart_update_ids(2).is_empty(), "the bot had confirmed every update");
    both_walk(&h, (&mut li, &li_parts.1[..6]), (&mut wang, &wang_parts.1[..4])).await;
    let run_2_last = h.standin.last_update_id();
    assert_eq!(run_2_last, 11, "ids 2 to 11, every one of them used before");

    // The bot stops for a week; the sequence starts again lower still, and a message waits. Its id (1)
    // is within 10 of the offset the bot would resume with (12): Telegram would take that offset and
    // confirm update 1 away, so after a week's quiet the bot polls without one.
    let (settings, clock) = (h.settings.clone(), h.ctx.clock.clone());
    let standin = h.stop().await.unwrap();
    let week_ago =
        (chrono::Utc::now() - chrono::TimeDelta::days(8)).to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let db = store_of(&settings.database).await;
    on_db!(db, c =>
        sqlx::query("UPDATE inbox SET received_at = $1").bind(&week_ago).execute(c).await.map(|r| r.rows_affected()))
    .unwrap();
    db.close().await;
    assert!(standin.restart_update_ids(1).is_empty(), "the bot had confirmed every update");
    script::perform(&standin, &li.user, (&li.user).into(), &li_parts.1[6]).unwrap();
    let polls_before = standin.calls_to("getUpdates").len();
    let h = Harness::start_with(standin, settings, clock).await.unwrap();
    let answers = li.answers(&h).await.unwrap();
    assert!(!answers.is_empty(), "the message sent while the bot was down (update 1 of a new run) was answered");
    let first_poll = &h.standin.calls_to("getUpdates")[polls_before];
    assert_eq!(first_poll.params["offset"], 0, "after a week's quiet the first poll sends no offset");
    both_walk(&h, (&mut li, &li_parts.1[7..]), (&mut wang, &wang_parts.1[4..])).await;

    // Every update stored once and handled, in the order each chat sent them.
    for (w, steps) in [(&li, &li_steps), (&wang, &wang_steps)] {
        let rows = arrivals(&h, w.chat_id()).await;
        assert_eq!(rows.len(), steps.len(), "one inbox row per update of {}", w.user.first_name);
        assert!(rows.iter().all(|r| r.2), "every update of {} handled", w.user.first_name);
        let order: Vec<(i64, i64)> = rows.iter().map(|r| (r.0, r.1)).collect();
        assert!(order.is_sorted(), "{}'s updates arrived in (run, id) order: {order:?}", w.user.first_name);
        let submitted = chat_texts(&h, w).matches("投诉已提交").count();
        assert_eq!(submitted, 1, "{} filed exactly once", w.user.first_name);
    }
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 2);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL").await, 0);
    let runs: Vec<(i64, i64, i64, i64)> = on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT run, MIN(update_id), MAX(update_id), COUNT(*) FROM inbox WHERE bot_id = $1 GROUP BY run ORDER BY run",
    )
    .bind(bot_id)
    .fetch_all(c)
    .await)
    .unwrap();
    assert_eq!(runs.len(), 3, "{runs:?}");
    assert_eq!((runs[0].1, runs[0].2), (1, run_1_last));
    assert_eq!((runs[1].1, runs[1].2), (2, run_2_last));
    assert_eq!(runs[2].1, 1);
    let reused = count(
        &h,
        "SELECT COUNT(*) FROM (SELECT update_id FROM inbox GROUP BY update_id HAVING COUNT(*) = 3) AS repeated",
    )
    .await;
    assert!(reused >= 10, "ids 2 to 11 came in all three runs: {reused}");
    println!(
        "update ids: runs (first id, last id, updates) {:?}; {} ids handled in all three runs; {} updates, none lost",
        runs.iter().map(|r| (r.1, r.2, r.3)).collect::<Vec<_>>(),
        reused,
        li_steps.len() + wang_steps.len(),
    );
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_moved_to_another_bot_handles_that_bots_ids_and_each_bot_resumes_its_own() {
    let h = start().await;
    let first_bot = h.standin.bot_user().id;
    let mut w = h.worker("李建国");
    let steps = Intake::li().steps();
    let (before, after) = steps.split_at(Intake::li().to_amount().len());
    walk(&h, &mut w, before).await.unwrap();
    let first_bot_last = h.standin.last_update_id();

    // The same database, a new token: another bot, whose ids start again from 1.
    let (settings, clock) = (h.settings.clone(), h.ctx.clock.clone());
    let first_standin = h.stop().await.unwrap();
    let options =
        StandInOptions { bot_id: 7_000_000_002, bot_username: "wagedesk_two_bot".into(), ..Default::default() };
    let second_standin = StandIn::start(options).await.unwrap();
    // The deployment file still names the first bot; the operator moving it says so at start.
    let mut moved = settings.clone();
    moved.bot.ignore_username_mismatch = true;
    let h = Harness::start_with(second_standin, moved, clock.clone()).await.unwrap();
    // Telegram user ids are the same for every bot: the worker goes on with the new bot.
    let mut same = h.worker("李建国");
    assert_eq!(same.user.id, w.user.id);
    let answers = walk(&h, &mut same, after).await.unwrap();
    assert!(texts(&answers).contains(FIRST_CASE), "{}", texts(&answers));
    let second_bot_last = h.standin.last_update_id();
    assert!(second_bot_last <= first_bot_last + after.len() as i64);

    // Moved back: the first bot resumes after its own newest id.
    let second_standin = h.stop().await.unwrap();
    let h = Harness::start_with(first_standin, settings, clock).await.unwrap();
    let answers = w.send(&h, "你好").await.unwrap();
    assert!(!answers.is_empty(), "the first bot answers again");

    let per_bot: BTreeMap<i64, (i64, i64, i64)> = on_db!(h.ctx.db, c => sqlx::query_as::<_, (i64, i64, i64, i64)>(
        "SELECT bot_id, COUNT(DISTINCT run), MAX(update_id), COUNT(*) FROM inbox WHERE processed_at IS NOT NULL GROUP BY bot_id",
    )
    .fetch_all(c)
    .await)
    .unwrap()
    .into_iter()
    .map(|(bot, runs, last, n)| (bot, (runs, last, n)))
    .collect();
    let second_bot = second_standin.bot_user().id;
    assert_eq!(per_bot.len(), 2, "{per_bot:?}");
    assert_eq!(per_bot[&first_bot], (1, first_bot_last + 1, before.len() as i64 + 1));
    assert_eq!(per_bot[&second_bot], (1, second_bot_last, after.len() as i64));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL").await, 0);
    assert_eq!(count(&h, "SELECT COUNT(*) FROM complaints").await, 1);
    println!("update ids: (runs, last id, updates) per bot {per_bot:?}");
    second_standin.shutdown().await;
    finish(h).await;
}
