//! `wagedesk restore DIR`: a backup checked against its manifest, then copied into an empty data
//! directory; the evidence rows are pointed at the new evidence folder. Refused, with nothing made,
//! when the backup does not match its manifest or the data directory holds data already.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use super::DataDir;
use super::manifest::{self, DATABASE, EVIDENCE, Manifest, REPORTS};
use crate::storage::backup as store;

/// What a restore copied.
#[derive(Debug)]
pub struct Restored {
    pub manifest: Manifest,
    /// Evidence rows pointed at the new folder.
    pub evidence_moved: u64,
}

pub async fn restore(backup: &Path, data: &DataDir) -> anyhow::Result<Restored> {
    let manifest = match super::verify(backup).await? {
        Ok(manifest) => manifest,
        Err(problems) => bail!(
            "{} does not match its manifest; nothing was restored:\n  {}",
            backup.display(),
            problems.join("\n  ")
        ),
    };
    let occupied = occupied(data);
    if !occupied.is_empty() {
        bail!(
            "the data directory is not empty ({}); restore only into an empty one, so nothing is overwritten",
            occupied.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let mut made = Vec::new();
    match copy_in(backup, data, &manifest, &mut made).await {
        Ok(evidence_moved) => Ok(Restored { manifest, evidence_moved }),
        Err(e) => {
            for path in made.iter().rev() {
                let _ = std::fs::remove_file(path);
            }
            for suffix in ["-wal", "-shm"] {
                let _ = std::fs::remove_file(with_suffix(&data.database, suffix));
            }
            Err(e)
        }
    }
}

/// What in the data directory already holds data: the database (or its WAL) and any file in the
/// evidence and reports folders.
fn occupied(data: &DataDir) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> =
        ["", "-wal", "-shm"].iter().map(|s| with_suffix(&data.database, s)).filter(|p| p.exists()).collect();
    for dir in [data.evidence_dir.clone(), data.reports_dir()] {
        if manifest::files_under(&dir, "").is_ok_and(|files| !files.is_empty()) {
            found.push(dir);
        }
    }
    found
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copies the files (each hashed again on the way: a backup changed after the check is refused), the
/// database last, then brings its schema up to date and points its evidence paths here.
async fn copy_in(backup: &Path, data: &DataDir, manifest: &Manifest, made: &mut Vec<PathBuf>) -> anyhow::Result<u64> {
    let reports = data.reports_dir();
    let mut database = None;
    for entry in &manifest.files {
        let from = manifest::inside(backup, &entry.path).with_context(|| format!("{}: a bad path", entry.path))?;
        let to = match entry.path.split_once('/') {
            None if entry.path == DATABASE => {
                database = Some((from, entry));
                continue;
            }
            Some((EVIDENCE, name)) if !name.contains('/') => data.evidence_dir.join(name),
            Some((REPORTS, name)) if !name.contains('/') => reports.join(name),
            _ => bail!("{}: not a file a backup holds", entry.path),
        };
        copy_checked(&from, &to, entry, made)?;
    }
    let (from, entry) = database.with_context(|| format!("the manifest lists no {DATABASE}"))?;
    if let Some(dir) = data.database.parent().filter(|d| !d.as_os_str().is_empty()) {
        manifest::create_private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    copy_checked(&from, &data.database, entry, made)?;
    let db = crate::app::open_db(&data.database).await?;
    let pool = db.sqlite().context("a backup restores a SQLite file")?;
    let moved = store::move_evidence(pool, &data.evidence_dir).await;
    let integrity = store::integrity(pool).await;
    db.close().await;
    let moved = moved?;
    match integrity? {
        ok if ok == "ok" => {}
        bad => bail!("the restored database fails its integrity check: {bad}"),
    }
    for dir in [&data.evidence_dir, &reports] {
        if dir.is_dir() {
            manifest::sync_dir(dir)?;
        }
    }
    Ok(moved)
}

fn copy_checked(from: &Path, to: &Path, entry: &manifest::Entry, made: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    if let Some(dir) = to.parent() {
        manifest::create_private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let (size, sha256) = manifest::copy_hashed(from, to).with_context(|| format!("copying {}", entry.path))?;
    made.push(to.to_path_buf());
    if size != entry.size || sha256 != entry.sha256 {
        bail!("{} changed while it was restored: nothing was restored", entry.path);
    }
    Ok(())
}
