//! Joining an open case (docs/rules.md, "Joining an open case"): the worker becomes another claimant
//! with their own amount, period and words; the owner office is told, and so is the worker, with the
//! existing case number.

use wagedesk_store::conn::Conn;

use super::claim::Claim;
use super::open::claimant;
use super::{Filed, deliver};
use crate::case::claimants::key_case_crossed;
use crate::case::{Message, Notification, Recipient, detect_alerts};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n::Lang;
use crate::notify::CaseRef;
use crate::storage::cases::Match;
use crate::storage::{claimants, complaints, crew};

pub(super) async fn join(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    claim: &Claim<'_>,
    case: &Match,
    crew_member: bool,
) -> anyhow::Result<Filed> {
    let now = stamp(ctx.clock.now());
    let before = claimants::totals(&mut *conn, case.complaint_id).await?;
    let member = claimant(ctx, claim, chat_id, false)?;
    // A crew member joining the case their crew's link names was counted in its filer's crew size and
    // total; anyone else (a member whose crew's case ended included) adds their own.
    let workers = if crew_member {
        u32::from(crew::add_member(&mut *conn, &ctx.vault, case.complaint_id, &member).await?)
    } else {
        complaints::insert_claimant(&mut *conn, &ctx.vault, case.complaint_id, &member).await?;
        claim.workers
    };
    super::add_evidence(&mut *conn, ctx, chat_id, claim, case).await?;
    let args = serde_json::json!({ "amount": claim.amount_fen, "workers": workers }).to_string();
    complaints::append_timeline(
        &mut *conn,
        case.complaint_id,
        &now,
        "worker",
        "claimant_joined",
        "timeline-claimant-joined",
        &args,
    )
    .await?;
    let owner = OfficeId::parse(&case.owner_office)?;
    let joined = Message::new("notify-office-claimant-joined")
        .arg("amount", crate::case::Arg::Fen(claim.amount_fen))
        .arg("workers", crate::case::Arg::Count(u64::from(claim.workers)));
    let told = Message::new("notify-worker-joined").office("office", &owner);
    let mut notifications =
        vec![Notification::new(Recipient::Office(owner.clone()), joined), Notification::new(Recipient::Worker, told)];
    // Filed alone on a case a 班组长 filed for a crew: this worker may already be in the crew's size and
    // total, which nothing here can tell. The office checks the lines rather than pay twice.
    if !crew_member && crew::code_of(&mut *conn, case.complaint_id).await?.is_some() {
        let check = Message::new("notify-office-joined-crew-case");
        notifications.push(Notification::new(Recipient::Office(owner.clone()), check));
    }
    // A joining worker can still report an emergency; a key case is judged by the case's running
    // total, once, by whichever filing crosses the threshold.
    let after = claimants::totals(&mut *conn, case.complaint_id).await?;
    let mut alerts = detect_alerts(&super::words_for_alerts(claim), &ctx.deployment.campaign);
    alerts.extend(key_case_crossed(before, after, &ctx.deployment.campaign));
    notifications.extend(super::worker_alert_notes(&mut *conn, ctx, &owner, &alerts).await?);
    let case_ref = CaseRef {
        complaint_id: case.complaint_id,
        case_number: &case.case_number,
        worker_chat_id: chat_id,
        worker_lang: lang,
    };
    let tell_worker = deliver(&mut *conn, ctx, &case_ref, &notifications).await?;
    crate::staff::alerts::raise(&mut *conn, ctx, &case_ref, &owner, &alerts).await?;
    // The cards list the new claimant, and their buttons carry the case's new revision (the join
    // made the old buttons and prompts stale).
    crate::staff::post::refresh_cards(&mut *conn, ctx, case.complaint_id).await?;
    tracing::info!(case = %case.case_number, "worker joined an open case");
    Ok(Filed::Joined { complaint_id: case.complaint_id, case_number: case.case_number.clone(), tell_worker })
}
