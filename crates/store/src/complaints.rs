//! Complaints, their claimants, evidence and timeline. The writes of a filing and the worker's reads
//! take a [`Conn`] (either database).

use crate::conn::Conn;
use crate::on_conn;
use wagedesk_core::crypto::Vault;

use wagedesk_core::intake::draft::EvidenceItem;

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
    /// Normalized employer, for finding an open case about the same employer.
    pub employer_key: String,
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
}

/// A personal number as a claimant row keeps it: sealed, its look-up hash under the current key, masked.
#[derive(Debug, Clone)]
pub struct StoredNumber {
    pub sealed: String,
    pub hash: String,
    pub masked: String,
}

/// One worker owed wages on a case: the filer, or a worker who joined it.
#[derive(Debug, Clone)]
pub struct NewClaimant {
    pub filer: bool,
    /// A crew member who joined through the filer's crew link.
    pub crew: bool,
    pub chat_id: i64,
    pub name: String,
    pub phone: StoredNumber,
    pub id_number: Option<StoredNumber>,
    pub amount_fen: i64,
    pub period_start: String,
    pub period_end: String,
    /// The worker's own words, for a worker who joined (the filer's are the complaint's).
    pub description: Option<String>,
    pub consent_at: String,
}

pub use wagedesk_core::intake::CaseSummary;

/// The next sequence number for case numbers that start with `prefix` (`QX-<county>-<date>-`).
/// Makes filings in `county` wait for each other until their transactions end. A filing reads before
/// it writes — an open case to join, the day's next case number — and two that read at once would
/// open two cases of one employer, or give one number twice. SQLite has one writer at a time;
/// PostgreSQL's writers need this transaction lock.
pub async fn serialize_filings<'c>(conn: impl Into<Conn<'c>>, county: &str) -> Result<(), sqlx::Error> {
    conn.into().serialize(&format!("filing:{county}")).await
}

pub async fn next_sequence<'c>(conn: impl Into<Conn<'c>>, prefix: &str) -> Result<u32, sqlx::Error> {
    let mut conn = conn.into();
    // Counties without a numbering of their own share another's: the number's own lock too.
    conn.serialize(&format!("number:{prefix}")).await?;
    let count: i64 = on_conn!(conn, c => {
        sqlx::query_scalar("SELECT COUNT(*) FROM complaints WHERE case_number LIKE $1")
            .bind(format!("{prefix}%"))
            .fetch_one(c)
            .await?
    });
    Ok(u32::try_from(count + 1).unwrap_or(u32::MAX))
}

/// Stores a complaint; its description (the worker's own words) is sealed.
pub async fn insert<'c>(conn: impl Into<Conn<'c>>, vault: &Vault, c: &NewComplaint) -> Result<i64, sqlx::Error> {
    let description = vault.seal(&c.description);
    on_conn!(conn.into(), conn => {
        sqlx::query_scalar(
            "INSERT INTO complaints (case_number, status, lang, worker_chat_id, project_code, county_code, township_code,
                 site, sector, employer_kind, employer, claim_kind, litigation, amount_fen, amount_approx, period_start,
                 period_end, workers, workers_approx, description, flags, submitted_at, submitted_on, employer_key)
             VALUES ($1, 'submitted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                 $20, $21, $22, $23)
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
        .bind(i64::from(c.amount_approx))
        .bind(&c.period_start)
        .bind(&c.period_end)
        .bind(i64::from(c.workers))
        .bind(i64::from(c.workers_approx))
        .bind(description)
        .bind(&c.flags)
        .bind(&c.submitted_at)
        .bind(&c.submitted_on)
        .bind(&c.employer_key)
        .fetch_one(conn)
        .await
    })
}

/// Stores a claimant; the name and their own words are sealed, the name's masked form kept for cards.
/// Joining a case that exists already changes its claimant list, so its revision moves on.
pub async fn insert_claimant<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    complaint_id: i64,
    c: &NewClaimant,
) -> Result<(), sqlx::Error> {
    let mut conn: Conn<'c> = conn.into();
    let (name, description) = (vault.seal(&c.name), c.description.as_deref().map(|d| vault.seal(d)));
    on_conn!(conn.reborrow(), conn => {
        sqlx::query(
            "INSERT INTO claimants (complaint_id, role, name, phone_sealed, phone_hash, phone_masked, id_sealed, id_hash,
                 id_masked, id_consent_at, amount_fen, consent_at, chat_id, period_start, period_end, description, crew,
                 name_masked)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
        )
        .bind(complaint_id)
        .bind(if c.filer { "filer" } else { "member" })
        .bind(name)
        .bind(&c.phone.sealed)
        .bind(&c.phone.hash)
        .bind(&c.phone.masked)
        .bind(c.id_number.as_ref().map(|s| &s.sealed))
        .bind(c.id_number.as_ref().map(|s| &s.hash))
        .bind(c.id_number.as_ref().map(|s| &s.masked))
        .bind(c.id_number.as_ref().map(|_| &c.consent_at))
        .bind(c.amount_fen)
        .bind(&c.consent_at)
        .bind(c.chat_id)
        .bind(&c.period_start)
        .bind(&c.period_end)
        .bind(description)
        .bind(i64::from(c.crew))
        .bind(wagedesk_core::office::mask::mask_name(&c.name))
        .execute(conn)
        .await?;
    });
    super::claimants::list_changed(conn, complaint_id).await
}

