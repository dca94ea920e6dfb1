//! The Open311 read API's rows (`core::open311`): each case with its complaint's service, place and
//! times, read with plain SQL. Only the columns the API publishes are selected — no claimant, words,
//! amount, employer, site or chat — so nothing personal can reach an answer from here.
//!
//! Newest first by filing order (the complaint's row id): SQLite walks the table backwards and stops
//! at the cap, so the default window (the last 90 days) reads about as many rows as it returns.

use sqlx::{Database, Encode, QueryBuilder, Type};

use crate::conn::Conn;
use crate::on_conn;
use wagedesk_core::clock::stamp;
use wagedesk_core::open311::{CaseRow, MAX_RESULTS, Search};

type Row = (String, String, String, Option<String>, String, String, Option<String>, String, String, Option<String>);

const SELECT: &str = "SELECT c.case_number, c.claim_kind, k.status, k.outcome, k.owner_office, c.county_code,
        c.township_code, c.submitted_at, k.updated_at, k.clock_due
    FROM complaints c JOIN cases k ON k.complaint_id = c.id
    WHERE ";

fn case_row(r: Row) -> CaseRow {
    let (
        case_number,
        claim_kind,
        status,
        outcome,
        owner_office,
        county_code,
        township_code,
        submitted_at,
        updated_at,
        clock_due,
    ) = r;
    CaseRow {
        case_number,
        claim_kind,
        status,
        outcome,
        owner_office,
        county_code,
        township_code,
        submitted_at,
        updated_at,
        clock_due,
    }
}

/// `AND column IN (values…)`, or nothing for an empty list (any value).
fn any_of<DB: Database>(q: &mut QueryBuilder<DB>, column: &str, values: &[&'static str])
where
    for<'q> &'static str: Encode<'q, DB> + Type<DB>,
{
    if values.is_empty() {
        return;
    }
    q.push(format_args!(" AND {column} IN ("));
    let mut list = q.separated(", ");
    for v in values {
        list.push_bind(*v);
    }
    list.push_unseparated(")");
}

/// The cases a `requests.json` query asks for, at most `MAX_RESULTS`, newest first.
pub async fn search<'c>(conn: impl Into<Conn<'c>>, search: &Search) -> Result<Vec<CaseRow>, sqlx::Error> {
    if matches!(search, Search::Ids(ids) if ids.is_empty()) {
        return Ok(Vec::new());
    }
    let rows: Vec<Row> = on_conn!(conn.into(), c => search_query(search).build_query_as().fetch_all(c).await)?;
    Ok(rows.into_iter().map(case_row).collect())
}

fn search_query<DB: Database>(search: &Search) -> QueryBuilder<DB>
where
    for<'q> &'static str: Encode<'q, DB> + Type<DB>,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let mut q = QueryBuilder::<DB>::new(SELECT);
    match search {
        Search::Ids(ids) => {
            q.push("c.case_number IN (");
            let mut list = q.separated(", ");
            for id in ids {
                list.push_bind(id.clone());
            }
            list.push_unseparated(")");
        }
        Search::Filter(f) => {
            q.push("c.submitted_at >= ").push_bind(stamp(f.from));
            q.push(" AND c.submitted_at <= ").push_bind(stamp(f.to));
            any_of(&mut q, "c.claim_kind", &f.claim_kinds());
            any_of(&mut q, "k.status", &f.lifecycle_statuses());
        }
    }
    q.push(" ORDER BY c.id DESC LIMIT ").push_bind(i64::try_from(MAX_RESULTS).unwrap_or(i64::MAX));
    q
}

/// One case by its number (`requests/{id}.json`).
pub async fn by_number<'c>(conn: impl Into<Conn<'c>>, number: &str) -> Result<Option<CaseRow>, sqlx::Error> {
    let row: Option<Row> = on_conn!(conn.into(), c => {
        let mut q = QueryBuilder::new(SELECT);
        q.push("c.case_number = ").push_bind(number.to_owned());
        q.build_query_as().fetch_optional(c).await
    })?;
    Ok(row.map(case_row))
}
