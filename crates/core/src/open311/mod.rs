//! The Open311 GeoReport v2 read API's rules (issue 18): which services the caseload is published as,
//! how a case's lifecycle reads as "open" or "closed", what a query may ask for, and the fields of each
//! published request. City dashboards and open-data portals read the caseload through it, so it carries
//! no personal data: no names, numbers, amounts, words or chats — a case number, its service, status,
//! office, times and the county or township of the worksite. The web channel serves it
//! (`src/web/open311.rs`); the store reads the rows (`store::open311`).
//!
//! - [`service`] — the services (what money is owed) and the discovery document.
//! - [`query`] — the filters of `requests.json`, checked, with the default window and the cap.
//! - [`request`] — one case as a GeoReport service request, and the error bodies.

mod query;
mod request;
mod service;

pub use query::{Filter, MAX_RESULTS, MAX_SPAN_DAYS, QueryError, Search, parse_query};
pub use request::{ApiError, CaseRow, RequestStatus, RowError, ServiceRequest, error_body, service_request, w3c};
pub use service::{Discovery, Endpoint, SPECIFICATION, Service, ServiceDefinition, discovery, services};

/// How a resource was asked for: GeoReport names a format by the path's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    /// Part of the specification; not served (JSON only), and answered with an error saying so.
    Xml,
}

/// A path's last segment split into its name and format (`requests.json` → `requests`, JSON); `None`
/// for any other extension.
pub fn split_format(segment: &str) -> Option<(&str, Format)> {
    let (name, ext) = segment.rsplit_once('.')?;
    let format = match ext {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    (!name.is_empty()).then_some((name, format))
}

#[cfg(test)]
mod tests;
