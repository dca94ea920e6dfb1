//! The printed result: the machine, one table of figures side by side with the ratios, and the targets
//! (issues 8 and 19) with pass or miss.

use std::fmt::{self, Display, Write as _};

use super::bots::BotKind;
use super::stats::{RunFigures, ms};
use super::{Options, Pinning};
use crate::outbox::OutboxReport;

#[derive(Debug, Clone)]
pub struct Report {
    pub options: Options,
    pub pinning: Pinning,
    pub machine: String,
    pub load_before: String,
    pub load_after: String,
    pub closed: Vec<(BotKind, RunFigures)>,
    pub paced: Vec<(BotKind, RunFigures)>,
    pub idle_rss_kib: Option<u64>,
    pub live_rss_kib: Option<u64>,
    pub live_peak_rss_kib: Option<u64>,
    /// The outbox drain (`benchmarks::outbox`), run in the generator's process.
    pub outbox: Option<OutboxReport>,
}

impl Report {
    pub fn new(options: Options, pinning: Pinning) -> Report {
        Report {
            options,
            pinning,
            machine: machine(),
            load_before: load_average(),
            load_after: String::new(),
            closed: Vec::new(),
            paced: Vec::new(),
            idle_rss_kib: None,
            live_rss_kib: None,
            live_peak_rss_kib: None,
            outbox: None,
        }
    }

    fn closed(&self, kind: BotKind) -> Option<&RunFigures> {
        self.closed.iter().find(|(k, _)| *k == kind).map(|(_, f)| f)
    }

    fn paced(&self, kind: BotKind) -> Option<&RunFigures> {
        self.paced.iter().find(|(k, _)| *k == kind).map(|(_, f)| f)
    }

    /// Every target with what was measured and whether it passed.
    pub fn targets(&self) -> Vec<Target> {
        let mut out = Vec::new();
        let (echo, stock, wd) =
            (self.closed(BotKind::Echo), self.closed(BotKind::Stock), self.closed(BotKind::Wagedesk));
        if let (Some(stock), Some(wd)) = (stock, wd) {
            let ratio = wd.updates_per_second() / stock.updates_per_second();
            out.push(Target::new("closed loop updates/s ≥ 4× stock", format!("{ratio:.2}×"), ratio >= 4.0));
            let (w99, s99) = (wd.latencies.percentile(99.0), stock.latencies.percentile(99.0));
            let ratio = w99.as_secs_f64() / s99.as_secs_f64().max(1e-9);
            let measured = format!("{:.1} ms vs {:.1} ms ({ratio:.3}×)", ms(w99), ms(s99));
            out.push(Target::new("closed loop p99 ≤ 1/10 of stock's", measured, ratio <= 0.1));
        }
        if let (Some(echo), Some(wd)) = (echo, wd) {
            let ratio = wd.updates_per_second() / echo.updates_per_second();
            out.push(Target::new("closed loop updates/s ≥ 0.25× echo", format!("{ratio:.2}×"), ratio >= 0.25));
        }
        if !self.closed.is_empty() {
            // Above this the generator, not the bot, may be what was measured: the ratios then flatter.
            let busiest = self.closed.iter().map(|(_, f)| f.generator_cpu).fold(0.0, f64::max);
            let what =
                format!("load generator ≤ {:.0} % of its core in every closed-loop run", 100.0 * GENERATOR_CEILING);
            out.push(Target::new(&what, format!("at most {:.0} %", 100.0 * busiest), busiest <= GENERATOR_CEILING));
        }
        if let Some(paced) = self.paced(BotKind::Wagedesk) {
            let p99 = paced.latencies.percentile(99.0);
            let measured = format!("{:.1} ms, {} × 429", ms(p99), paced.too_many_requests);
            out.push(Target::new(
                "paced p99 ≤ 10 ms with rate limiting on",
                measured,
                ms(p99) <= 10.0 && paced.skipped_turns == 0,
            ));
        }
        if let Some(o) = &self.outbox {
            let measured = format!(
                "{:.1} % of {:.0}/s, {} × 429, {} chats out of order",
                100.0 * o.fraction_of_allowed(),
                o.allowed_per_second,
                o.too_many_requests,
                o.chats_out_of_order
            );
            let what =
                format!("outbox drain of {}: ≥ 90 % of the allowed rate, zero 429s", thousands(o.messages as f64));
            out.push(Target::new(&what, measured, o.meets_targets()));
        }
        if let Some(idle) = self.idle_rss_kib {
            out.push(Target::new("RSS idle ≤ 30 MB", mb(idle), megabytes(idle) <= 30.0));
        }
        if let Some(live) = self.live_rss_kib {
            let what = format!("RSS at {} live dialogues ≤ 100 MB", thousands(self.options.live_dialogues as f64));
            out.push(Target::new(&what, mb(live), megabytes(live) <= 100.0));
        }
        out
    }

