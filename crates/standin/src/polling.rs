//! `getUpdates`: offsets confirm and forget updates, `timeout` long-polls on a `Notify`, a newer
//! poll ends an older one with 409 Conflict, and `allowed_updates` is remembered for the updates
//! created after it, as Telegram does.

use std::time::Duration;

use serde_json::{Map, Value, json};
use tokio::time::Instant;

use super::StandIn;
use super::reply::{ApiError, ApiResult};
use super::state::World;

/// Update kinds Telegram leaves out unless `allowed_updates` names them.
const OPT_IN_KINDS: [&str; 3] = ["chat_member", "message_reaction", "message_reaction_count"];

/// The longest long poll Telegram allows.
const MAX_TIMEOUT_SECONDS: u64 = 50;

fn kind_of(update: &Value) -> Option<&str> {
    update.as_object()?.keys().map(String::as_str).find(|k| *k != "update_id")
}

/// Whether the bot's `allowed_updates` (Telegram's default until it sent one) lets `update` through.
pub(super) fn allowed(world: &World, update: &Value) -> bool {
    let Some(kind) = kind_of(update) else {
        return true;
    };
    match &world.allowed_updates {
        Some(list) if !list.is_empty() => list.iter().any(|a| a == kind),
        _ => !OPT_IN_KINDS.contains(&kind),
    }
}

/// Applies `offset`: positive confirms everything before it, negative keeps only the last
/// `-offset` updates.
fn apply_offset(world: &mut World, offset: Option<i64>) {
    match offset {
        Some(offset) if offset > 0 => {
            while world.updates.front().is_some_and(|(id, _)| *id < offset) {
                world.updates.pop_front();
            }
            let confirmed = offset - 1;
            if world.confirmed_update_id.is_none_or(|c| c < confirmed) {
                world.confirmed_update_id = Some(confirmed);
            }
        }
        Some(offset) if offset < 0 => {
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            while world.updates.len() > keep {
                if let Some((id, _)) = world.updates.pop_front()
                    && world.confirmed_update_id.is_none_or(|c| c < id)
                {
                    world.confirmed_update_id = Some(id);
                }
            }
        }
        _ => {}
    }
}

/// Everything queued: the kinds were filtered when each update was created (`StandIn::queue`), with
/// the setting of that moment, so an update made before the bot changed `allowed_updates` still
/// arrives, as Telegram warns.
fn available(world: &World, limit: usize) -> Vec<Value> {
    world.updates.iter().take(limit).map(|(_, update)| update.clone()).collect()
}

pub(super) async fn get_updates(standin: &StandIn, params: &Map<String, Value>) -> ApiResult {
    let int = |name: &str| params.get(name).and_then(Value::as_i64);
    let limit = usize::try_from(int("limit").unwrap_or(100).clamp(1, 100)).unwrap_or(100);
    let timeout = u64::try_from(int("timeout").unwrap_or(0).max(0)).unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(timeout.min(MAX_TIMEOUT_SECONDS));
    let generation = {
        let mut world = standin.world();
        apply_offset(&mut world, int("offset"));
        if let Some(list) = params.get("allowed_updates").and_then(Value::as_array) {
            world.allowed_updates = Some(list.iter().filter_map(Value::as_str).map(str::to_owned).collect());
        }
        world.poll_generation += 1;
        world.poll_generation
    };
    // Wake an older poll so it can see it has been superseded.
    standin.shared.updates_arrived.notify_waiters();
    standin.shared.changed.notify_waiters();
    loop {
        let arrived = standin.shared.updates_arrived.notified();
        tokio::pin!(arrived);
        // Registered before looking, so an update queued in between still wakes us.
        arrived.as_mut().enable();
        {
            let world = standin.world();
            if world.poll_generation != generation {
                return Err(ApiError::new(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                ));
            }
            let updates = available(&world, limit);
            if !updates.is_empty() || world.shutting_down || Instant::now() >= deadline {
                return Ok(json!(updates));
            }
        }
        if tokio::time::timeout_at(deadline, arrived).await.is_err() {
            return Ok(json!(available(&standin.world(), limit)));
        }
    }
}
