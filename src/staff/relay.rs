//! The two-way relay between a worker's private chat and their case's thread in the office group.
//! What the worker sends after filing is copied into the thread labelled with the case number (never
//! their account; phone and ID numbers in their words masked); what the owning office writes in
//! the thread (or as a reply to a case message) reaches the worker signed with the office's name,
//! never the staff member's. Co-handlers and the supervisor comment into the owner's thread.

use sqlx::SqliteConnection;

use super::authz::{self, Action, Place};
use super::{GroupMessage, actor, card, post, record, refuse, tr_args};
use crate::case::{Actor, Message, Operation, Status, TimelineKind};
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n::{self, Lang};
use crate::intake::draft::EvidenceItem;
use crate::intake::{Button, Keyboard};
use crate::notify::office_name;
use crate::outgoing::{Outgoing, StaffOp};
use crate::storage::complaints;
use crate::storage::staff::{self as store, OfficeChat};

/// Button data of "this message is for case N": `r:<worker message id>:<case>`.
const CHOICE_PREFIX: &str = "r:";

/// A message from the worker's private chat.
#[derive(Debug, Clone)]
pub struct WorkerPost {
    pub chat_id: i64,
    pub lang: Lang,
    pub message_id: i32,
    /// text, photo, document, voice, video, audio.
    pub kind: String,
    /// Text or caption.
    pub text: Option<String>,
    /// The downloaded file, for media.
    pub evidence: Option<EvidenceItem>,
}

async fn open_cases(conn: &mut SqliteConnection, chat_id: i64) -> anyhow::Result<Vec<store::WorkerOpenCase>> {
    Ok(store::worker_open_cases(conn, chat_id).await?)
}

/// Whether the worker has a case their messages can go to (otherwise the intake answers them).
pub async fn worker_has_open_case(conn: &mut SqliteConnection, chat_id: i64) -> anyhow::Result<bool> {
    Ok(!open_cases(conn, chat_id).await?.is_empty())
}

/// A worker's message after filing: relayed to their one open case, or held while they choose.
pub async fn from_worker(conn: &mut SqliteConnection, ctx: &Ctx, w: &WorkerPost) -> anyhow::Result<()> {
    let cases = open_cases(conn, w.chat_id).await?;
    match cases.as_slice() {
        [] => Ok(()),
        [one] => relay_to(conn, ctx, w, one.complaint_id).await,
        several => {
            let sealed = w.text.as_deref().map(|t| ctx.vault.seal(t));
            let evidence = w.evidence.as_ref().map(serde_json::to_string).transpose()?;
            let now = stamp(ctx.clock.now());
            let id = i64::from(w.message_id);
            store::hold_relay(conn, w.chat_id, id, &w.kind, sealed.as_deref(), evidence.as_deref(), &now).await?;
            let rows = several
                .iter()
                .map(|c| {
                    let label = format!("{} · {}", c.case_number, c.employer).chars().take(60).collect();
                    vec![Button { label, data: format!("{CHOICE_PREFIX}{}:{}", w.message_id, c.complaint_id) }]
                })
                .collect();
            let text = i18n::tr(w.lang, "relay-which-case");
            let row = Outgoing::Send { chat_id: w.chat_id, text, keyboard: Keyboard::Inline(rows) };
            post::queue(conn, w.chat_id, &row).await?;
            Ok(())
        }
    }
}

pub fn is_choice(data: &str) -> bool {
    data.starts_with(CHOICE_PREFIX)
}

/// The worker chose which case a held message is for. Re-checked: the case must be theirs and open.
pub async fn choose_case(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    data: &str,
) -> anyhow::Result<Option<String>> {
    let parsed = data
        .strip_prefix(CHOICE_PREFIX)
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(m, c)| Some((m.parse::<i32>().ok()?, c.parse::<i64>().ok()?)));
    let Some((message_id, complaint_id)) = parsed else {
        tracing::warn!(chat = chat_id, "malformed relay choice refused");
        return Ok(Some(i18n::tr(lang, "relay-choice-stale")));
    };
    let mine = open_cases(conn, chat_id).await?.into_iter().any(|c| c.complaint_id == complaint_id);
    if !mine {
        return Ok(Some(i18n::tr(lang, "relay-choice-stale")));
    }
    let Some((kind, sealed, evidence)) = store::take_relay(conn, chat_id, i64::from(message_id)).await? else {
        return Ok(Some(i18n::tr(lang, "relay-choice-stale")));
    };
    let evidence = evidence.and_then(|json| serde_json::from_str(&json).ok());
    let text = match sealed {
        Some(s) => Some(ctx.vault.open(&s)?),
        None => None,
    };
    let w = WorkerPost { chat_id, lang, message_id, kind, text, evidence };
    relay_to(conn, ctx, &w, complaint_id).await?;
    Ok(None)
}

