//! Every example a question or a parser's error message shows ("for example 45000 or 4.5万") is read
//! from the locale files, in both languages, and must be accepted by the parser that reads the answer:
//! a worker who copies the example must not be refused.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::{CaseNumber, IdNumber, PayPeriod, PhoneNumber, WageAmount, WorkerCount, cn_number};

#[derive(Debug, Clone, Copy)]
enum Parser {
    Amount,
    /// Staff record what was paid: an exact amount, no "about".
    ExactAmount,
    Period,
    Count,
    Phone,
    IdNumber,
    CaseNumber,
    Integer,
    /// `/join <code>`: a crew code as a worker types it.
    CrewCode,
    /// An order to pay: an exact amount and a deadline.
    Order,
    /// Verified amounts: exact amounts, one per claimant.
    Verified,
    /// `/unreachable <number> <attempts>`.
    Unreachable,
    /// A penalty: an exact fine, then the decision.
    Penalty,
    /// A date or date-time of the Open311 API's `start_date` / `end_date`.
    Open311Date,
}

/// Messages whose answer a parser reads, by id or by id prefix (the parsers' own error messages).
const PARSED: [(&str, Parser); 25] = [
    ("open311-error-date", Parser::Open311Date),
    ("staff-prompt-penalty", Parser::Penalty),
    ("staff-prompt-penalty-again", Parser::Penalty),
    ("staff-unreachable-usage", Parser::Unreachable),
    ("staff-prompt-verify", Parser::Verified),
    ("staff-prompt-verify-again", Parser::Verified),
    ("staff-prompt-order", Parser::Order),
    ("staff-prompt-order-again", Parser::Order),
    ("ask-amount", Parser::Amount),
    ("ask-amount-own", Parser::Amount),
    ("crew-code-unknown", Parser::CrewCode),
    ("followup-payment-ask-amount", Parser::Amount),
    ("followup-payment-amount-invalid", Parser::Amount),
    ("staff-prompt-paid-amount", Parser::ExactAmount),
    ("staff-prompt-paid-amount-again", Parser::ExactAmount),
    ("ask-period", Parser::Period),
    ("ask-crew-size", Parser::Count),
    ("amount-error-", Parser::Amount),
    ("period-error-", Parser::Period),
    ("count-error-", Parser::Count),
    ("phone-error-", Parser::Phone),
    ("id-error-", Parser::IdNumber),
    ("case-number-error-", Parser::CaseNumber),
    ("number-error-", Parser::Integer),
    ("ask-id-number", Parser::IdNumber),
];

/// Messages with examples of free text, which no parser reads.
const FREE_TEXT: [&str; 4] =
    ["ask-site", "staff-prompt-reason-referral-again", "demo-interactive-help", "signboard-error-font-without-chinese"];

/// What introduces an example. English ones are matched ignoring case.
const MARKERS: [&str; 7] = ["比如", "例如", "这样写", "是这样的", "for example", "e.g.", "like this"];

/// What separates two examples (`45000 或 4万5`, `2025.3-2025.6, or: 3 months`).
const ALTERNATIVES: [&str; 5] = ["，或者", ", or", "或者", " or ", "或"];

/// The day examples are read on: they name months up to January 2026.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 15).expect("a real date")
}

/// Every message of one language, id → text (continuation lines joined with newlines).
fn messages(lang: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales").join(lang);
    let mut messages = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("locale dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("ftl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("ftl readable");
        let mut current: Option<String> = None;
        for line in text.lines() {
            if line.starts_with(' ') {
                if let Some(id) = &current {
                    let value: &mut String = messages.get_mut(id).expect("current message");
                    value.push('\n');
                    value.push_str(line.trim());
                }
                continue;
            }
            current = None;
            if let Some((id, value)) =
                line.split_once(" =").filter(|(id, _)| id.starts_with(|c: char| c.is_ascii_lowercase()))
            {
                messages.insert(id.to_string(), value.trim().to_string());
                current = Some(id.to_string());
            }
        }
    }
    messages
}

/// The examples a message gives, each as the worker would copy it.
fn examples(message: &str) -> Vec<String> {
    let lower = message.to_lowercase();
    let mut found = Vec::new();
    for marker in MARKERS {
        for (at, _) in lower.match_indices(marker) {
            let after = &message[at + marker.len()..];
            let end =
                ["。", "（", "(", "\n", ". "].iter().filter_map(|stop| after.find(stop)).min().unwrap_or(after.len());
            let mut sentence = after[..end].to_string();
            // "3 months at 5000 a month: type 15000": the example is what the worker is told to type.
            for says in ["type ", "写"] {
                if let Some(at) = sentence.rfind(says) {
                    sentence = sentence[at + says.len()..].to_string();
                }
            }
            for separator in ALTERNATIVES {
                sentence = sentence.replace(separator, "\u{1}");
            }
            let quotes_and_marks: &[char] = &[' ', ':', '：', ',', '，', '.', '“', '”', '"', '\''];
            found.extend(
                sentence
                    .split('\u{1}')
                    .map(|example| example.trim_matches(quotes_and_marks).to_string())
                    .filter(|example| !example.is_empty()),
            );
        }
    }
    found
}

