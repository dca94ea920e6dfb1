//! Files the process writes that hold personal data or keys (the database, evidence, ledger exports,
//! backups, the key file) are readable by its own user only: 0600 for files, 0700 for their folders,
//! whatever the umask. Every such file is made here.

use std::path::Path;

/// Makes `path` readable and writable by its owner only.
pub fn restrict_file(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o600)
}

/// Creates `path` for writing (emptying a file already there), readable and writable by its owner only
/// from the start: what is written is never readable by others, not even until it is finished.
pub fn create_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path)?;
    // The mode above is for a new file only: one that was there keeps its own until set here.
    restrict_open(&file)?;
    Ok(file)
}

/// Creates `path`, which must not exist yet, readable and writable by its owner only from the start.
pub fn create_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Makes the folder `path` usable by its owner only.
pub fn restrict_dir(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o700)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(unix)]
fn restrict_open(file: &std::fs::File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
}

#[cfg(not(unix))]
fn restrict_open(_file: &std::fs::File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
    }

    #[test]
    fn a_created_file_is_its_owners_only_new_or_emptied() {
        let dir = std::env::temp_dir().join(format!("wagedesk-private-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("made");
        let new = dir.join("new.csv");
        super::create_file(&new).expect("created");
        assert_eq!(mode(&new), 0o600);
        let old = dir.join("old.csv");
        std::fs::write(&old, b"an earlier export").expect("written");
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        super::create_file(&old).expect("created");
        assert_eq!((mode(&old), std::fs::read(&old).expect("read").len()), (0o600, 0), "emptied and restricted");
        std::fs::remove_dir_all(&dir).expect("cleared");
    }
}
