//! A backup's `manifest.json`: what the backup holds, each file with its size and SHA-256, and what it
//! needs besides (the key ids that sealed its data). Checking a backup against it finds a changed,
//! missing or added file.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's own name in a backup folder.
pub const MANIFEST: &str = "manifest.json";
/// The format this version writes and reads.
pub const FORMAT: &str = "wagedesk-backup/1";
/// The database's name in a backup folder.
pub const DATABASE: &str = "wagedesk.db";
/// The folders of a backup: evidence files and waiting reports, as in the data directory.
pub const EVIDENCE: &str = "evidence";
pub const REPORTS: &str = "reports";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub created_at: String,
    pub wagedesk_version: String,
    /// The newest migration applied to the copied database.
    pub schema_version: Option<i64>,
    /// Where the data was taken from (a restore points evidence paths at the new folder).
    pub source: Source,
    /// Key ids whose keys open the sealed data; the keys themselves are never in a backup.
    pub keys_needed: Vec<String>,
    pub files: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub database: String,
    pub evidence_dir: String,
    pub reports_dir: String,
}

/// One file, by its path in the backup folder (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

impl Manifest {
    pub fn read(dir: &Path) -> anyhow::Result<Manifest> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("{} has no readable {MANIFEST}: not a finished backup", dir.display()))?;
        let manifest: Manifest =
            serde_json::from_str(&text).with_context(|| format!("{} is damaged", path.display()))?;
        if manifest.format != FORMAT {
            bail!("{} is of format {:?}; this wagedesk reads {FORMAT:?}", path.display(), manifest.format);
        }
        Ok(manifest)
    }

    /// Written beside the files, flushed, then renamed into place: a folder with a manifest is whole.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        let tmp = dir.join(format!("{MANIFEST}.tmp"));
        let mut file = crate::private_files::create_new(&tmp)?;
        file.write_all(serde_json::to_string_pretty(self)?.as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
        std::fs::rename(&tmp, dir.join(MANIFEST))?;
        sync_dir(dir)
    }

    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.size).sum()
    }
}

/// What checking a backup found wrong, one line per file.
pub fn check(dir: &Path, manifest: &Manifest) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    for entry in &manifest.files {
        listed.insert(entry.path.clone());
        let Some(path) = inside(dir, &entry.path) else {
            problems.push(format!("{}: not a path inside the backup", entry.path));
            continue;
        };
        match hash_file(&path) {
            Ok((size, _)) if size != entry.size => {
                problems.push(format!("{}: {size} bytes, the manifest says {}", entry.path, entry.size));
            }
            Ok((_, sha)) if sha != entry.sha256 => {
                problems.push(format!("{}: its SHA-256 differs from the manifest's (changed or damaged)", entry.path));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => problems.push(format!("{}: missing", entry.path)),
            Err(e) => problems.push(format!("{}: cannot be read: {e}", entry.path)),
        }
    }
    for found in files_under(dir, "")? {
        if found != MANIFEST && !listed.contains(&found) {
            problems.push(format!("{found}: not in the manifest"));
        }
    }
    Ok(problems)
}

/// `rel` under `dir`, if it names a plain path below it (no `..`, not absolute).
pub fn inside(dir: &Path, rel: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = rel.split('/').collect();
    let plain = parts.iter().all(|p| !p.is_empty() && *p != "." && *p != ".." && !p.contains('\\'));
    plain.then(|| parts.iter().fold(dir.to_path_buf(), |path, part| path.join(part)))
}

/// Every file below `dir`, as `/`-separated paths relative to it, sorted.
pub fn files_under(dir: &Path, prefix: &str) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e).with_context(|| format!("listing {}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if entry.file_type()?.is_dir() {
            out.extend(files_under(&entry.path(), &rel)?);
        } else {
            out.push(rel);
        }
    }
    out.sort();
    Ok(out)
}

