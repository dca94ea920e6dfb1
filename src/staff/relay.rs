//! The two-way relay, carried out: the core decides where a message goes and what it says
//! (`relay`); this module loads the worker's open cases, holds a message while the worker chooses,
//! queues the posts, copies and replies, and writes the timeline.

use wagedesk_store::conn::Conn;

use super::{GroupMessage, actor, post, record, refuse};
use crate::case::{Actor, Message, Operation, Status, TimelineKind};
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::i18n::{self, Lang};
use crate::intake::Keyboard;
use crate::outgoing::{Outgoing, StaffOp};
use crate::relay::{Audience, Choice, FromStaff, FromWorker, OpenCase, StaffPost, ToOffice, WorkerSide};
use crate::storage::complaints;
use crate::storage::staff::{self as store, OfficeChat};

pub use crate::relay::WorkerPost;

async fn open_cases(conn: &mut Conn<'_>, chat_id: i64) -> anyhow::Result<Vec<OpenCase>> {
    Ok(store::worker_open_cases(&mut *conn, chat_id)
        .await?
        .into_iter()
        .map(|c| OpenCase { complaint_id: c.complaint_id, case_number: c.case_number, employer: c.employer })
        .collect())
}

/// Whether the worker has a case their messages can go to (otherwise the intake answers them).
pub async fn worker_has_open_case(conn: &mut Conn<'_>, chat_id: i64) -> anyhow::Result<bool> {
    Ok(!open_cases(&mut *conn, chat_id).await?.is_empty())
}

/// A worker's message about one named case (the web status page names it): relayed into that
/// case's thread like [`from_worker`] does once the case is known; `false` (nothing relayed) when the
/// case is not one of the worker's open cases.
pub async fn to_case(conn: &mut Conn<'_>, ctx: &Ctx, w: &WorkerPost, complaint_id: i64) -> anyhow::Result<bool> {
    if !open_cases(&mut *conn, w.chat_id).await?.iter().any(|c| c.complaint_id == complaint_id) {
        return Ok(false);
    }
    relay_to(&mut *conn, ctx, w, complaint_id).await?;
    Ok(true)
}

/// A worker's message after filing: relayed to their one open case, or held while they choose.
pub async fn from_worker(conn: &mut Conn<'_>, ctx: &Ctx, w: &WorkerPost) -> anyhow::Result<()> {
    let cases = open_cases(&mut *conn, w.chat_id).await?;
    match crate::relay::from_worker(w, &cases) {
        FromWorker::Intake => Ok(()),
        FromWorker::To(complaint_id) => relay_to(&mut *conn, ctx, w, complaint_id).await,
        FromWorker::Hold(question) => {
            let sealed = w.text.as_deref().map(|t| ctx.vault.seal(t));
            let evidence = w.evidence.as_ref().map(serde_json::to_string).transpose()?;
            let now = stamp(ctx.clock.now());
            let id = i64::from(w.message_id);
            store::hold_relay(&mut *conn, w.chat_id, id, &w.kind, sealed.as_deref(), evidence.as_deref(), &now).await?;
            let row = Outgoing::Send { chat_id: w.chat_id, text: question.text, keyboard: question.keyboard };
            post::queue(&mut *conn, &ctx.vault, w.chat_id, &row).await?;
            Ok(())
        }
    }
}

pub fn is_choice(data: &str) -> bool {
    Choice::is_choice(data)
}

/// The worker chose which case a held message is for. Re-checked: the case must be theirs and open.
pub async fn choose_case(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    data: &str,
) -> anyhow::Result<Option<String>> {
    let choice = match Choice::check(data, &open_cases(&mut *conn, chat_id).await?) {
        Ok(choice) => choice,
        Err(message_id) => {
            tracing::warn!(chat = chat_id, "stale or malformed relay choice refused");
            return Ok(Some(i18n::tr(lang, message_id)));
        }
    };
    let held = store::take_relay(&mut *conn, chat_id, i64::from(choice.message_id)).await?;
    let Some((kind, sealed, evidence)) = held else { return Ok(Some(i18n::tr(lang, "relay-choice-stale"))) };
    let evidence = evidence.and_then(|json| serde_json::from_str(&json).ok());
    let text = match sealed {
        Some(s) => Some(ctx.vault.open(&s)?),
        None => None,
    };
    let w = WorkerPost { chat_id, lang, message_id: choice.message_id, kind, text, evidence };
    relay_to(&mut *conn, ctx, &w, choice.complaint_id).await?;
    Ok(None)
}

