//! The `wagedesk` command: `demo`, `run`, `check-config`, `projects`, `offices`, `signboard`, `qr`, `export`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use wagedesk::app::{App, Settings};
use wagedesk::bot::BotOptions;
use wagedesk::bot::budget::{Limits, Window};
use wagedesk::bot::delivery::DeliveryOptions;
use wagedesk::clock::Clock;
use wagedesk::deployment::Deployment;
use wagedesk::followup::{self, FollowupOptions};
use wagedesk::projects::{self, ImportError};
use wagedesk::signboard::{self, BoardFonts, SignboardError, command as boards};
use wagedesk::{shutdown, storage};

#[derive(Parser)]
#[command(name = "wagedesk", version, about = "Wage-arrears complaints from Telegram to the office that must act")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Runs a scripted worker against the built-in Telegram stand-in on a fresh database, and prints the
    /// conversation. Needs no Telegram account and no configuration.
    Demo {
        /// Keep the demo's database here instead of a new temporary directory.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Type as the worker or as an office clerk instead of watching the scripted story.
        #[arg(long)]
        interactive: bool,
    },
    /// Runs the bot against Telegram (TELOXIDE_TOKEN; TELOXIDE_API_URL to use another Bot API server).
    Run(Paths),
    /// Checks the deployment file and its calendar files, naming the field and line of every problem.
    CheckConfig {
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
    },
    /// Worksites and the deep-link codes on their signboards.
    #[command(subcommand)]
    Projects(ProjectsCmd),
    /// Offices' Telegram chats: where each office receives its notifications.
    #[command(subcommand)]
    Offices(OfficesCmd),
    /// Prints a project's rights-protection board (维权信息告示牌) with its QR code, or every project's
    /// with --all. Needs a font with Chinese glyphs (e.g. the fonts-wqy-microhei package) or --font.
    Signboard(SignboardArgs),
    /// Prints a project's deep link and writes its QR code alone (PNG, or SVG by the --out extension).
    Qr {
        project: String,
        /// qr.png or qr.svg; without it only the link is printed.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        bot: BotName,
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
        #[command(flatten)]
        store: Store,
    },
    /// Exports for offices: the ledger (台账) as an Excel workbook or CSV files.
    #[command(subcommand)]
    Export(ExportCmd),
}

#[derive(clap::Args)]
struct SignboardArgs {
    /// The project id (see `wagedesk projects list`).
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    project: Option<String>,
    /// Every project, one file each, named after the project id, into the --out directory.
    #[arg(long)]
    all: bool,
    /// The file (or with --all the directory) to write.
    #[arg(long)]
    out: PathBuf,
    /// Default: the --out file's extension, else svg.
    #[arg(long, value_enum)]
    format: Option<signboard::Format>,
    #[arg(long, value_enum, default_value = "a3")]
    paper: signboard::Paper,
    /// Resolution of PNG output.
    #[arg(long, default_value_t = signboard::DEFAULT_DPI)]
    dpi: f32,
    /// A font file with Chinese glyphs, used before the system's fonts.
    #[arg(long)]
    font: Option<PathBuf>,
    #[command(flatten)]
    bot: BotName,
    #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
    config: PathBuf,
    #[command(flatten)]
    store: Store,
}

#[derive(clap::Args)]
struct BotName {
    /// The bot's username in the QR link (default: `[telegram] bot_username` of the deployment file).
    #[arg(long, env = "WAGEDESK_BOT_USERNAME")]
    bot_username: Option<String>,
}

#[derive(Subcommand)]
enum ExportCmd {
    /// An office's ledger of the cases filed from FROM to TO: cases, employers, government-invested
    /// projects and overdue cases. Personal data is masked unless --unmask, which each case's timeline records.
    Ledger {
        #[arg(long)]
        office: String,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Last day (YYYY-MM-DD), included.
        #[arg(long)]
        to: chrono::NaiveDate,
        /// The workbook to write; with --csv, the cases file (other sheets get -employers, -government, -overdue).
        #[arg(long)]
        out: PathBuf,
        /// CSV files instead of a workbook.
        #[arg(long)]
        csv: bool,
        /// Names, phone and ID numbers in full (needs the key); logged in each exported case's timeline.
        #[arg(long)]
        unmask: bool,
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
        #[arg(long, env = "WAGEDESK_KEY_FILE", default_value = "data/wagedesk.key")]
        key_file: PathBuf,
        #[command(flatten)]
        store: Store,
    },
}