    pub fn all_targets_met(&self) -> bool {
        self.targets().iter().all(|t| t.pass)
    }
}

/// The share of its core past which a run's load generator is marked as a possible bottleneck.
pub const GENERATOR_CEILING: f64 = 0.6;

/// A generator's CPU share, marked when past [`GENERATOR_CEILING`].
fn generator_share(v: f64) -> String {
    if v > GENERATOR_CEILING {
        format!("{v:.2} ⚠ over {:.0} %", 100.0 * GENERATOR_CEILING)
    } else {
        format!("{v:.2}")
    }
}

#[derive(Debug, Clone)]
pub struct Target {
    pub what: String,
    pub measured: String,
    pub pass: bool,
}

impl Target {
    fn new(what: &str, measured: String, pass: bool) -> Target {
        Target { what: what.to_owned(), measured, pass }
    }
}

/// `1/1s`, `20/60s`.
fn window(w: wagedesk::bot::budget::Window) -> String {
    format!("{}/{}s", w.max, w.per.as_secs_f64())
}

fn megabytes(kib: u64) -> f64 {
    kib as f64 * 1024.0 / 1e6
}

fn mb(kib: u64) -> String {
    format!("{:.1} MB", megabytes(kib))
}

/// `12345.6` → `12,346`.
fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".to_owned(),
    }
}

/// One row: a figure for echo, stock and wagedesk, and wagedesk's ratios to stock and echo.
fn row(out: &mut String, label: &str, values: [Option<f64>; 3], show: impl Fn(f64) -> String) {
    let cell = |v: Option<f64>| v.filter(|v| v.is_finite()).map_or_else(|| "–".to_owned(), &show);
    let _ = writeln!(
        out,
        "| {label} | {} | {} | {} | {} | {} |",
        cell(values[0]),
        cell(values[1]),
        cell(values[2]),
        ratio(values[2], values[1]),
        ratio(values[2], values[0]),
    );
}

/// A row of counts, where ratios mean nothing.
fn count_row(out: &mut String, label: &str, values: [Option<f64>; 3], show: impl Fn(f64) -> String) {
    let cell = |v: Option<f64>| v.filter(|v| v.is_finite()).map_or_else(|| "–".to_owned(), &show);
    let _ = writeln!(out, "| {label} | {} | {} | {} | | |", cell(values[0]), cell(values[1]), cell(values[2]));
}

