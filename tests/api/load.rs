//! Scripted load against the real `wagedesk run` binary: workers file complaints through the whole
//! dialogue while the bot is killed, restarted or stopped by a signal; afterwards the stand-in's record
//! and the database file are compared (see [`Audit`]).
//!
//! A worker waits for its answer by reading the database file the bot writes (WAL lets a second
//! process read): its update is handled and nothing is left to send to its chat. That holds across
//! crashes, when the stand-in alone cannot tell an answer that is late from one that is lost.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use rand::Rng;
use wagedesk::deployment::Deployment;
use wagedesk::outgoing::{Outgoing, StaffOp};
use wagedesk::script::{self, Act, Intake};
use wagedesk::standin::{FakeChat, FakeUser, GroupKind, StandIn};
use wagedesk::storage::{self, Db, cases};

pub const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/deploy/wagedesk.toml");

/// How long one step may wait for its answer, restarts included.
const STEP_TIMEOUT: Duration = Duration::from_secs(60);

/// A `wagedesk run` process, killed if the test ends with it still running: a failed assertion must
/// not leave a bot retrying against a database the next test drops (std's `Child` does not kill on drop).
pub struct BotChild {
    child: Child,
    log: PathBuf,
}

impl BotChild {
    /// The end of what it logged: what a failure shows of a bot that stopped on its own or badly.
    pub fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl std::ops::Deref for BotChild {
    type Target = Child;
    fn deref(&self) -> &Child {
        &self.child
    }
}

impl std::ops::DerefMut for BotChild {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for BotChild {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A bot process `stop` can signal: a [`BotChild`] (whose log a failure shows) or a plain `Child`.
pub trait Process {
    fn child(&mut self) -> &mut Child;
    fn log_tail(&self) -> String;
}

impl Process for Child {
    fn child(&mut self) -> &mut Child {
        self
    }
    fn log_tail(&self) -> String {
        "(its stderr was not kept)".into()
    }
}

impl Process for BotChild {
    fn child(&mut self) -> &mut Child {
        &mut self.child
    }
    fn log_tail(&self) -> String {
        BotChild::log_tail(self)
    }
}

/// Starts `wagedesk run` on `dir` against the stand-in; its log goes to `dir/bot-<n>.log`.
pub fn spawn_bot(standin: &StandIn, dir: &Path, env: &[(&str, &str)]) -> BotChild {
    static STARTS: AtomicU64 = AtomicU64::new(0);
    let log = dir.join(format!("bot-{}.log", STARTS.fetch_add(1, Ordering::Relaxed)));
    let stderr = std::fs::File::create(&log).map_or_else(|_| Stdio::null(), Stdio::from);
    let mut command = run_command(standin, dir);
    command.stderr(stderr).envs(env.iter().copied());
    BotChild { child: command.spawn().expect("the wagedesk binary starts"), log }
}

/// `wagedesk run` on `dir` against the stand-in, with nothing of the test's own environment that would
/// change how it starts (a key or credentials, the username check, the log format); stdout discarded.
pub fn run_command(standin: &StandIn, dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wagedesk"));
    command
        .arg("run")
        .env("TELOXIDE_TOKEN", standin.token())
        .env("TELOXIDE_API_URL", standin.api_url().as_str())
        .env("WAGEDESK_CONFIG", CONFIG)
        .env("WAGEDESK_KEY_FILE", dir.join("wagedesk.key"))
        .env("WAGEDESK_EVIDENCE_DIR", dir.join("evidence"))
        .env("WAGEDESK_POLL_TIMEOUT", "1")
        .env_remove("WAGEDESK_KEY")
        .env_remove("WAGEDESK_BOT_TOKEN_FILE")
        .env_remove("CREDENTIALS_DIRECTORY")
        .env_remove("WAGEDESK_IGNORE_USERNAME_MISMATCH")
        .env_remove("WAGEDESK_LOG_FORMAT")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null());
    crate::helpers::with_store(&mut command, &dir.join("wagedesk.db"));
    command
}

/// Waits for a start that must stop by itself (stderr piped): its exit status and stderr.
pub async fn refused(mut child: Child) -> (std::process::ExitStatus, String) {
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the bot started instead of refusing");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("piped"), &mut stderr).expect("stderr");
    (status, stderr)
}

/// Simulated workers answer in milliseconds; Telegram's per-chat second (and 20 a minute in the
/// office's group) would only slow the script.
pub const FAST_LIMITS: [(&str, &str); 3] =
    [("WAGEDESK_LIMIT_PRIVATE", "50/1s"), ("WAGEDESK_LIMIT_GROUP", "300/1s"), ("WAGEDESK_LIMIT_OVERALL", "300/1s")];

/// Opens (creating and migrating) the database the bot will use, and links the Xihu labour office to a
/// new group so new cases also notify an office.
pub async fn prepare(standin: &StandIn, dir: &Path) -> (Db, FakeChat) {
    let db = crate::helpers::store_of(&dir.join("wagedesk.db")).await;
    let d = Deployment::load(Path::new(CONFIG)).expect("deployment");
    let office = d.labour_office_for_county("330106").expect("Xihu office").id.clone();
    let group = standin.new_group("西湖区劳动监察大队", GroupKind::Supergroup, &[]);
    let mut conn = db.acquire().await.expect("connection");
    cases::link_office_chat(&mut conn, office.as_str(), group.id, "2026-12-01T00:00:00Z").await.expect("link");
    (db, group)
}

/// The whole Chinese intake for worker `i`: each worker names another employer and amount, so each
/// files a complaint of their own (no refused daily rate, no ID number, no evidence).
pub fn intake(i: usize) -> Vec<Act> {
    worker_intake(i).no_evidence().steps()
}

/// Worker `i`'s intake with Li's photo: their own site, employer, amount, name and phone, no ID.
pub fn worker_intake(i: usize) -> Intake {
    Intake::li()
        .address(format!("文三路{i}号工地"))
        .employer(format!("第{i}工程队老板"))
        .daily_rate_first(false)
        .amount(format!("{}万", i + 1))
        .name(name(i))
        .phone(format!("1380013{i:04}"))
        .skip_id()
        .description("干了四个月，老板一分钱没给，现在电话也不接。")
}

/// A distinct Chinese name for worker `i` (names may not hold digits), for up to 400 workers.
pub fn name(i: usize) -> String {
    const FAMILY: [&str; 10] = ["李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
    const GIVEN: [&str; 10] = ["建国", "秀英", "志强", "丽华", "军", "芳", "伟", "敏", "磊", "静"];
    const LAST: [&str; 4] = ["", "明", "华", "红"];
    format!("{}{}{}", FAMILY[i % 10], GIVEN[(i / 10) % 10], LAST[(i / 100) % 4])
}

/// Counts steps whose answer had to survive a crash.
#[derive(Default)]
pub struct Crashes {
    pub kills: AtomicU64,
    pub steps_interrupted: AtomicU64,
}

/// Plays `steps` as `user`, waiting for each answer (through any number of restarts) and a random
/// think time before the next step.
pub async fn walk(
    standin: &StandIn,
    db: &Db,
    user: &FakeUser,
    steps: &[Act],
    think_ms: Range<u64>,
    crashes: Arc<Crashes>,
) -> anyhow::Result<()> {
    walk_polling(standin, db, user, steps, think_ms, crashes, Duration::from_millis(20)).await
}

/// [`walk`], asking the database for the answer every `poll` (many workers: less often).
pub async fn walk_polling(
    standin: &StandIn,
    db: &Db,
    user: &FakeUser,
    steps: &[Act],
    think_ms: Range<u64>,
    crashes: Arc<Crashes>,
    poll: Duration,
) -> anyhow::Result<()> {
    for (done, step) in steps.iter().enumerate() {
        let kills_before = crashes.kills.load(Ordering::SeqCst);
        script::perform(standin, user, user.into(), step)
            .with_context(|| format!("{}: step {done} {step:?}", user.first_name))?;
        answered(db, user.id, done + 1, poll)
            .await
            .with_context(|| format!("{}: step {done} {step:?}", user.first_name))?;
        if crashes.kills.load(Ordering::SeqCst) != kills_before {
            crashes.steps_interrupted.fetch_add(1, Ordering::SeqCst);
        }
        let think = rand::rng().random_range(think_ms.clone());
        tokio::time::sleep(Duration::from_millis(think)).await;
    }
    Ok(())
}

/// Waits until the chat's first `updates` updates are handled and nothing is left to send to it.
async fn answered(db: &Db, chat: i64, updates: usize, poll: Duration) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + STEP_TIMEOUT;
    loop {
        let (handled, pending): (i64, i64) = on_db!(db, c => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM inbox WHERE chat_id = $1 AND processed_at IS NOT NULL),
                    (SELECT COUNT(*) FROM outbox WHERE chat_id = $1 AND state = 'pending')",
        )
        .bind(chat)
        .fetch_one(c)
        .await)?;
        if handled >= updates as i64 && pending == 0 {
            return Ok(());
        }
        if tokio::time::Instant::now() > deadline {
            bail!("no answer: {handled} of {updates} updates handled, {pending} messages unsent");
        }
        tokio::time::sleep(poll).await;
    }
}

