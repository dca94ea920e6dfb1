//! Rendering case messages in their reader's language: office ids become office names, county codes
//! county names, dates and money are written out. Offices work in Chinese.

use chrono::NaiveDate;

use crate::case::{Arg, Args, Notification, Recipient};
use crate::channel::{Channel, worded};
use crate::deployment::{Deployment, OfficeId};
use crate::domain::money::WageAmount;
use crate::i18n::{self, Lang};

/// Offices work in Chinese.
pub const OFFICE_LANG: Lang = Lang::ZhHans;

/// Renders a message id with case arguments in `lang`.
pub fn render(d: &Deployment, lang: Lang, id: &str, args: &Args) -> String {
    let rendered: Vec<(String, i18n::Arg)> =
        args.iter().map(|(k, v)| (k.clone(), render_arg(d, lang, v, args))).collect();
    let borrowed: Vec<(&str, i18n::Arg)> = rendered.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    i18n::tr_args(lang, id, &borrowed)
}

fn render_arg(d: &Deployment, lang: Lang, arg: &Arg, all: &Args) -> i18n::Arg {
    let text = match arg {
        Arg::Text(s) => s.clone(),
        Arg::Office(id) => office_name(d, lang, id),
        Arg::County(code) => d.county(code).map_or_else(
            || code.clone(),
            |c| match lang {
                Lang::ZhHans => c.name_zh.clone(),
                Lang::En => c.name_en.clone(),
            },
        ),
        Arg::Date(day) => date_text(lang, *day),
        Arg::Fen(fen) => yuan(*fen),
        Arg::Count(n) => return i18n::Arg::Int(i64::try_from(*n).unwrap_or(i64::MAX)),
        // A nested message (an outcome's name) renders with the same arguments, but never nests again.
        Arg::Message(id) => render(d, lang, id, &flat(all)),
        Arg::Messages(ids) => {
            let flat = flat(all);
            ids.iter().map(|id| render(d, lang, id, &flat)).collect::<Vec<_>>().join(list_separator(lang))
        }
    };
    i18n::Arg::Text(text)
}

/// The arguments without nested messages, for rendering a nested one.
fn flat(all: &Args) -> Args {
    all.iter()
        .filter(|(_, v)| !matches!(v, Arg::Message(_) | Arg::Messages(_)))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// How a list of names is written: 自伤、堵路 / self-harm, blocking roads.
fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhHans => "、",
        Lang::En => ", ",
    }
}

pub fn office_name(d: &Deployment, lang: Lang, id: &OfficeId) -> String {
    d.office(id).map_or_else(
        || id.as_str().to_owned(),
        |o| match lang {
            Lang::ZhHans => o.name_zh.clone(),
            Lang::En => o.name_en.clone(),
        },
    )
}

pub fn date_text(lang: Lang, day: NaiveDate) -> String {
    match lang {
        Lang::ZhHans => day.format("%Y年%-m月%-d日").to_string(),
        Lang::En => day.format("%-d %b %Y").to_string(),
    }
}

/// The text a recipient reads. Offices and supervisors see the case number first.
pub fn text_for(d: &Deployment, case_number: &str, worker_lang: Lang, n: &Notification) -> String {
    match &n.to {
        Recipient::Worker | Recipient::OtherWorkers => render(d, worker_lang, &n.message_id, &n.args),
        Recipient::Office(_) | Recipient::Supervisor(_) => {
            let body = render(d, OFFICE_LANG, &n.message_id, &n.args);
            i18n::tr_args(OFFICE_LANG, "notify-office-frame", &[("case", case_number.into()), ("body", body.into())])
        }
    }
}

/// [`text_for`] for a case whose worker is at `worker_chat`: a worker on the web reads the web
/// wording of the message and of the messages inside it (an outcome that says "send /new").
pub fn text_for_chat(
    d: &Deployment,
    case_number: &str,
    worker_lang: Lang,
    worker_chat: i64,
    n: &Notification,
) -> String {
    let channel = Channel::of_chat(worker_chat);
    let to_worker = matches!(n.to, Recipient::Worker | Recipient::OtherWorkers);
    if !to_worker || channel != Channel::Web {
        return text_for(d, case_number, worker_lang, n);
    }
    let word = |id: &String| worded(id, channel).into_owned();
    let args: Args = n
        .args
        .iter()
        .map(|(k, v)| {
            let v = match v {
                Arg::Message(id) => Arg::Message(word(id)),
                Arg::Messages(ids) => Arg::Messages(ids.iter().map(word).collect()),
                other => other.clone(),
            };
            (k.clone(), v)
        })
        .collect();
    render(d, worker_lang, &worded(&n.message_id, channel), &args)
}

/// An amount as workers and clerks read it: `¥45,000`.
pub fn yuan(fen: i64) -> String {
    format!("¥{}", WageAmount::from_fen(fen).yuan_text())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Message;
    use crate::deployment::testing::{id, sample};

    #[test]
    fn a_count_reaches_fluent_as_a_number_so_english_says_one_worker() {
        let d = sample();
        let alert = |workers: u64| {
            let m = Message::new("alert-key-case")
                .arg("amount", Arg::Fen(60_000_000))
                .arg("workers", Arg::Count(workers))
                .office("office", &id("hz-xihu-ldjc"));
            render(&d, Lang::En, &m.id, &m.args)
        };
        assert!(alert(1).contains("owed to 1 worker ("), "{}", alert(1));
        assert!(alert(2).contains("owed to 2 workers ("), "{}", alert(2));
    }

    #[test]
    fn a_web_worker_reads_an_outcome_worded_for_the_web_and_offices_and_telegram_as_before() {
        let d = sample();
        let m = Message::new("notify-worker-resolved")
            .arg("outcome", Arg::Message("outcome-unfounded".into()))
            .text("reason", "查无实据")
            .office("office", &id("hz-xihu-ldjc"));
        let to = |to: Recipient| Notification { to, message_id: m.id.clone(), args: m.args.clone() };
        let web = crate::channel::web_chat(7);
        for lang in Lang::ALL {
            let on_web = text_for_chat(&d, "QX-1", lang, web, &to(Recipient::Worker));
            assert!(!on_web.contains("/new") && on_web.contains("12333"), "{on_web}");
            let on_telegram = text_for_chat(&d, "QX-1", lang, 42, &to(Recipient::Worker));
            assert!(on_telegram.contains("/new"), "{on_telegram}");
        }
    }
}
