//! Flood control: a chat that sends far faster than a person types (a stuck client, a script, an
//! abusive user) has its excess updates kept in the inbox but not handled, and is told once per
//! window to slow down, so one chat cannot delay everyone else. Each shard keeps its own limiter
//! (a chat always lands on the same shard), so there is no lock.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Updates a chat may send per window before the rest are set aside.
pub const PRIVATE_LIMIT: u32 = 30;
/// Office groups carry several people's messages.
pub const GROUP_LIMIT: u32 = 90;
pub const WINDOW: Duration = Duration::from_secs(10);
/// At most this many chats are tracked; past it new chats are not limited (memory stays bounded
/// under a storm of distinct chats, which per-chat limits cannot help against anyway).
const MAX_TRACKED: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Handle,
    /// Over the limit; `warn` is true for the first such update of the window.
    Flood {
        warn: bool,
    },
}

#[derive(Debug, Default)]
pub struct Limiter {
    windows: HashMap<i64, Window>,
    last_prune: Option<Instant>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    count: u32,
    warned: bool,
}

impl Limiter {
    pub fn check(&mut self, chat: i64, now: Instant) -> Verdict {
        // Windows that ended are forgotten once per window: linear work, spread thin.
        if self.last_prune.is_none_or(|t| now.duration_since(t) >= WINDOW) {
            self.windows.retain(|_, w| now.duration_since(w.started) < WINDOW);
            self.last_prune = Some(now);
        }
        if self.windows.len() >= MAX_TRACKED && !self.windows.contains_key(&chat) {
            return Verdict::Handle;
        }
        let limit = if chat < 0 { GROUP_LIMIT } else { PRIVATE_LIMIT };
        let w = self.windows.entry(chat).or_insert(Window { started: now, count: 0, warned: false });
        if now.duration_since(w.started) >= WINDOW {
            *w = Window { started: now, count: 0, warned: false };
        }
        w.count += 1;
        if w.count <= limit {
            return Verdict::Handle;
        }
        let warn = !w.warned;
        w.warned = true;
        Verdict::Flood { warn }
    }

    #[cfg(test)]
    fn tracked(&self) -> usize {
        self.windows.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_person_typing_is_never_limited() {
        let mut l = Limiter::default();
        let t0 = Instant::now();
        for i in 0..600 {
            // One message a second for ten minutes.
            assert_eq!(l.check(42, t0 + Duration::from_secs(i)), Verdict::Handle);
        }
    }

    #[test]
    fn a_flood_is_set_aside_and_warned_once_per_window() {
        let mut l = Limiter::default();
        let t0 = Instant::now();
        let verdicts: Vec<Verdict> = (0..100).map(|i| l.check(7, t0 + Duration::from_millis(i * 10))).collect();
        assert!(verdicts[..PRIVATE_LIMIT as usize].iter().all(|v| *v == Verdict::Handle));
        assert_eq!(verdicts[PRIVATE_LIMIT as usize], Verdict::Flood { warn: true });
        assert!(verdicts[PRIVATE_LIMIT as usize + 1..].iter().all(|v| *v == Verdict::Flood { warn: false }));
        // Another chat is untouched, and the flooder is heard again in the next window.
        assert_eq!(l.check(8, t0 + Duration::from_secs(1)), Verdict::Handle);
        assert_eq!(l.check(7, t0 + WINDOW + Duration::from_secs(1)), Verdict::Handle);
    }

    #[test]
    fn groups_get_more_room_and_memory_stays_bounded() {
        let mut l = Limiter::default();
        let t0 = Instant::now();
        for _ in 0..GROUP_LIMIT {
            assert_eq!(l.check(-100, t0), Verdict::Handle);
        }
        assert_eq!(l.check(-100, t0), Verdict::Flood { warn: true });
        // A storm of distinct chats, window after window: old windows are dropped.
        for round in 1..=5_u32 {
            for chat in 0..50_000 {
                l.check(i64::from(round) * 1_000_000 + chat, t0 + WINDOW * round);
            }
        }
        assert!(l.tracked() <= 50_000, "{}", l.tracked());
        for chat in 0..200_000 {
            l.check(10_000_000 + chat, t0 + WINDOW * 6);
        }
        assert!(l.tracked() <= MAX_TRACKED, "{}", l.tracked());
    }
}
