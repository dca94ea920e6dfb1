//! The ledger benchmark, as a library function so one command can run every benchmark
//! (`benches/ledger.rs` calls it): generates a database of N cases in one transaction, then times an
//! office's summary, a ~100k-row export (with its peak memory) and a supervisor's digest.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::NaiveDate;

use wagedesk::clock::Clock;
use wagedesk::context::Ctx;
use wagedesk::crypto::Vault;
use wagedesk::deployment::{Deployment, OfficeId};
use wagedesk::ledger::digest::{self, Kind};
use wagedesk::ledger::{ExportOptions, Period, Role, Summary, export_ledger};
use wagedesk::storage;
use wagedesk::storage::conn::Conn;
use wagedesk::storage::ledger::{export_sql, summary, summary_sql};

pub use crate::ledger_postgres::PgReport;

/// The office the benchmark reads (60 % of the generated cases) and its supervisor.
pub(crate) const OFFICE: &str = "hz-xihu-ldjc";
const SUPERVISOR: &str = "hz-qqb";

#[derive(Debug, Clone)]
pub struct BenchReport {
    pub cases: u64,
    /// How long generating took; `None` when an existing database was read again (WAGEDESK_BENCH_REUSE).
    pub generate: Option<Duration>,
    pub database_bytes: u64,
    /// The office's summary over every case it ever had (the `/ledger` card's query), best of 5.
    pub summary_all_time: Duration,
    pub summary_all_time_cases: i64,
    /// The same for one year.
    pub summary_one_year: Duration,
    pub summary_one_year_cases: i64,
    /// SQLite's plan for the summary, to show it reads the kept totals (`ledger_totals`).
    pub summary_plan: String,
    /// SQLite's plan for the export's case rows, to show it walks the covering index without a sort.
    pub export_plan: String,
    pub export_rows: usize,
    pub export: Duration,
    /// The process's CPU time (every thread, SQLite's included) during the export: on a shared machine
    /// the wall time also counts waiting for a core.
    pub export_cpu: Option<Duration>,
    pub export_bytes: u64,
    /// Peak resident memory during the export (VmHWM after resetting it), in KiB.
    pub export_peak_kib: Option<u64>,
    pub digest: Duration,
    pub digest_png: PathBuf,
    /// The same reads on PostgreSQL, when a server was named: its figures, or why there are none.
    pub postgres: Option<Result<PgReport, String>>,
}

impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        match self.generate {
            Some(took) => writeln!(
                f,
                "generated {} cases in {:.1} s ({} MiB)",
                self.cases,
                took.as_secs_f64(),
                self.database_bytes >> 20
            )?,
            None => writeln!(f, "read the existing database again ({} MiB)", self.database_bytes >> 20)?,
        }
        writeln!(
            f,
            "office summary, all time ({} cases): {:.1} ms",
            self.summary_all_time_cases,
            ms(self.summary_all_time)
        )?;
        writeln!(
            f,
            "office summary, one year ({} cases): {:.1} ms",
            self.summary_one_year_cases,
            ms(self.summary_one_year)
        )?;
        writeln!(f, "summary plan: {}", self.summary_plan)?;
        writeln!(f, "export plan: {}", self.export_plan)?;
        let cpu = self.export_cpu.map_or("unknown".to_owned(), |c| format!("{:.2} s", c.as_secs_f64()));
        let peak = self.export_peak_kib.map_or("unknown".to_owned(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        writeln!(
            f,
            "export of {} case rows: {:.2} s ({cpu} CPU), {} KiB workbook, peak memory {peak}",
            self.export_rows,
            self.export.as_secs_f64(),
            self.export_bytes >> 10
        )?;
        write!(f, "supervisor digest with chart: {:.1} ms ({})", ms(self.digest), self.digest_png.display())?;
        match &self.postgres {
            Some(Ok(pg)) => write!(f, "\n{pg}"),
            Some(Err(e)) => write!(f, "\nPostgreSQL: not measured ({e})"),
            None => Ok(()),
        }
    }
}