async fn relay_to(conn: &mut Conn<'_>, ctx: &Ctx, w: &WorkerPost, complaint_id: i64) -> anyhow::Result<()> {
    let Some(ack) = pass_on(&mut *conn, ctx, w, complaint_id).await? else { return Ok(()) };
    // An answer to what the worker just did: it goes ahead of queued notifications, and a burst's
    // equal receipts go as one.
    let ack = serde_json::to_string(&Outgoing::Receipt { chat_id: w.chat_id, text: ack })?;
    // Outbox times are the delivery worker's wall clock, not the (injectable) case clock.
    crate::storage::outbox::enqueue_reply(&mut *conn, &ctx.vault, w.chat_id, &ack, &stamp(chrono::Utc::now())).await?;
    Ok(())
}

/// A worker's message put on case `complaint_id` as [`relay_to`] does, without the receipt: returns
/// what the worker is to be told (sent to the office, or kept because it has no linked group), or
/// `None` when there is no such case.
pub async fn pass_on(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    w: &WorkerPost,
    complaint_id: i64,
) -> anyhow::Result<Option<String>> {
    let Some(stored) = case_ops::load(&mut *conn, complaint_id).await? else { return Ok(None) };
    let owner = stored.state.owner.clone();
    let group = store::chat_of_office(&mut *conn, owner.as_str()).await?;
    if let Some(group) = &group
        && let Some(f) = store::card_facts(&mut *conn, &ctx.vault, complaint_id).await?
    {
        post::ensure_thread(&mut *conn, ctx, &f, group).await?;
    }
    // Recorded once the thread is there: a new thread's card brings the files before this one, and
    // this one goes below, once.
    if let Some(e) = &w.evidence {
        complaints::insert_evidence(&mut *conn, &ctx.vault, complaint_id, w.chat_id, std::slice::from_ref(e)).await?;
    }
    if let Some(group) = &group {
        let office = group.office_id.clone();
        let who =
            crate::storage::claimants::masked_name_of_chat(&mut *conn, &ctx.vault, complaint_id, w.chat_id).await?;
        let op = match crate::relay::to_office(&stored.case_number, who.as_deref(), w) {
            ToOffice::Text(text) => StaffOp::Relay { complaint_id, office, text, from_chat: Some(w.chat_id) },
            // A web upload has no message to copy: the stored file is uploaded, as the files a web
            // filing came with are.
            ToOffice::Copy { caption } if w.evidence.as_ref().is_some_and(stored_only) => StaffOp::SendStored {
                complaint_id,
                office,
                evidence_id: store::last_evidence_id(&mut *conn, complaint_id).await?,
                kind: w.kind.clone(),
                caption,
                from_chat: Some(w.chat_id),
            },
            ToOffice::Copy { caption } => StaffOp::Copy {
                complaint_id,
                office: Some(office),
                from_chat_id: w.chat_id,
                message_id: w.message_id,
                caption: Some(caption),
            },
        };
        post::queue_op(&mut *conn, &ctx.vault, group.chat_id, op).await?;
    } else {
        tracing::info!(case = %stored.case_number, "worker message kept on record; the owner has no linked group");
    }
    // With no linked group nobody can read it yet: its words stay on the case (sealed), and the
    // worker is told so, with the hotlines, rather than that it was sent.
    let (m, ack) = match &group {
        Some(_) => (
            Message::new("timeline-worker-message").text("kind", &w.kind),
            crate::relay::sent_to(
                &ctx.deployment,
                w.lang,
                crate::channel::Channel::of_chat(w.chat_id),
                &stored.case_number,
                &owner,
            ),
        ),
        None => crate::relay::kept_unlinked(&ctx.deployment, w, &stored.case_number, &owner),
    };
    record(&mut *conn, ctx, complaint_id, Actor::Worker, TimelineKind::Relayed, m).await?;
    // Unlinked, nothing reached anyone: a request for more still waits for its answer.
    if group.is_none() {
        return Ok(Some(ack));
    }
    if stored.state.status == Status::NeedInfo {
        // The worker answered the request for more: the acceptance clock starts again.
        if let Err(e) = case_ops::apply(&mut *conn, ctx, complaint_id, Operation::ProvideInfo, Actor::Worker).await? {
            tracing::warn!(case = %stored.case_number, error = %e, "providing information refused");
        }
    } else {
        post::refresh_cards(&mut *conn, ctx, complaint_id).await?;
    }
    Ok(Some(ack))
}

/// A file only we hold (a web upload): Telegram has no id for it and no message to copy.
fn stored_only(e: &crate::intake::draft::EvidenceItem) -> bool {
    e.file_id.is_empty() && e.stored_path.is_some()
}

