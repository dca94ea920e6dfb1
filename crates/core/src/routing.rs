//! Which office owns a new complaint, who co-handles it, who is told, and why (docs/rules.md, "Which
//! office owns a case").
//!
//! A pure function over plain data. Jurisdiction follows the worksite (监察条例 Art. 13), never the
//! worker's home or the company's address. The sector regulator co-handles engineering projects
//! when the arrears come from illegal subcontracting, 挂靠 or unpaid 工程款 (条例 Art. 7), and on
//! government-invested projects, which the campaign plans track separately.

use serde::{Deserialize, Serialize};

use crate::case::{Arg, Message};
use crate::deployment::{Deployment, OfficeId};
use crate::domain::sector::{Regulator, Sector};

/// The routing fields of an imported project (worksite), as a QR deep link names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRouting {
    /// The operator's project id, shown in the timeline.
    pub code: String,
    pub labour_office: OfficeId,
    pub sector_office: Option<OfficeId>,
    pub township_office: Option<OfficeId>,
    pub county_code: String,
    pub government_invested: bool,
    pub sector: Sector,
}

/// What routing knows about a submitted complaint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoutingInput {
    pub project: Option<ProjectRouting>,
    /// The worksite county the worker picked (ignored when a project is named).
    pub worksite_county: Option<String>,
    pub sector: Option<Sector>,
    /// Arrears caused by illegal subcontracting, 挂靠 or unpaid 工程款.
    pub construction_cause: bool,
    /// The township the worker picked on the keyboard (ignored when a project names its own).
    pub township: Option<String>,
    /// Who owes the money, as the intake's employer-kind code.
    pub employer_kind: Option<String>,
}

/// The routing decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub owner: OfficeId,
    pub co_handlers: Vec<OfficeId>,
    /// Offices told about the case without owning it (the township, for mediation).
    pub notify: Vec<OfficeId>,
    pub reason: RoutingReason,
    /// Why co-handlers and notified offices were (or could not be) added.
    pub notes: Vec<RoutingNote>,
    /// The worksite county routing went by (the project's, else the one the worker picked): the case
    /// keeps it so a case owned outside its jurisdiction has a deadline to be passed on.
    #[serde(default)]
    pub county: Option<String>,
}

/// Why the owner was chosen; stored in the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RoutingReason {
    ProjectLabourOffice { project: String, office: OfficeId },
    CountyJurisdiction { county: String, office: OfficeId },
    DefaultIntake { tried_county: Option<String> },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoHandlingCause {
    ConstructionCause,
    GovernmentInvested,
    /// The employer is a kind the deployment's rules send to the regulator (a 包工头, a subcontractor).
    SubcontractedEmployer,
}

/// Side decisions of routing, each with its own timeline message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RoutingNote {
    SectorCoHandler {
        office: OfficeId,
        cause: CoHandlingCause,
    },
    /// Co-handling was due but the deployment has no such regulator for the county.
    NoSectorRegulator {
        county: String,
        regulator: Regulator,
    },
    TownshipNotified {
        office: OfficeId,
    },
    /// The project names an office the deployment no longer has; routed by its county instead.
    ProjectOfficeUnknown {
        project: String,
        office: OfficeId,
    },
}

