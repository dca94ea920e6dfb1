//! Nothing is shown before it is on disk: the sync barrier.
//!
//! The writer runs SQLite in WAL mode with `synchronous=NORMAL`: a `COMMIT` writes its frames to the
//! `-wal` file and returns without waiting for the disk, and SQLite syncs the WAL only when a checkpoint
//! copies it into the database file (then syncs that too). That survives a killed process, not a power
//! cut. What may not happen before a commit is on disk is whatever makes it visible outside: a message
//! sent from the outbox, a `getUpdates` offset that lets Telegram forget updates, a webhook's 200.
//!
//! Two ways were open (issue 19): `synchronous=FULL`, where every `COMMIT` syncs the WAL on the
//! writer's turn — one disk sync (about 2.5 ms on the benchmark's VM) per transaction while every other
//! writer waits, affordable only when group commit puts many updates in one transaction — or this
//! barrier, chosen because it keeps the disk sync off the write turn: commits go on at memory speed,
//! and whoever is about to reveal something asks for a sync that started after it saw the data
//! ([`SyncBarrier::sync_after_now`]). One `fdatasync` of the `-wal` file through a descriptor of our
//! own covers every frame written before it started, by any connection or process (the page cache is
//! the file's, not the descriptor's), so all who wait meanwhile share the next one, and a sync is made
//! only when somebody waits for one.
//!
//! The cases of the WAL file: SQLite restarts it from its start only after a checkpoint backfilled every
//! frame and synced the database file, so frames overwritten were already on disk; `wal_checkpoint(
//! TRUNCATE)` (erasure) truncates it only after the same; the last connection's close deletes it after
//! a full, synced checkpoint, so a missing WAL file holds nothing unsynced. A WAL file created again (a
//! new inode at the path) is opened again, and its directory is synced once so the new file's entry is
//! on disk too. SQLite holds no lock on the `-wal` file (its locks are on the database and `-shm`
//! files), so our descriptor's close cannot drop one.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::watch;

use crate::Db;

/// The sync barrier of one database file in this process (see the module's documentation).
pub struct SyncBarrier {
    /// The `-wal` file; `None` on PostgreSQL, whose COMMIT returns only once its WAL is flushed
    /// (`synchronous_commit` on, the default; the start refuses it off): nothing to wait for.
    wal: Option<PathBuf>,
    rounds: Mutex<Rounds>,
    /// The last round whose sync completed.
    done: watch::Sender<u64>,
    /// The WAL file as last opened, with its inode; only the running round touches it.
    file: Mutex<Option<(u64, File)>>,
}

#[derive(Default)]
struct Rounds {
    /// Rounds started so far; round `n` starts after round `n - 1` ended.
    started: u64,
    /// The highest round somebody waits for.
    wanted: u64,
    running: bool,
}

/// The barrier of `db`'s file, one per file in the process (as the write turn is).
pub fn barrier(db: &Db) -> Arc<SyncBarrier> {
    match db {
        Db::Sqlite(pool) => barrier_for(pool.connect_options().get_filename()),
        Db::Postgres(_) => {
            static SYNCED_AT_COMMIT: LazyLock<Arc<SyncBarrier>> = LazyLock::new(|| {
                Arc::new(SyncBarrier {
                    wal: None,
                    rounds: Mutex::default(),
                    done: watch::Sender::new(0),
                    file: Mutex::new(None),
                })
            });
            SYNCED_AT_COMMIT.clone()
        }
    }
}

fn barrier_for(file: &Path) -> Arc<SyncBarrier> {
    static BARRIERS: LazyLock<Mutex<HashMap<PathBuf, Arc<SyncBarrier>>>> = LazyLock::new(Default::default);
    let mut barriers = BARRIERS.lock().unwrap_or_else(PoisonError::into_inner);
    barriers
        .entry(file.to_path_buf())
        .or_insert_with(|| {
            let mut wal = file.as_os_str().to_owned();
            wal.push("-wal");
            Arc::new(SyncBarrier {
                wal: Some(PathBuf::from(wal)),
                rounds: Mutex::default(),
                done: watch::Sender::new(0),
                file: Mutex::new(None),
            })
        })
        .clone()
}

