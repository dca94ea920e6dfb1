//! Graceful shutdown as a first-class signal: one trigger, observed by every task. We install our own
//! SIGINT/SIGTERM handlers because a signal that arrives while teloxide's dispatcher is busy can be missed.

use tokio::sync::watch;

/// Cloneable view of the shutdown trigger.
#[derive(Clone, Debug)]
pub struct Shutdown {
    rx: watch::Receiver<bool>,
}

/// The side that pulls the trigger.
#[derive(Clone, Debug)]
pub struct Trigger {
    tx: std::sync::Arc<watch::Sender<bool>>,
}

pub fn channel() -> (Trigger, Shutdown) {
    let (tx, rx) = watch::channel(false);
    (Trigger { tx: std::sync::Arc::new(tx) }, Shutdown { rx })
}

impl Trigger {
    pub fn fire(&self) {
        self.tx.send_replace(true);
    }
}

impl Shutdown {
    pub fn is_triggered(&self) -> bool {
        *self.rx.borrow()
    }

    /// Resolves once shutdown was requested (at once if it already was).
    pub async fn wait(&mut self) {
        // An error means every trigger was dropped: nobody can ask us to stop any more, so wait forever.
        if self.rx.wait_for(|stop| *stop).await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Fires the trigger on the first SIGINT or SIGTERM; the signal is remembered even if every task is busy.
pub fn on_signals(trigger: Trigger) {
    tokio::spawn(async move {
        wait_for_signal().await;
        tracing::info!("shutdown requested");
        trigger.fire();
    });
}

#[cfg(unix)]
async fn wait_for_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) {
        (Ok(mut int), Ok(mut term)) => {
            tokio::select! {
                _ = int.recv() => {}
                _ = term.recv() => {}
            }
        }
        _ => {
            tracing::error!("could not install signal handlers; falling back to Ctrl-C only");
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

/// A task that ends when its handle is dropped (a loop beside the bot must not outlive it).
pub struct AbortOnDrop(pub tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
