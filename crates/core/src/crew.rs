//! Crews (班组): a worker who files for several workers gets a join link and a short code to pass
//! on; each member who opens it sees the case (site, employer, period — never another worker's
//! personal data), gives their own name, phone, amount and optional ID, and becomes a claimant of
//! the case with their own notifications and their own payment confirmation (条例 Art. 11, 31).

use serde::{Deserialize, Serialize};

use crate::domain::period::PayPeriod;
use crate::domain::sector::Sector;

/// Letters a worker can read aloud and type without mixing them up (no 0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
pub const CODE_LEN: usize = 6;
/// A deep link carries the code after this letter (`/start j7KQ2XM`), apart from signboard codes,
/// which are 22 characters long.
pub const DEEP_LINK_PREFIX: char = 'j';

/// A crew code as a worker typed it (`/join 7kq 2xm`): upper-cased, spaces dropped; `None` unless it
/// could be one of ours.
pub fn normalize_code(text: &str) -> Option<String> {
    let code: String = text.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// The code inside a `/start` payload, if the payload is a crew link rather than a signboard's code.
pub fn code_of_payload(payload: &str) -> Option<String> {
    let rest = payload.strip_prefix(DEEP_LINK_PREFIX)?;
    normalize_code(rest)
}

/// The `/start` payload for a code.
pub fn payload(code: &str) -> String {
    format!("{DEEP_LINK_PREFIX}{code}")
}

/// What a crew member sees of the case they join, and what their claim takes from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrewCase {
    pub code: String,
    pub case_number: String,
    pub project_code: Option<String>,
    pub county_code: Option<String>,
    pub township_code: Option<String>,
    pub site: String,
    pub sector: Sector,
    pub employer_kind: crate::intake::draft::EmployerKind,
    pub employer: String,
    pub claim_kind: crate::intake::draft::ClaimKind,
    pub period: PayPeriod,
}

/// What a crew code names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CrewLookup {
    Open(Box<CrewCase>),
    /// The case has an outcome or was withdrawn: a member files their own complaint instead.
    Ended {
        case_number: String,
    },
    Unknown,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_the_way_workers_type_them_and_nothing_else_passes() {
        assert_eq!(normalize_code("7kq 2xm"), Some("7KQ2XM".into()));
        assert_eq!(normalize_code("7KQ-2XM"), Some("7KQ2XM".into()));
        assert_eq!(code_of_payload("j7KQ2XM"), Some("7KQ2XM".into()));
        for bad in ["7KQ2X", "7KQ2XMM", "7KQ2X0", "OKQ2XM", "1KQ2XM", "七KQ2XM", ""] {
            assert_eq!(normalize_code(bad), None, "{bad}");
        }
        // A signboard's code is 22 characters and never a crew link.
        assert_eq!(code_of_payload("jAbCdEfGhIjKlMnOpQrStU"), None);
        assert_eq!(code_of_payload("7KQ2XM"), None);
        assert_eq!(payload("7KQ2XM"), "j7KQ2XM");
    }
}
