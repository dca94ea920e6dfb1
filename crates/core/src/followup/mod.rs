//! Closing the loop with the worker (不解决不销账), as rules: what a follow-up question is, what its
//! buttons carry, and what an answer does ([`answer`]). The adapter (`src/followup/`) asks the
//! questions, loads what a press needs and stores what [`answer::on_button`] decided.

pub mod answer;

use crate::i18n::{Lang, tr};
use crate::outgoing::Button;

/// What a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// "Did you receive ¥X?" after a paid resolution.
    Payment,
    /// "Are you satisfied?" after the case closed.
    Satisfaction,
    /// 回头看: "were you paid, and is it still paid?" some weeks after closing.
    Recheck,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::Payment => "payment",
            Kind::Satisfaction => "satisfaction",
            Kind::Recheck => "recheck",
        }
    }

    pub fn from_code(code: &str) -> Kind {
        match code {
            "payment" => Kind::Payment,
            "satisfaction" => Kind::Satisfaction,
            _ => Kind::Recheck,
        }
    }
}

/// Where a question stands (stored as text).
pub mod state {
    pub const ASKED: &str = "asked";
    pub const REMINDED: &str = "reminded";
    /// No answer after the reminder: the office was told the payment is unconfirmed.
    pub const UNCONFIRMED: &str = "unconfirmed";
    /// "Partly" was pressed; the amount is to be typed.
    pub const AWAITING_AMOUNT: &str = "awaiting_amount";
    /// A satisfaction button was pressed; optional words may follow.
    pub const AWAITING_WORDS: &str = "awaiting_words";
    pub const ANSWERED: &str = "answered";
    /// The case moved on (reopened, closed another way) before an answer.
    pub const STALE: &str = "stale";
}

/// An amount typed after "partly" counts as the answer for this long after the press.
pub const AMOUNT_WINDOW: chrono::TimeDelta = chrono::TimeDelta::days(1);

/// Words typed after a satisfaction rating count as a comment on it for this long; later the
/// worker's words are their next message (a new complaint, a word to another case's office), not
/// thanked and kept as a rating they never meant to add to.
pub const WORDS_WINDOW: chrono::TimeDelta = chrono::TimeDelta::hours(1);

/// Worker-side case buttons in the private chat start with this (the intake's are `<digits>:…`, staff
/// buttons `s:`, the relay's case choice `r:`).
pub const PREFIX: &str = "c:";

pub fn is_case_button(data: &str) -> bool {
    data.starts_with(PREFIX)
}

/// What the worker chose; one letter in the button data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
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
    /// A case closed without this worker's confirmation: their money has not arrived.
    NotArrived,
}

pub const CHOICES: [(Choice, &str, &str); 10] = [
    (Choice::Received, "r", "received"),
    (Choice::Partly, "p", "partly"),
    (Choice::NotReceived, "n", "not_received"),
    (Choice::Satisfied, "s", "satisfied"),
    (Choice::Mostly, "m", "mostly_satisfied"),
    (Choice::Dissatisfied, "d", "dissatisfied"),
    (Choice::Skip, "k", "no_words"),
    (Choice::StillPaid, "y", "still_paid"),
    (Choice::NotPaid, "x", "not_paid"),
    (Choice::NotArrived, "u", "not_arrived"),
];

/// A question put together with a worker's notification: its buttons keep the notification's promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attached {
    pub kind: Kind,
    /// The timeline event the question is about (its latest entry is the question's trigger).
    pub trigger_event: &'static str,
    pub choices: &'static [Choice],
}

/// The question the worker notification `message_id` carries, if any. A case closed with some
/// workers unreachable promises each worker "if your money has not arrived, press the button and the
/// case is reopened": a question after closing (a recheck), about the resolution the office closed —
/// not the closing entry, so the 回头看 on the follow-up day is still asked.
pub fn attached(message_id: &str) -> Option<Attached> {
    match message_id {
        "notify-worker-closed-settled" => {
            Some(Attached { kind: Kind::Recheck, trigger_event: "resolved", choices: &[Choice::NotArrived] })
        }
        _ => None,
    }
}

impl Choice {
    pub fn letter(self) -> &'static str {
        CHOICES.iter().find(|(c, _, _)| *c == self).map_or("?", |(_, l, _)| l)
    }

    /// As stored in `followups.answer`.
    pub fn answer(self) -> &'static str {
        CHOICES.iter().find(|(c, _, _)| *c == self).map_or("?", |(_, _, a)| a)
    }

    /// The button's label id.
    pub fn label_id(self) -> String {
        format!("followup-button-{}", self.answer().replace('_', "-"))
    }
}

pub fn encode(token: &str, choice: Choice) -> String {
    format!("{PREFIX}{token}:{}", choice.letter())
}

pub fn decode(data: &str) -> Option<(&str, Choice)> {
    let (token, letter) = data.strip_prefix(PREFIX)?.split_once(':')?;
    let choice = CHOICES.iter().find(|(_, l, _)| *l == letter)?.0;
    (!token.is_empty()).then_some((token, choice))
}

/// A question's button for `choice`.
pub fn button(lang: Lang, token: &str, choice: Choice) -> Button {
    Button { label: tr(lang, &choice.label_id()), data: encode(token, choice) }
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
        assert_eq!(attached("notify-worker-closed-settled").map(|a| a.choices), Some(&[Choice::NotArrived][..]));
        assert_eq!(attached("notify-worker-closed"), None, "everyone confirmed: nothing to press");
        for forged in ["c:", "c:abc", "c::r", "c:abc:z", "s:1:0:accept", "12:notice:submit"] {
            assert_eq!(decode(forged), None, "{forged}");
        }
    }
}
