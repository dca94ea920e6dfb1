//! The ledger's reads: an office's figures for a period, grouped or not, the export's case rows
//! (streamed) and the digest's counts, plus which digests were sent. What each figure means is in
//! `wagedesk_core::ledger`; rendering them is the main crate's `ledger`.
//!
//! The figures are read from copies kept beside each case's state (migration 0006, written by
//! `cases::save`). An office's summary reads the sums kept per office and day from those copies
//! (migration 0022's `ledger_totals`, kept by triggers in the same statement as every change of a case),
//! so over a million cases it reads a few thousand lines; the groupings aggregate the cases themselves.

pub mod digest;
mod export;

use chrono::NaiveDate;
use sqlx::Row;

use crate::conn::{Conn, Dialect};
use crate::on_conn;
use wagedesk_core::ledger::{Figures, Group, GroupBy, Period, ProjectInfo, Role, Summary, Sums};

pub use export::{cases, export_sql, overdue_cases};

#[cfg(test)]
mod tests;

/// Rows of `cases k` in the office's scope for the period, with `joins` (which may use `k`) before its
/// WHERE clause; binds `$1` office, `$2`..`$3` period.
fn scope_joined(role: Role, joins: &str) -> String {
    let (from, office) = match role {
        Role::Owner => ("cases k", "k.owner_office"),
        Role::CoHandler => ("case_co_handlers h JOIN cases k ON k.complaint_id = h.complaint_id", "h.office_id"),
    };
    // An owner's rows come from `cases_export` (office, day, number); `government_invested IN (0, 1)` is
    // the condition the summary's split has always had, kept so every reading counts the same cases.
    format!(
        "{from} {joins} WHERE {office} = $1 AND k.government_invested IN (0, 1) AND k.submitted_on BETWEEN $2 AND $3"
    )
}

/// The period's bounds as stored (YYYY-MM-DD text).
fn bounds(period: Period) -> (String, String) {
    (period.from.to_string(), period.to.to_string())
}

/// The aggregate columns `figures` reads, over `cases k`; `$4` is today. A case is open exactly
/// while it has no `finished_on`. One text for both databases (PostgreSQL sums BIGINT as NUMERIC and
/// cannot sum a boolean, hence the casts and CASEs).
const AGGREGATES: &str = "COUNT(*), CAST(COALESCE(SUM(k.workers), 0) AS BIGINT),
    CAST(COALESCE(SUM(k.claimed_fen), 0) AS BIGINT), CAST(COALESCE(SUM(k.verified), 0) AS BIGINT),
    CAST(COALESCE(SUM(k.verified * k.verified_fen), 0) AS BIGINT), CAST(COALESCE(SUM(k.paid_fen), 0) AS BIGINT),
    CAST(COALESCE(SUM(CASE WHEN k.finished_on IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT),
    CAST(COALESCE(SUM(CASE WHEN k.clock_due < $4 THEN 1 ELSE 0 END), 0) AS BIGINT),
    CAST(COALESCE(SUM(CASE WHEN k.finished_on IS NULL THEN k.workers ELSE 0 END), 0) AS BIGINT),
    CAST(COALESCE(SUM(CASE WHEN k.finished_on IS NULL THEN k.claimed_fen ELSE 0 END), 0) AS BIGINT),
    CAST(COALESCE(SUM(CASE WHEN k.status = 'withdrawn' THEN 1 ELSE 0 END), 0) AS BIGINT),
    CAST(COALESCE(SUM(k.closed_in_time), 0) AS BIGINT)";

/// Reads the `AGGREGATES` columns starting at column `at`, from either database's row.
fn figures<R: sqlx::Row>(row: &R, at: usize) -> Result<Figures, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let v = |i: usize| row.try_get::<i64, _>(at + i);
    Ok(Figures::of(Sums {
        cases: v(0)?,
        workers: v(1)?,
        claimed_fen: v(2)?,
        verified_cases: v(3)?,
        verified_fen: v(4)?,
        paid_fen: v(5)?,
        open: v(6)?,
        overdue: v(7)?,
        open_workers: v(8)?,
        open_claimed_fen: v(9)?,
        withdrawn: v(10)?,
        closed_in_time: v(11)?,
    }))
}

/// The summary's figures from `summary_sql`'s rows: all cases, and those of government-invested projects.
fn split<R: sqlx::Row>(rows: &[R]) -> Result<(Figures, Figures), sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    let (mut all, mut government) = (Figures::default(), Figures::default());
    for row in rows {
        let figures = figures(row, 1)?;
        if row.try_get::<i64, _>(0)? != 0 {
            government = figures;
        }
        all.add(&figures);
    }
    Ok((all, government))
}

