//! More material after filing (补正): a file the worker uploads on the status page (`POST /t/<token>/file`)
//! does what a file sent after filing does in Telegram. It is kept as evidence of the page's case,
//! encrypted like every evidence file and within the worker's quota, and relayed into the case's
//! office thread (uploaded from our disk: there is no Telegram message to copy). The worker's receipt
//! shows on the page. Only while the case is open.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::html::{self, esc};
use super::status::{self, Named};
use super::{Refused, WebState, check_form, html_response, internal, lang_of, see_other};
use crate::crypto::stream::FileKey;
use crate::deployment::{EvidenceQuota, EvidenceUsage};
use crate::evidence::file::EncryptedFile;
use crate::i18n::{Arg, Lang, tr, tr_args};
use crate::intake::draft::EvidenceItem;
use crate::staff::relay::WorkerPost;
use crate::storage::{self, web as store};

/// Whether the page's case takes material: one of the worker's open cases.
pub(super) async fn is_open(state: &WebState, n: &Named) -> anyhow::Result<bool> {
    let mut conn = state.ctx.db.acquire().await?;
    let open = storage::staff::worker_open_cases(&mut conn.conn(), n.chat).await?;
    Ok(open.iter().any(|c| c.complaint_id == n.complaint_id))
}

/// The upload form under the reply box.
pub(super) fn form(state: &WebState, here: &str, csrf: &str, lang: Lang) -> String {
    let limit = crate::deployment::evidence::format_size(state.web.max_upload_bytes);
    format!(
        "<form method=\"post\" action=\"{}/file\" enctype=\"multipart/form-data\" class=\"box\">\
         <input type=\"hidden\" name=\"csrf\" value=\"{}\"><p>{}</p>\
         <input type=\"file\" name=\"file\" accept=\"image/*,audio/*,application/pdf\" required>{}</form>",
        esc(here),
        esc(csrf),
        esc(&tr_args(lang, "web-material-hint", &[("limit", Arg::from(limit))])),
        html::button("up", "1", &tr(lang, "web-upload"), false)
    )
}

/// The worker's quota on a case they send more to from the web: the `[evidence]` quota, with the
/// `[web]` count of uploads per complaint where that is lower.
fn quota(state: &WebState) -> EvidenceQuota {
    let evidence = &state.ctx.deployment.evidence;
    EvidenceQuota { max_files: evidence.max_files.min(state.web.max_uploads), max_bytes: evidence.max_bytes }
}

/// What became of an upload.
enum Taken {
    /// Kept and relayed: back to the page, which shows the receipt.
    Relayed,
    /// Not kept: a page saying why.
    Refused(StatusCode, String),
    /// The form's token was spent already.
    Stale,
}

fn refused(n: &Named, here: &str, status: StatusCode, text: &str) -> Response {
    let label = tr(n.lang, "web-continue");
    html_response(status, html::notice(n.lang, "web-refused-title", text, Some((here, &label))), None)
}

fn closed(lang: Lang) -> Taken {
    Taken::Refused(StatusCode::CONFLICT, tr(lang, "web-material-case-closed"))
}

/// `POST /t/<token>/file`.
pub(super) async fn upload(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let lang = lang_of(&headers);
    let here = format!("/t/{token}");
    let n = match status::named(&state, &token).await {
        Ok(Some(n)) => n,
        Ok(None) => return status::unknown(lang),
        Err(e) => return internal(lang, &e),
    };
    if n.moved {
        return status::moved(&n, &here);
    }
    // The token comes first in the form, so nothing is written for a form we refuse.
    let csrf = match multipart.next_field().await {
        Ok(Some(field)) if field.name() == Some("csrf") => field.text().await.unwrap_or_default(),
        _ => return refused(&n, &here, StatusCode::BAD_REQUEST, &tr(n.lang, "web-upload-bad")),
    };
    let session = match check_form(&state, &headers, peer, &csrf).await {
        Ok(Ok(session)) => session,
        Ok(Err(refusal)) => return refusal.page(n.lang, &here),
        Err(e) => return internal(n.lang, &e),
    };
    match take(&state, &n, &session, &mut multipart).await {
        Ok(Taken::Relayed) => see_other(&here),
        Ok(Taken::Refused(status, text)) => refused(&n, &here, status, &text),
        Ok(Taken::Stale) => Refused::StaleForm.page(n.lang, &here),
        Err(e) => internal(n.lang, &e),
    }
}

