//! Withdrawal and erasure through the real bot (个人信息保护法 Art. 15, 47): `/withdraw` ends a case
//! or takes one worker out of it, `/delete_my_data` and `wagedesk erase` leave no trace of the worker
//! in the database file, its WAL or the data directory — while the case's facts and its timeline stay
//! — and the retention purge does the same for finished cases once their time is up.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Duration as Days;
use wagedesk::demo::harness::{Harness, SimWorker};
use wagedesk::standin::{GroupKind, SentMessage};

use crate::helpers::*;
use crate::staff::{XIHU, card, link_office, press};

const SECOND_CASE: &str = "QX-330106-20261201-0002";

/// What one worker gave that must leave no trace: typed words in every form they could be stored in,
/// and the exact bytes of their evidence.
struct Traces {
    words: Vec<&'static str>,
    evidence: Vec<u8>,
}

impl Traces {
    fn needles(&self) -> Vec<(String, Vec<u8>)> {
        let mut out = Vec::new();
        for word in &self.words {
            let le: Vec<u8> = word.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let be: Vec<u8> = word.encode_utf16().flat_map(u16::to_be_bytes).collect();
            out.push((format!("{word} (UTF-8)"), word.as_bytes().to_vec()));
            out.push((format!("{word} (UTF-16LE)"), le));
            out.push((format!("{word} (UTF-16BE)"), be));
        }
        out.push(("the evidence file's bytes".to_owned(), self.evidence.clone()));
        out
    }
}

/// A photo of an IOU that names the worker, different for each worker.
fn photo(marker: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(format!("欠条 {marker} 今欠工资肆万伍仟元整").as_bytes());
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

fn zhao() -> (Intake, Traces) {
    let evidence = photo("ZHAO-TIEZHU-0417");
    let intake = Intake::li()
        .name("赵铁柱")
        .phone("13912345678")
        .photo(evidence.clone())
        .description("老板拖欠工资，约在紫藤湾茶楼见面也不给钱。");
    let words =
        vec!["赵铁柱", "赵*柱", "13912345678", "139 1234 5678", "139****5678", ID_NUMBER, ID_MASKED, "紫藤湾茶楼"];
    (intake, Traces { words, evidence })
}

fn qian() -> (Intake, Traces) {
    let evidence = photo("QIAN-DUODUO-0923");
    let intake = Intake::li()
        .name("钱多多")
        .phone("13700001111")
        .skip_id()
        .employer("东方红建材公司")
        .photo(evidence.clone())
        .description("干了四个月，在青石板巷的仓库卸货，工钱一分没给。");
    let words = vec!["钱多多", "钱*多", "13700001111", "137****1111", "青石板巷"];
    (intake, Traces { words, evidence })
}

/// Every file under `dir`, the database, its WAL and the evidence among them.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Where each trace is found: `file: what`.
async fn found(dir: &Path, traces: &[&Traces]) -> Vec<String> {
    let mut hits = Vec::new();
    for file in files_under(dir) {
        let Ok(bytes) = std::fs::read(&file) else { continue };
        for (what, needle) in traces.iter().flat_map(|t| t.needles()) {
            if contains(&bytes, &needle) {
                hits.push(format!("{}: {what}", file.display()));
            }
        }
    }
    if on_postgres() {
        hits.extend(found_in_rows(dir, traces).await);
    }
    hits
}

/// On a PostgreSQL run the data directory holds no database: every row of every table, as text.
async fn found_in_rows(dir: &Path, traces: &[&Traces]) -> Vec<String> {
    let db = store_of(&dir.join("wagedesk.db")).await;
    let tables: Vec<String> = on_db!(db, c => sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1",
    )
    .fetch_all(c)
    .await)
    .unwrap();
    let mut hits = Vec::new();
    for table in tables {
        let sql = format!("SELECT CAST(t AS TEXT) FROM {table} t");
        let rows: Vec<String> =
            on_db!(db, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(c).await).unwrap();
        for row in rows {
            for (what, needle) in traces.iter().flat_map(|t| t.needles()) {
                if contains(row.as_bytes(), &needle) {
                    hits.push(format!("table {table}: {what}"));
                }
            }
        }
    }
    db.close().await;
    hits
}

