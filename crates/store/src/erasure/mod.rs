//! Withdrawal, erasure and the retention purge in the database (migration 0014): a claimant leaving a
//! case, a worker's personal data blanked wherever it is stored, the timeline redacted (never an entry
//! removed), sent messages' contents cleared, and the questions `/withdraw` and `/delete_my_data` ask.
//! Every function runs on the caller's transaction; the files on disk are the caller's to delete after
//! the commit.

use crate::conn::{Conn, Dialect};
use crate::on_conn;
use wagedesk_core::crypto::Vault;

use super::Db;

mod outbox;
mod prompts;

pub use outbox::{clear_case_outbox, clear_chat_outbox, clear_sent, clear_web_mailboxes};
pub use prompts::{Prompt, answer_prompt, insert_prompt, prompt};

/// A worker's claim (or claims) on one case, as a withdrawal needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerPart {
    pub complaint_id: i64,
    pub case_number: String,
    /// The case's status code.
    pub status: String,
    pub amount_fen: i64,
    /// They joined through the filer's crew link.
    pub crew_member: bool,
    /// Claimants of the case besides this chat whose part goes on.
    pub others: usize,
}

/// Every case on which `chat` has a part that was not withdrawn or erased, oldest first.
pub async fn parts_of_chat<'c>(conn: impl Into<Conn<'c>>, chat: i64) -> Result<Vec<WorkerPart>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64, bool, i64)> = on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT c.complaint_id, x.case_number, k.status, CAST(SUM(c.amount_fen) AS BIGINT), MAX(c.crew) <> 0,
                (SELECT COUNT(*) FROM claimants o WHERE o.complaint_id = c.complaint_id AND o.withdrawn_at IS NULL
                     AND (o.chat_id IS NULL OR o.chat_id <> $1))
         FROM claimants c JOIN complaints x ON x.id = c.complaint_id JOIN cases k ON k.complaint_id = c.complaint_id
         WHERE c.chat_id = $1 AND c.withdrawn_at IS NULL AND c.erased_at IS NULL
         GROUP BY c.complaint_id, x.case_number, k.status ORDER BY c.complaint_id",
    )
    .bind(chat)
    .fetch_all(c)
    .await)?;
    Ok(rows
        .into_iter()
        .map(|(complaint_id, case_number, status, amount_fen, crew_member, others)| WorkerPart {
            complaint_id,
            case_number,
            status,
            amount_fen,
            crew_member,
            others: usize::try_from(others).unwrap_or(0),
        })
        .collect())
}

/// The claimants `chat` has on a case (withdrawn or not), not yet erased.
pub async fn claimants_of_chat<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    chat: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT id FROM claimants WHERE complaint_id = $1 AND chat_id = $2 AND erased_at IS NULL")
        .bind(complaint_id)
        .bind(chat)
        .fetch_all(c)
        .await)
}

/// Every case on which `chat` has a claimant not yet erased.
pub async fn cases_of_chat<'c>(conn: impl Into<Conn<'c>>, chat: i64) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_scalar(
        "SELECT DISTINCT complaint_id FROM claimants WHERE chat_id = $1 AND erased_at IS NULL ORDER BY complaint_id",
    )
    .bind(chat)
    .fetch_all(c)
    .await)
}

/// A case's claimants not yet erased, in the card's order (the filer first): `(id, chat)`.
pub async fn unerased_claimants<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT id, chat_id FROM claimants WHERE complaint_id = $1 AND erased_at IS NULL ORDER BY role = 'member', id",
    )
    .bind(complaint_id)
    .fetch_all(c)
    .await)
}

