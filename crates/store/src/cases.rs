//! Cases (owner, clocks, state), their notifications, the clock alerts already sent, and the chats
//! offices receive notifications in.

use sqlx::SqliteConnection;

use super::Db;
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

pub async fn insert(
    conn: &mut SqliteConnection,
    complaint_id: i64,
    state: &CaseState,
    now: &str,
) -> anyhow::Result<()> {
    write_state(conn, complaint_id, state, now).await?;
    write_ledger_columns(conn, complaint_id, state, now).await
}

/// Writes a case's state and the columns copied from it; a new case starts at revision 0 and every
/// later write bumps the revision (stale buttons compare it).
async fn write_state(
    conn: &mut SqliteConnection,
    complaint_id: i64,
    state: &CaseState,
    now: &str,
) -> anyhow::Result<()> {
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
    .bind(serde_json::to_string(state)?)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores a case's new state after a lifecycle operation; the query columns move with it.
pub async fn save(conn: &mut SqliteConnection, complaint_id: i64, state: &CaseState, now: &str) -> anyhow::Result<()> {
    write_state(conn, complaint_id, state, now).await?;
    sqlx::query("UPDATE complaints SET status = $2 WHERE id = $1")
        .bind(complaint_id)
        .bind(state.status.code())
        .execute(&mut *conn)
        .await?;
    write_ledger_columns(conn, complaint_id, state, now).await
}

/// The ledger's copies of a case's figures (migration 0006), written with every state. Claimed amount,
/// workers, county and project come from the complaint, its claimants and the project.
async fn write_ledger_columns(
    conn: &mut SqliteConnection,
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
    let sql = format!(
        "UPDATE cases SET submitted_on = $5, accepted_on = $6, finished_on = {finished},
             closed_in_time = CASE WHEN {finished} IS NULL THEN NULL WHEN {finished} <= $7 THEN 1 ELSE 0 END,
             clock_due = $8, outcome = $9, verified = $10, claimed_fen = {claimed},
             paid_fen = (SELECT COALESCE(SUM(paid_fen), 0) FROM claimants WHERE complaint_id = $1
                         AND withdrawn_at IS NULL),
             order_due = $11, penalty_fen = $12, blacklisted_on = $13,
             workers = (SELECT workers FROM complaints WHERE id = $1)
                 + (SELECT COALESCE(SUM(COALESCE(json_extract(args, '$.workers'), 1)), 0) FROM timeline
                    WHERE complaint_id = $1 AND event = 'claimant_joined')
                 - (SELECT COALESCE(SUM(COALESCE(json_extract(args, '$.workers.value'), 1)), 0) FROM timeline
                    WHERE complaint_id = $1 AND event = 'claimant_withdrew'),
             county_code = (SELECT county_code FROM complaints WHERE id = $1),
             project_id = (SELECT project_code FROM complaints WHERE id = $1),
             government_invested = COALESCE((SELECT p.government_invested FROM complaints c
                 JOIN projects p ON p.id = c.project_code WHERE c.id = $1), 0)
         WHERE complaint_id = $1"
    );
    // Built from the constants above only.
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
        .bind(f.verified)
        .bind(state.order.as_ref().map(|o| o.due.to_string()))
        .bind(state.penalties.iter().map(|p| p.amount_fen).sum::<i64>())
        .bind(state.blacklist.as_ref().map(|b| b.on.to_string()))
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM case_co_handlers WHERE complaint_id = $1").bind(complaint_id).execute(&mut *conn).await?;
    for office in &state.co_handlers {
        sqlx::query("INSERT INTO case_co_handlers (office_id, complaint_id) VALUES ($1, $2)")
            .bind(office.as_str())
            .bind(complaint_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// One case's stored state.
pub async fn load(conn: &mut SqliteConnection, complaint_id: i64) -> anyhow::Result<Option<CaseState>> {
    let json: Option<String> = sqlx::query_scalar("SELECT state FROM cases WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_optional(conn)
        .await?;
    Ok(match json {
        Some(j) => Some(serde_json::from_str(&j)?),
        None => None,
    })
}

/// Cases still open, for the clock scheduler.
pub async fn open_cases(db: &Db) -> anyhow::Result<Vec<OpenCase>> {
    let rows: Vec<(i64, String, i64, String, String)> = sqlx::query_as(
        "SELECT k.complaint_id, c.case_number, c.worker_chat_id, c.lang, k.state FROM cases k
         JOIN complaints c ON c.id = k.complaint_id
         WHERE k.status NOT IN ('closed', 'withdrawn') ORDER BY k.complaint_id",
    )
    .fetch_all(db)
    .await?;
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

/// An open case about the same project, or the same employer in the same county.
pub async fn find_open_match(
    conn: &mut SqliteConnection,
    project_code: Option<&str>,
    county_code: &str,
    employer_key: &str,
) -> Result<Option<Match>, sqlx::Error> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT c.id, c.case_number, k.owner_office FROM complaints c JOIN cases k ON k.complaint_id = c.id
         WHERE k.status NOT IN ('closed', 'withdrawn', 'resolved')
           AND (($1 IS NOT NULL AND c.project_code = $1)
                OR ($3 <> '' AND c.county_code = $2 AND c.employer_key = $3))
         ORDER BY c.id LIMIT 1",
    )
    .bind(project_code)
    .bind(county_code)
    .bind(employer_key)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(complaint_id, case_number, owner_office)| Match { complaint_id, case_number, owner_office }))
}

/// Whether this worker (by phone hash, under any key of the keyring while a rotation has not recomputed
/// every stored hash) is already a claimant of the case for an overlapping period.
pub async fn already_claimant(
    conn: &mut SqliteConnection,
    complaint_id: i64,
    phone_hashes: &[String],
    period_start: &str,
    period_end: &str,
) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM claimants WHERE complaint_id = $1 AND withdrawn_at IS NULL
           AND phone_hash IN (SELECT value FROM json_each($2))
           AND period_start <= $4 AND period_end >= $3",
    )
    .bind(complaint_id)
    .bind(serde_json::to_string(phone_hashes).map_err(|e| sqlx::Error::Encode(Box::new(e)))?)
    .bind(period_start)
    .bind(period_end)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

pub async fn alerts_sent(conn: &mut SqliteConnection, complaint_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT alert_key FROM clock_alerts_sent WHERE complaint_id = $1")
        .bind(complaint_id)
        .fetch_all(conn)
        .await
}

pub async fn record_alert(
    conn: &mut SqliteConnection,
    complaint_id: i64,
    key: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO clock_alerts_sent (complaint_id, alert_key, sent_at) VALUES ($1, $2, $3)")
        .bind(complaint_id)
        .bind(key)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn office_chat(conn: &mut SqliteConnection, office_id: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT chat_id FROM office_chats WHERE office_id = $1")
        .bind(office_id)
        .fetch_optional(conn)
        .await
}

/// Records the chat an office receives notifications in (re-linking moves it).
pub async fn link_office_chat(
    conn: &mut SqliteConnection,
    office_id: &str,
    chat_id: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM office_chats WHERE chat_id = $1 AND office_id <> $2")
        .bind(chat_id)
        .bind(office_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO office_chats (office_id, chat_id, linked_at) VALUES ($1, $2, $3)
         ON CONFLICT (office_id) DO UPDATE SET chat_id = excluded.chat_id, linked_at = excluded.linked_at",
    )
    .bind(office_id)
    .bind(chat_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub async fn record_notification(
    conn: &mut SqliteConnection,
    complaint_id: i64,
    recipient: &str,
    message_id: &str,
    args_json: &str,
    outbox_id: Option<i64>,
    now: &str,
) -> Result<(), sqlx::Error> {
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
    .execute(conn)
    .await?;
    Ok(())
}

/// A case's number, its worker's chat and the worker's language code.
pub async fn worker_of(
    conn: &mut SqliteConnection,
    complaint_id: i64,
) -> Result<Option<(String, i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT case_number, worker_chat_id, lang FROM complaints WHERE id = $1")
        .bind(complaint_id)
        .fetch_optional(conn)
        .await
}
