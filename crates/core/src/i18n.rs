//! Every user-visible string comes from `locales/<lang>/*.ftl`; this module looks them up.
//!
//! The worker's language is the one they picked in the dialogue and we stored, never Telegram's
//! `language_code` (a phone set to English may belong to a worker who reads Chinese best).

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::{Deserialize, Serialize};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "zh-Hans",
        // Bidi isolation marks would end up inside Telegram messages and button data.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// A language the bot speaks. Stored by `code()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    #[serde(rename = "zh-Hans")]
    ZhHans,
    #[serde(rename = "en")]
    En,
}

static ZH_HANS: LanguageIdentifier = langid!("zh-Hans");
static EN: LanguageIdentifier = langid!("en");

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhHans, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh-Hans",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The two-letter code Telegram uses for `language_code` (setMyCommands).
    pub fn telegram_code(self) -> &'static str {
        match self {
            Lang::ZhHans => "zh",
            Lang::En => "en",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::ZhHans => &ZH_HANS,
            Lang::En => &EN,
        }
    }
}

/// An argument to a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Int(i64),
    Text(String),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Int(n)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Int(i64::from(n))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

/// Looks up a message without arguments.
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// A message in every language, one per line: for people who have not picked a language yet.
pub fn tr_every_language(id: &str) -> String {
    Lang::ALL.iter().map(|l| tr(*l, id)).collect::<Vec<_>>().join("\n")
}