#[derive(Subcommand)]
enum ProjectsCmd {
    /// Imports a project CSV: every row is checked first; one bad row and nothing is imported.
    /// Importing the same file again changes nothing; new projects get a signboard code.
    Import {
        file: PathBuf,
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
        #[command(flatten)]
        store: Store,
    },
    /// Lists projects with their active code and how many revoked codes (stale boards) they have.
    List(Store),
    /// Revokes a project's code (its printed boards become stale) and prints the new one.
    RevokeCode {
        project: String,
        #[command(flatten)]
        store: Store,
    },
}

#[derive(Subcommand)]
enum OfficesCmd {
    /// Prints a one-time code; a member of the office's group sends `/link CODE` there.
    Invite {
        office: String,
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
        #[command(flatten)]
        store: Store,
    },
    /// Stops an office's group from receiving cases; the bot says so there and leaves (when running).
    Unlink {
        office: String,
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
        #[command(flatten)]
        store: Store,
    },
    /// Sends an office's notifications to a chat (a group's id, e.g. -1001234567890). Linking from the
    /// group itself with an invite code replaces this once offices work in their own groups.
    #[command(allow_negative_numbers = true)]
    Link {
        office: String,
        chat_id: i64,
        #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
        config: PathBuf,
        #[command(flatten)]
        store: Store,
    },
}

#[derive(clap::Args)]
struct Store {
    #[arg(long, env = "WAGEDESK_DATABASE", default_value = "data/wagedesk.db")]
    database: PathBuf,
}

