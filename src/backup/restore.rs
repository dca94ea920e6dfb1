//! `wagedesk restore DIR`: a backup checked against its manifest, then copied into an empty data
//! directory; the evidence rows are pointed at the new evidence folder. Refused, with nothing made,
//! when the backup does not match its manifest or the data directory holds data already.
//!
//! The database is copied beside its place, checked, and renamed into it last: a database at the real
//! path is always whole. A marker made before the first file and removed after that rename lets a
//! later restore recognise one that was killed half-way and clear what it copied.

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
    /// Files an interrupted earlier restore had left, removed first.
    pub cleared: Vec<PathBuf>,
}

/// Made before a restore copies anything, removed once its database is in place.
fn marker(database: &Path) -> PathBuf {
    with_suffix(database, ".restore-incomplete")
}

/// Where the database is copied and checked before it is renamed into place.
fn staged(database: &Path) -> PathBuf {
    with_suffix(database, ".restoring")
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
    let cleared = clear_interrupted(data, &manifest)?;
    let occupied = occupied(data);
    if !occupied.is_empty() {
        bail!(
            "the data directory is not empty ({}); restore only into an empty one, so nothing is overwritten",
            occupied.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    let folder = data.database.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    manifest::create_private_dir(folder).with_context(|| format!("creating {}", folder.display()))?;
    let mark = marker(&data.database);
    crate::private_files::create_new(&mark)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("creating {}", mark.display()))?;
    manifest::sync_dir(folder)?;
    let mut made = Vec::new();
    let copied = match copy_in(backup, data, &manifest, &mut made).await {
        Ok(moved) => into_place(data, folder).map(|()| moved),
        Err(e) => Err(e),
    };
    match copied {
        Ok(evidence_moved) => Ok(Restored { manifest, evidence_moved, cleared }),
        Err(e) => {
            for path in made.iter().rev() {
                let _ = std::fs::remove_file(path);
            }
            remove_staged(&data.database);
            let _ = std::fs::remove_file(&mark);
            Err(e)
        }
    }
}

/// The checked copy renamed to the database's place, then the marker removed: from here on the
/// restore is whole.
fn into_place(data: &DataDir, folder: &Path) -> anyhow::Result<()> {
    let staged = staged(&data.database);
    std::fs::rename(&staged, &data.database)
        .with_context(|| format!("moving {} to {}", staged.display(), data.database.display()))?;
    manifest::sync_dir(folder)?;
    let mark = marker(&data.database);
    std::fs::remove_file(&mark).with_context(|| format!("removing {}", mark.display()))?;
    manifest::sync_dir(folder)
}

fn remove_staged(database: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&staged(database), suffix));
    }
}

/// After a restore that was killed half-way (its marker is still there): the files it copied — the
/// ones this backup names — and its staged database are removed, so the restore can run again.
fn clear_interrupted(data: &DataDir, manifest: &Manifest) -> anyhow::Result<Vec<PathBuf>> {
    let mark = marker(&data.database);
    // With the database in place the restore got past its rename and was killed before removing the
    // marker: what is here is a whole deployment, perhaps running. Nothing is removed; the check for
    // an empty directory refuses.
    let database_in_place = ["", "-wal"].iter().any(|s| with_suffix(&data.database, s).exists());
    if !mark.exists() || database_in_place {
        return Ok(Vec::new());
    }
    let mut cleared = Vec::new();
    for entry in &manifest.files {
        let path = match destination(data, &entry.path)? {
            Some(path) => path,
            None => staged(&data.database),
        };
        if path.exists() {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            cleared.push(path);
        }
    }
    remove_staged(&data.database);
    std::fs::remove_file(&mark).with_context(|| format!("removing {}", mark.display()))?;
    Ok(cleared)
}

/// Where a backup's file goes in the data directory (`None`: the database, which is staged first).
fn destination(data: &DataDir, path: &str) -> anyhow::Result<Option<PathBuf>> {
    Ok(match path.split_once('/') {
        None if path == DATABASE => None,
        Some((EVIDENCE, name)) if !name.contains('/') => Some(data.evidence_dir.join(name)),
        Some((REPORTS, name)) if !name.contains('/') => Some(data.reports_dir().join(name)),
        _ => bail!("{path}: not a file a backup holds"),
    })
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
        let Some(to) = destination(data, &entry.path)? else {
            database = Some((from, entry));
            continue;
        };
        copy_checked(&from, &to, entry, made)?;
    }
    let (from, entry) = database.with_context(|| format!("the manifest lists no {DATABASE}"))?;
    let staged = staged(&data.database);
    copy_checked(&from, &staged, entry, made)?;
    let db = crate::app::open_db(&staged).await?;
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
    // Counted as made before it is: a copy that fails half-way is removed too.
    if !to.exists() {
        made.push(to.to_path_buf());
    }
    let (size, sha256) = manifest::copy_hashed(from, to).with_context(|| format!("copying {}", entry.path))?;
    if size != entry.size || sha256 != entry.sha256 {
        bail!("{} changed while it was restored: nothing was restored", entry.path);
    }
    Ok(())
}