/// A staff message in a case's thread, or a reply to a case message.
pub async fn from_staff(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    m: &GroupMessage,
    group: &OfficeChat,
    office: &OfficeId,
    complaint_id: i64,
) -> anyhow::Result<()> {
    let here = m.here();
    // The card's facts name the worker's chat and language too: no second read of the case.
    let Some(f) = store::card_facts(&mut *conn, &ctx.vault, complaint_id).await? else { return Ok(()) };
    let place = post::place(&mut *conn, ctx, &f, office).await?;
    let owner_group = store::chat_of_office(&mut *conn, f.state.owner.as_str()).await?;
    let staff_post = StaffPost {
        place,
        sender: m.sender,
        text: m.text.as_deref(),
        media: m.media,
        in_owner_group: owner_group.as_ref().is_some_and(|g| g.chat_id == group.chat_id),
    };
    let worker = WorkerSide { lang: Lang::from_code(&f.lang).unwrap_or_default(), case_number: &f.case_number };
    match crate::relay::from_staff(&ctx.deployment, staff_post, office, worker) {
        FromStaff::Refused { refusal, action } => {
            return refuse(&mut *conn, &ctx.vault, here, refusal, action.code()).await;
        }
        FromStaff::Dropped { refusal } => {
            // Not answered (anyone could make the bot talk in the group), and its words not logged.
            tracing::info!(
                chat = m.chat_id,
                user = m.user_id,
                case = %f.case_number,
                refusal = refusal.code(),
                "group message not relayed"
            );
            return Ok(());
        }
        FromStaff::Ignored => return Ok(()),
        FromStaff::ToWorker { copy_media, .. } => {
            let Some(workers) = audience(&mut *conn, ctx, m, complaint_id, here, worker.lang).await? else {
                return Ok(());
            };
            let words = m.text.as_deref().unwrap_or_default();
            for (worker, lang) in workers {
                let text =
                    crate::relay::to_worker_text(&ctx.deployment, lang, office, &f.case_number, words, copy_media);
                let row = if copy_media {
                    let op = StaffOp::Copy {
                        complaint_id,
                        office: None,
                        from_chat_id: m.chat_id,
                        message_id: m.message_id,
                        caption: Some(text),
                    };
                    Outgoing::Staff { chat_id: worker, op }
                } else {
                    Outgoing::Send { chat_id: worker, text, keyboard: Keyboard::None }
                };
                post::queue_about(&mut *conn, &ctx.vault, worker, &row, complaint_id).await?;
            }
            let message = Message::new("timeline-staff-replied");
            record(&mut *conn, ctx, complaint_id, actor(office, m.user_id), TimelineKind::Relayed, message).await?;
            tracing::info!(case = %f.case_number, "staff reply relayed to the worker");
        }
        FromStaff::Comment { text } => {
            let posted = post::post(&mut *conn, ctx, complaint_id, &f.state.owner, text, Keyboard::None).await?;
            if posted.is_none() {
                // The owner has no linked group: nobody read it, so no 👌 — the sender hears why.
                let words = m.text.as_deref().unwrap_or_default();
                let (kept, told) = crate::relay::comment_kept(&ctx.deployment, &f.state.owner, words);
                record(&mut *conn, ctx, complaint_id, actor(office, m.user_id), TimelineKind::Note, kept).await?;
                tracing::info!(case = %f.case_number, "comment kept on record; the owner has no linked group");
                return super::say(&mut *conn, &ctx.vault, here, told).await;
            }
            let message = Message::new("timeline-comment");
            record(&mut *conn, ctx, complaint_id, actor(office, m.user_id), TimelineKind::Note, message).await?;
        }
    }
    // A reaction, not a message: the member sees it went, the group's budget is not spent.
    post::queue_op(&mut *conn, &ctx.vault, m.chat_id, StaffOp::React { message_id: m.message_id }).await?;
    Ok(())
}

/// The workers (and the language each reads) an office's words in a case's thread reach, per
/// [`crate::relay::audience`]; `None` once the clerk was told nobody gets them. Each reads their own
/// stored language; `case_lang` (the case's) only when none is stored.
async fn audience(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    m: &GroupMessage,
    complaint_id: i64,
    here: super::Here,
    case_lang: Lang,
) -> anyhow::Result<Option<Vec<(i64, Lang)>>> {
    let replied_to = match m.reply_to {
        Some(id) => store::worker_of_message(&mut *conn, m.chat_id, i64::from(id)).await?,
        None => None,
    };
    let claimants = crate::storage::claimants::chats(&mut *conn, complaint_id).await?;
    let chats: Vec<i64> = claimants.iter().map(|(chat, _)| *chat).collect();
    let refusal = match crate::relay::audience(replied_to, &chats) {
        Audience::Workers(workers) => {
            let lang = |chat: i64| {
                let dialogue = claimants.iter().find(|(c, _)| *c == chat).and_then(|(_, d)| d.as_deref());
                crate::notify::lang_of(&ctx.vault, dialogue, case_lang)
            };
            return Ok(Some(workers.into_iter().map(|chat| (chat, lang(chat))).collect()));
        }
        Audience::SenderLeft => "staff-relay-worker-left",
        Audience::Nobody => "staff-relay-no-worker",
    };
    super::say(conn, &ctx.vault, here, crate::i18n::tr(crate::render::OFFICE_LANG, refusal)).await?;
    Ok(None)
}
