//! The one writer connection per database file, and group commit on it.
//!
//! Each write (a [`WriteTx`]: one update's decision, a batch of the inbox, delivery's marks) runs in a
//! SAVEPOINT of a transaction that several writes share: a write that finds others waiting for the
//! turn RELEASEs its savepoint and hands the turn on instead of committing, and the writes queued
//! behind it join the same transaction. One COMMIT (one WAL append, one fsync where the file is
//! synced) then covers them all, and each `commit()` returns only after it. A write that fails is
//! rolled back to its own savepoint; its group-mates are untouched.
//!
//! The group closes at the first of: nobody else waiting (the last write commits it with its own
//! statements, in one round trip, as a lone write always did), [`MAX_WRITES`] writes, a write
//! releasing after [`MAX_AGE`], or the turn coming back to the task queued when the group's first
//! write released (so a write waits at most for the writes that were queued before it).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Weak};
use std::time::{Duration, Instant};

use sqlx::ConnectOptions;
use sqlx::postgres::PgArguments;
use sqlx::sqlite::{SqliteArguments, SqliteConnectOptions, SqlitePool};
use tokio::sync::{OwnedMutexGuard, watch};

use super::Db;

/// Writes per COMMIT at most: the default number of shards, so under a closed loop every shard's
/// update can share one COMMIT.
pub const MAX_WRITES: u32 = 64;

/// A group is committed by the first write releasing after this: half the paced benchmark's p99
/// budget (10 ms), so waiting for group-mates never takes a reply past it alone.
pub const MAX_AGE: Duration = Duration::from_millis(5);

/// The age bound in force: [`MAX_AGE`], but a unit test that counts COMMITs raises it, so its count
/// does not depend on how busy the machine is (40 debug writes can take longer than 5 ms).
fn max_age() -> Duration {
    #[cfg(test)]
    if let Some(age) = tests::raised_age() {
        return age;
    }
    MAX_AGE
}

/// What a group's COMMIT came to, for writes waiting on it (`None` while it is open).
type Fate = Option<Result<(), String>>;

/// COMMITs and the writes they covered, per database file since the process started.
#[derive(Debug, Default)]
pub struct CommitCounts {
    commits: AtomicU64,
    writes: AtomicU64,
    largest: AtomicU64,
}

impl CommitCounts {
    /// Write transactions committed (each one COMMIT).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Writes ([`WriteTx`]s) those COMMITs covered.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::Relaxed)
    }

    /// The most writes one COMMIT covered.
    pub fn largest(&self) -> u64 {
        self.largest.load(Ordering::Relaxed)
    }
}

/// The commit counts of `db`'s file in this process (PostgreSQL's writes are not grouped: `None`).
pub fn commit_counts(db: &Db) -> Option<Arc<CommitCounts>> {
    match db {
        Db::Sqlite(pool) => Some(turn(pool).counts.clone()),
        Db::Postgres(_) => None,
    }
}

/// One write turn per database file in this process. SQLite admits one writer at a time anyway,
/// and when writers collide its busy handler sleeps in steps of milliseconds; queueing them here
/// hands the lock over at once. (A transaction must never start another one: it would wait on itself.)
struct Turn {
    writer: Arc<tokio::sync::Mutex<Writer>>,
    /// Writes waiting to begin (not those waiting for their group's COMMIT): while there are any,
    /// a released write leaves the transaction open for them.
    waiting: AtomicUsize,
    counts: Arc<CommitCounts>,
}

fn turn(db: &SqlitePool) -> Arc<Turn> {
    static TURNS: LazyLock<std::sync::Mutex<HashMap<PathBuf, Arc<Turn>>>> = LazyLock::new(Default::default);
    let file = db.connect_options().get_filename().to_path_buf();
    let mut turns = TURNS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    turns
        .entry(file)
        .or_insert_with(|| {
            let counts = Arc::new(CommitCounts::default());
            let writer = Writer { counts: counts.clone(), ..Writer::default() };
            Arc::new(Turn { writer: Arc::new(tokio::sync::Mutex::new(writer)), waiting: AtomicUsize::new(0), counts })
        })
        .clone()
}

impl Turn {
    /// The turn for a new write, counted as waiting until it has it (also when cancelled).
    async fn take(&self) -> OwnedMutexGuard<Writer> {
        struct Waiting<'a>(&'a AtomicUsize);
        impl Drop for Waiting<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        self.waiting.fetch_add(1, Ordering::SeqCst);
        let _waiting = Waiting(&self.waiting);
        self.writer.clone().lock_owned().await
    }
}

/// The transaction open on the writer connection and the writes released into it.
struct Group {
    id: u64,
    /// Writes released into it, waiting for its COMMIT.
    writes: u32,
    started: Instant,
    fate: watch::Sender<Fate>,
    /// A task is queued for the turn to commit it.
    closer: bool,
}

