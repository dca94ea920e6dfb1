//! Reads whole numbers the way workers type them: Arabic, full-width, Chinese (小写 and 大写) and mixes
//! such as `4万5`, plus the text clean-up and hedge words (`多`, `左右`) the other parsers share.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NumeralError {
    #[error("not a number")]
    NotANumber,
    #[error("number too large")]
    TooLarge,
}

impl NumeralError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::NotANumber => "number-error-invalid",
            Self::TooLarge => "number-error-too-large",
        }
    }
}

/// Characters that join two numbers into a range (`3千到4千`, `3000-4000`).
const RANGE_SEPARATORS: [char; 8] = ['到', '至', '-', '~', '—', '–', '、', '或'];

/// Hedge words before a number, wherever they stand: the number is accepted but marked approximate.
/// Longest first, so `大约` goes before `约`.
#[rustfmt::skip]
const HEDGES: [&str; 9] = [
    "差不多", "大概", "大约", "将近", "接近", "估计", "about", "around", "approx",
];

/// What may stand between a number and its trailing hedge: money's and people's measure words.
const MEASURE_WORDS: [char; 7] = ['块', '元', '钱', '人', '个', '名', '位'];

/// Hedge words after a number (`三万多`, `5000来块`, `3000块左右`): only there. Elsewhere they are
/// ordinary words (`后来`, `很多`, `其余`) and mark nothing.
#[rustfmt::skip]
const TRAILING_HEDGES: [&str; 9] = ["左右", "上下", "以上", "出头", "约", "多", "余", "来", "+"];

/// Folds full-width ASCII (`４５`, `．`, `－`, `～`, `，`) to half-width and drops whitespace and
/// invisible control/format characters (zero-width spaces, bidi overrides), which phones insert.
pub fn compact(input: &str) -> String {
    input.chars().map(fold_width).filter(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(*c)).collect()
}

/// Full-width ASCII to half-width; every other character unchanged.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Zero-width spaces and bidi marks, which phones insert and no one means.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// Value of a Chinese digit character, `零` included.
pub fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '貳' | '俩' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn cn_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1_000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

/// True for any character that can be part of a number read by [`parse_integer`].
pub fn is_numeral_char(c: char) -> bool {
    c.is_ascii_digit() || cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// `两三万`, `三四千`, `二三十`: two non-zero Chinese digits side by side is how Chinese says a range.
pub fn has_adjacent_cn_digits(text: &str) -> bool {
    let nonzero = |c: char| cn_digit(c).is_some_and(|d| d > 0);
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).any(|w| nonzero(w[0]) && nonzero(w[1]))
}

pub fn has_range_separator(text: &str) -> bool {
    text.contains(RANGE_SEPARATORS)
}

/// Removes hedge words (callers lower-case first); the flag says whether any was present.
pub fn strip_hedges(text: &str) -> (String, bool) {
    let mut out = text.to_string();
    let mut hedged = false;
    for hedge in HEDGES {
        if out.contains(hedge) {
            hedged = true;
            out = out.replace(hedge, "");
        }
    }
    for hedge in TRAILING_HEDGES {
        let mut kept = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(at) = rest.find(hedge) {
            let before = &rest[..at];
            kept.push_str(before);
            // After a numeral, or a numeral and its measure word (`3000块左右`, `50人左右`).
            let last = kept.trim_end_matches(MEASURE_WORDS).chars().next_back();
            if last.is_some_and(|c| is_numeral_char(c) || c == '.') {
                hedged = true;
            } else {
                kept.push_str(hedge);
            }
            rest = &rest[at + hedge.len()..];
        }
        kept.push_str(rest);
        out = kept;
    }
    (out, hedged)
}

enum Token {
    /// A digit or an Arabic run; `single` when it was one character (only those take the `四万五` shorthand).
    Num {
        value: u64,
        single: bool,
    },
    Zero,
    Unit(u64),
}

fn tokenize(text: &str) -> Result<Vec<Token>, NumeralError> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            let (mut value, mut len) = (u64::from(d), 1);
            while let Some(d) = chars.peek().filter(|c| c.is_ascii_digit()).and_then(|c| c.to_digit(10)) {
                value = checked(value.checked_mul(10).and_then(|v| v.checked_add(u64::from(d))))?;
                len += 1;
                chars.next();
            }
            tokens.push(Token::Num { value, single: len == 1 });
        } else if let Some(d) = cn_digit(c) {
            tokens.push(if d == 0 { Token::Zero } else { Token::Num { value: d, single: true } });
        } else if let Some(u) = cn_unit(c) {
            tokens.push(Token::Unit(u));
        } else {
            return Err(NumeralError::NotANumber);
        }
    }
    Ok(tokens)
}

