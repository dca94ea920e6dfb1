//! Checking one row of the project import file against the deployment, cell by cell.

use std::collections::HashMap;

use super::{CsvProblem, ProjectRecord};
use crate::deployment::{Deployment, OfficeId, OfficeKind};
use crate::domain::sector::Sector;

type Report<'a> = &'a mut dyn FnMut(&'static str, CsvProblem);

/// One record's cells by column name.
pub(super) struct Cells<'r> {
    pub(super) record: &'r csv::StringRecord,
    pub(super) index: &'r HashMap<&'static str, usize>,
}

impl<'r> Cells<'r> {
    pub(super) fn get(&self, column: &str) -> &'r str {
        self.index.get(column).and_then(|i| self.record.get(*i)).unwrap_or("")
    }
}

/// Checks one row; reports each bad cell and returns the record when the row is usable.
pub(super) fn check_row(cells: &Cells<'_>, d: &Deployment, report: Report<'_>) -> Option<ProjectRecord> {
    let mut ok = true;
    let mut required = |column: &'static str, report: Report<'_>| {
        let value = cells.get(column);
        if value.is_empty() {
            report(column, CsvProblem::Empty);
            ok = false;
        }
        value.to_string()
    };
    let project_id = required("project_id", report);
    let name = required("name", report);
    let county_code = required("county_code", report);
    let sector_code = required("sector", report);
    let builder = required("builder", report);
    let general_contractor = required("general_contractor", report);
    let project_department = required("project_department", report);
    let labour_manager_name = required("labour_manager_name", report);
    let phone = required("labour_manager_phone", report);
    let wage = required("minimum_wage_yuan", report);
    let pay_day = required("pay_day", report);
    let labour = required("labour_office", report);
    let mut fail = |column, problem| report(column, problem);
    let valid_id = (1..=64).contains(&project_id.len())
        && project_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let project_id = if valid_id || project_id.is_empty() {
        Some(project_id)
    } else {
        {
            fail("project_id", CsvProblem::BadProjectId(project_id));
            None
        }
    };
    let county = if county_code.is_empty() || d.county(&county_code).is_some() {
        Some(county_code)
    } else {
        {
            fail("county_code", CsvProblem::UnknownCounty(county_code));
            None
        }
    };
    let sector = match Sector::from_code(&sector_code) {
        Some(s) => Some(s),
        None if sector_code.is_empty() => None,
        None => {
            fail("sector", CsvProblem::UnknownSector(sector_code));
            None
        }
    };
    let phone = if phone.is_empty() || is_phone(&phone) {
        Some(phone)
    } else {
        {
            fail("labour_manager_phone", CsvProblem::BadPhone(phone));
            None
        }
    };
    let minimum_wage_fen = match yuan_to_fen(&wage) {
        Some(fen) if fen > 0 => Some(fen),
        _ if wage.is_empty() => None,
        _ => {
            fail("minimum_wage_yuan", CsvProblem::BadAmount(wage));
            None
        }
    };
    let pay_day = match pay_day.parse::<u8>() {
        Ok(day) if (1..=31).contains(&day) => Some(day),
        _ if pay_day.is_empty() => None,
        _ => {
            fail("pay_day", CsvProblem::BadPayDay(pay_day));
            None
        }
    };
    let government_invested = match cells.get("government_invested").to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "否" => Some(false),
        "yes" | "y" | "true" | "1" | "是" => Some(true),
        other => {
            fail("government_invested", CsvProblem::BadFlag(other.to_string()));
            None
        }
    };
    let county_ref = county.as_deref().unwrap_or("");
    let regulator = sector.and_then(Sector::regulator);
    let mut office =
        |column: &'static str, value: &str, wanted: &dyn Fn(OfficeKind) -> bool, expected: &'static str| {
            if value.is_empty() {
                return None;
            }
            let found = OfficeId::parse(value).ok().and_then(|id| d.office(&id));
            match found {
                None => {
                    fail(column, CsvProblem::UnknownOffice(value.into()));
                    None
                }
                Some(o) if !wanted(o.kind) => {
                    fail(column, CsvProblem::WrongOfficeKind { office: value.into(), expected });
                    None
                }
                Some(o) if !county_ref.is_empty() && !o.covers(county_ref) => {
                    fail(column, CsvProblem::OutsideJurisdiction { office: value.into(), county: county_ref.into() });
                    None
                }
                Some(o) => Some(o.id.clone()),
            }
        };
    let labour_office = office("labour_office", &labour, &|k| k == OfficeKind::LabourInspection, "labour-inspection");
    let sector_office = office(
        "sector_office",
        cells.get("sector_office"),
        &|k| Some(k) == regulator.map(OfficeKind::SectorRegulator),
        "matching sector-regulator",
    );
    let township_office =
        office("township_office", cells.get("township_office"), &|k| k == OfficeKind::Township, "township");
    let subcontractors = cells
        .get("subcontractors")
        .split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect();
    if !ok {
        return None;
    }
    Some(ProjectRecord {
        project_id: project_id?,
        name,
        county_code: county?,
        sector: sector?,
        builder,
        general_contractor,
        project_department,
        subcontractors,
        labour_manager_name,
        labour_manager_phone: phone?,
        minimum_wage_fen: minimum_wage_fen?,
        pay_day: pay_day?,
        labour_office: labour_office?,
        sector_office: if cells.get("sector_office").is_empty() { None } else { Some(sector_office?) },
        township_office: if cells.get("township_office").is_empty() { None } else { Some(township_office?) },
        government_invested: government_invested?,
    })
}

/// A mainland mobile (`1[3-9]` + 9 digits, optional +86) or a landline with area code.
pub(super) fn is_phone(text: &str) -> bool {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
    let all_digits = digits.bytes().all(|b| b.is_ascii_digit());
    let mobile = digits.len() == 11 && digits.starts_with('1') && matches!(digits.as_bytes().get(1), Some(b'3'..=b'9'));
    let landline = digits.starts_with('0') && (10..=12).contains(&digits.len());
    all_digits && (mobile || landline)
}

/// `2490`, `2490.5`, `2490.50` → fen; never through floating point.
pub(super) fn yuan_to_fen(text: &str) -> Option<i64> {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.len() > 2 || (!frac.is_empty() && !digits(frac)) {
        return None;
    }
    let cents: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}
