//! What a digest reports for the offices a supervisor oversees (the definitions are in
//! `wagedesk_core::ledger::digest`), gathered through `storage::ledger::digest`.

use chrono::NaiveDate;
use wagedesk_core::ledger::digest::sort_key_cases;
pub use wagedesk_core::ledger::digest::{
    DigestData, DueOrder, KeyCase, ORDER_SOON_DAYS, OfficeLine, TREND_DAYS, Trend, WaitingAlert, supervised,
};

use super::Kind;
use crate::deployment::{Deployment, OfficeId};
use crate::ledger::Period;
use crate::storage::conn::Conn;
use crate::storage::ledger::digest::{self as store, Daily};

/// Reads the digest's figures from either database.
pub async fn gather<'c>(
    conn: impl Into<Conn<'c>>,
    d: &Deployment,
    supervisor: &OfficeId,
    kind: Kind,
    period: Period,
    today: NaiveDate,
) -> Result<DigestData, sqlx::Error> {
    let mut conn = conn.into();
    let start = Trend::start(period);
    let mut trend = Trend::over(period);
    let mut open_before = 0;
    let (mut offices, mut key_cases) = (Vec::new(), Vec::new());
    let (mut waiting_alerts, mut due_orders) = (Vec::new(), Vec::new());
    let soon = today.checked_add_days(chrono::Days::new(ORDER_SOON_DAYS)).unwrap_or(today);
    let (min_fen, min_workers) = (d.campaign.key_case_amount_fen, i64::from(d.campaign.key_case_workers));
    for office in supervised(d, supervisor) {
        let id = office.id.as_str();
        offices.push(store::office_line(conn.reborrow(), &office.id, period, today).await?);
        let open = store::open_key_cases(conn.reborrow(), id, min_fen, min_workers).await?;
        key_cases.extend(open.into_iter().map(|case| KeyCase::of(d, &office.id, case, today)));
        open_before += store::open_before(conn.reborrow(), id, start).await?;
        trend.add_new(&store::daily(conn.reborrow(), id, Daily::Submitted, start, period.to).await?);
        trend.add_finished(&store::daily(conn.reborrow(), id, Daily::Finished, start, period.to).await?);
        for (case_number, raised_at, repeats) in store::waiting_alerts(conn.reborrow(), id).await? {
            let repeats = u32::try_from(repeats).unwrap_or(0);
            waiting_alerts.push(WaitingAlert { case_number, office: office.id.clone(), raised_at, repeats });
        }
        for (case_number, due, amount_fen) in store::due_orders(conn.reborrow(), id, soon).await? {
            let Ok(due) = due.parse() else { continue };
            due_orders.push(DueOrder { case_number, office: office.id.clone(), amount_fen, due });
        }
    }
    waiting_alerts.sort_by(|a, b| a.raised_at.cmp(&b.raised_at));
    due_orders.sort_by_key(|o| o.due);
    trend.close(open_before);
    sort_key_cases(&mut key_cases);
    Ok(DigestData { kind, period, today, offices, key_cases, trend, waiting_alerts, due_orders })
}
