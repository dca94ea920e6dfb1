//! wagedesk's store: one SQLite file in WAL mode, opened by our own pool, migrations applied at
//! start. All of the product's SQL is in this crate; the rules it stores are the core's
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
pub mod context;
pub mod crew;
pub mod dialogues;
pub mod durable;
pub mod erasure;
pub mod followups;
pub mod inbox;
pub mod ledger;
pub mod metrics;
pub mod outbox;
pub mod projects;
pub mod sealed;
pub mod staff;
pub mod webhook;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Weak};
use std::time::Duration;

use sqlx::sqlite::{SqliteArguments, SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};
use tokio::sync::OwnedMutexGuard;

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

/// A write transaction on this process's writer connection for the database file, holding the
/// write turn until it ends. Dropped without `commit`, it is rolled back (still holding the turn).
pub struct WriteTx {
    writer: Option<OwnedMutexGuard<Writer>>,
    /// Statements that run with the COMMIT (see [`WriteTx::defer`]).
    deferred: String,
    deferred_args: SqliteArguments,
    bind_error: Option<sqlx::error::BoxDynError>,
}

impl WriteTx {
    fn on(writer: OwnedMutexGuard<Writer>) -> WriteTx {
        WriteTx {
            writer: Some(writer),
            deferred: String::new(),
            deferred_args: SqliteArguments::default(),
            bind_error: None,
        }
    }

    /// Queues a statement (with `?` placeholders, bound in order by [`Deferred::bind`]) to run with the
    /// COMMIT, in the same round trip to the connection's thread. For the last writes of a decision,
    /// whose results nothing reads before the commit: each round trip is two context switches.
    pub fn defer(&mut self, sql: &str) -> Deferred<'_> {
        self.deferred.push_str(sql);
        self.deferred.push_str(";\n");
        Deferred { tx: self }
    }

    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        let mut writer = self.writer.take().expect("a write transaction is committed once");
        if let Some(e) = self.bind_error.take() {
            writer.discard();
            return Err(sqlx::Error::Encode(e));
        }
        let sql = std::mem::take(&mut self.deferred) + "COMMIT";
        let args = std::mem::take(&mut self.deferred_args);
        // Statements after a failing one do not run: a failed write leaves the transaction open,
        // and discarding the connection below rolls it back.
        match sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(writer.conn()).await {
            Ok(_) => {
                writer.in_tx = false;
                Ok(())
            }
            Err(e) => {
                // Closing the connection rolls back whatever is left; the next turn opens a new one.
                writer.discard();
                Err(e)
            }
        }
    }
}

/// A statement queued by [`WriteTx::defer`], taking its values in placeholder order.
pub struct Deferred<'a> {
    tx: &'a mut WriteTx,
}

impl Deferred<'_> {
    pub fn bind<'v, T>(self, value: T) -> Self
    where
        T: sqlx::Encode<'v, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
    {
        if let Err(e) = sqlx::Arguments::add(&mut self.tx.deferred_args, value) {
            self.tx.bind_error.get_or_insert(e);
        }
        self
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(mut writer) = self.writer.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            // Roll back at once so SQLite's write lock is not kept by an idle process; the next turn
            // waits for it. (Without a runtime, the next `begin_write` rolls back first.)
            runtime.spawn(async move { writer.roll_back().await });
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::SqliteConnection;
    fn deref(&self) -> &sqlx::SqliteConnection {
        self.writer.as_ref().and_then(|w| w.conn.as_ref()).expect("an open write transaction has a connection")
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut sqlx::SqliteConnection {
        self.writer.as_mut().expect("an open write transaction has a connection").conn()
    }
}

/// The one connection this process writes a database file through. A pooled connection per write
/// would cost a ping to the connection's thread on every release and sqlx's acknowledged
/// `BEGIN`/`COMMIT`: each a round trip and two context switches, which dominated the profile of the
/// bot pinned to one core (BENCHMARKS.md). Reads stay on the pool (WAL readers do not wait for it).
#[derive(Default)]
pub struct Writer {
    conn: Option<sqlx::SqliteConnection>,
    /// The pool whose options opened `conn`: another pool on the same path (a file deleted and created
    /// again, in tests) gets a connection of its own.
    opened_for: Weak<SqliteConnectOptions>,
    in_tx: bool,
}

impl Writer {
    fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        self.conn.as_mut().expect("the writer is connected before a transaction begins")
    }

    async fn ready_for(&mut self, db: &Db) -> Result<(), sqlx::Error> {
        if self.in_tx {
            self.roll_back().await;
        }
        let options = db.connect_options();
        if self.conn.is_none() || !std::ptr::eq(self.opened_for.as_ptr(), Arc::as_ptr(&options)) {
            self.discard();
            self.conn = Some(options.connect().await?);
            self.opened_for = Arc::downgrade(&options);
        }
        Ok(())
    }

    async fn roll_back(&mut self) {
        if self.in_tx
            && let Some(conn) = self.conn.as_mut()
            && let Err(e) = sqlx::query("ROLLBACK").execute(conn).await
        {
            tracing::warn!(error = %e, "rollback failed; the writer connection is reopened");
            self.discard();
        }
        self.in_tx = false;
    }

    fn discard(&mut self) {
        self.conn = None;
        self.in_tx = false;
    }
}