/// `chat`'s claimants leave a case that goes on: they are no longer counted, asked or told. If `chat`
/// was the case's worker (its notifications' chat), the earliest remaining claimant with a chat
/// becomes it, in their language (or nobody: chat 0).
pub async fn leave<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    complaint_id: i64,
    chat: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    on_conn!(conn.reborrow(), c => sqlx::query(
        "UPDATE claimants SET withdrawn_at = $3 WHERE complaint_id = $1 AND chat_id = $2 AND withdrawn_at IS NULL",
    )
    .bind(complaint_id)
    .bind(chat)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c => sqlx::query(
        "UPDATE followups SET state = 'stale'
         WHERE complaint_id = $1 AND chat_id = $2 AND state NOT IN ('answered', 'stale')",
    )
    .bind(complaint_id)
    .bind(chat)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    hand_on_worker(conn.reborrow(), vault, complaint_id, chat).await?;
    super::claimants::list_changed(conn.reborrow(), complaint_id).await?;
    super::claimants::recount(conn.reborrow(), complaint_id).await
}

/// If `chat` is the case's worker, the earliest other claimant with a chat (not withdrawn) becomes it,
/// in the language of their dialogue.
async fn hand_on_worker<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    complaint_id: i64,
    chat: i64,
) -> Result<(), sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let next: Option<(i64, Option<String>)> = on_conn!(conn.reborrow(), c => sqlx::query_as(
        "SELECT c.chat_id, d.state FROM claimants c LEFT JOIN dialogues d ON d.chat_id = c.chat_id
         WHERE c.complaint_id = $1 AND c.withdrawn_at IS NULL AND c.erased_at IS NULL AND c.chat_id IS NOT NULL
           AND c.chat_id <> $2
         ORDER BY c.id LIMIT 1",
    )
    .bind(complaint_id)
    .bind(chat)
    .fetch_optional(c)
    .await)?;
    let (next_chat, state) = next.unwrap_or((0, None));
    // The dialogue is sealed (one stored before sealing is plain).
    let lang = state.and_then(|s| vault.open_stored(&s).ok()).and_then(|json| {
        serde_json::from_str::<serde_json::Value>(&json).ok()?.get("lang")?.as_str().map(str::to_owned)
    });
    on_conn!(conn.reborrow(), c => sqlx::query(
        "UPDATE complaints SET worker_chat_id = $3, lang = COALESCE($4, lang) WHERE id = $1 AND worker_chat_id = $2",
    )
    .bind(complaint_id)
    .bind(chat)
    .bind(next_chat)
    .bind(lang)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

/// What an erasure of claimants left to do after the commit: the evidence files they held.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Erased {
    pub claimants: usize,
    /// Paths of evidence files no row points at any more (delete them unless still in use).
    pub files: Vec<String>,
    /// The erased claimants' chats: what they sent that still waits to reach the office is stopped.
    pub chats: Vec<i64>,
}

