//! `wagedesk migrate-store`: a deployment's SQLite database into PostgreSQL, verified table by table
//! (see [`crate::storage::migrate_store`]). Stop `wagedesk run` first: the copy is of one snapshot, and
//! what the bot writes after it stays behind (the command says so when it happened).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::storage::migrate_store::{self, Report};
use crate::storage::postgres;

#[derive(clap::Args)]
pub struct MigrateStoreArgs {
    /// The SQLite database: `sqlite://data/wagedesk.db` or its path.
    #[arg(long)]
    from: String,
    /// The PostgreSQL database, empty (its schema is made): `postgres://user@host/db`.
    #[arg(long)]
    to: String,
    /// Only compares the two (a copy made earlier), changing neither.
    #[arg(long)]
    verify: bool,
}

pub async fn run(args: MigrateStoreArgs) -> anyhow::Result<ExitCode> {
    let source = PathBuf::from(args.from.strip_prefix("sqlite://").unwrap_or(&args.from));
    if !postgres::is_postgres_url(&args.to) {
        anyhow::bail!("--to must be a PostgreSQL address (postgres://…), not {}", args.to);
    }
    let target = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(&args.to)
        .await
        .map_err(|e| anyhow::anyhow!("cannot reach the PostgreSQL database: {e}"))?;
    let started = std::time::Instant::now();
    let report = if args.verify {
        migrate_store::verify(&source, &target).await?
    } else {
        migrate_store::copy(&source, &target).await?
    };
    target.close().await;
    print_report(&report);
    let what = if args.verify { "compared" } else { "copied and compared" };
    println!(
        "{} rows in {} tables {what} in {:.1} s",
        report.rows(),
        report.tables.len(),
        started.elapsed().as_secs_f64()
    );
    if !report.equal() {
        let differ: Vec<&str> = report.tables.iter().filter(|t| !t.equal()).map(|t| t.table.as_str()).collect();
        eprintln!("NOT equal: {}", differ.join(", "));
        return Ok(ExitCode::FAILURE);
    }
    if report.source_changed {
        eprintln!(
            "the SQLite database changed while it was read (is `wagedesk run` still running?): PostgreSQL \
             holds the snapshot taken at the start. Stop the bot, empty the PostgreSQL database and copy again."
        );
        return Ok(ExitCode::from(3));
    }
    println!("equal: every table has the same rows in both databases");
    Ok(ExitCode::SUCCESS)
}

fn print_report(report: &Report) {
    println!(
        "{:<22} {:>10} {:>10}  {:<16}  {:<16}",
        "table", "sqlite", "postgres", "sha-256 sqlite", "sha-256 postgres"
    );
    for t in &report.tables {
        println!(
            "{:<22} {:>10} {:>10}  {:<16}  {:<16}  {}",
            t.table,
            t.source_rows,
            t.target_rows,
            &t.source_sum[..16],
            &t.target_sum[..16],
            if t.equal() { "equal" } else { "DIFFERENT" }
        );
    }
}
