//! What [`PayPeriod::parse`] reads and refuses, in Chinese and English, against a fixed mid-March today.

use super::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// A mid-March "today", so that spans crossing New Year and spans reaching the future both occur.
fn today() -> NaiveDate {
    date(2026, 3, 15)
}

/// ((start year, month), (end year, month))
type Span = ((i32, u32), (i32, u32));

fn span(input: &str) -> Result<Span, PeriodError> {
    PayPeriod::parse(input, today()).map(|p| {
        let (s, e) = (p.start(), p.end());
        ((s.year(), s.month()), (e.year(), e.month()))
    })
}

#[test]
fn the_design_vectors_are_read() {
    assert_eq!(span("去年10月到今年1月"), Ok(((2025, 10), (2026, 1))));
    assert_eq!(span("3个月"), Ok(((2026, 1), (2026, 3))));
}

#[test]
fn explicit_years_in_every_notation_are_read() {
    for input in [
        "2025年3月到6月",
        "2025年3月-2025年6月",
        "2025.3-2025.6",
        "2025/03~2025/06",
        "２０２５年３月到２０２５年６月",
        "2025年3月至2025年6月",
        "25年3月到6月",
        "2025-3-2025-6",
        "二〇二五年三月到六月",
        "从2025年3月5号到6月底",
    ] {
        assert_eq!(span(input), Ok(((2025, 3), (2025, 6))), "{input}");
    }
}

#[test]
fn relative_words_are_resolved_against_today() {
    assert_eq!(span("今年2月"), Ok(((2026, 2), (2026, 2))));
    assert_eq!(span("上个月"), Ok(((2026, 2), (2026, 2))));
    assert_eq!(span("这个月"), Ok(((2026, 3), (2026, 3))));
    assert_eq!(span("前年8月到去年2月"), Ok(((2024, 8), (2025, 2))));
    assert_eq!(span("去年十月到现在"), Ok(((2025, 10), (2026, 3))));
    assert_eq!(span("去年10月至今"), Ok(((2025, 10), (2026, 3))));
    assert_eq!(span("去年"), Ok(((2025, 1), (2025, 12))));
    assert_eq!(span("今年"), Ok(((2026, 1), (2026, 3))));
    assert_eq!(span("从去年十一月开始"), Ok(((2025, 11), (2026, 3))));
    assert_eq!(span("去年年底到今年"), Ok(((2025, 12), (2026, 3))));
    assert_eq!(span("去年初到去年底"), Ok(((2025, 1), (2025, 12))));
}

#[test]
fn a_span_joined_by_worked_until_is_read_like_one_joined_by_to() {
    assert_eq!(span("从3月干到6月"), Ok(((2025, 3), (2025, 6))));
    assert_eq!(span("从去年10月干到今年1月"), Ok(((2025, 10), (2026, 1))));
    assert_eq!(span("去年10月干到现在"), Ok(((2025, 10), (2026, 3))));
    assert_eq!(span("去年10月做到今年2月"), Ok(((2025, 10), (2026, 2))));
    assert_eq!(span("2025年3月干至2025年6月"), Ok(((2025, 3), (2025, 6))));
}

#[test]
fn months_without_a_year_are_the_most_recent_span_not_in_the_future() {
    assert_eq!(span("10月到12月"), Ok(((2025, 10), (2025, 12))));
    assert_eq!(span("十月到十二月"), Ok(((2025, 10), (2025, 12))));
    assert_eq!(span("11月到2月"), Ok(((2025, 11), (2026, 2))));
    assert_eq!(span("1月到3月"), Ok(((2026, 1), (2026, 3))));
    assert_eq!(span("5月"), Ok(((2025, 5), (2025, 5))));
    assert_eq!(span("十月"), Ok(((2025, 10), (2025, 10))));
    assert_eq!(span("10月到今年2月"), Ok(((2025, 10), (2026, 2))));
}

