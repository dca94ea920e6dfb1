//! The side-by-side benchmark (`cargo bench --bench compare`): a bare teloxide echo bot, the same intake
//! written the way teloxide's examples do it (`crates/bench/stock`), and `wagedesk run`, each a release build
//! in its own process pinned to one core, driven through the same stand-in by simulated workers on the
//! other core. Prints one table with the ratios and the targets of issue 8.

mod bots;
mod drive;
mod script;
mod stats;
mod table;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, ensure};

pub use bots::{Binaries, BotKind, build_comparison_bots, cores, pin_self};
pub use stats::{Latencies, RunFigures};
pub use table::Report;

use bots::BotProcess;
use drive::{Driven, Driver};
use stats::cpu_time;
use wagedesk::bot::budget::{Limits, Window};
use wagedesk::standin::{RateWindows, StandIn, StandInOptions, Validation};

/// Sizes of the runs. The defaults take a few minutes on two cores.
#[derive(Debug, Clone)]
pub struct Options {
    /// Concurrent workers of the closed-loop runs, each filing one complaint (25 updates).
    pub workers: usize,
    /// A closed-loop run sends no new step after this long (the stock bot would take minutes).
    pub closed_limit: Duration,
    /// The echo bot's workers send `echo_rounds` × 25 texts each.
    pub echo_rounds: usize,
    /// The paced run: updates per second, spread over this many live dialogues, for this long.
    pub paced_rate: f64,
    pub paced_workers: usize,
    pub paced_duration: Duration,
    /// Dialogues left open for the memory figure, each walked this many steps into the intake.
    pub live_dialogues: usize,
    pub live_steps: usize,
    /// Where each run's data directory (database, bot log) goes.
    pub work_dir: PathBuf,
    /// The bots to run (paced runs only for stock and wagedesk, the memory run only for wagedesk).
    pub bots: Vec<BotKind>,
    pub paced: bool,
    pub live: bool,
    /// Notifications of the outbox drain (wagedesk's delivery under Telegram's limits); 0 skips it.
    pub outbox_messages: usize,
    /// Record each closed-loop run's bot with `perf record -g` into its data directory.
    pub perf: bool,
    /// The PostgreSQL server wagedesk-pg's runs each get an empty database on.
    pub postgres: String,
    /// Replicas of the wagedesk-pg-replicas runs.
    pub replicas: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            workers: 1_000,
            echo_rounds: 4,
            closed_limit: Duration::from_secs(60),
            paced_rate: 200.0,
            paced_workers: 1_000,
            paced_duration: Duration::from_secs(20),
            live_dialogues: 10_000,
            live_steps: 8,
            work_dir: std::env::temp_dir().join("wagedesk-compare"),
            bots: BotKind::ALL.to_vec(),
            paced: true,
            live: true,
            perf: false,
            outbox_messages: super::outbox::OutboxBench::default().messages,
            postgres: wagedesk::storage::postgres::scratch::LOCAL_SERVER.to_owned(),
            replicas: 3,
        }
    }
}

/// Where the bot and the generator run: `(bot core, generator core)` when pinned.
pub type Pinning = Option<(usize, usize)>;

