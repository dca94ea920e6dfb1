//! Shared set-up and the scripted intake flows the tests walk through.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, ensure};
use serde_json::{Value, json};
use wagedesk::clock::Clock;
use wagedesk::demo::harness::{Harness, SimWorker, demo_start};
use wagedesk::script;
pub use wagedesk::script::{Act, Intake, Opening, Worksite, evidence_photo};
use wagedesk::standin::SentMessage;

/// The case number the first complaint of the demo day in Xihu district gets.
pub const FIRST_CASE: &str = "QX-330106-20261201-0001";

pub const PHONE: &str = "13800138000";
pub const PHONE_MASKED: &str = "138****8000";
pub const ID_NUMBER: &str = "11010519491231002X";
pub const ID_MASKED: &str = "1101**********002X";

/// A new, empty data directory under the system temp dir, unique per process and call.
pub fn fresh_dir() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let dir = std::env::temp_dir().join(format!("wagedesk-api-{}-{n}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating a test directory");
    dir
}

/// A loopback port for a server a test starts: free now, never handed out twice in this run, and
/// below the kernel's range for outgoing connections, which could otherwise take it (a connection to
/// the database, say) between this probe and the server's bind.
pub fn free_port() -> u16 {
    static GIVEN: std::sync::Mutex<std::collections::BTreeSet<u16>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    let outgoing_from: u16 = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse().ok())
        .unwrap_or(32_768);
    let below = outgoing_from.clamp(12_000, 32_768);
    let mut given = GIVEN.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    loop {
        let port = rand::Rng::random_range(&mut rand::rng(), 10_000..below);
        if !given.contains(&port) && std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            given.insert(port);
            return port;
        }
    }
}

/// [`free_port`] on 127.0.0.1.
pub fn free_address() -> std::net::SocketAddr {
    std::net::SocketAddr::from(([127, 0, 0, 1], free_port()))
}

/// Whether this run keeps the bot's data in PostgreSQL (`WAGEDESK_TEST_STORE=postgres`; see
/// `wagedesk::demo::harness::test_store`).
pub fn on_postgres() -> bool {
    std::env::var("WAGEDESK_TEST_STORE").as_deref() == Ok("postgres")
}

/// For a test of what only a SQLite file has: on a PostgreSQL run it says why it does not run there
/// and returns `true` (the test returns). `.ci/run` counts these lines.
pub fn sqlite_only(why: &str) -> bool {
    if on_postgres() {
        println!("skipped on PostgreSQL: {why}");
        record_skip("postgres", why);
    }
    on_postgres()
}

/// Notes a test that did not run on `store` in the file `scripts/test` counts (`WAGEDESK_TEST_SKIPS`).
pub fn record_skip(store: &str, why: &str) {
    use std::io::Write;
    let Some(file) = std::env::var_os("WAGEDESK_TEST_SKIPS") else { return };
    let test = std::thread::current().name().unwrap_or("?").to_owned();
    if let Ok(mut f) = std::fs::OpenOptions::new().append(true).create(true).open(file) {
        let _ = writeln!(f, "{store}: {test} ({why})");
    }
}

/// The store a bot started on `database` writes: the file, or its PostgreSQL database on a
/// PostgreSQL run.
pub async fn store_of(database: &std::path::Path) -> wagedesk::storage::Db {
    match wagedesk::demo::harness::test_store(database).await.expect("the test's store") {
        Some(url) => wagedesk::storage::open_url(&url).await.expect("the test's PostgreSQL database"),
        None => wagedesk::storage::open(database).await.expect("the test's database file"),
    }
}

/// [`store_of`]'s PostgreSQL address, for a `wagedesk` command run on `database`'s data (`None`: the
/// file itself). Callable outside the runtime's threads: it makes the database on a thread of its own.
pub fn store_url(database: &std::path::Path) -> Option<String> {
    let database = database.to_path_buf();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
        rt.block_on(wagedesk::demo::harness::test_store(&database)).expect("the test's store")
    })
    .join()
    .expect("making the test's store")
}

/// Points a `wagedesk` command at `database`'s store (see [`store_url`]).
pub fn with_store(command: &mut std::process::Command, database: &std::path::Path) {
    command.env("WAGEDESK_DATABASE", database);
    if let Some(url) = store_url(database) {
        command.env("WAGEDESK_DATABASE_URL", url);
    }
}

