//! `cargo bench --bench outbox`: drains 10,000 queued notifications over 1,000 chats against the stand-in
//! with Telegram's limits (30/s overall) enforced and prints elapsed time, the achieved rate as a share
//! of the allowed one, and the 429s met. `WAGEDESK_BENCH_MESSAGES` and `WAGEDESK_BENCH_CHATS` change
//! the size. Exits non-zero when a target is missed.

use std::process::ExitCode;

use wagedesk_bench::outbox::{OutboxBench, run};

fn from_env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() -> ExitCode {
    let defaults = OutboxBench::default();
    let bench = OutboxBench {
        messages: from_env("WAGEDESK_BENCH_MESSAGES", defaults.messages),
        chats: from_env("WAGEDESK_BENCH_CHATS", defaults.chats),
        ..defaults
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&bench)) {
        Ok(report) => {
            println!("{report}");
            if report.meets_targets() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("benchmark failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
