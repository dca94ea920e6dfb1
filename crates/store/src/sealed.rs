//! Every column that holds sealed values, listed once ([`SEALED`]), and what the key management does
//! with them: the start's key check samples them, `wagedesk keys status` counts their values per key,
//! and `wagedesk keys rotate` re-seals them in small batches while the bot runs. A new sealed column is
//! one line in the list.

use sqlx::AssertSqlSafe;
use wagedesk_core::crypto::{Vault, is_sealed, sealed_in_json};

use crate::conn::Conn;
use crate::on_conn;
use crate::{Db, begin_write};

/// How a column holds its sealed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The whole value is one sealed value (or NULL).
    Text,
    /// A JSON document with sealed values among its strings.
    Json,
}

/// A look-up hash kept beside a sealed value, computed from the value under the current key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hashed {
    pub column: &'static str,
    /// What `Vault::lookup_hash` is told the value is.
    pub kind: &'static str,
}

/// A sealed column: its table, the integer key its rows are walked by, the column and its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SealedColumn {
    pub table: &'static str,
    pub key: &'static str,
    pub column: &'static str,
    pub shape: Shape,
    pub hash: Option<Hashed>,
}

impl SealedColumn {
    pub const fn text(table: &'static str, key: &'static str, column: &'static str) -> SealedColumn {
        SealedColumn { table, key, column, shape: Shape::Text, hash: None }
    }

    pub const fn json(table: &'static str, key: &'static str, column: &'static str) -> SealedColumn {
        SealedColumn { table, key, column, shape: Shape::Json, hash: None }
    }

    /// With the look-up hash kept in `column`.
    pub const fn hashed(self, column: &'static str, kind: &'static str) -> SealedColumn {
        SealedColumn { hash: Some(Hashed { column, kind }), ..self }
    }

    pub fn name(&self) -> String {
        format!("{}.{}", self.table, self.column)
    }
}

/// Every sealed column of the database (`rowid` walks a table whose key is not one integer).
pub const SEALED: &[SealedColumn] = &[
    SealedColumn::text("inbox", "seq", "payload"),
    SealedColumn::text("claimants", "id", "phone_sealed").hashed("phone_hash", "phone"),
    SealedColumn::text("claimants", "id", "id_sealed").hashed("id_hash", "id"),
    SealedColumn::text("relay_pending", "rowid", "text"),
    SealedColumn::text("followups", "id", "words"),
    SealedColumn::text("evidence", "id", "file_key"),
    SealedColumn::text("evidence", "id", "note"),
    // Sealed whole, with sealed numbers inside (a draft): both layers are re-sealed.
    SealedColumn::json("dialogues", "chat_id", "state"),
    SealedColumn::json("relay_pending", "rowid", "evidence"),
    SealedColumn::text("outbox", "id", "payload"),
    SealedColumn::text("outbox", "id", "payload_after_send"),
    SealedColumn::text("claimants", "id", "name"),
    SealedColumn::text("claimants", "id", "description"),
    SealedColumn::text("complaints", "id", "description"),
    SealedColumn::json("timeline", "id", "args"),
    SealedColumn::json("notifications", "id", "args"),
    SealedColumn::text("webhook_secret", "id", "secret"),
    // The web channel: a web chat's messages, and what the last intake turn said to a session.
    SealedColumn::text("web_mail", "id", "payload"),
    SealedColumn::text("web_sessions", "id", "page"),
];

/// SQL that keeps a text column's sealed values: rows stored in clear before the column was sealed,
/// and values blanked by an erasure, are no key's.
fn sealed_only(col: &str) -> String {
    format!("({col} LIKE 'v1.%' OR {col} LIKE 'v2.%')")
}

/// Sealed values to test a keyring against.
#[derive(Debug, Default)]
pub struct Samples {
    /// From the sealed columns: one value per column and key id. Each must open.
    pub columns: Vec<String>,
    /// Strings shaped like sealed values inside JSON documents: a worker may have typed one, so it is
    /// enough that one of them opens.
    pub documents: Vec<String>,
}

impl Samples {
    pub fn is_empty(&self) -> bool {
        self.columns.is_empty() && self.documents.is_empty()
    }
}

