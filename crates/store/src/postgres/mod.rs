//! PostgreSQL: the schema (`migrations/postgres/`, the same tables and triggers as SQLite's) and
//! connecting to it. The store's functions take a [`crate::conn::Conn`] of either database; a
//! deployment's data moves here with `wagedesk migrate-store` (see [`crate::migrate_store`]).

pub mod scratch;

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

/// The PostgreSQL schema's migrations, built into the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// Is `url` a PostgreSQL address (`postgres://…` or `postgresql://…`)?
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// `url` without its password, for messages and logs.
pub fn redacted(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else { return url.to_owned() };
    let rest = &url[scheme_end + 3..];
    // The last '@' before the query: a password may hold '/' or '@' unencoded.
    let before_query = rest.find('?').unwrap_or(rest.len());
    match rest[..before_query].rfind('@') {
        Some(at) => {
            let user = rest[..at].split(':').next().unwrap_or("");
            format!("{}{user}:***@{}", &url[..scheme_end + 3], &rest[at + 1..])
        }
        None => url.to_owned(),
    }
}

/// Connects to the database at `url` and brings its schema up to date.
pub async fn open(url: &str, schema: crate::Schema) -> Result<PgPool, sqlx::Error> {
    // Named for the server's activity view, unless the URL names it (one name per replica, say).
    let mut options = PgConnectOptions::from_str(url)?;
    if options.get_application_name().is_none() {
        options = options.application_name("wagedesk");
    }
    // Each handled update holds a connection for its transaction (SQLite's share one writer): a few more
    // than SQLite's four, well under a server's usual 100 with several replicas.
    let pool =
        PgPoolOptions::new().max_connections(8).acquire_timeout(Duration::from_secs(30)).connect_with(options).await?;
    if schema == crate::Schema::Migrate {
        MIGRATOR.run(&pool).await?;
    }
    // Nothing is revealed before it is on disk (`crate::durable`): on PostgreSQL that is the COMMIT
    // itself, unless the server lets commits return before their WAL is flushed.
    let sync: String = sqlx::query_scalar("SHOW synchronous_commit").fetch_one(&pool).await?;
    if sync == "off" {
        pool.close().await;
        return Err(sqlx::Error::Configuration(
            "synchronous_commit is off on this PostgreSQL server: a commit could be lost after its reply was sent; set it to on (the default)".into(),
        ));
    }
    Ok(pool)
}

/// The tables of the schema, without sqlx's own.
pub async fn tables(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_sqlx_migrations'
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
}

/// One column as PostgreSQL declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    /// `bigint`, `text`, `bytea`, `double precision`, …
    pub data_type: String,
    pub not_null: bool,
    /// An identity column (SQLite's AUTOINCREMENT id).
    pub identity: bool,
}

/// The columns of `table`, in declaration order.
pub async fn columns(pool: &PgPool, table: &str) -> Result<Vec<Column>, sqlx::Error> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text, is_nullable::text, is_identity::text
         FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
         ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, data_type, nullable, identity)| Column {
            name,
            data_type,
            not_null: nullable == "NO",
            identity: identity == "YES",
        })
        .collect())
}

/// The names of the indexes the schema declares (not those PostgreSQL makes for primary keys and
/// UNIQUE constraints, which SQLite names `sqlite_autoindex_…`).
pub async fn declared_indexes(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT i.indexname::text FROM pg_indexes i
         WHERE i.schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname
                           AND c.connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()))
         ORDER BY 1",
    )
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(
            redacted("postgres://wd:s3cret@db.example:5432/wagedesk"),
            "postgres://wd:***@db.example:5432/wagedesk"
        );
        assert_eq!(redacted("postgres://wd:p@ss@db/x"), "postgres://wd:***@db/x");
        assert_eq!(redacted("postgres://wd@db/x"), "postgres://wd:***@db/x");
        assert_eq!(redacted("postgres://db/x"), "postgres://db/x");
        assert_eq!(redacted("postgres://wd:a/b@db/x?sslmode=require"), "postgres://wd:***@db/x?sslmode=require");
    }
}
