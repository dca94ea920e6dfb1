//! `/ledger` and `/export` in an office group. Reading a large ledger or writing a workbook takes
//! time, so it happens before the update's write transaction (which would otherwise hold every
//! other writer back); the transaction then only queues the answer.

use chrono::{Datelike, NaiveDate};
use wagedesk_store::conn::Conn;

use super::authz::Refusal;
use super::{GroupMessage, refuse, say, tr, tr_args};
use crate::clock::stamp;
use crate::commands::StaffCommand;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::office::group_commands::{EXPORTS_PER_HOUR, export_allowed};
use crate::outgoing::{MAX_CAPTION_CHARS, Outgoing};
use crate::storage::staff as store;

/// What a report command produced, ready to queue.
#[derive(Debug)]
pub enum Prepared {
    Card(String),
    Workbook {
        office: OfficeId,
        path: std::path::PathBuf,
        from: NaiveDate,
        to: NaiveDate,
    },
    Refused(Refusal),
    /// The group had [`EXPORTS_PER_HOUR`] workbooks in the last hour.
    Limited,
    Usage,
}

/// `/export [FROM TO]`: this year so far by default.
fn period(args: &str, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [] => Some((NaiveDate::from_ymd_opt(today.year(), 1, 1)?, today)),
        [from, to] => {
            let from = NaiveDate::parse_from_str(from, "%Y-%m-%d").ok()?;
            let to = NaiveDate::parse_from_str(to, "%Y-%m-%d").ok()?;
            (from <= to).then_some((from, to))
        }
        _ => None,
    }
}

/// Runs the report outside any write transaction. Only members of a linked office's group, writing
/// as themselves, get their own office's figures.
pub async fn prepare(ctx: &Ctx, m: &GroupMessage, command: &StaffCommand) -> anyhow::Result<Prepared> {
    if let Some(refusal) = m.sender.refusal() {
        return Ok(Prepared::Refused(refusal));
    }
    if m.edited {
        return Ok(Prepared::Usage);
    }
    let office = {
        let mut conn = ctx.db.acquire().await?;
        store::office_of_chat(&mut conn, m.chat_id).await?
    };
    let Some(office) = office.and_then(|o| OfficeId::parse(&o.office_id).ok()) else {
        return Ok(Prepared::Refused(Refusal::Unlinked));
    };
    let args = match command {
        StaffCommand::Export(args) => args,
        _ => {
            let mut conn = ctx.db.acquire().await?;
            return Ok(Prepared::Card(crate::ledger::card(&mut conn.conn(), ctx, &office).await?));
        }
    };
    let Some((from, to)) = period(args, ctx.clock.today()) else { return Ok(Prepared::Usage) };
    let since = stamp(ctx.clock.now() - chrono::Duration::hours(1));
    let recent = {
        let mut conn = ctx.db.acquire().await?;
        store::exports_since(&mut conn, office.as_str(), &since).await?
    };
    if !export_allowed(recent) {
        tracing::info!(chat = m.chat_id, office = office.as_str(), recent, "ledger export refused: hourly limit");
        return Ok(Prepared::Limited);
    }
    let path = crate::ledger::export_for_office(ctx, &office, from, to).await?;
    tracing::info!(chat = m.chat_id, office = office.as_str(), %from, %to, "ledger exported to the office group");
    Ok(Prepared::Workbook { office, path, from, to })
}

/// Queues the prepared answer, in the update's transaction.
pub async fn answer(conn: &mut Conn<'_>, ctx: &Ctx, m: &GroupMessage, prepared: Prepared) -> anyhow::Result<()> {
    let vault = &ctx.vault;
    let here = m.here();
    match prepared {
        Prepared::Card(text) => say(&mut *conn, vault, here, text).await,
        Prepared::Usage if m.edited => say(&mut *conn, vault, here, tr("staff-refused-edited")).await,
        Prepared::Usage => say(&mut *conn, vault, here, tr("staff-export-usage")).await,
        Prepared::Refused(refusal) => refuse(&mut *conn, vault, here, refusal, "report").await,
        Prepared::Limited => {
            let limit = EXPORTS_PER_HOUR.to_string();
            say(&mut *conn, vault, here, tr_args("export-limited", &[("limit", limit.into())])).await
        }
        Prepared::Workbook { office, path, from, to } => {
            let caption =
                tr_args("staff-export-caption", &[("from", from.to_string().into()), ("to", to.to_string().into())]);
            let caption = crate::outgoing::truncated(&caption, MAX_CAPTION_CHARS);
            let row =
                Outgoing::Document { chat_id: m.chat_id, path: path.display().to_string(), caption: Some(caption) };
            store::record_export(&mut *conn, office.as_str(), &stamp(ctx.clock.now())).await?;
            super::post::queue(&mut *conn, vault, m.chat_id, &row).await?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::period;
    use chrono::NaiveDate;

    #[test]
    fn the_export_period_defaults_to_this_year() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(period("", today), Some((NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(), today)));
        let from = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        let to = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
        assert_eq!(period("2026-03-01 2026-06-30", today), Some((from, to)));
        assert_eq!(period("2026-06-30 2026-03-01", today), None);
        assert_eq!(period("last year", today), None);
    }
}
