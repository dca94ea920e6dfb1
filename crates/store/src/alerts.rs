//! Alerts waiting for a person to acknowledge them (`wagedesk_core::case::acknowledge`).

use crate::conn::Conn;
use crate::on_conn;

#[derive(Debug, Clone)]
pub struct StoredAlert {
    pub id: i64,
    pub complaint_id: i64,
    /// JSON of `case::ImmediateAlert`.
    pub alert: String,
    pub level: u32,
    pub repeats: u32,
    pub raised_at: String,
    pub acked_at: Option<String>,
    pub acked_by: Option<String>,
}

type Row = (i64, i64, String, i64, i64, String, Option<String>, Option<String>);

fn from_row((id, complaint_id, alert, level, repeats, raised_at, acked_at, acked_by): Row) -> StoredAlert {
    let n = |v: i64| u32::try_from(v).unwrap_or(0);
    StoredAlert { id, complaint_id, alert, level: n(level), repeats: n(repeats), raised_at, acked_at, acked_by }
}

macro_rules! select_alerts {
    ($rest:literal) => {
        concat!("SELECT id, complaint_id, alert, level, repeats, raised_at, acked_at, acked_by FROM alerts ", $rest)
    };
}

pub async fn insert<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    alert_json: &str,
    now: &str,
    due_at: &str,
) -> Result<i64, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_scalar(
            "INSERT INTO alerts (complaint_id, alert, raised_at, due_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(complaint_id)
        .bind(alert_json)
        .bind(now)
        .bind(due_at)
        .fetch_one(c)
        .await
    })
}

pub async fn get<'c>(conn: impl Into<Conn<'c>>, id: i64) -> Result<Option<StoredAlert>, sqlx::Error> {
    let row: Option<Row> = on_conn!(conn.into(), c => {
        sqlx::query_as(select_alerts!("WHERE id = $1")).bind(id).fetch_optional(c).await?
    });
    Ok(row.map(from_row))
}

/// Alerts nobody acknowledged by `now`, oldest first (`due_at` is RFC 3339 UTC text of one width, so
/// every collation orders it as time).
pub async fn overdue<'c>(conn: impl Into<Conn<'c>>, now: &str) -> Result<Vec<StoredAlert>, sqlx::Error> {
    let rows: Vec<Row> = on_conn!(conn.into(), c => {
        sqlx::query_as(select_alerts!("WHERE acked_at IS NULL AND due_at <= $1 ORDER BY due_at, id"))
            .bind(now)
            .fetch_all(c)
            .await?
    });
    Ok(rows.into_iter().map(from_row).collect())
}

/// Repeated (and perhaps moved up): its new level and the next time it is due; `false` if someone
/// acknowledged it meanwhile.
pub async fn escalated<'c>(conn: impl Into<Conn<'c>>, id: i64, level: u32, due_at: &str) -> Result<bool, sqlx::Error> {
    let done = on_conn!(conn.into(), c => {
        sqlx::query(
            "UPDATE alerts SET level = $2, repeats = repeats + 1, due_at = $3 WHERE id = $1 AND acked_at IS NULL",
        )
        .bind(id)
        .bind(i64::from(level))
        .bind(due_at)
        .execute(c)
        .await?
        .rows_affected()
    });
    Ok(done == 1)
}

/// Acknowledged by `by`; `false` if someone already had.
pub async fn acknowledge<'c>(conn: impl Into<Conn<'c>>, id: i64, by: &str, now: &str) -> Result<bool, sqlx::Error> {
    let done = on_conn!(conn.into(), c => {
        sqlx::query("UPDATE alerts SET acked_at = $3, acked_by = $2 WHERE id = $1 AND acked_at IS NULL")
            .bind(id)
            .bind(by)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected()
    });
    Ok(done == 1)
}