/// Runs everything and returns the figures; `bins` from [`build_comparison_bots`].
pub async fn run(bins: &Binaries, options: &Options, pinning: Pinning) -> anyhow::Result<Report> {
    let mut report = Report::new(options.clone(), pinning);
    let mut replies = Vec::new();
    let chosen = |kinds: &[BotKind]| kinds.iter().copied().filter(|k| options.bots.contains(k)).collect::<Vec<_>>();
    for kind in chosen(&BotKind::ALL) {
        eprintln!("closed loop: {} workers on the {} bot", options.workers, kind.name());
        let (figures, expected) = closed_loop(kind, bins, options, pinning).await.with_context(|| kind.name())?;
        report.closed.push((kind, figures));
        replies.push((kind, expected));
    }
    let known = |kind: BotKind| replies.iter().find(|(k, _)| *k == kind).map(|(_, e)| e.clone()).unwrap_or_default();
    let paced_bots = if options.paced {
        chosen(&[BotKind::Stock, BotKind::Wagedesk, BotKind::WagedeskPostgres, BotKind::WagedeskReplicas])
    } else {
        Vec::new()
    };
    for kind in paced_bots {
        let (rate, workers) = (options.paced_rate, options.paced_workers);
        eprintln!("paced: {rate} updates/s over {workers} dialogues on the {} bot", kind.name());
        let figures = paced(kind, bins, options, pinning, &known(kind)).await.with_context(|| kind.name())?;
        report.paced.push((kind, figures));
    }
    if options.live && options.bots.contains(&BotKind::Wagedesk) {
        eprintln!("memory: wagedesk idle and with {} live dialogues", options.live_dialogues);
        let known = known(BotKind::Wagedesk);
        live_memory(bins, options, pinning, &known, &mut report).await.context("live dialogues")?;
    }
    if options.outbox_messages > 0 {
        let bench = super::outbox::OutboxBench { messages: options.outbox_messages, ..Default::default() };
        eprintln!("outbox drain: {} notifications over {} chats", bench.messages, bench.chats);
        let drained = super::outbox::run(&bench).await.context("outbox drain")?;
        eprintln!(
            "  {:.1} % of the allowed rate, {} × 429",
            100.0 * drained.fraction_of_allowed(),
            drained.too_many_requests
        );
        report.outbox = Some(drained);
    }
    report.load_after = table::load_average();
    Ok(report)
}

/// A fresh stand-in with the bot started against it and up.
struct Started {
    standin: StandIn,
    driver: Driver,
    bot: BotProcess,
    /// wagedesk-pg's database, dropped after the run.
    _database: Option<wagedesk::storage::postgres::scratch::Scratch>,
}

/// How to start one run.
struct Setup<'a> {
    kind: BotKind,
    bins: &'a Binaries,
    options: &'a Options,
    pinning: Pinning,
    /// Names the run's data directory.
    name: &'static str,
    standin: StandInOptions,
    /// Extra arguments of `wagedesk run`.
    extra: Vec<String>,
}

async fn start(setup: Setup<'_>) -> anyhow::Result<Started> {
    let standin = StandIn::start(setup.standin).await?;
    let mut driver = Driver::new(standin.clone());
    let dir = setup.options.work_dir.join(format!("{}-{}", setup.kind.name(), setup.name));
    let cpu = setup.pinning.map(|p| p.0);
    let database = if setup.kind.on_postgres() {
        let server = &setup.options.postgres;
        let scratch = wagedesk::storage::postgres::scratch::Scratch::create(server, setup.name)
            .await
            .with_context(|| format!("an empty database on {}", wagedesk::storage::postgres::redacted(server)))?;
        Some(scratch)
    } else {
        None
    };
    let url = database.as_ref().map(|d| d.url.as_str());
    let replicas = if setup.kind == BotKind::WagedeskReplicas { setup.options.replicas.max(1) } else { 0 };
    let listening = replica_addresses(replicas)?;
    if !listening.is_empty() {
        // A load balancer in front of them: each webhook request goes to one replica at random.
        standin.balance_webhooks(listening.iter().map(|l| format!("http://{}", l.address)).collect());
    }
    let mut bot = BotProcess::start(setup.kind, setup.bins, &standin, &dir, cpu, &setup.extra, url, listening.first())?;
    driver.wait_until_up(Duration::from_secs(60), Duration::from_secs(2)).await?;
    if let Some((_, others)) = listening.split_first() {
        // The first made the key file and the webhook's secret; the others read them.
        wait_for(Duration::from_secs(60), "the first replica to set the webhook", || standin.webhook_url().is_some())
            .await?;
        for replica in others {
            bot.spawn(Some(replica))?;
        }
        for replica in &listening {
            let up = || std::net::TcpStream::connect(&replica.address).is_ok();
            wait_for(Duration::from_secs(60), &format!("a replica listening at {}", replica.address), up).await?;
        }
    }
    bot.check_alive()?;
    Ok(Started { standin, driver, bot, _database: database })
}

/// Free loopback addresses for `count` replicas' webhook listeners, and the URL they all give Telegram.
fn replica_addresses(count: usize) -> anyhow::Result<Vec<bots::Listening>> {
    (0..count)
        .map(|_| {
            let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
            let address = format!("127.0.0.1:{port}");
            Ok(bots::Listening { url: "http://127.0.0.1:9/wagedesk-hook".to_owned(), address })
        })
        .collect()
}

