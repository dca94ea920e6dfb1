//! The questions that close the loop with a worker ([`crate::followup`]) and their answers.

use crate::conn::Conn;
use crate::on_conn;

use super::Db;

pub use wagedesk_core::followup::{Kind, state};

#[derive(Debug, Clone)]
pub struct Followup {
    pub id: i64,
    pub token: String,
    pub complaint_id: i64,
    pub chat_id: i64,
    pub kind: Kind,
    pub trigger_id: i64,
    pub state: String,
    pub answer: Option<String>,
}

type Row = (i64, String, i64, i64, String, i64, String, Option<String>);

macro_rules! select_followups {
    ($rest:literal) => {
        concat!("SELECT id, token, complaint_id, chat_id, kind, trigger_id, state, answer FROM followups ", $rest)
    };
}

fn from_row((id, token, complaint_id, chat_id, kind, trigger_id, state, answer): Row) -> Followup {
    Followup { id, token, complaint_id, chat_id, kind: Kind::from_code(&kind), trigger_id, state, answer }
}

/// Records a question; `false` if this chat was already asked this about the case for the same trigger.
#[allow(clippy::too_many_arguments)]
pub async fn insert<'c>(
    conn: impl Into<Conn<'c>>,
    token: &str,
    complaint_id: i64,
    chat_id: i64,
    kind: Kind,
    trigger_id: i64,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let done = on_conn!(conn.into(), c => sqlx::query(
        "INSERT INTO followups (token, complaint_id, chat_id, kind, trigger_id, state, asked_at)
         VALUES ($1, $2, $3, $4, $5, 'asked', $6) ON CONFLICT (complaint_id, kind, trigger_id, chat_id) DO NOTHING",
    )
    .bind(token)
    .bind(complaint_id)
    .bind(chat_id)
    .bind(kind.code())
    .bind(trigger_id)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn by_token<'c>(conn: impl Into<Conn<'c>>, token: &str) -> Result<Option<Followup>, sqlx::Error> {
    let row: Option<Row> = on_conn!(conn.into(), c =>
        sqlx::query_as(select_followups!("WHERE token = $1")).bind(token).fetch_optional(c).await)?;
    Ok(row.map(from_row))
}

/// The questions put to `chat_id` and not answered yet (asked or reminded), oldest first.
pub async fn unanswered_of_chat<'c>(conn: impl Into<Conn<'c>>, chat_id: i64) -> Result<Vec<Followup>, sqlx::Error> {
    let rows: Vec<Row> = on_conn!(conn.into(), c =>
        sqlx::query_as(select_followups!("WHERE chat_id = $1 AND state IN ('asked', 'reminded') ORDER BY id"))
            .bind(chat_id)
            .fetch_all(c)
            .await)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// The oldest press whose typed answer still counts, per kind of answer.
pub struct Since {
    /// After "partly": the amount.
    pub amount: String,
    /// After a satisfaction rating: the words.
    pub words: String,
}

/// The newest question of `chat_id` waiting for typed words or an amount, pressed within its window
/// (`since`) — of case `complaint_id` only, when the words were written about that case (a web status
/// page names it).
pub async fn awaiting_text<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    complaint_id: Option<i64>,
    since: &Since,
) -> Result<Option<Followup>, sqlx::Error> {
    let row: Option<Row> = on_conn!(conn.into(), c => sqlx::query_as(select_followups!(
        "WHERE chat_id = $1 AND complaint_id = COALESCE($3, complaint_id)
           AND ((state = 'awaiting_amount' AND answered_at >= $2) OR (state = 'awaiting_words' AND answered_at >= $4))
         ORDER BY answered_at DESC, id DESC LIMIT 1"
    ))
    .bind(chat_id)
    .bind(&since.amount)
    .bind(complaint_id)
    .bind(&since.words)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(from_row))
}

/// Sets where a question stands; an answer (a pressed button) is stamped.
pub async fn set_state<'c>(
    conn: impl Into<Conn<'c>>,
    id: i64,
    state: &str,
    answer: Option<&str>,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query(
        "UPDATE followups SET state = $2, answer = COALESCE($3, answer),
             answered_at = CASE WHEN $3 IS NULL THEN answered_at ELSE $4 END
         WHERE id = $1",
    )
    .bind(id)
    .bind(state)
    .bind(answer)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_amount<'c>(conn: impl Into<Conn<'c>>, id: i64, fen: i64) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query("UPDATE followups SET amount_fen = $2, state = 'answered' WHERE id = $1")
        .bind(id)
        .bind(fen)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Stores the worker's words, sealed (they may hold names and numbers).
