//! The arguments several commands share, each declared once: the deployment file, the database, the key
//! file, the bot's username. Every flag can also be set by its environment variable.

use std::path::PathBuf;

use crate::app;
use crate::crypto::Vault;
use crate::deployment::{Deployment, OfficeId};
use crate::keys::source::KeySource;
use crate::storage::Db;

/// The environment variable naming the deployment file, and the file when neither it nor a flag does.
const CONFIG_ENV: &str = "WAGEDESK_CONFIG";
const DEFAULT_CONFIG: &str = "deploy/wagedesk.toml";

/// The operator's deployment file: offices, regions, calendar, campaign settings.
#[derive(clap::Args)]
pub struct DeploymentFile {
    #[arg(long, env = CONFIG_ENV, default_value = DEFAULT_CONFIG)]
    pub config: PathBuf,
}

/// `check-config`'s file: `wagedesk check-config FILE` (as the sample file's header shows it) or
/// `--config FILE`, not both. Not [`DeploymentFile`] with a positional beside it: clap counts a value
/// from the environment as given, so WAGEDESK_CONFIG (set in the container image) would then refuse
/// every positional.
#[derive(clap::Args)]
pub struct CheckedFile {
    /// The deployment file to check (the same as --config).
    #[arg(value_name = "FILE", conflicts_with = "config")]
    file: Option<PathBuf>,
    /// The deployment file to check [default: $WAGEDESK_CONFIG, else deploy/wagedesk.toml].
    #[arg(long)]
    config: Option<PathBuf>,
}

impl CheckedFile {
    /// The file named on the command line, else by WAGEDESK_CONFIG (`env`, unset when empty), else the
    /// default: what `--config` means for every other command.
    pub fn path(self, env: Option<std::ffi::OsString>) -> PathBuf {
        self.file
            .or(self.config)
            .or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from(DEFAULT_CONFIG))
    }

    /// [`CheckedFile::path`] with this process's environment.
    pub fn path_from_env(self) -> PathBuf {
        self.path(std::env::var_os(CONFIG_ENV))
    }
}

impl DeploymentFile {
    pub fn load(&self) -> anyhow::Result<Deployment> {
        app::load_deployment(&self.config)
    }

    /// The deployment and the office named on the command line, or `None` after saying what is wrong.
    pub fn office(&self, office: &str) -> anyhow::Result<Option<(Deployment, OfficeId)>> {
        let deployment = self.load()?;
        let id = OfficeId::parse(office).map_err(|e| anyhow::anyhow!("{e}"))?;
        if deployment.office(&id).is_none() {
            eprintln!("no office \"{office}\" in {}", self.config.display());
            return Ok(None);
        }
        Ok(Some((deployment, id)))
    }
}

/// The database the bot writes and the offline commands read.
#[derive(clap::Args)]
pub struct Store {
    /// The SQLite file.
    #[arg(long, env = "WAGEDESK_DATABASE", default_value = "data/wagedesk.db")]
    pub database: PathBuf,
    /// A PostgreSQL database instead (`postgres://user@host/name`; the password from the URL or
    /// `PGPASSWORD`).
    #[arg(long, env = "WAGEDESK_DATABASE_URL", value_parser = postgres_url)]
    pub database_url: Option<String>,
}

fn postgres_url(url: &str) -> Result<String, String> {
    if crate::storage::postgres::is_postgres_url(url) {
        Ok(url.to_owned())
    } else {
        Err("a PostgreSQL URL starts with postgres:// (a SQLite file is --database)".into())
    }
}

impl Store {
    /// Opens (creating and migrating) the database: `wagedesk migrate` only; every other command goes
    /// through [`Store::using`].
    pub(super) async fn open(&self) -> anyhow::Result<Db> {
        match &self.database_url {
            Some(url) => app::open_url(url).await,
            None => app::open_db(&self.database).await,
        }
    }