/// One value per sealed column and key id, and a few sealed strings of the JSON columns.
pub async fn samples(db: &Db) -> Result<Samples, sqlx::Error> {
    let mut out = Samples::default();
    let mut conn = db.acquire().await?;
    for c in SEALED {
        let (t, col) = (c.table, c.column);
        let only = sealed_only(col);
        match c.shape {
            Shape::Text => {
                let sql = format!(
                    "SELECT MIN({col}) FROM {t} WHERE {only}
                     GROUP BY substr({col}, 1, CASE WHEN {col} LIKE 'v2.%' THEN 11 ELSE 3 END)"
                );
                let found: Vec<String> =
                    on_conn!(conn.conn(), c => sqlx::query_scalar(AssertSqlSafe(sql)).fetch_all(c).await)?;
                out.columns.extend(found);
            }
            Shape::Json => {
                let sql = format!("SELECT {col} FROM {t} WHERE {col} LIKE '%\"v1.%' OR {col} LIKE '%\"v2.%' LIMIT 20");
                let docs: Vec<String> =
                    on_conn!(conn.conn(), c => sqlx::query_scalar(AssertSqlSafe(sql)).fetch_all(c).await)?;
                out.documents.extend(docs.iter().flat_map(|d| sealed_in_json(d)));
                // A document sealed whole (a dialogue) is a sealed value itself.
                let sql = format!("SELECT MIN({col}) FROM {t} WHERE {only} GROUP BY substr({col}, 1, 11)");
                let whole: Vec<String> =
                    on_conn!(conn.conn(), c => sqlx::query_scalar(AssertSqlSafe(sql)).fetch_all(c).await)?;
                out.columns.extend(whole);
            }
        }
    }
    Ok(out)
}

/// How many values of one column a key id sealed (`""`: the first format, without an id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KidCount {
    pub column: String,
    pub kid: String,
    pub values: i64,
}

/// Every sealed value counted by column and key id. The strings of JSON documents are counted by
/// their shape: a worker's words shaped like a sealed value would count too.
pub async fn count_by_kid(db: &Db) -> Result<Vec<KidCount>, sqlx::Error> {
    let mut out = Vec::new();
    let mut conn = db.acquire().await?;
    for c in SEALED {
        let (t, col) = (c.table, c.column);
        let only = sealed_only(col);
        let mut counts: std::collections::BTreeMap<String, i64> = Default::default();
        match c.shape {
            Shape::Text => {
                let sql = format!(
                    "SELECT CASE WHEN {col} LIKE 'v2.%' THEN substr({col}, 4, 8) ELSE '' END AS kid, COUNT(*)
                     FROM {t} WHERE {only} GROUP BY kid"
                );
                let rows: Vec<(String, i64)> =
                    on_conn!(conn.conn(), c => sqlx::query_as(AssertSqlSafe(sql)).fetch_all(c).await)?;
                counts.extend(rows);
            }
            Shape::Json => {
                let mut after = i64::MIN;
                loop {
                    let sql = format!(
                        "SELECT {key}, {col} FROM {t} WHERE {key} > $1 AND {col} IS NOT NULL ORDER BY {key} LIMIT 500",
                        key = c.key
                    );
                    let rows: Vec<(i64, String)> =
                        on_conn!(conn.conn(), c => sqlx::query_as(AssertSqlSafe(sql)).bind(after).fetch_all(c).await)?;
                    let Some((last, _)) = rows.last() else { break };
                    after = *last;
                    for (_, doc) in &rows {
                        if is_sealed(doc) {
                            *counts.entry(Vault::kid_of(doc).unwrap_or_default().to_owned()).or_default() += 1;
                        }
                        for s in sealed_in_json(doc) {
                            *counts.entry(Vault::kid_of(&s).unwrap_or_default().to_owned()).or_default() += 1;
                        }
                    }
                }
            }
        }
        out.extend(counts.into_iter().map(|(kid, values)| KidCount { column: c.name(), kid, values }));
    }
    Ok(out)
}

/// What one batch of a rotation did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Batch {
    /// The key to go on after, or `None` at the end of the table.
    pub next: Option<i64>,
    /// Values now sealed (and hashes computed) under the current key.
    pub resealed: usize,
    /// Strings of JSON documents shaped like sealed values that no key opens (left as they are).
    pub unreadable: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ResealError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("{column} of row {key} does not open with any key of the keyring: {source}")]
    Unreadable { column: String, key: i64, source: wagedesk_core::crypto::VaultError },
}

/// Re-seals under the vault's current key up to `limit` rows of `c` after key `after`, in one short
/// write transaction (the bot's writes wait for it at most that long). Recomputes the look-up hash of
/// a hashed column.
pub async fn reseal_batch(
    db: &Db,
    vault: &Vault,
    c: &SealedColumn,
    after: i64,
    limit: i64,
) -> Result<Batch, ResealError> {
    let mut tx = begin_write(db).await?;
    let batch = reseal_rows(&mut tx, vault, c, after, limit).await?;
    tx.commit().await?;
    Ok(batch)
}

