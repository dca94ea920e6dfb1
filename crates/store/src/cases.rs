//! Cases (owner, clocks, state), their notifications, the clock alerts already sent, and the chats
//! offices receive notifications in.

use super::Db;
use crate::conn::{Conn, Dialect};
use crate::on_conn;
use wagedesk_core::case::CaseState;

/// An open case as the scheduler needs it.
#[derive(Debug, Clone)]
pub struct OpenCase {
    pub complaint_id: i64,
    pub case_number: String,
    pub worker_chat_id: i64,
    pub lang: String,
    pub state: CaseState,
}

/// A case a new complaint may join.
#[derive(Debug, Clone)]
pub struct Match {
    pub complaint_id: i64,
    pub case_number: String,
    pub owner_office: String,
}

pub async fn insert<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    state: &CaseState,
    now: &str,
) -> anyhow::Result<()> {
    let mut conn = conn.into();
    write_state(conn.reborrow(), complaint_id, state, now).await?;
    write_ledger_columns(conn, complaint_id, state, now).await
}

/// Writes a case's state and the columns copied from it; a new case starts at revision 0 and every
/// later write bumps the revision (stale buttons compare it).
async fn write_state(conn: Conn<'_>, complaint_id: i64, state: &CaseState, now: &str) -> anyhow::Result<()> {
    let json = serde_json::to_string(state)?;
    on_conn!(conn, c => {
        sqlx::query(
            "INSERT INTO cases (complaint_id, owner_office, first_office, status, acceptance_due, investigation_due,
                 state, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (complaint_id) DO UPDATE SET owner_office = excluded.owner_office,
                 first_office = excluded.first_office, status = excluded.status,
                 acceptance_due = excluded.acceptance_due, investigation_due = excluded.investigation_due,
                 state = excluded.state, updated_at = excluded.updated_at, rev = cases.rev + 1",
        )
        .bind(complaint_id)
        .bind(state.owner.as_str())
        .bind(state.first_office.as_str())
        .bind(state.status.code())
        .bind(state.acceptance_due.to_string())
        .bind(state.investigation_due.map(|d| d.to_string()))
        .bind(json)
        .bind(now)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// Stores a case's new state after a lifecycle operation; the query columns move with it.
pub async fn save<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    state: &CaseState,
    now: &str,
) -> anyhow::Result<()> {
    let mut conn = conn.into();
    write_state(conn.reborrow(), complaint_id, state, now).await?;
    on_conn!(conn.reborrow(), c => {
        sqlx::query("UPDATE complaints SET status = $2 WHERE id = $1")
            .bind(complaint_id)
            .bind(state.status.code())
            .execute(c)
            .await?;
    });
    write_ledger_columns(conn, complaint_id, state, now).await
}

/// The ledger's copies of a case's figures (migration 0006), written with every state. Claimed amount,
/// workers, county and project come from the complaint, its claimants and the project.
async fn write_ledger_columns(
    mut conn: Conn<'_>,
    complaint_id: i64,
    state: &CaseState,
    now: &str,
) -> anyhow::Result<()> {
    let f = wagedesk_core::ledger::CaseFacts::of(state);
    // A withdrawal has no date in the state: the day it is first saved (local time) is kept.
    let saved_on = wagedesk_core::clock::local_date(
        chrono::DateTime::parse_from_rfc3339(now)
            .map_or_else(|_| chrono::Utc::now(), |t| t.with_timezone(&chrono::Utc)),
    );
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    let finished = "CASE WHEN $2 THEN COALESCE(finished_on, $3) ELSE $4 END";
    let claimed =
        "(SELECT COALESCE(SUM(amount_fen), 0) FROM claimants WHERE complaint_id = $1 AND withdrawn_at IS NULL)";
    // The workers a timeline entry added or took away (`args.workers`, `args.workers.value`).
    let (joined, left) = match conn.dialect() {
        Dialect::Sqlite => ("json_extract(args, '$.workers')", "json_extract(args, '$.workers.value')"),
        Dialect::Postgres => {
            ("CAST(args::jsonb ->> 'workers' AS BIGINT)", "CAST(args::jsonb #>> '{workers,value}' AS BIGINT)")
        }
    };
    let sql = format!(
        "UPDATE cases SET submitted_on = $5, accepted_on = $6, finished_on = {finished},
             closed_in_time = CASE WHEN {finished} IS NULL THEN NULL WHEN {finished} <= $7 THEN 1 ELSE 0 END,
             clock_due = $8, outcome = $9, verified = $10, claimed_fen = {claimed},
             paid_fen = (SELECT COALESCE(SUM(paid_fen), 0) FROM claimants WHERE complaint_id = $1
                         AND withdrawn_at IS NULL),
             order_due = $11, penalty_fen = $12, blacklisted_on = $13,
             workers = (SELECT workers FROM complaints WHERE id = $1)
                 + (SELECT COALESCE(SUM(COALESCE({joined}, 1)), 0) FROM timeline
                    WHERE complaint_id = $1 AND event = 'claimant_joined')
                 - (SELECT COALESCE(SUM(COALESCE({left}, 1)), 0) FROM timeline
                    WHERE complaint_id = $1 AND event = 'claimant_withdrew'),
             county_code = (SELECT county_code FROM complaints WHERE id = $1),
             project_id = (SELECT project_code FROM complaints WHERE id = $1),
             government_invested = COALESCE((SELECT p.government_invested FROM complaints c
                 JOIN projects p ON p.id = c.project_code WHERE c.id = $1), 0)
         WHERE complaint_id = $1"
    );
    // Built from the constants above only.
    on_conn!(conn.reborrow(), c => {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(complaint_id)
            .bind(f.withdrawn)
            .bind(saved_on.to_string())
            .bind(day(f.resolved_on))
            .bind(f.submitted_on.to_string())
            .bind(day(f.accepted_on))
            .bind(f.deadline.to_string())
            .bind(day(f.clock_due))
            .bind(f.outcome)
            .bind(i64::from(f.verified))
            .bind(state.order.as_ref().map(|o| o.due.to_string()))
            .bind(state.penalties.iter().map(|p| p.amount_fen).sum::<i64>())
            .bind(state.blacklist.as_ref().map(|b| b.on.to_string()))
            .execute(&mut *c)
            .await?;
        sqlx::query("DELETE FROM case_co_handlers WHERE complaint_id = $1").bind(complaint_id).execute(&mut *c).await?;
        for office in &state.co_handlers {
            sqlx::query("INSERT INTO case_co_handlers (office_id, complaint_id) VALUES ($1, $2)")
                .bind(office.as_str())
                .bind(complaint_id)
                .execute(&mut *c)
                .await?;
        }
    });
    Ok(())
}

/// One case's stored state.
pub async fn load<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> anyhow::Result<Option<CaseState>> {
    let json: Option<String> = on_conn!(conn.into(), c => {
        sqlx::query_scalar("SELECT state FROM cases WHERE complaint_id = $1").bind(complaint_id).fetch_optional(c).await?
    });
    Ok(match json {
        Some(j) => Some(serde_json::from_str(&j)?),
        None => None,
    })
}

/// One case's stored state, to decide on and write back in the caller's transaction. PostgreSQL's
/// replicas write side by side, so the row is locked until the transaction ends: two workers
/// confirming at once, or a transfer and a worker's reply, are decided one after the other on what
/// the other wrote, not both on the same old state (the last write silently undoing the first).
/// SQLite's one writer at a time already orders them.
pub async fn load_to_decide<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> anyhow::Result<Option<CaseState>> {
    let conn: Conn<'c> = conn.into();
    let sql = match conn.dialect() {
        Dialect::Sqlite => "SELECT state FROM cases WHERE complaint_id = $1",
        Dialect::Postgres => "SELECT state FROM cases WHERE complaint_id = $1 FOR UPDATE",
    };
    let json: Option<String> = on_conn!(conn, c => sqlx::query_scalar(sql).bind(complaint_id).fetch_optional(c).await?);
    Ok(match json {
        Some(j) => Some(serde_json::from_str(&j)?),
        None => None,
    })
}

/// Cases still open, for the clock scheduler.
pub async fn open_cases(db: &Db) -> anyhow::Result<Vec<OpenCase>> {
    let rows: Vec<(i64, String, i64, String, String)> = on_conn!(db.acquire().await?.conn(), c => sqlx::query_as(
        "SELECT k.complaint_id, c.case_number, c.worker_chat_id, c.lang, k.state FROM cases k
         JOIN complaints c ON c.id = k.complaint_id
         WHERE k.status NOT IN ('closed', 'withdrawn') ORDER BY k.complaint_id",
    )
    .fetch_all(c)
    .await)?;
    let mut cases = Vec::with_capacity(rows.len());
    for (complaint_id, case_number, worker_chat_id, lang, state) in rows {
        match serde_json::from_str::<CaseState>(&state) {
            Ok(state) if state.status.is_open() => {
                cases.push(OpenCase { complaint_id, case_number, worker_chat_id, lang, state })
            }
            Ok(_) => {}
            Err(e) => tracing::error!(complaint_id, error = %e, "stored case state unreadable"),
        }
    }
    Ok(cases)
}

/// An open case about the same project, or the same employer in the same county — never one on
/// another project (another worksite), and the same project's case before any other.
pub async fn find_open_match<'c>(
    conn: impl Into<Conn<'c>>,
    project_code: Option<&str>,
    county_code: &str,
    employer: &Employer<'_>,
) -> Result<Option<Match>, sqlx::Error> {
    find_match(conn.into(), "k.status NOT IN ('closed', 'withdrawn', 'resolved')", project_code, county_code, employer)
        .await
}

/// The employer as duplicates are matched on it: its key, and for a name that alone is no one employer
/// ("王老板": a surname and a title) the worksite it must share too.
pub struct Employer<'a> {
    /// Empty: matched by project only.
    pub key: &'a str,
    /// `Some`: a case found by the key counts only if its worksite passes this.
    pub same_site: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
}