impl Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.options;
        writeln!(f, "machine: {}", self.machine)?;
        match self.pinning {
            Some((bot, generator)) => {
                writeln!(f, "pinning: bot on CPU {bot}, stand-in and load generator on CPU {generator}")?
            }
            None => writeln!(f, "pinning: none (fewer than 2 CPUs or no taskset)")?,
        }
        writeln!(f, "load average: {} before, {} after", self.load_before, self.load_after)?;
        writeln!(f)?;
        let kinds = [BotKind::Echo, BotKind::Stock, BotKind::Wagedesk];
        let mut t = String::new();
        t.push_str("| | echo | stock | wagedesk | wagedesk/stock | wagedesk/echo |\n|---|---:|---:|---:|---:|---:|\n");
        let closed = kinds.map(|k| self.closed(k));
        let workers = thousands(o.workers as f64);
        let pick = |get: &dyn Fn(&RunFigures) -> f64| closed.map(|f| f.map(get));
        row(
            &mut t,
            &format!("closed loop, {workers} workers, {} s at most: updates/s", o.closed_limit.as_secs()),
            pick(&|f| f.updates_per_second()),
            thousands,
        );
        for p in [50.0, 90.0, 99.0] {
            let label = format!("closed loop: p{p:.0} update→reply (ms)");
            row(&mut t, &label, pick(&|f| ms(f.latencies.percentile(p))), |v| format!("{v:.1}"));
        }
        let peak = |f: &RunFigures| f.peak_rss_kib.map_or(f64::NAN, megabytes);
        row(&mut t, "closed loop: peak RSS (MB)", pick(&peak), |v| format!("{v:.1}"));
        count_row(&mut t, "closed loop: updates handled", pick(&|f| f.updates as f64), thousands);
        count_row(&mut t, "closed loop: dialogues lost", pick(&|f| f.lost as f64), thousands);
        let cpu = |v: f64| format!("{v:.2}");
        count_row(&mut t, "closed loop: bot CPU (share of its core)", pick(&|f| f.bot_cpu), cpu);
        count_row(
            &mut t,
            "closed loop: generator CPU (share of its core)",
            pick(&|f| f.generator_cpu),
            generator_share,
        );
        let paced = kinds.map(|k| self.paced(k));
        let ppick = |get: &dyn Fn(&RunFigures) -> f64| paced.map(|f| f.map(get));
        let pace = format!("paced {} updates/s over {} dialogues", o.paced_rate, thousands(o.paced_workers as f64));
        for p in [50.0, 99.0] {
            let label = format!("{pace}: p{p:.0} update→reply (ms)");
            row(&mut t, &label, ppick(&|f| ms(f.latencies.percentile(p))), |v| format!("{v:.1}"));
        }
        let label = format!("{pace}: p99 update→first message of the reply (ms)");
        row(&mut t, &label, ppick(&|f| ms(f.first.percentile(99.0))), |v| format!("{v:.1}"));
        count_row(&mut t, &format!("{pace}: bot CPU (share of its core)"), ppick(&|f| f.bot_cpu), cpu);
        let generator = ppick(&|f| f.generator_cpu);
        count_row(&mut t, &format!("{pace}: generator CPU (share of its core)"), generator, generator_share);
        count_row(&mut t, &format!("{pace}: 429s"), ppick(&|f| f.too_many_requests as f64), thousands);
        count_row(&mut t, &format!("{pace}: dialogues lost"), ppick(&|f| f.lost as f64), thousands);
        let skipped = ppick(&|f| f.skipped_turns as f64);
        count_row(&mut t, &format!("{pace}: turns with no worker ready"), skipped, thousands);
        let violations = kinds.map(|k| {
            let runs = self.closed.iter().chain(&self.paced).filter(|(kk, _)| *kk == k);
            runs.map(|(_, f)| f.violations as f64).reduce(|a, b| a + b)
        });
        count_row(&mut t, "Bot API violations (all runs)", violations, thousands);
        let wd_only = |v: Option<u64>| [None, None, v.map(megabytes)];
        row(&mut t, "RSS idle (MB)", wd_only(self.idle_rss_kib), |v| format!("{v:.1}"));
        let live = thousands(o.live_dialogues as f64);
        row(&mut t, &format!("RSS at {live} live dialogues (MB)"), wd_only(self.live_rss_kib), |v| format!("{v:.1}"));
        // The figure above is taken a second after the last dialogue's reply, once the bot is quiet (and
        // has given back what the burst freed); this one is the most it held on the way.
        row(&mut t, &format!("RSS peak while {live} dialogues opened (MB)"), wd_only(self.live_peak_rss_kib), |v| {
            format!("{v:.1}")
        });
        if let Some(o) = &self.outbox {
            let label =
                format!("outbox drain, {} notifications over {} chats: msg/s", thousands(o.messages as f64), o.chats);
            row(&mut t, &label, [None, None, Some(o.steady_per_second)], |v| format!("{v:.1}"));
            count_row(&mut t, "outbox drain: 429s", [None, None, Some(o.too_many_requests as f64)], thousands);
        }
        f.write_str(&t)?;
        writeln!(f)?;
        self.postgres_table(f)?;
        writeln!(f, "| target (wagedesk) | measured | |\n|---|---|---|")?;
        for target in self.targets() {
            writeln!(f, "| {} | {} | {} |", target.what, target.measured, if target.pass { "pass" } else { "MISS" })?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "Each worker files one complaint of {} updates. Latency runs from queueing an update to the arrival of the \
             last message of its reply. Paced runs: the stock bot has no rate limiter; wagedesk keeps, and the stand-in \
             enforces, {} per private chat, {} per group, {} overall.",
            super::script::intake(0).len(),
            window(super::paced_limits().private_chat),
            window(super::paced_limits().group),
            window(super::paced_limits().overall),
        )
    }
}

