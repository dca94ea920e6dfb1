//! Whether the number a worker typed is the total owed or a rate, when the words around it mention
//! time. `三个月工资一共18000` is a total that says how long the work lasted; `一天300`, `月薪6000` and
//! `6000 per month` are rates, and the worker is asked for the total instead.
//!
//! The rule, in order:
//! 1. A rate word (`每`, `薪`, `/天`, `per month`, `a day`, `daily`…) makes it a rate, whatever else is said.
//! 2. One unit of time next to the number in the same clause (`一天300`, `300一天`, `一个月6000`, `1 month
//!    6000`) makes it a rate, unless a total word stands between them (`一个月的工资，欠了6000`).
//! 3. A total word (`一共`, `总共`, `共`, `合计`, `加起来`, `欠`, `in total`, `owed`…) bound to every number
//!    makes it a total: the time phrases (`三个月`, `半年`, `2025年3月`, `3 months`, `Oct 2025`) are
//!    taken out and the number is read from what is left. A Chinese total word binds the number after
//!    it in the same clause (`一共18000`); an English one binds either side (`18000 in total`). No time
//!    phrase may stand between the word and the number: in `6000一共干了3个月` the 一共 counts the months.
//!
//! A month or year named by its number (`3月`, `10月份`, `2025年3月到6月`) is when the work was done, not
//! a unit of time: it is taken out before the rules, so `10月份工资5000` is a total. `每月`, `月薪` and
//! `一个月` still say a rate.
//!
//! 4. Otherwise any time word (`天`, `月`, `day`, `month`…) makes it a rate, as it always did: without a
//!    total word, `三个月18000` could be either.

use super::{cn_number, english};

/// Words that make the number a rate whatever else is said.
const RATE_WORDS: [&str; 8] = ["每", "薪", "工价", "单价", "daily", "weekly", "monthly", "hourly"];

/// `a day`, `per month`, `every week` (`aday` once spaces are gone), and `/天`, `/month`.
const RATE_LEADS: [&str; 6] = ["per", "an", "a", "each", "every", "/"];
const EN_RATE_UNITS: [&str; 4] = ["day", "week", "month", "hour"];
const SLASH_UNITS: [&str; 10] = ["天", "日", "月", "周", "星期", "小时", "工", "d", "h", "m"];

/// Time words that make a number a rate when no total word binds it (rule 4).
const TIME_WORDS: [&str; 12] = ["天", "日", "月", "周", "星期", "小时", "钟头", "个工", "day", "month", "week", "hour"];

/// Words that say the number is the total. Longest first, so `一共` is one word and its `一` no number.
#[rustfmt::skip]
const ZH_TOTAL_WORDS: [&str; 15] = [
    "加在一起", "加起来", "加一起", "一共", "总共", "共计", "合计", "总计", "累计", "总数", "总额", "全部",
    "所有", "共", "欠",
];
const EN_TOTAL_WORDS: [&str; 6] = ["altogether", "alltogether", "inall", "total", "combined", "owe"];

/// Words with a numeral character that are no number (`一直没给`): they neither count nor bind, and
/// the amount is read without them. `一共` is here too, once it has been seen as a total word.
#[rustfmt::skip]
pub(super) const NUMERAL_WORDS: [&str; 10] =
    ["一共", "一起", "统一", "一分不给", "一分钱", "一直", "一点", "一下", "一些", "一次性"];

/// Units a number of time ends in, longest first.
#[rustfmt::skip]
const ZH_TIME_UNITS: [&str; 23] = [
    "个多星期", "个多礼拜", "个多小时", "个多钟头", "个多月", "个半月", "个星期", "个礼拜", "个小时",
    "个钟头", "个月", "个工", "星期", "礼拜", "小时", "钟头", "月份", "天", "日", "号", "周", "月", "年",
];
const EN_TIME_UNITS: [&str; 10] = ["months", "month", "days", "day", "weeks", "week", "hours", "hour", "years", "year"];

/// `个工` is a day's work, but `个工人` are workers and `个工资`/`个工地` something else again.
const NOT_A_WORK_DAY: [char; 5] = ['人', '资', '地', '程', '友'];