/// Runs the whole benchmark in `dir` (a fresh database there) over `cases` generated cases, and the
/// PostgreSQL half on a database of its own on `postgres` (a server's address) when one is named.
pub async fn run(dir: &Path, cases: u64, export_rows: u64, postgres: Option<&str>) -> anyhow::Result<BenchReport> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("bench.db");
    // Re-measuring the reads after a change need not wait a minute for the same million cases again.
    let reuse = std::env::var_os("WAGEDESK_BENCH_REUSE").is_some() && path.exists();
    if !reuse {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    let deployment = Deployment::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../deploy/wagedesk.toml")))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let db = storage::open(&path).await?;
    let generate = if reuse {
        None
    } else {
        let started = Instant::now();
        generate(&db, cases).await.context("generating the cases")?;
        // A running database has its pages in the main file, not in a gigabyte of fresh WAL.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(db.sqlite().context("the bench makes a SQLite file")?)
            .await?;
        Some(started.elapsed())
    };
    let database_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(format!("{}-wal", path.display())).map(|m| m.len()).unwrap_or(0);
    let today = NaiveDate::from_ymd_opt(2027, 1, 15).context("date")?;
    let clock = Clock::manual(chrono::DateTime::parse_from_rfc3339("2027-01-15T09:00:00+08:00")?.to_utc());
    let ctx = Ctx {
        db,
        vault: Vault::from_master_key(&[7; 32]),
        deployment: Arc::new(deployment),
        clock,
        evidence_dir: dir.join("evidence"),
        outbox_wake: Arc::default(),
        outbox_reread: Arc::default(),
        metrics: Default::default(),
    };

    let mut conn = ctx.db.acquire().await?;
    let all = Period::until(today);
    let year = Period { from: NaiveDate::from_ymd_opt(2026, 1, 1).context("date")?, to: today };
    let (summary_all_time, all_cases) = best_of(Conn::from(&mut conn), all, today).await?;
    let (summary_one_year, year_cases) = best_of(Conn::from(&mut conn), year, today).await?;
    let summary_plan = plan(Conn::from(&mut conn), &summary_sql(Role::Owner), year, today).await?;
    let export_plan = plan(conn.conn(), &export_sql(Role::Owner), year, today).await?;
    // The export period: from the first case on, as many days as hold `export_rows` of this office's cases.
    let to: Option<String> = storage::on_conn!(conn.conn(), c => sqlx::query_scalar(
        "SELECT submitted_on FROM cases WHERE owner_office = $1 ORDER BY submitted_on LIMIT 1 OFFSET $2",
    )
    .bind(OFFICE)
    .bind(i64::try_from(export_rows).unwrap_or(i64::MAX))
    .fetch_optional(c)
    .await)?;
    let to =
        to.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok()).unwrap_or(today).pred_opt().unwrap_or(today);
    drop(conn);

    let out = dir.join("bench-ledger.xlsx");
    let export_period = Period { from: NaiveDate::from_ymd_opt(2024, 1, 1).context("date")?, to };
    let options = ExportOptions {
        office: OfficeId::parse(OFFICE)?,
        period: export_period,
        out: out.clone(),
        csv: false,
        unmask: false,
        operator: String::new(),
    };
    reset_peak_memory();
    let cpu_before = cpu_time();
    let started = Instant::now();
    let exported = export_ledger(&ctx, &options).await?;
    let export = started.elapsed();
    let export_cpu = cpu_time().zip(cpu_before).map(|(after, before)| after.saturating_sub(before));
    let export_peak_kib = peak_memory_kib();

    let started = Instant::now();
    let mut conn = ctx.db.acquire().await?;
    let yesterday = today.pred_opt().unwrap_or(today);
    let supervisor = OfficeId::parse(SUPERVISOR)?;
    let built = digest::build(
        &mut conn.conn(),
        &ctx.deployment,
        &supervisor,
        Kind::Daily,
        Period { from: yesterday, to: yesterday },
        today,
    )
    .await?;
    let digest = started.elapsed();
    let digest_png = dir.join("bench-digest.png");
    if let Some(png) = &built.chart_png {
        std::fs::write(&digest_png, png)?;
    }
    let postgres = match postgres {
        Some(server) => Some(
            crate::ledger_postgres::run(&path, server, (all, year), export_period, today)
                .await
                .map_err(|e| format!("{e:#}")),
        ),
        None => None,
    };
    Ok(BenchReport {
        cases,
        generate,
        database_bytes,
        summary_all_time,
        summary_all_time_cases: all_cases.all.cases,
        summary_one_year,
        summary_one_year_cases: year_cases.all.cases,
        summary_plan,
        export_plan,
        export_rows: exported.cases,
        export,
        export_cpu,
        export_bytes: std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0),
        export_peak_kib,
        digest,
        digest_png,
        postgres,
    })
}

