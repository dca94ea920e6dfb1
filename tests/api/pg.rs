//! A PostgreSQL database of a test's own on the local server, dropped when the test ends.
//!
//! The server is `WAGEDESK_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/postgres`, the
//! machine's own). When it is not set and nothing answers there, a test that needs PostgreSQL says
//! "skipped" and passes, so the suite runs on a machine with only the Rust toolchain; `.ci/run` sets it,
//! and then an unreachable server fails the test.

use sqlx::postgres::{PgPool, PgPoolOptions};
use wagedesk::storage::postgres::scratch::{LOCAL_SERVER, Scratch};

pub struct TestPg {
    /// The test's own database.
    pub url: String,
    _scratch: Scratch,
}

impl TestPg {
    /// A new, empty database, or `None` (after saying so) when no server answers and none was asked for.
    pub async fn create(test: &str) -> Option<TestPg> {
        let asked = std::env::var("WAGEDESK_TEST_POSTGRES").ok().filter(|s| !s.is_empty());
        let server = asked.clone().unwrap_or_else(|| LOCAL_SERVER.to_owned());
        match Scratch::create(&server, test).await {
            Ok(scratch) => Some(TestPg { url: scratch.url.clone(), _scratch: scratch }),
            // Not reachable (a server that answers but refuses the database is a failure).
            Err(e) if asked.is_none() && !matches!(e, sqlx::Error::Database(_)) => {
                println!(
                    "skipped: PostgreSQL not reachable at {server} ({e}); set WAGEDESK_TEST_POSTGRES to require it"
                );
                crate::helpers::record_skip("sqlite", "PostgreSQL not reachable");
                None
            }
            Err(e) => panic!("WAGEDESK_TEST_POSTGRES={server}: no test database: {e}"),
        }
    }

    pub async fn pool(&self) -> PgPool {
        PgPoolOptions::new().max_connections(4).connect(&self.url).await.expect("connecting to the test's database")
    }
}
