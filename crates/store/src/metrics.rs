//! What a monitoring system scrapes (`/metrics`, Prometheus text format): counters the transport and
//! handlers move as things happen, and gauges read from the database at scrape time ([`refresh`]).
//! Every name starts with `wagedesk_`; the README's Operations section lists them with their meaning.
//! Labels never carry personal data: update kinds, Bot API methods, results, office ids.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::on_conn;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::Db;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KindLabel {
    /// The update's kind as Telegram names it: `message`, `callback_query`, `chat_member`…
    pub kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HandledLabels {
    pub kind: &'static str,
    /// `handled` (its effects committed), `set_aside` (a flooding chat), `failed` (given up after retries).
    pub outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SendLabels {
    /// The Bot API method, e.g. `sendMessage`.
    pub method: &'static str,
    /// `ok`, `429`, `5xx` (or a network error), `403` (the chat cannot be reached), `400` (refused).
    pub result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LaneLabels {
    /// `private` (a worker's chat) or `group` (an office group).
    pub chat: &'static str,
    /// `reply` or `notification`.
    pub priority: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OfficeLabel {
    pub office: String,
}

type FloatGauge = Gauge<f64, AtomicU64>;

/// The process's metrics; cheap to clone (every field is a shared handle).
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Arc<Registry>,
    pub updates_received: Family<KindLabel, Counter>,
    pub updates_handled: Family<HandledLabels, Counter>,
    pub handle_seconds: Family<KindLabel, Histogram>,
    pub sends: Family<SendLabels, Counter>,
    pub retry_after_seconds: Counter,
    pub last_fetch: FloatGauge,
    commits: Counter,
    committed_writes: Counter,
    inbox_backlog: Gauge,
    inbox_oldest_seconds: FloatGauge,
    outbox_backlog: Family<LaneLabels, Gauge>,
    outbox_oldest_seconds: Family<LaneLabels, FloatGauge>,
    outbox_failed: Gauge,
    cases_open: Family<OfficeLabel, Gauge>,
    cases_overdue: Family<OfficeLabel, Gauge>,
    alerts_unacknowledged: Gauge,
    offices_without_group: Gauge,
    /// Updates handled and Bot API calls answered, together: whether the process was busy lately.
    activity: Arc<AtomicU64>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut r = Registry::with_prefix("wagedesk");
        let m = Metrics {
            registry: Arc::default(),
            updates_received: Family::default(),
            updates_handled: Family::default(),
            handle_seconds: Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.001, 2.0, 15))),
            sends: Family::default(),
            retry_after_seconds: Counter::default(),
            last_fetch: FloatGauge::default(),
            commits: Counter::default(),
            committed_writes: Counter::default(),
            inbox_backlog: Gauge::default(),
            inbox_oldest_seconds: FloatGauge::default(),
            outbox_backlog: Family::default(),
            outbox_oldest_seconds: Family::default(),
            outbox_failed: Gauge::default(),
            cases_open: Family::default(),
            cases_overdue: Family::default(),
            alerts_unacknowledged: Gauge::default(),
            offices_without_group: Gauge::default(),
            activity: Arc::default(),
        };
        r.register("updates_received", "Updates stored in the inbox, by kind", m.updates_received.clone());
        r.register("updates_handled", "Updates done with, by kind and outcome", m.updates_handled.clone());
        r.register("update_handle_seconds", "Time to handle one update, retries included", m.handle_seconds.clone());
        r.register("telegram_sends", "Bot API calls of the delivery worker, by method and result", m.sends.clone());
        r.register(
            "telegram_retry_after_seconds",
            "Seconds Telegram asked us to wait in 429 answers, summed",
            m.retry_after_seconds.clone(),
        );
        r.register(
            "last_update_fetch_timestamp_seconds",
            "Unix time of the last successful getUpdates (or webhook request)",
            m.last_fetch.clone(),
        );
        r.register("commits", "Write transactions committed to the database (each one COMMIT)", m.commits.clone());
        r.register(
            "committed_writes",
            "Writes those COMMITs covered (an update's decision, an inbox batch, delivery's marks…)",
            m.committed_writes.clone(),
        );
        r.register("inbox_backlog", "Updates stored and not yet handled", m.inbox_backlog.clone());
        r.register(
            "inbox_oldest_seconds",
            "Age of the oldest update not yet handled (0 when none)",
            m.inbox_oldest_seconds.clone(),
        );
        r.register("outbox_backlog", "Outbox rows waiting to be sent, by lane", m.outbox_backlog.clone());
        r.register(
            "outbox_oldest_seconds",
            "Age of the oldest outbox row waiting, by lane",
            m.outbox_oldest_seconds.clone(),
        );
        r.register("outbox_failed", "Outbox rows given up for good", m.outbox_failed.clone());
        r.register("cases_open", "Open cases, by owning office", m.cases_open.clone());
        r.register("cases_overdue", "Open cases past their legal deadline, by owning office", m.cases_overdue.clone());
        r.register(
            "alerts_unacknowledged",
            "Emergency and key-case alerts nobody has acknowledged",
            m.alerts_unacknowledged.clone(),
        );
        r.register(
            "offices_without_group",
            "Offices of the deployment with no linked Telegram group (their notifications are only recorded)",
            m.offices_without_group.clone(),
        );
        Metrics { registry: Arc::new(r), ..m }
    }

    /// An update was stored.
    pub fn received(&self, kind: &'static str) {
        self.updates_received.get_or_create(&KindLabel { kind }).inc();
    }

    /// An update was done with after `seconds`.
    pub fn handled(&self, kind: &'static str, outcome: &'static str, seconds: f64) {
        self.updates_handled.get_or_create(&HandledLabels { kind, outcome }).inc();
        self.handle_seconds.get_or_create(&KindLabel { kind }).observe(seconds);
        self.activity.fetch_add(1, Ordering::Relaxed);
    }

    /// The delivery worker had an answer for `method`.
    pub fn sent(&self, method: &'static str, result: &'static str) {
        self.sends.get_or_create(&SendLabels { method, result }).inc();
        self.activity.fetch_add(1, Ordering::Relaxed);
    }

    /// Updates handled and Bot API calls answered since the process started (see [`Metrics::handled`],
    /// [`Metrics::sent`]): it stands still while the process is quiet.
    pub fn activity(&self) -> u64 {
        self.activity.load(Ordering::Relaxed)
    }

    /// Telegram answered 429 with this wait.
    pub fn retry_after(&self, seconds: u64) {
        self.retry_after_seconds.inc_by(seconds);
    }

    /// Telegram answered just now (getMe, getUpdates, a webhook request or check).
    pub fn fetched(&self) {
        self.last_fetch.set(unix_now());
    }

    /// Seconds since Telegram last answered, `None` before the first answer.
    pub fn since_last_fetch(&self) -> Option<f64> {
        let last = self.last_fetch.get();
        (last > 0.0).then(|| unix_now() - last)
    }

    /// Everything in Prometheus' text format; call [`refresh`] first for the database gauges.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry);
        out
    }
}

