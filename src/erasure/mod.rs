//! Withdrawal and erasure carried out (个人信息保护法 Art. 15, 47). The core decides
//! ([`wagedesk_core::erasure`]); this module loads a worker's part of a case and stores the decision
//! in the caller's transaction — the case's change through [`crate::case_ops`], the personal data
//! blanked through `storage::erasure` — and, after the commit, deletes the files and truncates the WAL
//! ([`after_commit`]). The worker's commands are in `bot/privacy.rs`, the operator's in `cli/erase.rs`,
//! the scheduled purge in [`retention`].

pub mod questions;
pub mod retention;

use std::path::Path;

use wagedesk_store::conn::Conn;

use crate::case::LifecycleError;
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::filing::append_entry;
use crate::intake::Dialogue;
use crate::notify;
use crate::storage::{self, erasure as store};
use wagedesk_core::erasure::{self as rules, Part, Reason, Withdrawal};

pub use crate::storage::erasure::WorkerPart;

/// What a withdrawal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withdrawn {
    /// The worker was the case's only claimant: the case ended as withdrawn.
    Ended,
    /// The case goes on for the other claimants; the worker left it. `owner_linked`: the owning
    /// office has a linked group, so its notice was posted there (else it is only kept on record).
    Left { owner: crate::deployment::OfficeId, owner_linked: bool },
}

/// The worker's parts of cases still open, which `/withdraw` offers.
pub async fn open_parts(conn: &mut Conn<'_>, chat: i64) -> anyhow::Result<Vec<WorkerPart>> {
    let parts = store::parts_of_chat(&mut *conn, chat).await?;
    Ok(parts.into_iter().filter(|p| crate::case::Status::from_code(&p.status).is_some_and(|s| s.is_open())).collect())
}

/// Withdraws `chat`'s part of a case: the core decides whether the case ends or the worker leaves it
/// (the offices told either way), and it is stored here. The inner error is the core's refusal (the
/// case is no longer open).
pub async fn withdraw(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat: i64,
    part: &WorkerPart,
) -> anyhow::Result<Result<Withdrawn, LifecycleError>> {
    let Some(mut case) = case_ops::load(&mut *conn, part.complaint_id).await? else {
        anyhow::bail!("case {} not found", part.complaint_id);
    };
    let p = Part { amount_fen: part.amount_fen, crew_member: part.crew_member, others: part.others };
    let decision = match rules::withdraw(&case.state, p, ctx.clock.today(), &ctx.deployment) {
        Ok(decision) => decision,
        Err(e) => return Ok(Err(e)),
    };
    match decision {
        Withdrawal::Ends(transition) => {
            case_ops::store(&mut *conn, ctx, &mut case, *transition).await?;
            Ok(Ok(Withdrawn::Ended))
        }
        Withdrawal::Leaves(leave) => {
            store::leave(&mut *conn, &ctx.vault, part.complaint_id, chat, &stamp(ctx.clock.now())).await?;
            append_entry(&mut *conn, ctx, part.complaint_id, &leave.timeline).await?;
            for n in &leave.notifications {
                notify::send(&mut *conn, ctx, &case.as_ref(), n).await?;
            }
            // Closing stores its change, which edits the cards; otherwise they show the leaving here.
            if !case_ops::close_if_settled(&mut *conn, ctx, part.complaint_id).await? {
                crate::staff::post::refresh_cards(&mut *conn, ctx, part.complaint_id).await?;
            }
            let owner = case.state.owner.clone();
            let owner_linked = storage::staff::chat_of_office(&mut *conn, owner.as_str()).await?.is_some();
            tracing::info!(case = %case.case_number, owner_linked, "a claimant withdrew from the case");
            Ok(Ok(Withdrawn::Left { owner, owner_linked }))
        }
    }
}

/// What an erasure did, and the files it left for [`after_commit`].
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Erasure {
    pub cases: usize,
    pub claimants: usize,
    /// Evidence files no longer held by the erased rows: deleted after the commit unless still in use.
    pub files: Vec<String>,
}

impl Erasure {
    fn add(&mut self, other: Erasure) {
        self.cases += other.cases;
        self.claimants += other.claimants;
        self.files.extend(other.files);
    }
}

