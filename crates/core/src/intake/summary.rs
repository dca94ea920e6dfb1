//! The summary the worker checks before submitting, with a button to change each answer.

use super::Keyboard;
use super::turn::Turn;
use super::turn::{region_name, rows};
use crate::i18n::{Arg, Lang};

pub(super) fn render(t: &Turn<'_>) -> (String, Keyboard) {
    let d = &t.d.draft;
    let dash = || "—".to_owned();
    let site = {
        let mut parts = Vec::new();
        if let Some(county) = d.county_code.as_deref().and_then(|c| t.env.deployment.county(c)) {
            parts.push(region_name(t.lang(), &county.name_zh, &county.name_en));
            if let Some(tw) = d.township_code.as_deref().and_then(|c| county.townships.iter().find(|tw| tw.code == c)) {
                parts.push(region_name(t.lang(), &tw.name_zh, &tw.name_en));
            }
        }
        parts.extend(d.site.clone());
        parts.join(" · ")
    };
    // The currency is marked once, by the amount itself: "¥45,000", "约 ¥45,000".
    let amount = d.amount_fen.map_or_else(dash, |fen| {
        let yuan = crate::render::yuan(fen);
        if d.amount_approx { t.t_args("summary-approx", &[("value", Arg::from(yuan))]) } else { yuan }
    });
    let period = d.period.as_ref().map_or_else(dash, |p| match t.lang() {
        Lang::ZhHans => p.display_zh(),
        Lang::En => p.display_en(),
    });
    let workers = d.workers.map_or_else(dash, |n| {
        let n = n.to_string();
        if d.workers_approx { t.t_args("summary-approx", &[("value", Arg::from(n))]) } else { n }
    });
    let id = match (&d.id_consent, &d.id_number) {
        (_, Some(id)) => id.masked.clone(),
        _ => t.t("summary-id-not-given"),
    };
    let text = t.t_args(
        "summary",
        &[
            ("site", Arg::from(site)),
            ("sector", Arg::from(d.sector.map_or_else(dash, |s| t.t(s.message_id())))),
            ("employer_kind", Arg::from(d.employer_kind.map_or_else(dash, |k| t.t(k.message_id())))),
            ("employer", Arg::from(d.employer.clone().unwrap_or_else(dash))),
            ("claim", Arg::from(d.claim_kind.map_or_else(dash, |k| t.t(k.message_id())))),
            ("litigation", Arg::from(d.litigation.map_or_else(dash, |k| t.t(k.message_id())))),
            ("amount", Arg::from(amount)),
            ("period", Arg::from(period)),
            ("workers", Arg::from(workers)),
            ("name", Arg::from(d.name.clone().unwrap_or_else(dash))),
            ("phone", Arg::from(d.phone.as_ref().map_or_else(dash, |p| p.masked.clone()))),
            ("id", Arg::from(id)),
            ("evidence", Arg::from(d.evidence.len())),
            ("description", Arg::from(d.description.clone().unwrap_or_else(dash))),
            ("urgent", Arg::from(if d.urgent { t.t("summary-urgent-yes") } else { String::new() })),
        ],
    );
    // One button per answer; each field's label is the message `edit-<field>`.
    const FIELDS: [&str; 13] = [
        "site",
        "sector",
        "employer",
        "claim",
        "litigation",
        "amount",
        "period",
        "workers",
        "name",
        "phone",
        "id",
        "evidence",
        "description",
    ];
    // A crew member changes only their own answers; the case's facts are the crew's.
    const CREW_FIELDS: [&str; 6] = ["amount", "name", "phone", "id", "evidence", "description"];
    let fields: &[&str] = if d.crew.is_some() { &CREW_FIELDS } else { &FIELDS };
    let edits = fields.iter().map(|f| t.button(t.t(&format!("edit-{f}")), &format!("edit:{f}"))).collect();
    let mut rows = rows(edits, 3);
    let urgent_label = if d.urgent { "button-urgent-off" } else { "button-urgent-on" };
    rows.push(vec![t.button(t.t(urgent_label), "summary:urgent")]);
    rows.push(vec![t.button(t.t("button-summary-ok"), "summary:ok")]);
    (text, Keyboard::Inline(rows))
}
