//! How many workers are owed: `12个人`, `十二人`, `我们班组30多人`, `就我一个`.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::cn_number::{self, NumeralError};

/// No single complaint covers more workers than this; beyond it the number is a typo.
const MAX_WORKERS: u64 = 100_000;

/// Fillers that contain a numeral character and would otherwise read as a second number.
const FILLERS: [&str; 3] = ["一共", "一起", "一帮"];

/// A worker filing only for themself often says so without a number.
const ALONE: [&str; 8] = ["自己", "就我", "只有我", "只我", "本人", "myself", "justme", "onlyme"];

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CountError {
    #[error("no number of workers given")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("the number of workers is zero")]
    Zero,
    #[error("a range, not one number")]
    Range,
    #[error("more than 100,000 workers")]
    TooLarge,
}

impl CountError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "count-error-empty",
            Self::NotANumber => "count-error-not-a-number",
            Self::Zero => "count-error-zero",
            Self::Range => "count-error-range",
            Self::TooLarge => "count-error-too-large",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerCount {
    n: u32,
    /// The worker hedged (`30多人`): the crew's own confirmations will settle the real number.
    approximate: bool,
}

impl WorkerCount {
    pub fn parse(input: &str) -> Result<WorkerCount, CountError> {
        let text = cn_number::compact(input).to_lowercase();
        if text.is_empty() {
            return Err(CountError::Empty);
        }
        // 十几个 and 二三十人 are ranges: ask for one number rather than guess.
        if text.contains('几') || cn_number::has_adjacent_cn_digits(&text) {
            return Err(CountError::Range);
        }
        let (mut text, approximate) = cn_number::strip_hedges(&text);
        for filler in FILLERS {
            text = text.replace(filler, "");
        }
        let runs: Vec<&str> =
            text.split(|c: char| !cn_number::is_numeral_char(c)).filter(|run| !run.is_empty()).collect();
        let n = match runs.as_slice() {
            [] if ALONE.iter().any(|w| text.contains(w)) => 1,
            [] => return Err(CountError::NotANumber),
            [run] => cn_number::parse_integer(run).map_err(|e| match e {
                NumeralError::NotANumber => CountError::NotANumber,
                NumeralError::TooLarge => CountError::TooLarge,
            })?,
            _ if cn_number::has_range_separator(&text) => return Err(CountError::Range),
            _ => return Err(CountError::NotANumber),
        };
        match n {
            0 => Err(CountError::Zero),
            n if n > MAX_WORKERS => Err(CountError::TooLarge),
            n => u32::try_from(n).map(|n| WorkerCount { n, approximate }).map_err(|_| CountError::TooLarge),
        }
    }

    pub fn n(&self) -> u32 {
        self.n
    }

    pub fn is_approximate(&self) -> bool {
        self.approximate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(input: &str) -> Result<(u32, bool), CountError> {
        WorkerCount::parse(input).map(|c| (c.n(), c.is_approximate()))
    }

    #[test]
    fn the_design_vectors_are_read() {
        assert_eq!(count("12个人"), Ok((12, false)));
        assert_eq!(count("十二人"), Ok((12, false)));
        assert_eq!(count("我们班组30多人"), Ok((30, true)));
    }

    #[test]
    fn plain_and_spoken_forms_are_read() {
        for (input, n) in [
            ("12", 12),
            ("一个", 1),
            ("就我一个", 1),
            ("两个人", 2),
            ("就我自己", 1),
            ("just me", 1),
            ("１２名", 12),
            ("一共8个工人", 8),
            ("一百二十人", 120),
            ("一百二", 120),
            ("100000", 100_000),
        ] {
            assert_eq!(count(input), Ok((n, false)), "{input}");
        }
    }

    #[test]
    fn hedged_counts_are_approximate() {
        assert_eq!(count("大概20人"), Ok((20, true)));
        assert_eq!(count("50人左右"), Ok((50, true)));
        assert_eq!(count("三十来个"), Ok((30, true)));
        assert_eq!(count("About 20"), Ok((20, true)));
    }

    #[test]
    fn a_range_is_refused() {
        for input in ["二三十人", "十几个人", "20到30人", "20-30", "三四个"] {
            assert_eq!(count(input), Err(CountError::Range), "{input}");
        }
    }

    #[test]
    fn zero_is_refused() {
        assert_eq!(count("0"), Err(CountError::Zero));
        assert_eq!(count("零个人"), Err(CountError::Zero));
    }

    #[test]
    fn more_than_a_hundred_thousand_is_too_large() {
        assert_eq!(count("100001"), Err(CountError::TooLarge));
        assert_eq!(count("一亿人"), Err(CountError::TooLarge));
        assert_eq!(count(&"9".repeat(10_000)), Err(CountError::TooLarge));
    }

    #[test]
    fn junk_is_refused_without_panicking() {
        assert_eq!(count(""), Err(CountError::Empty));
        assert_eq!(count("\u{202E}\0 "), Err(CountError::Empty));
        for input in ["很多人", "🙂", "2.5人", "3个班组30人", "abc"] {
            assert_eq!(count(input), Err(CountError::NotANumber), "{input}");
        }
        assert!(WorkerCount::parse(&"人十零🙂".repeat(3_000)).is_err());
    }
}
