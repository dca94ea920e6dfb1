//! The months a worker was not paid for (`去年10月到今年1月`, `3个月`, `2025.3-2025.6`), resolved
//! against a given `today` so the same words always mean the same months in tests and in replays.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::{cn_number, english};

#[rustfmt::skip]
const MONTH_ABBREVIATIONS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Words around the dates that carry no meaning here. Longer first: `一直` before `起`, `最近` before `近`.
#[rustfmt::skip]
const FILLERS: [&str; 28] = [
    "一直", "一共", "总共", "从", "开始", "为止", "工资", "的", "份", "干了", "做了", "最近", "近", "共",
    "整整", "以来", "起", "期间", "之间", "上旬", "中旬", "下旬", "底", "初", "末", "左右", "大概", "大约",
];

/// A verb of working joined to the separator (`干到`), read as the separator alone.
const WORKED_UNTIL: [(&str, &str); 4] = [("干到", "到"), ("做到", "到"), ("干至", "至"), ("做至", "至")];

/// English words around the dates; `since` and `onward(s)` also mark an open end, like `以来` and `起`.
const EN_FILLERS: [&str; 5] = ["from", "since", "onwards", "onward", "between"];

/// What joins the two ends of a span. `to` after `until` and `till`, so neither is cut short.
const SEPARATOR_CHARS: [char; 6] = ['到', '至', '-', '~', '—', '–'];
const SEPARATOR_WORDS: [&str; 8] = ["until", "till", "til", "through", "thru", "upto", "to", "and"];

#[rustfmt::skip]
const RELATIVE_YEARS: [(&str, i32); 9] = [
    ("大前年", -3), ("前年", -2), ("去年", -1), ("今年", 0), ("明年", 1),
    ("theyearbeforelast", -2), ("lastyear", -1), ("thisyear", 0), ("nextyear", 1),
];

/// `今` alone only makes sense after a separator (`至今`); years are tried first so `今年` is not cut.
#[rustfmt::skip]
const RELATIVE_MONTHS: [(&str, i64); 18] = [
    ("上上个月", -2), ("上个月", -1), ("上月", -1), ("这个月", 0), ("本月", 0), ("这月", 0),
    ("当月", 0), ("现在", 0), ("目前", 0), ("今天", 0), ("今", 0),
    ("lastmonth", -1), ("thismonth", 0), ("now", 0), ("thepresent", 0), ("present", 0), ("today", 0), ("date", 0),
];

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PeriodError {
    #[error("no period given")]
    Empty,
    #[error("the period could not be read")]
    Unparseable,
    #[error("a month must be 1 to 12")]
    InvalidMonth,
    #[error("the period is in the future")]
    InFuture,
    #[error("the period ends before it starts")]
    EndBeforeStart,
}

impl PeriodError {
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "period-error-empty",
            Self::Unparseable => "period-error-unparseable",
            Self::InvalidMonth => "period-error-invalid-month",
            Self::InFuture => "period-error-future",
            Self::EndBeforeStart => "period-error-end-before-start",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<YearMonth> {
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }

    pub fn of(date: NaiveDate) -> YearMonth {
        YearMonth { year: date.year(), month: date.month() }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn month(&self) -> u32 {
        self.month
    }

    fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    fn plus(self, months: i64) -> Option<YearMonth> {
        let index = self.index().checked_add(months)?;
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        YearMonth::new(year, u32::try_from(index.rem_euclid(12)).ok()? + 1)
    }

    fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }
}

/// Whole months, both ends included; never empty, never in the future when parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayPeriod {
    start: YearMonth,
    end: YearMonth,
}

impl PayPeriod {
    pub fn parse(input: &str, today: NaiveDate) -> Result<PayPeriod, PeriodError> {
        let mut text = cn_number::compact(input).to_lowercase();
        // `从去年10月开始`: an open start runs up to now.
        let open_ended = ["开始", "起", "以来", "since", "onward"].iter().any(|w| text.contains(w));
        for (words, month) in [("年年底", "年12月"), ("年底", "年12月"), ("年年末", "年12月"), ("年末", "年12月")]
            .into_iter()
            .chain([("年年初", "年1月"), ("年初", "年1月")])
        {
            text = text.replace(words, month);
        }
        // `从3月干到6月`: the verb before the separator says nothing about the months.
        for (verb, separator) in WORKED_UNTIL {
            text = text.replace(verb, separator);
        }
        for filler in FILLERS.iter().chain(&EN_FILLERS) {
            text = text.replace(filler, "");
        }
        if text.is_empty() {
            return Err(PeriodError::Empty);
        }
        let now = YearMonth::of(today);
        let (start, end) = match duration_in_months(&text) {
            Some(months) => (now.plus(1 - months).ok_or(PeriodError::Unparseable)?, now),
            None => {
                let mut cursor = Cursor { rest: &text, now };
                let first = cursor.point()?;
                let second = if cursor.rest.is_empty() {
                    open_ended.then_some(Point { year: Some(now.year), month: Some(now.month) })
                } else if cursor.eat_any(&SEPARATOR_CHARS) || SEPARATOR_WORDS.iter().any(|w| cursor.eat(w)) {
                    Some(cursor.point()?)
                } else {
                    return Err(PeriodError::Unparseable);
                };
                if !cursor.rest.is_empty() {
                    return Err(PeriodError::Unparseable);
                }
                resolve(first, second, now)?
            }
        };
        if end < start {
            return Err(PeriodError::EndBeforeStart);
        }
        if end > now {
            return Err(PeriodError::InFuture);
        }
        Ok(PayPeriod { start, end })
    }