    /// Opens the store without touching its schema, and refuses one this binary's code does not fit:
    /// a new binary installed beside a running older bot must not migrate the database under it.
    async fn open_as_it_is(&self) -> anyhow::Result<Db> {
        let schema = crate::storage::Schema::AsItIs;
        let db = match &self.database_url {
            Some(url) => crate::storage::open_url_with(url, schema).await,
            None => crate::storage::open_with(&self.database, schema).await,
        }
        .map_err(|e| crate::startup::explain_open_error(std::path::Path::new(&self.describe()), e))?;
        let missing = match crate::storage::unapplied_migrations(&db).await {
            Ok(missing) => missing,
            Err(e) => {
                db.close().await;
                return Err(e.into());
            }
        };
        if !missing.is_empty() {
            db.close().await;
            anyhow::bail!(
                "{}: migrations {missing:?} of this version are not applied yet, and this command does not \
                 apply them under a running bot: stop the bot and run `wagedesk migrate` (or start this \
                 version's bot, which applies them), then run the command again",
                self.describe()
            );
        }
        Ok(db)
    }

    /// Opens the existing store ([`Store::must_exist`]), says on stderr which one, runs `body` on it
    /// and closes it, whatever `body` returned: a command that ends leaves a SQLite file whole by
    /// itself, without `-wal` and `-shm` (unless a running bot still has it open).
    pub async fn using<T>(&self, body: impl AsyncFnOnce(&Db) -> anyhow::Result<T>) -> anyhow::Result<T> {
        self.must_exist()?;
        let db = self.open_as_it_is().await?;
        eprintln!("database: {}", self.describe());
        let result = body(&db).await;
        db.close().await;
        result
    }

    /// The store as the operator should read it: the SQLite file's full path (a relative default
    /// depends on the folder the command ran in), or the PostgreSQL URL without its password.
    pub fn describe(&self) -> String {
        match &self.database_url {
            Some(url) => crate::storage::postgres::redacted(url),
            None => std::path::absolute(&self.database).unwrap_or_else(|_| self.database.clone()).display().to_string(),
        }
    }

    /// Stops a command that works on the SQLite file itself.
    pub fn sqlite_file(&self, command: &str) -> anyhow::Result<&std::path::Path> {
        if self.database_url.is_some() {
            anyhow::bail!(
                "{command} works on a SQLite file; a PostgreSQL deployment uses PostgreSQL's own tools (pg_dump, pg_restore)"
            );
        }
        Ok(&self.database)
    }

    /// Stops a command that needs the bot's database when its SQLite file does not exist: opening it
    /// would make a new, empty one that the running bot never reads (a default path taken in the wrong
    /// folder, a forgotten `--database`). Only `run`, `migrate` and `restore` make a database.
    pub fn must_exist(&self) -> anyhow::Result<()> {
        if self.database_url.is_none() && !self.database.is_file() {
            anyhow::bail!(
                "there is no database at {}: name the bot's database with --database or WAGEDESK_DATABASE \
                 (PostgreSQL: --database-url or WAGEDESK_DATABASE_URL); `wagedesk migrate` makes a new one",
                self.describe()
            );
        }
        Ok(())
    }
}

/// Where evidence files are kept (reports live beside it, in `reports/`).
#[derive(clap::Args)]
pub struct EvidenceDir {
    #[arg(long, env = "WAGEDESK_EVIDENCE_DIR", default_value = "data/evidence")]
    pub evidence_dir: PathBuf,
}

/// The keys that seal personal data in the database.
#[derive(clap::Args)]
pub struct KeyFile {
    /// The keyring file (32-byte keys as hex, the current one first), created on the first start.
    /// $CREDENTIALS_DIRECTORY/master-key (systemd) and then WAGEDESK_KEY (hex) take precedence; a file
    /// is preferred to WAGEDESK_KEY, which stays readable in /proc/<pid>/environ.
    #[arg(long, env = "WAGEDESK_KEY_FILE", default_value = "data/wagedesk.key")]
    pub key_file: PathBuf,
}

impl KeyFile {
    /// The keys if there are any; never new ones (a tool opening sealed data needs the keys that sealed it).
    pub fn existing(&self) -> anyhow::Result<Option<Vault>> {
        Ok(KeySource::resolve(&self.key_file)?.load()?.map(Vault::from_keyring))
    }
}

/// The bot's username, printed in signboard and QR links.
#[derive(clap::Args)]
pub struct BotName {
    /// The bot's username in the QR link (default: `[telegram] bot_username` of the deployment file).
    #[arg(long, env = "WAGEDESK_BOT_USERNAME")]
    pub bot_username: Option<String>,
}
