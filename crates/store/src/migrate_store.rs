//! `wagedesk migrate-store`: moves a deployment's SQLite database into an empty PostgreSQL database and
//! proves the copy equal.
//!
//! The source is read in one read transaction (a consistent snapshot, while a bot may go on writing;
//! the report says if it did). The target gets its schema from `migrations/postgres/` and every row in
//! one transaction, ids kept, with the tables' own triggers off while rows arrive: the ledger's totals,
//! the cases' claimed amounts and workers arrive as SQLite computed them instead of being counted a
//! second time. Identity sequences then continue after SQLite's highest id ever handed out.
//!
//! Equality is checked, not assumed: each table's rows are read back from PostgreSQL in key order
//! and hashed (SHA-256 over a typed encoding of every value) as the source's were on the way out.
//! The same check runs on its own (`--verify`) against a target copied earlier.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::str::FromStr;

use futures_util::TryStreamExt;
use sha2::{Digest, Sha256};
use sqlx::postgres::{PgPool, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow};
use sqlx::{ConnectOptions, QueryBuilder, Row, TypeInfo, ValueRef};

use crate::postgres;

/// Rows per INSERT: PostgreSQL takes at most 65,535 parameters a statement.
const PARAMETERS_PER_INSERT: usize = 60_000;

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("no SQLite database at {0}")]
    NoSource(String),
    #[error(
        "the SQLite database lacks migrations {0:?} that this wagedesk expects: start this version's \
         `wagedesk run` on it once (it migrates at start), then copy"
    )]
    SourceBehind(Vec<i64>),
    #[error("the PostgreSQL database already holds data (table {0}): migrate-store fills an empty database only")]
    TargetNotEmpty(String),
    #[error("the two schemas differ, so nothing was copied:\n  {}", .0.join("\n  "))]
    Schemas(Vec<String>),
    #[error("{table}, row {row}: column {column} holds {found} where PostgreSQL expects {expected}")]
    Value { table: String, row: u64, column: String, found: &'static str, expected: String },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// One table: its rows and checksums on both sides.
#[derive(Debug, Clone)]
pub struct TableCheck {
    pub table: String,
    pub source_rows: u64,
    pub target_rows: u64,
    pub source_sum: String,
    pub target_sum: String,
}

impl TableCheck {
    fn of(table: &Table, (source_rows, source_sum): (u64, String), (target_rows, target_sum): (u64, String)) -> Self {
        TableCheck { table: table.name.clone(), source_rows, target_rows, source_sum, target_sum }
    }

    pub fn equal(&self) -> bool {
        self.source_rows == self.target_rows && self.source_sum == self.target_sum
    }
}

/// What a copy or a verification found.
#[derive(Debug, Clone)]
pub struct Report {
    pub tables: Vec<TableCheck>,
    /// Another connection committed to the SQLite file while it was read: the copy is of a snapshot
    /// taken at the start, and the source has moved on since.
    pub source_changed: bool,
}

impl Report {
    /// Every table equal in rows and checksum.
    pub fn equal(&self) -> bool {
        self.tables.iter().all(TableCheck::equal)
    }

    pub fn rows(&self) -> u64 {
        self.tables.iter().map(|t| t.source_rows).sum()
    }
}

/// Copies the SQLite database at `source` into the empty PostgreSQL database `target` (its schema made
/// first), then verifies every table.
pub async fn copy(source: &Path, target: &PgPool) -> Result<Report, MigrateError> {
    let mut sqlite = open_source(source).await?;
    postgres::MIGRATOR.run(target).await.map_err(sqlx::Error::from)?;
    let tables = matched_tables(&mut sqlite, target).await?;
    for t in &tables {
        let holds: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT EXISTS (SELECT 1 FROM {})", t.name)))
            .fetch_one(target)
            .await?;
        if holds {
            return Err(MigrateError::TargetNotEmpty(t.name.clone()));
        }
    }

    let before = data_version(&mut sqlite).await?;
    sqlx::query("BEGIN").execute(&mut sqlite).await?;
    let mut pg = target.begin().await?;
    // Owner's right, no superuser needed; undone by the COMMIT below, or by the rollback of a failure.
    for t in &tables {
        sqlx::query(sqlx::AssertSqlSafe(format!("ALTER TABLE {} DISABLE TRIGGER USER", t.name)))
            .execute(&mut *pg)
            .await?;
    }
    let mut sums = Vec::with_capacity(tables.len());
    for t in &tables {
        sums.push(copy_table(&mut sqlite, &mut pg, t).await?);
    }
    for t in &tables {
        sqlx::query(sqlx::AssertSqlSafe(format!("ALTER TABLE {} ENABLE TRIGGER USER", t.name)))
            .execute(&mut *pg)
            .await?;
        continue_identity(&mut sqlite, &mut pg, t).await?;
    }
    pg.commit().await?;
    sqlx::query("COMMIT").execute(&mut sqlite).await?;
    let source_changed = data_version(&mut sqlite).await? != before;

    let mut checks = Vec::new();
    for (t, source) in tables.iter().zip(sums) {
        checks.push(TableCheck::of(t, source, target_sum(target, t).await?));
    }
    Ok(Report { tables: checks, source_changed })
}

/// Compares every table of the SQLite database at `source` with the PostgreSQL database `target`,
/// changing neither.
pub async fn verify(source: &Path, target: &PgPool) -> Result<Report, MigrateError> {
    let mut sqlite = open_source(source).await?;
    let tables = matched_tables(&mut sqlite, target).await?;
    let before = data_version(&mut sqlite).await?;
    sqlx::query("BEGIN").execute(&mut sqlite).await?;
    let mut checks = Vec::new();
    for t in &tables {
        checks.push(TableCheck::of(t, source_sum(&mut sqlite, t).await?, target_sum(target, t).await?));
    }
    sqlx::query("COMMIT").execute(&mut sqlite).await?;
    let source_changed = data_version(&mut sqlite).await? != before;
    Ok(Report { tables: checks, source_changed })
}

/// The differences between the SQLite database's schema and PostgreSQL's: tables, columns (name,
/// order, nullability, kind of value) and declared indexes. Empty when they agree.
pub async fn schema_differences(source: &Path, target: &PgPool) -> Result<Vec<String>, MigrateError> {
    let mut sqlite = open_source(source).await?;
    Ok(compare_schemas(&mut sqlite, target).await?.1)
}

async fn open_source(path: &Path) -> Result<SqliteConnection, MigrateError> {
    if !path.is_file() {
        return Err(MigrateError::NoSource(path.display().to_string()));
    }
    // Read-only: a running bot keeps the file, its WAL and its shared memory as they are.
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await?;
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success").fetch_all(&mut conn).await?;
    let missing: Vec<i64> = crate::MIGRATOR.iter().map(|m| m.version).filter(|v| !applied.contains(v)).collect();
    if !missing.is_empty() {
        return Err(MigrateError::SourceBehind(missing));
    }
    Ok(conn)
}

/// Counts commits by other connections (`PRAGMA data_version`).
async fn data_version(sqlite: &mut SqliteConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("PRAGMA data_version").fetch_one(sqlite).await
}

/// A table both databases have, with its columns as each declares them.
#[derive(Debug)]
struct Table {
    name: String,
    /// SQLite's column names, in its order.
    columns: Vec<String>,
    /// PostgreSQL's type of each of those columns.
    pg_types: Vec<String>,
    /// The primary key's columns (every column for a table without one): the order rows are read in.
    key: Vec<String>,
    /// PostgreSQL's identity column, if the table has one.
    identity: Option<String>,
}

impl Table {
    fn list(&self) -> String {
        self.columns.join(", ")
    }

    /// Rows in key order. SQLite's BINARY collation compares bytes, so does PostgreSQL's "C"; NULLs
    /// come first in SQLite.
    fn select_sqlite(&self) -> String {
        format!("SELECT {} FROM {} ORDER BY {}", self.list(), self.name, self.key.join(", "))
    }

    fn select_postgres(&self) -> String {
        let order: Vec<String> = self
            .key
            .iter()
            .map(|k| {
                let text = self.pg_type(k) == Some("text");
                format!("{k}{} NULLS FIRST", if text { " COLLATE \"C\"" } else { "" })
            })
            .collect();
        format!("SELECT {} FROM {} ORDER BY {}", self.list(), self.name, order.join(", "))
    }

    fn pg_type(&self, column: &str) -> Option<&str> {
        self.columns.iter().position(|c| c == column).map(|i| self.pg_types[i].as_str())
    }
}

/// The tables to copy, parents before children (foreign keys), or the schemas' differences.
async fn matched_tables(sqlite: &mut SqliteConnection, target: &PgPool) -> Result<Vec<Table>, MigrateError> {
    let (tables, differences) = compare_schemas(sqlite, target).await?;
    if !differences.is_empty() {
        return Err(MigrateError::Schemas(differences));
    }
    Ok(tables)
}

async fn compare_schemas(
    sqlite: &mut SqliteConnection,
    target: &PgPool,
) -> Result<(Vec<Table>, Vec<String>), MigrateError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
           AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut *sqlite)
    .await?;
    let pg_tables: BTreeSet<String> = postgres::tables(target).await?.into_iter().collect();
    let mut differences = Vec::new();
    for missing in pg_tables.iter().filter(|t| !names.contains(t)) {
        differences.push(format!("table {missing} is in PostgreSQL only"));
    }
    let mut tables = Vec::new();
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in &names {
        if !pg_tables.contains(name) {
            differences.push(format!("table {name} is in SQLite only"));
            continue;
        }
        let cols: Vec<(String, String, i64, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1) ORDER BY cid")
                .bind(name)
                .fetch_all(&mut *sqlite)
                .await?;
        let mut pg_cols = postgres::columns(target, name).await?;
        // SQLite's implicit rowid, explicit in PostgreSQL (migration 0002): not part of SQLite's schema.
        pg_cols.retain(|c| c.name != "rowid");
        let sqlite_names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
        let pg_names: Vec<&str> = pg_cols.iter().map(|c| c.name.as_str()).collect();
        if sqlite_names != pg_names {
            differences.push(format!(
                "{name}: columns ({}) in SQLite, ({}) in PostgreSQL",
                sqlite_names.join(", "),
                pg_names.join(", ")
            ));
            continue;
        }
        for ((col, kind, not_null, pk), pg) in cols.iter().zip(&pg_cols) {
            let expected = match kind.to_ascii_uppercase().as_str() {
                "INTEGER" => "bigint",
                "TEXT" => "text",
                "BLOB" => "bytea",
                "REAL" => "double precision",
                _ => "",
            };
            if pg.data_type != expected {
                differences.push(format!("{name}.{col}: {kind} in SQLite, {} in PostgreSQL", pg.data_type));
            }
            // SQLite lets an INTEGER PRIMARY KEY be declared without NOT NULL; it is never NULL.
            if (*not_null != 0 || *pk > 0) != pg.not_null {
                differences.push(format!("{name}.{col}: NOT NULL differs"));
            }
        }
        let mut key: Vec<(i64, String)> = cols.iter().filter(|c| c.3 > 0).map(|c| (c.3, c.0.clone())).collect();
        key.sort();
        let key = if key.is_empty() {
            cols.iter().map(|c| c.0.clone()).collect()
        } else {
            key.into_iter().map(|k| k.1).collect()
        };
        let refs: Vec<String> = sqlx::query_scalar("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)")
            .bind(name)
            .fetch_all(&mut *sqlite)
            .await?;
        parents.insert(name.clone(), refs.into_iter().filter(|r| r != name).collect());
        tables.push(Table {
            name: name.clone(),
            columns: cols.iter().map(|c| c.0.clone()).collect(),
            pg_types: pg_cols.iter().map(|c| c.data_type.clone()).collect(),
            key,
            identity: pg_cols.iter().find(|c| c.identity).map(|c| c.name.clone()),
        });
    }
    let sqlite_indexes: BTreeSet<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .fetch_all(&mut *sqlite)
            .await?
            .into_iter()
            .collect();
    let pg_indexes: BTreeSet<String> = postgres::declared_indexes(target).await?.into_iter().collect();
    for i in sqlite_indexes.symmetric_difference(&pg_indexes) {
        let side = if sqlite_indexes.contains(i) { "SQLite" } else { "PostgreSQL" };
        differences.push(format!("index {i} is in {side} only"));
    }
    Ok((in_dependency_order(tables, &parents), differences))
}

