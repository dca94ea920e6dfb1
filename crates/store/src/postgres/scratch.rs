//! Databases of a test's own on a PostgreSQL server: made empty, sorting text as a Chinese government
//! database may (ICU's "zh", where the server has ICU), and dropped when done.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::{Connection, PgConnection};

/// The machine's own server (trust authentication), for tests.
pub const LOCAL_SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Names start so; the process id follows, so a later run can tell a dead run's leftovers.
const PREFIX: &str = "wagedesk_t_";

pub struct Scratch {
    /// The database's address.
    pub url: String,
    name: String,
    server: String,
}

impl Scratch {
    /// Makes a new, empty database on `server` (an address of any database there, for the admin
    /// connection). Databases an ended test process left behind (killed, or kept to its end) are
    /// dropped first.
    pub async fn create(server: &str, label: &str) -> Result<Scratch, sqlx::Error> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut admin = PgConnection::connect(server).await?;
        sweep(&mut admin).await;
        let label: String = label.chars().filter(char::is_ascii_alphanumeric).take(20).collect();
        let name = format!("{PREFIX}{}_{}_{label}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        // Sorted as a Chinese government database may sort text (ICU's "zh": pinyin, Chinese before
        // Latin, b before B), so a query that relies on byte order without asking for it fails here.
        let icu = format!("CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh'");
        if sqlx::query(sqlx::AssertSqlSafe(icu)).execute(&mut admin).await.is_err() {
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
        }
        let _ = admin.close().await;
        Ok(Scratch { url: with_database(server, &name), name, server: server.to_owned() })
    }

    /// Keeps the database after this value is gone: a later run's sweep drops it, once this process
    /// has ended.
    pub fn keep(self) -> String {
        let url = self.url.clone();
        std::mem::forget(self);
        url
    }
}

/// `server` with its database name replaced by `name`.
fn with_database(server: &str, name: &str) -> String {
    let host_start = server.find("//").map_or(0, |i| i + 2);
    match server[host_start..].find('/') {
        Some(slash) => {
            let slash = host_start + slash;
            let query = server[slash..].find('?').map_or("", |q| &server[slash + q..]);
            format!("{}/{name}{query}", &server[..slash])
        }
        None => format!("{server}/{name}"),
    }
}

/// Drops the databases of test processes that are no longer running (Linux: by `/proc`).
async fn sweep(admin: &mut PgConnection) {
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname::text FROM pg_database WHERE datname LIKE 'wagedesk\\_t\\_%'")
            .fetch_all(&mut *admin)
            .await
            .unwrap_or_default();
    for name in names {
        let pid = name[PREFIX.len()..].split('_').next().unwrap_or("");
        if pid.parse::<u32>().is_ok() && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            let _ = sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&mut *admin).await;
        }
    }
}

impl Drop for Scratch {
    /// Drops the database from a thread of its own: `Drop` cannot wait on the caller's runtime.
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
            tracing::warn!(database = %self.name, "could not drop the scratch database");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn the_database_name_is_replaced_and_the_options_kept() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "x"), "postgres://u@h:5432/x");
        assert_eq!(with_database("postgres://u@h/postgres?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
