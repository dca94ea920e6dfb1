//! Rate limits on posts, per session and per address, in fixed one-minute windows. Kept in memory on
//! purpose: they only slow a flood down, and a restart forgetting them loses nothing that matters.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// A worker answers a question every few seconds at most.
const PER_SESSION: u32 = 60;
/// Many workers on one site may share an address (a site's Wi-Fi, a carrier's NAT).
const PER_ADDRESS: u32 = 600;

#[derive(Default)]
pub struct Limits {
    windows: Mutex<Windows>,
}

#[derive(Default)]
struct Windows {
    started: Option<Instant>,
    sessions: HashMap<i64, u32>,
    addresses: HashMap<IpAddr, u32>,
}

impl Limits {
    /// Counts one post; `false` when the session or the address is past its limit this minute. A post
    /// its session's limit refuses is not counted against the address: one runaway session must not
    /// lock out every worker behind the same site Wi-Fi or carrier NAT.
    pub fn admit(&self, session: i64, address: IpAddr) -> bool {
        let Ok(mut w) = self.windows.lock() else { return true };
        let w = w.current();
        let s = w.sessions.entry(session).or_default();
        *s += 1;
        if *s > PER_SESSION {
            return false;
        }
        let a = w.addresses.entry(address).or_default();
        *a += 1;
        *a <= PER_ADDRESS
    }

    /// Counts a post that has no session yet (a first form); `false` when its address is past its limit.
    pub fn admit_address(&self, address: IpAddr) -> bool {
        let Ok(mut w) = self.windows.lock() else { return true };
        let a = w.current().addresses.entry(address).or_default();
        *a += 1;
        *a <= PER_ADDRESS
    }
}

impl Windows {
    /// This minute's counts, started afresh when the last window is over.
    fn current(&mut self) -> &mut Windows {
        let now = Instant::now();
        if self.started.is_none_or(|s| now.duration_since(s) >= WINDOW) {
            *self = Windows { started: Some(now), ..Windows::default() };
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_past_its_limit_is_refused_and_another_is_not() {
        let limits = Limits::default();
        let ip: IpAddr = [10, 0, 0, 1].into();
        assert!((0..PER_SESSION).all(|_| limits.admit(1, ip)));
        assert!(!limits.admit(1, ip));
        assert!(limits.admit(2, ip));
    }

    #[test]
    fn a_runaway_session_does_not_lock_out_its_address() {
        let limits = Limits::default();
        let ip: IpAddr = [10, 0, 0, 1].into();
        // One session posts far past its own limit, as many times as the address may post.
        let admitted = (0..PER_ADDRESS + 100).filter(|_| limits.admit(1, ip)).count();
        assert_eq!(admitted, PER_SESSION as usize);
        // Another worker on the same Wi-Fi still gets through, up to what is left of the address's share.
        assert!(limits.admit(2, ip));
        assert!(limits.admit_address(ip), "a first form from the same address too");
    }
}
