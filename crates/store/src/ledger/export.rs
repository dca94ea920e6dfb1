//! The export's case rows, streamed from the database one at a time into the caller's sink, so an
//! export of any size holds one row at a time.

use chrono::NaiveDate;
use futures_util::TryStreamExt;
use sqlx::Row;
use wagedesk_core::ledger::{CaseRow, Period, Role};

use super::{bounds, scope_joined};
use crate::conn::Conn;
use crate::on_conn;

const COLUMNS: &str = "k.complaint_id, c.case_number, k.status, k.submitted_on, k.accepted_on, k.clock_due,
    k.finished_on, k.closed_in_time, k.outcome, k.owner_office, k.first_office, k.county_code, c.site,
    p.name AS project_name, k.government_invested, c.employer, f.name AS filer_name, f.name_masked AS filer_name_masked,
    f.phone_masked,
    f.phone_sealed, f.id_masked, f.id_sealed, k.workers, k.claimed_fen, k.verified, k.verified_fen, k.paid_fen,
    k.order_due, k.penalty_fen, k.blacklisted_on";

const JOINS: &str = "JOIN complaints c ON c.id = k.complaint_id
    LEFT JOIN claimants f ON f.complaint_id = k.complaint_id AND f.role = 'filer'
    LEFT JOIN projects p ON p.id = k.project_id";

/// The export's case rows of `role` (public for the benchmark's query plan). An owner's rows come from
/// the covering index `cases_export` (migration 0022) already in this order, so nothing is sorted and
/// no case's state is read; each row then looks up its complaint, filer and project by key.
pub fn export_sql(role: Role) -> String {
    format!("SELECT {COLUMNS} FROM {} ORDER BY k.submitted_on, k.complaint_id", scope_joined(role, JOINS))
}

/// The cases of `role` in the period, oldest first, handed to `each` one at a time.
pub async fn cases<'c, E: From<sqlx::Error>>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    role: Role,
    period: Period,
    mut each: impl FnMut(CaseRow) -> Result<(), E>,
) -> Result<(), E> {
    let sql = export_sql(role);
    let (from, to) = bounds(period);
    on_conn!(conn.into(), c => {
        let mut stream = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(office).bind(from).bind(to).fetch(c);
        while let Some(row) = stream.try_next().await? {
            each(case_row(&row)?)?;
        }
    });
    Ok(())
}

/// The owned cases of the period that are overdue on `today`, longest overdue first, handed to
/// `each` one at a time.
pub async fn overdue_cases<'c, E: From<sqlx::Error>>(
    conn: impl Into<Conn<'c>>,
    office: &str,
    period: Period,
    today: NaiveDate,
    mut each: impl FnMut(CaseRow) -> Result<(), E>,
) -> Result<(), E> {
    let sql = format!(
        "SELECT {COLUMNS} FROM {} AND k.clock_due < $4 ORDER BY k.clock_due, k.complaint_id",
        scope_joined(Role::Owner, JOINS)
    );
    let (from, to) = bounds(period);
    on_conn!(conn.into(), c => {
        let mut stream =
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(office).bind(from).bind(to).bind(today.to_string()).fetch(c);
        while let Some(row) = stream.try_next().await? {
            each(case_row(&row)?)?;
        }
    });
    Ok(())
}

/// Decodes the `COLUMNS` of one row, from either database (flags are 0/1 integers in both).
fn case_row<R: Row>(r: &R) -> Result<CaseRow, sqlx::Error>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'v> i64: sqlx::Decode<'v, R::Database> + sqlx::Type<R::Database>,
    for<'v> String: sqlx::Decode<'v, R::Database> + sqlx::Type<R::Database>,
{
    let flag = |column: &str| r.try_get::<i64, _>(column).map(|v| v != 0);
    Ok(CaseRow {
        complaint_id: r.try_get("complaint_id")?,
        case_number: r.try_get("case_number")?,
        status: r.try_get("status")?,
        submitted_on: r.try_get("submitted_on")?,
        accepted_on: r.try_get("accepted_on")?,
        clock_due: r.try_get("clock_due")?,
        finished_on: r.try_get("finished_on")?,
        closed_in_time: r.try_get("closed_in_time")?,
        outcome: r.try_get("outcome")?,
        owner_office: r.try_get("owner_office")?,
        first_office: r.try_get("first_office")?,
        county_code: r.try_get("county_code")?,
        site: r.try_get("site")?,
        project_name: r.try_get("project_name")?,
        government_invested: flag("government_invested")?,
        employer: r.try_get("employer")?,
        filer_name: r.try_get("filer_name")?,
        filer_name_masked: r.try_get("filer_name_masked")?,
        phone_masked: r.try_get("phone_masked")?,
        phone_sealed: r.try_get("phone_sealed")?,
        id_masked: r.try_get("id_masked")?,
        id_sealed: r.try_get("id_sealed")?,
        workers: r.try_get("workers")?,
        claimed_fen: r.try_get("claimed_fen")?,
        verified: flag("verified")?,
        verified_fen: r.try_get("verified_fen")?,
        paid_fen: r.try_get("paid_fen")?,
        order_due: r.try_get("order_due")?,
        penalty_fen: r.try_get("penalty_fen")?,
        blacklisted_on: r.try_get("blacklisted_on")?,
    })
}
