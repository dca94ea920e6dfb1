//! An office's figures for a period: one aggregate over the ledger columns of its cases, split by
//! government investment, plus what it passed on to other offices.

use chrono::NaiveDate;
use sqlx::{Row, SqliteConnection};

use super::Period;

/// Whose cases: the office owns them, or co-handles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Owner,
    CoHandler,
}

impl Role {
    /// Rows of `cases k` in the office's scope for the period; binds `$1` office, `$2`..`$3` period.
    pub(super) fn scope(self) -> String {
        self.scope_joined("")
    }

    /// The scope with `joins` (which may use `k`) before its WHERE clause.
    pub(super) fn scope_joined(self, joins: &str) -> String {
        let (from, office) = match self {
            Role::Owner => ("cases k", "k.owner_office"),
            Role::CoHandler => ("case_co_handlers h JOIN cases k ON k.complaint_id = h.complaint_id", "h.office_id"),
        };
        // `government_invested IN (0, 1)` lets SQLite walk the covering index in the split's order.
        format!(
            "{from} {joins} WHERE {office} = $1 AND k.government_invested IN (0, 1) AND k.submitted_on BETWEEN $2 AND $3"
        )
    }
}

/// The figures of a set of cases (definitions in the module doc of `ledger`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figures {
    pub cases: i64,
    pub workers: i64,
    pub claimed_fen: i64,
    pub verified_cases: i64,
    pub verified_fen: i64,
    pub paid_fen: i64,
    pub open: i64,
    pub overdue: i64,
    pub open_workers: i64,
    pub open_claimed_fen: i64,
    pub resolved: i64,
    pub finished: i64,
    pub closed_in_time: i64,
    pub due: i64,
}

/// The aggregate columns `Figures::from_row` reads, over `cases k`; `$4` is today. A case is open
/// exactly while it has no `finished_on`; the other figures follow from these (kept few: each sum
/// costs time on a million rows).
pub(super) const AGGREGATES: &str = "COUNT(*), COALESCE(SUM(k.workers), 0), COALESCE(SUM(k.claimed_fen), 0),
    COALESCE(SUM(k.verified), 0), COALESCE(SUM(k.verified * k.claimed_fen), 0), COALESCE(SUM(k.paid_fen), 0),
    COALESCE(SUM(k.finished_on IS NULL), 0), COALESCE(SUM(k.clock_due < $4), 0),
    COALESCE(SUM((k.finished_on IS NULL) * k.workers), 0), COALESCE(SUM((k.finished_on IS NULL) * k.claimed_fen), 0),
    COALESCE(SUM(k.status = 'withdrawn'), 0), COALESCE(SUM(k.closed_in_time), 0)";

impl Figures {
    /// Reads the `AGGREGATES` columns starting at column `at`.
    pub(super) fn from_row(row: &sqlx::sqlite::SqliteRow, at: usize) -> Result<Figures, sqlx::Error> {
        let v = |i: usize| row.try_get::<i64, _>(at + i);
        let (cases, open, overdue, withdrawn) = (v(0)?, v(6)?, v(7)?, v(10)?);
        let finished = cases - open;
        Ok(Figures {
            cases,
            workers: v(1)?,
            claimed_fen: v(2)?,
            verified_cases: v(3)?,
            verified_fen: v(4)?,
            paid_fen: v(5)?,
            open,
            overdue,
            open_workers: v(8)?,
            open_claimed_fen: v(9)?,
            resolved: finished - withdrawn,
            finished,
            closed_in_time: v(11)?,
            // Overdue cases are open, so the two never overlap.
            due: finished + overdue,
        })
    }

    fn add(&mut self, o: &Figures) {
        self.cases += o.cases;
        self.workers += o.workers;
        self.claimed_fen += o.claimed_fen;
        self.verified_cases += o.verified_cases;
        self.verified_fen += o.verified_fen;
        self.paid_fen += o.paid_fen;
        self.open += o.open;
        self.overdue += o.overdue;
        self.open_workers += o.open_workers;
        self.open_claimed_fen += o.open_claimed_fen;
        self.resolved += o.resolved;
        self.finished += o.finished;
        self.closed_in_time += o.closed_in_time;
        self.due += o.due;
    }

    /// Finished by the deadline ÷ due; `None` when nothing is due yet.
    pub fn closure_rate(&self) -> Option<f64> {
        ratio(self.closed_in_time, self.due)
    }

    pub fn verification_rate(&self) -> Option<f64> {
        ratio(self.verified_cases, self.cases)
    }

    pub fn resolution_rate(&self) -> Option<f64> {
        ratio(self.resolved, self.cases)
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// An office's ledger summary for a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub office: String,
    pub role: Role,
    pub period: Period,
    pub today: NaiveDate,
    pub all: Figures,
    /// The government-invested projects' share of `all`.
    pub government: Figures,
    /// Cases this office received first that another office owns now (owner scope only).
    pub transferred_out: i64,
}

/// The summary's aggregate, split by government investment.
pub(super) fn summary_sql(role: Role) -> String {
    format!("SELECT k.government_invested, {AGGREGATES} FROM {} GROUP BY k.government_invested", role.scope())
}

pub async fn summary(
    conn: &mut SqliteConnection,
    office: &str,
    role: Role,
    period: Period,
    today: NaiveDate,
) -> Result<Summary, sqlx::Error> {
    let (from, to) = period.bounds();
    let sql =
        format!("SELECT k.government_invested, {AGGREGATES} FROM {} GROUP BY k.government_invested", role.scope());
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(office)
        .bind(&from)
        .bind(&to)
        .bind(today.to_string())
        .fetch_all(&mut *conn)
        .await?;
    let (mut all, mut government) = (Figures::default(), Figures::default());
    for row in &rows {
        let figures = Figures::from_row(row, 1)?;
        if row.try_get::<bool, _>(0)? {
            government = figures;
        }
        all.add(&figures);
    }
    let transferred_out = match role {
        Role::Owner => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM cases WHERE first_office = $1 AND owner_office <> $1
                   AND submitted_on BETWEEN $2 AND $3",
            )
            .bind(office)
            .bind(&from)
            .bind(&to)
            .fetch_one(&mut *conn)
            .await?
        }
        Role::CoHandler => 0,
    };
    Ok(Summary { office: office.to_owned(), role, period, today, all, government, transferred_out })
}
