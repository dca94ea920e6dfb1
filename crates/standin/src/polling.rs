//! `getUpdates`: offsets confirm and forget updates, `timeout` long-polls on a `Notify`, a newer
//! poll ends an older one with 409 Conflict, and `allowed_updates` is remembered for the updates
//! created after it, as Telegram does.

use std::time::Duration;

use serde_json::{Map, Value};
use tokio::time::Instant;

use super::StandIn;
use super::reply::{Answer, ApiError, Reply};
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
    kind_of(update).is_none_or(|kind| allowed_kind(world, kind))
}

/// Whether the bot's `allowed_updates` lets updates of `kind` through.
pub(super) fn allowed_kind(world: &World, kind: &str) -> bool {
    match &world.allowed_updates {
        Some(list) if !list.is_empty() => list.iter().any(|a| a == kind),
        _ => !OPT_IN_KINDS.contains(&kind),
    }
}

/// How far past its next id Telegram still takes an offset as one (its update queue's check): an
/// offset beyond is answered from the head of the queue, confirming nothing.
const OFFSET_AHEAD_TOLERATED: i64 = 10;

/// Applies `offset`: positive confirms everything before it, negative keeps only the last
/// `-offset` updates. After a restart of the sequence at a lower id, the bot's old offset is far
/// ahead and Telegram answers from the head of its queue; an old offset within reach of the new ids
/// confirms (loses) those below it, as Telegram does.
pub(super) fn apply_offset(world: &mut World, offset: Option<i64>) {
    match offset {
        Some(offset) if offset > world.next_update_id + OFFSET_AHEAD_TOLERATED => {}
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
fn available(world: &World, limit: usize) -> Reply {
    Reply::Updates(world.updates.iter().take(limit).map(|(_, update)| update.json.clone()).collect())
}

pub(super) async fn get_updates(standin: &StandIn, params: &Map<String, Value>) -> Answer {
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
            let mut world = standin.world();
            if world.poll_generation != generation {
                return Err(ApiError::new(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                ));
            }
            // Telegram applies the offset again when a waiting poll wakes (the sequence may have
            // started again meanwhile).
            apply_offset(&mut world, int("offset"));
            if !world.updates.is_empty() || world.shutting_down || Instant::now() >= deadline {
                return Ok(available(&world, limit));
            }
        }
        if tokio::time::timeout_at(deadline, arrived).await.is_err() {
            let mut world = standin.world();
            apply_offset(&mut world, int("offset"));
            return Ok(available(&world, limit));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FakeUser;
    use serde_json::json;

    fn world_with(ids: &[i64]) -> World {
        let bot = FakeUser { id: 1, first_name: "bot".into(), username: None, language_code: None };
        let mut world = World::new(bot);
        for id in ids {
            world.push_update(json!({ "update_id": id, "message": {} }));
        }
        world
    }

    fn queued(world: &World) -> Vec<i64> {
        world.updates.iter().map(|(id, _)| *id).collect()
    }

    #[test]
    fn an_offset_confirms_the_updates_below_it() {
        let mut world = world_with(&[1, 2, 3]);
        apply_offset(&mut world, Some(3));
        assert_eq!(queued(&world), [3]);
        assert_eq!(world.confirmed_update_id, Some(2));
    }

    #[test]
    fn an_offset_far_past_the_next_id_is_answered_from_the_head_and_confirms_nothing() {
        // The sequence started again at 5 while the bot's offset stayed at 501.
        let mut world = world_with(&[]);
        world.next_update_id = 5;
        world.push_update(json!({ "message": {} }));
        world.push_update(json!({ "message": {} }));
        apply_offset(&mut world, Some(501));
        assert_eq!(queued(&world), [5, 6]);
        assert_eq!(world.confirmed_update_id, None);
        // Within reach of the next id (7) an offset is one, and confirms what lies below it.
        apply_offset(&mut world, Some(7 + OFFSET_AHEAD_TOLERATED));
        assert!(queued(&world).is_empty());
    }
}
