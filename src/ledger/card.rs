//! The `/ledger` card an office group asks for: its open and overdue cases, workers, amounts and
//! rates as of today, over every case it ever had (the lead wires the command; this renders it).

use wagedesk_store::conn::Conn;

use super::{Period, Role, percent, summary, yuan};
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n::{self, Lang};
use crate::notify::{date_text, office_name};

/// The summary card for `office`, in Chinese (offices work in Chinese).
pub async fn card(conn: &mut Conn<'_>, ctx: &Ctx, office: &OfficeId) -> anyhow::Result<String> {
    let today = ctx.clock.today();
    let period = Period::until(today);
    let own = summary(&mut *conn, office.as_str(), Role::Owner, period, today).await?;
    let co = summary(&mut *conn, office.as_str(), Role::CoHandler, period, today).await?;
    let (a, g) = (&own.all, &own.government);
    let lang = Lang::ZhHans;
    Ok(i18n::tr_args(
        lang,
        "ledger-card",
        &[
            ("office", office_name(&ctx.deployment, lang, office).into()),
            ("date", date_text(lang, today).into()),
            ("open", a.open.into()),
            ("overdue", a.overdue.into()),
            ("workers", a.open_workers.into()),
            ("claimed", yuan(a.open_claimed_fen).into()),
            ("cases", a.cases.into()),
            ("verified", yuan(a.verified_fen).into()),
            ("paid", yuan(a.paid_fen).into()),
            ("closure", percent(a.closure_rate()).into()),
            ("resolution", percent(a.resolution_rate()).into()),
            ("co_open", co.all.open.into()),
            ("transferred", own.transferred_out.into()),
            ("gov_cases", g.cases.into()),
            ("gov_open", g.open.into()),
            ("gov_claimed", yuan(g.claimed_fen).into()),
        ],
    ))
}