fn checked(value: Option<u64>) -> Result<u64, NumeralError> {
    value.ok_or(NumeralError::TooLarge)
}

/// Reads a whole number: `45000`, `四万五` (45000), `4万5`, `十五万八` (158000), `三万零五百`, `壹万贰仟`,
/// and digit-by-digit `二〇二五`. Text other than numerals is refused; callers strip units and words first.
pub fn parse_integer(text: &str) -> Result<u64, NumeralError> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(NumeralError::NotANumber);
    }
    if !tokens.iter().any(|t| matches!(t, Token::Unit(_))) {
        return positional(&tokens);
    }
    let (mut high, mut wan, mut section) = (0u64, 0u64, 0u64);
    let mut current: Option<(u64, bool)> = None;
    let mut last_unit: Option<u64> = None;
    let mut section_unit = u64::MAX; // units below 万 must fall: 三千五百, never 五百三千
    let mut after_zero = false;
    for token in tokens {
        match token {
            Token::Num { value, single } => {
                if current.is_some() {
                    return Err(NumeralError::NotANumber);
                }
                current = Some((value, single));
            }
            Token::Zero => {
                if current.is_some() {
                    return Err(NumeralError::NotANumber);
                }
                after_zero = true;
            }
            Token::Unit(unit) if unit < 10_000 => {
                if unit >= section_unit {
                    return Err(NumeralError::NotANumber);
                }
                // Only 十 may stand alone (十五 = 15); a bare 百 or 千 is more likely a typo.
                let digit = match current.take() {
                    Some((d, _)) => d,
                    None if unit == 10 => 1,
                    None => return Err(NumeralError::NotANumber),
                };
                section = checked(digit.checked_mul(unit).and_then(|v| v.checked_add(section)))?;
                (section_unit, last_unit, after_zero) = (unit, Some(unit), false);
            }
            Token::Unit(unit) => {
                // 万 closes the group below it; 亿 closes everything below it (一万亿 = 10^12).
                let below = if unit == 10_000 { 0 } else { wan };
                let group = current.take().map_or(0, |(d, _)| d);
                let group = checked(group.checked_add(section).and_then(|v| v.checked_add(below)))?;
                let already = if unit == 10_000 { wan } else { high };
                if group == 0 || already != 0 {
                    return Err(NumeralError::NotANumber);
                }
                if unit == 10_000 {
                    wan = checked(group.checked_mul(unit))?;
                } else {
                    high = checked(group.checked_mul(unit))?;
                    wan = 0;
                }
                section = 0;
                (section_unit, last_unit, after_zero) = (u64::MAX, Some(unit), false);
            }
        }
    }
    if let Some((digit, single)) = current {
        // 四万五 / 一千五 / 4万5: a lone trailing digit counts in the next unit down, unless 零 came first.
        let scale = match last_unit {
            Some(unit) if single && !after_zero && unit >= 100 => unit / 10,
            _ => 1,
        };
        section = checked(digit.checked_mul(scale).and_then(|v| v.checked_add(section)))?;
    }
    checked(high.checked_add(wan).and_then(|v| v.checked_add(section)))
}

