//! A worksite (project) as a worker meets it: what a signboard's deep-link code names.

use serde::{Deserialize, Serialize};

use crate::domain::sector::Sector;

/// What a worker is shown when a signboard's code brings them in. Kept in the dialogue state while
/// they confirm it, so fields are only ever added (with a serde default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectCard {
    /// The operator's project id.
    pub id: String,
    pub name: String,
    pub general_contractor: String,
    pub county_code: String,
    pub sector: Sector,
}

/// What a `/start` code names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeLookup {
    Active(ProjectCard),
    /// The code was printed on a board and has since been replaced.
    Revoked,
    Unknown,
}
