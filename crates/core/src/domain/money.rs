//! The amount a worker is owed, as integer fen, read from what they type (`4.5万`, `四万五`, `45,000元`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::cn_number::{self, NumeralError};
use super::total_or_rate;

/// Anything above 100,000,000 yuan is surely a typo for a wage claim.
const MAX_FEN: u128 = 100_000_000 * 100;

/// A minus sign, or the word for it, before the first number makes the amount negative.
const MINUS_SIGNS: [char; 4] = ['-', '−', '负', '負'];

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    #[error("no amount given")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("the amount is zero")]
    Zero,
    #[error("the amount is over 100,000,000 yuan")]
    TooLarge,
    #[error("more than two decimal places")]
    TooManyDecimals,
    #[error("a range, not one amount")]
    Range,
    #[error("a rate per day or month, not the total owed")]
    Rate,
    #[error("a negative amount")]
    Negative,
}

impl AmountError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "amount-error-empty",
            Self::NotANumber => "amount-error-not-a-number",
            Self::Zero => "amount-error-zero",
            Self::TooLarge => "amount-error-too-large",
            Self::TooManyDecimals => "amount-error-decimals",
            Self::Range => "amount-error-range",
            Self::Rate => "amount-error-rate",
            Self::Negative => "amount-error-negative",
        }
    }
}

