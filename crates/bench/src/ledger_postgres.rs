//! The ledger benchmark's PostgreSQL half: the generated SQLite database moved into a fresh PostgreSQL
//! database by `migrate-store` (timed, verified), then the office's summary and the export's case rows
//! read there, with PostgreSQL's plans. The SQLite export row stream over the same period is timed beside
//! it, so both figures are rows read, without the workbook.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::NaiveDate;
use sqlx::Connection;
use sqlx::postgres::{PgConnection, PgPoolOptions};

use wagedesk::ledger::{Period, Role};
use wagedesk::storage::conn::Conn;
use wagedesk::storage::{self, migrate_store};

use crate::ledger::{OFFICE, best_of, plan};

#[derive(Debug, Clone)]
pub struct PgReport {
    pub copy: Duration,
    pub copied_rows: u64,
    pub summary_all_time: Duration,
    pub summary_one_year: Duration,
    pub summary_plan: String,
    pub export_plan: String,
    pub export_rows: usize,
    pub export_rows_postgres: Duration,
    pub export_rows_sqlite: Duration,
}

impl std::fmt::Display for PgReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        writeln!(
            f,
            "PostgreSQL: migrate-store copied and verified {} rows in {:.1} s",
            self.copied_rows,
            self.copy.as_secs_f64()
        )?;
        writeln!(f, "PostgreSQL office summary, all time: {:.1} ms", ms(self.summary_all_time))?;
        writeln!(f, "PostgreSQL office summary, one year: {:.1} ms", ms(self.summary_one_year))?;
        writeln!(f, "PostgreSQL summary plan: {}", self.summary_plan)?;
        writeln!(f, "PostgreSQL export plan: {}", self.export_plan)?;
        write!(
            f,
            "export's {} case rows read (no workbook): PostgreSQL {:.2} s, SQLite {:.2} s",
            self.export_rows,
            self.export_rows_postgres.as_secs_f64(),
            self.export_rows_sqlite.as_secs_f64()
        )
    }
}

/// A database of the benchmark's own on `server`, dropped when done.
struct BenchDatabase {
    server: String,
    name: String,
    url: String,
}

impl BenchDatabase {
    async fn create(server: &str) -> anyhow::Result<BenchDatabase> {
        let mut admin = PgConnection::connect(server).await.with_context(|| format!("connecting to {server}"))?;
        let name = format!("wagedesk_bench_ledger_{}", std::process::id());
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name}"))).execute(&mut admin).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
        admin.close().await?;
        let base = server.rsplit_once('/').map_or(server, |(base, _)| base);
        Ok(BenchDatabase { server: server.to_owned(), url: format!("{base}/{name}"), name })
    }

    async fn drop_it(self) -> anyhow::Result<()> {
        let mut admin = PgConnection::connect(&self.server).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)))
            .execute(&mut admin)
            .await?;
        Ok(())
    }
}

/// Moves the SQLite database at `sqlite` into a new database on `server` and reads the ledger there.
pub async fn run(
    sqlite: &Path,
    server: &str,
    periods: (Period, Period),
    export: Period,
    today: NaiveDate,
) -> anyhow::Result<PgReport> {
    let database = BenchDatabase::create(server).await?;
    let result = measure(sqlite, &database.url, periods, export, today).await;
    database.drop_it().await?;
    result
}

async fn measure(
    sqlite: &Path,
    url: &str,
    (all, year): (Period, Period),
    export: Period,
    today: NaiveDate,
) -> anyhow::Result<PgReport> {
    let pool = PgPoolOptions::new().max_connections(2).connect(url).await?;
    let started = Instant::now();
    let report = migrate_store::copy(sqlite, &pool).await?;
    let copy = started.elapsed();
    anyhow::ensure!(report.equal(), "the copy did not verify equal");
    // What a running database has: statistics for the planner, and a visibility map for index-only scans.
    sqlx::query("VACUUM ANALYZE").execute(&pool).await?;

    let mut conn = pool.acquire().await?;
    let (summary_all_time, _) = best_of(Conn::from(&mut conn), all, today).await?;
    let (summary_one_year, _) = best_of(Conn::from(&mut conn), year, today).await?;
    let summary_plan = plan(Conn::from(&mut conn), &storage::ledger::summary_sql(Role::Owner), year, today).await?;
    let export_plan = plan(Conn::from(&mut conn), &storage::ledger::export_sql(Role::Owner), export, today).await?;

    let mut export_rows = 0;
    let started = Instant::now();
    storage::ledger::cases(&mut conn, OFFICE, Role::Owner, export, |_| {
        export_rows += 1;
        Ok::<_, sqlx::Error>(())
    })
    .await?;
    let export_rows_postgres = started.elapsed();
    drop(conn);
    pool.close().await;

    let lite = storage::backup::open_copy(sqlite).await?;
    let mut conn = lite.acquire().await?;
    let started = Instant::now();
    storage::ledger::cases(&mut conn, OFFICE, Role::Owner, export, |_| Ok::<_, sqlx::Error>(())).await?;
    let export_rows_sqlite = started.elapsed();
    Ok(PgReport {
        copy,
        copied_rows: report.rows(),
        summary_all_time,
        summary_one_year,
        summary_plan,
        export_plan,
        export_rows,
        export_rows_postgres,
        export_rows_sqlite,
    })
}