#[test]
fn durations_end_this_month() {
    assert_eq!(span("半年"), Ok(((2025, 10), (2026, 3))));
    assert_eq!(span("三个月"), Ok(((2026, 1), (2026, 3))));
    assert_eq!(span("最近3个多月"), Ok(((2026, 1), (2026, 3))));
    assert_eq!(span("一年"), Ok(((2025, 4), (2026, 3))));
    assert_eq!(span("一年半"), Ok(((2024, 10), (2026, 3))));
    assert_eq!(span("两个半月"), Ok(((2026, 1), (2026, 3))));
    assert_eq!(span("1个月"), Ok(((2026, 3), (2026, 3))));
    assert_eq!(span("3 months"), Ok(((2026, 1), (2026, 3))));
    assert_eq!(span("1 year"), Ok(((2025, 4), (2026, 3))));
}

#[test]
fn english_months_and_ranges_are_read() {
    let oct_to_jan = Ok(((2025, 10), (2026, 1)));
    for input in [
        "Oct 2025 to Jan 2026",
        "Oct 2025 – Jan 2026",
        "October 2025 to January 2026",
        "oct 2025 - jan 2026",
        "Oct. 2025 to Jan. 2026",
        "October, 2025 until January, 2026",
        "from October 2025 to January 2026",
        "between October 2025 and January 2026",
        "Oct 2025 through Jan 2026",
        "October last year to January",
        "last October to January",
        "from October to January",
        "Oct–Jan",
        "Oct-Jan 2026",
        "October 2025 to January this year",
    ] {
        assert_eq!(span(input), oct_to_jan, "{input}");
    }
    for (input, expected) in [
        ("October 2025", ((2025, 10), (2025, 10))),
        ("Feb", ((2026, 2), (2026, 2))),
        ("last March", ((2025, 3), (2025, 3))),
        ("last month", ((2026, 2), (2026, 2))),
        ("this month", ((2026, 3), (2026, 3))),
        ("last year", ((2025, 1), (2025, 12))),
        ("since October 2025", ((2025, 10), (2026, 3))),
        ("October 2025 onwards", ((2025, 10), (2026, 3))),
        ("from Oct 2025 until now", ((2025, 10), (2026, 3))),
        ("Oct 2025 to date", ((2025, 10), (2026, 3))),
        ("Sept 2025 till today", ((2025, 9), (2026, 3))),
        ("from August to October", ((2025, 8), (2025, 10))),
        ("Nov–Feb", ((2025, 11), (2026, 2))),
    ] {
        assert_eq!(span(input), Ok(expected), "{input}");
    }
}

#[test]
fn an_english_range_with_one_year_takes_the_other_end_from_it() {
    let after_october = date(2026, 11, 20);
    let aug_to_oct = Ok(((2026, 8), (2026, 10)));
    for input in ["August to October 2026", "Aug–Oct 2026", "Aug-Oct 2026", "Aug - Oct 2026", "from August to October"]
    {
        let read = PayPeriod::parse(input, after_october).map(|p| {
            let (s, e) = (p.start(), p.end());
            ((s.year(), s.month()), (e.year(), e.month()))
        });
        assert_eq!(read, aug_to_oct, "{input}");
    }
    assert_eq!(span("Nov to Feb 2026"), Ok(((2025, 11), (2026, 2))));
    assert_eq!(span("Oct 2025 to Jan"), Ok(((2025, 10), (2026, 1))));
}

#[test]
fn english_durations_end_this_month_like_the_chinese_ones() {
    for (input, start) in [
        ("3 months", (2026, 1)),
        ("three months", (2026, 1)),
        ("the last 3 months", (2026, 1)),
        ("about six months", (2025, 10)),
        ("half a year", (2025, 10)),
        ("a year", (2025, 4)),
        ("a year and a half", (2024, 10)),
        ("a month", (2026, 3)),
    ] {
        assert_eq!(span(input), Ok((start, (2026, 3))), "{input}");
    }
}