/// Decides owner, co-handlers and notified offices for a new complaint.
pub fn assign_office(input: &RoutingInput, deployment: &Deployment) -> Assignment {
    let known = |id: &OfficeId| deployment.office(id).is_some();
    let project = input.project.as_ref();
    let county = project.map(|p| p.county_code.clone()).or_else(|| input.worksite_county.clone());
    let mut notes = Vec::new();

    let (owner, reason) = match project {
        Some(p) if known(&p.labour_office) => (
            p.labour_office.clone(),
            RoutingReason::ProjectLabourOffice { project: p.code.clone(), office: p.labour_office.clone() },
        ),
        _ => {
            if let Some(p) = project {
                notes.push(RoutingNote::ProjectOfficeUnknown {
                    project: p.code.clone(),
                    office: p.labour_office.clone(),
                });
            }
            match county.as_deref().and_then(|c| deployment.labour_office_for_county(c)) {
                Some(office) => (
                    office.id.clone(),
                    RoutingReason::CountyJurisdiction {
                        county: county.clone().unwrap_or_default(),
                        office: office.id.clone(),
                    },
                ),
                None => (
                    deployment.default_intake_office.clone(),
                    RoutingReason::DefaultIntake { tried_county: county.clone() },
                ),
            }
        }
    };
    let mut assignment =
        Assignment { owner, co_handlers: Vec::new(), notify: Vec::new(), reason, notes, county: county.clone() };

    let sector = project.map(|p| p.sector).or(input.sector);
    let cause = if input.construction_cause {
        Some(CoHandlingCause::ConstructionCause)
    } else if input.employer_kind.as_ref().is_some_and(|k| deployment.campaign.sector_co_handling_employers.contains(k))
    {
        Some(CoHandlingCause::SubcontractedEmployer)
    } else if project.is_some_and(|p| p.government_invested) {
        Some(CoHandlingCause::GovernmentInvested)
    } else {
        None
    };
    if let (Some(cause), Some(regulator)) = (cause, sector.and_then(Sector::regulator)) {
        let named = project.and_then(|p| p.sector_office.clone()).filter(|o| known(o));
        let by_county = county.as_deref().and_then(|c| deployment.sector_office_for_county(c, regulator));
        match named.or_else(|| by_county.map(|o| o.id.clone())) {
            Some(office) => assignment.add_co_handler(office, cause),
            None if county.is_some() => assignment
                .notes
                .push(RoutingNote::NoSectorRegulator { county: county.clone().unwrap_or_default(), regulator }),
            None => {}
        }
    }
    // The project's township office, else the one serving the township the worker picked.
    let picked = || input.township.as_deref().and_then(|t| deployment.township_office(t)).map(|o| o.id.clone());
    let township = project.and_then(|p| p.township_office.clone()).or_else(picked);
    if let Some(town) = township.filter(|o| known(o) && *o != assignment.owner) {
        assignment.notify.push(town.clone());
        assignment.notes.push(RoutingNote::TownshipNotified { office: town });
    }
    assignment
}

impl Assignment {
    fn add_co_handler(&mut self, office: OfficeId, cause: CoHandlingCause) {
        if office != self.owner && !self.co_handlers.contains(&office) {
            self.co_handlers.push(office.clone());
            self.notes.push(RoutingNote::SectorCoHandler { office, cause });
        }
    }

    /// The timeline messages of this decision: the reason first, then each note.
    pub fn messages(&self) -> Vec<Message> {
        std::iter::once(self.reason.message()).chain(self.notes.iter().map(RoutingNote::message)).collect()
    }
}

impl RoutingReason {
    pub fn message_id(&self) -> &'static str {
        match self {
            RoutingReason::ProjectLabourOffice { .. } => "routing-project-labour-office",
            RoutingReason::CountyJurisdiction { .. } => "routing-county-jurisdiction",
            RoutingReason::DefaultIntake { tried_county: Some(_) } => "routing-default-intake-unknown-county",
            RoutingReason::DefaultIntake { tried_county: None } => "routing-default-intake-no-county",
        }
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.message_id());
        match self {
            RoutingReason::ProjectLabourOffice { project, office } => {
                m.text("project", project).office("office", office)
            }
            RoutingReason::CountyJurisdiction { county, office } => {
                m.arg("county", Arg::County(county.clone())).office("office", office)
            }
            RoutingReason::DefaultIntake { tried_county: Some(county) } => m.arg("county", Arg::County(county.clone())),
            RoutingReason::DefaultIntake { tried_county: None } => m,
        }
    }
}

/// Fluent id of a regulator's name.
pub fn regulator_message_id(regulator: Regulator) -> &'static str {
    match regulator {
        Regulator::HousingConstruction => "regulator-housing-construction",
        Regulator::Transport => "regulator-transport",
        Regulator::Water => "regulator-water",
    }
}

