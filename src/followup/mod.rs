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
mod questions;

pub use answer::{on_button, on_text};
pub use questions::{ask_again, buttons_for, scan};
pub use wagedesk_core::followup::{Choice, PREFIX, decode, encode, is_case_button};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_read_from_text() {
        assert_eq!(parse_span("3d"), Ok(Duration::days(3)));
        assert_eq!(parse_span("12h"), Ok(Duration::hours(12)));
        assert_eq!(parse_span("90m"), Ok(Duration::minutes(90)));
        assert!(parse_span("3").is_err() && parse_span("d").is_err() && parse_span("3w").is_err());
    }
}