/// Either database's plan for `sql` (binding the office, the period and, if it reads it, today, as the
/// ledger's queries do), its steps or lines joined by "; ".
pub(crate) async fn plan(mut conn: Conn<'_>, sql: &str, period: Period, today: NaiveDate) -> anyhow::Result<String> {
    let (from, to, today) = (period.from.to_string(), period.to.to_string(), today.to_string());
    let reads_today = sql.contains("$4");
    let steps: Vec<String> = match &mut conn {
        Conn::Sqlite(c) => {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe(format!("EXPLAIN QUERY PLAN {sql}")))
                .bind(OFFICE)
                .bind(from)
                .bind(to);
            if reads_today {
                query = query.bind(today);
            }
            let rows: Vec<(i64, i64, i64, String)> = query.fetch_all(&mut **c).await?;
            rows.into_iter().map(|(_, _, _, detail)| detail).collect()
        }
        Conn::Postgres(c) => {
            let mut query =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("EXPLAIN {sql}"))).bind(OFFICE).bind(from).bind(to);
            if reads_today {
                query = query.bind(today);
            }
            let lines: Vec<String> = query.fetch_all(&mut **c).await?;
            lines.iter().map(|l| l.trim().to_owned()).collect()
        }
    };
    Ok(steps.join("; "))
}

/// The fastest of five summaries of the office, and its result, on either database.
pub(crate) async fn best_of(
    mut conn: Conn<'_>,
    period: Period,
    today: NaiveDate,
) -> anyhow::Result<(Duration, Summary)> {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..5 {
        let started = Instant::now();
        last = Some(summary(conn.reborrow(), OFFICE, Role::Owner, period, today).await?);
        best = best.min(started.elapsed());
    }
    Ok((best, last.context("no run")?))
}

/// Resets the process's peak resident set size (Linux: writing 5 to clear_refs).
fn reset_peak_memory() {
    if let Err(e) = std::fs::write("/proc/self/clear_refs", "5") {
        tracing::warn!(error = %e, "cannot reset the peak memory figure; it includes the generation");
    }
}

/// The process's user and system time so far (Linux: /proc/self/stat, in clock ticks of 1/100 s).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces) start at the state, field 3.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Generates `n` cases (complaint, filer, case with its ledger columns) with SQL in one
/// transaction: three labour offices (60/30/10 %), three years of submissions, every status.
pub async fn generate(db: &storage::Db, n: u64) -> anyhow::Result<()> {
    let mut tx = storage::begin_write(db).await?;
    for statement in GENERATE.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
        let sql = statement.replace("{N}", &n.to_string()).replace("{FIRST}", "1");
        storage::on_conn!(tx.conn(), c => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(c).await.map(|_| ()))
            .with_context(|| statement.to_owned())?;
    }
    tx.commit().await?;
    Ok(())
}

const GENERATE: &str = include_str!("ledger_generate.sql");

#[cfg(test)]
mod tests {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_benchmark_runs_on_a_small_database_and_reads_the_office_share() {
        let dir = std::env::temp_dir().join(format!("wagedesk-bench-test-{}", std::process::id()));
        // The PostgreSQL half too when the machine's server answers (it says why not otherwise).
        let server = std::env::var("WAGEDESK_TEST_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
        let report = super::run(&dir, 2_000, 300, Some(&server)).await.expect("the benchmark runs");
        if let Some(Ok(pg)) = &report.postgres {
            assert_eq!(pg.export_rows, report.export_rows, "{report}");
            assert!(pg.summary_plan.contains("ledger_totals"), "{report}");
            assert!(pg.export_plan.contains("cases_export"), "{report}");
        } else if std::env::var("WAGEDESK_TEST_POSTGRES").is_ok() {
            panic!("WAGEDESK_TEST_POSTGRES is set but the PostgreSQL half did not run: {report}");
        }
        // Every tenth case from 0 to 5 belongs to the office: 60 %.
        assert_eq!(report.summary_all_time_cases, 1_200);
        assert!(report.summary_one_year_cases > 0 && report.summary_one_year_cases < 1_200);
        assert!((300..330).contains(&report.export_rows), "{report}");
        assert!(report.summary_plan.contains("ledger_totals"), "{}", report.summary_plan);
        assert!(report.export_plan.contains("COVERING INDEX cases_export"), "{}", report.export_plan);
        assert!(!report.export_plan.contains("TEMP B-TREE"), "{}", report.export_plan);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
