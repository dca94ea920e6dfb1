//! A connection to either database, for the store functions written once for both: one SQL text where
//! the two agree, a [`Dialect`] where they do not. [`on_conn!`] runs a body with the connection of
//! whichever database it is, so the body is type-checked against both drivers.
//!
//! Every store function takes a `Conn`, and the app's functions a `&mut Conn<'_>`. Callers pass what
//! they hold — a SQLite or PostgreSQL connection, a pooled one ([`crate::DbConn`]) or a [`WriteTx`] —
//! and it converts (a `&mut` held for several calls is passed as `&mut *conn`, or `conn.reborrow()`).
//!
//! What differs between the two, met so far (each caught by a test that runs both):
//! - `SUM` of BIGINT is NUMERIC in PostgreSQL: `CAST(SUM(…) AS BIGINT)`; a bare integer literal is
//!   INT4 there: cast it where an `i64` is read.
//! - Booleans: PostgreSQL sums none and stores none in our BIGINT flags: `CASE WHEN … THEN 1 ELSE 0 END`,
//!   bind `i64::from(flag)`, read flags as `i64` (a comparison such as `x IS NULL` reads as `bool` in both).
//! - A column beside `GROUP BY` that is not grouped (SQLite picks a row; PostgreSQL refuses): group by it.
//! - Two-argument `MIN`/`MAX` are SQLite's; PostgreSQL has `LEAST`/`GREATEST`.
//! - Text order: SQLite compares bytes; PostgreSQL the database's collation (tests create databases
//!   sorting in Chinese): [`Dialect::bytewise`] where an order or a `MIN` of text is visible.
//! - `json_extract(x, '$.a.b')` is `CAST(x::jsonb #>> '{a,b}' AS …)`; `json_each` is
//!   `jsonb_array_elements_text`; positional `?` is SQLite's only (`$n` runs on both).
//! - `SELECT DISTINCT` ordered by a column it does not select, `UPDATE OR IGNORE`, `instr`,
//!   `julianday`, `unixepoch`, `PRAGMA`: SQLite's only (GROUP BY with `MIN`, `NOT EXISTS`, [`Dialect`]).
//! - A read then a write that SQLite's single writer kept apart runs concurrently on PostgreSQL: take a
//!   transaction lock (`pg_advisory_xact_lock`) where two writers may read the same thing (the next case
//!   number, the open case to join, the outbox's order).

use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, Postgres, Sqlite, SqliteConnection};

use crate::WriteTx;

/// Which database a query is written for, where the text differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// `expr` compared byte by byte: SQLite's default (BINARY) already is; PostgreSQL's follows the
    /// database's locale unless told "C".
    pub fn bytewise(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => expr.to_owned(),
            Dialect::Postgres => format!("{expr} COLLATE \"C\""),
        }
    }

    /// A subquery of the integers in `param`, bound as a JSON array: one statement text (and one
    /// prepared statement) however many ids there are.
    pub fn id_list(self, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("(SELECT value FROM json_each({param}))"),
            Dialect::Postgres => format!("(SELECT value::BIGINT FROM jsonb_array_elements_text({param}::jsonb))"),
        }
    }
}

impl Dialect {
    /// The text at `path` (`a.b`) of the JSON document in text column `col`.
    pub fn json_text(self, col: &str, path: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_extract({col}, '$.{path}')"),
            Dialect::Postgres => format!("({col}::jsonb #>> '{{{}}}')", path.replace('.', ",")),
        }
    }

    /// Whether the text `needle` occurs in the text `hay` (SQL expressions).
    pub fn contains(self, hay: &str, needle: &str) -> String {
        match self {
            Dialect::Sqlite => format!("instr({hay}, {needle}) > 0"),
            Dialect::Postgres => format!("strpos({hay}, {needle}) > 0"),
        }
    }

    /// The system's time now, in whole seconds since 1970.
    pub fn unix_now(self) -> &'static str {
        match self {
            Dialect::Sqlite => "unixepoch()",
            Dialect::Postgres => "CAST(EXTRACT(EPOCH FROM now()) AS BIGINT)",
        }
    }

    /// Seconds from the RFC 3339 time `earlier` to `later` (SQL expressions), 0 when negative, as a
    /// double (NULL when either is).
    pub fn seconds_between(self, earlier: &str, later: &str) -> String {
        match self {
            Dialect::Sqlite => format!("MAX(0, julianday({later}) - julianday({earlier})) * 86400.0"),
            Dialect::Postgres => format!(
                "CAST(GREATEST(0, EXTRACT(EPOCH FROM (CAST({later} AS timestamptz) - CAST({earlier} AS timestamptz)))) AS DOUBLE PRECISION)"
            ),
        }
    }
}

