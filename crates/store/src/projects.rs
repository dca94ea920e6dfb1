//! Projects (worksites) imported from the operator's CSV, and the deep-link codes on their signboards.
//! Written for both databases ([`Conn`]).

use wagedesk_core::deployment::OfficeId;
use wagedesk_core::domain::sector::Sector;
use wagedesk_core::projects_csv::ProjectRecord;
use wagedesk_core::routing::ProjectRouting;

pub use wagedesk_core::worksite::{CodeLookup, ProjectCard};

use crate::conn::Conn;
use crate::on_conn;

/// A line of `wagedesk projects list`.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProjectListing {
    pub id: String,
    pub name: String,
    pub active_code: Option<String>,
    /// When the active code was issued (RFC 3339, UTC): boards are printed with this date, so a
    /// posted board with an earlier date is stale.
    pub code_issued_at: Option<String>,
    /// Revoked codes: boards still posted with one of them are stale.
    pub revoked_codes: i64,
}

/// A stored value that no longer reads (an unknown sector or office id written by hand).
#[derive(Debug, thiserror::Error)]
#[error("project {project}: column {column} holds {value:?}")]
pub struct CorruptProject {
    pub project: String,
    pub column: &'static str,
    pub value: String,
}

#[derive(sqlx::FromRow)]
struct ProjectRow {
    id: String,
    name: String,
    county_code: String,
    sector: String,
    builder: String,
    general_contractor: String,
    project_department: String,
    subcontractors: String,
    labour_manager_name: String,
    labour_manager_phone: String,
    minimum_wage_fen: i64,
    pay_day: i64,
    labour_office: String,
    sector_office: Option<String>,
    township_office: Option<String>,
    /// 0 or 1 in both databases.
    government_invested: i64,
}

/// The project as last imported.
pub async fn get<'c>(conn: impl Into<Conn<'c>>, id: &str) -> Result<Option<ProjectRecord>, sqlx::Error> {
    let row: Option<ProjectRow> = on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT id, name, county_code, sector, builder, general_contractor, project_department, subcontractors,
                 labour_manager_name, labour_manager_phone, minimum_wage_fen, pay_day, labour_office, sector_office,
                 township_office, government_invested
             FROM projects WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(c)
        .await?
    });
    row.map(ProjectRow::into_record).transpose()
}

/// Where a complaint about this project goes (its code is the project id).
pub async fn routing_for<'c>(
    conn: impl Into<Conn<'c>>,
    project_id: &str,
) -> Result<Option<ProjectRouting>, sqlx::Error> {
    Ok(get(conn, project_id).await?.map(|p| p.routing()))
}

/// Inserts a project or replaces its fields; `imported_at` keeps the first import.
pub async fn upsert<'c>(conn: impl Into<Conn<'c>>, p: &ProjectRecord, now: &str) -> Result<(), sqlx::Error> {
    let subcontractors = serde_json::to_string(&p.subcontractors).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    on_conn!(conn.into(), c => {
        sqlx::query(UPSERT)
            .bind(&p.project_id)
            .bind(&p.name)
            .bind(&p.county_code)
            .bind(p.sector.code())
            .bind(&p.builder)
            .bind(&p.general_contractor)
            .bind(&p.project_department)
            .bind(subcontractors)
            .bind(&p.labour_manager_name)
            .bind(&p.labour_manager_phone)
            .bind(p.minimum_wage_fen)
            .bind(i64::from(p.pay_day))
            .bind(p.labour_office.as_str())
            .bind(p.sector_office.as_ref().map(OfficeId::as_str))
            .bind(p.township_office.as_ref().map(OfficeId::as_str))
            .bind(i64::from(p.government_invested))
            .bind(now)
            .execute(c)
            .await?;
    });
    Ok(())
}

const UPSERT: &str = "INSERT INTO projects (id, name, county_code, sector, builder, general_contractor,
        project_department, subcontractors, labour_manager_name, labour_manager_phone, minimum_wage_fen, pay_day,
        labour_office, sector_office, township_office, government_invested, imported_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, county_code = excluded.county_code,
        sector = excluded.sector, builder = excluded.builder, general_contractor = excluded.general_contractor,
        project_department = excluded.project_department, subcontractors = excluded.subcontractors,
        labour_manager_name = excluded.labour_manager_name, labour_manager_phone = excluded.labour_manager_phone,
        minimum_wage_fen = excluded.minimum_wage_fen, pay_day = excluded.pay_day,
        labour_office = excluded.labour_office, sector_office = excluded.sector_office,
        township_office = excluded.township_office, government_invested = excluded.government_invested,
        updated_at = excluded.updated_at";

/// Projects that have no code a worker could use (new ones, or ones whose code was revoked only).
pub async fn without_active_code<'c>(conn: impl Into<Conn<'c>>) -> Result<Vec<String>, sqlx::Error> {
    let conn = conn.into();
    let sql = format!(
        "SELECT id FROM projects p
         WHERE NOT EXISTS (SELECT 1 FROM project_link_codes c WHERE c.project_id = p.id AND c.revoked_at IS NULL)
         ORDER BY {}",
        conn.dialect().bytewise("id")
    );
    on_conn!(conn, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_all(c).await)
}