/// Waits until the bot has nothing left to send at all.
pub async fn drained(db: &Db, timeout: Duration) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + timeout;
    while storage::outbox::pending_count(db).await? > 0 {
        if tokio::time::Instant::now() > deadline {
            let left: Vec<(i64, String, i64, Option<String>)> = on_db!(db, c => sqlx::query_as(
                "SELECT chat_id, payload, attempts, last_error FROM outbox WHERE state = 'pending' ORDER BY id",
            )
            .fetch_all(c)
            .await)?;
            bail!("the outbox did not drain: {left:#?}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// Waits until a (re)started bot polls, so it is past its start and listens for signals.
pub async fn polling(standin: &StandIn) {
    let before = standin.calls_to("getUpdates").len();
    standin.wait_for_calls("getUpdates", before + 1, Duration::from_secs(30)).await.expect("the bot polls");
}

/// Sends a signal and waits for the exit; says how long it took.
pub async fn stop(bot: &mut impl Process, signal: &str, within: Duration) -> Duration {
    let status = Command::new("kill").args([signal, &bot.child().id().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let sent_at = std::time::Instant::now();
    let exit = loop {
        if let Some(exit) = bot.child().try_wait().expect("wait") {
            break exit;
        }
        assert!(sent_at.elapsed() < within, "the bot did not stop within {within:?} of {signal}:\n{}", bot.log_tail());
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    assert!(exit.success(), "exit status after {signal}: {exit:?}; its log ends:\n{}", bot.log_tail());
    sent_at.elapsed()
}

/// What the stand-in and the database saw, compared.
#[derive(Debug, Default)]
pub struct Audit {
    pub updates_confirmed: i64,
    pub updates_handled: i64,
    pub complaints: i64,
    pub outbox_rows: i64,
    pub rows_pending: i64,
    /// Rows that post a message (`sendMessage`).
    pub message_rows: i64,
    /// Messages Telegram accepted for those rows.
    pub messages_delivered: i64,
    /// Deliveries beyond one per sent row: a row sent again after a crash before it was marked.
    pub delivered_again: i64,
    /// Rows failed, messages delivered less than once or more than twice, or without a row.
    pub delivery_errors: Vec<String>,
    pub integrity: String,
}

impl Audit {
    /// `dir` holds the key the bot made on its first start: outbox payloads are sealed with it.
    pub async fn take(standin: &StandIn, db: &Db, dir: &Path) -> anyhow::Result<Audit> {
        let ring = wagedesk::crypto::Keyring::parse(&std::fs::read_to_string(dir.join("wagedesk.key"))?)?;
        let vault = wagedesk::crypto::Vault::from_keyring(ring);
        let confirmed = standin.confirmed_update_id().unwrap_or(0);
        let handled: i64 = on_db!(db, c =>
            sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE update_id <= $1 AND processed_at IS NOT NULL")
                .bind(confirmed)
                .fetch_one(c)
                .await)?;
        let complaints: i64 =
            on_db!(db, c => sqlx::query_scalar("SELECT COUNT(*) FROM complaints").fetch_one(c).await)?;
        let rows: Vec<(String, String)> =
            on_db!(db, c => sqlx::query_as("SELECT payload, state FROM outbox").fetch_all(c).await)?;
        let rows: Vec<(String, String)> =
            rows.into_iter().map(|(p, state)| (vault.open_stored(&p).unwrap_or(p), state)).collect();
        let mut audit = Audit {
            updates_confirmed: confirmed,
            updates_handled: handled,
            complaints,
            outbox_rows: rows.len() as i64,
            // SQLite's check of its file; PostgreSQL's pages are its server's to check.
            integrity: match db.dialect() {
                wagedesk::storage::conn::Dialect::Sqlite => {
                    on_db!(db, c => sqlx::query_scalar("PRAGMA integrity_check").fetch_one(c).await)?
                }
                wagedesk::storage::conn::Dialect::Postgres => "not run (PostgreSQL)".to_owned(),
            },
            ..Audit::default()
        };
        // Per (chat, text): rows marked sent, all rows, and how often Telegram accepted the message.
        let mut wanted: BTreeMap<(i64, String), (i64, i64)> = BTreeMap::new();
        // Per chat: sent rows whose text the retention purge already cleared.
        let mut cleared: BTreeMap<i64, i64> = BTreeMap::new();
        for (payload, state) in &rows {
            match state.as_str() {
                "pending" => audit.rows_pending += 1,
                "sent" => {}
                _ => audit.delivery_errors.push(format!("a row ended {state}: {payload}")),
            }
            if let Some((chat_id, text)) = message_of(payload) {
                audit.message_rows += 1;
                if text == wagedesk::storage::outbox::ERASED_TEXT {
                    *cleared.entry(chat_id).or_default() += 1;
                    continue;
                }
                let entry = wanted.entry((chat_id, text)).or_default();
                entry.0 += i64::from(state == "sent");
                entry.1 += 1;
            }
        }
        let mut got: BTreeMap<(i64, String), i64> = BTreeMap::new();
        for call in standin.calls_to("sendMessage").into_iter().filter(|c| c.outcome.is_ok()) {
            let chat = call.params["chat_id"].as_i64().unwrap_or_default();
            let text = call.params["text"].as_str().unwrap_or_default().to_owned();
            *got.entry((chat, text)).or_default() += 1;
        }
        for (key, (sent_rows, all_rows)) in &wanted {
            let delivered = got.get(key).copied().unwrap_or(0);
            audit.messages_delivered += delivered;
            audit.delivered_again += (delivered - sent_rows).max(0);
            if delivered < *sent_rows || delivered > 2 * all_rows {
                audit
                    .delivery_errors
                    .push(format!("{key:?}: {sent_rows} of {all_rows} rows sent, delivered {delivered}"));
            }
        }
        // A cleared row still accounts for what it sent: once, or twice after a crash.
        let mut unmatched: BTreeMap<i64, i64> = BTreeMap::new();
        for ((chat, _), n) in got.iter().filter(|(k, _)| !wanted.contains_key(*k)) {
            *unmatched.entry(*chat).or_default() += n;
        }
        for (chat, rows) in &cleared {
            let n = unmatched.remove(chat).unwrap_or(0);
            audit.messages_delivered += n;
            audit.delivered_again += (n - rows).max(0);
            if n < *rows || n > 2 * rows {
                audit.delivery_errors.push(format!("chat {chat}: {rows} cleared rows sent, delivered {n}"));
            }
        }
        for (chat, n) in unmatched {
            audit.delivery_errors.push(format!("chat {chat}: {n} messages delivered without a row"));
        }
        Ok(audit)
    }

    /// Every confirmed update handled, nothing left to send, `workers` complaints, every message
    /// delivered once or twice, a sound file.
    pub fn check(&self, workers: usize) {
        assert_eq!(self.updates_handled, self.updates_confirmed, "confirmed updates lost");
        assert_eq!(self.rows_pending, 0, "rows left unsent");
        assert_eq!(self.complaints, workers as i64, "complaints lost or repeated");
        assert!(self.delivery_errors.is_empty(), "{:#?}", self.delivery_errors);
        assert!(["ok", "not run (PostgreSQL)"].contains(&self.integrity.as_str()), "{}", self.integrity);
    }
}

/// The chat and text of a row that posts a text message (to a worker, or in an office's group).
fn message_of(payload: &str) -> Option<(i64, String)> {
    match serde_json::from_str(payload).ok()? {
        Outgoing::Send { chat_id, text, .. } => Some((chat_id, text)),
        Outgoing::Staff { chat_id, op: StaffOp::Post { text, .. } | StaffOp::Reply { text, .. } } => {
            Some((chat_id, text))
        }
        _ => None,
    }
}

/// Every worker has exactly one complaint, with the amount they typed.
pub async fn check_complaints(db: &Db, workers: &[FakeUser]) {
    check_amounts(db, workers, |i| (i as i64 + 1) * 1_000_000).await;
}

/// Every worker `i` has exactly one complaint, of `fen(i)`.
pub async fn check_amounts(db: &Db, workers: &[FakeUser], fen: impl Fn(usize) -> i64) {
    for (i, w) in workers.iter().enumerate() {
        let fens: Vec<i64> =
            on_db!(db, c => sqlx::query_scalar("SELECT amount_fen FROM complaints WHERE worker_chat_id = $1")
            .bind(w.id)
            .fetch_all(c)
            .await)
            .expect("query");
        assert_eq!(fens, [fen(i)], "{}'s complaints", w.first_name);
    }
}

/// No worker was told their dialogue was lost or their message failed.
pub fn check_no_apologies(standin: &StandIn, workers: &[FakeUser]) {
    for w in workers {
        for m in standin.messages_in(w.id) {
            let text = m.text.unwrap_or_default();
            assert!(!text.contains("没能恢复") && !text.contains("没有处理成功"), "{}: {text}", w.first_name);
        }
    }
}

/// A size from the environment (`WAGEDESK_CRASH_KILLS=50`), else `default`.
pub fn from_env(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

pub fn data_dir() -> PathBuf {
    crate::helpers::fresh_dir()
}
