//! The ledger (台账) offices keep, as definitions: what each figure means ([`Figures`]), the period and
//! scope they are counted over, the groupings, a case's ledger facts ([`CaseFacts`]), the export's case
//! row and the supervisors' digest ([`digest`]). The adapter reads them (`src/storage/ledger`) and
//! renders them (`src/ledger`: the Excel/CSV export, the `/ledger` card, the digest's text and chart).
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
//! - **Workers**: the headcount the filer gave (a crew leader files for the crew; members who join
//!   through the crew link are in that headcount until they outnumber it) plus the headcount each
//!   other joining worker gave.
//! - **Claimed**: the sum of all claimants' amounts, in fen (a crew member's amount moves out of the
//!   filer's line when they join, so nothing is counted twice).
//! - **Verified** (核实): a case the office *accepted* (受理 after checking the complaint, 若干规定
//!   Art. 18) that did not later end as unfounded, a 工程款 dispute (not wages), merged into another
//!   case (counted there) or withdrawn. The *verified amount* is what the office recorded, claimant by
//!   claimant, as verified owed (核定金额) on those cases — not the claimed amount; nothing until it did.
//! - **Paid**: what the workers themselves confirmed arrived, claimant by claimant (a payment in full
//!   confirmed, or the amount a worker said came of a part) — never what an outcome merely reported.
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

pub mod digest;
mod facts;

use chrono::NaiveDate;

pub use facts::CaseFacts;

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
}

/// Whose cases: the office owns them, or co-handles them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Owner,
    CoHandler,
}

/// What a store sums over a set of cases; [`Figures`] follow from these (kept few: each sum costs
/// time on a million rows). A case is open exactly while it has no finishing day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    pub cases: i64,
    pub workers: i64,
    pub claimed_fen: i64,
    pub verified_cases: i64,
    pub verified_fen: i64,
    pub paid_fen: i64,
    pub open: i64,
    /// Cases whose running clock's due date is before today.
    pub overdue: i64,
    pub open_workers: i64,
    pub open_claimed_fen: i64,
    pub withdrawn: i64,
    pub closed_in_time: i64,
}

/// The figures of a set of cases (definitions in the module doc).
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

impl Figures {
    pub fn of(s: Sums) -> Figures {
        let finished = s.cases - s.open;
        Figures {
            cases: s.cases,
            workers: s.workers,
            claimed_fen: s.claimed_fen,
            verified_cases: s.verified_cases,
            verified_fen: s.verified_fen,
            paid_fen: s.paid_fen,
            open: s.open,
            overdue: s.overdue,
            open_workers: s.open_workers,
            open_claimed_fen: s.open_claimed_fen,
            resolved: finished - s.withdrawn,
            finished,
            closed_in_time: s.closed_in_time,
            // Overdue cases are open, so the two never overlap.
            due: finished + s.overdue,
        }
    }

    pub fn add(&mut self, o: &Figures) {
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

/// What an office's figures are grouped by, biggest claim first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// Employers (欠薪企业) compared as the duplicate check compares them (normalized name,
    /// `employer_key`).
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

/// One case as the export reads it: its ledger columns as stored (dates as YYYY-MM-DD text, status
/// and outcome as codes), with the complaint's place, employer and filer.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Sealed (plain if stored before names were sealed); opened only for an unmasked export.
    pub filer_name: Option<String>,
    /// The masked form kept beside it (empty for a name stored before names were sealed).
    pub filer_name_masked: Option<String>,
    pub phone_masked: Option<String>,
    pub phone_sealed: Option<String>,
    pub id_masked: Option<String>,
    pub id_sealed: Option<String>,
    pub workers: i64,
    pub claimed_fen: i64,
    pub verified: bool,
    /// What the office recorded as verified owed, claimant by claimant (核定金额).
    pub verified_fen: i64,
    /// What the workers confirmed arrived.
    pub paid_fen: i64,
    /// The deadline of the order to pay (责令限期支付), if one was issued (YYYY-MM-DD).
    pub order_due: Option<String>,
    /// The fines of the penalties recorded on the employer.
    pub penalty_fen: i64,
    /// The day the employer was referred for joint punishment (YYYY-MM-DD).
    pub blacklisted_on: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finished_resolved_and_due_follow_from_the_sums() {
        let sums = Sums { cases: 10, open: 4, overdue: 1, withdrawn: 2, closed_in_time: 3, ..Sums::default() };
        let f = Figures::of(sums);
        assert_eq!((f.finished, f.resolved, f.due), (6, 4, 7));
        assert_eq!(f.closure_rate(), Some(3.0 / 7.0));
        assert_eq!(f.resolution_rate(), Some(0.4));
        assert_eq!(Figures::default().closure_rate(), None);
    }

    #[test]
    fn adding_figures_adds_every_field() {
        let one =
            Figures::of(Sums { cases: 2, workers: 5, claimed_fen: 100, open: 1, withdrawn: 1, ..Sums::default() });
        let mut total = one;
        total.add(&one);
        assert_eq!(
            (total.cases, total.workers, total.claimed_fen, total.open, total.finished, total.resolved),
            (4, 10, 200, 2, 2, 0)
        );
    }
}