/// `sql` with SQLite's positional `?` placeholders numbered `$1`, `$2`, … in order (PostgreSQL knows
/// only those). Our statements hold no `?` inside a string literal.
pub fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(ch);
        }
    }
    out
}

/// A borrowed connection to SQLite or PostgreSQL.
pub enum Conn<'c> {
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

impl Conn<'_> {
    /// The same connection for one more call, keeping this one.
    pub fn reborrow(&mut self) -> Conn<'_> {
        match self {
            Conn::Sqlite(c) => Conn::Sqlite(c),
            Conn::Postgres(c) => Conn::Postgres(c),
        }
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Conn::Sqlite(_) => Dialect::Sqlite,
            Conn::Postgres(_) => Dialect::Postgres,
        }
    }

    /// Makes the transaction wait for any other holding the lock `name` until it ends: a read then a
    /// write that SQLite's one writer at a time keeps apart. PostgreSQL only; SQLite needs none.
    pub async fn serialize(&mut self, name: &str) -> Result<(), sqlx::Error> {
        if let Conn::Postgres(c) = self {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))").bind(name).execute(&mut **c).await?;
        }
        Ok(())
    }
}

/// The transaction lock of [`Conn::serialize`] (one `?`, the lock's name), also for a [`WriteTx`]'s
/// deferred statements.
pub const TRANSACTION_LOCK: &str = "SELECT pg_advisory_xact_lock(hashtext(?))";

impl<'c, 'd: 'c> From<&'c mut Conn<'d>> for Conn<'c> {
    fn from(c: &'c mut Conn<'d>) -> Self {
        c.reborrow()
    }
}

impl<'c> From<&'c mut SqliteConnection> for Conn<'c> {
    fn from(c: &'c mut SqliteConnection) -> Self {
        Conn::Sqlite(c)
    }
}

impl<'c> From<&'c mut PgConnection> for Conn<'c> {
    fn from(c: &'c mut PgConnection) -> Self {
        Conn::Postgres(c)
    }
}

impl<'c> From<&'c mut PoolConnection<Sqlite>> for Conn<'c> {
    fn from(c: &'c mut PoolConnection<Sqlite>) -> Self {
        Conn::Sqlite(c)
    }
}

impl<'c> From<&'c mut PoolConnection<Postgres>> for Conn<'c> {
    fn from(c: &'c mut PoolConnection<Postgres>) -> Self {
        Conn::Postgres(c)
    }
}

impl<'c> From<&'c mut WriteTx> for Conn<'c> {
    fn from(c: &'c mut WriteTx) -> Self {
        c.conn()
    }
}

impl<'c> From<&'c mut crate::DbConn> for Conn<'c> {
    fn from(c: &'c mut crate::DbConn) -> Self {
        c.conn()
    }
}

/// Runs `$body` with `$c` bound to the `&mut` connection of whichever database `$conn` (a
/// [`Conn`]) is: the body is written once and compiled for both drivers.
#[macro_export]
macro_rules! on_conn {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::conn::Conn::Sqlite($c) => $body,
            $crate::conn::Conn::Postgres($c) => $body,
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positional_placeholders_are_numbered_in_order_per_statement() {
        assert_eq!(
            numbered("UPDATE t SET a = ?, b = ? WHERE id IN (?)"),
            "UPDATE t SET a = $1, b = $2 WHERE id IN ($3)"
        );
        assert_eq!(numbered("SELECT 1"), "SELECT 1");
        assert_eq!(numbered("?"), "$1");
    }

    #[test]
    fn each_database_gets_its_own_text_where_they_differ() {
        assert_eq!(Dialect::Sqlite.id_list("$2"), "(SELECT value FROM json_each($2))");
        assert_eq!(Dialect::Postgres.id_list("$2"), "(SELECT value::BIGINT FROM jsonb_array_elements_text($2::jsonb))");
        assert_eq!(Dialect::Sqlite.json_text("k.state", "outcome.kind"), "json_extract(k.state, '$.outcome.kind')");
        assert_eq!(Dialect::Postgres.json_text("k.state", "outcome.kind"), "(k.state::jsonb #>> '{outcome,kind}')");
        assert_eq!(Dialect::Postgres.bytewise("name"), "name COLLATE \"C\"");
        assert_eq!(Dialect::Sqlite.contains("e", "$1"), "instr(e, $1) > 0");
    }
}
