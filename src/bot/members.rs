//! Who is in which office group, remembered for a short while: every staff command and every message
//! that could reach a worker needs the sender's standing, and a busy group must not cost a
//! `getChatMember` per message. An entry lives [`TTL`]; a `chat_member` update replaces it at once, so a
//! clerk removed from the group loses access with the update, not a minute later. Only facts are kept
//! here; what a standing allows is the core's decision (`office::authz`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::staff::authz::Standing;

/// How long Telegram's answer is trusted without a `chat_member` update.
pub const TTL: Duration = Duration::from_secs(60);
/// Entries kept at most (users × groups); past it the stale ones go, then the oldest.
pub const CAPACITY: usize = 10_000;

/// `(chat, user)` → the standing Telegram reported and when.
pub struct Members {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<(i64, u64), (Standing, Instant)>>,
}

impl Default for Members {
    fn default() -> Self {
        Members::new(TTL, CAPACITY)
    }
}

impl Members {
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        Members { ttl, capacity: capacity.max(1), entries: Mutex::new(HashMap::new()) }
    }

    /// The standing remembered for `user` in `chat`, if it is still fresh at `now`.
    pub fn get(&self, chat: i64, user: u64, now: Instant) -> Option<Standing> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (standing, at) = entries.get(&(chat, user))?;
        (now.saturating_duration_since(*at) < self.ttl).then_some(*standing)
    }

    /// Remembers what Telegram said. `Unknown` (the check failed) is not remembered: the next
    /// message asks again.
    pub fn put(&self, chat: i64, user: u64, standing: Standing, now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if standing == Standing::Unknown {
            entries.remove(&(chat, user));
            return;
        }
        if entries.len() >= self.capacity && !entries.contains_key(&(chat, user)) {
            let ttl = self.ttl;
            entries.retain(|_, (_, at)| now.saturating_duration_since(*at) < ttl);
            if entries.len() >= self.capacity
                && let Some(oldest) = entries.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| *k)
            {
                entries.remove(&oldest);
            }
        }
        entries.insert((chat, user), (standing, now));
    }

    pub fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_trusted_for_the_ttl_and_an_update_replaces_it_at_once() {
        let members = Members::new(Duration::from_secs(60), 100);
        let t0 = Instant::now();
        members.put(-100, 7, Standing::Member, t0);
        assert_eq!(members.get(-100, 7, t0 + Duration::from_secs(59)), Some(Standing::Member));
        assert_eq!(members.get(-100, 7, t0 + Duration::from_secs(60)), None, "asked again after a minute");
        assert_eq!(members.get(-200, 7, t0), None, "per group");
        // A `chat_member` update: removed from the group, effective for the very next message.
        members.put(-100, 7, Standing::Absent, t0 + Duration::from_secs(1));
        assert_eq!(members.get(-100, 7, t0 + Duration::from_secs(2)), Some(Standing::Absent));
        // A failed check forgets what was known rather than keeping it.
        members.put(-100, 7, Standing::Unknown, t0 + Duration::from_secs(3));
        assert_eq!(members.get(-100, 7, t0 + Duration::from_secs(3)), None);
    }

    #[test]
    fn it_stays_within_its_capacity_dropping_stale_entries_then_the_oldest() {
        let members = Members::new(Duration::from_secs(60), 3);
        let t0 = Instant::now();
        for user in 1..=3 {
            members.put(-1, user, Standing::Member, t0 + Duration::from_secs(user));
        }
        members.put(-1, 4, Standing::Admin, t0 + Duration::from_secs(10));
        assert_eq!(members.len(), 3);
        assert_eq!(members.get(-1, 1, t0 + Duration::from_secs(10)), None, "the oldest went");
        assert_eq!(members.get(-1, 4, t0 + Duration::from_secs(10)), Some(Standing::Admin));
        // Later, everything else is stale: it all goes, not just one.
        members.put(-1, 5, Standing::Member, t0 + Duration::from_secs(65));
        assert_eq!(members.len(), 2, "entries 2 and 3 were stale");
    }
}
