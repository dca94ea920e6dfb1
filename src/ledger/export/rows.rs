//! The case rows of an export, streamed from the database one at a time, and how each becomes the
//! cells of the cases and overdue sheets (names, dates, masking, overdue working days).

use chrono::NaiveDate;

use super::cells::{Cell, mask_name};
use crate::case::Status;
use crate::crypto::Vault;
use crate::deployment::{Deployment, OfficeId};
use crate::i18n::{self, Lang};
use crate::ledger::Role;
use crate::notify::office_name;

/// One case as the export reads it.
#[derive(Debug, sqlx::FromRow)]
pub struct CaseRow {
    pub complaint_id: i64,
    pub case_number: String,
    pub status: String,
    pub submitted_on: String,
    pub accepted_on: Option<String>,
    pub clock_due: Option<String>,
    pub finished_on: Option<String>,
    pub closed_in_time: Option<i64>,
    pub outcome: Option<String>,
    pub owner_office: String,
    pub first_office: String,
    pub county_code: String,
    pub site: String,
    pub project_name: Option<String>,
    pub government_invested: bool,
    pub employer: String,
    pub filer_name: Option<String>,
    pub phone_masked: Option<String>,
    pub phone_sealed: Option<String>,
    pub id_masked: Option<String>,
    pub id_sealed: Option<String>,
    pub workers: i64,
    pub claimed_fen: i64,
    pub verified: bool,
    pub paid_fen: i64,
}

const COLUMNS: &str = "k.complaint_id, c.case_number, k.status, k.submitted_on, k.accepted_on, k.clock_due,
    k.finished_on, k.closed_in_time, k.outcome, k.owner_office, k.first_office, k.county_code, c.site,
    p.name AS project_name, k.government_invested, c.employer, f.name AS filer_name, f.phone_masked,
    f.phone_sealed, f.id_masked, f.id_sealed, k.workers, k.claimed_fen, k.verified, k.paid_fen";

const JOINS: &str = "JOIN complaints c ON c.id = k.complaint_id
    LEFT JOIN claimants f ON f.complaint_id = k.complaint_id AND f.role = 'filer'
    LEFT JOIN projects p ON p.id = k.project_id";

/// The cases of `role` in the period, oldest first. Binds `$1` office, `$2`..`$3` period.
pub fn cases_sql(role: Role) -> String {
    format!("SELECT {COLUMNS} FROM {} ORDER BY k.submitted_on, k.complaint_id", role.scope_joined(JOINS))
}

/// The owned cases of the period that are overdue on `$4`, longest overdue first.
pub fn overdue_sql() -> String {
    format!(
        "SELECT {COLUMNS} FROM {} AND k.clock_due < $4 ORDER BY k.clock_due, k.complaint_id",
        Role::Owner.scope_joined(JOINS)
    )
}

/// What turning rows into cells needs.
pub struct Render<'a> {
    pub d: &'a Deployment,
    pub vault: &'a crate::crypto::Vault,
    pub unmask: bool,
    pub today: NaiveDate,
}

const LANG: Lang = Lang::ZhHans;

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

impl Render<'_> {
    fn office(&self, id: &str) -> String {
        OfficeId::parse(id).map_or_else(|_| id.to_owned(), |o| office_name(self.d, LANG, &o))
    }

    fn county(&self, code: &str) -> String {
        self.d.county(code).map_or_else(|| code.to_owned(), |c| c.name_zh.clone())
    }

    fn status(&self, code: &str) -> String {
        Status::from_code(code).map_or_else(|| code.to_owned(), |s| i18n::tr(LANG, s.message_id()))
    }

    fn yes_no(&self, yes: bool) -> String {
        i18n::tr(LANG, if yes { "ledger-yes" } else { "ledger-no" })
    }

    /// Working days past the running clock's due date, or 0.
    fn overdue_days(&self, r: &CaseRow) -> i64 {
        match day(&r.clock_due) {
            Some(due) if due < self.today => i64::from(self.d.calendar.working_days_between(due, self.today)),
            _ => 0,
        }
    }

    /// Personal data: the masked form, or the plain text when unmasking was asked for.
    fn personal(&self, masked: &Option<String>, sealed: &Option<String>, vault: &Vault) -> String {
        match (self.unmask, sealed) {
            (true, Some(sealed)) => vault.open(sealed).unwrap_or_else(|e| {
                tracing::error!(error = %e, "a sealed number does not open; exported masked");
                masked.clone().unwrap_or_default()
            }),
            _ => masked.clone().unwrap_or_default(),
        }
    }

    pub fn case_cells(&self, r: &CaseRow, role: Role) -> Vec<Cell> {
        let role = i18n::tr(LANG, if role == Role::Owner { "ledger-role-owner" } else { "ledger-role-co-handler" });
        let outcome = r.outcome.as_deref().map(|o| i18n::tr(LANG, &format!("ledger-outcome-{}", o.replace('_', "-"))));
        let name = r.filer_name.clone().unwrap_or_default();
        let in_time = r.closed_in_time.map(|t| self.yes_no(t == 1)).unwrap_or_default();
        vec![
            Cell::text(&r.case_number),
            Cell::Text(role),
            Cell::Text(self.status(&r.status)),
            Cell::Date(day(&Some(r.submitted_on.clone()))),
            Cell::Date(day(&r.accepted_on)),
            Cell::Date(day(&r.clock_due)),
            Cell::Int(self.overdue_days(r)),
            Cell::Date(day(&r.finished_on)),
            Cell::Text(in_time),
            Cell::Text(outcome.unwrap_or_default()),
            Cell::Text(self.office(&r.owner_office)),
            Cell::Text(self.office(&r.first_office)),
            Cell::Text(self.county(&r.county_code)),
            Cell::text(&r.site),
            Cell::text(r.project_name.as_deref().unwrap_or_default()),
            Cell::Text(self.yes_no(r.government_invested)),
            Cell::text(&r.employer),
            Cell::text(if self.unmask { name } else { mask_name(&name) }),
            Cell::text(self.personal(&r.phone_masked, &r.phone_sealed, self.vault)),
            Cell::text(self.personal(&r.id_masked, &r.id_sealed, self.vault)),
            Cell::Int(r.workers),
            Cell::Yuan(r.claimed_fen),
            Cell::Yuan(if r.verified { r.claimed_fen } else { 0 }),
            Cell::Yuan(r.paid_fen),
        ]
    }

    pub fn overdue_cells(&self, r: &CaseRow) -> Vec<Cell> {
        vec![
            Cell::text(&r.case_number),
            Cell::Text(self.status(&r.status)),
            Cell::Date(day(&Some(r.submitted_on.clone()))),
            Cell::Date(day(&r.clock_due)),
            Cell::Int(self.overdue_days(r)),
            Cell::Text(self.office(&r.owner_office)),
            Cell::text(&r.employer),
            Cell::Int(r.workers),
            Cell::Yuan(r.claimed_fen),
        ]
    }
}
