//! Backup and restore of a data directory as one unit: `wagedesk backup` copies the database (a
//! consistent snapshot taken while the bot runs), the evidence files and the reports waiting to be sent
//! into a folder with a manifest of SHA-256 checksums; `wagedesk restore` checks that manifest and
//! copies it all into an empty data directory. The key is never copied: a backup is only as
//! readable as the key kept apart from it.

pub mod manifest;
pub mod restore;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use crate::storage::{self, backup as store};
use manifest::{DATABASE, EVIDENCE, Entry, FORMAT, MANIFEST, Manifest, REPORTS, Source};

/// Where the data lives: the files of one data directory.
#[derive(Debug, Clone)]
pub struct DataDir {
    pub database: PathBuf,
    pub evidence_dir: PathBuf,
}

impl DataDir {
    /// Reports wait beside the evidence folder, as the bot keeps them (`ledger::reports_dir`).
    pub fn reports_dir(&self) -> PathBuf {
        crate::ledger::reports_dir_of(&self.evidence_dir)
    }
}

/// What a backup took.
#[derive(Debug)]
pub struct Taken {
    pub dir: PathBuf,
    pub manifest: Manifest,
    /// Evidence files the copied database names that were gone by the time they were copied: erased
    /// (or a draft's file discarded) after the snapshot, as they would be in the live data.
    pub evidence_gone: usize,
    pub elapsed: Duration,
}

/// Takes a backup into `out`, which must not exist or be empty. The database is copied first, then
/// the files: every file the snapshot names was written before it (a download is stored before its
/// row commits), so only a file deleted after the snapshot can be missing, and its deletion is what
/// the live data holds too.
pub async fn take(data: &DataDir, key_file: &Path, out: &Path) -> anyhow::Result<Taken> {
    let started = Instant::now();
    if !data.database.is_file() {
        bail!("{} does not exist: nothing to back up", data.database.display());
    }
    if std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some()) {
        bail!("{} is not empty: a backup goes into a new folder", out.display());
    }
    manifest::create_private_dir(out).with_context(|| format!("creating {}", out.display()))?;
    match take_in(data, key_file, out, started).await {
        Ok(taken) => Ok(taken),
        Err(e) => {
            // The folder was new or empty: nothing of the operator's is lost.
            let _ = std::fs::remove_dir_all(out);
            Err(e)
        }
    }
}

async fn take_in(data: &DataDir, key_file: &Path, out: &Path, started: Instant) -> anyhow::Result<Taken> {
    let db_copy = out.join(DATABASE);
    crate::private_files::create_new(&db_copy).with_context(|| format!("creating {}", db_copy.display()))?;
    store::snapshot(&data.database, &db_copy)
        .await
        .with_context(|| format!("copying {} (VACUUM INTO)", data.database.display()))?;
    let copy = store::open_copy(&db_copy).await?;
    let integrity = store::integrity(&copy).await?;
    let schema_version = store::schema_version(&copy).await?;
    let named = store::evidence_paths(&copy).await?;
    let keys_needed = keys_needed(&storage::Db::Sqlite(copy.clone())).await?;
    copy.close().await;
    if integrity != "ok" {
        bail!("the copy of the database fails its integrity check: {integrity}");
    }
    let (size, sha256) = manifest::hash_file(&db_copy)?;
    let mut files = vec![Entry { path: DATABASE.into(), size, sha256 }];

    let key = std::fs::canonicalize(key_file).ok();
    let evidence = copy_folder(&data.evidence_dir, &out.join(EVIDENCE), EVIDENCE, key.as_deref()).await?;
    let copied: BTreeSet<String> =
        evidence.iter().filter_map(|e| e.path.strip_prefix("evidence/").map(str::to_owned)).collect();
    let evidence_gone = named
        .iter()
        .filter_map(|p| Path::new(p).file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|name| !copied.contains(name))
        .count();
    files.extend(evidence);
    files.extend(copy_folder(&data.reports_dir(), &out.join(REPORTS), REPORTS, key.as_deref()).await?);
    let manifest = Manifest {
        format: FORMAT.into(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        wagedesk_version: env!("CARGO_PKG_VERSION").into(),
        schema_version,
        source: Source {
            database: data.database.display().to_string(),
            evidence_dir: data.evidence_dir.display().to_string(),
            reports_dir: data.reports_dir().display().to_string(),
        },
        keys_needed,
        files,
    };
    manifest.write(out)?;
    tracing::info!(
        dir = %out.display(),
        files = manifest.files.len(),
        bytes = manifest.bytes(),
        evidence_gone,
        "backup taken"
    );
    Ok(Taken { dir: out.to_path_buf(), manifest, evidence_gone, elapsed: started.elapsed() })
}

/// The key ids that sealed the copy's data ("" for values of the first format, which name none).
async fn keys_needed(copy: &storage::Db) -> anyhow::Result<Vec<String>> {
    let kids: BTreeSet<String> = storage::sealed::count_by_kid(copy).await?.into_iter().map(|c| c.kid).collect();
    Ok(kids.into_iter().collect())
}

/// Copies the files of `from` (one level: the bot keeps no subfolders there) into `to`, each hashed
/// on the way. Files still being written (`.part`) and the key file, should it lie there, are left out;
/// a file deleted meanwhile is skipped.
async fn copy_folder(from: &Path, to: &Path, prefix: &str, key: Option<&Path>) -> anyhow::Result<Vec<Entry>> {
    let (from, to, prefix, key) = (from.to_path_buf(), to.to_path_buf(), prefix.to_owned(), key.map(Path::to_path_buf));
    tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<Entry>> {
        let mut names: Vec<String> = match std::fs::read_dir(&from) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| !name.ends_with(".part"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e).with_context(|| format!("listing {}", from.display())),
        };
        names.sort();
        manifest::create_private_dir(&to).with_context(|| format!("creating {}", to.display()))?;
        let mut out = Vec::new();
        for name in names {
            let source = from.join(&name);
            if key.as_deref().is_some_and(|k| std::fs::canonicalize(&source).is_ok_and(|s| s == k)) {
                continue;
            }
            match manifest::copy_hashed(&source, &to.join(&name)) {
                Ok((size, sha256)) => out.push(Entry { path: format!("{prefix}/{name}"), size, sha256 }),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let _ = std::fs::remove_file(to.join(&name));
                }
                Err(e) => return Err(e).with_context(|| format!("copying {}", source.display())),
            }
        }
        manifest::sync_dir(&to)?;
        Ok(out)
    })
    .await
    .context("the copying task failed")?
}

