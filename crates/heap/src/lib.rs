//! Giving freed memory back to the system after a busy spell.
//!
//! glibc's malloc gives each thread that allocates an arena of its own (up to eight per core), and a
//! page freed inside an arena stays with the process until the arena's top is free or somebody asks:
//! after a burst of updates the bot's resident memory stayed at whatever the burst left scattered over
//! its arenas — 63 to 125 MB at 10,000 live dialogues from one run to the next of the same binary,
//! 68–76 MB with `MALLOC_ARENA_MAX=1` (BENCHMARKS.md). Rather than ask operators to set that, the bot
//! calls [`give_back`] once a busy spell is over.
//!
//! This crate holds the project's one `unsafe` call, alone, so every other crate keeps
//! `unsafe_code = "forbid"`.

/// Returns the free pages of every malloc arena to the system (glibc's `malloc_trim(0)`); whether any
/// memory was returned. It locks each arena while it walks it, so allocating threads may wait a few
/// milliseconds: call it when the process is quiet. Elsewhere than glibc it does nothing.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back() -> bool {
    // SAFETY: `malloc_trim` takes no pointer and has no precondition on its caller; glibc takes each
    // arena's lock itself, so it is sound from any thread at any time.
    #[expect(unsafe_code, reason = "glibc's malloc_trim has no safe binding")]
    let returned = unsafe { libc::malloc_trim(0) };
    returned == 1
}

/// Elsewhere than glibc: nothing to do (musl and other allocators do not keep freed pages this way).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back() -> bool {
    false
}

#[cfg(test)]
mod tests {
    /// Freed memory comes back: 32 MiB allocated and freed on another thread (in its own arena), below
    /// a block still in use, stay resident until [`super::give_back`] runs.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn freed_memory_is_returned() {
        fn rss_kib() -> u64 {
            let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
            let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
            line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("VmRSS in kB")
        }
        // 4 KiB blocks come from the arena (below the mmap threshold), written so their pages are
        // resident; the block allocated after them keeps the arena's top in use, so freeing them
        // returns nothing by itself.
        let pin = std::thread::spawn(|| {
            let blocks: Vec<Vec<u8>> = (0..8_192).map(|i| vec![(i % 251) as u8 + 1; 4096]).collect();
            let pin = vec![1_u8; 4096];
            drop(blocks);
            pin
        })
        .join()
        .expect("the allocating thread");
        let before = rss_kib();
        assert!(super::give_back(), "something was returned");
        let after = rss_kib();
        assert!(after + 16 * 1024 < before, "resident memory fell by at least 16 MiB: {before} kB, then {after} kB");
        assert_eq!(pin.len(), 4096);
    }
}