/// Erases everything of the worker in `chat` (`/delete_my_data`, `wagedesk erase --chat`): what was
/// sent to the chat, their open parts withdrawn, their claims on every case blanked, their draft and
/// held messages. The dialogue keeps only the language (the bot still answers in it) and its intake
/// counter.
pub async fn erase_chat(conn: &mut Conn<'_>, ctx: &Ctx, chat: i64) -> anyhow::Result<Erasure> {
    let now = stamp(ctx.clock.now());
    // First, before the withdrawal below queues its (impersonal) notice to the same chat.
    store::clear_chat_outbox(&mut *conn, &ctx.vault, chat, &now).await?;
    for part in open_parts(&mut *conn, chat).await? {
        if let Err(e) = withdraw(&mut *conn, ctx, chat, &part).await? {
            tracing::warn!(case = %part.case_number, error = %e, "withdrawal before an erasure refused");
        }
    }
    let mut erasure = Erasure::default();
    for complaint_id in store::cases_of_chat(&mut *conn, chat).await? {
        let ids = store::claimants_of_chat(&mut *conn, complaint_id, chat).await?;
        erasure.add(erase_claimants(&mut *conn, ctx, complaint_id, &ids, Reason::Request).await?);
    }
    let held = store::clear_chat_records(&mut *conn, chat).await?;
    erasure.files.extend(held.iter().filter_map(|json| evidence_path(json)));
    erasure.files.extend(blank_dialogue(&mut *conn, ctx, chat).await?);
    // A worker who filed on the web and connected Telegram later: what the web chat kept goes too —
    // its dialogue and anything still queued for it here; its mailbox (the status page) went with
    // each case's erasure ([`erase_claimants`]).
    for web_chat in storage::web::web_chats_moved_to(&mut *conn, chat).await? {
        store::clear_chat_outbox(&mut *conn, &ctx.vault, web_chat, &now).await?;
        let held = store::clear_chat_records(&mut *conn, web_chat).await?;
        erasure.files.extend(held.iter().filter_map(|json| evidence_path(json)));
        erasure.files.extend(blank_dialogue(&mut *conn, ctx, web_chat).await?);
    }
    tracing::info!(chat, cases = erasure.cases, claimants = erasure.claimants, "a worker's personal data erased");
    Ok(erasure)
}

/// Blanks the chat's dialogue (its draft and where it was) but for the language, which the bot still
/// answers in, and the intake counter: a button of an erased draft must stay stale. Returns the
/// draft's evidence files, for [`remove_unused`] after the commit.
pub async fn blank_dialogue(conn: &mut Conn<'_>, ctx: &Ctx, chat: i64) -> anyhow::Result<Vec<String>> {
    let Some(json) = storage::dialogues::load(&mut *conn, chat).await? else { return Ok(Vec::new()) };
    let old = crate::dialogue::open(&ctx.vault, &json).unwrap_or_default();
    let files = crate::dialogue::held_files(&old);
    let blank = Dialogue { lang: old.lang, draft_no: old.draft_no, ..Dialogue::default() };
    storage::dialogues::save(
        &mut *conn,
        chat,
        &ctx.vault.seal(&serde_json::to_string(&blank)?),
        &stamp(ctx.clock.now()),
    )
    .await?;
    Ok(files)
}

/// Erases claimants `ids` of one case (the caller withdrew an open part first): the claimants
/// blanked, the case's timeline and notifications redacted, what was sent about the case cleared,
/// "personal data erased on …" written, the owner told (on a request) and the cards refreshed.
pub async fn erase_claimants(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    ids: &[i64],
    reason: Reason,
) -> anyhow::Result<Erasure> {
    let now = stamp(ctx.clock.now());
    let erased = store::erase_claimants(&mut *conn, &ctx.vault, complaint_id, ids, &now).await?;
    store::redact_case(&mut *conn, complaint_id, rules::redact, &now).await?;
    // Reloaded after the claimants: the case's worker may have moved to another claimant.
    let Some(case) = case_ops::load(&mut *conn, complaint_id).await? else {
        anyhow::bail!("case {complaint_id} not found")
    };
    store::clear_case_outbox(&mut *conn, &ctx.vault, complaint_id, &case.case_number, &erased.chats, &now).await?;
    // A worker who filed on the web and moved to Telegram: the web chat's mailbox is theirs too.
    let mut mailboxes = erased.chats.clone();
    for chat in &erased.chats {
        mailboxes.extend(storage::web::web_chats_moved_to(&mut *conn, *chat).await?);
    }
    store::clear_web_mailboxes(&mut *conn, &mailboxes).await?;
    let (entry, notes) = rules::erased(&case.state, ctx.clock.today(), reason);
    append_entry(&mut *conn, ctx, complaint_id, &entry).await?;
    for n in &notes {
        notify::send(&mut *conn, ctx, &case.as_ref(), n).await?;
    }
    if !case_ops::close_if_settled(&mut *conn, ctx, complaint_id).await? {
        crate::staff::post::refresh_cards(&mut *conn, ctx, complaint_id).await?;
    }
    tracing::info!(case = %case.case_number, claimants = erased.claimants, ?reason, "personal data erased on a case");
    Ok(Erasure { cases: 1, claimants: erased.claimants, files: erased.files })
}