#[test]
fn english_periods_that_cannot_be_meant_are_refused() {
    assert_eq!(span("August 2026"), Err(PeriodError::InFuture));
    assert_eq!(span("Aug to Oct 2026"), Err(PeriodError::InFuture));
    assert_eq!(span("Jan 2026 to Oct 2025"), Err(PeriodError::EndBeforeStart));
    for input in ["Oct 25", "Octember", "a few months", "months", "October to", "to October", "Oct 2025 Jan 2026"] {
        assert_eq!(span(input), Err(PeriodError::Unparseable), "{input}");
    }
}

#[test]
fn the_future_is_refused() {
    assert_eq!(span("今年5月"), Err(PeriodError::InFuture));
    assert_eq!(span("今年1月到今年6月"), Err(PeriodError::InFuture));
    assert_eq!(span("明年1月"), Err(PeriodError::InFuture));
    assert_eq!(span("2030年1月"), Err(PeriodError::InFuture));
}

#[test]
fn an_end_before_the_start_is_refused() {
    assert_eq!(span("2025年6月到2025年3月"), Err(PeriodError::EndBeforeStart));
    assert_eq!(span("今年2月到去年3月"), Err(PeriodError::EndBeforeStart));
}

#[test]
fn impossible_months_are_refused() {
    assert_eq!(span("13月"), Err(PeriodError::InvalidMonth));
    assert_eq!(span("2025.0-2025.6"), Err(PeriodError::InvalidMonth));
    assert_eq!(span("十三月到十二月"), Err(PeriodError::InvalidMonth));
}

#[test]
fn unreadable_text_is_refused_without_panicking() {
    assert_eq!(span(""), Err(PeriodError::Empty));
    assert_eq!(span(" \u{202E}\0"), Err(PeriodError::Empty));
    for input in [
        "很久",
        "🙂",
        "3",
        "2025",
        "0个月",
        "999个月",
        "1800年3月",
        "99999999999999999999年1月",
        "去年10",
        "10月到",
        "到10月",
        "10月到12月到1月",
        "2025年3月x",
        "腊月",
    ] {
        assert_eq!(span(input), Err(PeriodError::Unparseable), "{input}");
    }
    assert!(PayPeriod::parse(&"去年10月到".repeat(3_000), today()).is_err());
    assert!(PayPeriod::parse(&"9".repeat(10_000), today()).is_err());
    assert!(PayPeriod::parse(&format!("{}个月", "9".repeat(10_000)), today()).is_err());
}

#[test]
fn months_counts_both_ends() {
    let period = PayPeriod::parse("去年10月到今年1月", today()).expect("valid input");
    assert_eq!(period.months(), 4);
    assert_eq!(PayPeriod::parse("上个月", today()).expect("valid input").months(), 1);
}

#[test]
fn a_period_is_older_than_two_years_only_after_two_full_years() {
    let period = PayPeriod::parse("2024年1月", today()).expect("valid input");
    assert!(!period.is_older_than_two_years(date(2026, 1, 31)));
    assert!(period.is_older_than_two_years(date(2026, 2, 1)));
    let recent = PayPeriod::parse("2024年1月到2024年3月", today()).expect("valid input");
    assert!(!recent.is_older_than_two_years(today()));
}

#[test]
fn periods_display_in_both_languages() {
    let period = PayPeriod::parse("去年10月到今年1月", today()).expect("valid input");
    assert_eq!(period.display_zh(), "2025年10月—2026年1月");
    assert_eq!(period.display_en(), "Oct 2025 – Jan 2026");
    let single = PayPeriod::parse("上个月", today()).expect("valid input");
    assert_eq!(single.display_zh(), "2026年2月");
    assert_eq!(single.display_en(), "Feb 2026");
}

#[test]
fn a_period_round_trips_through_serde() {
    let period = PayPeriod::parse("2025.3-2025.6", today()).expect("valid input");
    let json = serde_json::to_string(&period).expect("serializes");
    assert_eq!(serde_json::from_str::<PayPeriod>(&json).expect("deserializes"), period);
}