/// [`find_open_match`] among resolved cases (waiting for the workers' confirmation of payment): a
/// worker already on one who files again has filed already; nobody new joins it.
pub async fn find_resolved_match<'c>(
    conn: impl Into<Conn<'c>>,
    project_code: Option<&str>,
    county_code: &str,
    employer: &Employer<'_>,
) -> Result<Option<Match>, sqlx::Error> {
    find_match(conn.into(), "k.status = 'resolved'", project_code, county_code, employer).await
}

async fn find_match(
    conn: Conn<'_>,
    status: &'static str,
    project_code: Option<&str>,
    county_code: &str,
    employer: &Employer<'_>,
) -> Result<Option<Match>, sqlx::Error> {
    // A weak name is checked against each case's worksite here, so a few candidates are read.
    let limit = if employer.same_site.is_some() { 50 } else { 1 };
    let sql = format!(
        "SELECT c.id, c.case_number, k.owner_office, c.project_code = $1, c.site
         FROM complaints c JOIN cases k ON k.complaint_id = c.id
         WHERE {status}
           AND (($1 IS NOT NULL AND c.project_code = $1)
                OR ($3 <> '' AND c.county_code = $2 AND c.employer_key = $3
                    AND ($1 IS NULL OR c.project_code IS NULL)))
         ORDER BY CASE WHEN $1 IS NOT NULL AND c.project_code = $1 THEN 0 ELSE 1 END, c.id LIMIT {limit}"
    );
    let rows: Vec<(i64, String, String, Option<bool>, String)> = on_conn!(conn, c => {
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(project_code)
        .bind(county_code)
        .bind(employer.key)
        .fetch_all(c)
        .await?
    });
    let found = rows.into_iter().find(|(_, _, _, same_project, site)| {
        same_project.unwrap_or(false) || employer.same_site.is_none_or(|same| same(site))
    });
    Ok(found.map(|(complaint_id, case_number, owner_office, _, _)| Match { complaint_id, case_number, owner_office }))
}