/// Receives the file and, if the case and the quota take it, keeps and relays it. A file not kept in
/// the end (refused, the form stale, a failure) is not left in the evidence folder.
async fn take(
    state: &WebState,
    n: &Named,
    session: &store::Session,
    multipart: &mut Multipart,
) -> anyhow::Result<Taken> {
    let ctx = &state.ctx;
    // Before anything is written: a closed case keeps nothing.
    let used = {
        let mut conn = ctx.db.acquire().await?;
        crate::evidence::quota::on_open_case(&mut conn.conn(), n.chat, n.complaint_id).await?
    };
    let Some(used) = used else { return Ok(closed(n.lang)) };
    let item = match receive(state, n, used, multipart).await? {
        Ok(item) => item,
        Err(refusal) => return Ok(refusal),
    };
    let path = item.stored_path.clone();
    let taken = relay(state, n, session, item).await;
    if !matches!(taken, Ok(Taken::Relayed))
        && let Some(path) = path
        && let Err(e) = crate::evidence::remove(&ctx.evidence_dir, &path).await
    {
        tracing::warn!(error = %e, "an upload not kept was not deleted");
    }
    taken
}

/// Kept as the case's evidence and relayed, in one transaction with the form's token spent; the case
/// and the quota checked again there (the case may have closed meanwhile).
async fn relay(state: &WebState, n: &Named, session: &store::Session, item: EvidenceItem) -> anyhow::Result<Taken> {
    let ctx = &state.ctx;
    let mut tx = storage::begin_write(&ctx.db).await?;
    if !super::spend_form(ctx, &mut tx, session, None).await? {
        return Ok(Taken::Stale);
    }
    let Some(used) = crate::evidence::quota::on_open_case(&mut tx.conn(), n.chat, n.complaint_id).await? else {
        return Ok(closed(n.lang));
    };
    let size = u64::try_from(item.size_bytes.unwrap_or(0)).unwrap_or(0);
    if let Some(refusal) = over_quota(state, n.lang, used, &item.kind, size) {
        return Ok(refusal);
    }
    let post = WorkerPost {
        chat_id: n.chat,
        lang: n.lang,
        // The web has no message to copy: the relay uploads the stored file.
        message_id: 0,
        kind: item.kind.clone(),
        text: None,
        evidence: Some(item),
    };
    if !crate::staff::relay::to_case(&mut tx.conn(), ctx, &post, n.complaint_id).await? {
        return Ok(closed(n.lang));
    }
    tx.commit().await?;
    ctx.outbox_wake.notify_one();
    Ok(Taken::Relayed)
}

/// The refusal of a file of `size` bytes the quota does not take, worded as Telegram words it.
fn over_quota(state: &WebState, lang: Lang, used: EvidenceUsage, kind: &str, size: u64) -> Option<Taken> {
    let quota = quota(state);
    let over = quota.admit(used, size).err()?;
    let text = wagedesk_core::evidence::not_kept(lang, &quota, used, kind, size, over);
    Some(Taken::Refused(StatusCode::PAYLOAD_TOO_LARGE, text))
}

/// Streams the form's file into the evidence folder, encrypted, or says why not. Past what the quota
/// leaves, the rest is read without being written, up to the upload limit, so the refusal can say
/// how large the file is; nothing is kept of a refused file.
async fn receive(
    state: &WebState,
    n: &Named,
    used: EvidenceUsage,
    multipart: &mut Multipart,
) -> anyhow::Result<Result<EvidenceItem, Taken>> {
    let ctx = &state.ctx;
    let too_large = || Taken::Refused(StatusCode::PAYLOAD_TOO_LARGE, tr(n.lang, "web-upload-too-large"));
    let bad = || Taken::Refused(StatusCode::BAD_REQUEST, tr(n.lang, "web-upload-bad"));
    let quota = quota(state);
    let room = if quota.admit(used, 0).is_ok() { quota.bytes_left(used) } else { 0 };
    let mut field = match multipart.next_field().await {
        Ok(Some(field)) if field.name() == Some("file") => field,
        _ => return Ok(Err(bad())),
    };
    let kind = super::intake::upload_kind(&field);
    let key = FileKey::random();
    let mut out = if room > 0 { Some(EncryptedFile::create(&ctx.evidence_dir, &key).await?) } else { None };
    let mut size = 0u64;
    loop {
        match field.chunk().await {
            Ok(Some(piece)) => {
                size += piece.len() as u64;
                if size > state.web.max_upload_bytes {
                    return Ok(Err(too_large()));
                }
                if size > room {
                    // Dropped unfinished: its partial file is removed.
                    out = None;
                }
                if let Some(file) = out.as_mut() {
                    file.write(&piece).await?;
                }
            }
            Ok(None) => break,
            // The body limit cut it off, or the form is broken.
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Ok(Err(too_large())),
            Err(_) => return Ok(Err(bad())),
        }
    }
    if size == 0 {
        return Ok(Err(bad()));
    }
    let Some(file) = out else {
        let refusal = over_quota(state, n.lang, used, kind, size);
        return Ok(Err(refusal.unwrap_or_else(too_large)));
    };
    let stored = file.finish().await?;
    Ok(Ok(super::intake::uploaded_item(ctx, kind, stored, &key)))
}