/// A number of people (`8个工人`, `5 workers`) is no amount either: `我们8个人一共欠18000`.
/// `人` before `民` is the currency (`45000人民币`).
const ZH_PEOPLE_UNITS: [&str; 7] = ["个工人", "名工人", "个人", "工人", "名", "位", "人"];
const EN_PEOPLE_UNITS: [&str; 6] = ["workers", "worker", "people", "persons", "person", "men"];

/// One of these units, counted once and next to a number, is how a rate is said (`一天300`).
/// `一月` is January and `1号` a date, so they are not here.
#[rustfmt::skip]
const SINGLE_UNITS: [&str; 18] = [
    "个星期", "个礼拜", "个小时", "个钟头", "个月", "个工", "星期", "礼拜", "小时", "钟头", "天", "周", "年",
    "day", "week", "month", "hour", "year",
];

/// What each character of the text is, for the reading below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Plain,
    Filler,
    /// Part of a total word; English ones bind a number on either side.
    Total {
        english: bool,
    },
    /// Part of a number of time (`三个月`, `2025年`, `oct2025`); `single` for one unit (`一天`, `1month`).
    Time {
        single: bool,
    },
    /// Part of a number of people (`8个工人`).
    People,
    /// A calendar month or year named by its number (`3月`, `10月份`, `2025年`): when, not how long.
    Calendar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Number,
    Total {
        english: bool,
    },
    Time {
        single: bool,
    },
    People,
    /// The end of a clause: `，` `。` `;` and a `,` or `.` that is not inside a number.
    Break,
}

/// The text to read the amount from, or `None` when the number is a rate. When a total word binds the
/// number, the time phrases and total words are taken out. `text` is compacted and lower-cased.
pub(super) fn total_text(text: &str) -> Option<String> {
    if says_rate(text) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let marks = marks(&chars);
    let tokens = tokens(&chars, &marks);
    if tokens.split(|t| *t == Token::Break).any(unit_next_to_number) {
        return None;
    }
    let has_total = tokens.iter().any(|t| matches!(t, Token::Total { .. }));
    let numbers_bound = (0..tokens.len()).filter(|&i| tokens[i] == Token::Number).all(|i| bound_to_total(&tokens, i));
    if has_total && numbers_bound {
        // The total words go too: `加起来` holds the hedge `来`, and `一共` a `一`.
        let kept =
            chars.iter().zip(&marks).map(|(&c, m)| if matches!(m, Mark::Plain | Mark::Filler) { c } else { '|' });
        return Some(kept.collect());
    }
    // The calendar months go, so that neither their 月 nor their number is read.
    let text: String = chars.iter().zip(&marks).map(|(&c, m)| if *m == Mark::Calendar { '|' } else { c }).collect();
    if TIME_WORDS.iter().any(|w| text.contains(w)) {
        return None;
    }
    Some(text)
}

/// Rule 1.
fn says_rate(text: &str) -> bool {
    RATE_WORDS.iter().any(|w| text.contains(w))
        || RATE_LEADS.iter().any(|lead| {
            let units: &[&str] = if *lead == "/" { &SLASH_UNITS } else { &EN_RATE_UNITS };
            text.match_indices(lead).any(|(at, _)| units.iter().any(|u| text[at + lead.len()..].starts_with(u)))
        })
}

fn marks(chars: &[char]) -> Vec<Mark> {
    let mut marks = vec![Mark::Plain; chars.len()];
    for word in ZH_TOTAL_WORDS {
        mark_word(chars, &mut marks, word, Mark::Total { english: false });
    }
    for word in EN_TOTAL_WORDS {
        mark_word(chars, &mut marks, word, Mark::Total { english: true });
    }
    for filler in NUMERAL_WORDS {
        mark_word(chars, &mut marks, filler, Mark::Filler);
    }
    let mut i = 0;
    while i < chars.len() {
        match counted_phrase(chars, &marks, i) {
            Some((end, mark)) => {
                marks[i..end].fill(mark);
                i = end;
            }
            None => i += 1,
        }
    }
    marks
}

