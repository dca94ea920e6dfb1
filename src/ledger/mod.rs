//! The ledger (台账) offices keep: figures per office, employer, project, county and period, the
//! Excel/CSV export, the `/ledger` summary card and the supervisors' digest with its chart.
//!
//! # What each figure means
//!
//! Everything is counted on **cases** (one per complaint that opened one). A worker who joined an
//! open case is another claimant of that case (docs/rules.md, "Joining an open case"), so joined
//! workers add to the case's workers and amounts and close with it; they are never cases of their own.
//!
//! - **Scope**: an office's *own* cases are those it owns now (a transfer moves the case to the new
//!   owner's ledger); its *co-handled* cases are those where it is a co-handler. The first-inquiry
//!   office sees what it passed on as *transferred out*.
//! - **Period**: cases *submitted* (local date) from `from` to `to`, both included; their status,
//!   clocks and amounts are as they stand `today`.
//! - **Workers**: the headcount the filer gave (a crew leader files for the crew) plus the headcount
//!   each joining worker gave.
//! - **Claimed**: the sum of all claimants' amounts, in fen.
//! - **Verified** (核实): a case the office *accepted* (受理 after checking the complaint, 若干规定
//!   Art. 18) that did not later end as unfounded, a 工程款 dispute (not wages), merged into another
//!   case (counted there) or withdrawn. The *verified amount* is those cases' claimed amount.
//! - **Paid**: the amount of a paid outcome — the whole claim when paid in full, the stated amount
//!   when paid in part or advanced from the wage deposit — whether or not the worker has confirmed it
//!   yet. A reopened case has no outcome and counts nothing paid.
//! - **Open**: not resolved, closed (paid and confirmed) or withdrawn. **Overdue**: open with its
//!   running clock's due date before `today` (a case waiting for the worker's information has no
//!   running clock).
//! - **Resolved**: has an outcome (resolved, or closed after the worker confirmed payment).
//!   **Finished**: resolved or withdrawn, on the day of the outcome or withdrawal.
//! - **Closure rate** (按期办结率): cases finished by their deadline (the investigation's, with its
//!   extension, once accepted; else the acceptance's) ÷ cases *due* — finished, or open past their
//!   deadline. **Verification rate**: verified cases ÷ cases. **Resolution rate**: resolved ÷ cases.
//! - **Government-invested** (政府投资项目): cases about a project marked so in the project import
//!   (`complaints.project_code` is the project's id); they get their own figures and sheet.
//!
//! The figures are read from copies kept beside each case's state (migration 0006), so an office's
//! summary over a million cases reads one index.

pub mod bench;
mod card;
pub mod digest;
pub mod export;
mod groups;
mod queries;

use std::path::PathBuf;

use chrono::NaiveDate;

pub use card::card;
pub use export::{ExportOptions, ExportSummary, export_for_office, export_ledger};
pub use groups::ProjectInfo;
pub use groups::{Group, GroupBy, groups};
pub use queries::{Figures, Role, Summary, summary};
pub use wagedesk_core::ledger::CaseFacts;

/// Cases submitted from `from` to `to` (local dates, both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Every case ever filed, up to `to`.
    pub fn until(to: NaiveDate) -> Period {
        // Stored dates are YYYY-MM-DD text, which sorts like dates only from year 1 on.
        Period { from: NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or(NaiveDate::MIN), to }
    }

    fn bounds(&self) -> (String, String) {
        (self.from.to_string(), self.to.to_string())
    }
}

/// Where exported workbooks and rendered digests are kept until sent: `reports/` beside the evidence
/// directory, in the data directory.
pub fn reports_dir(ctx: &crate::context::Ctx) -> PathBuf {
    let data = ctx.evidence_dir.parent().map_or_else(|| ctx.evidence_dir.clone(), std::path::Path::to_path_buf);
    data.join("reports")
}

pub(crate) use crate::render::yuan;

/// A rate as a whole-number percentage with one decimal, or a dash when nothing is due.
pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}
