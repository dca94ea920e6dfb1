//! A new case: store the complaint and its filer, route it (the reason goes in the timeline), open its
//! clocks, and tell the owner, co-handlers, township and — for key cases and emergencies — the supervisor.

use wagedesk_store::conn::Conn;

use super::claim::Claim;
use super::{Filed, append_entry, deliver};
use crate::case::{ComplaintFacts, Recipient, alert_notifications, detect_alerts, open_case};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::domain::case_number::CaseNumber;
use crate::i18n::Lang;
use crate::intake::CrewLink;
use crate::intake::draft::ClaimKind;
use crate::intake::draft::Sealed;
use crate::notify::CaseRef;
use crate::routing::{RoutingInput, assign_office};
use crate::storage::complaints::{self, NewClaimant, NewComplaint, StoredNumber};
use crate::storage::{self, cases, projects};

pub(super) async fn open(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    claim: &Claim<'_>,
) -> anyhow::Result<Filed> {
    let now = stamp(ctx.clock.now());
    let today = ctx.clock.today();
    let numbering_county = numbering_county(ctx, &claim.county);
    let prefix = format!("QX-{numbering_county}-{}-", today.format("%Y%m%d"));
    let seq = complaints::next_sequence(&mut *conn, &prefix).await?;
    let case_number = CaseNumber::new(numbering_county, today, seq)?.to_string();
    let draft = claim.draft;
    let complaint = NewComplaint {
        case_number: case_number.clone(),
        lang: lang.code(),
        worker_chat_id: chat_id,
        project_code: draft.project_code.clone(),
        county_code: claim.county.clone(),
        township_code: draft.township_code.clone(),
        site: claim.site.to_owned(),
        sector: claim.sector.code(),
        employer_kind: claim.employer_kind.code(),
        employer: claim.employer.to_owned(),
        employer_key: claim.employer_key.clone(),
        claim_kind: claim.claim_kind.code(),
        litigation: claim.litigation.code(),
        amount_fen: claim.amount_fen,
        amount_approx: draft.amount_approx,
        period_start: claim.period_start(),
        period_end: claim.period_end(),
        workers: claim.workers,
        workers_approx: draft.workers_approx,
        description: claim.description.to_owned(),
        flags: serde_json::to_string(&claim.flags(today))?,
        submitted_at: now.clone(),
        submitted_on: today.to_string(),
    };
    let complaint_id = complaints::insert(&mut *conn, &ctx.vault, &complaint).await?;
    complaints::insert_claimant(&mut *conn, &ctx.vault, complaint_id, &claimant(ctx, claim, chat_id, true)?).await?;
    complaints::insert_evidence(&mut *conn, &ctx.vault, complaint_id, chat_id, claim.evidence).await?;
    complaints::append_timeline(&mut *conn, complaint_id, &now, "worker", "submitted", "timeline-submitted", "{}")
        .await?;

    let project = match draft.project_code.as_deref() {
        Some(id) => projects::routing_for(&mut *conn, id).await?,
        None => None,
    };
    let input = RoutingInput {
        project,
        worksite_county: draft.county_code.clone(),
        sector: Some(claim.sector),
        construction_cause: claim.claim_kind != ClaimKind::Wages,
        township: draft.township_code.clone(),
        employer_kind: Some(claim.employer_kind.code().to_owned()),
    };
    let assignment = assign_office(&input, &ctx.deployment);
    let opened = open_case(&assignment, today, &ctx.deployment);
    cases::insert(&mut *conn, complaint_id, &opened.state, &now).await?;
    for entry in &opened.timeline {
        append_entry(&mut *conn, ctx, complaint_id, entry).await?;
    }
    let facts = ComplaintFacts {
        total_owed_fen: claim.amount_fen,
        workers: claim.workers,
        description: claim.description.to_owned(),
        marked_urgent: draft.urgent,
        retaliation: false,
        employer_absconded: false,
    };
    let alerts = detect_alerts(&facts, &ctx.deployment.campaign);
    let mut notifications = opened.notifications;
    let linked = super::linked_offices(&mut *conn, ctx, &opened.state.owner).await?;
    // The worker's part (hotlines) is said now; the offices' alerts wait for a person to acknowledge.
    let worker_part = alert_notifications(&alerts, &opened.state.owner, &ctx.deployment, |o| linked.contains(o));
    notifications.extend(worker_part.into_iter().filter(|n| n.to == Recipient::Worker));
    let case = CaseRef { complaint_id, case_number: &case_number, worker_chat_id: chat_id, worker_lang: lang };
    let tell_worker = deliver(&mut *conn, ctx, &case, &notifications).await?;
    crate::staff::alerts::raise(&mut *conn, ctx, &case, &opened.state.owner, &alerts).await?;
    let crew =
        if claim.workers > 1 { Some(crew_link(&mut *conn, complaint_id, claim.workers, &now).await?) } else { None };
    tracing::info!(case = %case_number, owner = opened.state.owner.as_str(), alerts = alerts.len(), "case opened");
    Ok(Filed::Opened { complaint_id, case_number, tell_worker, crew })
}

/// A fresh crew code for the case (drawn again in the rare event it is taken).
async fn crew_link(conn: &mut Conn<'_>, complaint_id: i64, workers: u32, now: &str) -> anyhow::Result<CrewLink> {
    use rand::Rng;
    use wagedesk_core::crew::{CODE_ALPHABET, CODE_LEN};
    for _ in 0..8 {
        let code: String = {
            let mut rng = rand::rng();
            (0..CODE_LEN).map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())])).collect()
        };
        if storage::crew::insert_link(&mut *conn, complaint_id, &code, now).await? {
            return Ok(CrewLink { code, workers });
        }
    }
    anyhow::bail!("no free crew code after 8 draws")
}

pub(super) fn claimant(ctx: &Ctx, claim: &Claim<'_>, chat_id: i64, filer: bool) -> anyhow::Result<NewClaimant> {
    Ok(NewClaimant {
        filer,
        crew: false,
        chat_id,
        name: claim.name.to_owned(),
        phone: stored_number(ctx, "phone", claim.phone)?,
        id_number: claim.draft.id_number.as_ref().map(|id| stored_number(ctx, "id", id)).transpose()?,
        amount_fen: claim.amount_fen,
        period_start: claim.period_start(),
        period_end: claim.period_end(),
        description: (!filer).then(|| claim.description.to_owned()),
        consent_at: claim.consent_at.to_owned(),
    })
}

/// A number of the draft as the claimant row keeps it, with its look-up hash under the current key.
fn stored_number(ctx: &Ctx, kind: &str, number: &Sealed) -> anyhow::Result<StoredNumber> {
    let hash = ctx.vault.lookup_hash(kind, &ctx.vault.open(&number.sealed)?);
    Ok(StoredNumber { sealed: number.sealed.clone(), hash, masked: number.masked.clone() })
}

/// The county in the case number: the worksite's, or — when the worker could not place it — the
/// county of the default intake office that will own it (a case number needs a real county code).
fn numbering_county<'a>(ctx: &'a Ctx, worksite: &'a str) -> &'a str {
    if worksite != super::UNKNOWN_COUNTY {
        return worksite;
    }
    let d = &ctx.deployment;
    d.office(&d.default_intake_office)
        .and_then(|o| o.jurisdiction.first())
        .or_else(|| d.regions.first().map(|c| &c.code))
        .map_or(worksite, String::as_str)
}
