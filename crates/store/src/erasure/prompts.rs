//! The questions `/withdraw` and `/delete_my_data` ask before they act (`privacy_prompts`): the buttons
//! carry an opaque token of the question, never a case id, and every press is checked against it.

use crate::conn::Conn;
use crate::on_conn;

/// A question `/withdraw` or `/delete_my_data` asked, as its buttons name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub chat_id: i64,
    pub kind: String,
    /// The complaint ids offered, in button order (for a withdrawal).
    pub cases: Vec<i64>,
    pub created_at: String,
    pub answered: bool,
}

pub async fn insert_prompt<'c>(
    conn: impl Into<Conn<'c>>,
    token: &str,
    chat: i64,
    kind: &str,
    cases: &[i64],
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query("INSERT INTO privacy_prompts (token, chat_id, kind, cases, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token)
        .bind(chat)
        .bind(kind)
        .bind(serde_json::Value::from(cases).to_string())
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn prompt<'c>(conn: impl Into<Conn<'c>>, token: &str) -> Result<Option<Prompt>, sqlx::Error> {
    let row: Option<(i64, String, String, String, bool)> = on_conn!(conn.into(), c => sqlx::query_as(
        "SELECT chat_id, kind, cases, created_at, answered_at IS NOT NULL FROM privacy_prompts WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(c)
    .await)?;
    Ok(row.map(|(chat_id, kind, cases, created_at, answered)| Prompt {
        chat_id,
        kind,
        cases: serde_json::from_str(&cases).unwrap_or_default(),
        created_at,
        answered,
    }))
}

/// Marks a question answered; `false` if it already was (a second press).
pub async fn answer_prompt<'c>(conn: impl Into<Conn<'c>>, token: &str, now: &str) -> Result<bool, sqlx::Error> {
    let done = on_conn!(conn.into(), c =>
        sqlx::query("UPDATE privacy_prompts SET answered_at = $2 WHERE token = $1 AND answered_at IS NULL")
        .bind(token)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done == 1)
}
