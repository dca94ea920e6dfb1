//! Webhooks as Telegram runs them: `setWebhook` (with `secret_token`, `allowed_updates`,
//! `drop_pending_updates`), `deleteWebhook`, `getWebhookInfo`; while one is set `getUpdates` answers
//! 409, and every queued update is POSTed to the URL as JSON with the `X-Telegram-Bot-Api-Secret-Token`
//! header. An update leaves the queue only when the bot answered 2xx; anything else (an error status,
//! a refused connection, a timeout) is retried with a growing pause, as Telegram does, and shown in
//! `getWebhookInfo`'s `last_error_message`.
//!
//! One request at a time (as `max_connections = 1`), oldest first, so a test sees a definite order.
//! Telegram requires an HTTPS URL; the stand-in also takes plain HTTP on the loopback address, where
//! the tests' bot listens.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value, json};

use super::StandIn;
use super::reply::{ApiError, ApiResult};

/// The webhook the bot set.
#[derive(Debug, Clone)]
pub(super) struct Hook {
    pub url: String,
    pub secret: Option<String>,
    pub last_error: Option<(i64, String)>,
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
fn path_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..].find('/').map_or("/", |i| &url[after_scheme + i..])
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
            world.webhook = Some(Hook { url: url.to_owned(), secret, last_error: None });
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
                // Confirmed: gone from the queue (unless the webhook changed meanwhile).
                if world.updates.front().is_some_and(|(id, _)| *id == update_id) {
                    world.updates.pop_front();
                    if world.confirmed_update_id.is_none_or(|c| c < update_id) {
                        world.confirmed_update_id = Some(update_id);
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
        let mut pause = FIRST_RETRY;
        let mut picks = 0u64;
        loop {
            let arrived = self.shared.updates_arrived.notified();
            tokio::pin!(arrived);
            arrived.as_mut().enable();
            let next = {
                let world = self.world();
                if world.shutting_down {
                    return;
                }
                let target = pick(&world.webhook_balance, &mut picks);
                world.webhook.clone().and_then(|hook| Some((hook, world.updates.front().cloned()?, target)))
            };
            let Some((hook, (update_id, update), target)) = next else {
                arrived.await;
                continue;
            };
            let url = match target {
                Some(origin) => format!("{origin}{}", path_of(&hook.url)),
                None => hook.url.clone(),
            };
            let mut request = client.post(&url).json(&update);
            if let Some(secret) = &hook.secret {
                request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
            }
            let (status, error) = match request.send().await {
                Ok(response) if response.status().is_success() => (response.status().as_u16(), None),
                Ok(response) => {
                    let status = response.status();
                    (status.as_u16(), Some(format!("Wrong response from the webhook: {status}")))
                }
                Err(e) => {
                    (0, Some(format!("Connection failed: {}", if e.is_timeout() { "timeout" } else { "refused" })))
                }
            };
            let failed = self.delivered(update_id, status, error);
            if failed {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(LAST_RETRY);
            } else {
                pause = FIRST_RETRY;
            }
        }
    }
}
