//! One replica at a time runs the scheduler (the legal clocks, digests, alert escalations, the
//! retention purge). On SQLite there is one process per file: it always leads. On PostgreSQL the
//! leader holds a session-level advisory lock on a connection of its own: the lock lives as long as
//! that session, so a leader that dies (killed, its machine gone) loses it when the server notices the
//! session ended (its keepalives are short, so within about half a minute of a machine dying), and the
//! next replica to ask takes it.

use sqlx::{Connection, PgConnection};

use crate::Db;

/// The advisory lock's key: "wagedesk scheduler" in no particular encoding; no other lock uses it.
pub const KEY: i64 = 0x7761_6765_7363_6864;

pub struct Leader {
    db: Db,
    /// The session holding the lock, while this replica leads.
    held: Option<PgConnection>,
}

impl Leader {
    pub fn new(db: Db) -> Leader {
        Leader { db, held: None }
    }

    /// Whether this replica leads now: it keeps the lock while its session answers, or takes it when
    /// free. A database error is "not now" (logged), so a replica cut off from the database stops
    /// acting as leader.
    pub async fn leads(&mut self) -> bool {
        let Db::Postgres(pool) = &self.db else { return true };
        if let Some(conn) = &mut self.held {
            // A server cut off without a word would leave the ping waiting for TCP to give up
            // (a quarter of an hour), this replica leading all the while.
            if matches!(tokio::time::timeout(ANSWER_WITHIN, conn.ping()).await, Ok(Ok(()))) {
                return true;
            }
            tracing::warn!("the scheduler's lock session ended or stopped answering; another replica may lead now");
            self.held = None;
        }
        let options = pool.connect_options();
        let mut conn = match tokio::time::timeout(ANSWER_WITHIN, PgConnection::connect_with(&options)).await {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "no session for the scheduler's lock");
                return false;
            }
            Err(_) => {
                tracing::warn!("no session for the scheduler's lock: the server did not answer");
                return false;
            }
        };
        let ask = sqlx::query_scalar::<_, bool>("SELECT pg_try_advisory_lock($1)").bind(KEY).fetch_one(&mut conn);
        match tokio::time::timeout(ANSWER_WITHIN, ask).await {
            Ok(Ok(true)) => {
                tracing::info!("this replica runs the scheduler");
                // The lock lives as long as the server keeps this session. A leader whose machine dies
                // sends no goodbye, and with the server's default keepalives (two hours) nobody would
                // lead meanwhile: this session's are short, so the server ends it within half a minute.
                for setting in KEEPALIVES {
                    if let Err(e) = sqlx::query(setting).execute(&mut conn).await {
                        tracing::warn!(error = %e, setting, "a keepalive setting of the scheduler's lock session was refused");
                    }
                }
                self.held = Some(conn);
                true
            }
            Ok(Ok(false)) => false,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "asking for the scheduler's lock failed");
                false
            }
            Err(_) => {
                tracing::warn!("asking for the scheduler's lock: the server did not answer");
                false
            }
        }
    }

    /// Gives the lock up (at shutdown, so another replica takes over at once): unlocked before the
    /// session closes, so the next to ask finds it free without waiting for the server to end it.
    pub async fn resign(&mut self) {
        if let Some(mut conn) = self.held.take() {
            if let Err(e) = sqlx::query("SELECT pg_advisory_unlock($1)").bind(KEY).execute(&mut conn).await {
                tracing::warn!(error = %e, "giving the scheduler's lock up failed; it goes with the session");
            }
            let _ = conn.close().await;
        }
    }
}

/// How long the lock's session may take to answer before this replica stops counting on it.
pub const ANSWER_WITHIN: std::time::Duration = std::time::Duration::from_secs(5);

/// The lock session's TCP keepalives, set on the server's side of it: probes after 10 s of silence,
/// every 5 s, the session ended after 3 unanswered (and after 20 s of unacknowledged data). Ignored on
/// a Unix socket, where the server sees a dead peer at once.
const KEEPALIVES: [&str; 4] = [
    "SET tcp_keepalives_idle = 10",
    "SET tcp_keepalives_interval = 5",
    "SET tcp_keepalives_count = 3",
    "SET tcp_user_timeout = 20000",
];

/// How often the leader makes sure of its session and a follower asks for the lock: a dead leader's
/// place is taken within this (plus the time its server takes to end the dead session).
pub const ASK_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Whether this replica leads, kept current by one task: the scheduler and the delivery worker watch
/// it. On SQLite it is always true.
pub struct Leadership {
    leading: tokio::sync::watch::Receiver<bool>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Leadership {
    /// Starts asking (at once, then every [`ASK_EVERY`]).
    pub fn start(db: Db) -> Leadership {
        let (tell, leading) = tokio::sync::watch::channel(false);
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let mut leader = Leader::new(db);
            loop {
                let leads = leader.leads().await;
                tell.send_if_modified(|was| std::mem::replace(was, leads) != leads);
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tokio::time::sleep(ASK_EVERY) => {}
                }
            }
            tell.send_replace(false);
            leader.resign().await;
        });
        Leadership { leading, stop: Some(stop), task }
    }

    /// A watch of whether this replica leads.
    pub fn watch(&self) -> tokio::sync::watch::Receiver<bool> {
        self.leading.clone()
    }

    /// Stops leading and gives the lock up at once (after this replica's last send, so two replicas
    /// never deliver side by side).
    pub async fn resign(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Err(e) = (&mut self.task).await {
            tracing::warn!(error = %e, "the leadership task ended abnormally");
        }
    }
}

impl Drop for Leadership {
    fn drop(&mut self) {
        // Dropped without resigning (the bot's task cancelled): the lock goes with the session.
        self.task.abort();
    }
}

/// Waits until `leading` changes; never returns if its sender is gone (a fixed answer).
pub async fn changed(leading: &mut tokio::sync::watch::Receiver<bool>) {
    if leading.changed().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// A watch that always says "leads": for a delivery worker of the one process on a SQLite file.
pub fn always() -> tokio::sync::watch::Receiver<bool> {
    let (tell, leading) = tokio::sync::watch::channel(true);
    // Kept alive with the receiver's last value; `changed` then waits for ever.
    drop(tell);
    leading
}