/// A worker already on a case, found by their phone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Already {
    /// The chat of their claim, if it has one: what they add from another chat is theirs there, so
    /// their erasure takes it too.
    pub chat_id: Option<i64>,
}

/// Whether this worker (by phone hash, under any key of the keyring while a rotation has not recomputed
/// every stored hash) is already a claimant of the case for an overlapping period.
pub async fn already_claimant<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    phone_hashes: &[String],
    period_start: &str,
    period_end: &str,
) -> Result<Option<Already>, sqlx::Error> {
    let conn = conn.into();
    // The hashes as a JSON array, opened by each database's own function.
    let hashes = match conn.dialect() {
        Dialect::Sqlite => "SELECT value FROM json_each($2)",
        Dialect::Postgres => "SELECT jsonb_array_elements_text(CAST($2 AS jsonb))",
    };
    let sql = format!(
        "SELECT chat_id FROM claimants WHERE complaint_id = $1 AND withdrawn_at IS NULL
           AND phone_hash IN ({hashes}) AND period_start <= $4 AND period_end >= $3
         ORDER BY chat_id IS NULL, id LIMIT 1"
    );
    let json = serde_json::to_string(phone_hashes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let found: Option<Option<i64>> = on_conn!(conn, c => {
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(complaint_id)
            .bind(json)
            .bind(period_start)
            .bind(period_end)
            .fetch_optional(c)
            .await?
    });
    Ok(found.map(|chat_id| Already { chat_id }))
}

pub async fn alerts_sent<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<Vec<String>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_scalar("SELECT alert_key FROM clock_alerts_sent WHERE complaint_id = $1")
            .bind(complaint_id)
            .fetch_all(c)
            .await
    })
}