/// Blanks the personal data of claimants `ids` of one case: name, phone and ID number (sealed, hash and
/// masked), their words and the chat that ties them to a Telegram account; their evidence files
/// (returned) and the files' Telegram ids and hashes; their words after a follow-up question; the
/// filer's description of the case. Amounts, periods and consent times stay: facts of the case.
pub async fn erase_claimants<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    complaint_id: i64,
    ids: &[i64],
    now: &str,
) -> Result<Erased, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let d = conn.dialect();
    let ids_json = serde_json::Value::from(ids).to_string();
    let rows: Vec<(Option<i64>, bool)> = on_conn!(conn.reborrow(), c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT chat_id, role = 'filer' FROM claimants
         WHERE complaint_id = $1 AND id IN {} AND erased_at IS NULL",
        d.id_list("$2")
    )))
    .bind(complaint_id)
    .bind(&ids_json)
    .fetch_all(c)
    .await)?;
    let filer = rows.iter().any(|(_, filer)| *filer);
    let mut chat_ids: Vec<i64> = rows.iter().filter_map(|(chat, _)| *chat).collect();
    chat_ids.sort_unstable();
    chat_ids.dedup();
    let chats = serde_json::Value::from(chat_ids.clone()).to_string();
    // What is left of an unreachable mark: when it was made, not what Telegram answered.
    let unreachable_left = match d {
        Dialect::Sqlite => "json_object('at', json_extract(unreachable, '$.at'), 'attempts', '')",
        Dialect::Postgres => "CAST(jsonb_build_object('at', unreachable::jsonb -> 'at', 'attempts', '') AS TEXT)",
    };
    let erased = on_conn!(conn.reborrow(), c => sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE claimants SET name = '', name_masked = '', phone_sealed = '', phone_hash = '', phone_masked = '', id_sealed = NULL,
             id_hash = NULL, id_masked = NULL, description = NULL, chat_id = NULL, erased_at = $3,
             unreachable = CASE WHEN unreachable IS NULL THEN NULL ELSE {unreachable_left} END
         WHERE complaint_id = $1 AND id IN {} AND erased_at IS NULL",
        d.id_list("$2")
    )))
    .bind(complaint_id)
    .bind(&ids_json)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    if filer {
        on_conn!(conn.reborrow(), c => sqlx::query("UPDATE complaints SET description = '' WHERE id = $1")
            .bind(complaint_id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    // Once nobody on the case keeps their data, every row of it goes, whatever chat sent it (files a
    // worker added from a chat that holds no claim, stored before those were kept under the claim's).
    let left_on_case: i64 = on_conn!(conn.reborrow(), c => sqlx::query_scalar(
        "SELECT COUNT(*) FROM claimants WHERE complaint_id = $1 AND erased_at IS NULL",
    )
    .bind(complaint_id)
    .fetch_one(c)
    .await)?;
    let everyone = if left_on_case == 0 { "1 = 1" } else { "1 = 0" };
    let in_chats = format!("complaint_id = $1 AND (chat_id IN {} OR {everyone})", d.id_list("$2"));
    let files: Vec<String> = on_conn!(conn.reborrow(), c => sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT DISTINCT stored_path FROM evidence WHERE {in_chats} AND stored_path IS NOT NULL"
    )))
    .bind(complaint_id)
    .bind(&chats)
    .fetch_all(c)
    .await)?;
    on_conn!(conn.reborrow(), c => sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE evidence SET stored_path = NULL, sha256 = NULL, file_id = '', file_unique_id = '', chat_id = NULL,
             file_key = NULL, note = NULL
         WHERE {in_chats}"
    )))
    .bind(complaint_id)
    .bind(&chats)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c => sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE followups SET words = NULL,
             state = CASE WHEN state IN ('answered', 'stale') THEN state ELSE 'stale' END
         WHERE {in_chats}"
    )))
    .bind(complaint_id)
    .bind(&chats)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    on_conn!(conn.reborrow(), c => sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE notifications SET recipient = 'claimant'
         WHERE complaint_id = $1 AND recipient IN (SELECT 'claimant:' || CAST(value AS TEXT) FROM {} ids)",
        d.id_list("$2")
    )))
    .bind(complaint_id)
    .bind(&chats)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    // A member of staff half-way through an action on the case may have typed anything.
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM staff_prompts WHERE complaint_id = $1").bind(complaint_id).execute(c).await.map(|r| r.rows_affected()))?;
    for &chat in &chat_ids {
        hand_on_worker(conn.reborrow(), vault, complaint_id, chat).await?;
    }
    if erased > 0 {
        super::claimants::list_changed(conn.reborrow(), complaint_id).await?;
    }
    super::claimants::recount(conn.reborrow(), complaint_id).await?;
    Ok(Erased { claimants: usize::try_from(erased).unwrap_or(0), files, chats: chat_ids })
}

