//! Checks before the bot takes its first update, each failing with what is wrong and what to do: the
//! data directory writable, the database's migrations those of this binary, the bot's username what
//! the deployment file (and so every printed signboard) says. The key's checks — present, opening the
//! database, a file only its owner may read — are in [`crate::keys`].

use std::path::Path;

use anyhow::bail;

/// Every folder the bot writes to (the database's, the evidence folder, the reports folder) accepts a
/// new file. A folder not made yet is judged by the nearest one that exists, and nothing is left
/// behind: a refused start changes nothing.
pub fn writable(dirs: &[&Path]) -> anyhow::Result<()> {
    for dir in dirs {
        let Some(existing) = dir.ancestors().find(|d| d.as_os_str().is_empty() || d.exists()) else { continue };
        let existing = if existing.as_os_str().is_empty() { Path::new(".") } else { existing };
        if !existing.is_dir() {
            bail!("{} is a file where the bot needs a folder (for {})", existing.display(), dir.display());
        }
        let probe = existing.join(format!(".wagedesk-write-check-{}", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(e) => bail!(
                "{} is not writable by this process (uid {}): {e}. The bot writes its database, evidence files \
                 and reports there: give its user the folder (on the service: /var/lib/wagedesk)",
                existing.display(),
                uid()
            ),
        }
    }
    Ok(())
}

fn uid() -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").map_or_else(|_| "unknown".to_owned(), |m| m.uid().to_string())
    }
    #[cfg(not(unix))]
    {
        "unknown".to_owned()
    }
}

/// Opening the database failed: migrations this binary does not know (a newer wagedesk ran on it) or
/// one changed since it was applied say so plainly; anything else is passed on.
pub fn explain_open_error(database: &Path, error: sqlx::Error) -> anyhow::Error {
    use sqlx::migrate::MigrateError;
    let db = database.display();
    match &error {
        sqlx::Error::Migrate(m) => match m.as_ref() {
            MigrateError::VersionMissing(v) => anyhow::anyhow!(
                "{db} was migrated by a newer wagedesk: its migration {v} is unknown to this one ({}). Run the newer \
                 version, or restore a backup taken before the upgrade",
                env!("CARGO_PKG_VERSION")
            ),
            MigrateError::VersionMismatch(v) => anyhow::anyhow!(
                "{db}: migration {v} was applied in another form than this wagedesk's (migrations are never edited \
                 once released): this binary and the database do not belong together"
            ),
            MigrateError::Dirty(v) => {
                anyhow::anyhow!("{db}: migration {v} was left half-applied: restore the last backup")
            }
            _ => anyhow::Error::new(error).context(format!("migrating {db}")),
        },
        _ => anyhow::Error::new(error).context(format!("opening {db}")),
    }
}

/// Every migration of this binary is applied (the schema the code expects).
pub async fn migrations_applied(db: &crate::storage::Db, database: &Path) -> anyhow::Result<()> {
    let missing = crate::storage::unapplied_migrations(db).await?;
    if !missing.is_empty() {
        bail!(
            "{}: migrations {missing:?} are not applied; the bot does not start on a schema it does not expect",
            database.display()
        );
    }
    Ok(())
}

/// Telegram's username for the token against `[telegram] bot_username`. A mismatch means the token is
/// another bot's, or the deployment file names another bot, and every signboard's QR link would send
/// workers to a bot that is not this one: the start is refused unless `ignore` (`--ignore-username-mismatch`).
pub fn username_matches(configured: Option<&str>, actual: Option<&str>, ignore: bool) -> anyhow::Result<()> {
    let Some(configured) = configured else {
        tracing::warn!("[telegram] bot_username is not set: signboards cannot print the bot's link");
        return Ok(());
    };
    let actual = actual.unwrap_or("");
    // Telegram usernames are case-insensitive.
    if actual.eq_ignore_ascii_case(configured) {
        return Ok(());
    }
    if ignore {
        tracing::warn!(telegram = %actual, configured, "the bot's username differs from [telegram] bot_username; starting as told");
        return Ok(());
    }
    bail!(
        "this token belongs to @{actual} (Telegram's getMe), but [telegram] bot_username in the deployment file is \
         \"{configured}\": signboards and QR links would send workers to @{configured}, not to this bot. Use the \
         token of @{configured}, or correct bot_username (and reprint the signboards); --ignore-username-mismatch \
         starts anyway"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_username_must_match_unless_told() {
        assert!(username_matches(Some("wagedesk_bot"), Some("WageDesk_Bot"), false).is_ok());
        assert!(username_matches(None, Some("other_bot"), false).is_ok(), "nothing configured: nothing to compare");
        let refused = username_matches(Some("wagedesk_bot"), Some("other_bot"), false).expect_err("refused");
        let said = refused.to_string();
        assert!(
            said.contains("@other_bot")
                && said.contains("\"wagedesk_bot\"")
                && said.contains("--ignore-username-mismatch"),
            "{said}"
        );
        assert!(username_matches(Some("wagedesk_bot"), None, false).is_err());
        assert!(username_matches(Some("wagedesk_bot"), Some("other_bot"), true).is_ok());
    }

    #[test]
    fn a_folder_not_made_yet_is_judged_by_its_parent_and_nothing_is_left() {
        let dir = std::env::temp_dir().join(format!("wagedesk-startup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("made");
        writable(&[&dir.join("not/yet"), &dir]).expect("writable");
        assert_eq!(std::fs::read_dir(&dir).expect("listed").count(), 0, "no probe left, no folder made");
        std::fs::write(dir.join("file"), b"").expect("written");
        let refused = writable(&[&dir.join("file/evidence")]).expect_err("a file in the way");
        assert!(refused.to_string().contains("is a file"), "{refused}");
        // Not writable even by root.
        let refused = writable(&[Path::new("/proc/wagedesk-data")]).expect_err("read-only");
        assert!(refused.to_string().contains("not writable"), "{refused}");
        std::fs::remove_file(dir.join("file")).expect("removed");
        #[cfg(unix)]
        if uid() != "0" {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o500)).expect("chmod");
            let refused = writable(&[&dir.join("evidence")]).expect_err("read-only");
            assert!(refused.to_string().contains("not writable"), "{refused}");
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
