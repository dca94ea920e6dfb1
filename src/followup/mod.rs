//! Closing the loop (不解决不销账): a case resolved as paid is not closed until the worker says the money
//! arrived. The scheduler's scan ([`scan`]) asks "did you receive ¥X?" (received / partly / not
//! received), reminds once, and then tells the office the payment is unconfirmed; after closure it asks
//! whether the worker is satisfied (不满意 goes to the supervisor); on the follow-up day (回头看) it asks
//! whether they were paid and still are. Answers ([`on_button`], [`on_text`]) confirm, record or reopen
//! the case through [`crate::case_ops`], in the transaction of the worker's update.
//!
//! Buttons carry `c:<token>:<choice>`: an opaque token of the stored question, never a case id, and
//! every press is checked against the database (the question still open, the case still where the
//! question left it); anything else gets a polite "this question is closed".

mod answer;
mod ask;

pub use answer::{on_button, on_text};
pub use ask::scan;

use chrono::Duration;

/// Tunables of the payment question.
#[derive(Debug, Clone)]
pub struct FollowupOptions {
    /// Without an answer this long after the question, the worker is reminded once.
    pub remind_after: Duration,
    /// Without an answer this long after the reminder, the office sees the payment as unconfirmed.
    pub unconfirmed_after: Duration,
}

impl Default for FollowupOptions {
    fn default() -> Self {
        FollowupOptions { remind_after: Duration::days(3), unconfirmed_after: Duration::days(4) }
    }
}

/// Worker-side case buttons in the private chat start with this (the intake's are `<digits>:…`, staff
/// buttons `s:`, the relay's case choice `r:`).
pub const PREFIX: &str = "c:";

pub fn is_case_button(data: &str) -> bool {
    data.starts_with(PREFIX)
}

/// A span as written in flags: `3d`, `12h`, `90m`.
pub fn parse_span(text: &str) -> Result<Duration, String> {
    let bad = || format!("`{text}` is not a span like 3d, 12h or 90m");
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
    let n: i64 = text[..split].parse().map_err(|_| bad())?;
    match &text[split..] {
        "d" => Ok(Duration::days(n)),
        "h" => Ok(Duration::hours(n)),
        "m" => Ok(Duration::minutes(n)),
        _ => Err(bad()),
    }
}

/// What the worker chose; one letter in the button data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Received,
    Partly,
    NotReceived,
    Satisfied,
    Mostly,
    Dissatisfied,
    /// No words to add after rating.
    Skip,
    StillPaid,
    NotPaid,
}

const CHOICES: [(Choice, &str, &str); 9] = [
    (Choice::Received, "r", "received"),
    (Choice::Partly, "p", "partly"),
    (Choice::NotReceived, "n", "not_received"),
    (Choice::Satisfied, "s", "satisfied"),
    (Choice::Mostly, "m", "mostly_satisfied"),
    (Choice::Dissatisfied, "d", "dissatisfied"),
    (Choice::Skip, "k", "no_words"),
    (Choice::StillPaid, "y", "still_paid"),
    (Choice::NotPaid, "x", "not_paid"),
];

impl Choice {
    fn letter(self) -> &'static str {
        CHOICES.iter().find(|(c, _, _)| *c == self).map_or("?", |(_, l, _)| l)
    }

    /// As stored in `followups.answer`.
    fn answer(self) -> &'static str {
        CHOICES.iter().find(|(c, _, _)| *c == self).map_or("?", |(_, _, a)| a)
    }

    /// The button's label id.
    fn label_id(self) -> String {
        format!("followup-button-{}", self.answer().replace('_', "-"))
    }
}

fn encode(token: &str, choice: Choice) -> String {
    format!("{PREFIX}{token}:{}", choice.letter())
}

fn decode(data: &str) -> Option<(&str, Choice)> {
    let (token, letter) = data.strip_prefix(PREFIX)?.split_once(':')?;
    let choice = CHOICES.iter().find(|(_, l, _)| *l == letter)?.0;
    (!token.is_empty()).then_some((token, choice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn button_data_is_short_opaque_and_round_trips() {
        for (choice, _, _) in CHOICES {
            let data = encode("k3x9q2m7w4za", choice);
            assert!(data.len() <= 64 && is_case_button(&data), "{data}");
            assert_eq!(decode(&data), Some(("k3x9q2m7w4za", choice)));
        }
        for forged in ["c:", "c:abc", "c::r", "c:abc:z", "s:1:0:accept", "12:notice:submit"] {
            assert_eq!(decode(forged), None, "{forged}");
        }
    }

    #[test]
    fn spans_are_read_from_text() {
        assert_eq!(parse_span("3d"), Ok(Duration::days(3)));
        assert_eq!(parse_span("12h"), Ok(Duration::hours(12)));
        assert_eq!(parse_span("90m"), Ok(Duration::minutes(90)));
        assert!(parse_span("3").is_err() && parse_span("d").is_err() && parse_span("3w").is_err());
    }
}