    pub fn start(&self) -> YearMonth {
        self.start
    }

    pub fn end(&self) -> YearMonth {
        self.end
    }

    pub fn months(&self) -> u32 {
        u32::try_from(self.end.index() - self.start.index() + 1).unwrap_or(0)
    }

    /// 监察条例 Art. 20: violations not found or complained about within two years are not pursued.
    /// The two years run from the end of the last unpaid month.
    pub fn is_older_than_two_years(&self, today: NaiveDate) -> bool {
        self.end.plus(25).and_then(YearMonth::first_day).is_some_and(|limit| today >= limit)
    }

    /// `2025年10月—2026年1月`, or `2025年10月` for a single month.
    pub fn display_zh(&self) -> String {
        let zh = |ym: YearMonth| format!("{}年{}月", ym.year, ym.month);
        if self.start == self.end { zh(self.start) } else { format!("{}—{}", zh(self.start), zh(self.end)) }
    }

    /// `Oct 2025 – Jan 2026`, or `Oct 2025` for a single month.
    pub fn display_en(&self) -> String {
        let en = |ym: YearMonth| {
            let index = (ym.month as usize).checked_sub(1);
            let name = index.and_then(|i| MONTH_ABBREVIATIONS.get(i)).unwrap_or(&"");
            format!("{name} {}", ym.year)
        };
        if self.start == self.end { en(self.start) } else { format!("{} – {}", en(self.start), en(self.end)) }
    }
}

/// `3个月`, `三个多月`, `半年`, `一年半`, `3 months`: that many months ending with the current one.
fn duration_in_months(text: &str) -> Option<i64> {
    if text.bytes().any(|b| b.is_ascii_alphabetic()) {
        return english::duration_in_months(text);
    }
    let text = text.replace("个多月", "个月");
    let text = text.trim_end_matches('多');
    let (body, per, extra) = match text {
        "半年" => return Some(6),
        "半个月" => return Some(1),
        _ if text.ends_with("个月") => (text.strip_suffix("个月")?, 1, 0),
        // A half month still touches one more calendar month.
        _ if text.ends_with("个半月") => (text.strip_suffix("个半月")?, 1, 1),
        _ if text.ends_with("年半") => (text.strip_suffix("年半")?, 12, 6),
        _ => (text.strip_suffix('年')?.trim_end_matches('多'), 12, 0),
    };
    let n = i64::try_from(cn_number::parse_integer(body).ok()?).ok()?;
    // `2025年` is a year, not 2025 years; ten years is already far past any claim.
    let most = if per == 12 { 10 } else { 120 };
    (1..=most).contains(&n).then_some(n * per + extra)
}

/// One end of a period as typed; a missing year is filled in by [`resolve`].
#[derive(Debug, Clone, Copy)]
struct Point {
    year: Option<i32>,
    month: Option<u32>,
}

struct Cursor<'a> {
    rest: &'a str,
    now: YearMonth,
}

impl<'a> Cursor<'a> {
    fn eat(&mut self, word: &str) -> bool {
        let Some(rest) = self.rest.strip_prefix(word) else {
            return false;
        };
        self.rest = rest;
        true
    }

    fn eat_any(&mut self, chars: &[char]) -> bool {
        let Some(rest) = self.rest.strip_prefix(chars) else {
            return false;
        };
        self.rest = rest;
        true
    }