/// The one connection this process writes a database file through. A pooled connection per write
/// would cost a ping to the connection's thread on every release and sqlx's acknowledged
/// `BEGIN`/`COMMIT`: each a round trip and two context switches, which dominated the profile of the
/// bot pinned to one core (BENCHMARKS.md). Reads stay on the pool (WAL readers do not wait for it).
#[derive(Default)]
struct Writer {
    conn: Option<sqlx::SqliteConnection>,
    /// The pool whose options opened `conn`: another pool on the same path (a file deleted and created
    /// again, in tests) gets a connection of its own.
    opened_for: Weak<SqliteConnectOptions>,
    /// The open transaction, if any.
    group: Option<Group>,
    next_group: u64,
    /// A write's savepoint is open: its caller holds the turn (or was cancelled holding it).
    in_write: bool,
    counts: Arc<CommitCounts>,
}

impl Writer {
    fn conn(&mut self) -> &mut sqlx::SqliteConnection {
        self.conn.as_mut().expect("the writer is connected before a transaction begins")
    }

    /// Connected for `db`, with no write left open by a cancelled caller.
    async fn ready_for(&mut self, db: &SqlitePool) -> Result<(), sqlx::Error> {
        if self.in_write {
            self.abandon().await;
        }
        let options = db.connect_options();
        if self.conn.is_none() || !std::ptr::eq(self.opened_for.as_ptr(), Arc::as_ptr(&options)) {
            // The writes released into the old connection's transaction keep what they were promised.
            self.commit_group().await;
            self.discard("the writer connection was replaced");
            self.conn = Some(options.connect().await?);
            self.opened_for = Arc::downgrade(&options);
        }
        Ok(())
    }

    /// Opens this write's savepoint (and the transaction, if none is open), reading one value with it.
    async fn begin(&mut self, select: Option<(&'static str, i64)>) -> Result<Option<String>, sqlx::Error> {
        let mut sql = String::new();
        if self.group.is_none() {
            // SQLite's default deferred transaction fails with SQLITE_BUSY when it upgrades from read to
            // write under contention; taking the write lock up front makes writers queue instead.
            sql.push_str("BEGIN IMMEDIATE;\n");
            let (fate, _) = watch::channel(None);
            self.next_group += 1;
            let id = self.next_group;
            self.group = Some(Group { id, writes: 0, started: Instant::now(), fate, closer: false });
        }
        sql.push_str("SAVEPOINT w");
        // Marked before it is sent: a caller cancelled while it runs (a task aborted at shutdown) leaves
        // the next turn to roll it back, not to find a savepoint already open.
        self.in_write = true;
        let read = match select {
            Some((select, key)) => {
                sql.push_str(";\n");
                sql.push_str(select);
                sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(key).fetch_optional(self.conn()).await
            }
            None => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(self.conn()).await.map(|_| None),
        };
        if read.is_err() {
            self.abandon().await;
        }
        read
    }

    /// Rolls the open write back to its savepoint; a transaction nobody else wrote in is ended.
    async fn abandon(&mut self) {
        self.in_write = false;
        let Some(alone) = self.group.as_ref().map(|g| g.writes == 0) else { return };
        let sql = if alone { "ROLLBACK" } else { "ROLLBACK TO w; RELEASE w" };
        match sqlx::query(sql).execute(self.conn()).await {
            Ok(_) if alone => self.group = None,
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "rolling a write back failed; the writer connection is reopened");
                self.discard(&format!("rolling back a group-mate failed: {e}"));
            }
        }
    }

    /// Commits the open transaction, if any, and tells the writes waiting on it.
    async fn commit_group(&mut self) {
        if self.group.is_none() || self.conn.is_none() {
            return;
        }
        match sqlx::query("COMMIT").execute(self.conn()).await {
            Ok(_) => self.committed(),
            Err(e) => self.discard(&format!("COMMIT failed: {e}")),
        }
    }

    fn committed(&mut self) {
        if let Some(group) = self.group.take() {
            self.counts.commits.fetch_add(1, Ordering::Relaxed);
            self.counts.writes.fetch_add(u64::from(group.writes), Ordering::Relaxed);
            self.counts.largest.fetch_max(u64::from(group.writes), Ordering::Relaxed);
            group.fate.send_replace(Some(Ok(())));
        }
    }

    /// Closes the connection, which rolls back whatever it holds; the writes waiting on its
    /// transaction get `why`. The next turn opens a new connection.
    fn discard(&mut self, why: &str) {
        self.conn = None;
        self.in_write = false;
        if let Some(group) = self.group.take()
            && group.writes > 0
        {
            group.fate.send_replace(Some(Err(why.to_owned())));
        }
    }

    /// Whether the write now releasing should commit the group rather than leave it open.
    fn closes_now(&self, turn: &Turn) -> bool {
        self.group.as_ref().is_none_or(|g| {
            turn.waiting.load(Ordering::SeqCst) == 0 || g.writes + 1 >= MAX_WRITES || g.started.elapsed() >= max_age()
        })
    }
}