/// Marks every occurrence of `word` that no longer word has taken.
fn mark_word(chars: &[char], marks: &mut [Mark], word: &str, mark: Mark) {
    let word: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i + word.len() <= chars.len() {
        let here = i..i + word.len();
        if chars[here.clone()] == word[..] && marks[here.clone()].iter().all(|m| *m == Mark::Plain) {
            marks[here].fill(mark);
            i += word.len();
        } else {
            i += 1;
        }
    }
}

/// Digits (with a decimal point) and Chinese numerals are separate runs: in `18000三个月` the months
/// are `三个月`. `半` and `几` count here (`半年`, `几个月`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numerals {
    Digits,
    Chinese,
}

impl Numerals {
    fn of(c: char) -> Option<Numerals> {
        if c.is_ascii_digit() {
            Some(Numerals::Digits)
        } else if matches!(c, '半' | '几') || cn_number::is_numeral_char(c) {
            Some(Numerals::Chinese)
        } else {
            None
        }
    }
}

/// Enough characters after a number to hold any unit and the character after it (`个多星期`, `workers`),
/// or a month name and its year (`september,2025`): looking further is wasted on long junk.
const WINDOW: usize = 16;

/// A number of time starting at `start` (`三个月`, `两三个月`, `半年`, `十多天`, `一年半`, `2025年`, `60个工`,
/// `3months`, `oct2025`) or of people (`8个工人`): its end and its mark.
fn counted_phrase(chars: &[char], marks: &[Mark], start: usize) -> Option<(usize, Mark)> {
    let plain = |i: usize| marks.get(i) == Some(&Mark::Plain);
    let window = |i: usize| chars[i.min(chars.len())..(i + WINDOW).min(chars.len())].iter().collect::<String>();
    if !plain(start) {
        return None;
    }
    if chars[start].is_ascii_alphabetic() {
        // An English month with its year; letters before it may belong to other words (`fromoct2025`).
        let text = window(start);
        let (_, after) = english::month_prefix(&text)?;
        let after = after.strip_prefix(',').unwrap_or(after);
        let end = start + text.chars().count() - after.chars().count() + 4;
        let year = after.bytes().take_while(u8::is_ascii_digit).count() == 4;
        return (year && (start..end).all(plain)).then_some((end, Mark::Time { single: false }));
    }
    let class = Numerals::of(chars[start])?;
    let digits = class == Numerals::Digits;
    let same_class = |i: usize| plain(i) && (Numerals::of(chars[i]) == Some(class) || (digits && chars[i] == '.'));
    if start.checked_sub(1).is_some_and(same_class) {
        return None;
    }
    let mut end = start;
    while end < chars.len() && same_class(end) {
        end += 1;
    }
    let count: String = chars[start..end].iter().collect();
    let hedged = matches!(chars.get(end), Some('多' | '来' | '余'));
    let unit_at = end + usize::from(hedged);
    let after = window(unit_at);
    let en_people: &[&str] = if digits { &EN_PEOPLE_UNITS } else { &[] };
    let people =
        ZH_PEOPLE_UNITS.iter().chain(en_people).find(|u| after.starts_with(**u) && !after[u.len()..].starts_with('民'));
    if let Some(unit) = people {
        return Some((unit_at + unit.chars().count(), Mark::People));
    }
    let en_units: &[&str] = if digits { &EN_TIME_UNITS } else { &[] };
    let unit = ZH_TIME_UNITS
        .iter()
        .chain(en_units)
        .find(|u| after.starts_with(**u) && !(**u == "个工" && after[u.len()..].starts_with(NOT_A_WORK_DAY)))?;
    let mut end = unit_at + unit.chars().count();
    let half_more = !unit.is_ascii() && matches!(chars.get(end), Some('半' | '多'));
    end += usize::from(half_more);
    // `25年3月`: two digits are a year only before a month (`10年` alone is ten years).
    let month_follows = || matches!(counted_phrase(chars, marks, end), Some((_, Mark::Calendar)));
    if !hedged && !half_more && names_calendar(&count, unit, digits, month_follows) {
        return Some((end, Mark::Calendar));
    }
    let one = count == "1" || count == "一";
    Some((end, Mark::Time { single: one && !hedged && !half_more && SINGLE_UNITS.contains(unit) }))
}