/// Parents first; ties by name, so the order is the same every run.
fn in_dependency_order(mut tables: Vec<Table>, parents: &BTreeMap<String, BTreeSet<String>>) -> Vec<Table> {
    let mut done: BTreeSet<String> = BTreeSet::new();
    let mut ordered = Vec::with_capacity(tables.len());
    while !tables.is_empty() {
        let ready = tables
            .iter()
            .position(|t| parents.get(&t.name).is_none_or(|p| p.iter().all(|p| done.contains(p))))
            // A cycle (none in the schema): take the rest as they come; the copy's foreign keys will say.
            .unwrap_or(0);
        let t = tables.remove(ready);
        done.insert(t.name.clone());
        ordered.push(t);
    }
    ordered
}

/// One value as SQLite stored it.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real number",
            Value::Text(_) => "text",
            Value::Blob(_) => "a blob",
        }
    }
}

fn sqlite_values(row: &SqliteRow, table: &Table) -> Result<Vec<Value>, sqlx::Error> {
    (0..table.columns.len())
        .map(|i| {
            let raw = row.try_get_raw(i)?;
            if raw.is_null() {
                return Ok(Value::Null);
            }
            // The value's own storage class, whatever the column declares.
            let class = raw.type_info().name().to_owned();
            Ok(match class.as_str() {
                "INTEGER" | "BOOLEAN" => Value::Int(row.try_get(i)?),
                "REAL" => Value::Real(row.try_get(i)?),
                "BLOB" => Value::Blob(row.try_get(i)?),
                _ => Value::Text(row.try_get(i)?),
            })
        })
        .collect()
}