async fn relay_to(conn: &mut SqliteConnection, ctx: &Ctx, w: &WorkerPost, complaint_id: i64) -> anyhow::Result<()> {
    let Some(stored) = case_ops::load(conn, complaint_id).await? else { return Ok(()) };
    let owner = stored.state.owner.clone();
    let masked = w.text.as_deref().map(super::mask::mask_numbers);
    let group = store::chat_of_office(conn, owner.as_str()).await?;
    if let Some(group) = &group {
        if let Some(f) = crate::storage::staff::card_facts(conn, complaint_id).await? {
            post::ensure_thread(conn, ctx, &f, group).await?;
        }
        let op = if w.kind == "text" {
            let text = tr_args(
                "staff-from-worker",
                &[("case", stored.case_number.clone().into()), ("text", masked.clone().unwrap_or_default().into())],
            );
            StaffOp::Post { complaint_id, office: group.office_id.clone(), text, keyboard: Keyboard::None, card: false }
        } else {
            let mut caption = card::evidence_caption(&stored.case_number, &w.kind);
            if let Some(words) = &masked {
                caption = format!("{caption}\n{words}");
            }
            let caption = Some(caption.chars().take(1024).collect());
            StaffOp::Copy {
                complaint_id,
                office: Some(group.office_id.clone()),
                from_chat_id: w.chat_id,
                message_id: w.message_id,
                caption,
            }
        };
        post::queue_op(conn, group.chat_id, op).await?;
    } else {
        tracing::info!(case = %stored.case_number, "worker message kept on record; the owner has no linked group");
    }
    if let Some(e) = &w.evidence {
        complaints::insert_evidence(conn, complaint_id, std::slice::from_ref(e)).await?;
    }
    let m = Message::new("timeline-worker-message").text("kind", &w.kind);
    record(conn, ctx, complaint_id, Actor::Worker, TimelineKind::Relayed, m).await?;
    let office = office_name(&ctx.deployment, w.lang, &owner);
    let ack =
        i18n::tr_args(w.lang, "relay-sent", &[("case", stored.case_number.clone().into()), ("office", office.into())]);
    // An answer to what the worker just did: it goes ahead of queued notifications.
    let ack = serde_json::to_string(&Outgoing::Send { chat_id: w.chat_id, text: ack, keyboard: Keyboard::None })?;
    crate::storage::outbox::enqueue_reply(conn, w.chat_id, &ack, &stamp(chrono::Utc::now())).await?;
    if stored.state.status == Status::NeedInfo {
        // The worker answered the request for more: the acceptance clock starts again.
        if let Err(e) = case_ops::apply(conn, ctx, complaint_id, Operation::ProvideInfo, Actor::Worker).await? {
            tracing::warn!(case = %stored.case_number, error = %e, "providing information refused");
        }
    } else if group.is_some() {
        post::refresh_cards(conn, ctx, complaint_id).await?;
    }
    Ok(())
}

/// A staff message in a case's thread, or a reply to a case message.
pub async fn from_staff(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    m: &GroupMessage,
    group: &OfficeChat,
    office: &OfficeId,
    complaint_id: i64,
) -> anyhow::Result<()> {
    let here = m.here();
    let Some(f) = crate::storage::staff::card_facts(conn, complaint_id).await? else { return Ok(()) };
    let place = post::place(conn, ctx, &f, office).await?;
    let action = if place == Place::Owner { Action::Reply } else { Action::Comment };
    if let Err(refusal) = authz::decide(place, m.sender, action) {
        return refuse(conn, here, refusal, action.code()).await;
    }
    if m.media == Some("sticker") || (m.text.is_none() && m.media.is_none()) {
        return Ok(());
    }
    let sender_office = office_name(&ctx.deployment, card::OFFICE_LANG, office);
    match action {
        Action::Reply => {
            let Some(stored) = case_ops::load(conn, complaint_id).await? else { return Ok(()) };
            let worker = stored.worker_chat_id;
            let worker_office = office_name(&ctx.deployment, stored.lang, office);
            let framed = |words: &str| {
                i18n::tr_args(
                    stored.lang,
                    "relay-from-office",
                    &[
                        ("office", worker_office.clone().into()),
                        ("case", stored.case_number.clone().into()),
                        ("text", words.into()),
                    ],
                )
            };
            if m.media.is_none() {
                let text = framed(m.text.as_deref().unwrap_or_default());
                post::queue(conn, worker, &Outgoing::Send { chat_id: worker, text, keyboard: Keyboard::None }).await?;
            } else {
                let caption = Some(framed(m.text.as_deref().unwrap_or_default()).chars().take(1024).collect());
                let op = StaffOp::Copy {
                    complaint_id,
                    office: None,
                    from_chat_id: m.chat_id,
                    message_id: m.message_id,
                    caption,
                };
                post::queue_op(conn, worker, op).await?;
            }
            let message = Message::new("timeline-staff-replied");
            record(conn, ctx, complaint_id, actor(office, m.user_id), TimelineKind::Relayed, message).await?;
            tracing::info!(case = %f.case_number, "staff reply relayed to the worker");
        }
        _ => {
            let owner = &f.state.owner;
            let owner_group = store::chat_of_office(conn, owner.as_str()).await?;
            if owner_group.as_ref().is_some_and(|g| g.chat_id == group.chat_id) {
                return Ok(());
            }
            let text = tr_args(
                "staff-comment",
                &[("office", sender_office.into()), ("text", m.text.clone().unwrap_or_default().into())],
            );
            post::post(conn, ctx, complaint_id, owner, text, Keyboard::None).await?;
            let message = Message::new("timeline-comment");
            record(conn, ctx, complaint_id, actor(office, m.user_id), TimelineKind::Note, message).await?;
        }
    }
    // A reaction, not a message: the member sees it went, the group's budget is not spent.
    post::queue_op(conn, m.chat_id, StaffOp::React { message_id: m.message_id }).await?;
    Ok(())
}
