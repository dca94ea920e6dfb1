//! The retention policy (`[retention]` in the deployment file) as a scheduled purge: a finished case's
//! personal data after `personal_data_days_after_closure`, what sent messages said after
//! `sent_payload_hours`, files in `data/reports/` after `reports_hours`. Idempotent — a second run
//! finds nothing — and logged with counts only, never with what was purged. Inbound updates need no
//! purge: each one's payload is dropped in the transaction that handles it (a flooding chat's too).
//! The web channel's sessions go once their cookie has lapsed (see [`purge_web_sessions`]).

use std::time::{Duration, SystemTime};

use chrono::{Days, Utc};

use super::{Erasure, blank_dialogue, erase_chat, erase_claimants, remove_reports, remove_unused, truncate_wal};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::storage::{self, erasure as store, web as web_store};
use wagedesk_core::erasure::Reason;

/// Rows cleared per transaction, so the purge never holds the write turn for long.
const BATCH: i64 = 2_000;

/// What one purge did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    /// Finished cases whose claimants' personal data was erased.
    pub cases: usize,
    pub claimants: usize,
    pub evidence_files: usize,
    /// Outbox rows whose contents were cleared.
    pub messages: u64,
    pub reports: usize,
    /// Web sessions whose cookie lapsed.
    pub web_sessions: usize,
}

impl Purged {
    fn any(&self) -> bool {
        *self != Purged::default()
    }
}

/// Every part of the policy, once (the scheduler runs the cheap parts each pass and this once a day;
/// tests call it after moving the clock).
pub async fn purge(ctx: &Ctx) -> anyhow::Result<Purged> {
    let mut purged = daily(ctx).await?;
    let cheap = purge_messages_and_reports(ctx).await?;
    (purged.messages, purged.reports) = (cheap.messages, cheap.reports);
    finish(ctx, &purged).await;
    Ok(purged)
}

/// What a scheduler pass does: sent messages and old reports every time, finished cases when the
/// local day changed since `last_day` (or on the first pass).
pub async fn scheduled(ctx: &Ctx, last_day: &mut Option<chrono::NaiveDate>) -> anyhow::Result<Purged> {
    let today = ctx.clock.today();
    let mut purged = if *last_day == Some(today) { Purged::default() } else { daily(ctx).await? };
    *last_day = Some(today);
    let cheap = purge_messages_and_reports(ctx).await?;
    (purged.messages, purged.reports) = (cheap.messages, cheap.reports);
    finish(ctx, &purged).await;
    Ok(purged)
}

async fn finish(ctx: &Ctx, purged: &Purged) {
    if purged.any() {
        truncate_wal(ctx).await;
        tracing::info!(
            cases = purged.cases,
            claimants = purged.claimants,
            evidence_files = purged.evidence_files,
            messages = purged.messages,
            reports = purged.reports,
            web_sessions = purged.web_sessions,
            "retention purge"
        );
    }
}

/// The once-a-day part: finished cases, then lapsed web sessions.
async fn daily(ctx: &Ctx) -> anyhow::Result<Purged> {
    let mut purged = purge_cases(ctx).await?;
    let (sessions, files) = purge_web_sessions(ctx).await?;
    purged.web_sessions = sessions;
    purged.evidence_files += files;
    Ok(purged)
}

/// Web sessions not seen for the cookie's lifetime: no browser can bring one back. One that filed
/// nothing is erased like `/delete_my_data` (its draft, files and mailbox) and its dialogue removed;
/// one that filed loses only its unfinished draft — its chat id, mailbox and status links stay,
/// since a status link opens the case without the cookie (its forms take a new session). Used form
/// tokens older than a day are forgotten too. Returns the sessions and the evidence files removed.
async fn purge_web_sessions(ctx: &Ctx) -> anyhow::Result<(usize, usize)> {
    let now = ctx.clock.now();
    let lapsed = stamp(now - chrono::Duration::seconds(crate::web::COOKIE_LIFETIME_SECS));
    let (mut sessions, mut files) = (0, 0);
    loop {
        let batch = web_store::expired_sessions(&ctx.db, &lapsed, 100).await?;
        if batch.is_empty() {
            break;
        }
        for (id, chat) in batch {
            let mut tx = storage::begin_write(&ctx.db).await?;
            let held = if web_store::has_status_links(&mut tx, chat).await? {
                blank_dialogue(&mut tx.conn(), ctx, chat).await?
            } else {
                let erased = erase_chat(&mut tx.conn(), ctx, chat).await?;
                storage::dialogues::remove(&mut tx, chat).await?;
                erased.files
            };
            web_store::delete_session(&mut tx, id).await?;
            tx.commit().await?;
            sessions += 1;
            files += remove_unused(ctx, &held).await?;
        }
    }
    let mut tx = storage::begin_write(&ctx.db).await?;
    web_store::forget_used_forms(&mut tx, &stamp(now - chrono::Duration::days(1))).await?;
    tx.commit().await?;
    Ok((sessions, files))
}

/// Cases finished more than the retention period ago (by the case clock, as their dates are) still
/// holding personal data: erased one case per transaction.
async fn purge_cases(ctx: &Ctx) -> anyhow::Result<Purged> {
    let days = u64::from(ctx.deployment.retention.personal_data_days_after_closure);
    let Some(before) = ctx.clock.today().checked_sub_days(Days::new(days)) else { return Ok(Purged::default()) };
    let mut purged = Purged::default();
    for complaint_id in store::expired_cases(&ctx.db, &before.to_string()).await? {
        let mut tx = storage::begin_write(&ctx.db).await?;
        let ids: Vec<i64> =
            store::unerased_claimants(&mut tx, complaint_id).await?.into_iter().map(|(id, _)| id).collect();
        let Erasure { claimants, files, .. } =
            erase_claimants(&mut tx.conn(), ctx, complaint_id, &ids, Reason::Retention).await?;
        tx.commit().await?;
        ctx.outbox_wake.notify_one();
        purged.cases += 1;
        purged.claimants += claimants;
        purged.evidence_files += remove_unused(ctx, &files).await?;
    }
    Ok(purged)
}

/// Sent messages' contents and old report files, by the wall clock their times are kept in.
async fn purge_messages_and_reports(ctx: &Ctx) -> anyhow::Result<Purged> {
    let r = ctx.deployment.retention;
    let now = Utc::now();
    let before = stamp(now - chrono::Duration::hours(i64::from(r.sent_payload_hours)));
    let mut messages = 0;
    loop {
        let mut tx = storage::begin_write(&ctx.db).await?;
        let n = store::clear_sent(&mut tx, &ctx.vault, &before, &stamp(now), BATCH).await?;
        tx.commit().await?;
        messages += n;
        if n < u64::try_from(BATCH).unwrap_or(u64::MAX) {
            break;
        }
    }
    let older_than = SystemTime::now().checked_sub(Duration::from_secs(u64::from(r.reports_hours) * 3_600));
    let reports = match older_than {
        Some(limit) => remove_reports(&crate::ledger::reports_dir(ctx), Some(limit)).await,
        None => 0,
    };
    Ok(Purged { messages, reports, ..Purged::default() })
}