/// Redacts the free text of a case's timeline entries and notifications with `redact` (the core's
/// rule), once per entry: the entries stay, with their event, time, actor and counts. Returns how
/// many timeline entries were redacted.
pub async fn redact_case<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    redact: fn(&serde_json::Value) -> Option<serde_json::Value>,
    now: &str,
) -> Result<usize, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let entries: Vec<(i64, String)> = on_conn!(conn.reborrow(), c =>
        sqlx::query_as("SELECT id, args FROM timeline WHERE complaint_id = $1 AND redacted_at IS NULL")
            .bind(complaint_id)
            .fetch_all(c)
            .await)?;
    let mut redacted = 0;
    for (id, args) in entries {
        let Some(blank) = serde_json::from_str(&args).ok().and_then(|v| redact(&v)) else { continue };
        on_conn!(conn.reborrow(), c => sqlx::query("UPDATE timeline SET args = $2, redacted_at = $3 WHERE id = $1")
            .bind(id)
            .bind(blank.to_string())
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        redacted += 1;
    }
    let notes: Vec<(i64, String)> = on_conn!(conn.reborrow(), c =>
        sqlx::query_as("SELECT id, args FROM notifications WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_all(c)
        .await)?;
    for (id, args) in notes {
        let Some(blank) = serde_json::from_str(&args).ok().and_then(|v| redact(&v)) else { continue };
        on_conn!(conn.reborrow(), c => sqlx::query("UPDATE notifications SET args = $2 WHERE id = $1")
            .bind(id)
            .bind(blank.to_string())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    }
    Ok(redacted)
}

/// The chat's own records beside its cases: messages it held back for a case choice (their evidence
/// JSON returned, for the files), the questions `/withdraw` and `/delete_my_data` asked, and which
/// office-group messages relay its words. Its inbox
/// rows hold no payload (each is dropped as its update is handled); its dialogue is the caller's, which
/// decides what a blank dialogue is.
pub async fn clear_chat_records<'c>(conn: impl Into<Conn<'c>>, chat: i64) -> Result<Vec<String>, sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let held: Vec<Option<String>> = on_conn!(conn.reborrow(), c =>
        sqlx::query_scalar("DELETE FROM relay_pending WHERE chat_id = $1 RETURNING evidence")
            .bind(chat)
            .fetch_all(c)
            .await)?;
    on_conn!(conn.reborrow(), c =>
        sqlx::query("DELETE FROM privacy_prompts WHERE chat_id = $1").bind(chat).execute(c).await.map(|r| r.rows_affected()))?;
    // The office's copies of the chat's words no longer lead back to it, but still say a worker wrote
    // them: an answer to one must not go to the case's other workers instead.
    on_conn!(conn.reborrow(), c =>
        sqlx::query("UPDATE case_messages SET worker_chat_id = $2 WHERE worker_chat_id = $1")
            .bind(chat)
            .bind(wagedesk_core::relay::ERASED_WORKER)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
    Ok(held.into_iter().flatten().collect())
}

/// Cases that finished (resolved, closed or withdrawn) before `before` (YYYY-MM-DD) and still hold a
/// claimant's personal data.
pub async fn expired_cases(db: &Db, before: &str) -> Result<Vec<i64>, sqlx::Error> {
    on_conn!(db.acquire().await?.conn(), c => sqlx::query_scalar(
        "SELECT k.complaint_id FROM cases k
         WHERE k.status IN ('resolved', 'closed', 'withdrawn') AND k.finished_on IS NOT NULL AND k.finished_on < $1
           AND EXISTS (SELECT 1 FROM claimants c WHERE c.complaint_id = k.complaint_id AND c.erased_at IS NULL)
         ORDER BY k.complaint_id",
    )
    .bind(before)
    .fetch_all(c)
    .await)
}

/// Copies the WAL into the database file and truncates it to nothing: the old frames of erased rows
/// are otherwise kept (the WAL file is reused, not zeroed) until they happen to be overwritten. Waits
/// for readers and writers as the busy timeout allows; `false` when some frames could not be moved yet.
///
/// On PostgreSQL the old versions of erased rows are dead tuples: `VACUUM` of the tables that hold
/// personal data makes their space free for new rows (it does not zero it, and the server's WAL
/// segments keep the old values until they are recycled: its operator's retention, not ours).
pub async fn truncate_wal(db: &Db) -> Result<bool, sqlx::Error> {
    if let Db::Postgres(pool) = db {
        let mut tables: Vec<&str> = crate::sealed::SEALED.iter().map(|c| c.table).collect();
        tables.extend(["claimants", "complaints", "evidence"]);
        tables.sort_unstable();
        tables.dedup();
        let vacuum = format!("VACUUM {}", tables.join(", "));
        sqlx::query(sqlx::AssertSqlSafe(vacuum)).execute(pool).await?;
        return Ok(true);
    }
    let (busy, _, _): (i64, i64, i64) = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(c).await)?;
    Ok(busy == 0)
}