fn postgres_values(row: &PgRow, table: &Table) -> Result<Vec<Value>, sqlx::Error> {
    table
        .pg_types
        .iter()
        .enumerate()
        .map(|(i, kind)| {
            Ok(match kind.as_str() {
                "bigint" => row.try_get::<Option<i64>, _>(i)?.map_or(Value::Null, Value::Int),
                "double precision" => row.try_get::<Option<f64>, _>(i)?.map_or(Value::Null, Value::Real),
                "bytea" => row.try_get::<Option<Vec<u8>>, _>(i)?.map_or(Value::Null, Value::Blob),
                _ => row.try_get::<Option<String>, _>(i)?.map_or(Value::Null, Value::Text),
            })
        })
        .collect()
}

/// SHA-256 over every row's values, each tagged with its kind and length, so `1` and `'1'`, or a
/// value split differently across columns, never hash alike.
#[derive(Default)]
struct RowHasher {
    hash: Sha256,
    rows: u64,
}

impl RowHasher {
    fn row(&mut self, values: &[Value]) {
        self.rows += 1;
        self.hash.update(b"R");
        for v in values {
            match v {
                Value::Null => self.hash.update(b"N"),
                Value::Int(i) => {
                    self.hash.update(b"I");
                    self.hash.update(i.to_le_bytes());
                }
                Value::Real(r) => {
                    self.hash.update(b"F");
                    self.hash.update(r.to_bits().to_le_bytes());
                }
                Value::Text(s) => {
                    self.hash.update(b"T");
                    self.hash.update((s.len() as u64).to_le_bytes());
                    self.hash.update(s.as_bytes());
                }
                Value::Blob(b) => {
                    self.hash.update(b"B");
                    self.hash.update((b.len() as u64).to_le_bytes());
                    self.hash.update(b);
                }
            }
        }
    }

