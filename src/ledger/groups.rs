//! An office's figures grouped by employer (欠薪企业), project or county, biggest claim first.

use chrono::NaiveDate;
use sqlx::{Row, SqliteConnection};

use super::Period;
use super::queries::{AGGREGATES, Figures, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// Employers compared as the duplicate check compares them (normalized name, `employer_key`).
    Employer,
    /// Projects from the project import; cases without a project are left out.
    Project,
    /// Government-invested projects only.
    GovernmentProject,
    County,
}

/// One line of a grouped ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The employer's name as first written, the project id, or the county code.
    pub key: String,
    /// Project rows: name, county, builder (建设单位) and general contractor; empty otherwise.
    pub project: Option<ProjectInfo>,
    pub figures: Figures,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProjectInfo {
    pub name: String,
    pub county_code: String,
    pub builder: String,
    pub general_contractor: String,
}

pub async fn groups(
    conn: &mut SqliteConnection,
    office: &str,
    role: Role,
    by: GroupBy,
    period: Period,
    today: NaiveDate,
) -> Result<Vec<Group>, sqlx::Error> {
    let (key, join, filter) = match by {
        GroupBy::Employer => {
            // Grouped by the normalized name, shown by the first spelling.
            let key = "CASE WHEN c.employer_key = '' THEN c.employer ELSE c.employer_key END";
            return grouped(conn, office, role, period, today, ("MIN(c.employer)", key), "", "").await;
        }
        GroupBy::Project => ("k.project_id", "", "AND k.project_id IS NOT NULL"),
        GroupBy::GovernmentProject => {
            ("k.project_id", "", "AND k.project_id IS NOT NULL AND k.government_invested = 1")
        }
        GroupBy::County => ("k.county_code", "", ""),
    };
    grouped(conn, office, role, period, today, (key, key), join, filter).await
}

/// `shown` is the key column selected, `key` what rows are grouped by.
#[allow(clippy::too_many_arguments)]
async fn grouped(
    conn: &mut SqliteConnection,
    office: &str,
    role: Role,
    period: Period,
    today: NaiveDate,
    (shown, key): (&str, &str),
    join: &str,
    filter: &str,
) -> Result<Vec<Group>, sqlx::Error> {
    let scope = role.scope_joined(&format!(
        "JOIN complaints c ON c.id = k.complaint_id LEFT JOIN projects p ON p.id = k.project_id {join}"
    ));
    let project = if key == "k.project_id" {
        "MIN(p.name), MIN(p.county_code), MIN(p.builder), MIN(p.general_contractor)"
    } else {
        "NULL, NULL, NULL, NULL"
    };
    let sql = format!(
        "SELECT {shown}, {project}, {AGGREGATES} FROM {scope} {filter}
         GROUP BY {key} ORDER BY SUM(k.claimed_fen) DESC, {shown}"
    );
    let (from, to) = period.bounds();
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(office)
        .bind(from)
        .bind(to)
        .bind(today.to_string())
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| {
            let name: Option<String> = row.try_get(1)?;
            let project = match name {
                Some(name) => Some(ProjectInfo {
                    name,
                    county_code: row.try_get(2)?,
                    builder: row.try_get(3)?,
                    general_contractor: row.try_get(4)?,
                }),
                None => None,
            };
            Ok(Group { key: row.try_get(0)?, project, figures: Figures::from_row(row, 5)? })
        })
        .collect()
}
