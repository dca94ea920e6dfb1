//! The transactional outbox: rows written with the change that causes them, sent by the delivery worker.
//! A web worker's rows (`core::channel`) go to their web mailbox instead, read by their status page.
//! A row is `pending` until sent, or `failed` for good (its `last_error` says why; an unreachable chat's
//! error starts with [`UNDELIVERABLE`]).

use std::sync::LazyLock;

use wagedesk_core::channel::is_web_chat;
use wagedesk_core::crypto::Vault;
use wagedesk_core::outgoing::Outgoing;

use super::{Db, WriteTx};
use crate::conn::{Conn, Dialect};
use crate::on_conn;

/// How the delivery worker orders rows of different chats when the overall budget is short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    /// An answer to what a worker just did: they are looking at the chat.
    Reply = 0,
    /// A notification nobody is waiting for this second.
    Notification = 1,
}

impl Priority {
    fn from_db(n: i64) -> Priority {
        if n == 0 { Priority::Reply } else { Priority::Notification }
    }
}

/// `last_error` of a row Telegram refused for good because the chat cannot be reached.
pub const UNDELIVERABLE: &str = "undeliverable: ";

#[derive(Debug, Clone)]
pub struct OutboxRow {
    pub id: i64,
    pub chat_id: i64,
    /// The payload opened, or why it does not open.
    pub payload: Result<String, String>,
    pub attempts: i64,
    pub priority: Priority,
    /// RFC 3339; not sent before this.
    pub next_attempt_at: String,
}

/// Payloads are sealed like the numbers (they carry names, descriptions, relayed words): the database
/// and its WAL hold no message in clear. Rows written before sealing (plain JSON) still read.
fn open(vault: &Vault, stored: &str) -> Result<String, String> {
    if stored.starts_with('{') {
        return Ok(stored.to_owned());
    }
    vault.open(stored).map_err(|e| e.to_string())
}

/// Queues a notification.
pub async fn enqueue<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    chat_id: i64,
    payload: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    enqueue_with(conn, vault, chat_id, payload, now, Priority::Notification, None).await
}

/// [`enqueue`] for a worker about case `complaint_id`: a web worker's mailbox row names the case, so
/// that case's status page shows it (one browser may have filed several).
pub async fn enqueue_about<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    chat_id: i64,
    payload: &str,
    now: &str,
    complaint_id: i64,
) -> Result<i64, sqlx::Error> {
    if is_web_chat(chat_id) {
        return web_mail(conn, vault, chat_id, payload, now, Some(complaint_id)).await;
    }
    enqueue(conn, vault, chat_id, payload, now).await
}

/// Queues a row whose text holds personal data in clear: once Telegram has it (or refused it for
/// good) the stored payload is replaced by `after_send`, the same row without that text (see
/// [`ERASED_TEXT`]), so it keeps its kind — what it cost against Telegram's limits still reads back.
pub async fn enqueue_erased_after_send<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    chat_id: i64,
    payload: &str,
    after_send: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    enqueue_with(conn, vault, chat_id, payload, now, Priority::Notification, Some(after_send)).await
}

/// What an erased row's text and caption read afterwards (never shown to anyone).
pub const ERASED_TEXT: &str = "[erased after sending]";

/// Swaps an erase-after-send row's payload for its text-free copy.
const ERASE: &str = "payload = COALESCE(payload_after_send, payload), payload_after_send = NULL";

// Built once: marking rows is on delivery's hot path, and one text keeps one prepared statement.
fn mark_sent_sql(dialect: Dialect) -> &'static str {
    fn build(dialect: Dialect) -> String {
        format!(
            "UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, {ERASE}
             WHERE id IN {} AND state = 'pending'",
            dialect.id_list("?")
        )
    }
    static SQLITE: LazyLock<String> = LazyLock::new(|| build(Dialect::Sqlite));
    static POSTGRES: LazyLock<String> = LazyLock::new(|| build(Dialect::Postgres));
    match dialect {
        Dialect::Sqlite => &SQLITE,
        Dialect::Postgres => &POSTGRES,
    }
}
static MARK_FAILED: LazyLock<String> = LazyLock::new(|| {
    format!(
        "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = $2, {ERASE} WHERE id = $1 AND state = 'pending'"
    )
});