/// The traces still found once the bot had a few seconds to finish (files are deleted and the WAL
/// truncated just after the erasure commits).
async fn found_after_settling(dir: &Path, traces: &[&Traces]) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let hits = found(dir, traces).await;
        if hits.is_empty() || tokio::time::Instant::now() > deadline {
            return hits;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn data_dir(h: &Harness) -> PathBuf {
    h.settings.database.parent().expect("the database is in the data directory").to_path_buf()
}

/// Presses the button labelled `label` on the newest message of `w`'s chat that has one; returns
/// what the bot said.
async fn press_in_chat(h: &Harness, w: &mut SimWorker, label: &str) -> String {
    texts(&w.press(h, label).await.unwrap())
}

async fn timeline(h: &Harness, case: &str) -> Vec<(String, String, String, Option<String>)> {
    on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT t.event, t.message_id, t.args, t.redacted_at FROM timeline t JOIN complaints c ON c.id = t.complaint_id
         WHERE c.case_number = $1 ORDER BY t.id",
    )
    .bind(case)
    .fetch_all(c)
    .await)
    .unwrap()
}

async fn facts(h: &Harness, case: &str) -> (String, i64, String, i64, i64) {
    on_db!(h.ctx.db, c => sqlx::query_as(
        "SELECT c.county_code, c.amount_fen, k.status, k.claimed_fen, (SELECT COUNT(*) FROM claimants WHERE complaint_id = c.id)
         FROM complaints c JOIN cases k ON k.complaint_id = c.id WHERE c.case_number = $1",
    )
    .bind(case)
    .fetch_one(c)
    .await)
    .unwrap()
}

