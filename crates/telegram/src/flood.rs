//! Flood control: a chat that sends far faster than a person types (a stuck client, a script, an
//! abusive user) has its excess updates marked in the inbox (`flood`) but not handled — their payload
//! is dropped like any handled update's, so what they said is not kept — and is told once to slow
//! down, so one chat cannot delay everyone else. A token bucket per chat: a burst (an album of
//! photos, a quick run of button presses) passes; a sustained stream beyond the refill rate does not.
//! Each shard keeps its own limiter (a chat always lands on the same shard), so there is no lock.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A private chat may burst this many updates, then send 3 a second.
pub const PRIVATE_BURST: f64 = 60.0;
pub const PRIVATE_PER_SEC: f64 = 3.0;
/// Office groups carry several people's messages.
pub const GROUP_BURST: f64 = 200.0;
pub const GROUP_PER_SEC: f64 = 10.0;
/// Buckets full again for this long are forgotten.
const IDLE: Duration = Duration::from_secs(60);
/// At most this many chats are tracked; past it new chats are not limited (memory stays bounded
/// under a storm of distinct chats, which per-chat limits cannot help against anyway).
const MAX_TRACKED: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Handle,
    /// Over the limit; `warn` is true for the first such update since the chat was last heard.
    Flood {
        warn: bool,
    },
}

#[derive(Debug, Default)]
pub struct Limiter {
    buckets: HashMap<i64, Bucket>,
    last_prune: Option<Instant>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
    warned: bool,
}

impl Limiter {
    pub fn check(&mut self, chat: i64, now: Instant) -> Verdict {
        if self.last_prune.is_none_or(|t| now.duration_since(t) >= IDLE) {
            self.buckets.retain(|_, b| now.duration_since(b.at) < IDLE);
            self.last_prune = Some(now);
        }
        if self.buckets.len() >= MAX_TRACKED && !self.buckets.contains_key(&chat) {
            return Verdict::Handle;
        }
        let (burst, rate) = if chat < 0 { (GROUP_BURST, GROUP_PER_SEC) } else { (PRIVATE_BURST, PRIVATE_PER_SEC) };
        let b = self.buckets.entry(chat).or_insert(Bucket { tokens: burst, at: now, warned: false });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            // Heard again: a later flood is warned about again.
            if b.tokens >= burst / 2.0 {
                b.warned = false;
            }
            return Verdict::Handle;
        }
        let warn = !b.warned;
        b.warned = true;
        Verdict::Flood { warn }
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.buckets.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_is_never_limited_even_in_a_quick_burst() {
        let mut l = Limiter::default();
        let t0 = Instant::now();
        // Two whole intakes (about 50 presses and answers) as fast as a client can send them.
        for i in 0..50 {
            assert_eq!(l.check(42, t0 + Duration::from_millis(i * 20)), Verdict::Handle);
        }
        // Then one message a second for ten minutes.
        for i in 0..600 {
            assert_eq!(l.check(42, t0 + Duration::from_secs(2 + i)), Verdict::Handle);
        }
    }

    #[test]
    fn a_flood_is_set_aside_and_warned_once() {
        let mut l = Limiter::default();
        let t0 = Instant::now();
        let verdicts: Vec<Verdict> = (0..200).map(|i| l.check(7, t0 + Duration::from_millis(i))).collect();
        let handled = verdicts.iter().filter(|v| **v == Verdict::Handle).count();
        assert!((60..=61).contains(&handled), "{handled}");
        assert_eq!(verdicts.iter().filter(|v| **v == Verdict::Flood { warn: true }).count(), 1);
        // Another chat is untouched; the flooder is heard again once the bucket refills.
        assert_eq!(l.check(8, t0 + Duration::from_secs(1)), Verdict::Handle);
        assert_eq!(l.check(7, t0 + Duration::from_secs(2)), Verdict::Handle);
    }

    #[test]
    fn groups_get_more_room_and_memory_stays_bounded() {
        let mut l = Limiter::default();
        let t0 = Instant::now();
        for _ in 0..200 {
            assert_eq!(l.check(-100, t0), Verdict::Handle);
        }
        assert_eq!(l.check(-100, t0), Verdict::Flood { warn: true });
        // A storm of distinct chats, minute after minute: idle buckets are dropped.
        for round in 1..=5_u32 {
            for chat in 0..50_000 {
                l.check(i64::from(round) * 1_000_000 + chat, t0 + IDLE * round);
            }
        }
        assert!(l.tracked() <= 50_000, "{}", l.tracked());
        for chat in 0..200_000 {
            l.check(10_000_000 + chat, t0 + IDLE * 6);
        }
        assert!(l.tracked() <= MAX_TRACKED, "{}", l.tracked());
    }
}
