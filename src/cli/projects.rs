//! `wagedesk projects`: importing the operator's project CSV, listing projects with their signboard
//! codes, revoking a code.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use super::args::{DeploymentFile, Store};
use crate::clock::Clock;
use crate::projects::{self, ImportError};

#[derive(Subcommand)]
pub enum ProjectsCmd {
    /// Imports a project CSV: every row is checked first; one bad row and nothing is imported.
    /// Importing the same file again changes nothing; new projects get a signboard code.
    Import {
        file: PathBuf,
        #[command(flatten)]
        deployment: DeploymentFile,
        #[command(flatten)]
        store: Store,
    },
    /// Lists projects with their active code and how many revoked codes (stale boards) they have.
    List(Store),
    /// Revokes a project's code (its printed boards become stale) and prints the new one.
    RevokeCode {
        project: String,
        #[command(flatten)]
        store: Store,
    },
}

pub async fn run(command: ProjectsCmd) -> anyhow::Result<ExitCode> {
    match command {
        ProjectsCmd::Import { file, deployment, store } => return import(&file, &deployment, &store).await,
        ProjectsCmd::List(store) => list(&store).await?,
        ProjectsCmd::RevokeCode { project, store } => {
            let code = store
                .using(async |db| {
                    projects::revoke_code(db, &project, &Clock::system())
                        .await
                        .with_context(|| format!("replacing the code of {project}"))
                })
                .await?;
            println!("{project}: new code {code} (boards showing the old code are now stale; print new ones)");
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(file: &std::path::Path, deployment: &DeploymentFile, store: &Store) -> anyhow::Result<ExitCode> {
    let deployment = match deployment.load() {
        Ok(deployment) => deployment,
        Err(e) => {
            eprintln!("{e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let data = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    store
        .using(async |db| match projects::import(db, &deployment, &data, &Clock::system()).await {
            Ok(summary) => {
                println!("{}: {summary}", file.display());
                Ok(ExitCode::SUCCESS)
            }
            Err(e @ ImportError::Invalid(_)) => {
                eprintln!("{}: {e}", file.display());
                Ok(ExitCode::FAILURE)
            }
            Err(e) => Err(e).with_context(|| format!("importing {}", file.display())),
        })
        .await
}

async fn list(store: &Store) -> anyhow::Result<()> {
    let listing = store.using(async |db| projects::list(db).await.context("listing projects")).await?;
    println!("{:<24} {:<24} {:<10} {:>7}  name", "project", "active code", "since", "revoked");
    for p in &listing {
        let code = p.active_code.as_deref().unwrap_or("(none)");
        let since = p.code_issued_at.as_deref().map(local_date).unwrap_or_default();
        println!("{:<24} {:<24} {:<10} {:>7}  {}", p.id, code, since, p.revoked_codes, p.name);
    }
    println!("{} projects", listing.len());
    let replaced = listing.iter().filter(|p| p.revoked_codes > 0).count();
    if replaced > 0 {
        println!(
            "{replaced} projects had a code replaced: a posted board whose footer shows another code or an \
             earlier date than \"since\" is stale; print a new one with `wagedesk signboard PROJECT`"
        );
    }
    Ok(())
}

/// The local (Asia/Shanghai) date of a stored UTC time, as boards print it.
fn local_date(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&chrono_tz::Asia::Shanghai).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|_| stamp.to_string())
}
