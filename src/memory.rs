//! The memory a busy spell freed goes back to the system once the spell is over.
//!
//! glibc keeps pages freed inside its per-thread arenas: after a burst of updates the bot's resident
//! memory stayed wherever the burst left it, from 63 to 125 MB at 10,000 live dialogues from one run
//! of the same binary to the next (BENCHMARKS.md). [`give_back_when_quiet`] returns them once the
//! process is quiet, instead of asking operators to set `MALLOC_ARENA_MAX`.

use std::time::{Duration, Instant};

use crate::storage::metrics::Metrics;

/// How long nothing is handled or sent before the process counts as quiet.
pub const QUIET: Duration = Duration::from_millis(250);

/// Updates handled and Bot API calls answered since the last give-back that make a spell worth one:
/// a few leave little to return, and walking every arena is not free.
pub const BUSY: u64 = 256;

/// Gives freed memory back after each busy spell (at least [`BUSY`] units of activity, then [`QUIET`]
/// with none), until `stop` completes.
pub async fn give_back_when_quiet(metrics: Metrics, stop: impl Future<Output = ()>) {
    after_busy_spells(
        || metrics.activity(),
        stop,
        || {
            // On this thread, not the blocking pool: a new thread would get an arena of its own, and the
            // process is quiet, so the few milliseconds the walk takes hold nobody up.
            let started = Instant::now();
            let returned = wagedesk_heap::give_back();
            let ms = started.elapsed().as_secs_f64() * 1e3;
            tracing::debug!(returned, ms, "freed memory given back after a busy spell");
        },
    )
    .await;
}

/// Calls `then` each time `activity` grew by [`BUSY`] or more since the last call and then stood still
/// for a whole [`QUIET`] tick.
async fn after_busy_spells(activity: impl Fn() -> u64, stop: impl Future<Output = ()>, mut then: impl FnMut()) {
    let mut stop = std::pin::pin!(stop);
    let mut ticks = tokio::time::interval(QUIET);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut seen = activity();
    let mut done_at = seen;
    loop {
        tokio::select! {
            () = &mut stop => break,
            _ = ticks.tick() => {}
        }
        let now = activity();
        let quiet = now == seen;
        seen = now;
        if quiet && now - done_at >= BUSY {
            done_at = now;
            then();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    /// A spell of `units` spread over `ticks` ticks, then `quiet` ticks with none.
    async fn spell(activity: &AtomicU64, units: u64, ticks: u64, quiet: u64) {
        for _ in 0..ticks {
            activity.fetch_add(units / ticks, Ordering::SeqCst);
            tokio::time::sleep(QUIET).await;
        }
        tokio::time::sleep(QUIET * u32::try_from(quiet).expect("a few ticks")).await;
    }

    #[tokio::test(start_paused = true)]
    async fn memory_is_given_back_once_per_busy_spell_and_only_when_quiet() {
        let activity = Arc::new(AtomicU64::new(0));
        let given = Arc::new(AtomicU64::new(0));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn({
            let (activity, given) = (activity.clone(), given.clone());
            after_busy_spells(
                move || activity.load(Ordering::SeqCst),
                async move {
                    let _ = stopped.await;
                },
                move || {
                    given.fetch_add(1, Ordering::SeqCst);
                },
            )
        });
        let given_back = || given.load(Ordering::SeqCst);
        // Half a tick in, so each change lands between two ticks.
        tokio::time::sleep(QUIET / 2).await;

        spell(&activity, 1_000, 8, 0).await;
        assert_eq!(given_back(), 0, "not while busy");
        tokio::time::sleep(QUIET * 2).await;
        assert_eq!(given_back(), 1, "once the spell is over");
        tokio::time::sleep(QUIET * 8).await;
        assert_eq!(given_back(), 1, "once per spell, however long the quiet");

        spell(&activity, BUSY / 2, 2, 4).await;
        assert_eq!(given_back(), 1, "a few updates are not a spell worth it");
        spell(&activity, BUSY, 2, 2).await;
        assert_eq!(given_back(), 2, "they count towards the next one");

        stop.send(()).expect("the task runs");
        task.await.expect("the task ends when asked");
    }
}
