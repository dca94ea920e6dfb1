//! The running bot's side of a rotation: it re-reads its keyring file every second (and at once on
//! SIGHUP) and puts a changed keyring in use for every handler, after checking it still opens what the
//! database holds; and it says in the database which keys it holds (`key_holders`), so that
//! `wagedesk keys rotate` knows when the bot seals with the new key and when it has let the old go.

use std::time::Duration;

use super::check::check_opens;
use super::source::KeySource;
use crate::crypto::Vault;
use crate::shutdown::Shutdown;
use crate::storage::{self, sealed};

/// How often the file is read.
const READ_EVERY: Duration = Duration::from_secs(1);
/// How often the bot says which keys it holds; `keys rotate` counts a bot unseen for
/// [`HOLDER_TIMEOUT_SECS`] as gone.
const HEARTBEAT_EVERY: Duration = Duration::from_secs(2);
pub const HOLDER_TIMEOUT_SECS: i64 = 30;

pub struct KeyWatch {
    pub source: KeySource,
    pub vault: Vault,
    pub db: storage::Db,
}

/// This process, as `key_holders` names it.
pub fn holder_name() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    format!("{}:{}", host.trim(), std::process::id())
}

impl KeyWatch {
    pub async fn run(self, mut shutdown: Shutdown) {
        let holder = holder_name();
        let mut last = self.source.path().and_then(|p| std::fs::read(p).ok());
        // A keyring that did not check is read again every second (the database may catch up with it,
        // as when a rotation re-seals a last value) but reported once.
        let mut refused: Option<Vec<u8>> = None;
        let mut unreadable = false;
        let mut hangup = hangups();
        let mut heartbeat = tokio::time::interval(HEARTBEAT_EVERY);
        let mut read = tokio::time::interval(READ_EVERY);
        loop {
            tokio::select! {
                () = shutdown.wait() => break,
                _ = heartbeat.tick() => {
                    self.say_held(&holder).await;
                    continue;
                }
                _ = read.tick() => {}
                () = next_hangup(&mut hangup) => tracing::info!("SIGHUP: reading the keyring again"),
            }
            let Some(path) = self.source.path() else { continue };
            let now = match std::fs::read(path) {
                Ok(bytes) => Some(bytes),
                // Replaced by a file this process may not read (written as root by `keys rotate`, say):
                // said once, or a rotation waiting for this bot would time out with no reason given.
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    if !unreadable {
                        tracing::error!(path = %path.display(), error = %e, "the keyring file cannot be read; the keys in use are kept");
                        unreadable = true;
                    }
                    continue;
                }
                Err(_) => None,
            };
            unreadable = false;
            if now.is_none() || now == last {
                continue;
            }
            let report = now != refused;
            if self.reload(report).await {
                last = now;
                refused = None;
                self.say_held(&holder).await;
            } else {
                refused = now;
            }
        }
        if let Err(e) = sealed::holder_gone(&self.db, &holder).await {
            tracing::warn!(error = %e, "could not say the keys are no longer held");
        }
    }

    /// Puts the file's keyring in use if it opens what the database holds; otherwise keeps the keys
    /// in use and says why.
    async fn reload(&self, report: bool) -> bool {
        let checked = match (self.source.load(), sealed::samples(&self.db).await) {
            (Ok(Some(ring)), Ok(samples)) => check_opens(&ring, &samples, &self.source).map(|()| ring),
            (Ok(None), _) => Err(anyhow::anyhow!("the keyring file is gone")),
            (Err(e), _) => Err(e),
            (_, Err(e)) => Err(e.into()),
        };
        let ring = match checked {
            Ok(ring) => ring,
            Err(e) => {
                if report {
                    tracing::error!(error = %format!("{e:#}"), "the changed keyring is not usable; keeping the keys in use");
                }
                return false;
            }
        };
        if ring.kids() != self.vault.keyring().kids() {
            tracing::info!(current = ring.current().kid(), keys = ring.kids().len(), "keyring reloaded");
            self.vault.replace(ring);
        }
        true
    }

    async fn say_held(&self, holder: &str) {
        let ring = self.vault.keyring();
        if let Err(e) = sealed::holder_seen(&self.db, holder, ring.current().kid(), &ring.kids().join(" ")).await {
            tracing::warn!(error = %e, "could not record the keys in use");
        }
    }
}

#[cfg(unix)]
type Hangups = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Hangups = Option<()>;

#[cfg(unix)]
fn hangups() -> Hangups {
    // Installed even when the keys come from the environment: SIGHUP must not end the bot.
    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok()
}

#[cfg(not(unix))]
fn hangups() -> Hangups {
    None
}

async fn next_hangup(hangup: &mut Hangups) {
    #[cfg(unix)]
    if let Some(signal) = hangup.as_mut()
        && signal.recv().await.is_some()
    {
        return;
    }
    #[cfg(not(unix))]
    let _ = hangup;
    std::future::pending::<()>().await
}