async fn wait_for(limit: Duration, what: &str, done: impl Fn() -> bool) -> anyhow::Result<()> {
    let deadline = tokio::time::Instant::now() + limit;
    while !done() {
        ensure!(tokio::time::Instant::now() < deadline, "waited {} s for {what}", limit.as_secs());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// One worker files a whole complaint first (a warm-up and a check that the flow works). Without
/// `known` reply sizes it measures them (calibration); returns them.
async fn warm_up(s: &mut Started, options: &Options, known: Option<&[usize]>) -> anyhow::Result<Vec<usize>> {
    let script = script_for(s.bot.kind, options)(usize::MAX / 2);
    // Every text the echo bot gets has one answer: nothing to measure.
    let echoes = (s.bot.kind == BotKind::Echo).then(|| vec![1; script.len()]);
    let (expected, chat) = match known.or(echoes.as_deref()) {
        None => s.driver.calibrate(script).await?,
        Some(known) => (known.to_vec(), s.driver.walk(script, known).await?),
    };
    if s.bot.kind != BotKind::Echo {
        let said = s.standin.messages_in(chat).iter().filter_map(|m| m.text.clone()).collect::<Vec<_>>().join("\n");
        ensure!(said.contains("QX-"), "the warm-up complaint got no case number; the bot said:\n{said}");
    }
    Ok(expected)
}

fn script_for(kind: BotKind, options: &Options) -> Box<dyn Fn(usize) -> Vec<wagedesk::script::Act>> {
    match kind {
        BotKind::Echo => {
            let rounds = options.echo_rounds;
            Box::new(move |n| script::echo(n, rounds))
        }
        BotKind::Stock | BotKind::Wagedesk | BotKind::WagedeskPostgres | BotKind::WagedeskReplicas => {
            Box::new(script::intake)
        }
    }
}

/// CPU time so far of the generator and of the bot.
fn cpu_times(s: &Started) -> (Option<Duration>, Option<Duration>) {
    (cpu_time(std::process::id()), s.bot.cpu_time())
}

async fn finish(
    mut s: Started,
    driven: Driven,
    before: (Option<Duration>, Option<Duration>),
) -> anyhow::Result<RunFigures> {
    s.bot.check_alive()?;
    let after = cpu_times(&s);
    let share = |after: Option<Duration>, before: Option<Duration>| {
        let used = after.zip(before).map_or(Duration::ZERO, |(a, b)| a.saturating_sub(b));
        used.as_secs_f64() / driven.elapsed.as_secs_f64().max(1e-9)
    };
    let figures = RunFigures {
        updates: driven.latencies.len(),
        elapsed: driven.elapsed,
        latencies: Latencies::new(driven.latencies),
        first: Latencies::new(driven.first_latencies),
        peak_rss_kib: s.bot.peak_rss_kib(),
        generator_cpu: share(after.0, before.0),
        bot_cpu: share(after.1, before.1),
        too_many_requests: s.standin.too_many_requests_count(),
        violations: s.standin.violations().len(),
        skipped_turns: driven.skipped_turns,
        lost: driven.lost,
    };
    eprintln!(
        "  {} updates in {:.1} s ({:.0}/s), p99 {:.1} ms, peak RSS {} KiB, {} dialogues lost",
        figures.updates,
        figures.elapsed.as_secs_f64(),
        figures.updates_per_second(),
        stats::ms(figures.latencies.percentile(99.0)),
        figures.peak_rss_kib.unwrap_or(0),
        figures.lost
    );
    s.bot.stop();
    s.standin.shutdown().await;
    Ok(figures)
}

async fn closed_loop(
    kind: BotKind,
    bins: &Binaries,
    options: &Options,
    pinning: Pinning,
) -> anyhow::Result<(RunFigures, Vec<usize>)> {
    let standin = measuring();
    let setup = Setup { kind, bins, options, pinning, name: "closed", standin, extra: wagedesk_args(None) };
    let mut s = start(setup).await?;
    let expected = warm_up(&mut s, options, None).await?;
    if options.perf {
        s.bot.attach_perf()?;
    }
    let cpu_before = cpu_times(&s);
    let script = script_for(kind, options);
    let driven =
        s.driver.closed_loop(&script, &expected, options.workers, options.workers, options.closed_limit).await?;
    Ok((finish(s, driven, cpu_before).await?, expected))
}

async fn paced(
    kind: BotKind,
    bins: &Binaries,
    options: &Options,
    pinning: Pinning,
    known: &[usize],
) -> anyhow::Result<RunFigures> {
    // Only wagedesk limits itself; the stock bot, like teloxide's examples, has no limiter.
    let limits = kind.is_wagedesk().then(paced_limits);
    let standin = StandInOptions { rate_limits: limits.is_some(), ..measuring() };
    let extra = wagedesk_args(limits.as_ref());
    let setup = Setup { kind, bins, options, pinning, name: "paced", standin, extra };
    let mut s = start(setup).await?;
    if let Some(limits) = &limits {
        s.standin.set_rate_windows(rate_windows(limits));
    }
    warm_up(&mut s, options, Some(known)).await?;
    let cpu_before = cpu_times(&s);
    let (rate, workers) = (options.paced_rate, options.paced_workers);
    let driven = s.driver.paced(&script_for(kind, options), known, workers, rate, options.paced_duration).await?;
    finish(s, driven, cpu_before).await
}

async fn live_memory(
    bins: &Binaries,
    options: &Options,
    pinning: Pinning,
    known: &[usize],
    report: &mut Report,
) -> anyhow::Result<()> {
    let standin = measuring();
    let kind = BotKind::Wagedesk;
    let setup = Setup { kind, bins, options, pinning, name: "live", standin, extra: wagedesk_args(None) };
    let mut s = start(setup).await?;
    report.idle_rss_kib = s.bot.rss_kib();
    let steps = options.live_steps.min(known.len());
    let prefix = move |n: usize| script::intake(n)[..steps].to_vec();
    let (dialogues, limit) = (options.live_dialogues, Duration::from_secs(3600));
    let driven = s.driver.closed_loop(&prefix, &known[..steps], dialogues, options.workers, limit).await?;
    ensure!(driven.lost == 0, "{} of the live dialogues were lost", driven.lost);
    tokio::time::sleep(Duration::from_secs(1)).await;
    s.bot.check_alive()?;
    report.live_rss_kib = s.bot.rss_kib();
    report.live_peak_rss_kib = s.bot.peak_rss_kib();
    s.bot.stop();
    s.standin.shutdown().await;
    Ok(())
}

/// The flood limits of the paced run, enforced by the stand-in and kept by wagedesk: Telegram's per chat
/// (one message a second in a private chat with a pair at once, 20 a minute in a group); overall 1,000 a second, Telegram's
/// ceiling for paid broadcasts, since its 30 a second for free bulk messages would cap any bot far
/// below the 200 updates a second the run offers.
pub fn paced_limits() -> Limits {
    Limits {
        private_chat: Limits::default().private_chat,
        group: Window::new(20, Duration::from_secs(60)),
        overall: Window::new(1_000, Duration::from_secs(1)),
    }
}

fn rate_windows(limits: &Limits) -> RateWindows {
    let w = |w: Window| (w.max as usize, w.per);
    RateWindows { private_chat: w(limits.private_chat), group: w(limits.group), overall: w(limits.overall) }
}

/// `wagedesk run`'s delivery limits: `limits` when given, else out of the way (the stand-in does not
/// enforce any then).
fn wagedesk_args(limits: Option<&Limits>) -> Vec<String> {
    let unlimited = Window::new(1_000_000, Duration::from_secs(1));
    let l = limits.copied().unwrap_or(Limits { private_chat: unlimited, group: unlimited, overall: unlimited });
    let ms = |w: Window| format!("{}/{}ms", w.max, w.per.as_millis());
    let mut args = Vec::new();
    for (flag, window) in
        [("--limit-private", l.private_chat), ("--limit-group", l.group), ("--limit-overall", l.overall)]
    {
        args.push(flag.to_owned());
        args.push(ms(window));
    }
    args
}

/// The stand-in of a measured run: every request is checked against the spec from the recording after
/// the run, not on arrival, so the checks are not part of what the load side spends while it measures.
fn measuring() -> StandInOptions {
    StandInOptions { validation: Validation::FromRecording, keep_results: false, ..StandInOptions::default() }
}