/// A write: on SQLite, on this process's writer connection for the database file, holding the write
/// turn until it ends (see the module's notes); on PostgreSQL, a transaction of its own on a pooled
/// connection (the server orders writers, and its commits are synced before they return).
/// Dropped without `commit`, it is rolled back.
pub struct WriteTx {
    kind: Kind,
}

enum Kind {
    Sqlite(SqliteWrite),
    Postgres(PgWrite),
}

/// A write on SQLite's writer connection. Dropped without `commit`, it is rolled back to its
/// savepoint (still holding the turn).
struct SqliteWrite {
    turn: Arc<Turn>,
    writer: Option<OwnedMutexGuard<Writer>>,
    /// Statements that run with the release (see [`WriteTx::defer`]).
    deferred: String,
    deferred_args: SqliteArguments,
    bind_error: Option<sqlx::error::BoxDynError>,
}

/// A write on PostgreSQL: its transaction and the statements deferred to its commit.
struct PgWrite {
    tx: sqlx::Transaction<'static, sqlx::Postgres>,
    deferred: Vec<(String, PgArguments)>,
    bind_error: Option<sqlx::error::BoxDynError>,
}

impl WriteTx {
    /// Queues a statement (with `?` placeholders, bound in order by [`Deferred::bind`]) to run with the
    /// write's commit: on SQLite with the release (and the COMMIT, when it closes the group), in the same
    /// round trip to the connection's thread. For the last writes of a decision, whose results nothing
    /// reads before the commit: each round trip is two context switches.
    pub fn defer(&mut self, sql: &str) -> Deferred<'_> {
        match &mut self.kind {
            Kind::Sqlite(w) => {
                w.deferred.push_str(sql);
                w.deferred.push_str(";\n");
            }
            Kind::Postgres(w) => w.deferred.push((crate::conn::numbered(sql), PgArguments::default())),
        }
        Deferred { tx: self }
    }

    /// Which database the write is on.
    pub fn dialect(&self) -> crate::conn::Dialect {
        match self.kind {
            Kind::Sqlite(_) => crate::conn::Dialect::Sqlite,
            Kind::Postgres(_) => crate::conn::Dialect::Postgres,
        }
    }

    /// The write's connection, for store functions.
    pub fn conn(&mut self) -> crate::conn::Conn<'_> {
        match &mut self.kind {
            Kind::Sqlite(w) => {
                crate::conn::Conn::Sqlite(w.writer.as_mut().expect("an open write has a connection").conn())
            }
            Kind::Postgres(w) => crate::conn::Conn::Postgres(&mut w.tx),
        }
    }

    /// Commits the write: `Ok` means committed. On SQLite it is released into its group and this returns
    /// once the group's COMMIT is done; a failure of this write's own statements rolls back this write only.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.kind {
            Kind::Sqlite(w) => w.commit().await,
            Kind::Postgres(mut w) => {
                if let Some(e) = w.bind_error.take() {
                    return Err(sqlx::Error::Encode(e));
                }
                for (sql, args) in std::mem::take(&mut w.deferred) {
                    sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(&mut *w.tx).await?;
                }
                w.tx.commit().await
            }
        }
    }
}

impl SqliteWrite {
    async fn commit(mut self) -> Result<(), sqlx::Error> {
        let mut writer = self.writer.take().expect("a write is committed once");
        if let Some(e) = self.bind_error.take() {
            writer.abandon().await;
            return Err(sqlx::Error::Encode(e));
        }
        let close = writer.closes_now(&self.turn);
        let mut sql = std::mem::take(&mut self.deferred) + "RELEASE w";
        if close {
            sql.push_str(";\nCOMMIT");
        }
        let args = std::mem::take(&mut self.deferred_args);
        // Statements after a failing one do not run; the savepoint tells whose failure it was.
        if let Err(e) = sqlx::query_with(sqlx::AssertSqlSafe(sql), args).execute(writer.conn()).await {
            // Still there: this write's own statements failed, and only they are undone. Gone (the
            // COMMIT failed): `abandon` fails too and the group is discarded, its writes told.
            writer.abandon().await;
            if close {
                writer.commit_group().await;
            }
            return Err(e);
        }
        writer.in_write = false;
        let Some(group) = writer.group.as_mut() else { return Ok(()) };
        group.writes += 1;
        if close {
            writer.committed();
            return Ok(());
        }
        let mut fate = group.fate.subscribe();
        let (id, first) = (group.id, !std::mem::replace(&mut group.closer, true));
        drop(writer);
        if first {
            // A task, not this caller: a caller cancelled while it waits must not leave the group open.
            tokio::spawn(close_later(self.turn.clone(), id, fate.clone()));
        }
        match fate.wait_for(Option::is_some).await.map(|f| f.clone()) {
            Ok(Some(Ok(()))) => Ok(()),
            Ok(Some(Err(why))) => Err(sqlx::Error::Io(std::io::Error::other(why))),
            _ => Err(sqlx::Error::Io(std::io::Error::other("the writer stopped before the commit"))),
        }
    }
}

