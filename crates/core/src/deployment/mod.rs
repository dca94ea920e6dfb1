//! The operator's deployment: regions, offices, campaign settings, hotlines and the working-day
//! calendar, loaded from one TOML file (see `deploy/wagedesk.toml`) and checked by `load`.

mod calendar;
mod digest;
mod emergency;
pub mod evidence;
mod issues;
mod load;
mod raw;
mod retention;
mod settings;
mod telegram;
mod validate;
mod web;

use serde::{Deserialize, Serialize};
use std::fmt;

pub use calendar::{CalendarStatus, WorkCalendar};
pub use digest::DigestSettings;
pub use evidence::{EvidenceQuota, EvidenceUsage, OverQuota};
pub use issues::{ConfigErrors, ConfigIssue, ConfigProblem, Severity};
pub use retention::RetentionSettings;
pub use settings::{Campaign, Hotlines};
pub use telegram::{InvalidBotUsername, Telegram, parse_bot_username};
pub use web::Web;

use crate::domain::sector::Regulator;

/// Everything the core needs to know about one deployment.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// The counties / districts workers pick their worksite from, in keyboard order.
    pub regions: Vec<County>,
    pub offices: Vec<Office>,
    /// Owns complaints that match no office (docs/rules.md, "Which office owns a case"); it must transfer them.
    pub default_intake_office: OfficeId,
    pub campaign: Campaign,
    pub hotlines: Hotlines,
    /// The bot's public identity, printed in signboard links.
    pub telegram: Telegram,
    pub calendar: WorkCalendar,
    /// When supervisors get their daily, weekly and monthly digest.
    pub digest: DigestSettings,
    /// How long personal data, sent messages' contents and generated reports are kept.
    pub retention: RetentionSettings,
    /// How much evidence each worker may have kept on a complaint.
    pub evidence: EvidenceQuota,
    /// The web channel (`None`: off; signboards lead to Telegram only).
    pub web: Option<Web>,
}

/// A county-level region (县 / 区 / 县级市), the unit of labour-inspection jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct County {
    /// The 6-digit administrative division code (GB/T 2260), e.g. `330106`.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub townships: Vec<Township>,
}

/// A township or street (乡镇 / 街道) inside a county.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Township {
    /// 9-digit (or 12-digit statistical) code starting with the county code.
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A government office that can own, co-handle, be told about or supervise cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub id: OfficeId,
    pub name_zh: String,
    pub name_en: String,
    pub kind: OfficeKind,
    /// County codes this office is competent for (the worksite decides, 监察条例 Art. 13).
    pub jurisdiction: Vec<String>,
    /// Where overdue cases of this office are escalated.
    pub supervisor: Option<OfficeId>,
    /// Public phone number, shown to workers.
    pub phone: Option<String>,
    /// For a township office: the townships (codes) it serves.
    pub townships: Vec<String>,
}

/// What an office is, which decides the role routing gives it (条例 Art. 4, 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeKind {
    /// 劳动保障监察 — the default owner of wage-arrears cases.
    LabourInspection,
    /// 行业主管部门 — co-handles arrears on engineering projects of its sector.
    SectorRegulator(Regulator),
    /// 乡镇 / 街道 — screens and mediates locally.
    Township,
    /// 公安 — refusal-to-pay crimes and public-order incidents.
    Police,
    /// 清欠办 / 领导小组办公室 — receives alerts and escalations.
    Supervisor,
}

/// An office's stable id, `[a-z0-9-]{2,40}` (e.g. `hz-xihu-ldjc`); stored in cases and timelines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OfficeId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an office id (2 to 40 of a-z, 0-9 and -)")]
pub struct InvalidOfficeId(pub String);

impl OfficeId {
    pub fn parse(text: &str) -> Result<OfficeId, InvalidOfficeId> {
        let ok = (2..=40).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok { Ok(OfficeId(text.to_string())) } else { Err(InvalidOfficeId(text.to_string())) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OfficeId {
    type Error = InvalidOfficeId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        OfficeId::parse(&value)
    }
}

impl From<OfficeId> for String {
    fn from(id: OfficeId) -> String {
        id.0
    }
}

impl fmt::Display for OfficeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Deployment {
    pub fn office(&self, id: &OfficeId) -> Option<&Office> {
        self.offices.iter().find(|o| &o.id == id)
    }

    pub fn county(&self, code: &str) -> Option<&County> {
        self.regions.iter().find(|c| c.code == code)
    }

    /// The county and township for a township code.
    pub fn township(&self, code: &str) -> Option<(&County, &Township)> {
        self.regions.iter().find_map(|c| c.townships.iter().find(|t| t.code == code).map(|t| (c, t)))
    }

    /// The labour-inspection office competent for a worksite county (validation makes it unique).
    pub fn labour_office_for_county(&self, code: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.kind == OfficeKind::LabourInspection && o.covers(code))
    }

    /// The regulator office of a kind competent for a county, if the deployment has one.
    /// The township office serving the township a worker picked.
    pub fn township_office(&self, township: &str) -> Option<&Office> {
        self.offices.iter().find(|o| o.kind == OfficeKind::Township && o.townships.iter().any(|t| t == township))
    }

    pub fn sector_office_for_county(&self, code: &str, regulator: Regulator) -> Option<&Office> {
        self.offices.iter().find(|o| o.kind == OfficeKind::SectorRegulator(regulator) && o.covers(code))
    }

    /// The office that receives escalations about `office`'s cases.
    pub fn supervisor_of(&self, office: &OfficeId) -> Option<&Office> {
        self.office(office)?.supervisor.as_ref().and_then(|s| self.office(s))
    }

    /// Where alerts and escalations about `office`'s cases go: its supervisor; for a working office
    /// that names none, the deployment's first supervisor office. A supervisor office that names none
    /// is the top of its chain: another supervisor is beside it, not above it, and must not get its
    /// alerts, acknowledge them or read its cases.
    pub fn escalation_office(&self, office: &OfficeId) -> Option<&Office> {
        let this = self.office(office)?;
        match &this.supervisor {
            Some(up) => self.office(up),
            None if this.kind == OfficeKind::Supervisor => None,
            None => self.offices.iter().find(|o| o.kind == OfficeKind::Supervisor),
        }
    }
}

impl Office {
    pub fn covers(&self, county: &str) -> bool {
        self.jurisdiction.iter().any(|c| c == county)
    }
}

#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