pub async fn set_words<'c>(conn: impl Into<Conn<'c>>, id: i64, sealed: &str) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query("UPDATE followups SET words = $2, state = 'answered' WHERE id = $1")
        .bind(id)
        .bind(sealed)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Moves a question on from `from` to `to` (stamping the reminder when it is `reminded`), only if it
/// still stands at `from`: `false` when the worker answered meanwhile or another pass got there first.
pub async fn advance<'c>(
    conn: impl Into<Conn<'c>>,
    id: i64,
    from: &str,
    to: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let changed = on_conn!(conn.into(), c => sqlx::query(
        "UPDATE followups SET state = $3, reminded_at = CASE WHEN $3 = 'reminded' THEN $4 ELSE reminded_at END
         WHERE id = $1 AND state = $2",
    )
    .bind(id)
    .bind(from)
    .bind(to)
    .bind(now)
    .execute(c)
    .await
    .map(|r| r.rows_affected()))?;
    Ok(changed > 0)
}

/// Payment questions asked before `before` and neither answered nor reminded yet.
pub async fn payments_to_remind(db: &Db, before: &str) -> Result<Vec<Followup>, sqlx::Error> {
    let rows: Vec<Row> = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_as(select_followups!("WHERE kind = 'payment' AND state = 'asked' AND asked_at <= $1 ORDER BY id"))
            .bind(before)
            .fetch_all(c)
            .await)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Payment questions reminded before `before` and still unanswered.
pub async fn payments_unconfirmed(db: &Db, before: &str) -> Result<Vec<Followup>, sqlx::Error> {
    let rows: Vec<Row> = on_conn!(db.acquire().await?.conn(), c => sqlx::query_as(select_followups!(
        "WHERE kind = 'payment' AND state = 'reminded' AND reminded_at <= $1 ORDER BY id"
    ))
    .bind(before)
    .fetch_all(c)
    .await)?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Cases matching `condition` whose latest `event` has no question of `kind` yet.
macro_rules! unasked_cases {
    ($event:literal, $kind:literal, $condition:literal, $claimant:literal) => {
        concat!(
            "SELECT k.complaint_id, t.trigger_id FROM cases k
             JOIN (SELECT complaint_id, MAX(id) AS trigger_id FROM timeline WHERE event = '",
            $event,
            "' GROUP BY complaint_id) t ON t.complaint_id = k.complaint_id
             WHERE ",
            $condition,
            " AND EXISTS (SELECT 1 FROM claimants c WHERE c.complaint_id = k.complaint_id AND c.chat_id IS NOT NULL
               AND c.withdrawn_at IS NULL",
            $claimant,
            " AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.complaint_id = k.complaint_id AND f.kind = '",
            $kind,
            "' AND f.trigger_id = t.trigger_id AND f.chat_id = c.chat_id))
             ORDER BY k.complaint_id"
        )
    };
}

/// Cases that need a question of `kind` and have not been asked it for their latest trigger:
/// `(complaint_id, trigger_id)`. Payment: resolved as paid; satisfaction: closed; 回头看: closed and
/// its follow-up day (`today`, YYYY-MM-DD) has come.
pub async fn unasked(db: &Db, kind: Kind, today: &str) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    // The state's JSON is read where the condition names `{outcome}` or `{followup_on}`.
    let sql = match kind {
        Kind::Payment => unasked_cases!(
            "resolved",
            "payment",
            "k.status = 'resolved' AND {outcome} IN ('paid_in_full', 'paid_in_part', 'advanced_from_deposit')",
            // Someone owed nothing (a crew filer whose members took the whole amount) is not asked.
            " AND c.confirmed_at IS NULL AND c.unreachable IS NULL AND c.paid_fen < c.amount_fen"
        ),
        Kind::Satisfaction => unasked_cases!("payment_confirmed", "satisfaction", "k.status = 'closed'", ""),
        Kind::Recheck => {
            unasked_cases!("payment_confirmed", "recheck", "k.status = 'closed' AND {followup_on} <= $1", "")
        }
    };
    let d = db.dialect();
    let sql = sql
        .replace("{outcome}", &d.json_text("k.state", "outcome.kind"))
        .replace("{followup_on}", &d.json_text("k.state", "followup_on"));
    let mut c = db.acquire().await?;
    on_conn!(c.conn(), c => {
        let query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
        let query = if kind == Kind::Recheck { query.bind(today) } else { query };
        query.fetch_all(c).await
    })
}

/// The latest timeline entry of `event` on a case (the trigger a current question must carry).
pub async fn latest_event<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    event: &str,
) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(conn.into(), c => sqlx::query_scalar("SELECT MAX(id) FROM timeline WHERE complaint_id = $1 AND event = $2")
        .bind(complaint_id)
        .bind(event)
        .fetch_one(c)
        .await)
}
