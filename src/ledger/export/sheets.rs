//! The sheets of a ledger workbook: their names and headers (message ids in `ledger.ftl`) and
//! column widths. The CSV export writes the same sheets as one file each.

/// A sheet, in workbook order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    /// 案件: every case of the office in the period, owned then co-handled.
    Cases,
    /// 欠薪企业: employers with their cases, workers and amounts.
    Employers,
    /// 政府投资项目: government-invested projects, their own ledger.
    Government,
    /// 超期: the period's cases that are overdue today.
    Overdue,
}

impl Sheet {
    pub const ALL: [Sheet; 4] = [Sheet::Cases, Sheet::Employers, Sheet::Government, Sheet::Overdue];

    pub fn name_id(self) -> &'static str {
        match self {
            Sheet::Cases => "ledger-sheet-cases",
            Sheet::Employers => "ledger-sheet-employers",
            Sheet::Government => "ledger-sheet-government",
            Sheet::Overdue => "ledger-sheet-overdue",
        }
    }

    /// The suffix of this sheet's CSV file (`ledger-employers.csv`); the cases sheet has none.
    pub fn csv_suffix(self) -> &'static str {
        match self {
            Sheet::Cases => "",
            Sheet::Employers => "-employers",
            Sheet::Government => "-government",
            Sheet::Overdue => "-overdue",
        }
    }

    /// Header message ids and column widths (Excel character units; Chinese text is two wide).
    pub fn columns(self) -> &'static [(&'static str, f64)] {
        match self {
            Sheet::Cases => CASES,
            Sheet::Employers => EMPLOYERS,
            Sheet::Government => GOVERNMENT,
            Sheet::Overdue => OVERDUE,
        }
    }
}

const CASES: &[(&str, f64)] = &[
    ("ledger-col-case", 26.0),
    ("ledger-col-role", 8.0),
    ("ledger-col-status", 10.0),
    ("ledger-col-submitted", 12.0),
    ("ledger-col-accepted", 12.0),
    ("ledger-col-due", 12.0),
    ("ledger-col-overdue-days", 10.0),
    ("ledger-col-finished", 12.0),
    ("ledger-col-in-time", 10.0),
    ("ledger-col-outcome", 16.0),
    ("ledger-col-owner", 28.0),
    ("ledger-col-first-office", 28.0),
    ("ledger-col-county", 10.0),
    ("ledger-col-site", 30.0),
    ("ledger-col-project", 30.0),
    ("ledger-col-government", 10.0),
    ("ledger-col-employer", 30.0),
    ("ledger-col-filer", 10.0),
    ("ledger-col-phone", 14.0),
    ("ledger-col-id-number", 20.0),
    ("ledger-col-workers", 8.0),
    ("ledger-col-claimed", 16.0),
    ("ledger-col-verified", 16.0),
    ("ledger-col-paid", 16.0),
    ("ledger-col-order-due", 14.0),
    ("ledger-col-penalty", 14.0),
    ("ledger-col-blacklisted", 14.0),
];

const EMPLOYERS: &[(&str, f64)] = &[
    ("ledger-col-employer", 36.0),
    ("ledger-col-cases", 8.0),
    ("ledger-col-workers", 8.0),
    ("ledger-col-claimed", 16.0),
    ("ledger-col-verified", 16.0),
    ("ledger-col-paid", 16.0),
    ("ledger-col-open", 8.0),
    ("ledger-col-overdue", 8.0),
];

const GOVERNMENT: &[(&str, f64)] = &[
    ("ledger-col-project-id", 14.0),
    ("ledger-col-project", 36.0),
    ("ledger-col-county", 10.0),
    ("ledger-col-builder", 30.0),
    ("ledger-col-contractor", 30.0),
    ("ledger-col-cases", 8.0),
    ("ledger-col-workers", 8.0),
    ("ledger-col-claimed", 16.0),
    ("ledger-col-verified", 16.0),
    ("ledger-col-paid", 16.0),
    ("ledger-col-open", 8.0),
    ("ledger-col-overdue", 8.0),
];

const OVERDUE: &[(&str, f64)] = &[
    ("ledger-col-case", 26.0),
    ("ledger-col-status", 10.0),
    ("ledger-col-submitted", 12.0),
    ("ledger-col-due", 12.0),
    ("ledger-col-overdue-days", 10.0),
    ("ledger-col-owner", 28.0),
    ("ledger-col-employer", 30.0),
    ("ledger-col-workers", 8.0),
    ("ledger-col-claimed", 16.0),
];
