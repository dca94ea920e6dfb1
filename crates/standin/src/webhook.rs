//! Webhooks as Telegram runs them: `setWebhook` (with `secret_token`, `allowed_updates`,
//! `drop_pending_updates`), `deleteWebhook`, `getWebhookInfo`; while one is set `getUpdates` answers
//! 409, and every queued update is POSTed to the URL as JSON with the `X-Telegram-Bot-Api-Secret-Token`
//! header. An update leaves the queue only when the bot answered 2xx; anything else (an error status,
//! a refused connection, a timeout) is retried with a growing pause, as Telegram does, and shown in
//! `getWebhookInfo`'s `last_error_message`.
//!
//! Up to `max_connections` requests at once (Telegram's default 40), but one chat's updates one at a
//! time and oldest first: a chat's next update goes out after its previous one was answered, so a bot
//! (or several replicas behind a load balancer) sees each chat in order. Telegram requires an HTTPS URL; the stand-in also takes plain HTTP on the loopback address, where
//! the tests' bot listens.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::StandIn;
use super::reply::{ApiError, ApiResult};
use super::state::Queued;
use axum::body::Bytes;

/// The webhook the bot set.
#[derive(Debug, Clone)]
pub(super) struct Hook {
    pub url: String,
    pub secret: Option<String>,
    pub last_error: Option<(i64, String)>,
    /// Requests in flight at most (`max_connections`).
    pub connections: usize,
}

/// A delivery the stand-in made: which update, and what the bot answered (HTTP status, or 0 when no
/// answer came).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDelivery {
    pub update_id: i64,
    pub status: u16,
}

const FIRST_RETRY: Duration = Duration::from_millis(100);
const LAST_RETRY: Duration = Duration::from_secs(2);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// `max_connections` when `setWebhook` names none, and its range.
const DEFAULT_CONNECTIONS: i64 = 40;
const CONNECTIONS: std::ops::RangeInclusive<i64> = 1..=100;

fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0))
}

fn valid_url(url: &str) -> bool {
    let loopback = ["http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/"];
    url.starts_with("https://") || loopback.iter().any(|p| url.starts_with(p))
}

/// One of `origins` at random (none: the URL as set).
fn pick(origins: &[String], picks: &mut u64) -> Option<String> {
    use std::hash::BuildHasher;
    *picks += 1;
    let n = u64::try_from(origins.len()).ok().filter(|n| *n > 0)?;
    let random = std::collections::hash_map::RandomState::new().hash_one(*picks);
    origins.get(usize::try_from(random % n).ok()?).cloned()
}

/// The path (and query) of a URL: what follows its origin.
fn path_of(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(url) => match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        },
        Err(_) => "/".to_owned(),
    }
}

/// What must go one request at a time: a chat's updates (an update with no chat goes alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Lane {
    Chat(i64),
    Update(i64),
}

/// The lane of an update: its chat (found when it was queued), else the update alone.
fn lane_of(update_id: i64, update: &Queued) -> Lane {
    update.chat.map_or(Lane::Update(update_id), Lane::Chat)
}

/// One webhook request's outcome.
struct Flight {
    update_id: i64,
    lane: Lane,
    status: u16,
    error: Option<String>,
}

/// A request to make: the update, where to, with which secret.
struct Departure {
    update_id: i64,
    lane: Lane,
    update: Bytes,
    url: String,
    secret: Option<String>,
}

fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len()) && secret.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl StandIn {
    pub(super) fn set_webhook(&self, params: &Map<String, Value>) -> ApiResult {
        let url = params.get("url").and_then(Value::as_str).unwrap_or_default();
        let secret = params.get("secret_token").and_then(Value::as_str).map(str::to_owned);
        let drop_pending = params.get("drop_pending_updates").and_then(Value::as_bool).unwrap_or(false);
        let mut world = self.world();
        if url.is_empty() {
            world.webhook = None;
        } else {
            if !valid_url(url) {
                return Err(ApiError::new(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"));
            }
            if secret.as_deref().is_some_and(|s| !valid_secret(s)) {
                return Err(ApiError::new(400, "Bad Request: secret token contains unallowed characters"));
            }
            let connections = params.get("max_connections").and_then(Value::as_i64).unwrap_or(DEFAULT_CONNECTIONS);
            let connections = usize::try_from(connections.clamp(*CONNECTIONS.start(), *CONNECTIONS.end())).unwrap_or(1);
            world.webhook = Some(Hook { url: url.to_owned(), secret, last_error: None, connections });
        }
        if let Some(list) = params.get("allowed_updates").and_then(Value::as_array) {
            world.allowed_updates = Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect());
        }
        if drop_pending {
            world.updates.clear();
        }
        // Ends a waiting getUpdates (it now answers 409) and wakes the deliverer.
        world.poll_generation += 1;
        drop(world);
        self.shared.updates_arrived.notify_waiters();
        Ok(json!(true))
    }

    pub(super) fn delete_webhook(&self, params: &Map<String, Value>) -> ApiResult {
        let drop_pending = params.get("drop_pending_updates").and_then(Value::as_bool).unwrap_or(false);
        let mut world = self.world();
        world.webhook = None;
        if drop_pending {
            world.updates.clear();
        }
        Ok(json!(true))
    }

    pub(super) fn webhook_info(&self) -> ApiResult {
        let world = self.world();
        let mut info = json!({
            "url": world.webhook.as_ref().map_or("", |h| h.url.as_str()),
            "has_custom_certificate": false,
            "pending_update_count": world.updates.len(),
        });
        if let Some(hook) = &world.webhook {
            info["max_connections"] = json!(hook.connections);
        }
        if let Some((date, message)) = world.webhook.as_ref().and_then(|h| h.last_error.clone()) {
            info["last_error_date"] = json!(date);
            info["last_error_message"] = json!(message);
        }
        if let Some(list) = &world.allowed_updates {
            info["allowed_updates"] = json!(list);
        }
        Ok(info)
    }

    /// Records a delivery's answer; says whether it failed (and so is tried again).
    fn delivered(&self, update_id: i64, status: u16, error: Option<String>) -> bool {
        let mut world = self.world();
        world.webhook_deliveries.push(WebhookDelivery { update_id, status });
        let failed = error.is_some();
        match error {
            None => {
                // Confirmed: gone from the queue (unless the webhook changed meanwhile). Every update
                // before the oldest one still queued has been answered (all of them, if none is).
                if let Some(at) = world.updates.iter().position(|(id, _)| *id == update_id) {
                    world.updates.remove(at);
                    let upto = world.updates.front().map_or(world.next_update_id - 1, |(oldest, _)| oldest - 1);
                    if world.confirmed_update_id.is_none_or(|c| c < upto) {
                        world.confirmed_update_id = Some(upto);
                    }
                }
            }
            Some(message) => {
                if let Some(hook) = world.webhook.as_mut() {
                    hook.last_error = Some((unix_now(), message));
                }
            }
        }
        drop(world);
        self.shared.changed.notify_waiters();
        failed
    }

    /// Every webhook request so far, in order.
    pub fn webhook_deliveries(&self) -> Vec<WebhookDelivery> {
        self.world().webhook_deliveries.clone()
    }

    /// The webhook's URL, if one is set.
    pub fn webhook_url(&self) -> Option<String> {
        self.world().webhook.as_ref().map(|h| h.url.clone())
    }

    /// Stands in for a load balancer in front of several replicas: from now on each webhook request
    /// goes to one of `origins` (`http://127.0.0.1:port`) picked at random, at the webhook URL's path;
    /// one that is down fails the request, which is retried (to a new pick) as any failure.
    pub fn balance_webhooks(&self, origins: Vec<String>) {
        self.world().webhook_balance = origins;
    }

    /// Delivers queued updates to the webhook while one is set; runs as long as the stand-in.
    pub(super) async fn deliver_webhooks(self) {
        let client = match reqwest::Client::builder().timeout(REQUEST_TIMEOUT).build() {
            Ok(client) => client,
            Err(error) => {
                tracing::error!(%error, "the stand-in cannot make webhook requests");
                return;
            }
        };
        let mut flights: JoinSet<Flight> = JoinSet::new();
        let mut busy: HashSet<Lane> = HashSet::new();
        // A lane whose last request failed waits (growing pauses) before its update goes again.
        let mut backoff: HashMap<Lane, (Instant, Duration)> = HashMap::new();
        let mut picks = 0u64;
        loop {
            let arrived = self.shared.updates_arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            let Some((departures, retry_at)) = self.departures(flights.len(), &busy, &backoff, &mut picks) else {
                return;
            };
            for d in departures {
                busy.insert(d.lane);
                flights.spawn(fly(client.clone(), d));
            }
            tokio::select! {
                Some(done) = flights.join_next(), if !flights.is_empty() => {
                    let Ok(flight) = done else {
                        // A request cannot panic; if one did, its lane would stay closed: start over.
                        tracing::error!("a webhook request failed to finish");
                        busy.clear();
                        continue;
                    };
                    busy.remove(&flight.lane);
                    if self.delivered(flight.update_id, flight.status, flight.error) {
                        let pause = backoff.get(&flight.lane).map_or(FIRST_RETRY, |(_, p)| (*p * 2).min(LAST_RETRY));
                        backoff.insert(flight.lane, (Instant::now() + pause, pause));
                    } else {
                        backoff.remove(&flight.lane);
                    }
                }
                () = &mut arrived => {}
                () = tokio::time::sleep_until(retry_at.unwrap_or_else(Instant::now)), if retry_at.is_some() => {}
            }
        }
    }

    /// The requests to start now: per lane its oldest queued update, if the lane has none in flight and
    /// no pause to wait out, up to the webhook's connections; and when the next pause ends. `None` once
    /// the stand-in is shutting down.
    fn departures(
        &self,
        flying: usize,
        busy: &HashSet<Lane>,
        backoff: &HashMap<Lane, (Instant, Duration)>,
        picks: &mut u64,
    ) -> Option<(Vec<Departure>, Option<Instant>)> {
        let world = self.world();
        if world.shutting_down {
            return None;
        }
        let Some(hook) = &world.webhook else {
            return Some((Vec::new(), None));
        };
        let (now, room) = (Instant::now(), hook.connections.saturating_sub(flying));
        let (mut departures, mut retry_at, mut seen) = (Vec::new(), None::<Instant>, HashSet::new());
        for (update_id, update) in &world.updates {
            if departures.len() >= room {
                break;
            }
            let lane = lane_of(*update_id, update);
            // Only a lane's oldest update may go.
            if !seen.insert(lane) || busy.contains(&lane) {
                continue;
            }
            if let Some((at, _)) = backoff.get(&lane).filter(|(at, _)| *at > now) {
                retry_at = Some(retry_at.map_or(*at, |r| r.min(*at)));
                continue;
            }
            let url = match pick(&world.webhook_balance, picks) {
                Some(origin) => format!("{origin}{}", path_of(&hook.url)),
                None => hook.url.clone(),
            };
            let update = update.json.clone();
            departures.push(Departure { update_id: *update_id, lane, update, url, secret: hook.secret.clone() });
        }
        Some((departures, retry_at))
    }
}

/// Makes one webhook request and says how it went.
async fn fly(client: reqwest::Client, d: Departure) -> Flight {
    let mut request = client.post(&d.url).header(reqwest::header::CONTENT_TYPE, "application/json").body(d.update);
    if let Some(secret) = &d.secret {
        request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    let (status, error) = match request.send().await {
        Ok(response) if response.status().is_success() => (response.status().as_u16(), None),
        Ok(response) => {
            let status = response.status();
            (status.as_u16(), Some(format!("Wrong response from the webhook: {status}")))
        }
        Err(e) => (0, Some(format!("Connection failed: {}", if e.is_timeout() { "timeout" } else { "refused" }))),
    };
    Flight { update_id: d.update_id, lane: d.lane, status, error }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_updates_lane_is_its_chat_or_else_its_sender() {
        let bot = crate::model::FakeUser { id: 1, first_name: "bot".into(), username: None, language_code: None };
        let mut world = crate::state::World::new(bot);
        let mut lane = |id: i64, update: Value| {
            world.push_update(update);
            let (queued_id, queued) = world.updates.back().unwrap();
            assert_eq!(*queued_id, id);
            lane_of(id, queued)
        };
        let message = json!({"update_id": 5, "message": {"message_id": 1, "chat": {"id": -100}, "from": {"id": 7}}});
        assert_eq!(lane(5, message), Lane::Chat(-100));
        let press =
            json!({"update_id": 6, "callback_query": {"id": "q", "from": {"id": 7}, "message": {"chat": {"id": 9}}}});
        assert_eq!(lane(6, press), Lane::Chat(9));
        let inline_press = json!({"update_id": 7, "callback_query": {"id": "q", "from": {"id": 7}}});
        assert_eq!(lane(7, inline_press), Lane::Chat(7));
        assert_eq!(lane(8, json!([1, 2])), Lane::Update(8));
    }

    /// What the receiving bot saw: requests in flight now and at most, and each chat's update ids in
    /// the order they arrived.
    #[derive(Default)]
    struct Seen {
        flying: usize,
        most: usize,
        chats_flying: HashSet<i64>,
        overlapped: bool,
        order: HashMap<i64, Vec<i64>>,
    }

    async fn receive(
        axum::extract::State(seen): axum::extract::State<std::sync::Arc<std::sync::Mutex<Seen>>>,
        axum::Json(update): axum::Json<Value>,
    ) -> axum::http::StatusCode {
        let chat = update.pointer("/message/chat/id").and_then(Value::as_i64).unwrap_or_default();
        let id = update["update_id"].as_i64().unwrap_or_default();
        {
            let mut s = seen.lock().unwrap();
            s.flying += 1;
            s.most = s.most.max(s.flying);
            s.overlapped |= !s.chats_flying.insert(chat);
            s.order.entry(chat).or_default().push(id);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
        let mut s = seen.lock().unwrap();
        s.flying -= 1;
        s.chats_flying.remove(&chat);
        axum::http::StatusCode::OK
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_requests_at_once_but_each_chat_in_order_and_one_at_a_time() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Seen::default()));
        let app = axum::Router::new().route("/hook", axum::routing::post(receive)).with_state(seen.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move { axum::serve(listener, app).await });

        let standin = StandIn::start(super::super::StandInOptions::default()).await.unwrap();
        let hook = json!({"url": format!("http://127.0.0.1:{port}/hook"), "max_connections": 8});
        standin.set_webhook(hook.as_object().unwrap()).unwrap();
        let users: Vec<_> = (0..12).map(|i| standin.new_user(&format!("工人{i}"), None, None)).collect();
        for round in 0..5 {
            for user in &users {
                standin.send_text(user, user, &format!("第{round}条"));
            }
        }
        let deadline = Instant::now() + Duration::from_secs(20);
        while !standin.pending_updates().is_empty() {
            assert!(Instant::now() < deadline, "updates left undelivered");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let s = seen.lock().unwrap();
        assert!(s.most > 1 && s.most <= 8, "requests at once: {}", s.most);
        assert!(!s.overlapped, "two requests of one chat were in flight together");
        for user in &users {
            let ids = &s.order[&user.id];
            assert_eq!(ids.len(), 5, "{ids:?}");
            assert!(ids.windows(2).all(|w| w[0] < w[1]), "chat {} out of order: {ids:?}", user.id);
        }
        let last = standin.webhook_deliveries().iter().map(|d| d.update_id).max();
        assert_eq!(standin.confirmed_update_id(), last, "all delivered: all confirmed");
        assert_eq!(standin.webhook_info().unwrap()["max_connections"], 8);
    }

    #[test]
    fn the_path_is_what_follows_the_origin() {
        assert_eq!(path_of("http://127.0.0.1:9/wagedesk-hook"), "/wagedesk-hook");
        assert_eq!(path_of("https://bot.example/tg/hook?x=1"), "/tg/hook?x=1");
        assert_eq!(path_of("http://127.0.0.1:9"), "/");
    }
}
