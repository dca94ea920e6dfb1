//! The project import file (`wagedesk projects import FILE.csv`): parsing and validation only.
//! One row per worksite with the signboard fields of 条例 Art. 34 and its routing offices. Every
//! row is checked against the deployment; the file is accepted whole or rejected with every bad
//! row and column (rows are numbered as a spreadsheet shows them: the header is row 1).
//! Operator-facing texts are plain English, like compiler errors.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::deployment::{Deployment, OfficeId};
use crate::domain::sector::Sector;
use crate::routing::ProjectRouting;

#[path = "projects_csv/row.rs"]
mod row;
use row::{Cells, check_row};

/// Columns in the order of the sample file; all must be present, in any order.
pub const COLUMNS: [&str; 16] = [
    "project_id",
    "name",
    "county_code",
    "sector",
    "builder",
    "general_contractor",
    "project_department",
    "subcontractors",
    "labour_manager_name",
    "labour_manager_phone",
    "minimum_wage_yuan",
    "pay_day",
    "labour_office",
    "sector_office",
    "township_office",
    "government_invested",
];

/// One validated worksite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRecord {
    /// The operator's own id, stable across imports (re-importing updates the project).
    pub project_id: String,
    pub name: String,
    pub county_code: String,
    pub sector: Sector,
    /// 建设单位.
    pub builder: String,
    /// 施工总承包单位 and its 项目部.
    pub general_contractor: String,
    pub project_department: String,
    /// 分包单位, in the file separated by `;` or `；`.
    pub subcontractors: Vec<String>,
    /// 劳资专管员.
    pub labour_manager_name: String,
    pub labour_manager_phone: String,
    /// The local monthly minimum wage, shown on the signboard.
    pub minimum_wage_fen: i64,
    /// 工资支付日, day of the month.
    pub pay_day: u8,
    pub labour_office: OfficeId,
    pub sector_office: Option<OfficeId>,
    pub township_office: Option<OfficeId>,
    pub government_invested: bool,
}