/// Queues an answer to what a worker just did; it goes ahead of queued notifications to other chats.
pub async fn enqueue_reply<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    chat_id: i64,
    payload: &str,
    now: &str,
) -> Result<i64, sqlx::Error> {
    enqueue_with(conn, vault, chat_id, payload, now, Priority::Reply, None).await
}

/// Delivery reads on from the last id it saw, which is safe only if rows commit in id order. SQLite
/// has one writer at a time; on PostgreSQL, writers that queue rows take this transaction lock first,
/// so a later id is given only after the earlier one's transaction ended.
const ORDER_LOCK: &str = "outbox-order";

/// The PostgreSQL channel on which a commit that queued rows tells every replica (the leading one
/// delivers, [`follow_commits`]); a payload of [`REREAD`] says rows were changed under it (erased).
pub const CHANNEL: &str = "wagedesk_outbox";
pub const REREAD: &str = "reread";

/// A writer about to queue rows on PostgreSQL: waits for [`ORDER_LOCK`] and tells the replicas, in one
/// statement (`?`: the lock's name, the channel).
const ORDER_AND_NOTIFY: &str = "SELECT pg_advisory_xact_lock(hashtext(?)), pg_notify(?, '')";

/// Queues the answers to one update, `(chat_id, payload)` in order, with the transaction's commit.
pub fn enqueue_replies(tx: &mut WriteTx, vault: &Vault, rows: &[(i64, String)], now: &str) {
    type Row<'r> = &'r (i64, String);
    let (web, telegram): (Vec<Row<'_>>, Vec<Row<'_>>) = rows.iter().partition(|(chat, _)| is_web_chat(*chat));
    for (chat, payload) in web {
        tx.defer("INSERT INTO web_mail (chat_id, payload, created_at) VALUES (?, ?, ?)")
            .bind(*chat)
            .bind(vault.seal(payload))
            .bind(now);
    }
    if tx.dialect() == Dialect::Postgres && !telegram.is_empty() {
        tx.defer(ORDER_AND_NOTIFY).bind(ORDER_LOCK).bind(CHANNEL);
    }
    // A text longer than Telegram takes goes as several rows, in order.
    let telegram: Vec<(i64, String)> =
        telegram.into_iter().flat_map(|(chat, payload)| sendable(payload).into_iter().map(|p| (*chat, p))).collect();
    // SQLite allows 32,766 parameters; an update's answers are a handful.
    for chunk in telegram.chunks(1_000) {
        let values = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
        let mut statement = tx.defer(&format!(
            "INSERT INTO outbox (chat_id, payload, next_attempt_at, created_at, priority) VALUES {values}"
        ));
        for (chat, payload) in chunk {
            let sealed = vault.seal(payload);
            statement = statement.bind(*chat).bind(sealed).bind(now).bind(now).bind(Priority::Reply as i64);
        }
    }
}

