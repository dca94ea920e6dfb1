//! The bots under test as child processes: the echo and stock comparison bots (separate cargo projects
//! under `bench/`) and `wagedesk run` (one process, or several replicas behind the stand-in's webhook),
//! each on a fresh data directory, pointed at the stand-in, and pinned to their own core where the
//! machine has two (replicas share that core).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{Context, bail};

use super::stats::proc_status_kib;
use wagedesk::standin::StandIn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BotKind {
    Echo,
    Stock,
    Wagedesk,
    /// The same binary with its data in PostgreSQL (one replica).
    WagedeskPostgres,
    /// Several replicas of it on one PostgreSQL database, the stand-in sending each update by webhook
    /// to one of them at random.
    WagedeskReplicas,
}

impl BotKind {
    pub const ALL: [BotKind; 5] =
        [BotKind::Echo, BotKind::Stock, BotKind::Wagedesk, BotKind::WagedeskPostgres, BotKind::WagedeskReplicas];

    pub fn name(self) -> &'static str {
        match self {
            BotKind::Echo => "echo",
            BotKind::Stock => "stock",
            BotKind::Wagedesk => "wagedesk",
            BotKind::WagedeskPostgres => "wagedesk-pg",
            BotKind::WagedeskReplicas => "wagedesk-pg-replicas",
        }
    }

    /// wagedesk, on either store.
    pub fn is_wagedesk(self) -> bool {
        matches!(self, BotKind::Wagedesk | BotKind::WagedeskPostgres | BotKind::WagedeskReplicas)
    }

    /// Runs on a PostgreSQL database.
    pub fn on_postgres(self) -> bool {
        matches!(self, BotKind::WagedeskPostgres | BotKind::WagedeskReplicas)
    }
}

/// Where the three release binaries are, and the repository (for wagedesk's deployment file).
#[derive(Debug, Clone)]
pub struct Binaries {
    pub echo: PathBuf,
    pub stock: PathBuf,
    pub wagedesk: PathBuf,
    pub repo: PathBuf,
    /// `MALLOC_ARENA_MAX` for every bot, or `None` to run them as glibc starts by default.
    pub malloc_arena_max: Option<u32>,
}

/// A running bot: one process, or the replicas of one. Killed when dropped, so a failed run leaves no
/// bot behind.
pub struct BotProcess {
    pub kind: BotKind,
    launch: Command,
    /// Every process of the bot, the first one started first.
    children: Vec<Child>,
    pub dir: PathBuf,
    /// `perf record` attached to the (first) bot, if asked for.
    profiler: Option<Child>,
}

/// Where one replica listens for the stand-in's webhook requests.
pub struct Listening {
    /// The URL the replicas give Telegram (the stand-in replaces its origin with a replica's).
    pub url: String,
    pub address: String,
}