impl ProjectRecord {
    pub fn routing(&self) -> ProjectRouting {
        ProjectRouting {
            code: self.project_id.clone(),
            labour_office: self.labour_office.clone(),
            sector_office: self.sector_office.clone(),
            township_office: self.township_office.clone(),
            county_code: self.county_code.clone(),
            government_invested: self.government_invested,
            sector: self.sector,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvProblem {
    #[error("{0}")]
    Malformed(String),
    /// Excel on a Chinese Windows saves plain "CSV" in GBK; the operator needs to know how to re-save.
    #[error("the file is not UTF-8: save it as UTF-8 (in Excel: Save As, \"CSV UTF-8\")")]
    NotUtf8,
    #[error("the column is missing from the header")]
    MissingColumn,
    #[error("unknown column (expected one of: {})", COLUMNS.join(", "))]
    UnknownColumn,
    #[error("must not be empty")]
    Empty,
    #[error("{0:?} is not a project id (1 to 64 of A-Z, a-z, 0-9, _ and -)")]
    BadProjectId(String),
    #[error("project id {id:?} is already used on row {first_row}")]
    DuplicateProjectId { id: String, first_row: u64 },
    #[error("unknown county {0:?} (not one of the deployment's regions)")]
    UnknownCounty(String),
    #[error("unknown sector {0:?}")]
    UnknownSector(String),
    #[error("unknown office {0:?}")]
    UnknownOffice(String),
    #[error("office {office:?} is not a {expected} office")]
    WrongOfficeKind { office: String, expected: &'static str },
    #[error("office {office:?} has no jurisdiction over county {county}")]
    OutsideJurisdiction { office: String, county: String },
    #[error("{0:?} is not a phone number")]
    BadPhone(String),
    #[error("{0:?} is not an amount in yuan")]
    BadAmount(String),
    #[error("{0:?} is not a day of the month (1 to 31)")]
    BadPayDay(String),
    #[error("{0:?} is not yes or no")]
    BadFlag(String),
}

impl CsvProblem {
    fn read(error: &csv::Error) -> CsvProblem {
        match error.kind() {
            csv::ErrorKind::Utf8 { .. } => CsvProblem::NotUtf8,
            _ => CsvProblem::Malformed(error.to_string()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRowError {
    pub row: u64,
    pub column: Option<&'static str>,
    pub problem: CsvProblem,
}

impl fmt::Display for CsvRowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(column) => write!(f, "row {}, column {column}: {}", self.row, self.problem),
            None => write!(f, "row {}: {}", self.row, self.problem),
        }
    }
}

/// Every problem of a rejected file, one per line when displayed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CsvErrors(pub Vec<CsvRowError>);

impl fmt::Display for CsvErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl std::error::Error for CsvErrors {}

/// Parses and validates a whole import file: all rows, or every error.
pub fn parse_projects(data: &[u8], d: &Deployment) -> Result<Vec<ProjectRecord>, CsvErrors> {
    let mut errors = Vec::new();
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(data);
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim_start_matches('\u{feff}').to_string()).collect(),
        Err(e) => {
            return Err(CsvErrors(vec![CsvRowError { row: 1, column: None, problem: CsvProblem::read(&e) }]));
        }
    };
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for column in COLUMNS {
        match header.iter().position(|h| h == column) {
            Some(i) => {
                index.insert(column, i);
            }
            None => errors.push(CsvRowError { row: 1, column: Some(column), problem: CsvProblem::MissingColumn }),
        }
    }
    for h in header.iter().filter(|h| !COLUMNS.contains(&h.as_str())) {
        let problem = CsvProblem::Malformed(format!("unknown column {h:?} (expected: {})", COLUMNS.join(", ")));
        errors.push(CsvRowError { row: 1, column: None, problem });
    }
    if !errors.is_empty() {
        return Err(CsvErrors(errors));
    }
    let mut records = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (n, result) in reader.records().enumerate() {
        // The spreadsheet row (header = 1), not the text line: a cell may hold a line break.
        let row = u64::try_from(n).unwrap_or(u64::MAX).saturating_add(2);
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let not_utf8 = matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                errors.push(CsvRowError { row, column: None, problem: CsvProblem::read(&e) });
                if not_utf8 {
                    // Every other row would say the same.
                    break;
                }
                continue;
            }
        };
        // Excel saves rows it once touched as bare commas (`,,,,`): they hold no project.
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cells = Cells { record: &record, index: &index };
        let mut row_errors = Vec::new();
        let project = check_row(&cells, d, &mut |column, problem| {
            row_errors.push(CsvRowError { row, column: Some(column), problem })
        });
        let id = cells.get("project_id");
        if let Some(first_row) = seen.get(id) {
            let problem = CsvProblem::DuplicateProjectId { id: id.to_string(), first_row: *first_row };
            row_errors.push(CsvRowError { row, column: Some("project_id"), problem });
        } else if !id.is_empty() {
            seen.insert(id.to_string(), row);
        }
        match project {
            Some(p) if row_errors.is_empty() => records.push(p),
            _ => errors.extend(row_errors),
        }
    }
    if errors.is_empty() { Ok(records) } else { Err(CsvErrors(errors)) }
}

#[cfg(test)]
mod tests {
    use super::row::{is_phone, yuan_to_fen};
    use super::*;
    use crate::deployment::testing::sample;

    const SAMPLE: &str = include_str!("../../../deploy/projects.sample.csv");

    fn header() -> String {
        COLUMNS.join(",")
    }

