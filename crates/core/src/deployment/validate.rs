//! The semantic checks of a parsed deployment file: codes, ids, references between offices,
//! jurisdiction coverage and campaign thresholds. Every problem is collected, none stops the rest.

use std::collections::HashMap;

use toml::Spanned;

use super::issues::{Collector, ConfigProblem};
use super::raw::{RawDeployment, RawOffice};
use super::{OfficeId, OfficeKind};
use crate::domain::sector::Regulator;

pub(super) fn check(raw: &RawDeployment, out: &mut Collector<'_>) {
    check_regions(raw, out);
    check_offices(raw, out);
    check_coverage(raw, out);
    let intake = &raw.default_intake_office;
    if !raw.offices.iter().any(|o| o.id.get_ref() == intake.get_ref()) {
        out.error(Some(intake.span()), "default_intake_office", ConfigProblem::UnknownOffice(intake.get_ref().clone()));
    }
}

fn is_county_code(code: &str) -> bool {
    code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())
}

pub(super) fn non_empty(value: &Spanned<String>, path: String, out: &mut Collector<'_>) {
    if value.get_ref().trim().is_empty() {
        out.error(Some(value.span()), path, ConfigProblem::Empty);
    }
}

fn check_regions(raw: &RawDeployment, out: &mut Collector<'_>) {
    let mut seen_counties: Vec<&str> = Vec::new();
    let mut seen_townships: Vec<&str> = Vec::new();
    for (i, county) in raw.regions.iter().enumerate() {
        let code = county.code.get_ref().as_str();
        let path = format!("regions[{i}]");
        if !is_county_code(code) {
            out.error(Some(county.code.span()), format!("{path}.code"), ConfigProblem::BadCountyCode(code.into()));
        } else if seen_counties.contains(&code) {
            out.error(Some(county.code.span()), format!("{path}.code"), ConfigProblem::DuplicateCounty(code.into()));
        }
        seen_counties.push(code);
        non_empty(&county.name_zh, format!("{path}.name_zh"), out);
        non_empty(&county.name_en, format!("{path}.name_en"), out);
        for (j, town) in county.townships.iter().enumerate() {
            let tcode = town.code.get_ref().as_str();
            let tpath = format!("{path}.townships[{j}]");
            let well_formed =
                matches!(tcode.len(), 9 | 12) && tcode.bytes().all(|b| b.is_ascii_digit()) && tcode.starts_with(code);
            if !well_formed {
                let problem = ConfigProblem::BadTownshipCode { value: tcode.into(), county: code.into() };
                out.error(Some(town.code.span()), format!("{tpath}.code"), problem);
            } else if seen_townships.contains(&tcode) {
                out.error(
                    Some(town.code.span()),
                    format!("{tpath}.code"),
                    ConfigProblem::DuplicateTownship(tcode.into()),
                );
            }
            seen_townships.push(tcode);
            non_empty(&town.name_zh, format!("{tpath}.name_zh"), out);
            non_empty(&town.name_en, format!("{tpath}.name_en"), out);
        }
    }
}