fn unix_now() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |d| d.as_secs_f64())
}

/// The content type of [`Metrics::encode`].
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

/// The times [`refresh`] measures ages against.
#[derive(Debug, Clone)]
pub struct Now {
    /// RFC 3339, by the system clock: the inbox is stamped with it.
    pub wall: String,
    /// RFC 3339, by the application's clock: the outbox is stamped with it.
    pub app: String,
    /// `YYYY-MM-DD`: the legal clocks' day.
    pub today: String,
}

/// Reads the gauges that live in the database: backlogs, cases, alerts, unlinked offices. `offices`
/// are the deployment's office ids.
pub async fn refresh(m: &Metrics, db: &Db, offices: &[String], now: &Now) -> Result<(), sqlx::Error> {
    if let Some(counts) = crate::commit_counts(db) {
        catch_up(&m.commits, counts.commits());
        catch_up(&m.committed_writes, counts.writes());
    }
    let (backlog, oldest) = inbox(db, &now.wall).await?;
    m.inbox_backlog.set(backlog);
    m.inbox_oldest_seconds.set(oldest);

    let sql = format!(
        "SELECT CAST(CASE WHEN chat_id < 0 THEN 1 ELSE 0 END AS BIGINT), priority, COUNT(*), {}
         FROM outbox WHERE state = 'pending' GROUP BY 1, 2",
        db.dialect().seconds_between("MIN(created_at)", "$1")
    );
    let lanes: Vec<(i64, i64, i64, Option<f64>)> = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
    .bind(&now.app)
    .fetch_all(c)
    .await)?;
    m.outbox_backlog.clear();
    m.outbox_oldest_seconds.clear();
    // Every lane is shown, empty ones as 0, so an alert rule never sees a series vanish.
    for chat in ["private", "group"] {
        for priority in ["reply", "notification"] {
            let l = LaneLabels { chat, priority };
            m.outbox_backlog.get_or_create(&l).set(0);
            m.outbox_oldest_seconds.get_or_create(&l).set(0.0);
        }
    }
    for (group, priority, count, oldest) in lanes {
        let l = LaneLabels {
            chat: if group == 1 { "group" } else { "private" },
            priority: if priority == 0 { "reply" } else { "notification" },
        };
        m.outbox_backlog.get_or_create(&l).set(count);
        m.outbox_oldest_seconds.get_or_create(&l).set(oldest.unwrap_or(0.0));
    }
    let failed: i64 = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").fetch_one(c).await)?;
    m.outbox_failed.set(failed);

    let cases: Vec<(String, i64, i64)> = on_conn!(db.acquire().await?.conn(), c => sqlx::query_as(
        "SELECT owner_office, COUNT(*), CAST(COALESCE(SUM(CASE WHEN clock_due < $1 THEN 1 ELSE 0 END), 0) AS BIGINT) FROM cases
         WHERE status NOT IN ('resolved', 'closed', 'withdrawn') GROUP BY owner_office",
    )
    .bind(&now.today)
    .fetch_all(c)
    .await)?;
    m.cases_open.clear();
    m.cases_overdue.clear();
    for office in offices {
        let l = OfficeLabel { office: office.clone() };
        m.cases_open.get_or_create(&l).set(0);
        m.cases_overdue.get_or_create(&l).set(0);
    }
    for (office, open, overdue) in cases {
        let l = OfficeLabel { office };
        m.cases_open.get_or_create(&l).set(open);
        m.cases_overdue.get_or_create(&l).set(overdue);
    }

    let alerts: i64 = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_scalar("SELECT COUNT(*) FROM alerts WHERE acked_at IS NULL").fetch_one(c).await)?;
    m.alerts_unacknowledged.set(alerts);

    let linked: Vec<String> = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_scalar("SELECT office_id FROM office_chats").fetch_all(c).await)?;
    let unlinked = offices.iter().filter(|o| !linked.contains(o)).count();
    m.offices_without_group.set(i64::try_from(unlinked).unwrap_or(i64::MAX));
    Ok(())
}

/// Moves a counter up to a total kept elsewhere (the writer's, per database file).
fn catch_up(counter: &Counter, total: u64) {
    let seen = counter.get();
    if total > seen {
        counter.inc_by(total - seen);
    }
}

/// Updates stored and not yet handled, and how long the oldest has waited by `wall` (0 when none).
pub async fn inbox(db: &Db, wall: &str) -> Result<(i64, f64), sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*), {} FROM inbox WHERE processed_at IS NULL",
        db.dialect().seconds_between("MIN(received_at)", "$1")
    );
    let (count, oldest): (i64, Option<f64>) = on_conn!(db.acquire().await?.conn(), c =>
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
    .bind(wall)
    .fetch_one(c)
    .await)?;
    Ok((count, oldest.unwrap_or(0.0)))
}

/// Whether the database takes a write now: one row of `health` is written and committed.
pub async fn writable(db: &Db, now: &str) -> Result<(), sqlx::Error> {
    let mut tx = crate::begin_write(db).await?;
    tx.defer(
        "INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
    )
    .bind(now);
    tx.commit().await
}
