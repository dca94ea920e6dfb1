//! Projects (worksites) as the operator manages them: importing the CSV in one transaction, and the
//! unguessable deep-link codes printed on signboards, issued, listed and revoked.
//!
//! A code is what `https://t.me/<bot>?start=<code>` carries: 22 characters of `[A-Za-z0-9_-]`, each
//! drawn from a cryptographically secure generator (132 bits), well inside Telegram's 64-character
//! limit for the `start` parameter. The project id itself is never put on a board: ids are guessable.

use std::fmt;

use rand::Rng;

use crate::clock::{Clock, stamp};
use crate::deployment::Deployment;
use crate::projects_csv::{CsvErrors, parse_projects};
use crate::storage::projects::{self as store, ProjectListing};
use crate::storage::{self, Db};

/// Characters in a code.
pub const CODE_LEN: usize = 22;

/// 64 symbols, so a random byte masked to 6 bits picks each one with equal chance.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A fresh, unguessable signboard code.
pub fn new_code() -> String {
    let mut bytes = [0u8; CODE_LEN];
    rand::rng().fill(&mut bytes[..]);
    bytes.iter().map(|b| char::from(ALPHABET[usize::from(b & 0x3f)])).collect()
}

/// What an import changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Codes issued to projects that had no active one.
    pub codes_issued: usize,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} new, {} updated, {} unchanged; {} signboard codes issued",
            self.new, self.updated, self.unchanged, self.codes_issued
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Nothing was imported; every bad row and column is listed.
    #[error("nothing was imported; fix these rows and import the whole file again:\n{0}")]
    Invalid(CsvErrors),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

#[derive(Debug, thiserror::Error)]
pub enum RevokeError {
    #[error("no project {0:?} (see `wagedesk projects list`)")]
    UnknownProject(String),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// Validates the whole file against the deployment, then stores every project and issues a code to
/// each one without an active code, all in one transaction. Importing the same file again changes
/// nothing; a row that differs from the stored project replaces it.
pub async fn import(db: &Db, deployment: &Deployment, csv: &[u8], clock: &Clock) -> Result<ImportSummary, ImportError> {
    let records = parse_projects(csv, deployment).map_err(ImportError::Invalid)?;
    let now = stamp(clock.now());
    let mut summary = ImportSummary::default();
    let mut tx = storage::begin_write(db).await?;
    for record in &records {
        match store::get(&mut tx, &record.project_id).await? {
            Some(stored) if stored == *record => summary.unchanged += 1,
            Some(_) => {
                store::upsert(&mut tx, record, &now).await?;
                summary.updated += 1;
            }
            None => {
                store::upsert(&mut tx, record, &now).await?;
                summary.new += 1;
            }
        }
    }
    for project_id in store::without_active_code(&mut tx).await? {
        store::issue_code(&mut tx, &project_id, &new_code(), &now).await?;
        summary.codes_issued += 1;
    }
    tx.commit().await?;
    tracing::info!(%summary, "projects imported");
    Ok(summary)
}

/// Revokes the project's active code (boards showing it become stale) and returns its new code.
pub async fn revoke_code(db: &Db, project_id: &str, clock: &Clock) -> Result<String, RevokeError> {
    let now = stamp(clock.now());
    let mut tx = storage::begin_write(db).await?;
    if store::get(&mut tx, project_id).await?.is_none() {
        return Err(RevokeError::UnknownProject(project_id.to_owned()));
    }
    let revoked = store::revoke_active_code(&mut tx, project_id, &now).await?;
    let code = new_code();
    store::issue_code(&mut tx, project_id, &code, &now).await?;
    tx.commit().await?;
    tracing::info!(project = project_id, revoked, "signboard code replaced");
    Ok(code)
}

/// Every project with its active code and its count of revoked codes.
pub async fn list(db: &Db) -> Result<Vec<ProjectListing>, sqlx::Error> {
    let mut conn = db.acquire().await?;
    store::list(&mut conn).await
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn a_code_is_twenty_two_url_safe_characters() {
        for _ in 0..1000 {
            let code = new_code();
            assert_eq!(code.len(), CODE_LEN, "{code}");
            assert!(code.len() <= 64, "Telegram's start parameter takes at most 64 characters");
            assert!(code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'), "{code}");
        }
    }

    #[test]
    fn ten_thousand_codes_are_all_different() {
        let codes: HashSet<String> = (0..10_000).map(|_| new_code()).collect();
        assert_eq!(codes.len(), 10_000);
    }

    #[test]
    fn every_symbol_of_the_alphabet_is_used() {
        let seen: HashSet<char> = (0..2000).flat_map(|_| new_code().chars().collect::<Vec<_>>()).collect();
        assert_eq!(seen.len(), 64, "the 44,000 characters drawn cover all 64 symbols");
        assert_eq!(ALPHABET.iter().collect::<HashSet<_>>().len(), 64, "the alphabet has no repeated symbol");
    }
}