    fn finish(self) -> (u64, String) {
        (self.rows, hex(&self.hash.finalize()))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Streams one table into PostgreSQL in multi-row INSERTs, hashing the rows on the way.
async fn copy_table(
    sqlite: &mut SqliteConnection,
    pg: &mut sqlx::PgConnection,
    table: &Table,
) -> Result<(u64, String), MigrateError> {
    let per_insert = (PARAMETERS_PER_INSERT / table.columns.len().max(1)).max(1);
    let mut sum = RowHasher::default();
    let mut batch: Vec<Vec<Value>> = Vec::with_capacity(per_insert);
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(table.select_sqlite())).fetch(&mut *sqlite);
    while let Some(row) = rows.try_next().await? {
        let values = sqlite_values(&row, table)?;
        check_kinds(table, sum.rows + 1, &values)?;
        sum.row(&values);
        batch.push(values);
        if batch.len() == per_insert {
            insert(pg, table, &batch).await?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        insert(pg, table, &batch).await?;
    }
    Ok(sum.finish())
}

/// Refuses a value PostgreSQL's column cannot hold as it is (SQLite's columns take any kind).
fn check_kinds(table: &Table, row: u64, values: &[Value]) -> Result<(), MigrateError> {
    for ((value, kind), column) in values.iter().zip(&table.pg_types).zip(&table.columns) {
        let fits = matches!(
            (value, kind.as_str()),
            (Value::Null, _)
                | (Value::Int(_), "bigint")
                | (Value::Real(_), "double precision")
                | (Value::Text(_), "text")
                | (Value::Blob(_), "bytea")
        );
        if !fits {
            return Err(MigrateError::Value {
                table: table.name.clone(),
                row,
                column: column.clone(),
                found: value.kind(),
                expected: kind.clone(),
            });
        }
    }
    Ok(())
}

async fn insert(pg: &mut sqlx::PgConnection, table: &Table, rows: &[Vec<Value>]) -> Result<(), sqlx::Error> {
    let mut q = QueryBuilder::<sqlx::Postgres>::new(format!("INSERT INTO {} ({}) ", table.name, table.list()));
    q.push_values(rows, |mut b, values| {
        for (value, kind) in values.iter().zip(&table.pg_types) {
            match (value, kind.as_str()) {
                (Value::Null, "bigint") => b.push_bind(None::<i64>),
                (Value::Null, "double precision") => b.push_bind(None::<f64>),
                (Value::Null, "bytea") => b.push_bind(None::<Vec<u8>>),
                (Value::Null, _) => b.push_bind(None::<String>),
                (Value::Int(i), _) => b.push_bind(*i),
                (Value::Real(r), _) => b.push_bind(*r),
                (Value::Text(s), _) => b.push_bind(s.clone()),
                (Value::Blob(v), _) => b.push_bind(v.clone()),
            };
        }
    });
    q.build().execute(pg).await?;
    Ok(())
}

/// Sets the table's identity sequence past the highest id SQLite ever handed out (AUTOINCREMENT
/// never reuses one, even after deletes).
async fn continue_identity(
    sqlite: &mut SqliteConnection,
    pg: &mut sqlx::PgConnection,
    table: &Table,
) -> Result<(), sqlx::Error> {
    let Some(column) = &table.identity else { return Ok(()) };
    let handed_out: Option<i64> = sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = $1")
        .bind(&table.name)
        .fetch_optional(&mut *sqlite)
        .await?;
    let highest: Option<i64> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT MAX({column}) FROM {}", table.name)))
            .fetch_one(&mut *sqlite)
            .await?;
    let last = handed_out.unwrap_or(0).max(highest.unwrap_or(0));
    if last > 0 {
        sqlx::query("SELECT setval(pg_get_serial_sequence($1, $2), $3)")
            .bind(&table.name)
            .bind(column)
            .bind(last)
            .execute(pg)
            .await?;
    }
    Ok(())
}

async fn source_sum(sqlite: &mut SqliteConnection, table: &Table) -> Result<(u64, String), sqlx::Error> {
    let mut sum = RowHasher::default();
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(table.select_sqlite())).fetch(sqlite);
    while let Some(row) = rows.try_next().await? {
        sum.row(&sqlite_values(&row, table)?);
    }
    Ok(sum.finish())
}

async fn target_sum(target: &PgPool, table: &Table) -> Result<(u64, String), sqlx::Error> {
    let mut sum = RowHasher::default();
    let mut rows = sqlx::query(sqlx::AssertSqlSafe(table.select_postgres())).fetch(target);
    while let Some(row) = rows.try_next().await? {
        sum.row(&postgres_values(&row, table)?);
    }
    Ok(sum.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_hashes_by_kind_and_length_not_by_its_bytes_alone() {
        let sum = |rows: &[&[Value]]| {
            let mut h = RowHasher::default();
            for r in rows {
                h.row(r);
            }
            h.finish()
        };
        let one = sum(&[&[Value::Int(1)]]);
        assert_ne!(one, sum(&[&[Value::Text("1".into())]]));
        assert_ne!(one, sum(&[&[Value::Real(1.0)]]));
        let ab = sum(&[&[Value::Text("ab".into()), Value::Text("c".into())]]);
        assert_ne!(ab, sum(&[&[Value::Text("a".into()), Value::Text("bc".into())]]));
        assert_ne!(sum(&[&[Value::Null], &[Value::Null]]), sum(&[&[Value::Null, Value::Null]]));
        assert_eq!(sum(&[&[Value::Blob(vec![1, 2])]]), sum(&[&[Value::Blob(vec![1, 2])]]));
        assert_eq!(sum(&[]).0, 0);
    }

    #[test]
    fn parents_come_before_children_and_the_order_is_stable() {
        let table =
            |name: &str| Table { name: name.into(), columns: vec![], pg_types: vec![], key: vec![], identity: None };
        let parents: BTreeMap<String, BTreeSet<String>> = [
            ("claimants", vec!["complaints"]),
            ("notifications", vec!["complaints", "outbox"]),
            ("complaints", vec![]),
            ("outbox", vec![]),
        ]
        .into_iter()
        .map(|(t, p)| (t.to_string(), p.into_iter().map(String::from).collect()))
        .collect();
        let order: Vec<String> =
            in_dependency_order(["notifications", "claimants", "complaints", "outbox"].map(table).into(), &parents)
                .into_iter()
                .map(|t| t.name)
                .collect();
        assert_eq!(order, ["complaints", "claimants", "outbox", "notifications"]);
    }
}