    fn numeral(&mut self) -> Option<&'a str> {
        let is_part = |c: char| c.is_ascii_digit() || cn_number::cn_digit(c).is_some() || c == '十';
        let end = self.rest.find(|c: char| !is_part(c)).unwrap_or(self.rest.len());
        let (numeral, rest) = self.rest.split_at(end);
        self.rest = rest;
        (!numeral.is_empty()).then_some(numeral)
    }

    fn point(&mut self) -> Result<Point, PeriodError> {
        for (word, offset) in RELATIVE_YEARS {
            if self.eat(word) {
                let month = self.month(false)?;
                return Ok(Point { year: Some(self.now.year + offset), month });
            }
        }
        for (word, offset) in RELATIVE_MONTHS {
            if self.eat(word) {
                let ym = self.now.plus(offset).ok_or(PeriodError::Unparseable)?;
                return Ok(Point { year: Some(ym.year), month: Some(ym.month) });
            }
        }
        if let Some(point) = self.english_month()? {
            return Ok(point);
        }
        let before = self.rest;
        let numeral = self.numeral().ok_or(PeriodError::Unparseable)?;
        if self.eat("年") {
            return Ok(Point { year: Some(year(numeral)?), month: self.month(false)? });
        }
        // `2025.3`, `2025/03`, `2025-3`: a four-digit year, a mark, then the month.
        let dotted = numeral.len() == 4 && numeral.bytes().all(|b| b.is_ascii_digit());
        if dotted && self.eat_any(&['.', '/', '-']) {
            return match self.month(true)? {
                Some(month) => Ok(Point { year: Some(year(numeral)?), month: Some(month) }),
                None => Err(PeriodError::Unparseable),
            };
        }
        self.rest = before;
        match self.month(false)? {
            Some(month) => Ok(Point { year: None, month: Some(month) }),
            None => Err(PeriodError::Unparseable),
        }
    }

    /// `oct2025`, `october,2025`, `august`, `octlastyear`: an English month and the year if one follows.
    /// Only a four-digit year is read: `oct25` could be a day, so it is left unread (and refused).
    fn english_month(&mut self) -> Result<Option<Point>, PeriodError> {
        // `last october`: the latest October before this month.
        if let Some((month, rest)) = self.rest.strip_prefix("last").and_then(english::month_prefix) {
            self.rest = rest;
            let year = if month < self.now.month { self.now.year } else { self.now.year - 1 };
            return Ok(Some(Point { year: Some(year), month: Some(month) }));
        }
        let Some((month, rest)) = english::month_prefix(self.rest) else {
            return Ok(None);
        };
        self.rest = rest.strip_prefix(',').unwrap_or(rest);
        let digits = self.rest.bytes().take_while(u8::is_ascii_digit).count();
        let year = if digits == 4 {
            let (numeral, rest) = self.rest.split_at(4);
            self.rest = rest;
            Some(year(numeral)?)
        } else {
            RELATIVE_YEARS
                .iter()
                .find(|(word, _)| word.is_ascii() && self.eat(word))
                .map(|(_, offset)| self.now.year + offset)
        };
        Ok(Some(Point { year, month: Some(month) }))
    }

    /// A month, with `月` required unless `bare` (after `2025.`); a day after it (`5日`, `5号`) is skipped.
    fn month(&mut self, bare: bool) -> Result<Option<u32>, PeriodError> {
        let before = self.rest;
        let Some(numeral) = self.numeral() else {
            return Ok(None);
        };
        if !self.eat("月") && !bare {
            self.rest = before;
            return Ok(None);
        }
        let month = cn_number::parse_integer(numeral).map_err(|_| PeriodError::Unparseable)?;
        let month = u32::try_from(month).ok().filter(|m| (1..=12).contains(m)).ok_or(PeriodError::InvalidMonth)?;
        let before_day = self.rest;
        if !(self.numeral().is_some() && self.eat_any(&['日', '号'])) {
            self.rest = before_day;
        }
        Ok(Some(month))
    }
}

/// `25年` is 2025; years outside 1950–9999 are typos.
fn year(numeral: &str) -> Result<i32, PeriodError> {
    let value = cn_number::parse_integer(numeral).map_err(|_| PeriodError::Unparseable)?;
    let value = if value < 100 { value + 2000 } else { value };
    i32::try_from(value).ok().filter(|y| (1950..=9999).contains(y)).ok_or(PeriodError::Unparseable)
}

/// Fills in missing years: from the other end if it has one, else the most recent span not in the future.
/// A year alone covers the whole year, up to this month.
fn resolve(first: Point, second: Option<Point>, now: YearMonth) -> Result<(YearMonth, YearMonth), PeriodError> {
    let last = second.unwrap_or(first);
    let start_month = first.month.unwrap_or(1);
    let end_month = match (last.month, last.year) {
        (Some(month), _) => month,
        (None, Some(year)) if year == now.year => now.month,
        (None, _) => 12,
    };
    let wraps = end_month < start_month;
    let (start_year, end_year) = match (first.year, last.year) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + i32::from(wraps)),
        (None, Some(e)) => (e - i32::from(wraps), e),
        (None, None) => {
            let end_year = if end_month <= now.month { now.year } else { now.year - 1 };
            (end_year - i32::from(wraps), end_year)
        }
    };
    let start = YearMonth::new(start_year, start_month).ok_or(PeriodError::InvalidMonth)?;
    let end = YearMonth::new(end_year, end_month).ok_or(PeriodError::InvalidMonth)?;
    Ok((start, end))
}

/// Periods as the store keeps them (`YYYY-MM` at each end), read back for a crew member who joins
/// the case they belong to.
impl PayPeriod {
    pub fn from_stored(start: &str, end: &str) -> Option<PayPeriod> {
        let ym = |text: &str| {
            let (y, m) = text.split_once('-')?;
            YearMonth::new(y.parse().ok()?, m.parse().ok()?)
        };
        let (start, end) = (ym(start)?, ym(end)?);
        (start <= end).then_some(PayPeriod { start, end })
    }
}

#[cfg(test)]
#[path = "period_tests.rs"]
mod tests;