async fn enqueue_with<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    chat_id: i64,
    payload: &str,
    now: &str,
    priority: Priority,
    after_send: Option<&str>,
) -> Result<i64, sqlx::Error> {
    if is_web_chat(chat_id) {
        // The worker reads it on their status page, in full (nothing is erased after sending there:
        // the page is all they have); it is never sent to Telegram.
        return web_mail(conn, vault, chat_id, payload, now, None).await;
    }
    let mut conn: Conn<'c> = conn.into();
    if let Conn::Postgres(c) = &mut conn {
        sqlx::query(sqlx::AssertSqlSafe(crate::conn::numbered(ORDER_AND_NOTIFY)))
            .bind(ORDER_LOCK)
            .bind(CHANNEL)
            .execute(&mut **c)
            .await?;
    }
    // A text longer than Telegram takes goes as several rows, in order (their ids follow one another,
    // and delivery keeps a chat's order); the last row's id is returned.
    let parts = sendable(payload);
    let mut id = 0;
    for part in &parts {
        // Each part's text-free copy, when the whole row's text is to be erased after sending.
        let after = match after_send {
            Some(after) if parts.len() > 1 => Some(
                serde_json::from_str::<Outgoing>(part)
                    .ok()
                    .and_then(|row| serde_json::to_string(&row.without_text(ERASED_TEXT)).ok())
                    .unwrap_or_else(|| after.to_owned()),
            ),
            other => other.map(str::to_owned),
        };
        id = on_conn!(&mut conn, c => sqlx::query_scalar(
            "INSERT INTO outbox (chat_id, payload, next_attempt_at, created_at, priority, erase_after_send,
                                 payload_after_send)
             VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id",
        )
        .bind(chat_id)
        .bind(vault.seal(part))
        .bind(now)
        .bind(priority as i64)
        .bind(i64::from(after.is_some()))
        .bind(after.as_deref().map(|p| vault.seal(p)))
        .fetch_one(&mut **c)
        .await)?;
    }
    Ok(id)
}

/// The payload as rows Telegram takes ([`Outgoing::into_sendable`]): every queued text passes here,
/// so no caller has to cut its own. A payload that does not read as a row is queued as it is.
fn sendable(payload: &str) -> Vec<String> {
    // A payload this short holds no text longer than Telegram takes: most rows are not parsed again.
    if payload.len() <= wagedesk_core::outgoing::MAX_MESSAGE_CHARS {
        return vec![payload.to_owned()];
    }
    let Ok(row) = serde_json::from_str::<Outgoing>(payload) else {
        return vec![payload.to_owned()];
    };
    let rows = row.into_sendable();
    if rows.len() == 1 {
        return vec![payload.to_owned()];
    }
    rows.iter().filter_map(|r| serde_json::to_string(r).ok()).collect()
}

/// Tells the replicas' delivery workers, with the transaction's commit (PostgreSQL's NOTIFY is sent
/// when the transaction commits, and not at all if it rolls back); SQLite has one process, woken in
/// memory by whoever commits.
pub async fn announce(conn: &mut Conn<'_>, payload: &str) -> Result<(), sqlx::Error> {
    if let Conn::Postgres(c) = conn {
        sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&mut **c).await?;
    }
    Ok(())
}

/// Forwards the replicas' commits to this process's delivery worker until `db` closes: `wake` for new
/// rows, `reread` bumped when rows were erased. PostgreSQL only (returns at once on SQLite). A lost
/// connection is opened again and counts as a wake-up: what was announced meanwhile is read then.
pub async fn follow_commits(
    db: Db,
    wake: std::sync::Arc<tokio::sync::Notify>,
    reread: std::sync::Arc<std::sync::atomic::AtomicU64>,
) {
    let pool = match db {
        Db::Postgres(pool) => pool,
        Db::Sqlite(pool) => return watch_erasures(pool, wake, reread).await,
    };
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(e) => {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %e, "cannot listen for outbox commits; trying again");
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "LISTEN failed; trying again");
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            continue;
        }
        wake.notify_one();
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) if n.payload() == REREAD => {
                    reread.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                Ok(Some(_)) => wake.notify_one(),
                // The connection was lost (notifications meanwhile with it): read the outbox again.
                Ok(None) => wake.notify_one(),
                Err(e) => {
                    if pool.is_closed() {
                        return;
                    }
                    tracing::warn!(error = %e, "listening for outbox commits failed; listening again");
                    break;
                }
            }
        }
    }
}

/// SQLite: the file beside the database an erasure rewrites once committed. Another process (`wagedesk
/// erase` while the bot runs) cannot reach the bot's memory, and the rows its delivery already read
/// may hold what was erased; the bot watches this file and reads them again (PostgreSQL's NOTIFY
/// does the same between replicas).
fn erasure_mark(pool: &sqlx::SqlitePool) -> std::path::PathBuf {
    let mut name = pool.connect_options().get_filename().as_os_str().to_owned();
    name.push("-erased");
    std::path::PathBuf::from(name)
}

