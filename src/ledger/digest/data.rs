//! What a digest reports for the offices a supervisor oversees: per office the period's new,
//! accepted and finished cases and today's open and overdue ones; the open key cases; and the last
//! 30 days' trend. Each count reads one index.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use sqlx::SqliteConnection;

use super::Kind;
use crate::deployment::{Deployment, Office, OfficeId};
use crate::ledger::Period;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeLine {
    pub office: OfficeId,
    pub new: i64,
    pub accepted: i64,
    pub finished: i64,
    pub open: i64,
    pub overdue: i64,
}

impl OfficeLine {
    pub fn is_quiet(&self) -> bool {
        self.new + self.accepted + self.finished + self.open == 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyCase {
    pub case_number: String,
    pub office: OfficeId,
    pub claimed_fen: i64,
    pub workers: i64,
    pub status: String,
    pub overdue_days: u32,
}

/// Day by day over the last 30 days up to the period's end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Trend {
    pub days: Vec<NaiveDate>,
    pub new: Vec<i64>,
    pub finished: Vec<i64>,
    /// Open at the end of each day, from today's records (a reopened case counts as never finished).
    pub open: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DigestData {
    pub kind: Kind,
    pub period: Period,
    pub today: NaiveDate,
    pub offices: Vec<OfficeLine>,
    pub key_cases: Vec<KeyCase>,
    pub trend: Trend,
}

pub const TREND_DAYS: u64 = 30;

/// The offices whose cases escalate to `supervisor`, directly or through another office.
pub fn supervised<'d>(d: &'d Deployment, supervisor: &OfficeId) -> Vec<&'d Office> {
    let reaches = |office: &Office| {
        let mut current = office.id.clone();
        for _ in 0..d.offices.len() {
            match d.escalation_office(&current) {
                Some(up) if up.id == *supervisor => return true,
                Some(up) => current = up.id.clone(),
                None => return false,
            }
        }
        false
    };
    d.offices.iter().filter(|o| o.id != *supervisor && reaches(o)).collect()
}

pub async fn gather(
    conn: &mut SqliteConnection,
    d: &Deployment,
    supervisor: &OfficeId,
    kind: Kind,
    period: Period,
    today: NaiveDate,
) -> Result<DigestData, sqlx::Error> {
    let (from, to, now) = (period.from.to_string(), period.to.to_string(), today.to_string());
    let start = period.to.checked_sub_days(Days::new(TREND_DAYS - 1)).unwrap_or(period.to);
    let days: Vec<NaiveDate> = start.iter_days().take_while(|day| *day <= period.to).collect();
    let mut trend =
        Trend { days: days.clone(), new: vec![0; days.len()], finished: vec![0; days.len()], open: Vec::new() };
    let mut open_before = 0;
    let (mut offices, mut key_cases) = (Vec::new(), Vec::new());
    for office in supervised(d, supervisor) {
        let id = office.id.as_str();
        let start_day = start.to_string();
        let new = count(conn, "submitted_on BETWEEN $2 AND $3", &[id, &from, &to]).await?;
        let accepted = count(conn, "accepted_on BETWEEN $2 AND $3", &[id, &from, &to]).await?;
        let finished = count(conn, "finished_on BETWEEN $2 AND $3", &[id, &from, &to]).await?;
        let open = count(conn, "status NOT IN ('resolved', 'closed', 'withdrawn')", &[id]).await?;
        let overdue = count(conn, "clock_due < $2", &[id, &now]).await?;
        offices.push(OfficeLine { office: office.id.clone(), new, accepted, finished, open, overdue });
        key_cases.extend(open_key_cases(conn, d, &office.id, today).await?);
        open_before +=
            count(conn, "submitted_on < $2 AND (finished_on IS NULL OR finished_on >= $2)", &[id, &start_day]).await?;
        add_daily(conn, id, "submitted_on", start, period.to, &days, &mut trend.new).await?;
        add_daily(conn, id, "finished_on", start, period.to, &days, &mut trend.finished).await?;
    }
    let mut open = open_before;
    for (new, finished) in trend.new.iter().zip(&trend.finished) {
        open += new - finished;
        trend.open.push(open);
    }
    key_cases.sort_by(|a, b| b.claimed_fen.cmp(&a.claimed_fen).then_with(|| a.case_number.cmp(&b.case_number)));
    Ok(DigestData { kind, period, today, offices, key_cases, trend })
}

/// Counts an office's cases (`$1`) that match `condition`, binding `$2`... from `values[1..]`.
async fn count(conn: &mut SqliteConnection, condition: &str, values: &[&str]) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT COUNT(*) FROM cases WHERE owner_office = $1 AND {condition}");
    let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
    for v in values {
        query = query.bind(v.to_string());
    }
    query.fetch_one(conn).await
}

/// Adds one office's daily counts of `column` (a date column) to `into`.
async fn add_daily(
    conn: &mut SqliteConnection,
    office: &str,
    column: &str,
    from: NaiveDate,
    to: NaiveDate,
    days: &[NaiveDate],
    into: &mut [i64],
) -> Result<(), sqlx::Error> {
    let sql = format!(
        "SELECT {column}, COUNT(*) FROM cases WHERE owner_office = $1 AND {column} BETWEEN $2 AND $3 GROUP BY {column}"
    );
    let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(office)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(conn)
        .await?;
    let index: BTreeMap<String, usize> = days.iter().enumerate().map(|(i, d)| (d.to_string(), i)).collect();
    for (day, n) in rows {
        if let Some(i) = index.get(&day) {
            into[*i] += n;
        }
    }
    Ok(())
}

/// Open cases of `office` at or over the campaign's key-case thresholds (重点监控).
async fn open_key_cases(
    conn: &mut SqliteConnection,
    d: &Deployment,
    office: &OfficeId,
    today: NaiveDate,
) -> Result<Vec<KeyCase>, sqlx::Error> {
    let rows: Vec<(String, i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT c.case_number, k.claimed_fen, k.workers, k.status, k.clock_due FROM cases k
         JOIN complaints c ON c.id = k.complaint_id
         WHERE k.owner_office = $1 AND k.status NOT IN ('resolved', 'closed', 'withdrawn')
           AND (k.claimed_fen >= $2 OR k.workers >= $3)",
    )
    .bind(office.as_str())
    .bind(d.campaign.key_case_amount_fen)
    .bind(i64::from(d.campaign.key_case_workers))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(case_number, claimed_fen, workers, status, due)| {
            let due = due.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
            let overdue_days =
                due.filter(|due| *due < today).map_or(0, |due| d.calendar.working_days_between(due, today));
            KeyCase { case_number, office: office.clone(), claimed_fen, workers, status, overdue_days }
        })
        .collect())
}