/// A file's size and SHA-256 (hex), read in chunks.
pub fn hash_file(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, hex::encode(sha.finalize())))
}

/// Copies `from` to the new file `to` (0600), hashing on the way, and flushes it.
pub fn copy_hashed(from: &Path, to: &Path) -> std::io::Result<(u64, String)> {
    let mut input = std::fs::File::open(from)?;
    let mut output = crate::private_files::create_new(to)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        output.write_all(&buf[..n])?;
        size += n as u64;
    }
    output.sync_all()?;
    Ok((size, hex::encode(sha.finalize())))
}

/// A folder (and its parents) made usable by its owner only.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)?;
    crate::private_files::restrict_dir(path)
}

/// Flushes a folder's entries (new names, renames) to disk.
pub fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::File::open(dir).and_then(|d| d.sync_all()).with_context(|| format!("flushing {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wagedesk-manifest-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(EVIDENCE)).expect("made");
        dir
    }

    fn manifest_of(dir: &Path) -> Manifest {
        let files = files_under(dir, "")
            .expect("listed")
            .into_iter()
            .map(|path| {
                let (size, sha256) = hash_file(&inside(dir, &path).expect("inside")).expect("hashed");
                Entry { path, size, sha256 }
            })
            .collect();
        Manifest {
            format: FORMAT.into(),
            created_at: "2026-12-04T05:00:00Z".into(),
            wagedesk_version: "0.1.0".into(),
            schema_version: Some(16),
            source: Source { database: "d".into(), evidence_dir: "e".into(), reports_dir: "r".into() },
            keys_needed: vec!["k".into()],
            files,
        }
    }

    #[test]
    fn a_flipped_byte_a_missing_file_and_an_added_one_are_each_named() {
        let dir = scratch("check");
        std::fs::write(dir.join(DATABASE), b"database bytes").expect("written");
        std::fs::write(dir.join("evidence/aa"), vec![7u8; 100_000]).expect("written");
        std::fs::write(dir.join("evidence/bb"), b"second").expect("written");
        let manifest = manifest_of(&dir);
        manifest.write(&dir).expect("written");
        assert_eq!(Manifest::read(&dir).expect("read"), manifest);
        assert_eq!(check(&dir, &manifest).expect("checked"), Vec::<String>::new());

        let mut bytes = std::fs::read(dir.join("evidence/aa")).expect("read");
        bytes[54_321] ^= 0x01;
        std::fs::write(dir.join("evidence/aa"), bytes).expect("written");
        std::fs::remove_file(dir.join("evidence/bb")).expect("removed");
        std::fs::write(dir.join("evidence/cc"), b"added").expect("written");
        let problems = check(&dir, &manifest).expect("checked");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("evidence/aa: its SHA-256 differs"), "{problems:?}");
        assert_eq!(problems[1], "evidence/bb: missing");
        assert_eq!(problems[2], "evidence/cc: not in the manifest");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn manifest_paths_stay_inside_the_backup() {
        let dir = Path::new("/b");
        assert_eq!(inside(dir, "evidence/aa"), Some(PathBuf::from("/b/evidence/aa")));
        for bad in ["../etc/passwd", "/etc/passwd", "evidence/../../x", "", "a//b", "a\\b", "./a"] {
            assert_eq!(inside(dir, bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_damaged_or_foreign_manifest_is_refused() {
        let dir = scratch("damaged");
        std::fs::write(dir.join(MANIFEST), b"{\"format\": \"wagedesk-backup/1\", \"files\": [").expect("written");
        assert!(Manifest::read(&dir).expect_err("damaged").to_string().contains("damaged"));
        let mut other = manifest_of(&dir);
        other.format = "other/9".into();
        std::fs::remove_file(dir.join(MANIFEST)).expect("removed");
        other.write(&dir).expect("written");
        assert!(Manifest::read(&dir).expect_err("foreign").to_string().contains("other/9"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