    #[test]
    fn the_sample_file_imports_every_project() {
        let projects = parse_projects(SAMPLE.as_bytes(), &sample()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(projects.len(), 6);
        let road = &projects[1];
        assert_eq!((road.sector, road.government_invested, road.minimum_wage_fen), (Sector::Road, true, 249_000));
        assert_eq!(projects[0].subcontractors.len(), 2);
        assert!(projects[3].general_contractor.chars().count() > 40, "the long company name survives");
        assert_eq!(projects[4].sector_office, None);
        assert_eq!(projects[1].routing().labour_office.as_str(), "hz-xihu-ldjc");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_row_and_column_and_nothing_is_imported() {
        let good = "ok-1,工地,330106,building,甲,乙,项目部,,张三,13800000001,2490,15,hz-xihu-ldjc,hz-xihu-zjj,hz-xihu-zhuantang,no";
        let rows = [
            good,
            "ok-2,工地,330106,building,甲,乙,项目部,,张三,13800000001,2490,15,x,,,no",
            "ok-3,工地,999999,boat,甲,乙,项目部,,张三,12345,2490.123,32,hz-xihu-ldjc,,,maybe",
            "ok-1,工地,330106,road,甲,乙,项目部,,张三,13800000001,2490,15,hz-gongshu-ldjc,hz-xihu-zjj,hz-qqb,no",
            "bad id!,,330106,factory,甲,乙,项目部,,张三,13800000001,2490,15,hz-xihu-ldjc,,,no",
        ];
        let text = format!("{}\n{}\n", header(), rows.join("\n"));
        let errors = parse_projects(text.as_bytes(), &sample()).expect_err("rejected").to_string();
        for line in [
            r#"row 3, column labour_office: unknown office "x""#,
            r#"row 4, column county_code: unknown county "999999""#,
            r#"row 4, column sector: unknown sector "boat""#,
            r#"row 4, column labour_manager_phone: "12345" is not a phone number"#,
            r#"row 4, column minimum_wage_yuan: "2490.123" is not an amount in yuan"#,
            r#"row 4, column pay_day: "32" is not a day of the month (1 to 31)"#,
            r#"row 4, column government_invested: "maybe" is not yes or no"#,
            r#"row 5, column labour_office: office "hz-gongshu-ldjc" has no jurisdiction over county 330106"#,
            r#"row 5, column sector_office: office "hz-xihu-zjj" is not a matching sector-regulator office"#,
            r#"row 5, column township_office: office "hz-qqb" is not a township office"#,
            r#"row 5, column project_id: project id "ok-1" is already used on row 2"#,
            r#"row 6, column name: must not be empty"#,
            r#"row 6, column project_id: "bad id!" is not a project id"#,
        ] {
            assert!(errors.contains(line), "missing {line:?} in\n{errors}");
        }
        assert!(!errors.contains("row 2,"), "the good row has no error:\n{errors}");
    }

    #[test]
    fn a_missing_column_is_reported_on_the_header_row() {
        let text = header().replace(",pay_day", "");
        let errors = parse_projects(text.as_bytes(), &sample()).expect_err("rejected");
        assert_eq!(errors.to_string(), "row 1, column pay_day: the column is missing from the header");
    }

    #[test]
    fn a_line_break_inside_a_cell_does_not_shift_row_numbers() {
        let text = format!(
            "\u{feff}{}\n\"a\",\"工地\n二期\",330106,building,甲,乙,项目部,,张三,13800000001,2490,15,hz-xihu-ldjc,,,no\nb,工地,330106,building,甲,乙,项目部,,张三,138,2490,15,hz-xihu-ldjc,,,no\n",
            header()
        );
        let errors = parse_projects(text.as_bytes(), &sample()).expect_err("rejected").to_string();
        assert_eq!(errors, r#"row 3, column labour_manager_phone: "138" is not a phone number"#);
    }

    #[test]
    fn rows_of_empty_cells_that_excel_leaves_are_skipped() {
        let good = "ok-1,工地,330106,building,甲,乙,项目部,,张三,13800000001,2490,15,hz-xihu-ldjc,,,no";
        let blank = ",".repeat(COLUMNS.len() - 1);
        let spaces = " ,".repeat(COLUMNS.len() - 1);
        let text = format!("{}\r\n{good}\r\n{blank}\r\n{blank}\r\n{spaces}\r\n", header());
        let projects = parse_projects(text.as_bytes(), &sample()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(projects.len(), 1);
    }

    #[test]
    fn a_file_not_in_utf8_is_refused_with_how_to_save_it() {
        // 工地 in GBK, as Excel saves "CSV" on a Chinese Windows.
        let mut data = format!("{}\nok-1,", header()).into_bytes();
        data.extend_from_slice(&[0xB9, 0xA4, 0xB5, 0xD8]);
        data.extend_from_slice(b",330106,building,a,b,c,,d,13800000001,2490,15,hz-xihu-ldjc,,,no\n");
        let errors = parse_projects(&data, &sample()).expect_err("rejected").to_string();
        assert!(errors.contains("row 2: the file is not UTF-8"), "{errors}");
        assert!(errors.contains("CSV UTF-8"), "{errors}");
        let mut header = b"project_id,".to_vec();
        header.extend_from_slice(&[0xB9, 0xA4]);
        let errors = parse_projects(&header, &sample()).expect_err("rejected").to_string();
        assert!(errors.contains("row 1: the file is not UTF-8"), "{errors}");
    }

    #[test]
    fn phones_and_amounts_are_read_strictly() {
        for (phone, ok) in [
            ("13800000001", true),
            ("+86 138-0000-0001", true),
            ("0571-88000011", true),
            ("12800000001", false),
            ("8800011", false),
        ] {
            assert_eq!(is_phone(phone), ok, "{phone}");
        }
        for (text, fen) in [
            ("2490", Some(249_000)),
            ("2490.5", Some(249_050)),
            ("2490.05", Some(249_005)),
            ("2,490", None),
            ("", None),
            (".5", None),
        ] {
            assert_eq!(yuan_to_fen(text), fen, "{text}");
        }
    }
}