async fn reseal_rows<'c>(
    conn: impl Into<Conn<'c>>,
    vault: &Vault,
    c: &SealedColumn,
    after: i64,
    limit: i64,
) -> Result<Batch, ResealError> {
    let mut conn: Conn<'c> = conn.into();
    let (t, key, col) = (c.table, c.key, c.column);
    let hash_col = c.hash.map_or("NULL", |h| h.column);
    let sql = format!(
        "SELECT {key}, {col}, {hash_col} FROM {t} WHERE {key} > $1 AND {col} IS NOT NULL ORDER BY {key} LIMIT $2"
    );
    let rows: Vec<(i64, String, Option<String>)> =
        on_conn!(conn.reborrow(), c => sqlx::query_as(AssertSqlSafe(sql)).bind(after).bind(limit).fetch_all(c).await)?;
    let mut batch = Batch::default();
    let unreadable = |key: i64, source| ResealError::Unreadable { column: c.name(), key, source };
    for (id, value, stored_hash) in &rows {
        let (id, value) = (*id, value.clone());
        let update = match (c.shape, c.hash) {
            (Shape::Json, _) if is_sealed(&value) => {
                // Sealed whole, with sealed values inside: both layers under the current key.
                let plain = vault.open(&value).map_err(|e| unreadable(id, e))?;
                let inner = vault.reseal_json(&plain).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                batch.unreadable += inner.unreadable;
                batch.resealed += inner.resealed;
                let outer_current = Vault::kid_of(&value) == Some(vault.current_kid().as_str());
                if outer_current && inner.text.is_none() {
                    None
                } else {
                    batch.resealed += usize::from(!outer_current);
                    Some((vault.seal(&inner.text.unwrap_or(plain)), None))
                }
            }
            (Shape::Json, _) => {
                let out = vault.reseal_json(&value).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                batch.unreadable += out.unreadable;
                batch.resealed += out.resealed;
                out.text.map(|text| (text, None))
            }
            // In clear from before the column was sealed, or blanked by an erasure: nothing to re-seal.
            (Shape::Text, _) if !is_sealed(&value) => None,
            (Shape::Text, None) => {
                let resealed = vault.reseal(&value).map_err(|e| unreadable(id, e))?;
                batch.resealed += usize::from(resealed.is_some());
                resealed.map(|text| (text, None))
            }
            (Shape::Text, Some(h)) => {
                let plain = vault.open(&value).map_err(|e| unreadable(id, e))?;
                let hash = vault.lookup_hash(h.kind, &plain);
                let current = Vault::kid_of(&value) == Some(vault.current_kid().as_str());
                if current && stored_hash.as_deref() == Some(hash.as_str()) {
                    None
                } else {
                    batch.resealed += 1;
                    Some((if current { value.clone() } else { vault.seal(&plain) }, Some((h.column, hash))))
                }
            }
        };
        if let Some((text, hash)) = update {
            let sql = match hash {
                Some((hash_col, _)) => format!("UPDATE {t} SET {col} = $1, {hash_col} = $3 WHERE {key} = $2"),
                None => format!("UPDATE {t} SET {col} = $1 WHERE {key} = $2"),
            };
            on_conn!(conn.reborrow(), c => {
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(text).bind(id);
                if let Some((_, hash)) = hash {
                    q = q.bind(hash);
                }
                q.execute(c).await.map(|r| r.rows_affected())
            })?;
        }
    }
    batch.next = match rows.last() {
        Some((key, _, _)) if rows.len() as i64 == limit => Some(*key),
        _ => None,
    };
    Ok(batch)
}

/// A running bot and the keys it holds.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Holder {
    pub holder: String,
    pub current_kid: String,
    /// Space-separated, current first.
    pub kids: String,
}

/// A running bot says which keys it holds (at start, after a reload and every few seconds).
pub async fn holder_seen(db: &Db, holder: &str, current_kid: &str, kids: &str) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let sql = format!(
        "INSERT INTO key_holders (holder, current_kid, kids, seen_at) VALUES ($1, $2, $3, {})
         ON CONFLICT (holder) DO UPDATE SET current_kid = excluded.current_kid, kids = excluded.kids,
             seen_at = excluded.seen_at",
        db.dialect().unix_now()
    );
    on_conn!(tx.conn(), c =>
        sqlx::query(AssertSqlSafe(sql)).bind(holder).bind(current_kid).bind(kids).execute(c).await.map(|r| r.rows_affected()))?;
    tx.commit().await
}

/// A bot that stops says so.
pub async fn holder_gone(db: &Db, holder: &str) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(db).await?;
    on_conn!(tx.conn(), c =>
        sqlx::query("DELETE FROM key_holders WHERE holder = $1").bind(holder).execute(c).await.map(|r| r.rows_affected()))?;
    tx.commit().await
}

/// The bots seen within the last `secs` seconds (a killed bot's row ages out).
pub async fn live_holders(db: &Db, secs: i64) -> Result<Vec<Holder>, sqlx::Error> {
    let sql = format!(
        "SELECT holder, current_kid, kids FROM key_holders WHERE seen_at >= {} - $1 ORDER BY holder",
        db.dialect().unix_now()
    );
    on_conn!(db.acquire().await?.conn(), c => sqlx::query_as(AssertSqlSafe(sql))
    .bind(secs)
    .fetch_all(c)
    .await)
}
