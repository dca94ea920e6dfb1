//! `wagedesk export`: an office's ledger (台账) as an Excel workbook or CSV files.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use super::args::{DeploymentFile, KeyFile, Store};
use crate::clock::Clock;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::ledger::{self, ExportOptions, Period};

#[derive(Subcommand)]
pub enum ExportCmd {
    /// An office's ledger of the cases filed from FROM to TO: cases, employers, government-invested
    /// projects and overdue cases. Personal data is masked unless --unmask, which each case's timeline records.
    Ledger {
        #[arg(long)]
        office: String,
        /// First day (YYYY-MM-DD).
        #[arg(long)]
        from: chrono::NaiveDate,
        /// Last day (YYYY-MM-DD), included.
        #[arg(long)]
        to: chrono::NaiveDate,
        /// The workbook to write; with --csv, the cases file (other sheets get -employers, -government, -overdue).
        #[arg(long)]
        out: PathBuf,
        /// CSV files instead of a workbook.
        #[arg(long)]
        csv: bool,
        /// Names, phone and ID numbers in full (needs the key); logged in each exported case's timeline.
        #[arg(long)]
        unmask: bool,
        #[command(flatten)]
        deployment: DeploymentFile,
        #[command(flatten)]
        key: KeyFile,
        #[command(flatten)]
        store: Store,
    },
}

pub async fn run(command: ExportCmd) -> anyhow::Result<ExitCode> {
    let ExportCmd::Ledger { office, from, to, out, csv, unmask, deployment, key, store } = command;
    let Some((deployment, office)) = deployment.office(&office)? else { return Ok(ExitCode::FAILURE) };
    let vault = if unmask {
        // Only unmasking opens sealed numbers, and only with the key that sealed them: never create one here.
        key.existing()?.with_context(|| format!("--unmask needs the key ({})", key.key_file.display()))?
    } else {
        // A masked export opens nothing sealed.
        Vault::from_master_key(&[0; 32])
    };
    let evidence_dir = store.database.parent().map(PathBuf::from).unwrap_or_default().join("evidence");
    let operator = operator();
    let options = ExportOptions { office, period: Period { from, to }, out, csv, unmask, operator };
    let summary = store
        .using(async |db| {
            let ctx = Ctx::new(db.clone(), vault, deployment, Clock::system(), evidence_dir);
            ledger::export_ledger(&ctx, &options).await
        })
        .await?;
    for file in &summary.files {
        println!("{}", file.display());
    }
    println!(
        "{} cases exported{}",
        summary.cases,
        if unmask { " unmasked (recorded in each case's timeline)" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}

/// Who ran the export, as the timeline records it: the process's real user id, which the operator
/// cannot choose (`$USER` is whatever the environment says), with `$USER` beside it as a hint.
fn operator() -> String {
    #[cfg(unix)]
    let uid = {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").map(|m| m.uid().to_string()).unwrap_or_else(|_| "unknown".to_owned())
    };
    #[cfg(not(unix))]
    let uid = "unknown".to_owned();
    match std::env::var("USER") {
        Ok(user) if !user.is_empty() => format!("uid:{uid} (USER={})", user.chars().take(32).collect::<String>()),
        _ => format!("uid:{uid}"),
    }
}