/// The summary's sums, split by government investment, from the kept totals (public for the benchmark's
/// query plan). Binds `$1` office, `$2`..`$3` period, `$4` today, `$5` the scope (0 owner, 1 co-handler).
/// The columns are `AGGREGATES`' over the same cases: every sum was kept per line, and "overdue", which
/// depends on today, counts the lines whose running clock fell due before it. The same text runs on
/// SQLite and PostgreSQL (whose SUM of BIGINT is NUMERIC, hence the casts).
pub fn summary_sql(role: Role) -> String {
    let sums = [
        "cases",
        "workers",
        "claimed_fen",
        "verified_cases",
        "verified_fen",
        "paid_fen",
        "open",
        "CASE WHEN clocked = 1 AND clock_due < $4 THEN cases ELSE 0 END",
        "open_workers",
        "open_claimed_fen",
        "withdrawn",
        "closed_in_time",
    ]
    .map(|s| format!("CAST(SUM({s}) AS BIGINT)"))
    .join(", ");
    format!(
        "SELECT government_invested, {sums}
         FROM ledger_totals
         WHERE office_id = $1 AND scope = {} AND government_invested IN (0, 1) AND submitted_on BETWEEN $2 AND $3
         GROUP BY government_invested",
        scope_code(role)
    )
}

/// The scope of a `ledger_totals` line (migration 0022).
fn scope_code(role: Role) -> i64 {
    match role {
        Role::Owner => 0,
        Role::CoHandler => 1,
    }
}

/// The `ledger_totals` scope of the cases an office received first and another office owns now.
const TRANSFERRED_OUT: i64 = 2;

/// How many cases an office passed on in the period: binds `$1` office, `$2`..`$3` period, `$4` the scope.
const TRANSFERRED_OUT_SQL: &str = "SELECT CAST(COALESCE(SUM(cases), 0) AS BIGINT) FROM ledger_totals
     WHERE office_id = $1 AND scope = $4 AND submitted_on BETWEEN $2 AND $3";

/// An office's figures for a period, split by government investment, plus what it passed on to other
/// offices: read from the sums kept per office and day (`ledger_totals`), the same figures the
/// aggregate over its cases gives (the store's tests keep that aggregate as their oracle).
pub async fn summary<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    role: Role,
    period: Period,
    today: NaiveDate,
) -> Result<Summary, sqlx::Error> {
    let mut conn = conn.into();
    let (from, to) = bounds(period);
    let sql = summary_sql(role);
    let (all, government) = on_conn!(conn.reborrow(), c => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(office)
            .bind(&from)
            .bind(&to)
            .bind(today.to_string())
            .fetch_all(c)
            .await?;
        split(&rows)?
    });
    let transferred_out: i64 = match role {
        Role::Owner => on_conn!(conn, c => {
            sqlx::query_scalar(TRANSFERRED_OUT_SQL)
                .bind(office)
                .bind(&from)
                .bind(&to)
                .bind(TRANSFERRED_OUT)
                .fetch_one(c)
                .await?
        }),
        Role::CoHandler => 0,
    };
    Ok(Summary { office: office.to_owned(), role, period, today, all, government, transferred_out })
}

/// An office's figures grouped by employer (欠薪企业), project or county, biggest claim first.
pub async fn groups<'c>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    role: Role,
    by: GroupBy,
    period: Period,
    today: NaiveDate,
) -> Result<Vec<Group>, sqlx::Error> {
    let conn = conn.into();
    let (from, to) = bounds(period);
    let sql = groups_sql(role, by, conn.dialect());
    on_conn!(conn, c => {
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(office)
            .bind(from)
            .bind(to)
            .bind(today.to_string())
            .fetch_all(c)
            .await?;
        group_rows(&rows)
    })
}

/// The grouped figures' query: binds `$1` office, `$2`..`$3` period, `$4` today. Ties in the claim
/// are ordered by the shown key, byte by byte on either database.
fn groups_sql(role: Role, by: GroupBy, dialect: Dialect) -> String {
    let (shown, key, filter) = match by {
        // Grouped by the normalized name, shown by the first spelling.
        GroupBy::Employer => (
            format!("MIN({})", dialect.bytewise("c.employer")),
            "CASE WHEN c.employer_key = '' THEN c.employer ELSE c.employer_key END",
            "",
        ),
        GroupBy::Project => (dialect.bytewise("k.project_id"), "k.project_id", "AND k.project_id IS NOT NULL"),
        GroupBy::GovernmentProject => (
            dialect.bytewise("k.project_id"),
            "k.project_id",
            "AND k.project_id IS NOT NULL AND k.government_invested = 1",
        ),
        GroupBy::County => (dialect.bytewise("k.county_code"), "k.county_code", ""),
    };
    let scope =
        scope_joined(role, "JOIN complaints c ON c.id = k.complaint_id LEFT JOIN projects p ON p.id = k.project_id");
    let project = if key == "k.project_id" {
        "MIN(p.name), MIN(p.county_code), MIN(p.builder), MIN(p.general_contractor)"
    } else {
        "NULL, NULL, NULL, NULL"
    };
    format!(
        "SELECT {shown}, {project}, {AGGREGATES} FROM {scope} {filter}
         GROUP BY {key} ORDER BY SUM(k.claimed_fen) DESC, {shown}"
    )
}

/// Decodes `groups_sql`'s rows, from either database.
fn group_rows<R: Row>(rows: &[R]) -> Result<Vec<Group>, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    rows.iter()
        .map(|row| {
            let name: Option<String> = row.try_get(1)?;
            let project = match name {
                Some(name) => Some(ProjectInfo {
                    name,
                    county_code: row.try_get(2)?,
                    builder: row.try_get(3)?,
                    general_contractor: row.try_get(4)?,
                }),
                None => None,
            };
            Ok(Group { key: row.try_get(0)?, project, figures: figures(row, 5)? })
        })
        .collect()
}
