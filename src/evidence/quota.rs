//! What a worker already has kept on a complaint, for the quota (`[evidence]`, decided by
//! `EvidenceQuota::admit` in the core).

use wagedesk_store::conn::Conn;

use crate::deployment::EvidenceUsage;
use crate::intake::draft::EvidenceItem;
use crate::storage::complaints;
use crate::storage::staff as store;

/// The files of a draft not yet filed.
pub fn in_draft(evidence: &[EvidenceItem]) -> EvidenceUsage {
    let bytes = evidence
        .iter()
        .filter(|e| e.stored_path.is_some())
        .map(|e| u64::try_from(e.size_bytes.unwrap_or(0)).unwrap_or(0))
        .sum();
    EvidenceUsage { files: u32::try_from(evidence.len()).unwrap_or(u32::MAX), bytes }
}

/// After filing, a file goes to one of the worker's open cases (they choose when there are several):
/// the fullest of them is what the file must fit. `None`: no case is open, and the file is the
/// intake's.
pub async fn on_open_cases(conn: &mut Conn<'_>, chat_id: i64) -> anyhow::Result<Option<EvidenceUsage>> {
    let ids: Vec<i64> = store::worker_open_cases(&mut *conn, chat_id).await?.iter().map(|c| c.complaint_id).collect();
    if ids.is_empty() {
        return Ok(None);
    }
    let usage = complaints::evidence_usage(&mut *conn, chat_id, &ids).await?;
    Ok(Some(usage.into_iter().fold(EvidenceUsage::default(), |most, (_, files, bytes)| EvidenceUsage {
        files: most.files.max(u32::try_from(files).unwrap_or(u32::MAX)),
        bytes: most.bytes.max(u64::try_from(bytes).unwrap_or(0)),
    })))
}

/// What the worker keeps on one named case (the web status page names it), if it is one of their open
/// cases; `None`: closed or withdrawn, or not theirs, and no file goes to it.
pub async fn on_open_case(
    conn: &mut Conn<'_>,
    chat_id: i64,
    complaint_id: i64,
) -> anyhow::Result<Option<EvidenceUsage>> {
    if !store::worker_open_cases(&mut *conn, chat_id).await?.iter().any(|c| c.complaint_id == complaint_id) {
        return Ok(None);
    }
    let usage = complaints::evidence_usage(&mut *conn, chat_id, &[complaint_id]).await?;
    Ok(Some(usage.into_iter().fold(EvidenceUsage::default(), |_, (_, files, bytes)| EvidenceUsage {
        files: u32::try_from(files).unwrap_or(u32::MAX),
        bytes: u64::try_from(bytes).unwrap_or(0),
    })))
}
