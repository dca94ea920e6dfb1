//! The Open311 GeoReport v2 read API (`[web] open311 = true`): `discovery.json`, `services.json`,
//! `requests.json` and `requests/{id}.json` under `/open311/v2`, JSON only (`.xml` is answered with an
//! error saying so). The rules — services, filters, the published fields — are the core's
//! (`core::open311`); the rows come from `store::open311`, which reads nothing personal. Public and
//! read-only: no session, no cookie, no form. Errors are GeoReport's `[{"code", "description"}]`.
//!
//! One query runs at a time: a dashboard polling hard (or a flood) holds at most one of the database
//! pool's connections, never the ones the bot's workers and offices need.

use std::time::Duration;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;

use super::{WebState, lang_of};
use crate::i18n::{Lang, tr};
use crate::open311::{self, CaseRow, Format, ServiceRequest, split_format};
use crate::storage::open311 as store;

/// How long a request waits for the query before it is told to come back later.
const QUEUE_WAIT: Duration = Duration::from_secs(5);
/// Dashboards poll; a minute-old caseload is fresh enough, and a proxy may serve it.
const FRESH_FOR: &str = "public, max-age=60";

pub(super) fn routes() -> Router<WebState> {
    Router::new()
        .route("/open311/v2/discovery.json", get(discovery))
        .route("/open311/v2/services.json", get(services))
        .route("/open311/v2/requests.json", get(requests))
        .route("/open311/v2/requests/{file}", get(one))
        .route("/open311/v2/{file}", get(other))
        .route("/open311/{*rest}", get(nothing))
}

async fn discovery(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let lang = lang_of(&headers);
    let hotline = state.ctx.deployment.hotlines.wage_arrears_or_default();
    json(StatusCode::OK, &open311::discovery(&state.web.public_url, hotline, lang))
}

async fn services(headers: HeaderMap) -> Response {
    json(StatusCode::OK, &open311::services(lang_of(&headers)))
}

async fn requests(
    State(state): State<WebState>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let lang = lang_of(&headers);
    let Ok(Query(params)) = query else {
        return error(StatusCode::BAD_REQUEST, tr(lang, "open311-error-query"));
    };
    let search = match open311::parse_query(&params, state.ctx.clock.now()) {
        Ok(search) => search,
        Err(e) => return error(StatusCode::BAD_REQUEST, e.describe(lang)),
    };
    let rows = read(&state, async |conn| store::search(&mut *conn, &search).await).await;
    match rows {
        Ok(rows) => json(StatusCode::OK, &publish(&state, &rows, lang)),
        Err(failed) => failed.response(lang),
    }
}

/// `requests/{id}.json`: an array of one, or a 404 error body.
async fn one(State(state): State<WebState>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    let lang = lang_of(&headers);
    let number = match split_format(&file) {
        Some((number, Format::Json)) => number.to_owned(),
        Some((_, Format::Xml)) => return error(StatusCode::BAD_REQUEST, tr(lang, "open311-error-format")),
        None => return error(StatusCode::NOT_FOUND, tr(lang, "open311-error-no-such-path")),
    };
    let row = read(&state, async |conn| store::by_number(&mut *conn, &number).await).await;
    match row {
        Ok(row) => {
            let found = publish(&state, row.as_slice(), lang);
            if found.is_empty() {
                error(StatusCode::NOT_FOUND, tr(lang, "open311-error-not-found"))
            } else {
                json(StatusCode::OK, &found)
            }
        }
        Err(failed) => failed.response(lang),
    }
}

/// Another resource at the top: the XML forms are named as not served, anything else is unknown.
async fn other(headers: HeaderMap, Path(file): Path<String>) -> Response {
    let lang = lang_of(&headers);
    match split_format(&file) {
        Some(("discovery" | "services" | "requests", Format::Xml)) => {
            error(StatusCode::BAD_REQUEST, tr(lang, "open311-error-format"))
        }
        _ => error(StatusCode::NOT_FOUND, tr(lang, "open311-error-no-such-path")),
    }
}

async fn nothing(headers: HeaderMap) -> Response {
    error(StatusCode::NOT_FOUND, tr(lang_of(&headers), "open311-error-no-such-path"))
}

/// Why a read gave no rows.
enum Failed {
    /// Another query held the turn past `QUEUE_WAIT`.
    Busy,
    /// The database failed (logged).
    Internal,
}

impl Failed {
    fn response(self, lang: Lang) -> Response {
        match self {
            Failed::Busy => error(StatusCode::SERVICE_UNAVAILABLE, tr(lang, "open311-error-busy")),
            Failed::Internal => error(StatusCode::INTERNAL_SERVER_ERROR, tr(lang, "open311-error-internal")),
        }
    }
}

/// Runs one read on a pooled connection, one such read at a time.
async fn read<T>(
    state: &WebState,
    query: impl AsyncFnOnce(&mut crate::storage::conn::Conn<'_>) -> Result<T, sqlx::Error>,
) -> Result<T, Failed> {
    let Ok(Ok(_turn)) = tokio::time::timeout(QUEUE_WAIT, state.open311_turn.acquire()).await else {
        return Err(Failed::Busy);
    };
    let result = match state.ctx.db.acquire().await {
        Ok(mut conn) => query(&mut conn.conn()).await,
        Err(e) => Err(e),
    };
    result.map_err(|e| {
        tracing::error!(error = %e, "open311 read failed");
        Failed::Internal
    })
}

/// The rows as service requests; a row this version cannot read is logged and left out.
fn publish(state: &WebState, rows: &[CaseRow], lang: Lang) -> Vec<ServiceRequest> {
    rows.iter()
        .filter_map(|row| match open311::service_request(row, &state.ctx.deployment, lang) {
            Ok(request) => Some(request),
            Err(e) => {
                tracing::warn!(error = %e, "open311: a case left out");
                None
            }
        })
        .collect()
}

fn error(status: StatusCode, description: String) -> Response {
    json(status, &open311::error_body(status.as_u16(), description))
}

/// A JSON answer any page may read (the data is public), cached briefly when it is not an error.
fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let (status, bytes) = match serde_json::to_vec(body) {
        Ok(bytes) => (status, bytes),
        Err(e) => {
            tracing::error!(error = %e, "open311 answer not serialized");
            (StatusCode::INTERNAL_SERVER_ERROR, b"[]".to_vec())
        }
    };
    let mut response = (status, bytes).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    let cache = if status.is_success() { FRESH_FOR } else { "no-store" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}