/// Tells the processes delivering from this SQLite file that an erasure committed (nothing to do on
/// PostgreSQL, where [`announce`] did). The file holds only a time, and only its owner reads it.
pub fn mark_erasure(db: &Db) -> std::io::Result<()> {
    let Db::Sqlite(pool) = db else { return Ok(()) };
    let mut file = crate::private_files::create_file(&erasure_mark(pool))?;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
    std::io::Write::write_all(&mut file, nanos.to_string().as_bytes())
}

/// Until `pool` closes: every quarter-second a look at the erasure mark (one `stat`), and when it
/// changed, delivery reads its rows again.
async fn watch_erasures(
    pool: sqlx::SqlitePool,
    wake: std::sync::Arc<tokio::sync::Notify>,
    reread: std::sync::Arc<std::sync::atomic::AtomicU64>,
) {
    let mark = erasure_mark(&pool);
    let written = |path: &std::path::Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let mut seen = written(&mark);
    let mut every = tokio::time::interval(std::time::Duration::from_millis(250));
    // The erasing command could not truncate the WAL while this process read the file: this process
    // does, once its delivery has read again, so no frame of an erased row stays in it.
    let mut truncate = false;
    let db = Db::Sqlite(pool.clone());
    while !pool.is_closed() {
        every.tick().await;
        let now = written(&mark);
        if now != seen {
            seen = now;
            truncate = true;
            reread.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            wake.notify_one();
        } else if truncate {
            match crate::erasure::truncate_wal(&db).await {
                Ok(true) => {
                    truncate = false;
                    tracing::info!("WAL truncated after another process's erasure");
                }
                Ok(false) => {}
                Err(e) => {
                    truncate = false;
                    tracing::warn!(error = %e, "truncating the WAL after another process's erasure failed");
                }
            }
        }
    }
}

/// A row for a web worker: into their mailbox, read by their status page (by the status page of
/// `complaint_id` alone when it names one).
async fn web_mail<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    chat_id: i64,
    payload: &str,
    now: &str,
    complaint_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_scalar(
        "INSERT INTO web_mail (chat_id, payload, created_at, complaint_id) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(chat_id)
    .bind(vault.seal(payload))
    .bind(now)
    .bind(complaint_id)
    .fetch_one(c)
    .await)
}

/// Moves the rows still waiting for group `from` to supergroup `to` (Telegram refuses the old id for
/// good): each is queued again for the new chat, in the same order and behind whatever the caller
/// queued there first (the case cards), and the old row fails saying where it went, so delivery,
/// which may hold it already, cannot send it twice. `moved` turns a payload into the new chat's, or
/// says it has no meaning there (the old row then only fails).
pub async fn move_pending<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    from: i64,
    to: i64,
    now: &str,
    moved: impl Fn(&str) -> Option<String>,
) -> Result<usize, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let rows: Vec<(i64, String, Option<String>, i64)> = on_conn!(conn.reborrow(), c => sqlx::query_as(
        "SELECT id, payload, payload_after_send, priority FROM outbox
         WHERE state = 'pending' AND chat_id = $1 ORDER BY id",
    )
    .bind(from)
    .fetch_all(c)
    .await)?;
    let mut requeued = 0;
    for (id, payload, after_send, priority) in rows {
        let new = open(vault, &payload).ok().and_then(|p| moved(&p));
        let after = after_send.as_deref().and_then(|a| open(vault, a).ok()).and_then(|p| moved(&p));
        mark_failed(conn.reborrow(), id, &format!("the group became supergroup {to}")).await?;
        if let Some(payload) = new {
            let priority = Priority::from_db(priority);
            enqueue_with(conn.reborrow(), vault, to, &payload, now, priority, after.as_deref()).await?;
            requeued += 1;
        }
    }
    Ok(requeued)
}

