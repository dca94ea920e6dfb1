//! How each case row of an export (streamed from `storage::ledger` one at a time) becomes the
//! cells of the cases and overdue sheets (names, dates, masking, overdue working days).

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::NaiveDate;

use super::cells::{Cell, mask_name};
use crate::case::Status;
use crate::crypto::Vault;
use crate::deployment::{Deployment, OfficeId};
use crate::i18n::{self, Lang};
use crate::ledger::{CaseRow, Role};
use crate::notify::office_name;

/// What turning rows into cells needs.
pub struct Render<'a> {
    pub d: &'a Deployment,
    pub vault: &'a Vault,
    pub unmask: bool,
    pub today: NaiveDate,
    /// Working days overdue per due date: counting them walks the calendar day by day, and a big
    /// export has many cases per due date.
    overdue: Mutex<HashMap<NaiveDate, i64>>,
    /// Labels already looked up: a big export repeats a few dozen codes, and formatting a Fluent
    /// message or finding an office for every cell of 100,000 rows was a large part of its time.
    labels: Mutex<Labels>,
    yes: String,
    no: String,
    owner: String,
    co_handler: String,
}

/// Each kind of code's labels, by code.
#[derive(Default)]
struct Labels {
    status: HashMap<String, String>,
    outcome: HashMap<String, String>,
    office: HashMap<String, String>,
    county: HashMap<String, String>,
}

/// The label of `code` in `map`, made by `make` the first time.
fn memo(map: &mut HashMap<String, String>, code: &str, make: impl FnOnce() -> String) -> String {
    if let Some(label) = map.get(code) {
        return label.clone();
    }
    let label = make();
    map.insert(code.to_owned(), label.clone());
    label
}

const LANG: Lang = Lang::ZhHans;

fn day(s: &Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

impl<'a> Render<'a> {
    pub fn new(d: &'a Deployment, vault: &'a Vault, unmask: bool, today: NaiveDate) -> Render<'a> {
        Render {
            d,
            vault,
            unmask,
            today,
            overdue: Mutex::default(),
            labels: Mutex::default(),
            yes: i18n::tr(LANG, "ledger-yes"),
            no: i18n::tr(LANG, "ledger-no"),
            owner: i18n::tr(LANG, "ledger-role-owner"),
            co_handler: i18n::tr(LANG, "ledger-role-co-handler"),
        }
    }

    fn labels(&self) -> std::sync::MutexGuard<'_, Labels> {
        self.labels.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn office(&self, id: &str) -> String {
        memo(&mut self.labels().office, id, || {
            OfficeId::parse(id).map_or_else(|_| id.to_owned(), |o| office_name(self.d, LANG, &o))
        })
    }

    fn county(&self, code: &str) -> String {
        memo(&mut self.labels().county, code, || {
            self.d.county(code).map_or_else(|| code.to_owned(), |c| c.name_zh.clone())
        })
    }

    fn status(&self, code: &str) -> String {
        memo(&mut self.labels().status, code, || {
            Status::from_code(code).map_or_else(|| code.to_owned(), |s| i18n::tr(LANG, s.message_id()))
        })
    }

    fn outcome(&self, code: &str) -> String {
        memo(&mut self.labels().outcome, code, || i18n::tr(LANG, &format!("ledger-outcome-{}", code.replace('_', "-"))))
    }

    fn yes_no(&self, yes: bool) -> String {
        if yes { self.yes.clone() } else { self.no.clone() }
    }

    /// Working days past the running clock's due date, or 0.
    fn overdue_days(&self, r: &CaseRow) -> i64 {
        match day(&r.clock_due) {
            Some(due) if due < self.today => {
                let mut known = self.overdue.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                *known.entry(due).or_insert_with(|| i64::from(self.d.calendar.working_days_between(due, self.today)))
            }
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

    /// The filer's name: opened for an unmasked export (names are sealed), else masked from the masked
    /// form kept beside it, so a masked export needs no key. Names stored before sealing are plain.
    fn filer_name(&self, r: &CaseRow) -> String {
        let stored = r.filer_name.as_deref().unwrap_or_default();
        if self.unmask {
            return self.vault.open_stored(stored).unwrap_or_else(|e| {
                tracing::error!(error = %e, "a sealed name does not open; exported masked");
                mask_name(r.filer_name_masked.as_deref().unwrap_or_default())
            });
        }
        match r.filer_name_masked.as_deref() {
            Some(masked) if !masked.is_empty() => mask_name(masked),
            _ if crate::crypto::is_sealed(stored) => String::new(),
            _ => mask_name(stored),
        }
    }

    pub fn case_cells(&self, r: &CaseRow, role: Role) -> Vec<Cell> {
        let role = if role == Role::Owner { self.owner.clone() } else { self.co_handler.clone() };
        let outcome = r.outcome.as_deref().map(|o| self.outcome(o));
        let name = self.filer_name(r);
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
            Cell::text(&name),
            Cell::text(self.personal(&r.phone_masked, &r.phone_sealed, self.vault)),
            Cell::text(self.personal(&r.id_masked, &r.id_sealed, self.vault)),
            Cell::Int(r.workers),
            Cell::Yuan(r.claimed_fen),
            Cell::Yuan(if r.verified { r.verified_fen } else { 0 }),
            Cell::Yuan(r.paid_fen),
            Cell::Date(day(&r.order_due)),
            Cell::Yuan(r.penalty_fen),
            Cell::Date(day(&r.blacklisted_on)),
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