impl Report {
    /// wagedesk on PostgreSQL (one replica, and several behind the webhook) beside wagedesk on SQLite,
    /// of the same run.
    fn postgres_table(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kinds = [BotKind::Wagedesk, BotKind::WagedeskPostgres, BotKind::WagedeskReplicas];
        let closed = kinds.map(|k| self.closed(k));
        if closed[1].is_none() && closed[2].is_none() {
            return Ok(());
        }
        let replicas = self.options.replicas;
        let mut t = format!(
            "| wagedesk, same run | SQLite | PostgreSQL, one replica | PostgreSQL, {replicas} replicas | one replica/SQLite \
             | {replicas} replicas/one |\n|---|---:|---:|---:|---:|---:|\n"
        );
        let mut line = |label: &str,
                        get: &dyn Fn(&RunFigures) -> f64,
                        show: &dyn Fn(f64) -> String,
                        runs: [Option<&RunFigures>; 3]| {
            let [a, b, c] = runs.map(|r| r.map(get).filter(|v| v.is_finite()));
            let cell = |v: Option<f64>| v.map_or_else(|| "–".to_owned(), show);
            let _ = writeln!(
                t,
                "| {label} | {} | {} | {} | {} | {} |",
                cell(a),
                cell(b),
                cell(c),
                ratio(b, a),
                ratio(c, b)
            );
        };
        let one = |v: f64| format!("{v:.1}");
        let two = |v: f64| format!("{v:.2}");
        let workers = thousands(self.options.workers as f64);
        line(&format!("closed loop, {workers} workers: updates/s"), &|f| f.updates_per_second(), &thousands, closed);
        for p in [50.0, 99.0] {
            let label = format!("closed loop: p{p:.0} update→reply (ms)");
            line(&label, &|f| ms(f.latencies.percentile(p)), &one, closed);
        }
        let peak = |f: &RunFigures| f.peak_rss_kib.map_or(f64::NAN, megabytes);
        line("closed loop: peak RSS of the bot, all replicas (MB)", &peak, &one, closed);
        line("closed loop: bot CPU, all replicas (share of one core)", &|f| f.bot_cpu, &two, closed);
        line("closed loop: generator CPU (share of its core)", &|f| f.generator_cpu, &two, closed);
        line("closed loop: dialogues lost", &|f| f.lost as f64, &thousands, closed);
        let paced = kinds.map(|k| self.paced(k));
        line("paced: p99 update→reply (ms)", &|f| ms(f.latencies.percentile(99.0)), &one, paced);
        line("paced: 429s", &|f| f.too_many_requests as f64, &thousands, paced);
        f.write_str(&t)?;
        writeln!(
            f,
            "\nPostgreSQL's server runs on this machine, on no core of its own: its CPU is not in the bot's share. \
             One replica polls (getUpdates); the {replicas} replicas share the bot's one core and take updates by \
             webhook, the stand-in sending each request to one of them at random (up to 40 at once, one chat's \
             updates one at a time); the leading replica alone sends."
        )?;
        writeln!(f)
    }
}

/// CPUs, their model and the memory, from `/proc` (not from the affinity mask: the generator may be
/// pinned already).
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpus = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim())
        .to_owned();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kib: u64 = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    format!("{cpus} CPUs ({model}), {:.1} GiB memory", mem_kib as f64 / 1024.0 / 1024.0)
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
}