/// Pending rows after `after_id`, in id order. Rows commit in id order (one writer at a time on
/// SQLite, [`ORDER_LOCK`] on PostgreSQL), so reading on from the last id seen never skips a row that
/// commits later.
pub async fn pending_after<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    after_id: i64,
    limit: i64,
) -> Result<Vec<OutboxRow>, sqlx::Error> {
    let rows: Vec<(i64, i64, String, i64, i64, String)> = on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT id, chat_id, payload, attempts, priority, next_attempt_at FROM outbox
         WHERE state = 'pending' AND id > $1 ORDER BY id LIMIT $2",
    )
    .bind(after_id)
    .bind(limit)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(id, chat_id, payload, attempts, priority, next_attempt_at)| OutboxRow {
            id,
            chat_id,
            payload: open(vault, &payload),
            attempts,
            priority: Priority::from_db(priority),
            next_attempt_at,
        })
        .collect())
}

/// Rows sent after `since` whose payload opens, oldest first: `(chat_id, payload, sent_at)`.
pub async fn sent_since(db: &Db, vault: &Vault, since: &str) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = on_conn!(db.acquire().await?.conn(), c => sqlx::query_as(
        "SELECT chat_id, payload, sent_at FROM outbox WHERE state = 'sent' AND sent_at > $1 ORDER BY sent_at, id",
    )
    .bind(since)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().filter_map(|(chat, payload, at)| open(vault, &payload).ok().map(|p| (chat, p, at))).collect())
}

/// Every answer is recorded on pending rows only: a row an erasure ended while delivery held it keeps
/// its erased payload and its state.
///
/// Marks rows Telegram took, with the transaction's commit. The ids go as one JSON array, so the
/// statement's text (and the prepared statement cached for it) is the same however many there are.
pub fn mark_sent(tx: &mut WriteTx, ids: &[i64], now: &str) {
    let ids = serde_json::Value::from(ids).to_string();
    let sql = mark_sent_sql(tx.dialect());
    tx.defer(sql).bind(now).bind(ids);
}

/// Postpones a row (and so its chat) until `at`.
/// Puts a pending row off until `at`. `false` when it is no longer pending (moved to a supergroup,
/// erased, failed elsewhere): whoever holds it must drop it rather than try again.
pub async fn retry_at<'c>(conn: impl Into<Conn<'c>>, id: i64, at: &str, error: &str) -> Result<bool, sqlx::Error> {
    let changed = on_conn!(conn.into(), c =>
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3 WHERE id = $1 AND state = 'pending'")
        .bind(id)
        .bind(at)
        .bind(error)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

pub async fn mark_failed<'c>(conn: impl Into<Conn<'c>>, id: i64, error: &str) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query(sqlx::AssertSqlSafe(MARK_FAILED.as_str())).bind(id).bind(error).execute(c).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn pending_count(db: &Db) -> Result<i64, sqlx::Error> {
    on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetch_one(c).await)
}

/// The chats that have rows waiting to be sent.
pub async fn pending_chats(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_scalar("SELECT DISTINCT chat_id FROM outbox WHERE state = 'pending'").fetch_all(c).await)
}

/// Cases on which `chat_id` is a worker's chat (the filer's, or a claimant's who joined) and whose
/// office has not yet heard that it cannot be reached: `(complaint_id, case_number, owner_office)`.
pub async fn unnoticed_cases_of_chat<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT c.id, c.case_number, k.owner_office FROM complaints c JOIN cases k ON k.complaint_id = c.id
         WHERE (c.worker_chat_id = $1 OR EXISTS (SELECT 1 FROM claimants m WHERE m.complaint_id = c.id
                                                 AND m.chat_id = $1 AND m.withdrawn_at IS NULL))
           AND k.status <> 'withdrawn'
           AND NOT EXISTS (SELECT 1 FROM unreachable_notices n WHERE n.complaint_id = c.id AND n.chat_id = $1)
         ORDER BY c.id",
    )
    .bind(chat_id)
    .fetch_all(c)
    .await)
}

/// Records that the office of `complaint_id` was told `chat_id` cannot be reached.
pub async fn record_unreachable<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    chat_id: i64,
    error: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO unreachable_notices (complaint_id, chat_id, error, noticed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (complaint_id, chat_id) DO NOTHING",
    )
    .bind(complaint_id)
    .bind(chat_id)
    .bind(error)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}
