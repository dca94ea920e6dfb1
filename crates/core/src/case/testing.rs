//! A case the tests of the core share: a construction complaint in Xihu, routed by the sample
//! deployment.

use chrono::NaiveDate;

use super::{CaseState, open_case};
use crate::deployment::Deployment;
use crate::domain::sector::Sector;
use crate::routing::{RoutingInput, assign_office};

/// A building-site complaint in Xihu (330106) opened on `on`.
pub(crate) fn xihu_building_case(on: NaiveDate, d: &Deployment) -> CaseState {
    let input = RoutingInput {
        project: None,
        worksite_county: Some("330106".into()),
        sector: Some(Sector::Building),
        construction_cause: true,
        township: None,
        employer_kind: None,
    };
    open_case(&assign_office(&input, d), on, d).state
}
