//! What the intake dialogue has collected so far. Persisted as JSON inside the dialogue state, so
//! fields are only ever added (with `#[serde(default)]`), never renamed.

use serde::{Deserialize, Serialize};

use crate::domain::period::PayPeriod;
use crate::domain::sector::Sector;
use crate::worksite::ProjectCard;

/// Who owes the money, as the worker sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmployerKind {
    Company,
    Subcontractor,
    TeamLeader,
    Individual,
}

/// Wages for the worker's own labour, payment for contracted work (工程款), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    Wages,
    ContractPayment,
    Both,
}

/// Whether the dispute is already before arbitration or a court (监察条例 Art. 21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Litigation {
    None,
    Arbitration,
    Court,
}

/// A personal number kept only sealed, with the masked form staff and the worker see. Its look-up
/// hash is computed when the claim is filed, under the key current then (drafts of earlier versions
/// stored one here; a rotation drops it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub sealed: String,
    pub masked: String,
}

/// A file the worker sent, already downloaded and hashed when possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    /// photo, document, voice, video or audio.
    pub kind: String,
    pub file_id: String,
    pub file_unique_id: String,
    pub sha256: Option<String>,
    pub stored_path: Option<String>,
    pub size_bytes: Option<i64>,
    pub received_at: String,
    /// The stored file's own key, sealed by the master key (see `crypto::stream`); `None` for files
    /// stored in the clear by earlier versions.
    #[serde(default)]
    pub file_key: Option<String>,
    /// What the worker wrote with the file (a photo's caption: "this is the IOU"), as written; the
    /// office sees it with the file.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// Project code from a signboard's deep link, when the worker confirmed it.
    pub project_code: Option<String>,
    pub county_code: Option<String>,
    pub township_code: Option<String>,
    /// The worksite in the worker's words (name or address).
    pub site: Option<String>,
    pub sector: Option<Sector>,
    pub employer_kind: Option<EmployerKind>,
    pub employer: Option<String>,
    pub claim_kind: Option<ClaimKind>,
    pub litigation: Option<Litigation>,
    pub amount_fen: Option<i64>,
    pub amount_approx: bool,
    /// An amount parsed but not yet confirmed by the worker.
    pub pending_amount: Option<(i64, bool)>,
    pub period: Option<PayPeriod>,
    /// The worker saw the two-year warning and chose to go on.
    pub period_old_acknowledged: bool,
    /// Number of workers owed, the filer included; 1 when filing alone.
    pub workers: Option<u32>,
    pub workers_approx: bool,
    pub name: Option<String>,
    pub phone: Option<Sealed>,
    /// Separate consent to give the ID number (个人信息保护法 Art. 29): None until asked.
    pub id_consent: Option<bool>,
    pub id_number: Option<Sealed>,
    pub evidence: Vec<EvidenceItem>,
    pub evidence_done: bool,
    pub description: Option<String>,
    /// The worker pressed "this is urgent".
    pub urgent: bool,
    /// When the worker accepted the privacy notice.
    pub consent_at: Option<String>,
    /// The project a signboard's code named, until the worker confirms or declines it.
    pub pending_project: Option<ProjectCard>,
    /// A crew member joining the case their crew's filer opened: the case's facts are filled in and
    /// only the member's own answers (amount, name, phone, ID) are asked.
    pub crew: Option<CrewJoin>,
}

/// The crew case a draft joins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrewJoin {
    pub code: String,
    pub case_number: String,
}

impl Draft {
    /// Whether every required answer is present, so the summary may offer submission.
    pub fn is_complete(&self) -> bool {
        self.site.is_some()
            && self.sector.is_some()
            && self.employer_kind.is_some()
            && self.employer.is_some()
            && self.claim_kind.is_some()
            && self.litigation.is_some()
            && self.amount_fen.is_some()
            && self.period.is_some()
            && self.workers.is_some()
            && self.name.is_some()
            && self.phone.is_some()
            && self.id_consent.is_some()
            && self.evidence_done
            && self.description.is_some()
            && self.consent_at.is_some()
    }
}

impl EmployerKind {
    pub const ALL: [EmployerKind; 4] =
        [EmployerKind::Company, EmployerKind::Subcontractor, EmployerKind::TeamLeader, EmployerKind::Individual];

    pub fn code(self) -> &'static str {
        match self {
            EmployerKind::Company => "company",
            EmployerKind::Subcontractor => "subcontractor",
            EmployerKind::TeamLeader => "team_leader",
            EmployerKind::Individual => "individual",
        }
    }

    pub fn from_code(code: &str) -> Option<EmployerKind> {
        EmployerKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            EmployerKind::Company => "employer-kind-company",
            EmployerKind::Subcontractor => "employer-kind-subcontractor",
            EmployerKind::TeamLeader => "employer-kind-team-leader",
            EmployerKind::Individual => "employer-kind-individual",
        }
    }
}

impl ClaimKind {
    pub const ALL: [ClaimKind; 3] = [ClaimKind::Wages, ClaimKind::ContractPayment, ClaimKind::Both];

    pub fn code(self) -> &'static str {
        match self {
            ClaimKind::Wages => "wages",
            ClaimKind::ContractPayment => "contract_payment",
            ClaimKind::Both => "both",
        }
    }

    pub fn from_code(code: &str) -> Option<ClaimKind> {
        ClaimKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            ClaimKind::Wages => "claim-kind-wages",
            ClaimKind::ContractPayment => "claim-kind-contract",
            ClaimKind::Both => "claim-kind-both",
        }
    }
}

impl Litigation {
    pub const ALL: [Litigation; 3] = [Litigation::None, Litigation::Arbitration, Litigation::Court];

    pub fn code(self) -> &'static str {
        match self {
            Litigation::None => "none",
            Litigation::Arbitration => "arbitration",
            Litigation::Court => "court",
        }
    }

    pub fn from_code(code: &str) -> Option<Litigation> {
        Litigation::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_id(self) -> &'static str {
        match self {
            Litigation::None => "litigation-none",
            Litigation::Arbitration => "litigation-arbitration",
            Litigation::Court => "litigation-court",
        }
    }
}