pub async fn record_alert<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    key: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query("INSERT INTO clock_alerts_sent (complaint_id, alert_key, sent_at) VALUES ($1, $2, $3)")
            .bind(complaint_id)
            .bind(key)
            .bind(now)
            .execute(c)
            .await?;
    });
    Ok(())
}

pub async fn office_chat<'c>(conn: impl Into<Conn<'c>>, office_id: &str) -> Result<Option<i64>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_scalar("SELECT chat_id FROM office_chats WHERE office_id = $1")
            .bind(office_id)
            .fetch_optional(c)
            .await
    })
}

/// Records the chat an office receives notifications in (re-linking moves it).
pub async fn link_office_chat<'c>(
    conn: impl Into<Conn<'c>>,
    office_id: &str,
    chat_id: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query("DELETE FROM office_chats WHERE chat_id = $1 AND office_id <> $2")
            .bind(chat_id)
            .bind(office_id)
            .execute(&mut *c)
            .await?;
        sqlx::query(
            "INSERT INTO office_chats (office_id, chat_id, linked_at) VALUES ($1, $2, $3)
             ON CONFLICT (office_id) DO UPDATE SET chat_id = excluded.chat_id, linked_at = excluded.linked_at",
        )
        .bind(office_id)
        .bind(chat_id)
        .bind(now)
        .execute(c)
        .await?;
    });
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn record_notification<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    recipient: &str,
    message_id: &str,
    args_json: &str,
    outbox_id: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query(
            "INSERT INTO notifications (complaint_id, recipient, message_id, args, outbox_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(complaint_id)
        .bind(recipient)
        .bind(message_id)
        .bind(args_json)
        .bind(outbox_id)
        .bind(now)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// A case's number, its worker's chat and the worker's language code.
pub async fn worker_of<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
) -> Result<Option<(String, i64, String)>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_as("SELECT case_number, worker_chat_id, lang FROM complaints WHERE id = $1")
            .bind(complaint_id)
            .fetch_optional(c)
            .await
    })
}
