//! Crew links (`crew_links`) and the crew members who join through them: a member's own amount is
//! moved out of the filer's line (which stood for the whole crew until then), so the case's total
//! is not counted twice, and the case's worker count grows only past the crew size the filer gave.

use super::cases::Match;
use super::complaints::{self, NewClaimant};
use wagedesk_core::case::Status;
use wagedesk_core::crew::{CrewCase, CrewLookup};
use wagedesk_core::domain::period::PayPeriod;
use wagedesk_core::domain::sector::Sector;
use wagedesk_core::intake::draft::{ClaimKind, EmployerKind};

use crate::conn::{Conn, Dialect};
use crate::on_conn;

/// Stores a new link for the case; `false` if the code is taken (the caller draws another).
pub async fn insert_link<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    code: &str,
    now: &str,
) -> Result<bool, sqlx::Error> {
    let done = on_conn!(conn.into(), c => {
        sqlx::query(
            "INSERT INTO crew_links (code, complaint_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(code)
        .bind(complaint_id)
        .bind(now)
        .execute(c)
        .await?
        .rows_affected()
    });
    Ok(done == 1)
}

/// The case's crew code, if it has one.
pub async fn code_of<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_scalar("SELECT code FROM crew_links WHERE complaint_id = $1")
            .bind(complaint_id)
            .fetch_optional(c)
            .await
    })
}

/// The crew code of `complaint_id` if `chat` filed it (the crew's leader, still on the case).
pub async fn code_for_filer<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    chat: i64,
) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_scalar(
            "SELECT l.code FROM crew_links l JOIN claimants m ON m.complaint_id = l.complaint_id
             WHERE l.complaint_id = $1 AND m.chat_id = $2 AND m.role = 'filer' AND m.withdrawn_at IS NULL
             LIMIT 1",
        )
        .bind(complaint_id)
        .bind(chat)
        .fetch_optional(c)
        .await
    })
}

type Row = (
    i64,
    String,
    Option<String>,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// What a crew code names: the case as a member sees it (never another worker's data).
pub async fn lookup<'c>(conn: impl Into<Conn<'c>>, code: &str) -> Result<CrewLookup, sqlx::Error> {
    let row: Option<Row> = on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT c.id, c.case_number, c.project_code, c.county_code, c.township_code, c.site, c.sector,
                    c.employer_kind, c.employer, c.claim_kind, c.period_start, c.period_end, k.status
             FROM crew_links l JOIN complaints c ON c.id = l.complaint_id JOIN cases k ON k.complaint_id = c.id
             WHERE l.code = $1",
        )
        .bind(code)
        .fetch_optional(c)
        .await?
    });
    let Some((_, case_number, project, county, township, site, sector, kind, employer, claim, start, end, status)) =
        row
    else {
        return Ok(CrewLookup::Unknown);
    };
    if !Status::from_code(&status).is_some_and(Status::is_open) {
        return Ok(CrewLookup::Ended { case_number });
    }
    let (Some(sector), Some(employer_kind), Some(claim_kind), Some(period)) = (
        Sector::from_code(&sector),
        EmployerKind::from_code(&kind),
        ClaimKind::from_code(&claim),
        PayPeriod::from_stored(&start, &end),
    ) else {
        return Err(sqlx::Error::Decode(format!("case {case_number}: a stored value this version cannot read").into()));
    };
    Ok(CrewLookup::Open(Box::new(CrewCase {
        code: code.to_owned(),
        case_number,
        project_code: project,
        // 000000: the filer could not place the worksite (filing::UNKNOWN_COUNTY).
        county_code: Some(county).filter(|c| c != "000000"),
        township_code: township,
        site,
        sector,
        employer_kind,
        employer,
        claim_kind,
        period,
    })))
}

/// The case a code names, while it is open.
pub async fn open_case<'c>(conn: impl Into<Conn<'c>>, code: &str) -> Result<Option<Match>, sqlx::Error> {
    let row: Option<(i64, String, String)> = on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT c.id, c.case_number, k.owner_office FROM crew_links l JOIN complaints c ON c.id = l.complaint_id
             JOIN cases k ON k.complaint_id = c.id
             WHERE l.code = $1 AND k.status NOT IN ('resolved', 'closed', 'withdrawn')",
        )
        .bind(code)
        .fetch_optional(c)
        .await?
    });
    Ok(row.map(|(complaint_id, case_number, owner_office)| Match { complaint_id, case_number, owner_office }))
}

/// Adds a crew member as a claimant. Their amount leaves the filer's line (never below zero); they
/// count as a new worker only once the members on the case outnumber the crew the filer described. A
/// member who withdrew and joins again (same phone) left the filer's line already and was counted in
/// the crew: neither happens twice. Returns whether they added a worker, for the timeline entry that
/// the ledger's copy counts.
pub async fn add_member<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &wagedesk_core::crypto::Vault,
    complaint_id: i64,
    member: &NewClaimant,
) -> Result<bool, sqlx::Error> {
    let mut conn = conn.into();
    let (crew_size, members, rejoining): (i64, i64, i64) = on_conn!(conn.reborrow(), c => {
        sqlx::query_as(
            "SELECT c.workers,
                    (SELECT COUNT(*) FROM claimants m WHERE m.complaint_id = c.id AND m.crew = 1
                       AND m.withdrawn_at IS NULL),
                    (SELECT COUNT(*) FROM claimants m WHERE m.complaint_id = c.id AND m.crew = 1
                       AND m.withdrawn_at IS NOT NULL AND m.phone_hash = $2)
             FROM complaints c WHERE c.id = $1",
        )
        .bind(complaint_id)
        .bind(&member.phone.hash)
        .fetch_one(c)
        .await?
    });
    let rejoining = rejoining > 0;
    // The larger of two values: SQLite's MAX(a, b), PostgreSQL's GREATEST.
    let greatest = match conn.dialect() {
        Dialect::Sqlite => "MAX",
        Dialect::Postgres => "GREATEST",
    };
    let sql = format!(
        "UPDATE claimants SET amount_fen = {greatest}(0, amount_fen - $2)
         WHERE id = (SELECT MIN(id) FROM claimants WHERE complaint_id = $1 AND role = 'filer')"
    );
    if !rejoining {
        on_conn!(conn.reborrow(), c => {
            sqlx::query(sqlx::AssertSqlSafe(sql)).bind(complaint_id).bind(member.amount_fen).execute(c).await?;
        });
    }
    let crew_member = NewClaimant { crew: true, ..member.clone() };
    complaints::insert_claimant(conn.reborrow(), vault, complaint_id, &crew_member).await?;
    // The insert trigger added the member's amount; the filer's line shrank: count it again.
    super::claimants::recount(conn, complaint_id).await?;
    Ok(!rejoining && members + 1 >= crew_size)
}