/// `3月`, `十二月`, `10月份` (no `个`: `3个月` is a duration), and a year of four digits (`2025年`,
/// `二〇二五年`) or of two before a month (`25年3月`).
fn names_calendar(count: &str, unit: &str, digits: bool, month_follows: impl Fn() -> bool) -> bool {
    match unit {
        "月" | "月份" => cn_number::parse_integer(count).is_ok_and(|n| (1..=12).contains(&n)),
        "年" => match count.chars().count() {
            4 => true,
            2 => digits && month_follows(),
            _ => false,
        },
        _ => false,
    }
}

fn tokens(chars: &[char], marks: &[Mark]) -> Vec<Token> {
    let digit = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(char::is_ascii_digit);
    let inside_number = |i: usize| matches!(chars[i], ',' | '.') && digit(i.checked_sub(1)) && digit(Some(i + 1));
    let mut tokens = Vec::new();
    for (i, (&c, &mark)) in chars.iter().zip(marks).enumerate() {
        let previous = i.checked_sub(1).map(|p| marks[p]);
        let token = match mark {
            Mark::Total { english } if previous != Some(mark) => Token::Total { english },
            Mark::Time { single } if previous != Some(mark) => Token::Time { single },
            Mark::People if previous != Some(mark) => Token::People,
            Mark::Plain if matches!(c, '。' | ';' | '!' | '?') => Token::Break,
            Mark::Plain if matches!(c, ',' | '.') && !inside_number(i) => Token::Break,
            Mark::Plain if cn_number::is_numeral_char(c) => {
                let continues = i.checked_sub(1).is_some_and(|p| {
                    marks[p] == Mark::Plain && (cn_number::is_numeral_char(chars[p]) || inside_number(p))
                });
                if continues {
                    continue;
                }
                Token::Number
            }
            _ => continue,
        };
        tokens.push(token);
    }
    tokens
}

/// Rule 2: one unit of time and a number in one clause, no total word between them.
fn unit_next_to_number(clause: &[Token]) -> bool {
    let mut last = None;
    for &token in clause {
        match token {
            Token::Total { .. } => last = None,
            Token::Time { single: true } if last == Some(Token::Number) => return true,
            Token::Number if last == Some(Token::Time { single: true }) => return true,
            Token::Time { single: true } | Token::Number => last = Some(token),
            Token::Time { single: false } | Token::People | Token::Break => {}
        }
    }
    false
}

/// Rule 3: a total word before the number (or an English one after it) in its clause, with at most
/// other numbers between them.
fn bound_to_total(tokens: &[Token], at: usize) -> bool {
    let before = tokens[..at].iter().rev().find(|t| **t != Token::Number);
    let after = tokens[at + 1..].iter().find(|t| **t != Token::Number);
    matches!(before, Some(Token::Total { .. })) || matches!(after, Some(Token::Total { english: true }))
}

#[cfg(test)]
mod tests {
    use crate::domain::money::{AmountError, WageAmount};

    /// Totals that say how long the work lasted, with the yuan each is read as.
    const TOTALS: [(&str, i64); 28] = [
        ("三个月工资一共18000", 18_000),
        ("干了两个月，一共欠我12000", 12_000),
        ("两个月工资共12000元", 12_000),
        ("3 months, 18000 in total", 18_000),
        ("欠了半年的工资，总共3万", 30_000),
        ("干了60天，一共18000", 18_000),
        ("三个多月一共2万", 20_000),
        ("从去年10月到今年1月，一共欠18000", 18_000),
        ("两三个月，加起来15000", 15_000),
        ("干了一个月，一共6000", 6_000),
        ("干了几个月，合计12000", 12_000),
        ("一年半的工资总共9万", 90_000),
        ("3个月共计18000", 18_000),
        ("in total 18000 for 3 months", 18_000),
        ("two months, total 12000", 12_000),
        ("18000 altogether for three months", 18_000),
        ("120个工，总共36000", 36_000),
        ("2025年3月到6月一共2万", 20_000),
        ("Oct 2025 to Jan 2026, 18000 in total", 18_000),
        ("干了十多天，一共3000块", 3_000),
        ("一个月的工资，欠了6000", 6_000),
        ("三个月老板欠我18000", 18_000),
        ("he owes me 18000 for 3 months", 18_000),
        ("做了四个半月，加在一起22500", 22_500),
        ("上个月一共欠6000", 6_000),
        ("老板一直没给，三个月一共18000", 18_000),
        ("5 weeks, 7500 total", 7_500),
        ("三个月的工资：一共18,000元", 18_000),
    ];