/// One write turn per database file in this process. SQLite admits one writer at a time anyway,
/// and when writers collide its busy handler sleeps in steps of milliseconds; queueing them here
/// hands the lock over at once. (A transaction must never start another one: it would wait on itself.)
fn write_turn(db: &Db) -> Arc<tokio::sync::Mutex<Writer>> {
    static TURNS: LazyLock<std::sync::Mutex<HashMap<PathBuf, Arc<tokio::sync::Mutex<Writer>>>>> =
        LazyLock::new(Default::default);
    let file = db.connect_options().get_filename().to_path_buf();
    let mut turns = TURNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    turns.entry(file).or_default().clone()
}

/// Starts a write transaction and reads one text value in it, in one round trip to the connection's
/// thread: `select` takes one `?`, the key. For the state a handler is about to change.
pub async fn begin_write_reading(
    db: &Db,
    select: &'static str,
    key: i64,
) -> Result<(WriteTx, Option<String>), sqlx::Error> {
    let mut writer = write_turn(db).lock_owned().await;
    writer.ready_for(db).await?;
    let sql = format!("BEGIN IMMEDIATE;\n{select}");
    // Marked before BEGIN is sent: a caller cancelled while it runs (a task aborted at shutdown) leaves
    // the next turn to roll back, not to find a transaction already open.
    writer.in_tx = true;
    let read = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(key).fetch_optional(writer.conn()).await;
    let value = match read {
        Ok(value) => value,
        Err(e) => {
            // Whether BEGIN ran or not, closing the connection leaves no transaction behind.
            writer.discard();
            return Err(e);
        }
    };
    Ok((WriteTx::on(writer), value))
}

/// Starts a write transaction. SQLite's default deferred transaction fails with SQLITE_BUSY when it
/// upgrades from read to write under contention; taking the write lock up front (after this
/// process's write turn) makes writers queue instead.
pub async fn begin_write(db: &Db) -> Result<WriteTx, sqlx::Error> {
    let mut writer = write_turn(db).lock_owned().await;
    writer.ready_for(db).await?;
    // Marked before BEGIN is sent: a caller cancelled while it runs (a task aborted at shutdown) leaves
    // the next turn to roll back, not to find a transaction already open (which failed the next write).
    writer.in_tx = true;
    if let Err(e) = sqlx::query("BEGIN IMMEDIATE").execute(writer.conn()).await {
        writer.discard();
        return Err(e);
    }
    Ok(WriteTx::on(writer))
}

/// Loads what an intake turn needs (see `intake::needs`), in the turn's transaction.
pub async fn intake_facts(
    conn: &mut sqlx::SqliteConnection,
    chat_id: i64,
    needs: &wagedesk_core::intake::Needs,
) -> Result<wagedesk_core::intake::Known, sqlx::Error> {
    let mut known = wagedesk_core::intake::Known::default();
    if let Some(code) = &needs.project_code {
        known.project = Some(projects::find_by_code(conn, code).await?);
    }
    if needs.worker_cases {
        known.worker_cases = complaints::list_for_worker(conn, chat_id).await?;
    }
    if let Some(code) = &needs.crew_code {
        known.crew = Some(crew::lookup(conn, code).await?);
    }
    Ok(known)
}
