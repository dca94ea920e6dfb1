//! The database side of backups: a consistent copy of the live file (`VACUUM INTO`), a read-only look
//! at a copy, and the evidence paths a restored copy must point at its new folder. SQLite only: a
//! PostgreSQL deployment is backed up with PostgreSQL's own tools.

use std::path::Path;
use std::str::FromStr;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection};

/// Writes a consistent copy of the database at `source` to `out`, which must be an empty file (made by
/// the caller with the mode it wants). `VACUUM INTO` reads one snapshot while the bot goes on writing,
/// and the copy has no free pages, so nothing an erasure blanked survives in it. No migration runs:
/// the running bot owns the schema.
pub async fn snapshot(source: &Path, out: &Path) -> Result<(), sqlx::Error> {
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", source.display()))?
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await?;
    sqlx::query("VACUUM INTO $1").bind(out.display().to_string()).execute(&mut conn).await?;
    conn.close().await
}

/// Opens a copy without changing it: read-only and immutable, so SQLite makes no -wal or -shm file
/// beside it (a verified backup stays exactly what its manifest lists).
pub async fn open_copy(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(true)
        .immutable(true)
        .create_if_missing(false);
    SqlitePoolOptions::new().max_connections(1).connect_with(options).await
}

/// `PRAGMA integrity_check`'s first line: `ok` for a sound file.
pub async fn integrity(db: &SqlitePool) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("PRAGMA integrity_check").fetch_one(db).await
}

/// The newest migration applied to the database, if any.
pub async fn schema_version(db: &SqlitePool) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(db).await
}

/// Evidence files the database names (filed complaints' and those held for a case choice).
pub async fn evidence_paths(db: &SqlitePool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT stored_path FROM evidence WHERE stored_path IS NOT NULL
         UNION SELECT json_extract(evidence, '$.stored_path') FROM relay_pending
             WHERE json_valid(evidence) AND json_extract(evidence, '$.stored_path') IS NOT NULL",
    )
    .fetch_all(db)
    .await
}

/// Points every stored evidence path at `to` (the restored evidence folder), keeping each file's name.
/// Drafts, sealed whole, keep their old paths, on purpose: a restore runs without the key (it is not in
/// the backup), so it cannot open them, and no change of schema is needed either, because every reader
/// and every deletion resolves a path by its file name in its own evidence folder (a deletion never goes
/// where an old path points, which on a drill beside the bot is the live deployment's folder).
pub async fn move_evidence(db: &SqlitePool, to: &Path) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, stored_path FROM evidence WHERE stored_path IS NOT NULL")
        .fetch_all(&mut *tx)
        .await?;
    let mut moved = 0;
    for (id, path) in rows {
        let Some(name) = Path::new(&path).file_name() else { continue };
        sqlx::query("UPDATE evidence SET stored_path = $1 WHERE id = $2")
            .bind(to.join(name).display().to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        moved += 1;
    }
    let held: Vec<(i64, String)> = sqlx::query_as(
        "SELECT rowid, json_extract(evidence, '$.stored_path') FROM relay_pending
         WHERE json_valid(evidence) AND json_extract(evidence, '$.stored_path') IS NOT NULL",
    )
    .fetch_all(&mut *tx)
    .await?;
    for (rowid, path) in held {
        let Some(name) = Path::new(&path).file_name() else { continue };
        sqlx::query("UPDATE relay_pending SET evidence = json_set(evidence, '$.stored_path', $1) WHERE rowid = $2")
            .bind(to.join(name).display().to_string())
            .bind(rowid)
            .execute(&mut *tx)
            .await?;
        moved += 1;
    }
    tx.commit().await?;
    Ok(moved)
}