/// The bot as [`start`] runs it, but with its scheduler's passes a day apart: the test runs the
/// retention purge itself, and counts what that one run did.
async fn start_purging_by_hand() -> Harness {
    let standin = wagedesk::standin::StandIn::start(wagedesk::standin::StandInOptions::default()).await.unwrap();
    let mut settings = wagedesk::app::Settings::in_dir(&fresh_dir());
    wagedesk::demo::harness::scripted(&mut settings.bot.delivery);
    settings.bot.clock_scan_every = Duration::from_secs(24 * 3600);
    Harness::start_with(standin, settings, clock()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_and_erased_worker_leaves_no_trace_in_the_database_its_wal_or_the_data_directory() {
    let h = start_purging_by_hand().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let (zhao_intake, zhao_traces) = zhao();
    let (qian_intake, qian_traces) = qian();
    let mut zhao = h.worker("赵铁柱");
    file_complaint_zh_as(&h, &mut zhao, &zhao_intake).await.unwrap();
    let mut qian = h.worker("钱多多");
    file_complaint_zh_as(&h, &mut qian, &qian_intake).await.unwrap();
    h.settle().await.unwrap();
    let dir = data_dir(&h);
    assert!(!found(&dir, &[&zhao_traces]).await.is_empty(), "the scan finds what is there");

    // A clerk shows the first case's personal data in the group.
    let first_card = card(&h, FIRST_CASE, &xihu).await;
    let (_, unmask) = first_card.callback_buttons().into_iter().find(|(l, _)| l.contains("显示个人信息")).unwrap();
    h.standin.press_button(&xihu.clerk, &first_card, &unmask).unwrap();
    h.settle().await.unwrap();
    // It shows in an alert on the clerk's screen, not in the group.
    let alert = h
        .standin
        .calls_to("answerCallbackQuery")
        .into_iter()
        .filter_map(|c| c.params["text"].as_str().map(str::to_owned))
        .next_back()
        .unwrap_or_default();
    assert!(alert.contains("13912345678") && alert.contains("赵铁柱"), "unmasked: {alert}");
    // And notes in the case's record what the worker's witness said, naming the worker.
    let note = format!("/note {FIRST_CASE} 赵铁柱说紫藤湾茶楼的老板能作证");
    h.standin.send_text(&xihu.clerk, &xihu.group, &note);
    h.settle().await.unwrap();

    // Each worker withdraws: each was their case's only claimant, so each case ends as withdrawn.
    let asked = texts(&zhao.send(&h, "/withdraw").await.unwrap());
    assert!(asked.contains("你要撤回哪件投诉") && asked.contains(FIRST_CASE), "{asked}");
    press_in_chat(&h, &mut zhao, &format!("撤回 {FIRST_CASE}")).await;
    assert!(chat_texts(&h, &zhao).contains("你的投诉已撤回"), "the worker is told");
    assert!(texts(&h.standin.messages_in(xihu.group.id)).contains("工人已撤回此投诉"), "the office is told");
    qian.send(&h, "/withdraw").await.unwrap();
    press_in_chat(&h, &mut qian, &format!("撤回 {SECOND_CASE}")).await;
    assert_eq!(facts(&h, FIRST_CASE).await.2, "withdrawn");
    assert_eq!(facts(&h, SECOND_CASE).await.2, "withdrawn");

    // The first worker erases their data.
    let before = timeline(&h, FIRST_CASE).await;
    let asked = texts(&zhao.send(&h, "/delete_my_data").await.unwrap());
    assert!(asked.contains("会删除") && asked.contains("会保留"), "what is kept is explained: {asked}");
    let done = press_in_chat(&h, &mut zhao, "确认删除").await;
    assert!(done.contains("你的个人信息已删除"), "{done}");
    h.settle().await.unwrap();
    let hits = found_after_settling(&dir, &[&zhao_traces]).await;
    assert!(hits.is_empty(), "the erased worker is still in the files:\n{}", hits.join("\n"));
    assert!(!found(&dir, &[&qian_traces]).await.is_empty(), "the other worker's data is untouched");
    if !on_postgres() {
        let database = std::fs::read(h.database_path()).unwrap();
        assert!(contains(&database, FIRST_CASE.as_bytes()), "the scan read the database's real contents");
    }

    // The case's facts and its timeline stay: every entry, redacted where it held words, and the erasure.
    assert_eq!(facts(&h, FIRST_CASE).await, ("330106".to_owned(), 4_500_000, "withdrawn".to_owned(), 4_500_000, 1));
    let after = timeline(&h, FIRST_CASE).await;
    assert_eq!(after.len(), before.len() + 1, "no entry removed, one added");
    for ((event, message, _, _), (event_after, message_after, _, _)) in before.iter().zip(&after) {
        assert_eq!((event, message), (event_after, message_after));
    }
    let events: Vec<&str> = after.iter().map(|(e, ..)| e.as_str()).collect();
    for expected in ["routed", "unmasked", "withdrawn", "personal_data_erased"] {
        assert!(events.contains(&expected), "{expected} in {events:?}");
    }
    let erased = after.last().unwrap();
    assert_eq!(erased.1, "timeline-personal-data-erased");
    assert!(erased.2.contains("2026-12-01"), "personal data erased on the day: {}", erased.2);
    let (_, _, note_args, redacted) = after.iter().find(|(e, ..)| e == "note").expect("the note stays");
    assert!(redacted.is_some() && !note_args.contains("紫藤湾"), "the note's words are redacted: {note_args}");
    // Redaction is the only change the timeline allows, and only once.
    for refused in [
        "DELETE FROM timeline WHERE complaint_id = 1",
        "UPDATE timeline SET event = 'nothing' WHERE complaint_id = 1",
        "UPDATE timeline SET args = '{}', redacted_at = 'again' WHERE complaint_id = 1 AND redacted_at IS NOT NULL",
    ] {
        let e =
            on_db!(h.ctx.db, c => sqlx::query(refused).execute(c).await.map(|r| r.rows_affected())).expect_err(refused);
        assert!(e.to_string().contains("append-only"), "{refused}: {e}");
    }
    let card_now = card(&h, FIRST_CASE, &xihu).await.text.unwrap();
    assert!(card_now.contains("（个人信息已删除）") && card_now.contains("¥45,000"), "{card_now}");

    // Nobody is left to reach: a clerk's reply in the topic is not sent anywhere, and the clerk is told.
    crate::staff::staff_says(&h, FIRST_CASE, &xihu, "还需要补充材料吗？").await;
    assert!(texts(&h.standin.messages_in(xihu.group.id)).contains("没有可以联系的工人"));
    assert_eq!(count(&h, "SELECT COUNT(*) FROM outbox WHERE chat_id = 0").await, 0);

    // A year and a day on, the retention purge erases the other worker's withdrawn case too.
    h.ctx.clock.advance(Days::days(366));
    let purged = wagedesk::erasure::retention::purge(&h.ctx).await.unwrap();
    assert_eq!((purged.cases, purged.claimants, purged.evidence_files), (1, 1, 1), "{purged:?}");
    h.settle().await.unwrap();
    let hits = found_after_settling(&dir, &[&zhao_traces, &qian_traces]).await;
    assert!(hits.is_empty(), "personal data outlived the retention period:\n{}", hits.join("\n"));
    assert_eq!(facts(&h, SECOND_CASE).await.2, "withdrawn");
    let expired = timeline(&h, SECOND_CASE).await;
    assert_eq!(expired.last().unwrap().1, "timeline-personal-data-expired");
    // Idempotent: a second purge finds no case, only the messages sent since (the refreshed card).
    let again = wagedesk::erasure::retention::purge(&h.ctx).await.unwrap();
    assert_eq!((again.cases, again.claimants), (0, 0), "a second purge finds nothing: {again:?}");
    assert_eq!(
        count(&h, "SELECT COUNT(*) FROM outbox WHERE state <> 'pending' AND cleared_at IS NULL").await,
        0,
        "every sent message's contents cleared"
    );
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_paid_in_full_closes_when_the_last_worker_it_waited_for_erases_their_data() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let (mut li, mut wang) = li_and_wang_on_one_case(&h).await;
    press(&h, &xihu, "受理").await;
    crate::staff::resolve_paid_in_full(&h, &xihu).await;
    li.press(&h, "收到了").await.unwrap();
    assert_eq!(facts(&h, FIRST_CASE).await.2, "resolved", "waits for the worker who joined");

    wang.send(&h, "/delete_my_data").await.unwrap();
    press_in_chat(&h, &mut wang, "确认删除").await;
    h.settle().await.unwrap();
    assert_eq!(facts(&h, FIRST_CASE).await.2, "closed", "nobody is left to wait for");
    assert!(chat_texts(&h, &li).contains("这个案子的工人都确认收到了工资"), "{}", chat_texts(&h, &li));
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains("其余工人都已确认收到工资，案件销账"), "{group}");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_leaving_a_shared_case_is_counted_out_and_the_others_go_on() {
    let h = start().await;
    let xihu = link_office(&h, XIHU, GroupKind::Forum).await;
    let (mut li, wang) = li_and_wang_on_one_case(&h).await;
    assert_eq!(facts(&h, FIRST_CASE).await.3, 7_700_000);

    // The filer leaves: the case goes on for the worker who joined, who now hears its news.
    li.send(&h, "/withdraw").await.unwrap();
    let left = press_in_chat(&h, &mut li, &format!("撤回 {FIRST_CASE}")).await;
    assert!(left.contains(&format!("你已退出案件 {FIRST_CASE}")), "{left}");
    let (_, _, status, claimed, claimants) = facts(&h, FIRST_CASE).await;
    assert_eq!((status.as_str(), claimed, claimants), ("submitted", 3_200_000, 2), "counted out, kept on record");
    let workers: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT workers FROM cases").fetch_one(c).await).unwrap();
    assert_eq!(workers, 1);
    let group = texts(&h.standin.messages_in(xihu.group.id));
    assert!(group.contains("一位申请人撤回了自己的投诉") && group.contains("¥45,000"), "{group}");
    assert!(!group.contains("李建国"), "the office is not told who");
    let card_now = card(&h, FIRST_CASE, &xihu).await.text.unwrap();
    assert!(card_now.contains("王*英") && !card_now.contains("李*国"), "{card_now}");
    let worker: i64 =
        on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT worker_chat_id FROM complaints").fetch_one(c).await).unwrap();
    assert_eq!(worker, wang.chat_id(), "the case's news now go to the worker who stayed");

    press(&h, &xihu, "受理").await;
    assert!(chat_texts(&h, &wang).contains("已经接手你的案子"), "{}", chat_texts(&h, &wang));
    assert!(!chat_texts(&h, &li).contains("已经接手你的案子"), "the worker who left is not told");
    let none = texts(&li.send(&h, "/withdraw").await.unwrap());
    assert!(none.contains("没有可以撤回的投诉"), "{none}");
    // What the worker who left writes now is not relayed to the case.
    let before = h.standin.messages_in(xihu.group.id).len();
    li.send(&h, "还有一件事").await.unwrap();
    assert_eq!(h.standin.messages_in(xihu.group.id).len(), before, "nothing relayed");
    finish(h).await;
}

/// The answer to a press of `data` on `message` by `w` (a raw update: the button may be gone).
async fn toast(h: &Harness, w: &SimWorker, message: &SentMessage, data: &str) -> Option<String> {
    let id = format!("privacy-{}", h.standin.last_update_id() + 1);
    h.standin.push_raw_update(raw_callback(w, message, &id, data));
    answer_to(h, &id).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_stale_and_other_chats_privacy_buttons_are_refused_politely() {
    let h = start().await;
    let mut li = h.worker("李建国");
    file_complaint_zh(&h, &mut li).await.unwrap();
    li.send(&h, "/delete_my_data").await.unwrap();
    let (question, confirm) = button(&h, &li, "确认删除");
    let stale = Some("这个按钮已经失效了。需要的话，请重新发 /withdraw 或 /delete_my_data。".to_owned());

    // Someone else pressing the worker's button, or forging one, erases nothing.
    let mut other = h.worker("王秀英");
    other.send(&h, "/start").await.unwrap();
    assert_eq!(toast(&h, &other, &question, &confirm).await, stale);
    for forged in ["p:AAAAAAAAAAAA:1", "p:zz:9", "p:not-a-token:1", "p:"] {
        assert_eq!(toast(&h, &li, &question, forged).await, stale, "{forged}");
    }
    let token = confirm.split(':').nth(1).unwrap();
    assert_eq!(toast(&h, &li, &question, &format!("p:{token}:2")).await, stale, "only one thing was offered");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants WHERE erased_at IS NOT NULL").await, 0);

    // A day later the question has lapsed; asked again, "do not delete" keeps everything.
    h.ctx.clock.advance(Days::days(1));
    assert_eq!(toast(&h, &li, &question, &confirm).await, stale);
    li.send(&h, "/delete_my_data").await.unwrap();
    let (question, confirm) = button(&h, &li, "确认删除");
    let kept = press_in_chat(&h, &mut li, "不删除").await;
    assert!(kept.contains("什么都没有删除"), "{kept}");
    assert_eq!(toast(&h, &li, &question, &confirm).await, stale, "an answered question is not answered twice");
    assert_eq!(count(&h, "SELECT COUNT(*) FROM claimants WHERE erased_at IS NOT NULL").await, 0);
    assert_eq!(status(&h).await, "submitted");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wagedesk_erase_beside_the_running_bot_makes_its_delivery_read_its_rows_again() {
    let h = start().await;
    let (qian_intake, _) = qian();
    let mut qian = h.worker("钱多多");
    file_complaint_zh_as(&h, &mut qian, &qian_intake).await.unwrap();
    h.settle().await.unwrap();
    let before = h.ctx.outbox_reread.load(std::sync::atomic::Ordering::SeqCst);

    // Rows the bot's delivery holds in memory may name the worker: the erasure in another process
    // must reach it (a file beside the SQLite database; NOTIFY on PostgreSQL).
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_wagedesk"));
    command
        .args(["erase", "--chat", &qian.chat_id().to_string()])
        .env("WAGEDESK_CONFIG", crate::load::CONFIG)
        .env("WAGEDESK_EVIDENCE_DIR", &h.settings.evidence_dir)
        .env("WAGEDESK_KEY_FILE", &h.settings.key_file)
        .env("RUST_LOG", "warn");
    with_store(&mut command, &h.database_path());
    let out = tokio::task::spawn_blocking(move || command.output()).await.unwrap().expect("the wagedesk binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let told = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while h.ctx.outbox_reread.load(std::sync::atomic::Ordering::SeqCst) == before {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    })
    .await;
    assert!(told.is_ok(), "the running bot was not told of the erasure");
    finish(h).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_erases_a_case_claimant_or_a_chat_from_the_command_line() {
    let h = start().await;
    let (zhao_intake, zhao_traces) = zhao();
    let mut zhao = h.worker("赵铁柱");
    file_complaint_zh_as(&h, &mut zhao, &zhao_intake).await.unwrap();
    let (qian_intake, qian_traces) = qian();
    let mut qian = h.worker("钱多多");
    file_complaint_zh_as(&h, &mut qian, &qian_intake).await.unwrap();
    h.settle().await.unwrap();
    let dir = data_dir(&h);
    let database = h.database_path();
    let evidence = h.settings.evidence_dir.clone();
    let key_file = h.settings.key_file.clone();
    let qian_chat = qian.chat_id();
    let standin = h.stop().await.unwrap();

    let erase = |args: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_wagedesk"));
        command
            .arg("erase")
            .args(args)
            .env("WAGEDESK_CONFIG", crate::load::CONFIG)
            .env("WAGEDESK_EVIDENCE_DIR", &evidence)
            .env("WAGEDESK_KEY_FILE", &key_file)
            .env("RUST_LOG", "warn");
        with_store(&mut command, &database);
        let out = command.output().expect("the wagedesk binary runs");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, _, err) = erase(&["--case", "QX-330106-20261201-0099"]);
    assert!(!ok && err.contains("没有编号为"), "{err}");
    let (ok, out, err) = erase(&["--case", "0001"]);
    assert!(ok, "{err}");
    assert!(out.contains(FIRST_CASE) && out.contains("1 位申请人"), "{out}");
    assert!(found(&dir, &[&zhao_traces]).await.is_empty(), "{:?}", found(&dir, &[&zhao_traces]).await);
    assert!(!found(&dir, &[&qian_traces]).await.is_empty(), "only the case named");
    let (ok, out, err) = erase(&["--chat", &qian_chat.to_string()]);
    assert!(ok && out.contains(&qian_chat.to_string()), "{out}{err}");
    assert!(found(&dir, &[&qian_traces]).await.is_empty(), "{:?}", found(&dir, &[&qian_traces]).await);

    let db = store_of(&database).await;
    let statuses: Vec<String> =
        on_db!(db, c => sqlx::query_scalar("SELECT status FROM cases ORDER BY complaint_id").fetch_all(c).await)
            .unwrap();
    assert_eq!(statuses, ["withdrawn", "withdrawn"], "an open part is withdrawn before its erasure");
    let erased: i64 =
        on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM timeline WHERE event = 'personal_data_erased'")
        .fetch_one(c)
        .await)
        .unwrap();
    assert_eq!(erased, 2);
    db.close().await;
    standin.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_a_worker_sent_filing_again_from_another_chat_go_with_their_erasure_keys_and_all() {
    let h = start().await;
    let mut li = h.worker("李建国");
    file_complaint_zh(&h, &mut li).await.unwrap();
    // The same worker (same phone), from a new chat: filed already; the new photo joins the case.
    let mut again = h.worker("李建国");
    let said = texts(&file_complaint_zh(&h, &mut again).await.unwrap());
    assert!(said.contains("不用重复提交"), "{said}");
    assert!(said.contains("当初提交的地方") && !said.contains("/status"), "followed where it was filed: {said}");
    let kept = "SELECT COUNT(*) FROM evidence WHERE stored_path IS NOT NULL OR file_key IS NOT NULL OR file_id <> ''";
    assert_eq!(count(&h, kept).await, 2, "both photos on the case");
    let files = || std::fs::read_dir(&h.ctx.evidence_dir).map_or(0, |d| d.flatten().count());
    assert_eq!(files(), 2);

    // The worker's erasure takes both, and each file's key: a copy left anywhere cannot be read.
    li.send(&h, "/delete_my_data").await.unwrap();
    let done = press_in_chat(&h, &mut li, "确认删除").await;
    assert!(done.contains("你的个人信息已删除"), "{done}");
    h.settle().await.unwrap();
    assert_eq!(count(&h, kept).await, 0, "no file, key or Telegram id left");
    assert_eq!(files(), 0, "no file left in the evidence directory");
    finish(h).await;
}