impl From<NumeralError> for AmountError {
    fn from(error: NumeralError) -> Self {
        match error {
            NumeralError::NotANumber => Self::NotANumber,
            NumeralError::TooLarge => Self::TooLarge,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WageAmount {
    fen: i64,
    /// The worker hedged (`三万多`, `大概3万`): staff should confirm the exact figure.
    approximate: bool,
}

impl WageAmount {
    pub fn parse(input: &str) -> Result<WageAmount, AmountError> {
        let text = cn_number::compact(&split_spaced_numbers(input)).to_lowercase();
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        if is_negative(input) {
            return Err(AmountError::Negative);
        }
        let text = total_or_rate::total_text(&text).ok_or(AmountError::Rate)?;
        // 十几万 is as vague as a range: ask for one number.
        if text.contains('几') || cn_number::has_adjacent_cn_digits(&text) {
            return Err(AmountError::Range);
        }
        let (mut text, approximate) = cn_number::strip_hedges(&text);
        for filler in total_or_rate::NUMERAL_WORDS {
            text = text.replace(filler, "");
        }
        let runs = amount_runs(&text);
        let fen = match runs.as_slice() {
            [] => return Err(AmountError::NotANumber),
            [run] => run_to_fen(run)?,
            _ if cn_number::has_range_separator(&text) => return Err(AmountError::Range),
            [figures, capitals] | [capitals, figures] if figures.starts_with(|c: char| c.is_ascii_digit()) => {
                same_amount_twice(figures, capitals)?
            }
            _ => return Err(AmountError::NotANumber),
        };
        if fen == 0 {
            return Err(AmountError::Zero);
        }
        let fen = i64::try_from(fen).map_err(|_| AmountError::TooLarge)?;
        Ok(WageAmount { fen, approximate })
    }

    /// An exact amount, e.g. read back from storage.
    pub fn from_fen(fen: i64) -> WageAmount {
        WageAmount { fen, approximate: false }
    }

    pub fn fen(&self) -> i64 {
        self.fen
    }

    pub fn is_approximate(&self) -> bool {
        self.approximate
    }

    /// `45,000` or `3,500.50`: grouped yuan, decimals only when there are jiao or fen.
    pub fn yuan_text(&self) -> String {
        let abs = self.fen.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.fen < 0 { "-" } else { "" };
        match abs % 100 {
            0 => format!("{sign}{grouped}"),
            cents => format!("{sign}{grouped}.{cents:02}"),
        }
    }
}

/// `-5000`, `－5000`, `负5000`, `-¥5,000`: a minus sign before the first number. After a number a hyphen
/// joins a range (`3000-4000`), and a hyphen with a space after it is punctuation (`Total - 5000`).
fn is_negative(input: &str) -> bool {
    let chars: Vec<char> =
        input.chars().map(cn_number::fold_width).filter(|c| !c.is_control() && !cn_number::is_invisible(*c)).collect();
    for (i, &c) in chars.iter().enumerate() {
        if cn_number::is_numeral_char(c) {
            return false;
        }
        if !MINUS_SIGNS.contains(&c) || (matches!(c, '-' | '−') && chars.get(i + 1).is_some_and(|c| c.is_whitespace()))
        {
            continue;
        }
        let next = chars[i + 1..].iter().find(|c| !c.is_whitespace() && !matches!(c, '¥' | '￥'));
        if next.is_some_and(|&c| cn_number::is_numeral_char(c)) {
            return true;
        }
    }
    false
}

/// `45 000` groups thousands, but `3000 4000` is two numbers: such a space becomes a `|` so that
/// it still separates them after whitespace is dropped.
fn split_spaced_numbers(input: &str) -> String {
    let chars: Vec<char> = input.chars().map(cn_number::fold_width).collect();
    let digits_from = |mut i: usize, step: fn(usize) -> Option<usize>| {
        let mut n = 0;
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            n += 1;
            match step(i) {
                Some(next) => i = next,
                None => break,
            }
        }
        n
    };
    let mut out = String::with_capacity(input.len());
    for (i, &c) in chars.iter().enumerate() {
        let splits = c.is_whitespace() && {
            let before = i.checked_sub(1).map_or(0, |j| digits_from(j, |k| k.checked_sub(1)));
            let after = digits_from(i + 1, |k| k.checked_add(1));
            before > 0 && after > 0 && (before > 3 || after != 3)
        };
        out.push(if splits { '|' } else { c });
    }
    out
}

/// Maximal stretches of numerals, `.` `,` and the letters `w`/`k` after a numeral; other text
/// (`元`, `块钱`, `人民币`, `¥`, `整`, `欠我`) is ignored.
fn amount_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        let after_numeral = run.chars().next_back().is_some_and(cn_number::is_numeral_char);
        if cn_number::is_numeral_char(c) || matches!(c, '.' | ',') {
            run.push(c);
        } else if matches!(c, 'w' | 'k') && after_numeral {
            run.push(if c == 'w' { '万' } else { '千' });
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    runs.push(run);
    runs.into_iter().map(|r| r.trim_matches(['.', ',']).to_string()).filter(|r| !r.is_empty()).collect()
}

fn run_to_fen(run: &str) -> Result<u128, AmountError> {
    let mut chars = run.chars();
    let (body, unit) = match chars.next_back() {
        Some('万') => (chars.as_str(), 10_000),
        Some('千') => (chars.as_str(), 1_000),
        Some('百') => (chars.as_str(), 100),
        Some('亿') => (chars.as_str(), 100_000_000),
        _ => (run, 1),
    };
    if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return decimal_to_fen(body, unit);
    }
    if run.contains(['.', ',']) {
        return Err(AmountError::NotANumber);
    }
    let yuan = cn_number::parse_integer(run)?;
    check_limit(u128::from(yuan) * 100)
}

/// `45000元（肆万伍仟元整）`: the amount in figures and again in Chinese numerals, as on an IOU or a
/// contract. Only the same number twice is one amount; two different ones are not guessed between.
fn same_amount_twice(figures: &str, capitals: &str) -> Result<u128, AmountError> {
    let in_words = capitals.chars().all(|c| !c.is_ascii_digit() && c != '.' && c != ',');
    let fen = run_to_fen(figures)?;
    if in_words && run_to_fen(capitals)? == fen { Ok(fen) } else { Err(AmountError::NotANumber) }
}

/// `4.5` × 万 → fen, done on the digits so no float ever rounds a worker's money.
fn decimal_to_fen(body: &str, unit: u128) -> Result<u128, AmountError> {
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if fraction.contains(['.', ',']) || whole.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let whole = ungroup(whole)?;
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > 12 {
        return Err(AmountError::TooManyDecimals);
    }
    let scale = 10u128.pow(fraction.len() as u32);
    let digits = format!("{}{fraction}", whole.trim_start_matches('0'));
    if digits.len() > 30 {
        return Err(AmountError::TooLarge);
    }
    let mantissa: u128 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| AmountError::NotANumber)? };
    let scaled = mantissa.checked_mul(unit * 100).ok_or(AmountError::TooLarge)?;
    if !scaled.is_multiple_of(scale) {
        return Err(AmountError::TooManyDecimals);
    }
    check_limit(scaled / scale)
}

