//! `wagedesk backup` and `wagedesk restore`: the data directory — database, evidence files, waiting
//! reports — as one unit, with a manifest of checksums; never the key (see [`crate::backup`]).

use std::path::PathBuf;
use std::process::ExitCode;

use super::args::{EvidenceDir, KeyFile, Store};
use crate::backup::{self, DataDir, Taken};
use crate::keys::source::KeySource;

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["out", "into", "verify"]))]
pub struct BackupArgs {
    /// The folder to write the backup into (new, or empty).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Scheduled backups: a new folder `wagedesk-<UTC time>` inside this one, keeping the newest --keep.
    #[arg(long)]
    into: Option<PathBuf>,
    /// With --into: how many backups to keep (older ones are deleted after a new one is whole).
    #[arg(long, requires = "into", default_value_t = 14)]
    keep: usize,
    /// Checks a backup against its manifest (every file's size and SHA-256, nothing added) and its
    /// database's integrity, instead of taking one.
    #[arg(long, value_name = "DIR")]
    verify: Option<PathBuf>,
    #[command(flatten)]
    store: Store,
    #[command(flatten)]
    evidence: EvidenceDir,
    /// Only named in the reminder, and left out should it lie in the evidence folder: never copied.
    #[command(flatten)]
    key: KeyFile,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// A backup folder written by `wagedesk backup`.
    dir: PathBuf,
    /// Where to restore: the database (its folder must hold no database yet) …
    #[command(flatten)]
    store: Store,
    /// … and the evidence folder, with `reports/` beside it (both empty or absent).
    #[command(flatten)]
    evidence: EvidenceDir,
    /// Named in the reminder: the keyring must be put back there (or given as the credential).
    #[command(flatten)]
    key: KeyFile,
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.verify {
        return verify(dir).await;
    }
    let data =
        DataDir { database: args.store.sqlite_file("backup")?.to_path_buf(), evidence_dir: args.evidence.evidence_dir };
    args.store.must_exist()?;
    eprintln!("database: {}", args.store.describe());
    let (taken, removed) = match (&args.out, &args.into) {
        (Some(out), _) => (backup::take(&data, &args.key.key_file, out).await?, Vec::new()),
        (None, Some(parent)) => backup::take_into(&data, &args.key.key_file, parent, args.keep).await?,
        (None, None) => anyhow::bail!("name --out, --into or --verify"),
    };
    print_taken(&taken);
    for old in removed {
        println!("deleted the older backup {}", old.display());
    }
    println!("{}", key_reminder(&args.key.key_file, &taken.manifest.keys_needed, "is not in the backup"));
    Ok(ExitCode::SUCCESS)
}

fn print_taken(taken: &Taken) {
    let m = &taken.manifest;
    let count = |prefix: &str| m.files.iter().filter(|f| f.path.starts_with(prefix)).count();
    println!(
        "backup written to {}: the database ({} bytes, schema {}), {} evidence files, {} reports; {} files, {} bytes \
         in {:.1} s; checksums in {}",
        taken.dir.display(),
        m.files.first().map_or(0, |f| f.size),
        m.schema_version.map_or_else(|| "-".to_owned(), |v| v.to_string()),
        count("evidence/"),
        count("reports/"),
        m.files.len(),
        m.bytes(),
        taken.elapsed.as_secs_f64(),
        backup::manifest::MANIFEST,
    );
    if taken.evidence_gone > 0 {
        println!(
            "{} evidence files the database names were deleted (erased) after its snapshot and are not in the backup",
            taken.evidence_gone
        );
    }
}

/// The key is never copied: where it is, and which key ids the data needs.
fn key_reminder(key_file: &std::path::Path, kids: &[String], what: &str) -> String {
    let source = KeySource::resolve(key_file).map_or_else(|_| key_file.display().to_string(), |s| s.describe());
    let kids: Vec<&str> = kids.iter().map(|k| if k.is_empty() { "(first format)" } else { k.as_str() }).collect();
    let needs = if kids.is_empty() { "no sealed data yet".to_owned() } else { format!("key ids {}", kids.join(", ")) };
    format!(
        "REMINDER: the key {what}. Keep {source} apart from the backups (another place, another medium): without it \
         the backup's personal data and evidence files cannot be read by anyone. This data needs {needs}"
    )
}

async fn verify(dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    match backup::verify(dir).await? {
        Ok(manifest) => {
            println!(
                "{}: ok — {} files, {} bytes as the manifest lists them, database integrity ok (taken {}, wagedesk {}, \
                 schema {})",
                dir.display(),
                manifest.files.len(),
                manifest.bytes(),
                manifest.created_at,
                manifest.wagedesk_version,
                manifest.schema_version.map_or_else(|| "-".to_owned(), |v| v.to_string()),
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            eprintln!("{}: does NOT match its manifest:", dir.display());
            for p in problems {
                eprintln!("  {p}");
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let data = DataDir {
        database: args.store.sqlite_file("restore")?.to_path_buf(),
        evidence_dir: args.evidence.evidence_dir,
    };
    let restored = backup::restore(&args.dir, &data).await?;
    if !restored.cleared.is_empty() {
        println!(
            "an earlier restore was interrupted: the {} files it had copied were removed first",
            restored.cleared.len()
        );
    }
    let m = &restored.manifest;
    println!(
        "restored {} files ({} bytes) from {} (taken {}) into {} and {}; {} evidence records point at the new folder",
        m.files.len(),
        m.bytes(),
        args.dir.display(),
        m.created_at,
        data.database.display(),
        data.evidence_dir.display(),
        restored.evidence_moved,
    );
    println!(
        "{}",
        key_reminder(
            &args.key.key_file,
            &m.keys_needed,
            "was not restored: put it back before `wagedesk run`, which checks it opens this data"
        )
    );
    Ok(ExitCode::SUCCESS)
}
