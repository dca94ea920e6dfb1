//! The operator's admin address (default loopback only): `/healthz` (the process answers),
//! `/readyz` (it can take a complaint now: the database takes a write, Telegram answered recently,
//! the inbox is moving) and `/metrics` (Prometheus text format, [`crate::storage::metrics`]).
//! Separate from anything public: nothing here needs or shows personal data.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;
use tokio::net::TcpListener;

use crate::context::Ctx;
use crate::shutdown::Shutdown;
use crate::storage::metrics::{self, Now};
use wagedesk_core::clock::stamp;

/// Where the admin endpoints listen and what `/readyz` tolerates.
#[derive(Debug, Clone)]
pub struct AdminOptions {
    pub listen: SocketAddr,
    /// Not ready when the last successful getUpdates is older than this (long polls return at least
    /// every poll timeout, so this is the timeout plus a margin).
    pub telegram_stale_after: Duration,
    /// Not ready when an update has waited longer than this to be handled.
    pub inbox_stuck_after: Duration,
    /// How long `/readyz` waits for the database's write turn before it says not ready.
    pub check_timeout: Duration,
}

impl AdminOptions {
    pub fn on(listen: SocketAddr, poll_timeout_secs: u32) -> AdminOptions {
        AdminOptions {
            listen,
            telegram_stale_after: Duration::from_secs(u64::from(poll_timeout_secs) + 35),
            inbox_stuck_after: Duration::from_secs(120),
            check_timeout: Duration::from_secs(5),
        }
    }
}

#[derive(Clone)]
struct Admin {
    ctx: Ctx,
    options: AdminOptions,
}

/// Serves the admin endpoints on `listener` until shutdown (a failure is logged: intake goes on).
pub async fn serve(ctx: Ctx, options: AdminOptions, listener: TcpListener, mut shutdown: Shutdown) {
    match listener.local_addr() {
        Ok(at) => tracing::info!(address = %at, "admin endpoints listening"),
        Err(e) => tracing::warn!(error = %e, "admin listener has no address"),
    }
    let admin = Admin { ctx, options };
    let app = Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics_text))
        .with_state(admin);
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(async move { shutdown.wait().await }).await {
        tracing::error!(error = %e, "admin endpoints stopped");
    }
}

fn now(ctx: &Ctx) -> Now {
    Now { wall: stamp(Utc::now()), app: stamp(ctx.clock.now()), today: ctx.clock.today().to_string() }
}

async fn metrics_text(State(admin): State<Admin>) -> Response {
    let ctx = &admin.ctx;
    let offices: Vec<String> = ctx.deployment.offices.iter().map(|o| o.id.as_str().to_owned()).collect();
    if let Err(e) = metrics::refresh(&ctx.metrics, &ctx.db, &offices, &now(ctx)).await {
        // The counters still read; the database gauges keep their last values.
        tracing::warn!(error = %e, "reading the database gauges failed");
    }
    ([(header::CONTENT_TYPE, metrics::CONTENT_TYPE)], ctx.metrics.encode()).into_response()
}

/// One line per check, `ok` or why not; 503 when any fails.
async fn readyz(State(admin): State<Admin>) -> Response {
    let checks = [("database", database(&admin).await), ("telegram", telegram(&admin)), ("inbox", inbox(&admin).await)];
    let ready = checks.iter().all(|(_, r)| r.is_ok());
    let body: String =
        checks.iter().map(|(name, r)| format!("{name}: {}\n", r.as_ref().err().map_or("ok", String::as_str))).collect();
    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, body).into_response()
}

async fn database(admin: &Admin) -> Result<(), String> {
    let now = stamp(Utc::now());
    let write = metrics::writable(&admin.ctx.db, &now);
    match tokio::time::timeout(admin.options.check_timeout, write).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(format!("write failed: {e}")),
        Err(_) => Err(format!("no write turn within {:?}", admin.options.check_timeout)),
    }
}

/// getMe, then every getUpdates that returns, counts as an answer.
fn telegram(admin: &Admin) -> Result<(), String> {
    let Some(ago) = admin.ctx.metrics.since_last_fetch() else {
        return Err("no answer from Telegram yet".into());
    };
    let limit = admin.options.telegram_stale_after.as_secs_f64();
    if ago > limit { Err(format!("last answer from Telegram {ago:.0} s ago")) } else { Ok(()) }
}

async fn inbox(admin: &Admin) -> Result<(), String> {
    let (_, oldest) =
        metrics::inbox(&admin.ctx.db, &stamp(Utc::now())).await.map_err(|e| format!("read failed: {e}"))?;
    let limit = admin.options.inbox_stuck_after.as_secs_f64();
    if oldest > limit { Err(format!("an update has waited {oldest:.0} s")) } else { Ok(()) }
}
