//! The supervisors' digest: once a day (and once a week, once a month on the configured days), each
//! supervisor office with a linked group gets the figures of the offices it oversees and a chart,
//! through the outbox (a digest with nothing to report is not sent). Each digest is recorded in `digests_sent` in the same transaction as its
//! outbox rows, so it goes out once per period however often the scheduler asks.

pub mod canvas;
pub mod chart;
pub mod data;
pub mod font;
pub mod shape;
pub mod text;
pub mod trend;

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use chrono_tz::Asia::Shanghai;
pub use wagedesk_core::ledger::digest::{Kind, due};
use wagedesk_store::conn::Conn;

use super::{Period, reports_dir};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::{Deployment, OfficeId, OfficeKind};
use crate::i18n::{self, Lang};
use crate::outgoing::Outgoing;
use crate::storage::ledger::digest as store;
use crate::storage::{self, cases, outbox};

/// A rendered digest: the message and, when a font was found, the chart.
#[derive(Debug, Clone)]
pub struct Digest {
    pub text: String,
    pub chart_png: Option<Vec<u8>>,
    /// No office had a new, accepted, finished or open case: nothing to tell (and nothing is sent).
    pub empty: bool,
}

/// Builds the digest `supervisor` gets for `period`, as of `today`.
pub async fn build(
    conn: &mut Conn<'_>,
    d: &Deployment,
    supervisor: &OfficeId,
    kind: Kind,
    period: Period,
    today: NaiveDate,
) -> anyhow::Result<Digest> {
    let data = data::gather(&mut *conn, d, supervisor, kind, period, today).await?;
    let empty = data.offices.iter().all(data::OfficeLine::is_quiet);
    let text = text::render(d, &data);
    let font = if empty { None } else { font::chart_font(d.digest.chart_font.as_deref()) };
    let chart_png = match font {
        Some(font) => match chart::render(d, &data, font) {
            Ok(png) => Some(png),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "digest chart failed; sending the text alone");
                None
            }
        },
        None => None,
    };
    Ok(Digest { text, chart_png, empty })
}

/// A count as the digest prints it, in its text and on its chart: `215,001`.
pub fn figure(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::from(if n < 0 { "-" } else { "" });
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Sends every digest due now that was not sent yet; returns how many. Called by the scheduler.
pub async fn send_due_digests(ctx: &Ctx) -> anyhow::Result<usize> {
    let d = &ctx.deployment;
    let now = ctx.clock.now().with_timezone(&Shanghai).naive_local();
    let due = due(&d.digest, now);
    if due.is_empty() {
        return Ok(0);
    }
    let mut sent = 0;
    for supervisor in d.offices.iter().filter(|o| o.kind == OfficeKind::Supervisor) {
        let id = supervisor.id.as_str();
        let mut conn = ctx.db.acquire().await?;
        let Some(chat_id) = cases::office_chat(&mut conn, id).await? else { continue };
        for (kind, period) in &due {
            if store::was_sent(&mut conn, id, *kind, period.from).await? {
                continue;
            }
            let digest = build(&mut conn.conn(), d, &supervisor.id, *kind, *period, now.date()).await?;
            // A supervisor whose offices have no case at all is not woken for nothing; a case
            // filed later the same day still gets its digest on a later pass.
            if digest.empty {
                continue;
            }
            queue(ctx, &supervisor.id, chat_id, *kind, *period, &digest).await?;
            tracing::info!(office = id, kind = kind.code(), from = %period.from, "digest queued");
            sent += 1;
        }
    }
    if sent > 0 {
        ctx.outbox_wake.notify_one();
    }
    Ok(sent)
}

/// Writes the chart file, then records the digest and queues its rows in one transaction (the
/// primary key makes a second sender fail rather than repeat it).
async fn queue(
    ctx: &Ctx,
    supervisor: &OfficeId,
    chat_id: i64,
    kind: Kind,
    period: Period,
    digest: &Digest,
) -> anyhow::Result<()> {
    let chart = match &digest.chart_png {
        Some(png) => {
            let dir = reports_dir(ctx);
            std::fs::create_dir_all(&dir)?;
            crate::private_files::restrict_dir(&dir)?;
            let path = dir.join(format!("digest-{}-{}-{}.png", supervisor.as_str(), kind.code(), period.from));
            std::fs::write(&path, png)?;
            crate::private_files::restrict_file(&path)?;
            Some(path)
        }
        None => None,
    };
    let now = stamp(ctx.clock.now());
    let mut tx = storage::begin_write(&ctx.db).await?;
    store::record_sent(&mut tx, supervisor.as_str(), kind, period.from, &now).await?;
    let mut rows = vec![Outgoing::Send { chat_id, text: digest.text.clone(), keyboard: crate::intake::Keyboard::None }];
    if let Some(path) = chart {
        let caption = Some(i18n::tr(Lang::ZhHans, "digest-chart-caption"));
        rows.push(Outgoing::Photo { chat_id, path: path.display().to_string(), caption });
    }
    // The outbox runs on real time, like every other row (notify::send), not the injected clock.
    let queued_at = stamp(chrono::Utc::now());
    for row in rows {
        outbox::enqueue(&mut tx, &ctx.vault, chat_id, &serde_json::to_string(&row)?, &queued_at).await?;
    }
    tx.commit().await?;
    Ok(())
}
