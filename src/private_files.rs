//! Files the process writes that hold personal data (evidence, ledger exports) are readable by its
//! own user only: 0600 for files, 0700 for their folders, whatever the umask.

use std::path::Path;

/// Makes `path` readable and writable by its owner only.
pub fn restrict_file(path: &Path) -> std::io::Result<()> {
    set_mode(path, 0o600)
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

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}