/// The tables of a store, without sqlx's and SQLite's own, in name order.
pub async fn table_names(db: &wagedesk::storage::Db) -> Vec<String> {
    let sql = match db.dialect() {
        wagedesk::storage::conn::Dialect::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
               AND name <> '_sqlx_migrations' ORDER BY name"
        }
        wagedesk::storage::conn::Dialect::Postgres => {
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()
               AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations' ORDER BY 1"
        }
    };
    on_db!(db, c => sqlx::query_scalar(sql).fetch_all(c).await).expect("the store's tables")
}

/// The columns of `table`, in their order.
pub async fn column_names(db: &wagedesk::storage::Db, table: &str) -> Vec<String> {
    let sql = match db.dialect() {
        wagedesk::storage::conn::Dialect::Sqlite => "SELECT name FROM pragma_table_info($1) ORDER BY cid",
        wagedesk::storage::conn::Dialect::Postgres => {
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema()
               AND table_name = $1 ORDER BY ordinal_position"
        }
    };
    on_db!(db, c => sqlx::query_scalar(sql).bind(table).fetch_all(c).await).expect("the table's columns")
}

/// The text columns of `table` on PostgreSQL (SQLite's columns take any type: see [`column_names`]).
pub async fn text_columns(db: &wagedesk::storage::Db, table: &str) -> Vec<String> {
    on_db!(db, c => sqlx::query_scalar(
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema()
           AND table_name = $1 AND data_type = 'text' ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(c)
    .await)
    .expect("the table's text columns")
}

/// The manual clock every test runs on (the demo's morning, 2026-12-01 09:30 in Hangzhou).
pub fn clock() -> Clock {
    Clock::manual(demo_start())
}

/// A stand-in and the bot on a fresh directory.
pub async fn start() -> Harness {
    let dir = fresh_dir();
    Harness::start(&dir, clock()).await.expect("starting the stand-in and the bot")
}

/// Asserts the bot never broke the Bot API spec, then stops it cleanly.
pub async fn finish(h: Harness) {
    let violations = h.standin.violations();
    assert!(violations.is_empty(), "the bot sent requests the Bot API would refuse: {violations:#?}");
    h.stop().await.expect("the bot stops cleanly");
}

/// The texts of `messages`, one per line block, for `contains` assertions and failure output.
pub fn texts(messages: &[SentMessage]) -> String {
    messages.iter().map(|m| m.text.clone().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Every text the bot has in the worker's chat now (after edits).
pub fn chat_texts(h: &Harness, w: &SimWorker) -> String {
    texts(&h.standin.messages_in(w.chat_id()))
}

/// Does one step and checks the bot answered it with at least one message.
pub async fn act(h: &Harness, w: &mut SimWorker, step: Act) -> anyhow::Result<Vec<SentMessage>> {
    answered(h, w, &step).await
}

/// Does every step in order; returns the answers to the last one.
pub async fn walk(h: &Harness, w: &mut SimWorker, steps: &[Act]) -> anyhow::Result<Vec<SentMessage>> {
    let mut last = Vec::new();
    for step in steps {
        last = answered(h, w, step).await.with_context(|| format!("at step {step:?}"))?;
    }
    Ok(last)
}

async fn answered(h: &Harness, w: &mut SimWorker, step: &Act) -> anyhow::Result<Vec<SentMessage>> {
    let answers = w.act(h, step).await?;
    ensure!(!answers.is_empty(), "the bot did not answer {step:?}");
    Ok(answers)
}

/// The employer the demo's worker names.
pub fn employer() -> String {
    Intake::li().employer
}

/// The Chinese flow from `/start` to the amount question (the demo's first steps).
pub fn zh_to_amount() -> Vec<Act> {
    Intake::li().to_amount()
}

/// Walks the Chinese flow from the amount question to the summary.
pub async fn zh_amount_to_summary(h: &Harness, w: &mut SimWorker, f: &Intake) -> anyhow::Result<Vec<SentMessage>> {
    walk(h, w, &f.amount_to_summary()).await
}

/// The whole Chinese intake, as the demo plays it (including the refused daily rate), up to the
/// submit button; returns the answers to the last press (the notice with the submit button).
pub async fn zh_to_notice(h: &Harness, w: &mut SimWorker, f: &Intake) -> anyhow::Result<Vec<SentMessage>> {
    walk(h, w, &f.to_notice()).await
}

/// The summary confirmed and the complaint submitted; returns the answers to the submit press.
pub async fn confirm_and_submit(h: &Harness, w: &mut SimWorker) -> anyhow::Result<Vec<SentMessage>> {
    walk(h, w, &Intake::confirm_and_submit()).await
}

/// A worker who already filed files another complaint: `/new` goes straight to the privacy notice.
pub async fn file_again_zh_as(h: &Harness, w: &mut SimWorker, f: &Intake) -> anyhow::Result<Vec<SentMessage>> {
    walk(h, w, &f.clone().opening(Opening::Again).steps()).await
}

/// The whole Chinese intake with the demo's worker; returns the answers to the submit press.
pub async fn file_complaint_zh(h: &Harness, w: &mut SimWorker) -> anyhow::Result<Vec<SentMessage>> {
    file_complaint_zh_as(h, w, &Intake::li()).await
}

pub async fn file_complaint_zh_as(h: &Harness, w: &mut SimWorker, f: &Intake) -> anyhow::Result<Vec<SentMessage>> {
    walk(h, w, &f.steps()).await
}

/// A case with two claimants: 李建国 files (¥45,000), then 王秀英 about the same employer joins
/// (¥32,000, no ID number).
pub async fn li_and_wang_on_one_case(h: &Harness) -> (SimWorker, SimWorker) {
    let mut li = h.worker("李建国");
    file_complaint_zh(h, &mut li).await.unwrap();
    let mut wang = h.worker("王秀英");
    let joining = Intake::li().name("王秀英").amount("3万2").phone("13912345678").skip_id();
    file_complaint_zh_as(h, &mut wang, &joining).await.unwrap();
    (li, wang)
}

/// The newest bot message in the worker's chat that has a button with `label` in it, and that
/// button's callback data.
pub fn button(h: &Harness, w: &SimWorker, label: &str) -> (SentMessage, String) {
    script::newest_button(&h.standin, w.chat_id(), label).unwrap_or_else(|e| panic!("{e:#}"))
}

/// A `callback_query` update as Telegram would send it, with any `data` (a forged button).
pub fn raw_callback(w: &SimWorker, message: &SentMessage, id: &str, data: &str) -> Value {
    json!({
        "callback_query": {
            "id": id,
            "from": { "id": w.user.id, "is_bot": false, "first_name": w.user.first_name, "language_code": "zh-hans" },
            "message": message.raw,
            "chat_instance": format!("{}", w.chat_id().unsigned_abs() ^ 0x5eed),
            "data": data,
        }
    })
}

/// Rows of one column, for counting and comparing.
pub async fn count(h: &Harness, sql: &'static str) -> i64 {
    on_db!(h.ctx.db, c => sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The status of the one case in the database.
pub async fn status(h: &Harness) -> String {
    on_db!(h.ctx.db, c => sqlx::query_scalar("SELECT status FROM cases").fetch_one(c).await).unwrap()
}

/// One pass of the scheduler, then everything it queued is delivered.
pub async fn scan(h: &Harness) {
    wagedesk::scheduler::scan(&h.ctx).await.unwrap();
    h.settle().await.unwrap();
}

/// The chat of the claimant of `complaint_id` called `name` (names are sealed: each is opened).
pub async fn claimant_chat(h: &Harness, complaint_id: i64, name: &str) -> i64 {
    let rows: Vec<(i64, String)> =
        on_db!(h.ctx.db, c => sqlx::query_as("SELECT chat_id, name FROM claimants WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_all(c)
        .await)
        .unwrap();
    rows.into_iter()
        .find(|(_, sealed)| h.ctx.vault.open_stored(sealed).is_ok_and(|n| n == name))
        .map(|(chat, _)| chat)
        .unwrap_or_else(|| panic!("no claimant {name} on case {complaint_id}"))
}

/// Once the bot settled, the text it answered the button press `callback_id` with (`None`: accepted
/// silently); the press is answered exactly once.
pub async fn answer_to(h: &Harness, callback_id: &str) -> Option<String> {
    h.settle().await.unwrap();
    let answers: Vec<_> = h
        .standin
        .calls_to("answerCallbackQuery")
        .into_iter()
        .filter(|c| c.params["callback_query_id"] == callback_id)
        .collect();
    assert_eq!(answers.len(), 1, "the press {callback_id} is answered exactly once");
    answers[0].params.get("text").and_then(|t| t.as_str()).map(str::to_owned)
}