/// Numbers without units: one Arabic run, or Chinese digits read one by one (`二〇二五`).
fn positional(tokens: &[Token]) -> Result<u64, NumeralError> {
    if let [Token::Num { value, .. }] = tokens {
        return Ok(*value);
    }
    tokens.iter().try_fold(0u64, |acc, token| {
        let digit = match token {
            Token::Zero => 0,
            Token::Num { value, single: true } => *value,
            _ => return Err(NumeralError::NotANumber),
        };
        checked(acc.checked_mul(10).and_then(|v| v.checked_add(digit)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<u64, NumeralError> {
        parse_integer(text)
    }

    #[test]
    fn plain_chinese_numbers_are_read() {
        assert_eq!(read("十"), Ok(10));
        assert_eq!(read("十五"), Ok(15));
        assert_eq!(read("二十五"), Ok(25));
        assert_eq!(read("一百零五"), Ok(105));
        assert_eq!(read("三千五百"), Ok(3500));
        assert_eq!(read("四万五千"), Ok(45_000));
        assert_eq!(read("一亿"), Ok(100_000_000));
        assert_eq!(read("一万亿"), Ok(1_000_000_000_000));
        assert_eq!(read("两"), Ok(2));
    }

    #[test]
    fn a_trailing_digit_takes_the_next_unit_down() {
        assert_eq!(read("四万五"), Ok(45_000));
        assert_eq!(read("一万二"), Ok(12_000));
        assert_eq!(read("一千五"), Ok(1_500));
        assert_eq!(read("十五万八"), Ok(158_000));
        assert_eq!(read("两百五"), Ok(250));
        assert_eq!(read("一万二千五"), Ok(12_500));
        assert_eq!(read("4万5"), Ok(45_000));
    }

    #[test]
    fn zero_stops_the_shorthand() {
        assert_eq!(read("三万零五百"), Ok(30_500));
        assert_eq!(read("一万零五十"), Ok(10_050));
        assert_eq!(read("一万零五"), Ok(10_005));
        assert_eq!(read("一万零五百三"), Ok(10_530));
    }

    #[test]
    fn capital_numerals_are_read() {
        assert_eq!(read("壹万贰仟"), Ok(12_000));
        assert_eq!(read("叁仟伍佰"), Ok(3_500));
        assert_eq!(read("玖拾"), Ok(90));
    }

    #[test]
    fn arabic_runs_mix_with_units() {
        assert_eq!(read("45000"), Ok(45_000));
        assert_eq!(read("15万"), Ok(150_000));
        assert_eq!(read("3万2000"), Ok(32_000));
        assert_eq!(read("1500万"), Ok(15_000_000));
        assert_eq!(read("3千5百"), Ok(3_500));
    }

    #[test]
    fn digits_alone_are_read_one_by_one() {
        assert_eq!(read("二〇二五"), Ok(2025));
        assert_eq!(read("二零二五"), Ok(2025));
    }

    #[test]
    fn malformed_numerals_are_refused() {
        for text in ["", "abc", "万", "百", "五百三千", "一万二万", "4.5", "亿亿", "十🙂"] {
            assert_eq!(read(text), Err(NumeralError::NotANumber), "{text}");
        }
    }

    #[test]
    fn overflow_is_too_large_not_a_panic() {
        assert_eq!(read(&"9".repeat(10_000)), Err(NumeralError::TooLarge));
        assert_eq!(read("九九九九九九九九九九九九九九九九九九九九九"), Err(NumeralError::TooLarge));
        assert_eq!(read("99999999999万亿"), Err(NumeralError::TooLarge));
    }

    #[test]
    fn compact_folds_full_width_and_drops_invisible_characters() {
        assert_eq!(compact("４５ ０００\u{3000}块\u{202E}\u{200B}\0"), "45000块");
        assert_eq!(compact("１．５ｗ"), "1.5w");
    }

    #[test]
    fn hedges_are_stripped_and_reported() {
        assert_eq!(strip_hedges("三万多"), ("三万".to_string(), true));
        assert_eq!(strip_hedges("大约3万左右"), ("3万".to_string(), true));
        assert_eq!(strip_hedges("30000"), ("30000".to_string(), false));
        assert_eq!(strip_hedges("5000来块"), ("5000块".to_string(), true));
        assert_eq!(strip_hedges("3000块左右"), ("3000块".to_string(), true));
        assert_eq!(strip_hedges("3000+"), ("3000".to_string(), true));
        // The same characters in ordinary words mark nothing.
        assert_eq!(strip_hedges("后来老板欠我5000"), ("后来老板欠我5000".to_string(), false));
        assert_eq!(strip_hedges("欠了很多,5000"), ("欠了很多,5000".to_string(), false));
        assert_eq!(strip_hedges("差不多5000"), ("5000".to_string(), true));
    }

    #[test]
    fn adjacent_chinese_digits_mark_a_range() {
        assert!(has_adjacent_cn_digits("两三万"));
        assert!(has_adjacent_cn_digits("二三十"));
        assert!(!has_adjacent_cn_digits("三万零五百"));
        assert!(!has_adjacent_cn_digits("十五万八"));
    }
}
