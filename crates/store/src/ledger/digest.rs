//! What the supervisors' digest counts per office (each count reads one index), and the record of
//! digests sent, which makes each go out once per period.

use chrono::NaiveDate;
use wagedesk_core::deployment::OfficeId;
use wagedesk_core::ledger::Period;
use wagedesk_core::ledger::digest::{Kind, OfficeLine, OpenCase};

use crate::conn::{Conn, Dialect};
use crate::on_conn;

/// Statuses of cases that are no longer open.
const NOT_OPEN: &str = "status NOT IN ('resolved', 'closed', 'withdrawn')";

/// The office's cases submitted, accepted and finished in the period, and open and overdue `today`.
pub async fn office_line<'c>(
    conn: impl Into<Conn<'c>>,
    office: &OfficeId,
    period: Period,
    today: NaiveDate,
) -> Result<OfficeLine, sqlx::Error> {
    let mut conn = conn.into();
    let id = office.as_str();
    let (from, to, now) = (period.from.to_string(), period.to.to_string(), today.to_string());
    let (open_workers, open_owed_fen): (i64, i64) = on_conn!(conn.reborrow(), c => {
        sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(workers), 0) AS BIGINT), CAST(COALESCE(SUM(claimed_fen - paid_fen), 0) AS BIGINT)
             FROM cases WHERE owner_office = $1 AND status NOT IN ('resolved', 'closed', 'withdrawn')",
        )
        .bind(id)
        .fetch_one(c)
        .await?
    });
    Ok(OfficeLine {
        office: office.clone(),
        new: count(conn.reborrow(), "submitted_on BETWEEN $2 AND $3", &[id, &from, &to]).await?,
        accepted: count(conn.reborrow(), "accepted_on BETWEEN $2 AND $3", &[id, &from, &to]).await?,
        finished: count(conn.reborrow(), "finished_on BETWEEN $2 AND $3", &[id, &from, &to]).await?,
        open: count(conn.reborrow(), NOT_OPEN, &[id]).await?,
        overdue: count(conn, "clock_due < $2", &[id, &now]).await?,
        open_workers,
        open_owed_fen,
    })
}

/// The office's cases submitted before `day` and not finished before it.
pub async fn open_before<'c>(conn: impl Into<Conn<'c>>, office: &str, day: NaiveDate) -> Result<i64, sqlx::Error> {
    let day = day.to_string();
    count(conn.into(), "submitted_on < $2 AND (finished_on IS NULL OR finished_on >= $2)", &[office, &day]).await
}

/// Counts an office's cases (`$1`) that match `condition`, binding `$2`... from `values[1..]`.
async fn count(conn: Conn<'_>, condition: &str, values: &[&str]) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM cases WHERE owner_office = $1 AND {condition}");
    on_conn!(conn, c => {
        let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        for v in values {
            query = query.bind(v.to_string());
        }
        query.fetch_one(c).await
    })
}

/// Which day a daily count is by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Daily {
    Submitted,
    Finished,
}

/// The office's cases per day from `from` to `to`, by the day they were submitted or finished
/// (days without a case are left out).
pub async fn daily<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    by: Daily,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, sqlx::Error> {
    let column = match by {
        Daily::Submitted => "submitted_on",
        Daily::Finished => "finished_on",
    };
    let sql = format!(
        "SELECT {column}, COUNT(*) FROM cases WHERE owner_office = $1 AND {column} BETWEEN $2 AND $3 GROUP BY {column}"
    );
    let rows: Vec<(String, i64)> = on_conn!(conn.into(), c => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(office).bind(from.to_string()).bind(to.to_string()).fetch_all(c).await?
    });
    Ok(rows.into_iter().filter_map(|(day, n)| Some((day.parse().ok()?, n))).collect())
}

/// Open cases of `office` claiming at least `min_fen` or for at least `min_workers` workers.
pub async fn open_key_cases<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    min_fen: i64,
    min_workers: i64,
) -> Result<Vec<OpenCase>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, String, Option<String>)> = on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT c.case_number, k.claimed_fen, k.workers, k.status, k.clock_due FROM cases k
             JOIN complaints c ON c.id = k.complaint_id
             WHERE k.owner_office = $1 AND k.status NOT IN ('resolved', 'closed', 'withdrawn')
               AND (k.claimed_fen >= $2 OR k.workers >= $3)",
        )
        .bind(office)
        .bind(min_fen)
        .bind(min_workers)
        .fetch_all(c)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(case_number, claimed_fen, workers, status, due)| OpenCase {
            case_number,
            claimed_fen,
            workers,
            status,
            clock_due: due.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
        })
        .collect())
}

/// Whether `office` was sent the `kind` digest of the period starting `period_start`.
pub async fn was_sent<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    kind: Kind,
    period_start: NaiveDate,
) -> Result<bool, sqlx::Error> {
    // An INTEGER literal is INT4 in PostgreSQL: cast, so both read an i64.
    let done: Option<i64> = on_conn!(conn.into(), c => {
        sqlx::query_scalar(
            "SELECT CAST(1 AS BIGINT) FROM digests_sent WHERE office_id = $1 AND kind = $2 AND period_start = $3",
        )
        .bind(office)
        .bind(kind.code())
        .bind(period_start.to_string())
        .fetch_optional(c)
        .await?
    });
    Ok(done.is_some())
}

/// Records the digest as sent at `sent_at`; the primary key makes a second sender fail rather than
/// repeat it.
pub async fn record_sent<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    kind: Kind,
    period_start: NaiveDate,
    sent_at: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query("INSERT INTO digests_sent (office_id, kind, period_start, sent_at) VALUES ($1, $2, $3, $4)")
            .bind(office)
            .bind(kind.code())
            .bind(period_start.to_string())
            .bind(sent_at)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// The office's alerts nobody acknowledged: `(case number, raised at, repeats)`, oldest first.
pub async fn waiting_alerts<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT c.case_number, a.raised_at, a.repeats FROM alerts a
             JOIN cases k ON k.complaint_id = a.complaint_id JOIN complaints c ON c.id = a.complaint_id
             WHERE k.owner_office = $1 AND a.acked_at IS NULL ORDER BY a.raised_at, a.id",
        )
        .bind(office)
        .fetch_all(c)
        .await
    })
}

/// The office's open cases with an order to pay due by `until`: `(case number, due, amount)`.
pub async fn due_orders<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    until: NaiveDate,
) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    let conn = conn.into();
    let amount = match conn.dialect() {
        Dialect::Sqlite => "json_extract(k.state, '$.order.amount_fen')",
        Dialect::Postgres => "CAST(k.state::jsonb #>> '{order,amount_fen}' AS BIGINT)",
    };
    let sql = format!(
        "SELECT c.case_number, k.order_due, COALESCE({amount}, 0) FROM cases k
         JOIN complaints c ON c.id = k.complaint_id
         WHERE k.owner_office = $1 AND k.finished_on IS NULL AND k.order_due IS NOT NULL AND k.order_due <= $2
         ORDER BY k.order_due, k.complaint_id"
    );
    on_conn!(conn, c => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(office).bind(until.to_string()).fetch_all(c).await
    })
}
