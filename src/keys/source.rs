//! Where the master keys come from, in this order:
//!
//! 1. `$CREDENTIALS_DIRECTORY/master-key`, when systemd passes it (`LoadCredential=master-key:…`): a
//!    private copy systemd makes at each start, readable by the service alone.
//! 2. `WAGEDESK_KEY` (hex): for containers and tests. A file is preferred: a process's environment
//!    stays readable in `/proc/<pid>/environ` by its user and root for as long as it runs, and is
//!    easily copied into logs, `docker inspect` and crash reports.
//! 3. The keyring file (`--key-file`, `WAGEDESK_KEY_FILE`), made on the first start.
//!
//! A file (1 or 3) is a keyring (see `crypto::keyring`): the running bot re-reads it when it changes,
//! which is how it learns a rotated key.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::crypto::{Keyring, MasterKey};

/// The name of the systemd credential holding the keyring.
pub const CREDENTIAL: &str = "master-key";
/// The environment variable that may hold the key itself.
pub const ENV_KEY: &str = "WAGEDESK_KEY";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Credential(PathBuf),
    Env,
    File(PathBuf),
}

impl KeySource {
    /// The source in use, from the environment and the key file's path.
    pub fn resolve(key_file: &Path) -> anyhow::Result<KeySource> {
        let credential = std::env::var_os("CREDENTIALS_DIRECTORY")
            .map(|dir| PathBuf::from(dir).join(CREDENTIAL))
            .filter(|path| path.is_file());
        let env = std::env::var_os(ENV_KEY).is_some_and(|v| !v.is_empty());
        Ok(match (credential, env) {
            (Some(path), true) => {
                bail!("two keys are given, {} and {ENV_KEY}: unset {ENV_KEY}", path.display())
            }
            (Some(path), false) => KeySource::Credential(path),
            (None, true) => KeySource::Env,
            (None, false) => KeySource::File(key_file.to_path_buf()),
        })
    }

    /// The file the keys are read from, if they come from one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            KeySource::Credential(path) | KeySource::File(path) => Some(path),
            KeySource::Env => None,
        }
    }

    /// For messages: the file, or the variable.
    pub fn describe(&self) -> String {
        match self {
            KeySource::Credential(path) => format!("the credential {} ($CREDENTIALS_DIRECTORY)", path.display()),
            KeySource::Env => ENV_KEY.to_owned(),
            KeySource::File(path) => format!("the key file {}", path.display()),
        }
    }

    /// The keyring, or `None` when the key file does not exist. A file others may read is refused.
    pub fn load(&self) -> anyhow::Result<Option<Keyring>> {
        let text = match self {
            KeySource::Env => std::env::var(ENV_KEY).with_context(|| format!("{ENV_KEY} is not text"))?,
            KeySource::Credential(path) | KeySource::File(path) => {
                check_private(path)?;
                match std::fs::read_to_string(path) {
                    Ok(text) => text,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => return Err(e).with_context(|| format!("reading {}", self.describe())),
                }
            }
        };
        Keyring::parse(&text).map(Some).with_context(|| format!("{} does not hold a keyring", self.describe()))
    }

    /// A fresh key in a new key file (mode 0600). Only a key file is ever made: a credential or the
    /// environment is the operator's to give.
    pub fn create(&self) -> anyhow::Result<Keyring> {
        let KeySource::File(path) = self else { bail!("{} holds no key", self.describe()) };
        let ring = Keyring::new(MasterKey::random(), []);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        write_new(path, &ring.to_file_text()).with_context(|| format!("creating {}", path.display()))?;
        Ok(ring)
    }
}

/// A key file anyone but its owner may read or write is refused: it opens every worker's numbers.
pub fn check_private(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            bail!("{} may be read by others (mode {mode:o}): run `chmod 600` on it", path.display());
        }
    }
    Ok(())
}

/// Replaces the keyring file at once: written beside it (0600), flushed to disk, then renamed over
/// it, so a reader sees the old keyring or the new one, never half of one.
pub fn write_keyring(path: &Path, ring: &Keyring) -> anyhow::Result<()> {
    let tmp = path.with_extension(format!("new-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    write_new(&tmp, &ring.to_file_text()).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("replacing {}", path.display()))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        // The rename itself survives a power cut only once the folder is flushed.
        std::fs::File::open(dir).and_then(|d| d.sync_all()).with_context(|| format!("flushing {}", dir.display()))?;
    }
    Ok(())
}

/// Creates `path` (it must not exist) readable by its owner only, and flushes it to disk.
fn write_new(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = crate::private_files::create_new(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_is_made_private_once_and_read_back() {
        let dir = std::env::temp_dir().join(format!("wagedesk-keysource-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let source = KeySource::File(dir.join("sub/wagedesk.key"));
        assert!(source.load().expect("no file is no error").is_none());
        let made = source.create().expect("made");
        assert!(source.create().is_err(), "never over an existing file");
        let read = source.load().expect("reads").expect("a keyring");
        assert_eq!(read.kids(), made.kids());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = source.path().expect("a file");
            assert_eq!(std::fs::metadata(path).expect("exists").permissions().mode() & 0o777, 0o600);
            let rotated = Keyring::new(MasterKey::random(), read.keys().iter().cloned());
            write_keyring(path, &rotated).expect("replaced");
            assert_eq!(source.load().expect("reads").expect("a keyring").kids(), rotated.kids());
            assert_eq!(std::fs::metadata(path).expect("exists").permissions().mode() & 0o777, 0o600);
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
            let refused = source.load().expect_err("readable by the group");
            assert!(refused.to_string().contains("chmod 600"), "{refused}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
