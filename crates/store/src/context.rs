//! The services every handler needs, built once at start and shared.

use std::path::PathBuf;
use std::sync::Arc;

use crate::Db;
use wagedesk_core::clock::Clock;
use wagedesk_core::crypto::Vault;
use wagedesk_core::deployment::Deployment;

/// Shared, cheap to clone.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: Db,
    pub vault: Vault,
    pub deployment: Arc<Deployment>,
    pub clock: Clock,
    /// Where evidence files are kept, named by their SHA-256.
    pub evidence_dir: PathBuf,
    /// Wakes the delivery worker; whoever commits outbox rows pings it so they leave at once.
    pub outbox_wake: Arc<tokio::sync::Notify>,
    /// Bumped when rows the delivery worker may hold in memory were changed under it (an erasure):
    /// it lets go of what it holds, once its sends under way landed, and reads the outbox again.
    pub outbox_reread: Arc<std::sync::atomic::AtomicU64>,
    /// What `/metrics` shows; the transport and the handlers count into it.
    pub metrics: crate::metrics::Metrics,
}

impl Ctx {
    /// The services over an opened database, a key and a deployment; the bot and `wagedesk export` both
    /// start from here.
    pub fn new(db: Db, vault: Vault, deployment: Deployment, clock: Clock, evidence_dir: PathBuf) -> Ctx {
        Ctx {
            db,
            vault,
            deployment: Arc::new(deployment),
            clock,
            evidence_dir,
            outbox_wake: Arc::default(),
            outbox_reread: Arc::default(),
            metrics: Default::default(),
        }
    }
}
