//! Complaints, their claimants, evidence and timeline.

use sqlx::SqliteConnection;

use crate::intake::draft::{EvidenceItem, Sealed};

/// Everything stored when a complaint is filed.
#[derive(Debug, Clone)]
pub struct NewComplaint {
    pub case_number: String,
    pub lang: &'static str,
    pub worker_chat_id: i64,
    pub project_code: Option<String>,
    pub county_code: String,
    pub township_code: Option<String>,
    pub site: String,
    pub sector: &'static str,
    pub employer_kind: &'static str,
    pub employer: String,
    pub claim_kind: &'static str,
    pub litigation: &'static str,
    pub amount_fen: i64,
    pub amount_approx: bool,
    pub period_start: String,
    pub period_end: String,
    pub workers: u32,
    pub workers_approx: bool,
    pub description: String,
    pub flags: String,
    pub submitted_at: String,
    pub submitted_on: String,
    pub filer_name: String,
    pub phone: Sealed,
    pub id_number: Option<Sealed>,
    pub consent_at: String,
}

/// A line of the worker's `/status`.
#[derive(Debug, Clone)]
pub struct CaseSummary {
    pub case_number: String,
    pub status: String,
    pub submitted_on: String,
    pub amount_fen: i64,
}

/// The next daily sequence number for case numbers of a county.
pub async fn next_sequence(conn: &mut SqliteConnection, county: &str, day: &str) -> Result<u32, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM complaints WHERE county_code = $1 AND submitted_on = $2")
        .bind(county)
        .bind(day)
        .fetch_one(conn)
        .await?;
    Ok(u32::try_from(count + 1).unwrap_or(u32::MAX))
}

pub async fn insert(
    conn: &mut SqliteConnection,
    c: &NewComplaint,
    evidence: &[EvidenceItem],
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO complaints (case_number, status, lang, worker_chat_id, project_code, county_code, township_code,
             site, sector, employer_kind, employer, claim_kind, litigation, amount_fen, amount_approx, period_start,
             period_end, workers, workers_approx, description, flags, submitted_at, submitted_on)
         VALUES ($1, 'submitted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
             $20, $21, $22)
         RETURNING id",
    )
    .bind(&c.case_number)
    .bind(c.lang)
    .bind(c.worker_chat_id)
    .bind(&c.project_code)
    .bind(&c.county_code)
    .bind(&c.township_code)
    .bind(&c.site)
    .bind(c.sector)
    .bind(c.employer_kind)
    .bind(&c.employer)
    .bind(c.claim_kind)
    .bind(c.litigation)
    .bind(c.amount_fen)
    .bind(c.amount_approx)
    .bind(&c.period_start)
    .bind(&c.period_end)
    .bind(i64::from(c.workers))
    .bind(c.workers_approx)
    .bind(&c.description)
    .bind(&c.flags)
    .bind(&c.submitted_at)
    .bind(&c.submitted_on)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO claimants (complaint_id, role, name, phone_sealed, phone_hash, phone_masked, id_sealed, id_hash,
             id_masked, id_consent_at, amount_fen, consent_at)
         VALUES ($1, 'filer', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id)
    .bind(&c.filer_name)
    .bind(&c.phone.sealed)
    .bind(&c.phone.hash)
    .bind(&c.phone.masked)
    .bind(c.id_number.as_ref().map(|s| &s.sealed))
    .bind(c.id_number.as_ref().map(|s| &s.hash))
    .bind(c.id_number.as_ref().map(|s| &s.masked))
    .bind(c.id_number.as_ref().map(|_| &c.consent_at))
    .bind(c.amount_fen)
    .bind(&c.consent_at)
    .execute(&mut *conn)
    .await?;
    for e in evidence {
        sqlx::query(
            "INSERT INTO evidence (complaint_id, kind, file_id, file_unique_id, sha256, stored_path, size_bytes,
                 received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(&e.kind)
        .bind(&e.file_id)
        .bind(&e.file_unique_id)
        .bind(&e.sha256)
        .bind(&e.stored_path)
        .bind(e.size_bytes)
        .bind(&e.received_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

pub async fn append_timeline(
    conn: &mut SqliteConnection,
    complaint_id: i64,
    at: &str,
    actor: &str,
    event: &str,
    message_id: &str,
    args_json: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO timeline (complaint_id, at, actor, event, message_id, args) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(complaint_id)
    .bind(at)
    .bind(actor)
    .bind(event)
    .bind(message_id)
    .bind(args_json)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list_for_worker(conn: &mut SqliteConnection, chat_id: i64) -> Result<Vec<CaseSummary>, sqlx::Error> {
    let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT case_number, status, submitted_on, amount_fen FROM complaints WHERE worker_chat_id = $1 ORDER BY id",
    )
    .bind(chat_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(case_number, status, submitted_on, amount_fen)| CaseSummary {
            case_number,
            status,
            submitted_on,
            amount_fen,
        })
        .collect())
}