/// `45,000` → `45000`; commas must group thousands, so `4,50` is refused rather than guessed.
fn ungroup(whole: &str) -> Result<String, AmountError> {
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let well_grouped = rest.is_empty() || ((1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3));
    if well_grouped { Ok(format!("{first}{}", rest.concat())) } else { Err(AmountError::NotANumber) }
}

fn check_limit(fen: u128) -> Result<u128, AmountError> {
    if fen > MAX_FEN { Err(AmountError::TooLarge) } else { Ok(fen) }
}

#[cfg(test)]
// Amounts in fen are written yuan_fen (`3_500_50`) so the yuan stay readable.
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    fn fen(input: &str) -> i64 {
        match WageAmount::parse(input) {
            Ok(amount) => amount.fen(),
            Err(e) => panic!("{input:?} was refused: {e}"),
        }
    }

    fn refused(input: &str) -> AmountError {
        match WageAmount::parse(input) {
            Ok(amount) => panic!("{input:?} was accepted as {amount:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn every_design_vector_is_read_exactly() {
        let cases = [
            ("45000", 45_000_00),
            ("45,000元", 45_000_00),
            ("４５０００块", 45_000_00),
            ("4.5万", 45_000_00),
            ("4.5w", 45_000_00),
            ("4万5", 45_000_00),
            ("四万五", 45_000_00),
            ("四万五千元", 45_000_00),
            ("一万二", 12_000_00),
            ("一千五", 1_500_00),
            ("十五万八", 158_000_00),
            ("三万零五百", 30_500_00),
            ("一万零五十", 10_050_00),
            ("壹万贰仟元整", 12_000_00),
            ("5k", 5_000_00),
            ("3500.50元", 3_500_50),
        ];
        for (input, expected) in cases {
            assert_eq!(fen(input), expected, "{input}");
            assert!(!WageAmount::parse(input).is_ok_and(|a| a.is_approximate()), "{input}");
        }
    }

    #[test]
    fn currency_words_and_symbols_are_tolerated() {
        for input in [
            " 45000 ",
            "45 000",
            "¥45000",
            "￥45,000",
            "45000块钱",
            "人民币45000元",
            "RMB 45000",
            "45000rmb",
            "45000元整",
            "一共45000",
            "老板欠我45000块",
            "4.5W",
            "４．５万",
            "45000。",
        ] {
            assert_eq!(fen(input), 45_000_00, "{input}");
        }
    }

    #[test]
    fn hedged_amounts_are_accepted_as_approximate() {
        for (input, expected) in [
            ("三万多", 30_000_00),
            ("1.2万左右", 12_000_00),
            ("大概3万", 30_000_00),
            ("三十多万", 300_000_00),
            ("3万+", 30_000_00),
            ("about 30000", 30_000_00),
        ] {
            let amount = WageAmount::parse(input);
            assert_eq!(amount.as_ref().map(WageAmount::fen), Ok(expected), "{input}");
            assert!(amount.is_ok_and(|a| a.is_approximate()), "{input}");
        }
    }

    #[test]
    fn a_range_is_refused() {
        for input in ["两三万", "3千到4千", "3000-4000", "三四千", "3万至4万", "30000~40000", "十几万", "3万或4万"]
        {
            assert_eq!(refused(input), AmountError::Range, "{input}");
        }
    }

    #[test]
    fn a_rate_is_refused() {
        for input in
            ["一天300", "每月5000", "300一天", "日薪300", "月工资5000", "一个月5000", "300/天", "时薪25", "一个工350"]
        {
            assert_eq!(refused(input), AmountError::Rate, "{input}");
        }
    }

    #[test]
    fn a_negative_amount_is_refused() {
        for input in
            ["-5000", "－5000", "负5000", "-¥5,000", "¥-5000", "负 五千", "欠我-5000", "−5000", "-4.5万", "-5000元整"]
        {
            assert_eq!(refused(input), AmountError::Negative, "{input}");
        }
    }

    #[test]
    fn a_hyphen_that_is_no_minus_sign_leaves_the_amount_positive() {
        assert_eq!(refused("3000-4000"), AmountError::Range);
        assert_eq!(fen("Total - 5000"), 5_000_00);
        assert_eq!(fen("负责人欠我5000"), 5_000_00);
    }

    #[test]
    fn nothing_is_empty() {
        assert_eq!(refused(""), AmountError::Empty);
        assert_eq!(refused(" \u{3000}\t"), AmountError::Empty);
        assert_eq!(refused("\u{202E}\u{200B}\0"), AmountError::Empty);
    }

    #[test]
    fn words_without_a_number_are_not_a_number() {
        for input in
            ["不知道", "abc", "🙂", "4,50", "1.2.3", "3000元4000元", "3000 4000", "4500 0", "万", "1.5万5", "5万万"]
        {
            assert_eq!(refused(input), AmountError::NotANumber, "{input}");
        }
    }

    #[test]
    fn an_amount_in_figures_and_again_in_capitals_is_one_amount() {
        assert_eq!(fen("人民币45000元（肆万伍仟元整）"), 45_000_00);
        assert_eq!(fen("肆万伍仟元整（45000元）"), 45_000_00);
        assert_eq!(fen("45,000元(四万五千元)"), 45_000_00);
        assert_eq!(fen("￥12000.00元 壹万贰仟元整"), 12_000_00);
        for input in ["人民币45000元（肆万元整）", "4万（伍万）", "45000元（45000元）", "45000元（肆万伍仟元整）3000"]
        {
            assert_eq!(refused(input), AmountError::NotANumber, "{input}");
        }
    }

    #[test]
    fn zero_is_refused() {
        for input in ["0", "零", "0.00元", "0万"] {
            assert_eq!(refused(input), AmountError::Zero, "{input}");
        }
    }

    #[test]
    fn more_than_a_hundred_million_yuan_is_too_large() {
        assert_eq!(fen("1亿"), 100_000_000_00);
        assert_eq!(fen("100,000,000"), 100_000_000_00);
        for input in ["100000000.01", "1.5亿", "二亿", "99999999999999999999999999999999999999999"] {
            assert_eq!(refused(input), AmountError::TooLarge, "{input}");
        }
        assert_eq!(refused(&"9".repeat(10_000)), AmountError::TooLarge);
    }

    #[test]
    fn more_than_two_decimals_is_refused() {
        assert_eq!(refused("3500.505"), AmountError::TooManyDecimals);
        assert_eq!(refused("1.2345678万"), AmountError::TooManyDecimals);
        assert_eq!(refused(&format!("1.{}1", "0".repeat(40))), AmountError::TooManyDecimals);
        assert_eq!(fen("3500.500"), 3_500_50);
        assert_eq!(fen("1.234567万"), 12_345_67);
    }

    #[test]
    fn long_junk_does_not_panic() {
        let junk = "元万.,wk一十零🙂\u{202E}\0".repeat(1_000);
        assert!(WageAmount::parse(&junk).is_err());
        assert!(WageAmount::parse(&"万".repeat(10_000)).is_err());
    }

    #[test]
    fn yuan_text_groups_thousands_and_shows_only_real_decimals() {
        assert_eq!(WageAmount::from_fen(45_000_00).yuan_text(), "45,000");
        assert_eq!(WageAmount::from_fen(3_500_50).yuan_text(), "3,500.50");
        assert_eq!(WageAmount::from_fen(5).yuan_text(), "0.05");
        assert_eq!(WageAmount::from_fen(100_000_000_00).yuan_text(), "100,000,000");
        assert_eq!(WageAmount::from_fen(999_00).yuan_text(), "999");
        assert_eq!(WageAmount::from_fen(i64::MIN).yuan_text(), "-92,233,720,368,547,758.08");
    }

    #[test]
    fn from_fen_is_exact_and_round_trips_through_serde() {
        let amount = WageAmount::from_fen(12_345);
        assert!(!amount.is_approximate());
        let json = serde_json::to_string(&amount).expect("serializes");
        assert_eq!(serde_json::from_str::<WageAmount>(&json).expect("deserializes"), amount);
    }
}