/// Looks up a message with arguments. A missing id is a bug the locale test catches; at run time the
/// worker sees the id rather than a crash, and the log says which.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let map: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| {
            let value = match v {
                Arg::Int(n) => FluentValue::from(*n),
                Arg::Text(s) => FluentValue::from(s.clone()),
            };
            (Cow::Owned((*k).to_owned()), value)
        })
        .collect();
    match LOCALES.try_lookup_complete(lang.id(), id, Some(&map)) {
        Some(text) => text,
        None => {
            tracing::error!(message_id = id, lang = lang.code(), "missing locale message");
            id.to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_defines_the_same_message_ids() {
        let ids = |lang: &str| -> std::collections::BTreeSet<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales").join(lang);
            let mut ids = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(&dir).expect("locale dir") {
                let path = entry.expect("entry").path();
                if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).expect("ftl readable");
                if let Err((_, errors)) = fluent_templates::fluent_bundle::FluentResource::try_new(text.clone()) {
                    panic!("{} does not parse: {errors:?}", path.display());
                }
                for line in text.lines() {
                    let Some((name, _)) = line.split_once('=') else { continue };
                    let name = name.trim_end();
                    let first = name.chars().next();
                    if first.is_some_and(|c| c.is_ascii_alphabetic())
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        ids.insert(name.to_owned());
                    }
                }
            }
            ids
        };
        let zh = ids("zh-Hans");
        let en = ids("en");
        assert!(zh.len() > 50, "zh-Hans defines only {} messages", zh.len());
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(only_zh.is_empty() && only_en.is_empty(), "only zh-Hans: {only_zh:?}; only en: {only_en:?}");
        // Every message must render; a message whose variables are missing would not, so pass them all.
        let mut variables = std::collections::BTreeSet::new();
        for lang in ["zh-Hans", "en"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales").join(lang);
            for entry in std::fs::read_dir(&dir).expect("locale dir") {
                let text = std::fs::read_to_string(entry.expect("entry").path()).expect("readable");
                for part in text.split('$').skip(1) {
                    let name: String = part.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                    variables.insert(name);
                }
            }
        }
        let args: Vec<(&str, Arg)> = variables.iter().map(|v| (v.as_str(), Arg::Int(2))).collect();
        for id in &zh {
            for lang in Lang::ALL {
                assert_ne!(tr_args(lang, id, &args), *id, "{id} does not render in {}", lang.code());
            }
        }
    }

    /// Message families read only by office staff, supervisors and operators; every other message is
    /// read by workers (a new family is a worker's until it is named here).
    const NOT_FOR_WORKERS: [&str; 22] = [
        "staff-",
        "notify-office-",
        "notify-supervisor-",
        "case-error-",
        "case-timeline-",
        "timeline-",
        "routing-",
        "regulator-",
        "clock-",
        "alert-key-case",
        "alert-emergency-keywords",
        "alert-emergency-urgent",
        "alert-retaliation",
        "alert-absconded-employer",
        "ledger-",
        "digest-",
        "demo-",
        "cli-",
        "signboard-error-",
        "delivery-reason-",
        "followup-reason-",
        "open311-",
    ];

    fn for_workers(id: &str) -> bool {
        !NOT_FOR_WORKERS.iter().any(|family| id.starts_with(family))
    }

    /// Every message of the zh-Hans files with its file: `id = value` and its indented lines.
    fn zh_messages() -> Vec<(String, String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales/zh-Hans");
        let mut messages = Vec::new();
        let mut paths: Vec<_> =
            std::fs::read_dir(&dir).expect("locale dir").map(|e| e.expect("entry").path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.extension().is_some_and(|e| e == "ftl")) {
            let file = path.file_name().expect("a file").to_string_lossy().into_owned();
            let mut current: Option<(String, String)> = None;
            for line in std::fs::read_to_string(&path).expect("readable").lines() {
                if line.starts_with(' ') {
                    if let Some((_, text)) = current.as_mut() {
                        text.push('\n');
                        text.push_str(line);
                    }
                    continue;
                }
                messages.extend(current.take().map(|(id, text)| (file.clone(), id, text)));
                if let Some((id, text)) = line.split_once('=')
                    && id.trim_end().chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !line.starts_with('#')
                {
                    current = Some((id.trim_end().to_owned(), text.to_owned()));
                }
            }
            messages.extend(current.take().map(|(id, text)| (file.clone(), id, text)));
        }
        messages
    }

    /// Workers are addressed with 你, never 您. 你 is how workers talk to each other and how services
    /// built for them speak (the 12333 app, WeChat mini programs for migrant workers); it reads plain,
    /// not cold. Above all one exchange must keep one voice: a bot that says 你 while asking the
    /// questions and 您 when the office writes sounds like two speakers, and the worker wonders which
    /// one is the government. Staff messages may keep 您; this test reads only what workers read.
    #[test]
    fn every_message_a_worker_reads_says_ni_not_nin() {
        let messages = zh_messages();
        assert!(messages.len() > 300, "read only {} zh-Hans messages", messages.len());
        let worker_read = messages.iter().filter(|(_, id, _)| for_workers(id)).count();
        assert!(worker_read > 150, "only {worker_read} messages counted as the workers'");
        assert!(messages.iter().any(|(_, id, _)| id == "notify-worker-accepted" && for_workers(id)));
        assert!(messages.iter().any(|(_, id, _)| id == "alert-emergency-worker-hotlines" && for_workers(id)));
        assert!(!for_workers("notify-office-township-mediation") && !for_workers("case-error-actor-not-allowed"));
        let nin: Vec<String> = messages
            .iter()
            .filter(|(_, id, text)| for_workers(id) && text.contains('您'))
            .map(|(file, id, _)| format!("{id} ({file})"))
            .collect();
        assert!(nin.is_empty(), "workers are addressed with 你, but these say 您: {nin:?}");
    }

    #[test]
    fn arguments_are_substituted_without_isolation_marks() {
        let text = tr_args(Lang::En, "ask-amount-confirm", &[("amount", Arg::from("45,000"))]);
        assert!(text.contains("45,000"), "{text}");
        assert!(!text.contains('\u{2068}'));
    }

    #[test]
    fn an_english_count_of_one_takes_the_singular() {
        let done = |n: i64| tr_args(Lang::En, "button-evidence-done", &[("count", Arg::Int(n))]);
        assert_eq!(done(1), "Done (1 item)");
        assert_eq!(done(2), "Done (2 items)");
        assert_eq!(done(0), "Done (0 items)");
        let card = |n: i64| tr_args(Lang::En, "staff-card-evidence", &[("count", Arg::from(n))]);
        assert_eq!((card(1), card(2)), ("Evidence: 1 item".to_string(), "Evidence: 2 items".to_string()));
        // A count passed as text would always take the `other` form: counts must stay numbers.
        let as_text = tr_args(Lang::En, "button-evidence-done", &[("count", Arg::from("1"))]);
        assert_eq!(as_text, "Done (1 items)");
    }

    #[test]
    fn a_count_inside_a_longer_english_message_takes_the_singular_too() {
        let summary = |n: usize| {
            let names = ["site", "sector", "employer_kind", "employer", "claim", "litigation", "amount", "period"];
            let more = ["workers", "name", "phone", "id", "description", "urgent"];
            let mut args: Vec<(&str, Arg)> = names.iter().chain(&more).map(|k| (*k, Arg::from("-"))).collect();
            args.push(("evidence", Arg::from(n)));
            tr_args(Lang::En, "summary", &args)
        };
        assert!(summary(1).contains("Evidence: 1 item\n"), "{}", summary(1));
        assert!(summary(3).contains("Evidence: 3 items\n"), "{}", summary(3));
    }

    #[test]
    fn no_english_message_prints_a_count_before_a_fixed_plural_noun() {
        const NOUNS: [&str; 9] =
            ["items", "workers", "worker(s)", "days", "working days", "cases", "open cases", "claimants", "complaints"];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales/en");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("locale dir") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("readable");
            // Variant lines (`[one] …`, `*[other] …`) are the plural forms themselves.
            for line in text.lines().filter(|l| !l.trim_start().starts_with(['[', '*', '#'])) {
                for (at, _) in line.match_indices(" } ") {
                    let before = &line[..at];
                    let Some(open) = before.rfind("{ $") else { continue };
                    let variable = &before[open + 3..];
                    let after = &line[at + 3..];
                    let noun = NOUNS.iter().find(|n| {
                        after.starts_with(**n) && !after[n.len()..].starts_with(|c: char| c.is_alphanumeric())
                    });
                    if let Some(noun) = noun.filter(|_| variable.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                    {
                        found.push(format!("{}: {{ ${variable} }} {noun}", path.display()));
                    }
                }
            }
        }
        assert!(found.is_empty(), "use a select expression ([one] / *[other]) for:\n{}", found.join("\n"));
    }
}