impl BotProcess {
    /// Starts `kind` on a fresh `dir`, against `standin`, on `cpu` if given. `extra` goes to
    /// `wagedesk run` (delivery limits); `database_url` is wagedesk-pg's (empty) PostgreSQL database;
    /// `webhook` makes wagedesk take updates by webhook instead of polling.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        kind: BotKind,
        bins: &Binaries,
        standin: &StandIn,
        dir: &Path,
        cpu: Option<usize>,
        extra: &[String],
        database_url: Option<&str>,
        webhook: Option<&Listening>,
    ) -> anyhow::Result<BotProcess> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let (program, args): (&Path, Vec<String>) = match kind {
            BotKind::Echo => (&bins.echo, Vec::new()),
            BotKind::Stock => (&bins.stock, Vec::new()),
            BotKind::Wagedesk | BotKind::WagedeskPostgres | BotKind::WagedeskReplicas => {
                let path = |name: &str| dir.join(name).display().to_string();
                let config = bins.repo.join("deploy/wagedesk.toml").display().to_string();
                let mut args: Vec<String> = ["run", "--config", &config, "--database", &path("wagedesk.db")]
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
                if kind.on_postgres() {
                    let url = database_url.context("wagedesk-pg runs on a PostgreSQL database")?;
                    args.extend(["--database-url".into(), url.to_owned()]);
                }
                args.extend(["--key-file".into(), path("wagedesk.key"), "--evidence-dir".into(), path("evidence")]);
                args.extend(["--poll-timeout".into(), "10".into()]);
                args.extend(extra.iter().cloned());
                (&bins.wagedesk, args)
            }
        };
        let mut launch = match cpu {
            Some(cpu) => {
                let mut c = Command::new("taskset");
                c.arg("-c").arg(cpu.to_string()).arg(program);
                c
            }
            None => Command::new(program),
        };
        launch
            .args(&args)
            .current_dir(dir)
            .env("TELOXIDE_TOKEN", standin.token())
            .env("TELOXIDE_API_URL", standin.api_url().as_str())
            .env("STOCK_DB", dir.join("stock.db"))
            .env_remove("MALLOC_ARENA_MAX")
            .env_remove("WAGEDESK_KEY")
            .env_remove("WAGEDESK_WEBHOOK_URL")
            .env_remove("WAGEDESK_WEBHOOK_LISTEN")
            .stdin(Stdio::null());
        // The same for every bot, so RSS compares like with like.
        if let Some(arenas) = bins.malloc_arena_max {
            launch.env("MALLOC_ARENA_MAX", arenas.to_string());
        }
        let mut bot = BotProcess { kind, launch, children: Vec::new(), dir: dir.to_owned(), profiler: None };
        bot.spawn(webhook)?;
        Ok(bot)
    }

    /// Starts one more process of the bot (the first, or another replica listening at `webhook`),
    /// logging to `bot.log`, `bot-1.log`, ….
    pub fn spawn(&mut self, webhook: Option<&Listening>) -> anyhow::Result<()> {
        let n = self.children.len();
        let name = if n == 0 { "bot.log".to_owned() } else { format!("bot-{n}.log") };
        let log = std::fs::File::create(self.dir.join(name)).context("creating the bot's log file")?;
        self.launch.stdout(log.try_clone()?).stderr(log);
        if let Some(hook) = webhook {
            self.launch.env("WAGEDESK_WEBHOOK_URL", &hook.url).env("WAGEDESK_WEBHOOK_LISTEN", &hook.address);
        }
        let program = self.launch.get_program().to_owned();
        let child = self.launch.spawn().with_context(|| format!("starting {}", program.display()))?;
        self.children.push(child);
        Ok(())
    }

    fn pids(&self) -> impl Iterator<Item = u32> + '_ {
        self.children.iter().map(Child::id)
    }

    /// Peak resident memory so far (VmHWM), KiB; of replicas, the sum of their peaks.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        self.pids().map(|pid| proc_status_kib(pid, "VmHWM")).sum()
    }

    /// Resident memory now (VmRSS), KiB; of replicas, their sum.
    pub fn rss_kib(&self) -> Option<u64> {
        self.pids().map(|pid| proc_status_kib(pid, "VmRSS")).sum()
    }

    /// Starts `perf record -g` on the bot, writing `perf.data` in its directory until the bot stops.
    pub fn attach_perf(&mut self) -> anyhow::Result<()> {
        let out = self.dir.join("perf.data");
        let profiler = Command::new("perf")
            .args(["record", "-e", "cpu-clock", "-F", "499", "--call-graph", "dwarf,16384", "-o"])
            .arg(&out)
            .args(["-p", &self.pids().next().context("the bot has no process")?.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting perf record")?;
        eprintln!("  profiling the {} bot into {} (perf report -i …)", self.kind.name(), out.display());
        self.profiler = Some(profiler);
        Ok(())
    }

    /// CPU time the bot used so far (all its replicas).
    pub fn cpu_time(&self) -> Option<std::time::Duration> {
        self.pids().map(super::stats::cpu_time).sum()
    }

    /// Errs with the end of its log if the bot (any replica) died.
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        for (n, child) in self.children.iter_mut().enumerate() {
            if let Some(status) = child.try_wait()? {
                let name = if n == 0 { "bot.log".to_owned() } else { format!("bot-{n}.log") };
                let log = std::fs::read_to_string(self.dir.join(name)).unwrap_or_default();
                let lines: Vec<&str> = log.lines().collect();
                let tail = lines[lines.len().saturating_sub(20)..].join("\n");
                bail!("the {} bot (process {n}) exited ({status}); its log ends:\n{tail}", self.kind.name());
            }
        }
        Ok(())
    }

    pub fn stop(self) {
        drop(self);
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        if let Some(mut profiler) = self.profiler.take() {
            // perf writes its file on SIGINT.
            let _ = Command::new("kill").args(["-INT", &profiler.id().to_string()]).status();
            let _ = profiler.wait();
        }
        // Already gone is fine: nothing is left to stop.
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The cores to pin the bot and the generator to: `(bot, generator)`, or `None` on a single core or
/// where `taskset` is missing.
pub fn cores() -> Option<(usize, usize)> {
    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let taskset = std::process::Command::new("taskset").args(["-c", "0", "true"]).status();
    (cpus >= 2 && taskset.is_ok_and(|s| s.success())).then_some((0, 1))
}

/// Pins this whole process (every thread) to `cpu`.
pub fn pin_self(cpu: usize) -> anyhow::Result<()> {
    let status = std::process::Command::new("taskset")
        .args(["-a", "-p", "-c", &cpu.to_string(), &std::process::id().to_string()])
        .stdout(Stdio::null())
        .status()
        .context("running taskset")?;
    if !status.success() {
        bail!("taskset could not pin the generator: {status}");
    }
    Ok(())
}

/// Builds the bots in `kinds` in release mode (`--locked`, a target directory of their own under
/// `target/bots`, so the outer `cargo bench` holds no lock they need) and names their binaries:
/// wagedesk from the repository's workspace (unless `wagedesk` names a binary to run instead), the
/// echo and stock bots from their own projects.
pub fn build_comparison_bots(repo: &Path, kinds: &[BotKind], wagedesk: Option<&Path>) -> anyhow::Result<Binaries> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = repo.join("target/bots");
    let manifests = [
        (BotKind::Wagedesk, "wagedesk", repo.join("Cargo.toml")),
        (BotKind::Echo, "echo", repo.join("crates/bench/echo/Cargo.toml")),
        (BotKind::Stock, "stock", repo.join("crates/bench/stock/Cargo.toml")),
    ];
    let wanted = |kind: BotKind| match kind {
        BotKind::Wagedesk => kinds.iter().any(|k| k.is_wagedesk()) && wagedesk.is_none(),
        _ => kinds.contains(&kind),
    };
    for (_, project, manifest) in manifests.into_iter().filter(|(kind, ..)| wanted(*kind)) {
        eprintln!("building the {project} bot ({})", manifest.display());
        let status = std::process::Command::new(&cargo)
            .args(["build", "--release", "--locked", "--quiet", "--manifest-path"])
            .arg(&manifest)
            .args(if project == "wagedesk" { &["-p", "wagedesk", "--bin", "wagedesk"][..] } else { &[] })
            .arg("--target-dir")
            .arg(&target)
            .status()
            .with_context(|| format!("running cargo for {}", manifest.display()))?;
        if !status.success() {
            bail!("building {} failed: {status}", manifest.display());
        }
    }
    let release = target.join("release");
    Ok(Binaries {
        echo: release.join("wagedesk-bench-echo"),
        stock: release.join("wagedesk-bench-stock"),
        wagedesk: wagedesk.map_or_else(|| release.join("wagedesk"), Path::to_path_buf),
        repo: repo.to_owned(),
        malloc_arena_max: None,
    })
}