/// Stores a new active code; fails on a project that already has one (a unique index).
pub async fn issue_code<'c>(
    conn: impl Into<Conn<'c>>,
    project_id: &str,
    code: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query("INSERT INTO project_link_codes (code, project_id, issued_at) VALUES ($1, $2, $3)")
            .bind(code)
            .bind(project_id)
            .bind(now)
            .execute(c)
            .await?;
    });
    Ok(())
}

/// Marks the project's active code revoked; returns how many were (0 or 1).
pub async fn revoke_active_code<'c>(
    conn: impl Into<Conn<'c>>,
    project_id: &str,
    now: &str,
) -> Result<u64, sqlx::Error> {
    Ok(on_conn!(conn.into(), c => {
        sqlx::query("UPDATE project_link_codes SET revoked_at = $2 WHERE project_id = $1 AND revoked_at IS NULL")
            .bind(project_id)
            .bind(now)
            .execute(c)
            .await?
            .rows_affected()
    }))
}

/// The active code and when it was issued, as a signboard prints them.
pub async fn active_code_issued<'c>(
    conn: impl Into<Conn<'c>>,
    project_id: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_as("SELECT code, issued_at FROM project_link_codes WHERE project_id = $1 AND revoked_at IS NULL")
            .bind(project_id)
            .fetch_optional(c)
            .await
    })
}

pub async fn active_code<'c>(conn: impl Into<Conn<'c>>, project_id: &str) -> Result<Option<String>, sqlx::Error> {
    on_conn!(conn.into(), c => {
        sqlx::query_scalar("SELECT code FROM project_link_codes WHERE project_id = $1 AND revoked_at IS NULL")
            .bind(project_id)
            .fetch_optional(c)
            .await
    })
}

/// What a signboard's code names, for `/start <code>`.
pub async fn find_by_code<'c>(conn: impl Into<Conn<'c>>, code: &str) -> Result<CodeLookup, sqlx::Error> {
    let row: Option<(bool, String, String, String, String, String)> = on_conn!(conn.into(), c => {
        sqlx::query_as(
            "SELECT c.revoked_at IS NULL, p.id, p.name, p.general_contractor, p.county_code, p.sector
             FROM project_link_codes c JOIN projects p ON p.id = c.project_id WHERE c.code = $1",
        )
        .bind(code)
        .fetch_optional(c)
        .await?
    });
    let Some((active, id, name, general_contractor, county_code, sector)) = row else {
        return Ok(CodeLookup::Unknown);
    };
    if !active {
        return Ok(CodeLookup::Revoked);
    }
    let sector = Sector::from_code(&sector).ok_or_else(|| corrupt(&id, "sector", &sector))?;
    Ok(CodeLookup::Active(ProjectCard { id, name, general_contractor, county_code, sector }))
}

/// Every project with its active code and how many codes were revoked, by id.
pub async fn list<'c>(conn: impl Into<Conn<'c>>) -> Result<Vec<ProjectListing>, sqlx::Error> {
    let conn = conn.into();
    let sql = format!(
        "SELECT p.id, p.name, a.code AS active_code, a.issued_at AS code_issued_at,
             (SELECT COUNT(*) FROM project_link_codes c WHERE c.project_id = p.id AND c.revoked_at IS NOT NULL)
                 AS revoked_codes
         FROM projects p LEFT JOIN project_link_codes a ON a.project_id = p.id AND a.revoked_at IS NULL
         ORDER BY {}",
        conn.dialect().bytewise("p.id")
    );
    on_conn!(conn, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(c).await)
}

fn corrupt(project: &str, column: &'static str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(CorruptProject { project: project.to_owned(), column, value: value.to_owned() }))
}

impl ProjectRow {
    fn into_record(self) -> Result<ProjectRecord, sqlx::Error> {
        let id = self.id;
        let office =
            |column: &'static str, value: &str| OfficeId::parse(value).map_err(|_| corrupt(&id, column, value));
        let optional = |column: &'static str, value: Option<String>| value.map(|v| office(column, &v)).transpose();
        Ok(ProjectRecord {
            sector: Sector::from_code(&self.sector).ok_or_else(|| corrupt(&id, "sector", &self.sector))?,
            subcontractors: serde_json::from_str(&self.subcontractors)
                .map_err(|_| corrupt(&id, "subcontractors", &self.subcontractors))?,
            pay_day: u8::try_from(self.pay_day).map_err(|_| corrupt(&id, "pay_day", &self.pay_day.to_string()))?,
            labour_office: office("labour_office", &self.labour_office)?,
            sector_office: optional("sector_office", self.sector_office)?,
            township_office: optional("township_office", self.township_office)?,
            project_id: id.clone(),
            name: self.name,
            county_code: self.county_code,
            builder: self.builder,
            general_contractor: self.general_contractor,
            project_department: self.project_department,
            labour_manager_name: self.labour_manager_name,
            labour_manager_phone: self.labour_manager_phone,
            minimum_wage_fen: self.minimum_wage_fen,
            government_invested: self.government_invested != 0,
        })
    }
}
