//! A PostgreSQL database of a test's own on the local server, dropped when the test ends.
//!
//! The server is `WAGEDESK_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/postgres`, the
//! machine's own). When it is not set and nothing answers there, a test that needs PostgreSQL says
//! "skipped" and passes, so the suite runs on a machine with only the Rust toolchain; `.ci/run` sets it,
//! and then an unreachable server fails the test.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::Connection;
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions};

const DEFAULT_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct TestPg {
    /// The test's own database.
    pub url: String,
    name: String,
    server: String,
}

impl TestPg {
    /// A new, empty database, or `None` (after saying so) when no server answers and none was asked for.
    pub async fn create(test: &str) -> Option<TestPg> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let asked = std::env::var("WAGEDESK_TEST_POSTGRES").ok().filter(|s| !s.is_empty());
        let server = asked.clone().unwrap_or_else(|| DEFAULT_SERVER.to_owned());
        let mut admin = match PgConnection::connect(&server).await {
            Ok(conn) => conn,
            Err(e) if asked.is_none() => {
                println!(
                    "skipped: PostgreSQL not reachable at {server} ({e}); set WAGEDESK_TEST_POSTGRES to require it"
                );
                return None;
            }
            Err(e) => panic!("WAGEDESK_TEST_POSTGRES={server} does not answer: {e}"),
        };
        let name = format!("wagedesk_{test}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        // Sorted as a Chinese government database may sort text (ICU's "zh": pinyin, Chinese before
        // Latin, b before B), so a query that relies on byte order without asking for it fails here.
        let icu = format!("CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh'");
        if sqlx::query(sqlx::AssertSqlSafe(icu)).execute(&mut admin).await.is_err() {
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut admin)
                .await
                .expect("creating the test's database");
        }
        let _ = admin.close().await;
        let url = match server.rfind('/') {
            Some(slash) if server[..slash].contains("//") && slash > server.find("//").unwrap_or(0) + 1 => {
                let query = server[slash..].find('?').map_or("", |q| &server[slash + q..]);
                format!("{}/{name}{query}", &server[..slash])
            }
            _ => format!("{server}/{name}"),
        };
        Some(TestPg { url, name, server })
    }

    pub async fn pool(&self) -> PgPool {
        PgPoolOptions::new().max_connections(4).connect(&self.url).await.expect("connecting to the test's database")
    }
}

impl Drop for TestPg {
    /// Drops the database from a thread of its own: `Drop` cannot wait on the test's runtime.
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().ok()?;
            rt.block_on(async {
                let mut admin = PgConnection::connect(&server).await.ok()?;
                sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                    .execute(&mut admin)
                    .await
                    .ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(_))) {
            eprintln!("could not drop the test database {}", self.name);
        }
    }
}
