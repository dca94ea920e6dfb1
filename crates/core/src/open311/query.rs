//! The filters of `requests.json`, checked once at the edge: GeoReport's `service_request_id`,
//! `service_code`, `status`, `start_date` and `end_date` (repeated or comma-separated where the
//! specification allows a list). Without dates the window is the last 90 days; a window may not span
//! more than 90 days; at most 1,000 requests are returned, newest first. Other parameters
//! (`jurisdiction_id`, `api_key`, ...) are ignored: one jurisdiction, and nothing to authorize for reading.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;

use super::request::RequestStatus;
use super::service::Service;
use crate::case::Status;
use crate::i18n::{Arg, Lang, tr_args};

/// The default window, and the longest one may ask for (GeoReport: 90 days).
pub const MAX_SPAN_DAYS: i64 = 90;
/// The most requests one answer carries (GeoReport: 1,000), and the most ids one query may name.
pub const MAX_RESULTS: usize = 1000;

/// What `requests.json` was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// `service_request_id`: these cases, whatever the other parameters say (GeoReport: it overrides them).
    Ids(Vec<String>),
    Filter(Filter),
}

/// Requests submitted from `from` to `to` (both included), of these services and statuses (empty: any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub services: Vec<Service>,
    pub statuses: Vec<RequestStatus>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Filter {
    /// The complaints' `claim_kind` codes to match (empty: any).
    pub fn claim_kinds(&self) -> Vec<&'static str> {
        self.services.iter().map(|s| s.claim_kind().code()).collect()
    }

    /// The cases' lifecycle status codes to match (empty: any).
    pub fn lifecycle_statuses(&self) -> Vec<&'static str> {
        if self.statuses.is_empty() {
            return Vec::new();
        }
        Status::ALL.into_iter().filter(|s| self.statuses.contains(&RequestStatus::of(*s))).map(Status::code).collect()
    }
}

/// Why a query was refused (HTTP 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    UnknownService(String),
    UnknownStatus(String),
    BadDate { field: &'static str, value: String },
    EndBeforeStart,
    SpanTooLong,
    TooManyIds,
}

impl QueryError {
    /// What the error body says, in `lang`. Echoed values are cut short: they are the caller's own.
    pub fn describe(&self, lang: Lang) -> String {
        let short = |v: &str| Arg::from(v.chars().take(40).collect::<String>());
        match self {
            QueryError::UnknownService(v) => tr_args(lang, "open311-error-service", &[("value", short(v))]),
            QueryError::UnknownStatus(v) => tr_args(lang, "open311-error-status", &[("value", short(v))]),
            QueryError::BadDate { field, value } => {
                tr_args(lang, "open311-error-date", &[("field", Arg::from(*field)), ("value", short(value))])
            }
            QueryError::EndBeforeStart => tr_args(lang, "open311-error-end-before-start", &[]),
            QueryError::SpanTooLong => tr_args(lang, "open311-error-span", &[("days", Arg::from(MAX_SPAN_DAYS))]),
            QueryError::TooManyIds => tr_args(lang, "open311-error-too-many-ids", &[("max", Arg::from(MAX_RESULTS))]),
        }
    }
}

/// Every value of `key`, repeated or comma-separated, trimmed, empty ones dropped.
fn list<'a>(params: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    params
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect()
}

fn single<'a>(params: &'a [(String, String)], key: &str) -> Option<&'a str> {
    params.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

/// The query of `requests.json` at `now`.
pub fn parse_query(params: &[(String, String)], now: DateTime<Utc>) -> Result<Search, QueryError> {
    let ids = list(params, "service_request_id");
    if !ids.is_empty() {
        if ids.len() > MAX_RESULTS {
            return Err(QueryError::TooManyIds);
        }
        let mut unique: Vec<String> = Vec::with_capacity(ids.len());
        for id in ids {
            if !unique.iter().any(|u| u == id) {
                unique.push(id.to_owned());
            }
        }
        return Ok(Search::Ids(unique));
    }
    let mut services = Vec::new();
    for code in list(params, "service_code") {
        let service = Service::from_code(code).ok_or_else(|| QueryError::UnknownService(code.to_owned()))?;
        if !services.contains(&service) {
            services.push(service);
        }
    }
    let mut statuses = Vec::new();
    for code in list(params, "status") {
        let status = RequestStatus::from_code(code).ok_or_else(|| QueryError::UnknownStatus(code.to_owned()))?;
        if !statuses.contains(&status) {
            statuses.push(status);
        }
    }
    let start = single(params, "start_date").map(|v| bound("start_date", v, Edge::Start)).transpose()?;
    let end = single(params, "end_date").map(|v| bound("end_date", v, Edge::End)).transpose()?;
    let span = Duration::days(MAX_SPAN_DAYS);
    let (from, to) = match (start, end) {
        (None, None) => (now - span, now),
        (Some(from), None) => (from, from + span),
        (None, Some(to)) => (to - span, to),
        (Some(from), Some(to)) if to < from => return Err(QueryError::EndBeforeStart),
        (Some(from), Some(to)) if to - from > span => return Err(QueryError::SpanTooLong),
        (Some(from), Some(to)) => (from, to),
    };
    Ok(Search::Filter(Filter { services, statuses, from, to }))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Edge {
    Start,
    End,
}

/// A W3C date or date-time (GeoReport's format): `2026-12-01T09:30:00+08:00`, with fractions of a
/// second, `Z`, or minutes only; a date alone is its first moment (`start_date`) or its last
/// (`end_date`) in China Standard Time. An unescaped `+` in a query string arrives as a space: read
/// back as `+`, since no W3C date-time has a space.
fn bound(field: &'static str, value: &str, edge: Edge) -> Result<DateTime<Utc>, QueryError> {
    let bad = || QueryError::BadDate { field, value: value.to_owned() };
    // W3C dates have four-digit years; chrono also reads signed ones up to ±262,143, where the
    // window's 90 days would overflow.
    moment(value, edge).filter(|t| (1..=9999).contains(&t.year())).ok_or_else(bad)
}

fn moment(value: &str, edge: Edge) -> Option<DateTime<Utc>> {
    let text = value.replace(' ', "+");
    if let Ok(t) = DateTime::parse_from_rfc3339(&text) {
        return Some(t.with_timezone(&Utc));
    }
    let minutes = text.strip_suffix('Z').map_or_else(|| text.clone(), |t| format!("{t}+00:00"));
    if let Ok(t) = DateTime::parse_from_str(&minutes, "%Y-%m-%dT%H:%M%:z") {
        return Some(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok()?;
    let moment = match edge {
        Edge::Start => day.and_time(NaiveTime::MIN),
        Edge::End => day.and_time(NaiveTime::from_hms_milli_opt(23, 59, 59, 999)?),
    };
    Shanghai.from_local_datetime(&moment).single().map(|t| t.with_timezone(&Utc))
}
