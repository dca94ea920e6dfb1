//! The ledger benchmark: `cargo bench --bench ledger`. Generates a database of
//! WAGEDESK_BENCH_CASES cases (default 1,000,000) under WAGEDESK_BENCH_DIR (default a new directory
//! under the system temp dir), then prints the office-summary time, the ~100k-row export's time and
//! peak memory, and the supervisor digest's time; then moves the database into PostgreSQL
//! (WAGEDESK_BENCH_POSTGRES, default the machine's server; "off" to skip) and reads the summary and the
//! export's rows there. With WAGEDESK_BENCH_REUSE set, a `bench.db` already in WAGEDESK_BENCH_DIR is
//! read again instead of generated. The measuring code is `wagedesk_bench::ledger` and `ledger_postgres`.

fn main() -> anyhow::Result<()> {
    let cases = std::env::var("WAGEDESK_BENCH_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let dir = std::env::var("WAGEDESK_BENCH_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join(format!("wagedesk-bench-ledger-{}", std::process::id())));
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    // The PostgreSQL half: WAGEDESK_BENCH_POSTGRES names the server (default this machine's), "off" skips it.
    let postgres = std::env::var("WAGEDESK_BENCH_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let postgres = (postgres != "off").then_some(postgres.as_str());
    let report = runtime.block_on(wagedesk_bench::ledger::run(&dir, cases, 100_000, postgres))?;
    println!("{report}");
    println!("(data in {})", dir.display());
    Ok(())
}
