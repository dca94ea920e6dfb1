//! wagedesk's store: one SQLite file in WAL mode, opened by our own pool, migrations applied at
//! start; PostgreSQL's schema and the move of a deployment's data into it ([`postgres`],
//! [`migrate_store`]). All of the product's SQL is in this crate; the rules it stores are the core's
//! (`wagedesk-core`), and nothing here knows Telegram.
//!
//! SQL here is kept portable (`$n` placeholders, `ON CONFLICT`, `RETURNING`) so a PostgreSQL backend
//! can implement the same functions. Every function takes a connection or transaction so callers
//! compose one transaction per decision.

pub mod alerts;
pub mod backup;
pub mod cases;
pub mod claimants;
pub mod complaints;
pub mod conn;
pub mod context;
pub mod crew;
pub mod dialogues;
pub mod durable;
pub mod erasure;
pub mod followups;
pub mod inbox;
pub mod ledger;
pub mod metrics;
pub mod migrate_store;
pub mod open311;
pub mod outbox;
pub mod postgres;
pub mod projects;
pub mod sealed;
pub mod staff;
pub mod web;
pub mod webhook;
mod writer;

pub use writer::{
    CommitCounts, Deferred, MAX_AGE, MAX_WRITES, WriteTx, begin_write, begin_write_reading, commit_counts,
};

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub type Db = SqlitePool;

/// Opens (creating if needed) the database file and brings its schema up to date.
pub async fn open(path: &Path) -> Result<Db, sqlx::Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
    }
    private_file(path).map_err(sqlx::Error::Io)?;
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL is durable across process crashes in WAL mode; a power cut can lose the last commits, so
        // nothing that reveals a commit (a send, a confirmed offset, a webhook's 200) happens before
        // `durable::SyncBarrier` synced the WAL after it: the disk sync stays off the write turn.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Erased personal data must not linger in free pages.
        .pragma("secure_delete", "ON");
    // No ping before every acquire: a connection to a local file cannot go stale, and each ping is a round
    // trip to the connection's thread (two context switches), which profiles of the bot pinned to one core
    // showed dominating (BENCHMARKS.md).
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .min_connections(1)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// The schema's migrations, built into the binary.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

/// The migrations this binary knows that the database has not applied (none after [`open`]; the
/// start checks it anyway, as a guard on the schema the code expects).
pub async fn unapplied_migrations(db: &Db) -> Result<Vec<i64>, sqlx::Error> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(db).await?;
    Ok(MIGRATOR.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect())
}

/// The database file is readable by the process's user only (0600), created so before SQLite opens it
/// and tightened if it was not: SQLite gives its WAL and shared-memory files the database file's mode.
#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(path = %path.display(), mode = format!("{mode:o}"), "database file was readable by others; made 0600");
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
            Ok(())
        }
        Err(e) => Err(e),
    }
}

#[cfg(not(unix))]
fn private_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// How often a running bot copies committed pages from the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Checkpoints the WAL in the background until `stop` completes. Left to itself SQLite does it inside the
/// COMMIT that takes the WAL past 1,000 pages, with its fsyncs, while every other writer waits for
/// the turn (a stall of milliseconds now and then: the paced benchmark's p99). A passive checkpoint
/// waits for no reader or writer, and run this often it keeps the WAL below that threshold.
pub async fn checkpoints(db: Db, stop: impl Future<Output = ()>) {
    let mut stop = std::pin::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            _ = tokio::time::sleep(CHECKPOINT_EVERY) => {}
        }
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&db).await {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}

/// Loads what an intake turn needs (see `intake::needs`), in the turn's transaction, from either
/// database.
pub async fn intake_facts<'c>(
    conn: impl Into<conn::Conn<'c>>,
    chat_id: i64,
    needs: &wagedesk_core::intake::Needs,
) -> Result<wagedesk_core::intake::Known, sqlx::Error> {
    let mut conn = conn.into();
    let mut known = wagedesk_core::intake::Known::default();
    if let Some(code) = &needs.project_code {
        known.project = Some(projects::find_by_code(conn.reborrow(), code).await?);
    }
    if needs.worker_cases {
        known.worker_cases = complaints::list_for_worker(conn.reborrow(), chat_id).await?;
    }
    if let Some(code) = &needs.crew_code {
        known.crew = Some(crew::lookup(conn, code).await?);
    }
    Ok(known)
}