    /// Rates, with or without a total word somewhere in the sentence.
    const RATES: [&str; 28] = [
        "每天300",
        "一天300",
        "日薪300",
        "300一天",
        "月薪6000",
        "每月6000",
        "一个月6000",
        "6000/月",
        "300 a day",
        "6000 per month",
        "300元/天",
        "1个月6000",
        "一周2000",
        "6000 every month",
        "6000 monthly",
        "一天300，一共干了60天",
        "每个月6000，一共三个月",
        "月薪6000，总共干了3个月",
        "一个月6000，一共欠了三个月",
        "300 a day, 60 days in total",
        "一共干了三个月，一个月6000",
        "6000一共干了3个月",
        "欠了三个月工资，6000",
        "一天工资300，干了60天",
        "时薪25，总共干了200小时",
        "工价350一个工，共60个工",
        "欠我一个月工资6000",
        "6000 a month, 18000 in total",
    ];

    #[test]
    fn a_total_that_says_how_long_the_work_lasted_is_read_as_the_total() {
        for (input, yuan) in TOTALS {
            let amount = WageAmount::parse(input);
            assert_eq!(amount.as_ref().map(WageAmount::fen), Ok(yuan * 100), "{input}");
            assert!(amount.is_ok_and(|a| !a.is_approximate()), "{input}");
        }
    }

    #[test]
    fn a_rate_is_refused_even_beside_a_total_word() {
        for input in RATES {
            assert_eq!(WageAmount::parse(input), Err(AmountError::Rate), "{input}");
        }
    }

    #[test]
    fn without_a_total_word_a_time_word_still_makes_it_a_rate() {
        // 三个月18000 could be 18000 a month for three months; the worker is asked for the total.
        for input in ["三个月18000", "干了两个月，12000", "18000 for 3 months"] {
            assert_eq!(WageAmount::parse(input), Err(AmountError::Rate), "{input}");
        }
    }

    fn yuan(input: &str) -> Result<i64, AmountError> {
        WageAmount::parse(input).map(|a| a.fen() / 100)
    }

    #[test]
    fn a_month_named_by_its_number_is_when_the_work_was_done_not_a_rate() {
        for (input, expected) in [
            ("10月份工资5000", 5_000),
            ("2025年3月到6月工资45000", 45_000),
            ("老板欠我3月到6月的工资45000", 45_000),
            ("25年3月到6月工资45000", 45_000),
            ("去年10月到今年1月的工资18000", 18_000),
            ("十月份的工资五千", 5_000),
            ("二〇二五年三月到六月工资四万五", 45_000),
            ("3月工资6000元", 6_000),
        ] {
            assert_eq!(yuan(input), Ok(expected), "{input}");
        }
        // A unit of time beside the month still says a rate.
        for input in ["3月到6月，每月5000", "10月份月薪6000", "3月到6月，一个月6000", "13月5000"] {
            assert_eq!(yuan(input), Err(AmountError::Rate), "{input}");
        }
        assert!(yuan("10年18000").is_err(), "ten years, not 2010");
    }

    #[test]
    fn a_number_of_people_is_no_amount() {
        assert_eq!(yuan("我们8个人一共欠18000"), Ok(18_000));
        assert_eq!(yuan("5 workers, 3 months, 30000 in total"), Ok(30_000));
        assert_eq!(yuan("一共8个工人"), Err(AmountError::NotANumber));
        assert_eq!(yuan("一共45000人民币"), Ok(45_000));
    }

    #[test]
    fn long_text_full_of_time_and_total_words_is_read_without_panicking() {
        for junk in ["三个月一共18000，", "一天", "oct2025", "3个工人", "共", "1.5个月"] {
            assert!(WageAmount::parse(&junk.repeat(2_000)).is_err(), "{junk}");
        }
    }

    #[test]
    fn a_total_word_that_counts_only_the_months_gives_no_amount() {
        assert_eq!(WageAmount::parse("一共三个月"), Err(AmountError::NotANumber));
    }
}
