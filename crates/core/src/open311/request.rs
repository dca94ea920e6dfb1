//! One case as a GeoReport service request, and the error bodies. Only these fields are published:
//! the case number workers are given, the service, "open"/"closed" with the lifecycle status (and
//! outcome) code as its note, the owning office, the submission, last-change and legal-deadline times,
//! and the worksite's county or township. GeoReport's `description`, `address` as a street, `zipcode`,
//! `lat`/`long` and `media_url` are never filled: they would be the worker's words, the worksite or
//! their evidence.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use serde::Serialize;

use super::service::Service;
use crate::case::{OutcomeKind, Status};
use crate::deployment::{Deployment, OfficeId};
use crate::i18n::{Arg, Lang, tr_args};
use crate::intake::draft::ClaimKind;

/// GeoReport's two statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Open,
    Closed,
}

impl RequestStatus {
    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Closed => "closed",
        }
    }

    pub fn from_code(code: &str) -> Option<RequestStatus> {
        [RequestStatus::Open, RequestStatus::Closed].into_iter().find(|s| s.code() == code)
    }

    /// "closed" once the case has an outcome or was withdrawn — the ledger's "finished" — even while a
    /// paid outcome waits for the worker's confirmation; a reopened case is open again.
    pub fn of(status: Status) -> RequestStatus {
        if status.is_open() { RequestStatus::Open } else { RequestStatus::Closed }
    }
}

/// A case as the store reads it for the API: codes and times, nothing a person typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub case_number: String,
    /// The complaint's `claim_kind` code.
    pub claim_kind: String,
    /// The case's lifecycle status code.
    pub status: String,
    /// The outcome code, once there is one.
    pub outcome: Option<String>,
    pub owner_office: String,
    /// `000000` when the worker could not place the worksite.
    pub county_code: String,
    pub township_code: Option<String>,
    /// RFC 3339, as stored.
    pub submitted_at: String,
    pub updated_at: String,
    /// The running legal clock's due date (YYYY-MM-DD), if one runs.
    pub clock_due: Option<String>,
}

/// A row the API cannot publish (a code or time this version does not know): logged and left out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowError {
    #[error("case {0}: unknown claim kind {1:?}")]
    ClaimKind(String, String),
    #[error("case {0}: unknown status {1:?}")]
    Status(String, String),
    #[error("case {0}: unreadable time {1:?}")]
    Time(String, String),
}

/// One element of `requests.json` and `requests/{id}.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceRequest {
    pub service_request_id: String,
    pub status: RequestStatus,
    /// The lifecycle status code, with the outcome code once closed (`resolved: paid_in_full`): a fixed
    /// vocabulary, never staff's words.
    pub status_notes: String,
    pub service_name: String,
    pub service_code: &'static str,
    pub agency_responsible: String,
    pub service_notice: String,
    pub requested_datetime: String,
    pub updated_datetime: String,
    /// The last moment of the running legal clock's due date (acceptance, or investigation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_datetime: Option<String>,
    /// The worksite's county, or county and township: never a street.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The administrative division code (GB/T 2260) of `address`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_id: Option<String>,
}

/// A time as GeoReport writes it (W3C), in China Standard Time: `2026-12-01T09:30:00+08:00`.
pub fn w3c(t: DateTime<Utc>) -> String {
    t.with_timezone(&Shanghai).format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn stored_time(case: &str, text: &str) -> Result<String, RowError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| w3c(t.with_timezone(&Utc)))
        .map_err(|_| RowError::Time(case.to_owned(), text.to_owned()))
}

/// The last moment of a local due date.
fn end_of(day: NaiveDate) -> Option<String> {
    let last = NaiveTime::from_hms_opt(23, 59, 59)?;
    Shanghai.from_local_datetime(&day.and_time(last)).single().map(|t| w3c(t.with_timezone(&Utc)))
}

/// The worksite's county, or county and township, in `lang`, with its code.
fn place(row: &CaseRow, d: &Deployment, lang: Lang) -> Option<(String, String)> {
    let name = |zh: &str, en: &str| if lang == Lang::En { en.to_owned() } else { zh.to_owned() };
    if let Some((county, township)) = row.township_code.as_deref().and_then(|code| d.township(code)) {
        let args = [
            ("county", Arg::from(name(&county.name_zh, &county.name_en))),
            ("township", Arg::from(name(&township.name_zh, &township.name_en))),
        ];
        return Some((tr_args(lang, "open311-address-township", &args), township.code.clone()));
    }
    let county = d.county(&row.county_code)?;
    Some((name(&county.name_zh, &county.name_en), county.code.clone()))
}

/// The case as a service request, in `lang`.
pub fn service_request(row: &CaseRow, d: &Deployment, lang: Lang) -> Result<ServiceRequest, RowError> {
    let number = &row.case_number;
    let kind = ClaimKind::from_code(&row.claim_kind)
        .ok_or_else(|| RowError::ClaimKind(number.clone(), row.claim_kind.clone()))?;
    let status = Status::from_code(&row.status).ok_or_else(|| RowError::Status(number.clone(), row.status.clone()))?;
    let service = Service::of(kind);
    let published = RequestStatus::of(status);
    // Only a known outcome code is named: the column holds codes, and this keeps it so.
    let outcome = row.outcome.as_deref().and_then(OutcomeKind::from_code).filter(|_| !status.is_open());
    let status_notes = match outcome {
        Some(outcome) => format!("{}: {}", status.code(), outcome.code()),
        None => status.code().to_owned(),
    };
    let office = OfficeId::parse(&row.owner_office).ok();
    let agency_responsible = match office.as_ref().and_then(|id| d.office(id)) {
        Some(o) if lang == Lang::En => o.name_en.clone(),
        Some(o) => o.name_zh.clone(),
        None => row.owner_office.clone(),
    };
    let expected_datetime = row
        .clock_due
        .as_deref()
        .filter(|_| published == RequestStatus::Open)
        .and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        .and_then(end_of);
    let (address, address_id) = place(row, d, lang).unzip();
    Ok(ServiceRequest {
        service_request_id: number.clone(),
        status: published,
        status_notes,
        service_name: service.name(lang),
        service_code: service.code(),
        agency_responsible,
        service_notice: service.notice(lang),
        requested_datetime: stored_time(number, &row.submitted_at)?,
        updated_datetime: stored_time(number, &row.updated_at)?,
        expected_datetime,
        address,
        address_id,
    })
}

/// One element of an error body: GeoReport answers errors as an array of these.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiError {
    pub code: u16,
    pub description: String,
}

/// An error body with one error.
pub fn error_body(code: u16, description: String) -> Vec<ApiError> {
    vec![ApiError { code, description }]
}
