//! Working days on China's official calendar: weekends, public holidays and make-up working days
//! (调休), one data file per year (`deploy/calendar/2026.toml`).
//!
//! Convention (民法典 Art. 201: the day a period starts does not count): "n working days after D"
//! is the n-th working day strictly after D, whether or not D itself is a working day, and that
//! day is the last day allowed (the deadline is met by acting on it). A complaint submitted on a
//! Friday, 2026-01-09, must be decided on by Friday 2026-01-16 (5 working days); it is overdue from
//! the next calendar day. Years the calendar does not know fall back to Monday–Friday, and
//! `covers(year)` tells `check-config` to warn.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::issues::{Collector, ConfigProblem, table_path_at};

/// Calendar days ahead of today that a deadline set today can reach: 90 working days (60 extended by
/// 30) with the long holidays among them.
const DEADLINE_HORIZON_DAYS: u64 = 150;

/// Whether a year's file is the State Council's arrangement or an illustration of the usual pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarStatus {
    Official,
    Example,
}

/// Holidays and make-up working days of the years the operator provided.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkCalendar {
    years: BTreeMap<i32, CalendarStatus>,
    days_off: BTreeSet<NaiveDate>,
    make_up_days: BTreeSet<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: Spanned<i32>,
    status: Spanned<String>,
    #[serde(rename = "source")]
    _source: String,
    #[serde(default)]
    holidays: Vec<RawHoliday>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    #[serde(rename = "name_zh")]
    _name_zh: String,
    #[serde(rename = "name_en")]
    _name_en: String,
    first_day: Spanned<toml::value::Datetime>,
    last_day: Spanned<toml::value::Datetime>,
    #[serde(default)]
    make_up_workdays: Vec<Spanned<toml::value::Datetime>>,
}

impl WorkCalendar {
    /// A calendar that knows no year: plain Monday–Friday.
    pub fn weekdays_only() -> WorkCalendar {
        WorkCalendar::default()
    }

    /// Parses one year's file and merges it in; problems go to `out`, located in `text`.
    pub(crate) fn add_year_file(&mut self, text: &str, out: &mut Collector<'_>) {
        let raw: RawYear = match toml::from_str(text) {
            Ok(raw) => raw,
            Err(e) => {
                let span = e.span();
                let path = span.clone().map(|s| table_path_at(text, s.start)).unwrap_or_default();
                out.error(span, path, ConfigProblem::Syntax(e.message().to_string()));
                return;
            }
        };
        let year = *raw.year.get_ref();
        let status = match raw.status.get_ref().as_str() {
            "official" => CalendarStatus::Official,
            "example" => {
                out.warn(Some(raw.status.span()), "status", ConfigProblem::ExampleYear(year));
                CalendarStatus::Example
            }
            other => {
                out.error(Some(raw.status.span()), "status", ConfigProblem::UnknownStatus(other.into()));
                return;
            }
        };
        if self.years.insert(year, status).is_some() {
            out.error(Some(raw.year.span()), "year", ConfigProblem::DuplicateYear(year));
            return;
        }
        for (i, h) in raw.holidays.iter().enumerate() {
            let path = format!("holidays[{i}]");
            let first = date_in_year(&h.first_day, year, &format!("{path}.first_day"), out);
            let last = date_in_year(&h.last_day, year, &format!("{path}.last_day"), out);
            if let (Some(first), Some(last)) = (first, last) {
                if last < first {
                    out.error(Some(h.last_day.span()), format!("{path}.last_day"), ConfigProblem::ReversedPeriod);
                }
                self.days_off.extend(first.iter_days().take_while(|d| *d <= last));
            }
            for (j, w) in h.make_up_workdays.iter().enumerate() {
                let wpath = format!("{path}.make_up_workdays[{j}]");
                let Some(day) = date_in_year(w, year, &wpath, out) else {
                    continue;
                };
                if !is_weekend(day) {
                    out.warn(Some(w.span()), wpath, ConfigProblem::MakeUpOnWeekday(day.to_string()));
                } else {
                    self.make_up_days.insert(day);
                }
            }
        }
        for (i, h) in raw.holidays.iter().enumerate() {
            for (j, w) in h.make_up_workdays.iter().enumerate() {
                if let Some(day) = to_date(w.get_ref()).filter(|d| self.days_off.contains(d)) {
                    let path = format!("holidays[{i}].make_up_workdays[{j}]");
                    out.error(Some(w.span()), path, ConfigProblem::HolidayAndWorkday(day.to_string()));
                }
            }
        }
    }

    /// Whether the calendar has a file for `year` (otherwise that year is Monday–Friday).
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The years the deadlines set from `today` can fall in (the longest, 60 working days extended by
    /// 30, ends within about five months) that the calendar has no file for: counted as plain
    /// Monday–Friday, which is wrong around every holiday. `check-config` and the bot's start warn.
    pub fn missing_years_ahead(&self, today: NaiveDate) -> Vec<i32> {
        let last = today.checked_add_days(Days::new(DEADLINE_HORIZON_DAYS)).unwrap_or(today);
        (today.year()..=last.year()).filter(|year| !self.covers(*year)).collect()
    }

    /// The status of a covered year.
    pub fn status(&self, year: i32) -> Option<CalendarStatus> {
        self.years.get(&year).copied()
    }

    /// The years the calendar knows.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.make_up_days.contains(&day) {
            return true;
        }
        !self.days_off.contains(&day) && !is_weekend(day)
    }

    /// The `n`-th working day strictly after `start` (`start` itself for `n == 0`).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => return NaiveDate::MAX,
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days `d` with `a < d <= b`; 0 when `b <= a`. Inverse of `add_working_days` on
    /// working days: `working_days_between(a, add_working_days(a, n)) == n`.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        if b <= a {
            return 0;
        }
        let count = a.iter_days().skip(1).take_while(|d| *d <= b).filter(|d| self.is_working_day(*d)).count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}

fn to_date(value: &toml::value::Datetime) -> Option<NaiveDate> {
    match (value.date, value.time) {
        (Some(d), None) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day)),
        _ => None,
    }
}

fn date_in_year(
    value: &Spanned<toml::value::Datetime>,
    year: i32,
    path: &str,
    out: &mut Collector<'_>,
) -> Option<NaiveDate> {
    let Some(day) = to_date(value.get_ref()) else {
        out.error(Some(value.span()), path, ConfigProblem::NotADate(value.get_ref().to_string()));
        return None;
    };
    // A notice may reach into the end of the year before (the 2018 New Year holiday began on
    // 2017-12-30), never further.
    if day.year() != year && day.year() != year - 1 {
        out.error(Some(value.span()), path, ConfigProblem::DateOutsideYear { date: day.to_string(), year });
        return None;
    }
    Some(day)
}
