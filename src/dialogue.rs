//! A worker's stored dialogue: sealed JSON of `intake::Dialogue` (one stored before sealing is plain
//! JSON). Telegram's handler, the web channel and every notice in the worker's language read it here.

use crate::crypto::Vault;
use crate::intake::Dialogue;

/// Opens and parses a stored dialogue; a value that does not open counts as one that does not parse
/// (both are reset by the callers).
pub fn open(vault: &Vault, stored: &str) -> Result<Dialogue, serde_json::Error> {
    let json = vault.open_stored(stored).map_err(|e| serde_json::Error::io(std::io::Error::other(e)))?;
    serde_json::from_str(&json)
}

/// The evidence files a dialogue's draft holds on disk.
/// Whether a file sent now is kept (downloaded, or stored from the web) for the draft: not before the
/// worker agreed to the privacy notice, and not with no intake under way.
pub fn accepts_files(d: &Dialogue) -> bool {
    !matches!(d.step, crate::intake::Step::Idle | crate::intake::Step::Language | crate::intake::Step::Consent)
}

pub fn held_files(dialogue: &Dialogue) -> Vec<String> {
    dialogue.draft.evidence.iter().filter_map(|e| e.stored_path.clone()).collect()
}

/// Of the files a draft held before a turn, those the dialogue after it no longer holds (the worker
/// cancelled or started over): [`crate::evidence::delete_discarded`] deletes them once the turn is
/// committed.
pub fn dropped_files(held_before: Vec<String>, after: &Dialogue) -> Vec<String> {
    let kept = held_files(after);
    held_before.into_iter().filter(|p| !kept.contains(p)).collect()
}