#[derive(clap::Args)]
struct Paths {
    #[arg(long, env = "WAGEDESK_CONFIG", default_value = "deploy/wagedesk.toml")]
    config: PathBuf,
    #[arg(long, env = "WAGEDESK_DATABASE", default_value = "data/wagedesk.db")]
    database: PathBuf,
    /// 32-byte key as hex, created on first start; WAGEDESK_KEY (hex) takes precedence.
    #[arg(long, env = "WAGEDESK_KEY_FILE", default_value = "data/wagedesk.key")]
    key_file: PathBuf,
    #[arg(long, env = "WAGEDESK_EVIDENCE_DIR", default_value = "data/evidence")]
    evidence_dir: PathBuf,
    #[arg(long, env = "WAGEDESK_POLL_TIMEOUT", default_value_t = 25)]
    poll_timeout: u32,
    /// Handler shards: a chat's updates run in order on its shard, different shards at once.
    #[arg(long, env = "WAGEDESK_SHARDS", default_value_t = BotOptions::default().shards)]
    shards: usize,
    /// Messages per private chat, as COUNT/WINDOW (Telegram: about one a second, short bursts tolerated).
    #[arg(long, env = "WAGEDESK_LIMIT_PRIVATE", default_value = "2/2s")]
    limit_private: Window,
    /// Messages per group chat (Telegram: 20 a minute).
    #[arg(long, env = "WAGEDESK_LIMIT_GROUP", default_value = "20/60s")]
    limit_group: Window,
    /// Messages overall (Telegram: 30 a second).
    #[arg(long, env = "WAGEDESK_LIMIT_OVERALL", default_value = "30/1s")]
    limit_overall: Window,
    /// Remind a worker who has not said whether the money arrived after this long (e.g. 3d, 12h).
    #[arg(long, env = "WAGEDESK_PAYMENT_REMINDER_AFTER", default_value = "3d", value_parser = followup::parse_span)]
    payment_reminder_after: chrono::Duration,
    /// Show the office the payment as unconfirmed this long after the reminder.
    #[arg(long, env = "WAGEDESK_PAYMENT_UNCONFIRMED_AFTER", default_value = "4d", value_parser = followup::parse_span)]
    payment_unconfirmed_after: chrono::Duration,
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let demo = matches!(cli.command, Cmd::Demo { .. });
    let default_filter = if demo { "warn" } else { "info,sqlx=warn,hyper=warn,reqwest=warn" };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(command: Cmd) -> anyhow::Result<std::process::ExitCode> {
    match command {
        Cmd::Demo { dir, interactive: false } => wagedesk::demo::run(dir).await?,
        Cmd::Demo { dir, interactive: true } => wagedesk::demo::interactive::run(dir).await?,
        Cmd::Run(paths) => {
            let token = std::env::var("TELOXIDE_TOKEN").context("TELOXIDE_TOKEN is not set")?;
            let mut bot = teloxide::Bot::new(token);
            if let Ok(url) = std::env::var("TELOXIDE_API_URL") {
                bot = bot.set_api_url(url.parse().context("TELOXIDE_API_URL is not a URL")?);
            }
            let settings = Settings {
                database: paths.database,
                key_file: paths.key_file,
                evidence_dir: paths.evidence_dir,
                config: paths.config,
                bot: BotOptions {
                    poll_timeout_secs: paths.poll_timeout,
                    shards: paths.shards,
                    delivery: DeliveryOptions {
                        limits: Limits {
                            private_chat: paths.limit_private,
                            group: paths.limit_group,
                            overall: paths.limit_overall,
                        },
                        ..DeliveryOptions::default()
                    },
                    followup: FollowupOptions {
                        remind_after: paths.payment_reminder_after,
                        unconfirmed_after: paths.payment_unconfirmed_after,
                    },
                    ..BotOptions::default()
                },
            };
            // Signals first: a SIGTERM while migrations run must still end in a clean exit.
            let (trigger, stop) = shutdown::channel();
            shutdown::on_signals(trigger);
            let app = App::build(&settings, bot, Clock::system()).await?;
            // On a runtime worker, not on the main thread: the poller and the handlers then wake each
            // other without a switch between threads (costly in profiles of the bot pinned to one core).
            tokio::spawn(app.run_until_stopped(stop)).await.context("the bot stopped abnormally")??;
            tracing::info!("stopped cleanly");
        }
        Cmd::CheckConfig { config } => match Deployment::load_with_warnings(&config) {
            Ok((deployment, warnings)) => {
                for w in &warnings {
                    println!("{w}");
                }
                println!(
                    "{}: ok ({} counties, {} offices)",
                    config.display(),
                    deployment.regions.len(),
                    deployment.offices.len()
                );
            }
            Err(errors) => {
                eprintln!("{errors}");
                return Ok(std::process::ExitCode::FAILURE);
            }
        },
        Cmd::Projects(command) => return projects(command).await,
        Cmd::Offices(OfficesCmd::Invite { office, config, store }) => {
            let Some((deployment, id)) = office_of(&config, &office)? else {
                return Ok(std::process::ExitCode::FAILURE);
            };
            let db = wagedesk::storage::open(&store.database).await?;
            let mut tx = wagedesk::storage::begin_write(&db).await?;
            let (code, expires) =
                wagedesk::staff::issue_link_code(&mut tx, &deployment, &id, chrono::Utc::now()).await?;
            tx.commit().await?;
            let expires = expires.with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d %H:%M").to_string();
            let text = wagedesk::i18n::tr_args(
                wagedesk::i18n::Lang::ZhHans,
                "cli-office-invite",
                &[("office", office.as_str().into()), ("code", code.into()), ("expires", expires.into())],
            );
            println!("{text}");
        }
        Cmd::Offices(OfficesCmd::Unlink { office, config, store }) => {
            let Some((_, id)) = office_of(&config, &office)? else { return Ok(std::process::ExitCode::FAILURE) };
            let db = wagedesk::storage::open(&store.database).await?;
            let mut tx = wagedesk::storage::begin_write(&db).await?;
            let chat = wagedesk::staff::unlink_office(&mut tx, &id).await?;
            tx.commit().await?;
            match chat {
                Some(chat) => println!("{office}: unlinked from chat {chat}"),
                None => println!("{office}: no linked group"),
            }
        }
        Cmd::Signboard(args) => return signboards(args).await,
        Cmd::Qr { project, out, bot, config, store } => {
            let deployment = Deployment::load(&config).map_err(|e| anyhow::anyhow!("{}: {e}", config.display()))?;
            let bot = boards::bot_username(bot.bot_username.as_deref(), &deployment).map_err(operator_error)?;
            let db = storage::open(&store.database).await?;
            let link = boards::write_qr(&db, &project, &bot, out.as_deref(), signboard::DEFAULT_DPI)
                .await
                .map_err(operator_error)?;
            println!("{link}");
            if let Some(out) = out {
                println!("QR code written to {}", out.display());
            }
        }
        Cmd::Export(command) => return export(command).await,
        Cmd::Offices(OfficesCmd::Link { office, chat_id, config, store }) => {
            let deployment = Deployment::load(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
            let id = wagedesk::deployment::OfficeId::parse(&office).map_err(|e| anyhow::anyhow!("{e}"))?;
            let Some(found) = deployment.office(&id) else {
                eprintln!("no office \"{office}\" in {}", config.display());
                return Ok(std::process::ExitCode::FAILURE);
            };
            let db = wagedesk::storage::open(&store.database).await?;
            let mut conn = db.acquire().await?;
            let now = wagedesk::clock::stamp(chrono::Utc::now());
            wagedesk::storage::cases::link_office_chat(&mut conn, id.as_str(), chat_id, &now).await?;
            println!("{} ({}) now receives its notifications in chat {chat_id}", found.name_zh, id.as_str());
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// The deployment and the office named on the command line, or `None` after saying what is wrong.
fn office_of(
    config: &std::path::Path,
    office: &str,
) -> anyhow::Result<Option<(Deployment, wagedesk::deployment::OfficeId)>> {
    let deployment = Deployment::load(config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let id = wagedesk::deployment::OfficeId::parse(office).map_err(|e| anyhow::anyhow!("{e}"))?;
    if deployment.office(&id).is_none() {
        eprintln!("no office \"{office}\" in {}", config.display());
        return Ok(None);
    }
    Ok(Some((deployment, id)))
}

async fn projects(command: ProjectsCmd) -> anyhow::Result<std::process::ExitCode> {
    let open = |store: &Store| {
        let path = store.database.clone();
        async move { storage::open(&path).await.with_context(|| format!("opening {}", path.display())) }
    };
    match command {
        ProjectsCmd::Import { file, config, store } => {
            let deployment = match Deployment::load(&config) {
                Ok(deployment) => deployment,
                Err(errors) => {
                    eprintln!("{}: not usable (see `wagedesk check-config`):\n{errors}", config.display());
                    return Ok(std::process::ExitCode::FAILURE);
                }
            };
            let data = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let db = open(&store).await?;
            match projects::import(&db, &deployment, &data, &Clock::system()).await {
                Ok(summary) => println!("{}: {summary}", file.display()),
                Err(e @ ImportError::Invalid(_)) => {
                    eprintln!("{}: {e}", file.display());
                    return Ok(std::process::ExitCode::FAILURE);
                }
                Err(e) => return Err(e).with_context(|| format!("importing {}", file.display())),
            }
        }
        ProjectsCmd::List(store) => {
            let db = open(&store).await?;
            let listing = projects::list(&db).await.context("listing projects")?;
            println!("{:<24} {:<24} {:<10} {:>7}  name", "project", "active code", "since", "revoked");
            for p in &listing {
                let code = p.active_code.as_deref().unwrap_or("(none)");
                let since = p.code_issued_at.as_deref().map(local_date).unwrap_or_default();
                println!("{:<24} {:<24} {:<10} {:>7}  {}", p.id, code, since, p.revoked_codes, p.name);
            }
            println!("{} projects", listing.len());
            let replaced = listing.iter().filter(|p| p.revoked_codes > 0).count();
            if replaced > 0 {
                println!(
                    "{replaced} projects had a code replaced: a posted board whose footer shows another code or an \
                     earlier date than \"since\" is stale; print a new one with `wagedesk signboard PROJECT`"
                );
            }
        }
        ProjectsCmd::RevokeCode { project, store } => {
            let db = open(&store).await?;
            let code = projects::revoke_code(&db, &project, &Clock::system())
                .await
                .with_context(|| format!("replacing the code of {project}"))?;
            println!("{project}: new code {code} (boards showing the old code are now stale; print new ones)");
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// A signboard error as the operator reads it, in every language.
fn operator_error(e: SignboardError) -> anyhow::Error {
    anyhow::anyhow!("{}", e.for_operator())
}

async fn signboards(args: SignboardArgs) -> anyhow::Result<std::process::ExitCode> {
    let deployment = Deployment::load(&args.config).map_err(|e| anyhow::anyhow!("{}: {e}", args.config.display()))?;
    let options = boards::PrintOptions {
        paper: args.paper,
        format: args.format,
        dpi: args.dpi,
        bot_username: boards::bot_username(args.bot.bot_username.as_deref(), &deployment).map_err(operator_error)?,
    };
    let fonts = BoardFonts::discover(args.font.as_deref()).map_err(operator_error)?;
    let db = storage::open(&args.store.database)
        .await
        .with_context(|| format!("opening {}", args.store.database.display()))?;
    let started = std::time::Instant::now();
    match args.project {
        Some(project) => {
            let format = boards::write_board(&db, &deployment, &fonts, &project, &args.out, &options)
                .await
                .map_err(operator_error)?;
            println!("{project}: {} written to {}", format.extension(), args.out.display());
        }
        None => {
            let written =
                boards::write_all(&db, &deployment, &fonts, &args.out, &options).await.map_err(operator_error)?;
            for path in &written {
                println!("{}", path.display());
            }
            println!("{} boards written to {}", written.len(), args.out.display());
        }
    }
    println!("font: {}; {:.1} s", fonts.family(), started.elapsed().as_secs_f32());
    Ok(std::process::ExitCode::SUCCESS)
}

/// The local (Asia/Shanghai) date of a stored UTC time, as boards print it.
fn local_date(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| stamp.to_string())
}

async fn export(command: ExportCmd) -> anyhow::Result<std::process::ExitCode> {
    let ExportCmd::Ledger { office, from, to, out, csv, unmask, config, key_file, store } = command;
    let deployment = Deployment::load(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let id = wagedesk::deployment::OfficeId::parse(&office).map_err(|e| anyhow::anyhow!("{e}"))?;
    if deployment.office(&id).is_none() {
        eprintln!("no office \"{office}\" in {}", config.display());
        return Ok(std::process::ExitCode::FAILURE);
    }
    let vault = match std::env::var("WAGEDESK_KEY") {
        Ok(hex) => wagedesk::crypto::Vault::from_hex(&hex).context("WAGEDESK_KEY")?,
        // Only unmasking opens sealed numbers, and only with the key that sealed them: never create one here.
        Err(_) if unmask && !key_file.is_file() => anyhow::bail!("--unmask needs the key ({})", key_file.display()),
        Err(_) if unmask => wagedesk::crypto::Vault::load_or_create(&key_file)?,
        Err(_) => wagedesk::crypto::Vault::from_master_key(&[0; 32]),
    };
    let db = storage::open(&store.database).await.with_context(|| format!("opening {}", store.database.display()))?;
    let data_dir = store.database.parent().map(PathBuf::from).unwrap_or_default();
    let ctx = wagedesk::context::Ctx {
        db,
        vault,
        deployment: std::sync::Arc::new(deployment),
        clock: Clock::system(),
        evidence_dir: data_dir.join("evidence"),
        outbox_wake: std::sync::Arc::default(),
    };
    let operator = std::env::var("USER").unwrap_or_default();
    let options = wagedesk::ledger::ExportOptions {
        office: id,
        period: wagedesk::ledger::Period { from, to },
        out,
        csv,
        unmask,
        operator,
    };
    let summary = wagedesk::ledger::export_ledger(&ctx, &options).await?;
    for file in &summary.files {
        println!("{}", file.display());
    }
    println!(
        "{} cases exported{}",
        summary.cases,
        if unmask { " unmasked (recorded in each case's timeline)" } else { "" }
    );
    Ok(std::process::ExitCode::SUCCESS)
}
