//! The supervisors' digest: once a day (and once a week, once a month on the configured days), each
//! supervisor office with a linked group gets the figures of the offices it oversees and a chart,
//! through the outbox (a digest with nothing to report is not sent). Each digest is recorded in `digests_sent` in the same transaction as its
//! outbox rows, so it goes out once per period however often the scheduler asks.

pub mod chart;
pub mod data;
pub mod font;
pub mod text;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};
use chrono_tz::Asia::Shanghai;
use sqlx::SqliteConnection;

use super::{Period, reports_dir};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::{Deployment, DigestSettings, OfficeId, OfficeKind};
use crate::i18n::{self, Lang};
use crate::outgoing::Outgoing;
use crate::storage::{self, cases, outbox};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Daily,
    Weekly,
    Monthly,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Daily => "daily",
            Kind::Weekly => "weekly",
            Kind::Monthly => "monthly",
        }
    }
}

/// The digests due at local time `now`, with the period each covers: none before the configured
/// time; then yesterday, the seven days before on the weekly day, the month before on the monthly day.
pub fn due(settings: &DigestSettings, now: NaiveDateTime) -> Vec<(Kind, Period)> {
    let today = now.date();
    let Some(yesterday) = today.pred_opt() else { return Vec::new() };
    if now.time() < settings.daily_at {
        return Vec::new();
    }
    let mut out = vec![(Kind::Daily, Period { from: yesterday, to: yesterday })];
    if today.weekday() == settings.weekly_on {
        let from = today.checked_sub_days(Days::new(7)).unwrap_or(yesterday);
        out.push((Kind::Weekly, Period { from, to: yesterday }));
    }
    if today.day() == settings.monthly_on {
        let last = today.with_day(1).and_then(|first| first.pred_opt()).unwrap_or(yesterday);
        out.push((Kind::Monthly, Period { from: last.with_day(1).unwrap_or(last), to: last }));
    }
    out
}

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
    conn: &mut SqliteConnection,
    d: &Deployment,
    supervisor: &OfficeId,
    kind: Kind,
    period: Period,
    today: NaiveDate,
) -> anyhow::Result<Digest> {
    let data = data::gather(conn, d, supervisor, kind, period, today).await?;
    let empty = data.offices.iter().all(data::OfficeLine::is_quiet);
    let text = text::render(d, &data);
    let font = if empty { None } else { font::chart_font(d.digest.chart_font.as_deref()) };
    let chart_png = match font {
        Some(script) => match chart::render(d, &data, script) {
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
            let done: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM digests_sent WHERE office_id = $1 AND kind = $2 AND period_start = $3",
            )
            .bind(id)
            .bind(kind.code())
            .bind(period.from.to_string())
            .fetch_optional(&mut *conn)
            .await?;
            if done.is_some() {
                continue;
            }
            let digest = build(&mut conn, d, &supervisor.id, *kind, *period, now.date()).await?;
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
            let path = dir.join(format!("digest-{}-{}-{}.png", supervisor.as_str(), kind.code(), period.from));
            std::fs::write(&path, png)?;
            Some(path)
        }
        None => None,
    };
    let now = stamp(ctx.clock.now());
    let mut tx = storage::begin_write(&ctx.db).await?;
    sqlx::query("INSERT INTO digests_sent (office_id, kind, period_start, sent_at) VALUES ($1, $2, $3, $4)")
        .bind(supervisor.as_str())
        .bind(kind.code())
        .bind(period.from.to_string())
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    let mut rows = vec![Outgoing::Send { chat_id, text: digest.text.clone(), keyboard: crate::intake::Keyboard::None }];
    if let Some(path) = chart {
        let caption = Some(i18n::tr(Lang::ZhHans, "digest-chart-caption"));
        rows.push(Outgoing::Photo { chat_id, path: path.display().to_string(), caption });
    }
    // The outbox runs on real time, like every other row (notify::send), not the injected clock.
    let queued_at = stamp(chrono::Utc::now());
    for row in rows {
        outbox::enqueue(&mut tx, chat_id, &serde_json::to_string(&row)?, &queued_at).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, time: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M").expect("a test time")
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a test date")
    }

    #[test]
    fn nothing_is_due_before_the_configured_time_then_yesterday() {
        let s = DigestSettings::default();
        assert!(due(&s, at("2026-12-02", "08:29")).is_empty());
        let period = Period { from: day("2026-12-01"), to: day("2026-12-01") };
        assert_eq!(due(&s, at("2026-12-02", "08:30")), [(Kind::Daily, period)]);
    }

    #[test]
    fn monday_adds_the_week_before_and_the_first_adds_the_month_before() {
        let s = DigestSettings::default();
        // Monday 1 March 2027: daily, weekly (22–28 Feb) and monthly (February).
        let due = due(&s, at("2027-03-01", "09:00"));
        let kinds: Vec<_> = due.iter().map(|(k, p)| (*k, p.from, p.to)).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Daily, day("2027-02-28"), day("2027-02-28")),
                (Kind::Weekly, day("2027-02-22"), day("2027-02-28")),
                (Kind::Monthly, day("2027-02-01"), day("2027-02-28")),
            ]
        );
    }
}