impl SyncBarrier {
    /// Returns once a sync of the WAL that *started after this call* has completed: everything the
    /// caller saw committed before calling (rows it read, a commit that returned) is then on disk.
    /// Callers waiting at the same time share one sync. A failing sync is logged and tried again each
    /// second; until one succeeds, nothing waiting on it is revealed.
    pub async fn sync_after_now(self: &Arc<Self>) {
        if self.wal.is_none() {
            return;
        }
        let mut done = self.done.subscribe();
        let (need, start) = {
            let mut rounds = self.rounds.lock().unwrap_or_else(PoisonError::into_inner);
            // A round already running started before now: the next one is the first that counts.
            let need = rounds.started + 1;
            rounds.wanted = rounds.wanted.max(need);
            let start = !rounds.running;
            if start {
                rounds.running = true;
                rounds.started += 1;
            }
            (need, start)
        };
        if start {
            // Outside the lock: a runner dropped unrun takes it.
            let runner = Runner { barrier: self.clone(), armed: true };
            tokio::task::spawn_blocking(move || runner.run_rounds(need));
        }
        // The sender lives as long as `self`, which the caller holds: `changed` cannot fail here.
        while *done.borrow_and_update() < need {
            if done.changed().await.is_err() {
                return;
            }
        }
    }

    /// One `fdatasync` of the WAL file through our own descriptor.
    fn sync_wal(&self) -> std::io::Result<()> {
        let Some(wal) = &self.wal else { return Ok(()) };
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        let inode = match std::fs::metadata(wal) {
            Ok(meta) => inode_of(&meta),
            // No WAL file: the last close checkpointed every frame into the database file and synced it.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        if file.as_ref().is_none_or(|(known, _)| *known != inode) {
            // Read-only suffices for fdatasync on Linux.
            let opened = File::open(wal)?;
            let inode = inode_of(&opened.metadata()?);
            // A WAL file new to us may be a new file: its directory entry must reach the disk as well.
            sync_dir(wal)?;
            *file = Some((inode, opened));
        }
        match file.as_ref() {
            Some((_, f)) => f.sync_data(),
            None => Ok(()),
        }
    }
}

/// Runs the rounds on a blocking thread. Dropped without running (its runtime shutting down), it lets
/// the next waiter start another, instead of leaving every later waiter waiting for it.
struct Runner {
    barrier: Arc<SyncBarrier>,
    armed: bool,
}

impl Runner {
    /// Round after round while somebody waits for a later one.
    fn run_rounds(mut self, mut round: u64) {
        let b = &self.barrier;
        loop {
            match b.sync_wal() {
                Ok(()) => {
                    b.done.send_if_modified(|done| {
                        let later = round > *done;
                        *done = (*done).max(round);
                        later
                    });
                }
                Err(e) => {
                    let wal = b.wal.as_deref().unwrap_or(Path::new("")).display();
                    tracing::error!(%wal, error = %e, "syncing the WAL failed; nothing waiting on it goes out until it succeeds");
                    std::thread::sleep(Duration::from_secs(1));
                }
            }
            let mut rounds = b.rounds.lock().unwrap_or_else(PoisonError::into_inner);
            if rounds.wanted > round || *b.done.borrow() < round {
                // Waiters came while this round ran (or it failed): one more round, started now.
                rounds.started += 1;
                round = rounds.started;
            } else {
                rounds.running = false;
                drop(rounds);
                self.armed = false;
                return;
            }
        }
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        if self.armed {
            self.barrier.rounds.lock().unwrap_or_else(PoisonError::into_inner).running = false;
        }
    }
}

#[cfg(unix)]
fn inode_of(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

/// Elsewhere the file is opened again for every round.
#[cfg(not(unix))]
fn inode_of(_meta: &std::fs::Metadata) -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Syncs the folder `file` is in, so a name made or changed in it survives a power cut (the WAL file
/// here, an evidence file after its rename).
#[cfg(unix)]
pub fn sync_dir(file: &Path) -> std::io::Result<()> {
    match file.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => File::open(".")?.sync_all(),
    }
}

#[cfg(not(unix))]
pub fn sync_dir(_file: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn waiters_at_the_same_time_share_a_round_and_a_later_waiter_gets_a_new_one() {
        let dir = std::env::temp_dir().join(format!("wagedesk-barrier-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("t.db");
        std::fs::write(format!("{}-wal", db.display()), b"frames").unwrap();
        let b = barrier_for(&db);
        let waits: Vec<_> =
            (0..8).map(|_| b.clone()).map(|b| tokio::spawn(async move { b.sync_after_now().await })).collect();
        for w in waits {
            w.await.unwrap();
        }
        let after_first = *b.done.borrow();
        // Eight waiters: at most two rounds (one running when the rest arrived, one after it).
        assert!((1..=2).contains(&after_first), "{after_first} rounds");
        b.sync_after_now().await;
        assert_eq!(*b.done.borrow(), after_first + 1, "a later waiter needs a round of its own");
        // No WAL file: nothing to sync, and nobody waits for ever.
        std::fs::remove_file(format!("{}-wal", db.display())).unwrap();
        b.sync_after_now().await;
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