/// Commits group `id` when the turn comes back to it, unless someone else did first.
async fn close_later(turn: Arc<Turn>, id: u64, mut fate: watch::Receiver<Fate>) {
    let told = async move {
        let _ = fate.wait_for(Option::is_some).await;
    };
    tokio::select! {
        () = told => {}
        mut writer = turn.writer.clone().lock_owned() => {
            if writer.group.as_ref().is_some_and(|g| g.id == id) {
                if writer.in_write {
                    writer.abandon().await;
                }
                writer.commit_group().await;
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
        T: sqlx::Encode<'v, sqlx::Sqlite>
            + sqlx::Type<sqlx::Sqlite>
            + sqlx::Encode<'v, sqlx::Postgres>
            + sqlx::Type<sqlx::Postgres>,
    {
        let (added, bind_error) = match &mut self.tx.kind {
            Kind::Sqlite(w) => (sqlx::Arguments::add(&mut w.deferred_args, value), &mut w.bind_error),
            Kind::Postgres(w) => {
                let args = &mut w.deferred.last_mut().expect("a statement was deferred before its values").1;
                (sqlx::Arguments::add(args, value), &mut w.bind_error)
            }
        };
        if let Err(e) = added {
            bind_error.get_or_insert(e);
        }
        self
    }
}

impl Drop for SqliteWrite {
    fn drop(&mut self) {
        if let Some(mut writer) = self.writer.take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            // Roll back at once so SQLite's write lock is not kept by an idle process; the next turn
            // waits for it. (Without a runtime, the next turn rolls back first.)
            runtime.spawn(async move { writer.abandon().await });
        }
    }
}

async fn begin(db: &Db, select: Option<(&'static str, i64)>) -> Result<(WriteTx, Option<String>), sqlx::Error> {
    let pool = match db {
        Db::Sqlite(pool) => pool,
        Db::Postgres(pool) => {
            let mut tx = pool.begin().await?;
            let value = match select {
                Some((select, key)) => {
                    sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(crate::conn::numbered(select)))
                        .bind(key)
                        .fetch_optional(&mut *tx)
                        .await?
                }
                None => None,
            };
            let write = PgWrite { tx, deferred: Vec::new(), bind_error: None };
            return Ok((WriteTx { kind: Kind::Postgres(write) }, value));
        }
    };
    let turn = turn(pool);
    let mut writer = turn.take().await;
    writer.ready_for(pool).await?;
    let value = writer.begin(select).await?;
    let write = SqliteWrite {
        turn,
        writer: Some(writer),
        deferred: String::new(),
        deferred_args: SqliteArguments::default(),
        bind_error: None,
    };
    Ok((WriteTx { kind: Kind::Sqlite(write) }, value))
}

/// Closes the writer connection of `db`'s file, once the writes in its open group are committed. With
/// the pool closed too no connection is left, and SQLite's last close checkpoints the WAL into the file
/// and removes the `-wal` and `-shm` files: a stopped bot leaves one complete file. A later write
/// opens a new connection.
pub(crate) async fn close(db: &SqlitePool) {
    let turn = turn(db);
    let mut writer = turn.take().await;
    if writer.in_write {
        writer.abandon().await;
    }
    writer.commit_group().await;
    writer.opened_for = Weak::new();
    if let Some(conn) = writer.conn.take()
        && let Err(e) = sqlx::Connection::close(conn).await
    {
        tracing::warn!(error = %e, "closing the writer connection failed");
    }
}

/// Starts a write and reads one text value in it, in one round trip to the connection's thread:
/// `select` takes one `?`, the key. For the state a handler is about to change.
pub async fn begin_write_reading(
    db: &Db,
    select: &'static str,
    key: i64,
) -> Result<(WriteTx, Option<String>), sqlx::Error> {
    begin(db, Some((select, key))).await
}

/// Starts a write (in the transaction writes queued together share; see the module's notes).
pub async fn begin_write(db: &Db) -> Result<WriteTx, sqlx::Error> {
    Ok(begin(db, None).await?.0)
}

#[cfg(test)]
#[path = "writer_tests.rs"]
mod tests;