/// Records the files `chat_id` sent for the complaint (whose they are decides whose erasure deletes them),
/// each with the worker's words about it sealed.
pub async fn insert_evidence<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    complaint_id: i64,
    chat_id: i64,
    evidence: &[EvidenceItem],
) -> Result<(), sqlx::Error> {
    let mut conn = conn.into();
    for e in evidence {
        let note = e.note.as_deref().map(|n| vault.seal(n));
        on_conn!(conn.reborrow(), conn => {
            sqlx::query(
                "INSERT INTO evidence (complaint_id, kind, file_id, file_unique_id, sha256, stored_path, size_bytes,
                     received_at, file_key, chat_id, note)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(complaint_id)
            .bind(&e.kind)
            .bind(&e.file_id)
            .bind(&e.file_unique_id)
            .bind(&e.sha256)
            .bind(&e.stored_path)
            .bind(e.size_bytes)
            .bind(&e.received_at)
            .bind(&e.file_key)
            .bind(chat_id)
            .bind(&note)
            .execute(conn)
            .await?;
        });
    }
    Ok(())
}

pub async fn append_timeline<'c>(
    conn: impl Into<Conn<'c>>,
    complaint_id: i64,
    at: &str,
    actor: &str,
    event: &str,
    message_id: &str,
    args_json: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query(
            "INSERT INTO timeline (complaint_id, at, actor, event, message_id, args) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(complaint_id)
        .bind(at)
        .bind(actor)
        .bind(event)
        .bind(message_id)
        .bind(args_json)
        .execute(c)
        .await?;
    });
    Ok(())
}

/// The worker's cases: those they filed and those they joined, with owner and the running deadline.
pub async fn list_for_worker<'c>(
    conn: impl Into<crate::conn::Conn<'c>>,
    chat_id: i64,
) -> Result<Vec<CaseSummary>, sqlx::Error> {
    type Row = (String, String, String, i64, Option<String>, Option<String>);
    let rows: Vec<Row> = crate::on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT c.case_number, COALESCE(k.status, c.status) AS status, c.submitted_on, c.amount_fen,
                    k.owner_office, COALESCE(k.investigation_due, k.acceptance_due) AS due
             FROM complaints c LEFT JOIN cases k ON k.complaint_id = c.id
             WHERE c.worker_chat_id = $1
                OR c.id IN (SELECT complaint_id FROM claimants WHERE chat_id = $1 AND withdrawn_at IS NULL)
             ORDER BY c.id",
        )
        .bind(chat_id)
        .fetch_all(c)
        .await?
    });
    Ok(rows
        .into_iter()
        .map(|(case_number, status, submitted_on, amount_fen, owner_office, due)| CaseSummary {
            case_number,
            status,
            submitted_on,
            amount_fen,
            owner_office,
            due,
        })
        .collect())
}

/// The amount the worker claimed, in fen.
pub async fn amount_fen<'c>(conn: impl Into<Conn<'c>>, complaint_id: i64) -> Result<i64, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_scalar("SELECT amount_fen FROM complaints WHERE id = $1").bind(complaint_id).fetch_one(c).await
    })
}

/// Every case as `(case number, amount in fen, status code)`, in filing order (the demo's summary).
pub async fn all_by_number(db: &super::Db) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
    on_conn!(db.acquire().await?.conn(), c => sqlx::query_as(
        "SELECT c.case_number, c.amount_fen, k.status FROM complaints c JOIN cases k ON k.complaint_id = c.id
         ORDER BY c.id",
    )
    .fetch_all(c)
    .await)
}

/// Whether a filed complaint's evidence or a message held for a case choice still holds the file at
/// `path`. Drafts need no look: every download gets a random name, so a discarded draft's file is its own.
pub async fn evidence_path_in_use(db: &super::Db, path: &str) -> Result<bool, sqlx::Error> {
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM evidence WHERE stored_path = $1)
             OR EXISTS (SELECT 1 FROM relay_pending WHERE {})",
        db.dialect().contains("evidence", "$1")
    );
    on_conn!(db.acquire().await?.conn(), c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
    .bind(path)
    .fetch_one(c)
    .await)
}

/// The files a worker has kept on each of the complaints (files, bytes downloaded), for the quota.
pub async fn evidence_usage<'c>(
    conn: impl Into<Conn<'c>>,
    chat_id: i64,
    complaint_ids: &[i64],
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    let ids = serde_json::to_string(complaint_ids).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let conn = conn.into();
    let sql = format!(
        "SELECT complaint_id, COUNT(*), CAST(COALESCE(SUM(CASE WHEN stored_path IS NOT NULL THEN size_bytes END), 0) AS BIGINT)
         FROM evidence WHERE chat_id = $1 AND complaint_id IN {}
         GROUP BY complaint_id",
        conn.dialect().id_list("$2")
    );
    on_conn!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
    .bind(chat_id)
    .bind(ids)
    .fetch_all(c)
    .await)
}

/// A stored evidence file and its sealed key, by the path it is stored at.
pub async fn evidence_file_key<'c>(
    conn: impl Into<Conn<'c>>,
    path: &str,
) -> Result<Option<Option<String>>, sqlx::Error> {
    on_conn!(conn.into(), c =>
        sqlx::query_scalar("SELECT file_key FROM evidence WHERE stored_path = $1 ORDER BY id LIMIT 1")
        .bind(path)
        .fetch_optional(c)
        .await)
}