/// The stored path in a held message's evidence JSON.
fn evidence_path(json: &str) -> Option<String> {
    serde_json::from_str::<crate::intake::draft::EvidenceItem>(json).ok()?.stored_path
}

/// After an erasure committed: the evidence files no row or draft holds any more are deleted, and so
/// are the workbooks and charts waiting in `data/reports/` (any of them may hold the worker's data);
/// then the WAL is truncated so no old frame keeps what was blanked. Returns the evidence files deleted.
pub async fn after_commit(ctx: &Ctx, files: &[String]) -> anyhow::Result<usize> {
    // Rows delivery read before the erasure still hold what was erased: it must read them again.
    ctx.outbox_reread.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    ctx.outbox_wake.notify_one();
    // And so must the delivering process's, if that is another one: a replica (PostgreSQL), or the
    // bot while `wagedesk erase` runs beside it (SQLite).
    let mut conn = ctx.db.acquire().await?;
    storage::outbox::announce(&mut conn.conn(), storage::outbox::REREAD).await?;
    drop(conn);
    if let Err(e) = storage::outbox::mark_erasure(&ctx.db) {
        tracing::warn!(error = %e, "the running bot could not be told of the erasure: rows its delivery already read may still be sent");
    }
    let deleted = remove_unused(ctx, files).await?;
    let reports = remove_reports(&crate::ledger::reports_dir(ctx), None).await;
    let wal_truncated = truncate_wal(ctx).await;
    tracing::info!(evidence_files = deleted, reports, wal_truncated, "files of an erasure deleted");
    Ok(deleted)
}

/// Deletes each file unless a complaint's evidence, a draft or a held message still holds it.
pub async fn remove_unused(ctx: &Ctx, files: &[String]) -> anyhow::Result<usize> {
    let mut deleted = 0;
    for path in files {
        if storage::complaints::evidence_path_in_use(&ctx.db, path).await? {
            continue;
        }
        match crate::evidence::remove(&ctx.evidence_dir, path).await {
            Ok(true) => deleted += 1,
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "an erased evidence file could not be deleted"),
        }
    }
    Ok(deleted)
}

/// Deletes the files in `dir` (workbooks and charts waiting to be sent), or only those last written
/// before `older_than`. Returns how many.
pub async fn remove_reports(dir: &Path, older_than: Option<std::time::SystemTime>) -> usize {
    let Ok(mut entries) = tokio::fs::read_dir(dir).await else { return 0 };
    let mut deleted = 0;
    while let Ok(Some(entry)) = entries.next_entry().await {
        let Ok(meta) = entry.metadata().await else { continue };
        let old = older_than.is_none_or(|limit| meta.modified().is_ok_and(|at| at < limit));
        if meta.is_file() && old {
            match tokio::fs::remove_file(entry.path()).await {
                Ok(()) => deleted += 1,
                Err(e) => tracing::warn!(error = %e, "a report file could not be deleted"),
            }
        }
    }
    deleted
}

/// `PRAGMA wal_checkpoint(TRUNCATE)`: the WAL file is reused, not zeroed, so without it the frames of
/// erased rows could stay on disk until overwritten. `true` once truncated. A reader makes it busy
/// (the bot's delivery reading again after the erasure): the process that delivers tries again until it
/// works once it has read the erasure mark (`outbox::watch_erasures`), so nobody here waits for it.
pub async fn truncate_wal(ctx: &Ctx) -> bool {
    match store::truncate_wal(&ctx.db).await {
        Ok(true) => true,
        Ok(false) => {
            tracing::info!("the WAL is busy; it is truncated once the delivering process has read the erasure");
            false
        }
        Err(e) => {
            tracing::warn!(error = %e, "truncating the WAL failed");
            false
        }
    }
}