pub(super) type KindError = (&'static str, std::ops::Range<usize>, ConfigProblem);

/// The office kind written as `kind = "..."` plus, for regulators, `regulator = "..."`.
pub(super) fn office_kind(raw: &RawOffice) -> Result<OfficeKind, KindError> {
    let kind = match raw.kind.get_ref().as_str() {
        "labour_inspection" => OfficeKind::LabourInspection,
        "township" => OfficeKind::Township,
        "police" => OfficeKind::Police,
        "supervisor" => OfficeKind::Supervisor,
        "sector_regulator" => {
            let Some(reg) = &raw.regulator else {
                return Err(("kind", raw.kind.span(), ConfigProblem::MissingRegulator));
            };
            let code = reg.get_ref().as_str();
            let regulator = Regulator::from_code(code)
                .ok_or_else(|| ("regulator", reg.span(), ConfigProblem::UnknownRegulator(code.into())))?;
            return Ok(OfficeKind::SectorRegulator(regulator));
        }
        other => {
            return Err(("kind", raw.kind.span(), ConfigProblem::UnknownKind(other.into())));
        }
    };
    match &raw.regulator {
        Some(reg) => Err(("regulator", reg.span(), ConfigProblem::UnexpectedRegulator)),
        None => Ok(kind),
    }
}

fn check_offices(raw: &RawDeployment, out: &mut Collector<'_>) {
    let known = |id: &str| raw.offices.iter().any(|o| o.id.get_ref() == id);
    let mut seen: Vec<&str> = Vec::new();
    for (i, office) in raw.offices.iter().enumerate() {
        let path = format!("offices[{i}]");
        let id = office.id.get_ref().as_str();
        if OfficeId::parse(id).is_err() {
            out.error(Some(office.id.span()), format!("{path}.id"), ConfigProblem::BadOfficeId(id.into()));
        } else if seen.contains(&id) {
            out.error(Some(office.id.span()), format!("{path}.id"), ConfigProblem::DuplicateOffice(id.into()));
        }
        seen.push(id);
        non_empty(&office.name_zh, format!("{path}.name_zh"), out);
        non_empty(&office.name_en, format!("{path}.name_en"), out);
        let kind = office_kind(office);
        if let Err((field, span, problem)) = &kind {
            out.error(Some(span.clone()), format!("{path}.{field}"), problem.clone());
        }
        for (j, county) in office.jurisdiction.iter().enumerate() {
            let code = county.get_ref().as_str();
            let jpath = format!("{path}.jurisdiction[{j}]");
            if !is_county_code(code) {
                out.error(Some(county.span()), jpath, ConfigProblem::BadCountyCode(code.into()));
            } else if !raw.regions.iter().any(|c| c.code.get_ref() == code) {
                out.error(Some(county.span()), jpath, ConfigProblem::UnknownCounty(code.into()));
            }
        }
        for (j, town) in office.townships.iter().enumerate() {
            let code = town.get_ref().as_str();
            if !raw.regions.iter().any(|c| c.townships.iter().any(|t| t.code.get_ref() == code)) {
                out.error(
                    Some(town.span()),
                    format!("{path}.townships[{j}]"),
                    ConfigProblem::UnknownTownship(code.into()),
                );
            }
        }
        match &office.supervisor {
            Some(sup) if sup.get_ref() == id => {
                out.error(Some(sup.span()), format!("{path}.supervisor"), ConfigProblem::SelfSupervision);
            }
            Some(sup) if !known(sup.get_ref()) => {
                let problem = ConfigProblem::UnknownOffice(sup.get_ref().clone());
                out.error(Some(sup.span()), format!("{path}.supervisor"), problem);
            }
            Some(_) => {}
            None if !matches!(kind, Ok(OfficeKind::Supervisor)) => {
                out.warn(Some(office.id.span()), format!("{path}.supervisor"), ConfigProblem::NoSupervisor(id.into()));
            }
            None => {}
        }
    }
}

/// Each county needs exactly one labour-inspection office, or routing would be ambiguous.
fn check_coverage(raw: &RawDeployment, out: &mut Collector<'_>) {
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for (i, office) in raw.offices.iter().enumerate() {
        if !matches!(office_kind(office), Ok(OfficeKind::LabourInspection)) {
            continue;
        }
        for (j, county) in office.jurisdiction.iter().enumerate() {
            let code = county.get_ref().as_str();
            match owner.get(code) {
                Some(first) if *first != office.id.get_ref().as_str() => {
                    let problem = ConfigProblem::CountyCoveredTwice { county: code.into(), first: (*first).into() };
                    out.error(Some(county.span()), format!("offices[{i}].jurisdiction[{j}]"), problem);
                }
                Some(_) => {}
                None => {
                    owner.insert(code, office.id.get_ref());
                }
            }
        }
    }
    for (i, county) in raw.regions.iter().enumerate() {
        let code = county.code.get_ref().as_str();
        if is_county_code(code) && !owner.contains_key(code) {
            out.warn(
                Some(county.code.span()),
                format!("regions[{i}].code"),
                ConfigProblem::CountyWithoutLabourOffice(code.into()),
            );
        }
    }
}
