//! Turning a finished draft into a case: the one place where intake ends. A complaint about an open
//! case's project (or its employer in the same county) joins that case; the same worker filing again
//! for the same period is told so, and what the new draft adds goes to that case; anything else opens
//! a new case routed to its office.

mod again;
mod claim;
mod join;
mod open;

pub use claim::{UNKNOWN_COUNTY, employer_key};

use wagedesk_store::conn::Conn;

use crate::case::{Actor, Notification, Recipient, TimelineEntry};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::i18n::Lang;
use crate::intake::draft::Draft;
use crate::notify::{self, CaseRef};
use crate::storage::{cases, complaints, crew};
use claim::Claim;

pub use crate::intake::Filed;

#[derive(Debug, thiserror::Error)]
pub enum FilingError {
    #[error("the draft is missing {0}")]
    Incomplete(&'static str),
}

/// Files the draft on the caller's transaction.
pub async fn file_complaint(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    draft: &Draft,
) -> anyhow::Result<Filed> {
    let claim = Claim::from_draft(draft)?;
    complaints::serialize_filings(&mut *conn, &claim.county).await?;
    // A crew member joins the case their crew's link named, while it is open; if it has ended since
    // they opened the link, their claim is filed like anyone's — never as a member of another case,
    // whose filer's line their amount would be taken off — and they are told why.
    let crew_case = match &draft.crew {
        Some(crew) => crew::open_case(&mut *conn, &crew.code).await?,
        None => None,
    };
    let ended_crew = draft.crew.as_ref().filter(|_| crew_case.is_none());
    let mut filed = file_claim(&mut *conn, ctx, chat_id, lang, &claim, crew_case).await?;
    if let Some(crew) = ended_crew {
        let (Filed::Opened { tell_worker, .. }
        | Filed::Joined { tell_worker, .. }
        | Filed::AlreadyFiled { tell_worker, .. }) = &mut filed;
        let case = [("case", crate::i18n::Arg::from(crew.case_number.clone()))];
        tell_worker.insert(0, crate::i18n::tr_args(lang, "filing-crew-case-ended", &case));
    }
    Ok(filed)
}

/// Files `claim` onto the crew's open case (`crew_case`) as a member, or like anyone's claim.
async fn file_claim(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    claim: &Claim<'_>,
    crew_case: Option<cases::Match>,
) -> anyhow::Result<Filed> {
    let draft = claim.draft;
    // "The same employer in the same county": without a county there is nothing to compare within.
    // A placeholder ("不知道") names no employer to share a case by.
    let nameless = claim.county == UNKNOWN_COUNTY || claim::names_nobody(&claim.employer_key);
    let key = if nameless { "" } else { claim.employer_key.as_str() };
    let site_key = claim::employer_key(claim.site);
    let site_check = |site: &str| claim::same_site(site, &site_key);
    let same_site: Option<&(dyn Fn(&str) -> bool + Sync)> = claim::names_by_title(key).then_some(&site_check);
    let employer = cases::Employer { key, same_site };
    let as_member = crew_case.is_some();
    let open_case = match crew_case {
        Some(case) => Some(case),
        None => cases::find_open_match(&mut *conn, draft.project_code.as_deref(), &claim.county, &employer).await?,
    };
    let (start, end) = (claim.period_start(), claim.period_end());
    let hashes = ctx.vault.lookup_hashes("phone", &ctx.vault.open(&claim.phone.sealed)?);
    if let Some(open_case) = open_case {
        if let Some(already) =
            cases::already_claimant(&mut *conn, open_case.complaint_id, &hashes, &start, &end).await?
        {
            return again::add_to(&mut *conn, ctx, chat_id, lang, claim, &open_case, already).await;
        }
        return join::join(&mut *conn, ctx, chat_id, lang, claim, &open_case, as_member).await;
    }
    // Resolved and waiting for the workers' word that the money came: one of them filing again (not
    // paid after all, most likely) has filed already; what they add goes to that case.
    let project = draft.project_code.as_deref();
    if let Some(resolved) = cases::find_resolved_match(&mut *conn, project, &claim.county, &employer).await?
        && let Some(already) = cases::already_claimant(&mut *conn, resolved.complaint_id, &hashes, &start, &end).await?
    {
        return again::add_to(&mut *conn, ctx, chat_id, lang, claim, &resolved, already).await;
    }
    open::open(&mut *conn, ctx, chat_id, lang, claim).await
}

/// A filing's evidence added to a case already open (a worker joining it, or filing again): held by
/// the case from now on, and posted in the case's threads for the office to see.
async fn add_evidence(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat_id: i64,
    claim: &Claim<'_>,
    case: &crate::storage::cases::Match,
) -> anyhow::Result<()> {
    let last = crate::storage::staff::last_evidence_id(&mut *conn, case.complaint_id).await?;
    complaints::insert_evidence(&mut *conn, &ctx.vault, case.complaint_id, chat_id, claim.evidence).await?;
    crate::staff::post::new_evidence(&mut *conn, ctx, case.complaint_id, &case.case_number, last).await
}

/// What a filing onto a case already open says of itself for the alerts: the worker's words and
/// urgent mark (the case's totals are judged apart, by whichever filing crosses the threshold).
fn words_for_alerts(claim: &Claim<'_>) -> crate::case::ComplaintFacts {
    crate::case::ComplaintFacts {
        total_owed_fen: 0,
        workers: 0,
        description: claim.description.to_owned(),
        marked_urgent: claim.draft.urgent,
        retaliation: false,
        employer_absconded: false,
    }
}

/// The worker's part of `alerts` (the hotlines), told as reported only where a linked group of the
/// owner or its supervisor receives them.
async fn worker_alert_notes(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    owner: &crate::deployment::OfficeId,
    alerts: &[crate::case::ImmediateAlert],
) -> anyhow::Result<Vec<Notification>> {
    let linked = linked_offices(&mut *conn, ctx, owner).await?;
    let notes = crate::case::alert_notifications(alerts, owner, &ctx.deployment, |o| linked.contains(o));
    Ok(notes.into_iter().filter(|n| n.to == Recipient::Worker).collect())
}

/// The owner and its supervisor, those of them with a linked group: an alert reaches a person only there.
async fn linked_offices(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    owner: &crate::deployment::OfficeId,
) -> anyhow::Result<Vec<crate::deployment::OfficeId>> {
    let supervisor = ctx.deployment.escalation_office(owner).map(|o| o.id.clone());
    let mut linked = Vec::new();
    for office in std::iter::once(owner.clone()).chain(supervisor) {
        if cases::office_chat(&mut *conn, office.as_str()).await?.is_some() {
            linked.push(office);
        }
    }
    Ok(linked)
}

/// Sends every notification; the worker's are returned as text for the dialogue to say, so they
/// follow its "submitted" reply instead of racing it.
async fn deliver(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    case: &CaseRef<'_>,
    notifications: &[Notification],
) -> anyhow::Result<Vec<String>> {
    let mut tell_worker = Vec::new();
    for n in notifications {
        if n.to == Recipient::Worker {
            tell_worker.push(notify::text_for(ctx, case, n));
            notify::record(&mut *conn, ctx, case, n, "worker", None).await?;
        } else {
            notify::send(&mut *conn, ctx, case, n).await?;
        }
    }
    Ok(tell_worker)
}

/// How the timeline's `actor` column names who did something.
pub(crate) fn actor_code(actor: &Actor) -> String {
    match actor {
        Actor::Worker => "worker".to_owned(),
        Actor::Staff { office, user } => format!("staff:{}/{user}", office.as_str()),
        Actor::System => "system".to_owned(),
    }
}

/// Appends a lifecycle timeline entry.
pub(crate) async fn append_entry(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    entry: &TimelineEntry,
) -> anyhow::Result<()> {
    let actor = actor_code(&entry.actor);
    let event = serde_json::to_value(entry.kind)?;
    let args = crate::notify::sealed_args(&ctx.vault, &entry.args)?;
    complaints::append_timeline(
        conn,
        complaint_id,
        &stamp(ctx.clock.now()),
        &actor,
        event.as_str().unwrap_or("event"),
        &entry.message_id,
        &args,
    )
    .await?;
    Ok(())
}
