//! The ledger (台账) offices keep: figures per office, employer, project, county and period, the
//! Excel/CSV export, the `/ledger` summary card and the supervisors' digest with its chart.
//!
//! What each figure means, and the other definitions, are in `wagedesk_core::ledger` (re-exported
//! here); the figures are read by `storage::ledger`. This module renders them.

mod card;
pub mod digest;
pub mod export;

use std::path::PathBuf;

pub use card::card;
pub use export::{ExportOptions, ExportSummary, export_for_office, export_ledger};
pub use wagedesk_core::ledger::{
    CaseFacts, CaseRow, Figures, Group, GroupBy, Period, ProjectInfo, Role, Summary, Sums,
};

pub use crate::storage::ledger::{groups, summary};

/// Where exported workbooks and rendered digests are kept until sent: `reports/` beside the evidence
/// directory, in the data directory.
pub fn reports_dir(ctx: &crate::context::Ctx) -> PathBuf {
    reports_dir_of(&ctx.evidence_dir)
}

/// The reports folder that goes with an evidence folder (backups copy both).
pub fn reports_dir_of(evidence_dir: &std::path::Path) -> PathBuf {
    let data = evidence_dir.parent().map_or_else(|| evidence_dir.to_path_buf(), std::path::Path::to_path_buf);
    data.join("reports")
}

pub(crate) use crate::render::yuan;

/// A rate as a whole-number percentage with one decimal, or a dash when nothing is due.
pub(crate) fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_owned(), |r| format!("{:.1}%", r * 100.0))
}
