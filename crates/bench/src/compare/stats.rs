//! Summaries of one run: latency percentiles, throughput, memory.

use std::time::Duration;

/// Update→reply latencies of one run, sorted once for percentiles.
#[derive(Debug, Clone, Default)]
pub struct Latencies {
    sorted: Vec<Duration>,
}

impl Latencies {
    pub fn new(mut samples: Vec<Duration>) -> Latencies {
        samples.sort_unstable();
        Latencies { sorted: samples }
    }

    pub fn count(&self) -> usize {
        self.sorted.len()
    }

    /// The `p`-th percentile (nearest rank), `p` in 0..=100; zero when there are no samples.
    pub fn percentile(&self, p: f64) -> Duration {
        if self.sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * self.sorted.len() as f64).ceil() as usize;
        self.sorted[rank.clamp(1, self.sorted.len()) - 1]
    }
}

/// What one driven run measured.
#[derive(Debug, Clone, Default)]
pub struct RunFigures {
    /// Updates whose full reply arrived.
    pub updates: usize,
    pub elapsed: Duration,
    pub latencies: Latencies,
    /// To the first message of each reply.
    pub first: Latencies,
    /// Peak resident memory of the bot process (VmHWM), KiB.
    pub peak_rss_kib: Option<u64>,
    /// The generator's own CPU use over the run, as a share of one core: near 1.0 means the generator,
    /// not the bot, may have set the pace.
    pub generator_cpu: f64,
    /// The bot's CPU use over the run, as a share of its core.
    pub bot_cpu: f64,
    /// 429s the stand-in's flood limits answered.
    pub too_many_requests: u64,
    /// Requests the Bot API would have refused.
    pub violations: usize,
    /// Paced runs: turns that found every worker still waiting for a reply (zero in a healthy run).
    pub skipped_turns: usize,
    /// Dialogues given up: no full reply to a step within 20 s, or a reply without the next button.
    pub lost: usize,
}

impl RunFigures {
    pub fn updates_per_second(&self) -> f64 {
        self.updates as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A field of `/proc/<pid>/status` in KiB (`VmHWM`, `VmRSS`), where the system has one.
pub fn proc_status_kib(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))?;
    line[field.len() + 1..].split_whitespace().next()?.parse().ok()
}

/// A process's CPU time (user + system) so far, from `/proc/<pid>/stat`.
pub fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces) start at state, field 3.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some(Duration::from_millis(ticks * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let l = Latencies::new((1..=100).rev().map(Duration::from_millis).collect());
        assert_eq!(l.percentile(50.0), Duration::from_millis(50));
        assert_eq!(l.percentile(99.0), Duration::from_millis(99));
        assert_eq!(l.percentile(100.0), Duration::from_millis(100));
        assert_eq!(Latencies::default().percentile(99.0), Duration::ZERO);
    }

    #[test]
    fn own_status_and_cpu_time_are_readable_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(proc_status_kib(std::process::id(), "VmHWM").is_some_and(|k| k > 0));
            assert!(cpu_time(std::process::id()).is_some());
        }
    }
}