/// What `backup --verify` found: every file as listed, and the database sound.
pub async fn verify(dir: &Path) -> anyhow::Result<Result<Manifest, Vec<String>>> {
    let manifest = Manifest::read(dir)?;
    let (dir_owned, listed) = (dir.to_path_buf(), manifest.clone());
    let mut problems = tokio::task::spawn_blocking(move || manifest::check(&dir_owned, &listed))
        .await
        .context("the checking task failed")??;
    if problems.is_empty() {
        let copy = store::open_copy(&dir.join(DATABASE)).await?;
        let integrity = store::integrity(&copy).await;
        copy.close().await;
        match integrity {
            Ok(ok) if ok == "ok" => {}
            Ok(bad) => problems.push(format!("{DATABASE}: integrity check: {bad}")),
            Err(e) => problems.push(format!("{DATABASE}: not a readable database: {e}")),
        }
    }
    Ok(if problems.is_empty() { Ok(manifest) } else { Err(problems) })
}

/// Scheduled backups: a new `wagedesk-<UTC time>` folder in `parent` (built under a hidden name and
/// renamed when whole), then the newest `keep` whole backups kept and older ones deleted. Returns the
/// backup and the folders deleted.
pub async fn take_into(
    data: &DataDir,
    key_file: &Path,
    parent: &Path,
    keep: usize,
) -> anyhow::Result<(Taken, Vec<PathBuf>)> {
    manifest::create_private_dir(parent).with_context(|| format!("creating {}", parent.display()))?;
    let stamp = format!("wagedesk-{}", chrono::Utc::now().format("%Y%m%dT%H%M%SZ"));
    // A second backup in the same second gets a suffix (names sort in the order taken).
    let name = (0..100)
        .map(|n| if n == 0 { stamp.clone() } else { format!("{stamp}-{n:02}") })
        .find(|n| !parent.join(n).exists())
        .with_context(|| format!("too many backups named {stamp} in {}", parent.display()))?;
    let building = parent.join(format!(".{name}.partial"));
    let done = parent.join(&name);
    // Left by a run that stopped half-way (the timer runs one backup at a time).
    for stale in list_named(parent, |n| n.starts_with(".wagedesk-") && n.ends_with(".partial"))? {
        let _ = std::fs::remove_dir_all(&stale);
    }
    let mut taken = match take(data, key_file, &building).await {
        Ok(taken) => taken,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(e);
        }
    };
    std::fs::rename(&building, &done).with_context(|| format!("renaming {} to {}", building.display(), name))?;
    manifest::sync_dir(parent)?;
    taken.dir = done;
    let mut whole = list_named(parent, |n| n.starts_with("wagedesk-"))?;
    whole.retain(|d| d.join(MANIFEST).is_file());
    whole.sort();
    let mut removed = Vec::new();
    let excess = whole.len().saturating_sub(keep.max(1));
    for old in whole.into_iter().take(excess) {
        std::fs::remove_dir_all(&old).with_context(|| format!("deleting {}", old.display()))?;
        removed.push(old);
    }
    Ok((taken, removed))
}

/// The folders in `dir` whose names pass `keep`.
fn list_named(dir: &Path, keep: impl Fn(&str) -> bool) -> anyhow::Result<Vec<PathBuf>> {
    Ok(std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()) && keep(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect())
}

pub use restore::restore;

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn scheduled_backups_keep_the_newest_and_drop_what_a_stopped_run_left() {
        let root = std::env::temp_dir().join(format!("wagedesk-backup-keep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let data = DataDir { database: root.join("data/wagedesk.db"), evidence_dir: root.join("data/evidence") };
        let db = storage::open(&data.database).await.expect("database");
        std::fs::create_dir_all(&data.evidence_dir).expect("made");
        std::fs::write(data.evidence_dir.join("0123abcd"), b"sealed bytes").expect("written");
        std::fs::write(data.evidence_dir.join("4567.part"), b"still downloading").expect("written");
        let parent = root.join("backups");
        std::fs::create_dir_all(parent.join(".wagedesk-20260101T000000Z.partial")).expect("a stopped run's folder");
        let mut names = Vec::new();
        for _ in 0..3 {
            let (taken, _) = take_into(&data, &root.join("data/wagedesk.key"), &parent, 2).await.expect("taken");
            let files: Vec<&str> = taken.manifest.files.iter().map(|f| f.path.as_str()).collect();
            assert_eq!(files, ["wagedesk.db", "evidence/0123abcd"], "no half-written file");
            names.push(taken.dir);
        }
        db.close().await;
        let mut left: Vec<PathBuf> =
            std::fs::read_dir(&parent).expect("listed").map(|e| e.expect("entry").path()).collect();
        left.sort();
        assert_eq!(left, names[1..], "the newest two, nothing partial");
        assert!(verify(&names[2]).await.expect("read").is_ok());
        let _ = std::fs::remove_dir_all(&root);
    }
}