fn parser_for(id: &str) -> Option<Parser> {
    PARSED.iter().find(|(key, _)| if key.ends_with('-') { id.starts_with(key) } else { id == *key }).map(|(_, p)| *p)
}

fn accepts(parser: Parser, example: &str) -> Result<(), String> {
    let refused = |e: &dyn std::fmt::Display| Err(format!("refused: {e}"));
    match parser {
        Parser::Amount => WageAmount::parse(example).map(drop).or_else(|e| refused(&e)),
        Parser::ExactAmount => match WageAmount::parse(example) {
            Ok(amount) if amount.is_approximate() => Err("read as approximate".to_string()),
            Ok(_) => Ok(()),
            Err(e) => refused(&e),
        },
        Parser::Period => PayPeriod::parse(example, today()).map(drop).or_else(|e| refused(&e)),
        Parser::Count => WorkerCount::parse(example).map(drop).or_else(|e| refused(&e)),
        Parser::Phone => PhoneNumber::parse(example).map(drop).or_else(|e| refused(&e)),
        Parser::IdNumber => IdNumber::parse(example).map(drop).or_else(|e| refused(&e)),
        Parser::CaseNumber => CaseNumber::parse(example).map(drop).or_else(|e| refused(&e)),
        Parser::Integer => cn_number::parse_integer(example).map(drop).or_else(|e| refused(&e)),
        Parser::Penalty => {
            let pending = crate::office::actions::Pending::Penalty;
            match crate::office::actions::on_answer(&pending, example, chrono::NaiveDate::MIN) {
                crate::office::actions::Answer::Apply(_) => Ok(()),
                _ => Err(format!("{example:?} is not a fine and a decision")),
            }
        }
        Parser::Unreachable => match example
            .strip_prefix("/unreachable")
            .map(|rest| crate::office::group_commands::unreachable_target(rest.trim_end_matches(['。', '.']), true))
        {
            Some(Some(_)) => Ok(()),
            _ => Err(format!("{example:?} is not /unreachable with a number and the attempts")),
        },
        Parser::Verified => {
            let n = example.split_whitespace().count();
            match crate::office::actions::verified_from(example, n) {
                Some(_) => Ok(()),
                None => Err(format!("{example:?} is not exact amounts")),
            }
        }
        Parser::Order => match crate::office::actions::order_from(example, chrono::NaiveDate::MIN) {
            Some(_) => Ok(()),
            None => Err(format!("{example:?} is not an amount and a deadline")),
        },
        Parser::Open311Date => {
            let query = [("start_date".to_owned(), example.to_owned())];
            match crate::open311::parse_query(&query, chrono::DateTime::UNIX_EPOCH) {
                Ok(_) => Ok(()),
                Err(_) => Err(format!("{example:?} is not a W3C date or date-time")),
            }
        }
        Parser::CrewCode => match example.strip_prefix("/join").and_then(crate::crew::normalize_code) {
            Some(_) => Ok(()),
            None => Err(format!("{example:?} is not /join with a crew code")),
        },
    }
}

#[test]
fn the_extractor_finds_the_examples_as_written() {
    assert_eq!(examples("请写一个总数，比如 45000 或 4万5。（一伙人）"), ["45000", "4万5"]);
    assert_eq!(examples("For example: Oct 2025 to Jan 2026, or 3 months."), ["Oct 2025 to Jan 2026", "3 months"]);
    assert_eq!(examples("for example 35000. If unsure, for example \"about 30000\"."), ["35000", "about 30000"]);
    assert_eq!(examples("比如欠了 3 个月、每月 5000，就写 15000。"), ["15000"]);
    assert_eq!(examples("Type them like this: 2025.3-2025.6, or: 3 months."), ["2025.3-2025.6", "3 months"]);
    assert_eq!(examples("e.g. 30000 (case { $case })."), ["30000"]);
    assert!(examples("Please write your real name.").is_empty());
}

#[test]
fn every_example_a_prompt_gives_is_accepted_in_both_languages() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for lang in ["zh-Hans", "en"] {
        for (id, text) in messages(lang) {
            let found = examples(&text);
            if found.is_empty() {
                continue;
            }
            let Some(parser) = parser_for(&id) else {
                assert!(FREE_TEXT.contains(&id.as_str()), "{lang} {id} gives examples but no parser is named for it");
                continue;
            };
            for example in found {
                checked += 1;
                if let Err(why) = accepts(parser, &example) {
                    failures.push(format!("{lang} {id}: {example:?} {why}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "examples the parsers refuse:\n{}", failures.join("\n"));
    // The amount, period and crew-size questions alone give nine examples between the two languages.
    assert!(checked >= 9, "only {checked} examples found; is the extractor still finding them?");
}

#[test]
fn the_main_questions_give_examples_in_both_languages() {
    for lang in ["zh-Hans", "en"] {
        let messages = messages(lang);
        for id in ["ask-amount", "ask-period", "ask-crew-size", "amount-error-negative", "period-error-unparseable"] {
            let text = messages.get(id).unwrap_or_else(|| panic!("{lang} has no {id}"));
            assert!(!examples(text).is_empty(), "{lang} {id} gives no example: {text}");
        }
    }
}
