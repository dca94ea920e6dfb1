//! The digest's message: the period, a line per office that had anything, the totals and the open
//! key cases, in Chinese (offices work in Chinese).

use super::data::DigestData;
use super::{Kind, figure};
use crate::case::Status;
use crate::deployment::Deployment;
use crate::i18n::{self, Arg, Lang};
use crate::ledger::yuan;
use crate::notify::{date_text, office_name};
use crate::outgoing::MAX_MESSAGE_CHARS;

const LANG: Lang = Lang::ZhHans;
/// Key cases listed by name; the rest are counted.
const KEY_CASES_LISTED: usize = 10;

pub fn render(d: &Deployment, data: &DigestData) -> String {
    let p = data.period;
    let title = match data.kind {
        Kind::Daily => "digest-title-daily",
        Kind::Weekly => "digest-title-weekly",
        Kind::Monthly => "digest-title-monthly",
    };
    let mut lines = vec![i18n::tr_args(
        LANG,
        title,
        &[("from", date_text(LANG, p.from).into()), ("to", date_text(LANG, p.to).into())],
    )];
    // Counts go in as text with their thousands separators (Fluent prints numbers bare); the
    // digest is Chinese only, so no plural needs them as numbers.
    let counts = |new: i64, accepted: i64, closed: i64, open: i64, overdue: i64| -> Vec<(&'static str, Arg)> {
        vec![
            ("new", figure(new).into()),
            ("accepted", figure(accepted).into()),
            ("closed", figure(closed).into()),
            ("open", figure(open).into()),
            ("overdue", figure(overdue).into()),
        ]
    };
    let active: Vec<_> = data.offices.iter().filter(|o| !o.is_quiet()).collect();
    if active.is_empty() {
        lines.push(i18n::tr(LANG, "digest-no-cases"));
        return lines.join("\n");
    }
    let mut total = [0i64; 5];
    for o in &active {
        let mut args = counts(o.new, o.accepted, o.finished, o.open, o.overdue);
        args.push(("office", office_name(d, LANG, &o.office).into()));
        args.push(("workers", figure(o.open_workers).into()));
        args.push(("owed", yuan(o.open_owed_fen).into()));
        lines.push(i18n::tr_args(LANG, "digest-office-line", &args));
        for (t, v) in total.iter_mut().zip([o.new, o.accepted, o.finished, o.open, o.overdue]) {
            *t += v;
        }
    }
    lines.push(i18n::tr_args(LANG, "digest-totals", &counts(total[0], total[1], total[2], total[3], total[4])));
    lines.push(String::new());
    if data.key_cases.is_empty() {
        lines.push(i18n::tr(LANG, "digest-no-key-cases"));
    } else {
        lines.push(i18n::tr(LANG, "digest-key-cases"));
        for k in data.key_cases.iter().take(KEY_CASES_LISTED) {
            let status =
                Status::from_code(&k.status).map_or_else(|| k.status.clone(), |s| i18n::tr(LANG, s.message_id()));
            let args: Vec<(&str, Arg)> = vec![
                ("case", k.case_number.as_str().into()),
                ("office", office_name(d, LANG, &k.office).into()),
                ("amount", yuan(k.claimed_fen).into()),
                ("workers", figure(k.workers).into()),
                ("status", status.into()),
                ("days", k.overdue_days.into()),
            ];
            let id = if k.overdue_days > 0 { "digest-key-case-overdue" } else { "digest-key-case" };
            lines.push(i18n::tr_args(LANG, id, &args));
        }
        let more = data.key_cases.len().saturating_sub(KEY_CASES_LISTED);
        if more > 0 {
            lines.push(i18n::tr_args(
                LANG,
                "digest-key-cases-more",
                &[("count", figure(i64::try_from(more).unwrap_or(i64::MAX)).into())],
            ));
        }
    }
    if !data.waiting_alerts.is_empty() {
        lines.push(String::new());
        lines.push(i18n::tr(LANG, "digest-waiting-alerts"));
        for a in data.waiting_alerts.iter().take(KEY_CASES_LISTED) {
            let raised = chrono::DateTime::parse_from_rfc3339(&a.raised_at).map_or_else(
                |_| a.raised_at.clone(),
                |t| t.with_timezone(&chrono_tz::Asia::Shanghai).format("%m-%d %H:%M").to_string(),
            );
            let args: Vec<(&str, Arg)> = vec![
                ("case", a.case_number.as_str().into()),
                ("office", office_name(d, LANG, &a.office).into()),
                ("raised", raised.into()),
                ("repeats", figure(i64::from(a.repeats)).into()),
            ];
            lines.push(i18n::tr_args(LANG, "digest-waiting-alert", &args));
        }
    }
    if !data.due_orders.is_empty() {
        lines.push(String::new());
        lines.push(i18n::tr(LANG, "digest-due-orders"));
        for o in data.due_orders.iter().take(KEY_CASES_LISTED) {
            let args: Vec<(&str, Arg)> = vec![
                ("case", o.case_number.as_str().into()),
                ("office", office_name(d, LANG, &o.office).into()),
                ("amount", yuan(o.amount_fen).into()),
                ("due", date_text(LANG, o.due).into()),
            ];
            let id = if o.due < data.today { "digest-due-order-past" } else { "digest-due-order" };
            lines.push(i18n::tr_args(LANG, id, &args));
        }
    }
    let text = lines.join("\n");
    // Many offices could outgrow one message; the chart and the ledger export have the rest.
    crate::outgoing::truncated(&text, MAX_MESSAGE_CHARS)
}
