//! `cargo bench --bench compare`: builds wagedesk and the echo and stock comparison bots
//! (`crates/bench/echo`, `crates/bench/stock`) in release mode, then drives them through the stand-in
//! and prints one table with the ratios and the targets. `-- --help` lists the sizes that can be changed. Exits
//! non-zero when a target is missed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use wagedesk_bench::compare::{self, BotKind, Options};

#[derive(Parser)]
#[command(name = "compare", about = "wagedesk side by side with a teloxide echo bot and a stock dialogue bot")]
struct Args {
    /// Concurrent workers in the closed-loop runs (each files one complaint).
    #[arg(long, default_value_t = 1_000)]
    workers: usize,
    /// Closed-loop runs send no new step after this many seconds.
    #[arg(long, default_value_t = 60)]
    closed_secs: u64,
    /// The echo bot's workers send this many rounds of 25 texts.
    #[arg(long, default_value_t = 4)]
    echo_rounds: usize,
    /// Updates per second of the paced runs.
    #[arg(long, default_value_t = 200.0)]
    paced_rate: f64,
    /// Live dialogues the paced runs spread their updates over.
    #[arg(long, default_value_t = 1_000)]
    paced_workers: usize,
    /// How long each paced run lasts, in seconds.
    #[arg(long, default_value_t = 20)]
    paced_secs: u64,
    /// Dialogues left open for wagedesk's memory figure.
    #[arg(long, default_value_t = 10_000)]
    live_dialogues: usize,
    /// How many intake steps each of those dialogues takes.
    #[arg(long, default_value_t = 8)]
    live_steps: usize,
    /// Only these bots (echo, stock, wagedesk, wagedesk-pg, wagedesk-pg-replicas), comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "echo,stock,wagedesk,wagedesk-pg,wagedesk-pg-replicas")]
    bots: Vec<String>,
    /// Replicas of wagedesk-pg-replicas (one PostgreSQL database, updates by webhook to any of them).
    #[arg(long, default_value_t = 3)]
    replicas: usize,
    /// The PostgreSQL server the wagedesk-pg runs use (an empty database per run); "off" leaves them out.
    #[arg(long, env = "WAGEDESK_BENCH_POSTGRES", default_value = "postgres://postgres@127.0.0.1:5432/postgres")]
    postgres: String,
    /// Skip the paced runs.
    #[arg(long)]
    no_paced: bool,
    /// Skip wagedesk's memory run (idle and live dialogues).
    #[arg(long)]
    no_live: bool,
    /// Notifications drained in the outbox run (0 skips it).
    #[arg(long, default_value_t = 10_000)]
    outbox_messages: usize,
    /// Record every closed-loop run's bot with `perf record -g` (perf.data in the run's directory).
    #[arg(long)]
    perf: bool,
    /// Where the runs' data directories go (default: a folder under the system temp dir).
    #[arg(long)]
    work_dir: Option<PathBuf>,
    /// Run this wagedesk binary instead of building one (to compare two commits with one driver).
    #[arg(long)]
    wagedesk: Option<PathBuf>,
    /// Run every bot with this MALLOC_ARENA_MAX (by default none is set: glibc's own arenas).
    #[arg(long)]
    malloc_arena_max: Option<u32>,
    /// cargo passes `--bench` to every bench target; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let defaults = Options::default();
    let mut bots = Vec::new();
    for name in &args.bots {
        match BotKind::ALL.into_iter().find(|k| k.name() == name) {
            Some(kind) if kind.on_postgres() && args.postgres == "off" => {}
            Some(kind) => bots.push(kind),
            None => {
                eprintln!("unknown bot {name:?}: echo, stock, wagedesk, wagedesk-pg or wagedesk-pg-replicas");
                return ExitCode::FAILURE;
            }
        }
    }
    let options = Options {
        workers: args.workers,
        echo_rounds: args.echo_rounds,
        closed_limit: Duration::from_secs(args.closed_secs),
        paced_rate: args.paced_rate,
        paced_workers: args.paced_workers,
        paced_duration: Duration::from_secs(args.paced_secs),
        live_dialogues: args.live_dialogues,
        live_steps: args.live_steps,
        work_dir: args.work_dir.unwrap_or(defaults.work_dir),
        bots,
        paced: !args.no_paced,
        live: !args.no_live,
        perf: args.perf,
        outbox_messages: args.outbox_messages,
        postgres: args.postgres,
        replicas: args.replicas,
    };
    // This package lives in crates/bench of the repository.
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let bins = match compare::build_comparison_bots(&repo, &options.bots, args.wagedesk.as_deref()) {
        Ok(bins) => compare::Binaries { malloc_arena_max: args.malloc_arena_max, ..bins },
        Err(e) => {
            eprintln!("{e:#}");
            return ExitCode::FAILURE;
        }
    };
    let pinning = compare::cores();
    // Pinned before the runtime starts, so every thread it spawns inherits the core.
    if let Some((_, generator)) = pinning
        && let Err(e) = compare::pin_self(generator)
    {
        eprintln!("{e:#}");
        return ExitCode::FAILURE;
    }
    // One thread for the stand-in and the workers alike: with the driver on the main thread and the
    // stand-in on a runtime worker, every call and every update was a wake-up across threads on the
    // one core, half the main thread's time (BENCHMARKS.md, the generator).
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Ctrl-C or SIGTERM drops the run, and with it the bots it started.
    let interrupted = async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    };
    let outcome = runtime.block_on(async {
        tokio::select! {
            report = compare::run(&bins, &options, pinning) => report,
            _ = interrupted => Err(anyhow::anyhow!("interrupted")),
        }
    });
    match outcome {
        Ok(report) => {
            match bins.malloc_arena_max {
                Some(n) => println!("bots run with MALLOC_ARENA_MAX={n}"),
                None => println!("bots run without MALLOC_ARENA_MAX (glibc's default arenas)"),
            }
            println!("{report}");
            if report.all_targets_met() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(e) => {
            eprintln!("benchmark failed: {e:#}");
            ExitCode::FAILURE
        }
    }
}