impl RoutingNote {
    pub fn message_id(&self) -> &'static str {
        match self {
            RoutingNote::SectorCoHandler { cause: CoHandlingCause::ConstructionCause, .. } => {
                "routing-note-co-handler-construction-cause"
            }
            RoutingNote::SectorCoHandler { cause: CoHandlingCause::GovernmentInvested, .. } => {
                "routing-note-co-handler-government-invested"
            }
            RoutingNote::SectorCoHandler { cause: CoHandlingCause::SubcontractedEmployer, .. } => {
                "routing-note-co-handler-subcontracted-employer"
            }
            RoutingNote::NoSectorRegulator { .. } => "routing-note-no-sector-regulator",
            RoutingNote::TownshipNotified { .. } => "routing-note-township-notified",
            RoutingNote::ProjectOfficeUnknown { .. } => "routing-note-project-office-unknown",
        }
    }

    pub fn message(&self) -> Message {
        let m = Message::new(self.message_id());
        match self {
            RoutingNote::SectorCoHandler { office, .. } | RoutingNote::TownshipNotified { office } => {
                m.office("office", office)
            }
            RoutingNote::NoSectorRegulator { county, regulator } => m
                .arg("county", Arg::County(county.clone()))
                .arg("regulator", Arg::Message(regulator_message_id(*regulator).into())),
            // The office is unknown to the deployment, so it can only be shown by its id.
            RoutingNote::ProjectOfficeUnknown { project, office } => {
                m.text("project", project).text("office", office.as_str())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deployment::testing::{id, sample};

    fn project(labour: &str, sector: Sector) -> ProjectRouting {
        ProjectRouting {
            code: "xh-2026-001".into(),
            labour_office: id(labour),
            sector_office: Some(id("hz-xihu-zjj")),
            township_office: Some(id("hz-xihu-zhuantang")),
            county_code: "330106".into(),
            government_invested: false,
            sector,
        }
    }

    fn by_county(county: Option<&str>, sector: Sector, cause: bool) -> RoutingInput {
        RoutingInput {
            project: None,
            worksite_county: county.map(Into::into),
            sector: Some(sector),
            construction_cause: cause,
            township: None,
            employer_kind: None,
        }
    }

    fn with_project(p: ProjectRouting, cause: bool) -> RoutingInput {
        RoutingInput {
            project: Some(p),
            worksite_county: None,
            sector: None,
            construction_cause: cause,
            township: None,
            employer_kind: None,
        }
    }

    struct Row {
        name: &'static str,
        input: RoutingInput,
        owner: &'static str,
        co_handlers: &'static [&'static str],
        notify: &'static [&'static str],
        reason_id: &'static str,
        note_ids: &'static [&'static str],
    }

    fn rows() -> Vec<Row> {
        let xihu = "hz-xihu-ldjc";
        let ghost = || project("hz-gone-ldjc", Sector::Building);
        vec![
            Row {
                name: "a project goes to its labour office and tells its township",
                input: with_project(project(xihu, Sector::Building), false),
                owner: xihu,
                co_handlers: &[],
                notify: &["hz-xihu-zhuantang"],
                reason_id: "routing-project-labour-office",
                note_ids: &["routing-note-township-notified"],
            },
            Row {
                name: "a construction cause on a project brings in its sector regulator",
                input: with_project(project(xihu, Sector::Building), true),
                owner: xihu,
                co_handlers: &["hz-xihu-zjj"],
                notify: &["hz-xihu-zhuantang"],
                reason_id: "routing-project-labour-office",
                note_ids: &["routing-note-co-handler-construction-cause", "routing-note-township-notified"],
            },
            Row {
                name: "a government-invested project brings in its regulator without a construction cause",
                input: with_project(
                    ProjectRouting { government_invested: true, ..project(xihu, Sector::Building) },
                    false,
                ),
                owner: xihu,
                co_handlers: &["hz-xihu-zjj"],
                notify: &["hz-xihu-zhuantang"],
                reason_id: "routing-project-labour-office",
                note_ids: &["routing-note-co-handler-government-invested", "routing-note-township-notified"],
            },
            Row {
                name: "a project without a named regulator finds the county's regulator for its sector",
                input: with_project(
                    ProjectRouting { sector_office: None, township_office: None, ..project(xihu, Sector::Road) },
                    true,
                ),
                owner: xihu,
                co_handlers: &["hz-xihu-jtj"],
                notify: &[],
                reason_id: "routing-project-labour-office",
                note_ids: &["routing-note-co-handler-construction-cause"],
            },
            Row {
                name: "a project whose labour office is unknown is routed by its county",
                input: with_project(ghost(), false),
                owner: xihu,
                co_handlers: &[],
                notify: &["hz-xihu-zhuantang"],
                reason_id: "routing-county-jurisdiction",
                note_ids: &["routing-note-project-office-unknown", "routing-note-township-notified"],
            },
            Row {
                name: "a project with an unknown office in an unknown county lands at the default intake office",
                input: with_project(
                    ProjectRouting { county_code: "110105".into(), township_office: None, ..ghost() },
                    false,
                ),
                owner: xihu,
                co_handlers: &[],
                notify: &[],
                reason_id: "routing-default-intake-unknown-county",
                note_ids: &["routing-note-project-office-unknown"],
            },
            Row {
                name: "the project's county wins over the county the worker picked",
                input: RoutingInput {
                    worksite_county: Some("330108".into()),
                    ..with_project(project(xihu, Sector::Building), false)
                },
                owner: xihu,
                co_handlers: &[],
                notify: &["hz-xihu-zhuantang"],
                reason_id: "routing-project-labour-office",
                note_ids: &["routing-note-township-notified"],
            },
            Row {
                name: "without a project the worksite county decides",
                input: by_county(Some("330105"), Sector::Factory, false),
                owner: "hz-gongshu-ldjc",
                co_handlers: &[],
                notify: &[],
                reason_id: "routing-county-jurisdiction",
                note_ids: &[],
            },
            Row {
                name: "without a project a construction cause adds the county's regulator for the sector",
                input: by_county(Some("330106"), Sector::WaterWorks, true),
                owner: xihu,
                co_handlers: &["hz-xihu-slj"],
                notify: &[],
                reason_id: "routing-county-jurisdiction",
                note_ids: &["routing-note-co-handler-construction-cause"],
            },
            Row {
                name: "a construction sector without a construction cause has no co-handler",
                input: by_county(Some("330106"), Sector::Building, false),
                owner: xihu,
                co_handlers: &[],
                notify: &[],
                reason_id: "routing-county-jurisdiction",
                note_ids: &[],
            },
            Row {
                name: "a county without the sector's regulator says so in a note",
                input: by_county(Some("330105"), Sector::Road, true),
                owner: "hz-gongshu-ldjc",
                co_handlers: &[],
                notify: &[],
                reason_id: "routing-county-jurisdiction",
                note_ids: &["routing-note-no-sector-regulator"],
            },
            Row {
                name: "a non-construction sector never gets a regulator",
                input: by_county(Some("330106"), Sector::Services, true),
                owner: xihu,
                co_handlers: &[],
                notify: &[],
                reason_id: "routing-county-jurisdiction",
                note_ids: &[],
            },
            Row {
                name: "an unknown county lands at the default intake office",
                input: by_county(Some("999999"), Sector::Factory, false),
                owner: xihu,
                co_handlers: &[],
                notify: &[],
                reason_id: "routing-default-intake-unknown-county",
                note_ids: &[],
            },
            Row {
                name: "no county at all lands at the default intake office",
                input: by_county(None, Sector::Other, false),
                owner: xihu,
                co_handlers: &[],
                notify: &[],
                reason_id: "routing-default-intake-no-county",
                note_ids: &[],
            },
        ]
    }

    #[test]
    fn every_routing_branch_decides_owner_co_handlers_notified_offices_and_reason() {
        let d = sample();
        for row in rows() {
            let a = assign_office(&row.input, &d);
            let ids = |v: &[OfficeId]| v.iter().map(|o| o.as_str().to_string()).collect::<Vec<_>>();
            assert_eq!(a.owner.as_str(), row.owner, "{}", row.name);
            assert_eq!(ids(&a.co_handlers), row.co_handlers, "{}", row.name);
            assert_eq!(ids(&a.notify), row.notify, "{}", row.name);
            assert_eq!(a.reason.message_id(), row.reason_id, "{}", row.name);
            let notes: Vec<_> = a.notes.iter().map(RoutingNote::message_id).collect();
            assert_eq!(notes, row.note_ids, "{}", row.name);
        }
    }

    #[test]
    fn the_reason_becomes_a_message_with_typed_arguments() {
        let a = assign_office(&by_county(Some("999999"), Sector::Factory, false), &sample());
        assert_eq!(a.reason, RoutingReason::DefaultIntake { tried_county: Some("999999".into()) });
        let m = &a.messages()[0];
        assert_eq!(m.args.get("county"), Some(&Arg::County("999999".into())));
        let json = serde_json::to_string(&a.reason).expect("serializes");
        assert_eq!(json, r#"{"kind":"default_intake","tried_county":"999999"}"#);
    }

    #[test]
    fn the_township_a_worker_picked_is_told_like_a_projects() {
        let d = sample();
        let mut input = by_county(Some("330106"), Sector::Building, false);
        input.township = Some("330106008".into());
        let a = assign_office(&input, &d);
        assert_eq!(a.notify, [id("hz-xihu-zhuantang")]);
        assert!(a.notes.contains(&RoutingNote::TownshipNotified { office: id("hz-xihu-zhuantang") }));
        input.township = Some("330106999".into());
        assert!(assign_office(&input, &d).notify.is_empty(), "a township no office serves notifies nobody");
    }

    #[test]
    fn a_team_leader_or_subcontractor_brings_the_regulator_in_where_the_deployment_says() {
        let mut d = sample();
        let mut input = by_county(Some("330106"), Sector::Building, false);
        input.employer_kind = Some("team_leader".into());
        assert!(assign_office(&input, &d).co_handlers.is_empty(), "not unless the deployment says so");
        d.campaign.sector_co_handling_employers = vec!["team_leader".into(), "subcontractor".into()];
        let a = assign_office(&input, &d);
        assert_eq!(a.co_handlers, [id("hz-xihu-zjj")]);
        let note =
            RoutingNote::SectorCoHandler { office: id("hz-xihu-zjj"), cause: CoHandlingCause::SubcontractedEmployer };
        assert!(a.notes.contains(&note), "{:?}", a.notes);
        input.employer_kind = Some("company".into());
        assert!(assign_office(&input, &d).co_handlers.is_empty(), "a company is not");
    }
}
