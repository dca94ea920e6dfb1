//! The ledger's reads on PostgreSQL — the summary, the groupings, the export's and the overdue cases'
//! rows: the same SQL text as SQLite's ([`crate::ledger`]; byte-wise ordering of text asked for where
//! it differs), the same decoding, a PostgreSQL connection. Its answers are checked against
//! SQLite's on the same data (`tests/api/migrate_store.rs`), and timed at a province's scale by
//! `cargo bench --bench ledger`.

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use sqlx::PgConnection;
use wagedesk_core::ledger::{CaseRow, Group, GroupBy, Period, Role, Summary};

use crate::ledger::{
    Dialect, TRANSFERRED_OUT, TRANSFERRED_OUT_SQL, bounds, case_row, export_sql, group_rows, groups_sql, overdue_sql,
    split, summary_sql,
};

/// An office's figures for a period, as [`crate::ledger::summary`] reads them from SQLite.
pub async fn summary(
    conn: &mut PgConnection,
    office: &str,
    role: Role,
    period: Period,
    today: NaiveDate,
) -> Result<Summary, sqlx::Error> {
    let (from, to) = bounds(period);
    let rows = sqlx::query(sqlx::AssertSqlSafe(summary_sql(role)))
        .bind(office)
        .bind(&from)
        .bind(&to)
        .bind(today.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let (all, government) = split(&rows)?;
    let transferred_out = match role {
        Role::Owner => {
            sqlx::query_scalar(TRANSFERRED_OUT_SQL)
                .bind(office)
                .bind(&from)
                .bind(&to)
                .bind(TRANSFERRED_OUT)
                .fetch_one(&mut *conn)
                .await?
        }
        Role::CoHandler => 0,
    };
    Ok(Summary { office: office.to_owned(), role, period, today, all, government, transferred_out })
}

/// The cases of `role` in the period, oldest first, handed to `each` one at a time (streamed), as
/// [`crate::ledger::cases`] reads them from SQLite.
pub async fn cases<E: From<sqlx::Error>>(
    conn: &mut PgConnection,
    office: &str,
    role: Role,
    period: Period,
    mut each: impl FnMut(CaseRow) -> Result<(), E>,
) -> Result<(), E> {
    let (from, to) = bounds(period);
    let mut stream = sqlx::query(sqlx::AssertSqlSafe(export_sql(role))).bind(office).bind(from).bind(to).fetch(conn);
    while let Some(row) = stream.try_next().await? {
        each(case_row(&row)?)?;
    }
    Ok(())
}

/// An office's figures grouped by employer, project or county, as [`crate::ledger::groups`] reads them.
pub async fn groups(
    conn: &mut PgConnection,
    office: &str,
    role: Role,
    by: GroupBy,
    period: Period,
    today: NaiveDate,
) -> Result<Vec<Group>, sqlx::Error> {
    let (from, to) = bounds(period);
    let rows = sqlx::query(sqlx::AssertSqlSafe(groups_sql(role, by, Dialect::Postgres)))
        .bind(office)
        .bind(from)
        .bind(to)
        .bind(today.to_string())
        .fetch_all(conn)
        .await?;
    group_rows(&rows)
}

/// The owned cases of the period overdue on `today`, as [`crate::ledger::overdue_cases`] reads them.
pub async fn overdue_cases<E: From<sqlx::Error>>(
    conn: &mut PgConnection,
    office: &str,
    period: Period,
    today: NaiveDate,
    mut each: impl FnMut(CaseRow) -> Result<(), E>,
) -> Result<(), E> {
    let (from, to) = bounds(period);
    let mut stream = sqlx::query(sqlx::AssertSqlSafe(overdue_sql()))
        .bind(office)
        .bind(from)
        .bind(to)
        .bind(today.to_string())
        .fetch(conn);
    while let Some(row) = stream.try_next().await? {
        each(case_row(&row)?)?;
    }
    Ok(())
}
