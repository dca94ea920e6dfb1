//! The same worker filing again for the same case and period: no second claim, but nothing the new
//! draft adds is lost — its evidence joins the case, its words go to the office like a message from
//! the worker, and an urgent mark or an emergency in them raises the alerts a new filing would.

use wagedesk_store::conn::Conn;

use super::claim::Claim;
use super::{Filed, deliver};
use crate::case::detect_alerts;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n::Lang;
use crate::notify::CaseRef;
use crate::staff::relay::{WorkerPost, pass_on};
use crate::storage::cases::{Already, Match};

pub(super) async fn add_to(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    claim: &Claim<'_>,
    case: &Match,
    already: Already,
) -> anyhow::Result<Filed> {
    // Held by the case now, the draft's files are not deleted with the finished draft. They are the
    // claim's files (the same worker, perhaps from a new chat): the claim's erasure takes them.
    let owner_chat = already.chat_id.unwrap_or(chat_id);
    super::add_evidence(&mut *conn, ctx, owner_chat, claim, case).await?;
    let words = WorkerPost::text(chat_id, lang, 0, claim.description.to_owned());
    // Sent to the office, or kept on the case while it has no linked group: the worker hears which.
    let mut tell_worker: Vec<String> = pass_on(&mut *conn, ctx, &words, case.complaint_id).await?.into_iter().collect();
    let owner = OfficeId::parse(&case.owner_office)?;
    let alerts = detect_alerts(&super::words_for_alerts(claim), &ctx.deployment.campaign);
    let worker_part = super::worker_alert_notes(&mut *conn, ctx, &owner, &alerts).await?;
    let case_ref = CaseRef {
        complaint_id: case.complaint_id,
        case_number: &case.case_number,
        worker_chat_id: chat_id,
        worker_lang: lang,
    };
    tell_worker.extend(deliver(&mut *conn, ctx, &case_ref, &worker_part).await?);
    crate::staff::alerts::raise(&mut *conn, ctx, &case_ref, &owner, &alerts).await?;
    tracing::info!(
        case = %case.case_number,
        evidence = claim.evidence.len(),
        alerts = alerts.len(),
        "worker filed again on their case; what the draft added went to it"
    );
    let elsewhere = already.chat_id.is_some_and(|theirs| theirs != chat_id);
    Ok(Filed::AlreadyFiled { case_number: case.case_number.clone(), tell_worker, elsewhere })
}
