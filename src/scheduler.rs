//! The legal clocks' scheduler: every so often it asks the pure clock rules which pre-warnings and
//! escalations are due today for each open case, sends each one once (its key is recorded in the same
//! transaction, and the key's primary key makes a second sender fail rather than repeat), and wakes the
//! delivery worker. The retention purge ([`crate::erasure::retention`]) rides on the same loop. Each pass also puts the questions that close the loop with workers (payment
//! confirmation, satisfaction, 回头看). Time comes from the injected clock, so tests move it instead of
//! sleeping.

use std::time::Duration;

use crate::case::due_deadline_alerts;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::followup::FollowupOptions;
use crate::i18n::Lang;
use crate::notify::{self, CaseRef};
use crate::shutdown::Shutdown;
use crate::storage::{self, cases};

/// One pass with the default follow-up timings; returns how many clock alerts were sent. Public so
/// tests step it.
pub async fn scan(ctx: &Ctx) -> anyhow::Result<usize> {
    scan_with(ctx, &FollowupOptions::default()).await
}

/// One pass over the open cases, then the questions that close the loop with workers
/// ([`crate::followup::scan`]); returns how many clock alerts were sent.
pub async fn scan_with(ctx: &Ctx, followup: &FollowupOptions) -> anyhow::Result<usize> {
    let mut sent = 0;
    for case in cases::open_cases(&ctx.db).await? {
        // One case that fails (a second leader recorded the same alert, a storage error) must not
        // keep the cases after it, or the escalations below, waiting for the next pass.
        match clock_alerts(ctx, &case).await {
            Ok(n) => sent += n,
            Err(e) => tracing::error!(case = %case.case_number, error = %format!("{e:#}"), "clock alerts failed"),
        }
    }
    // Alerts nobody acknowledged are repeated and taken up a level; a failure must not stop the rest.
    if let Err(e) = crate::staff::alerts::scan(ctx).await {
        tracing::error!(error = %format!("{e:#}"), "alert scan failed");
    }
    // The supervisors' digests ride on the same pass; a failed digest must not stop the clocks.
    if let Err(e) = crate::ledger::digest::send_due_digests(ctx).await {
        tracing::error!(error = %format!("{e:#}"), "digest failed");
    }
    match leave_stale_groups(ctx).await {
        Ok(0) => {}
        Ok(_) => ctx.outbox_wake.notify_one(),
        Err(e) => tracing::error!(error = %format!("{e:#}"), "leaving unlinked groups failed"),
    }
    // A failing follow-up pass must not stop the legal clocks; it is tried again next time.
    if let Err(e) = crate::followup::scan(ctx, followup).await {
        tracing::error!(error = %format!("{e:#}"), "follow-up scan failed");
    }
    Ok(sent)
}

/// The clock alerts due today for one open case, sent and recorded in one write; returns how many.
/// `listed` is the pass's snapshot: the case is read again inside the write, so an alert is judged on
/// the case as it is (accepted, transferred or resolved meanwhile) and goes to its owner now.
async fn clock_alerts(ctx: &Ctx, listed: &cases::OpenCase) -> anyhow::Result<usize> {
    let (today, d) = (ctx.clock.today(), &ctx.deployment);
    let already = {
        let mut conn = ctx.db.acquire().await?;
        cases::alerts_sent(&mut conn, listed.complaint_id).await?
    };
    if due_deadline_alerts(&listed.state, d, today, &already).is_empty() {
        return Ok(0);
    }
    let mut tx = storage::begin_write(&ctx.db).await?;
    let Some(state) = cases::load_to_decide(&mut tx, listed.complaint_id).await? else { return Ok(0) };
    let already = cases::alerts_sent(&mut tx, listed.complaint_id).await?;
    let alerts = due_deadline_alerts(&state, d, today, &already);
    if alerts.is_empty() {
        return Ok(0);
    }
    let case_ref = CaseRef {
        complaint_id: listed.complaint_id,
        case_number: &listed.case_number,
        worker_chat_id: listed.worker_chat_id,
        worker_lang: Lang::from_code(&listed.lang).unwrap_or_default(),
    };
    for alert in &alerts {
        for n in alert.notifications(&state, d) {
            notify::send(&mut tx.conn(), ctx, &case_ref, &n).await?;
        }
        cases::record_alert(&mut tx, listed.complaint_id, &alert.key(), &stamp(ctx.clock.now())).await?;
    }
    tx.commit().await?;
    ctx.outbox_wake.notify_one();
    tracing::info!(case = %listed.case_number, alerts = alerts.len(), "clock alerts sent");
    Ok(alerts.len())
}

async fn leave_stale_groups(ctx: &Ctx) -> anyhow::Result<usize> {
    let mut tx = storage::begin_write(&ctx.db).await?;
    let left = crate::staff::leave_stale_groups(&mut tx.conn(), ctx).await?;
    tx.commit().await?;
    Ok(left)
}

/// Scans every `every` until shutdown; each pass also applies the retention policy (finished cases
/// once a day, sent messages and old reports every pass). Of several replicas on one database only
/// the leader scans (`leading`, [`storage::leader::Leadership`]).
pub async fn run(
    ctx: Ctx,
    every: Duration,
    followup: FollowupOptions,
    mut leading: tokio::sync::watch::Receiver<bool>,
    mut shutdown: Shutdown,
) {
    let mut purged_on = None;
    loop {
        if !*leading.borrow_and_update() {
            tokio::select! {
                _ = shutdown.wait() => break,
                _ = storage::leader::changed(&mut leading) => continue,
            }
        }
        match scan_with(&ctx, &followup).await {
            Ok(_) => {}
            Err(e) => tracing::error!(error = %format!("{e:#}"), "clock scan failed"),
        }
        if let Err(e) = crate::erasure::retention::scheduled(&ctx, &mut purged_on).await {
            tracing::error!(error = %format!("{e:#}"), "retention purge failed");
        }
        tokio::select! {
            _ = shutdown.wait() => break,
            _ = tokio::time::sleep(every) => {}
        }
    }
}
