//! The staff workspace: office groups receive each case as a forum topic (or a card in a plain
//! group), act on it with buttons and commands, and talk to the worker by replying — the worker
//! and the staff never see each other's accounts.
//!
//! Telegram-free like the intake: the adapter ([`crate::bot::group`]) turns updates into the
//! inputs below (having asked Telegram whether a button's presser is a member), and everything
//! here writes on the caller's transaction and queues its messages in the outbox.

pub mod alerts;
pub mod supervisor_alerts;
pub use wagedesk_core::office::{authz, buttons, card, mask};
mod group_commands;
mod link;
mod pending;
pub mod post;
pub mod relay;
pub mod reports;

pub use link::{
    LINK_CODE_TTL_HOURS, bot_membership_changed, issue_link_code, leave_stale_groups, migrated, unlink_office,
};

use wagedesk_store::conn::Conn;

use crate::case::{Actor, LifecycleError, TimelineEntry, TimelineKind};
use crate::commands::StaffCommand;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::deployment::OfficeId;
use crate::i18n;
use crate::intake::Keyboard;
use crate::outgoing::{Outgoing, StaffOp};
use crate::storage::staff::{self as store, OfficeChat};
use authz::{Action, Place, Refusal, Sender};
use buttons::ButtonData;
use card::OFFICE_LANG;

/// A message posted in a group, as the adapter saw it.
#[derive(Debug, Clone)]
pub struct GroupMessage {
    pub chat_id: i64,
    pub chat_is_forum: bool,
    pub message_id: i32,
    /// The forum topic it was posted in.
    pub thread_id: Option<i32>,
    /// The message it replies to (not the topic's opening message).
    pub reply_to: Option<i32>,
    /// `reply_to` is a message the bot itself sent (a card, a relay, a prompt or a notice).
    pub reply_to_bot: bool,
    pub user_id: i64,
    /// Decided by the core from how it was sent and the sender's standing (`authz::sender`).
    pub sender: Sender,
    /// The sender's standing in the group (`Unknown` when not asked: anonymous, forwarded, via a bot).
    pub standing: authz::Standing,
    /// The group has a public username: anyone can find and join it.
    pub public: bool,
    /// `/name` (lower case, without `@bot`) and the rest of the line.
    pub command: Option<StaffCommand>,
    /// Text or caption.
    pub text: Option<String>,
    /// photo, document, voice, video, audio, sticker, …
    pub media: Option<&'static str>,
    pub edited: bool,
    /// Only known for `/link`: whether the bot is an administrator of the group.
    pub bot_is_admin: Option<bool>,
}

/// A button pressed in a group.
#[derive(Debug, Clone)]
pub struct GroupButton {
    pub chat_id: i64,
    pub thread_id: Option<i32>,
    pub callback_id: String,
    pub user_id: i64,
    /// From the presser's standing (`getChatMember`, remembered a minute): `Member`, `NotMember` or
    /// `Unverified`.
    pub sender: Sender,
    pub data: String,
}

/// Where a reply in the group goes: the same topic, as a reply to the message that asked.
#[derive(Debug, Clone, Copy)]
pub struct Here {
    pub chat_id: i64,
    pub thread_id: Option<i32>,
    pub reply_to: Option<i32>,
}

impl Here {
    /// `text` posted here, as an answer to what the member did.
    fn reply(self, text: String, keyboard: Keyboard) -> StaffOp {
        StaffOp::Reply { text, reply_to: self.reply_to, thread_id: self.thread_id, keyboard }
    }
}

impl GroupMessage {
    fn here(&self) -> Here {
        Here { chat_id: self.chat_id, thread_id: self.thread_id, reply_to: Some(self.message_id) }
    }
}

pub(crate) fn tr(id: &str) -> String {
    i18n::tr(OFFICE_LANG, id)
}

pub(crate) fn tr_args(id: &str, args: &[(&str, i18n::Arg)]) -> String {
    i18n::tr_args(OFFICE_LANG, id, args)
}

/// Says `text` in the group, where the member asked.
pub(crate) async fn say(conn: &mut Conn<'_>, vault: &Vault, here: Here, text: String) -> anyhow::Result<()> {
    say_with(&mut *conn, vault, here, text, Keyboard::None).await
}

pub(crate) async fn say_with(
    conn: &mut Conn<'_>,
    vault: &Vault,
    here: Here,
    text: String,
    keyboard: Keyboard,
) -> anyhow::Result<()> {
    post::queue_op(&mut *conn, vault, here.chat_id, here.reply(text, keyboard)).await?;
    Ok(())
}

pub(crate) async fn answer(
    conn: &mut Conn<'_>,
    vault: &Vault,
    b: &GroupButton,
    text: Option<String>,
) -> anyhow::Result<()> {
    let row = Outgoing::AnswerCallback { callback_id: b.callback_id.clone(), text, alert: false };
    post::queue(&mut *conn, vault, b.chat_id, &row).await?;
    Ok(())
}

/// The staff member as the timeline records them: office and Telegram user id, never a name.
pub(crate) fn actor(office: &OfficeId, user_id: i64) -> Actor {
    Actor::Staff { office: office.clone(), user: format!("tg:{user_id}") }
}

pub(crate) fn lifecycle_refusal(ctx: &Ctx, e: &LifecycleError) -> String {
    let m = e.message();
    crate::notify::render(&ctx.deployment, OFFICE_LANG, &m.id, &m.args)
}

/// Logs a refusal and says it politely where the member asked.
async fn refuse(conn: &mut Conn<'_>, vault: &Vault, here: Here, refusal: Refusal, what: &str) -> anyhow::Result<()> {
    tracing::info!(chat = here.chat_id, refusal = refusal.code(), what, "staff action refused");
    say(&mut *conn, vault, here, tr(refusal.message_id())).await
}

/// The office this group serves.
async fn office_of(conn: &mut Conn<'_>, chat_id: i64) -> anyhow::Result<Option<(OfficeChat, OfficeId)>> {
    let Some(group) = store::office_of_chat(&mut *conn, chat_id).await? else { return Ok(None) };
    match OfficeId::parse(&group.office_id) {
        Ok(id) => Ok(Some((group, id))),
        Err(_) => Ok(None),
    }
}

/// Decides whether this group's member may do `action` on the case.
async fn authorize(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    office: Option<&OfficeId>,
    complaint_id: i64,
    sender: Sender,
    action: Action,
) -> anyhow::Result<Result<card::CardFacts, Refusal>> {
    let Some(f) = crate::storage::staff::card_facts(&mut *conn, &ctx.vault, complaint_id).await? else {
        return Ok(Err(Refusal::NotYourCase));
    };
    let place = match office {
        Some(office) => post::place(&mut *conn, ctx, &f, office).await?,
        None => Place::Unlinked,
    };
    Ok(authz::decide(place, sender, action).map(|()| f))
}

/// Appends a staff event that is not a lifecycle operation (note, tag, unmask, reply) to the case's
/// timeline: who and when; the words themselves only for internal notes.
async fn record(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    complaint_id: i64,
    actor: Actor,
    kind: TimelineKind,
    message: crate::case::Message,
) -> anyhow::Result<()> {
    crate::filing::append_entry(&mut *conn, ctx, complaint_id, &TimelineEntry::new(kind, actor, message)).await
}

/// A message in a group.
pub async fn on_message(conn: &mut Conn<'_>, ctx: &Ctx, m: &GroupMessage) -> anyhow::Result<()> {
    if let Some(command) = &m.command {
        return group_commands::run(&mut *conn, ctx, m, command).await;
    }
    let Some((group, office)) = office_of(&mut *conn, m.chat_id).await? else {
        tracing::debug!(chat = m.chat_id, "message in an unlinked group ignored");
        return Ok(());
    };
    if m.edited {
        // An edit of something already relayed cannot be taken back from the worker's chat.
        tracing::info!(chat = m.chat_id, message = m.message_id, "edited group message not relayed");
        return Ok(());
    }
    // Known before the prompt is looked at: words written in another case's topic (or in reply to
    // another case's message) are about that case, not an answer to a prompt made on this one.
    let written_in = case_of(&mut *conn, m).await?;
    if pending::complete(&mut *conn, ctx, m, &office, written_in).await? {
        return Ok(());
    }
    if replies_to_bot_notice(&mut *conn, m).await? {
        // An answer to the bot's own question or notice (a colleague's prompt, a refusal) was
        // written for the office, never for the worker: it is not relayed.
        return pending::not_for_the_worker(&mut *conn, ctx, m, written_in).await;
    }
    let Some(complaint_id) = written_in else {
        // Talk in the group that is not about a case stays in the group.
        return Ok(());
    };
    relay::from_staff(&mut *conn, ctx, m, &group, &office, complaint_id).await
}

/// Whether `m` replies to something the bot said that is not a case message (a card, a worker's
/// relayed words or the case's news are recorded as case messages; prompts and notices are not).
async fn replies_to_bot_notice(conn: &mut Conn<'_>, m: &GroupMessage) -> anyhow::Result<bool> {
    let Some(reply_to) = m.reply_to.filter(|_| m.reply_to_bot) else { return Ok(false) };
    Ok(store::case_of_message(&mut *conn, m.chat_id, i64::from(reply_to)).await?.is_none())
}

/// The case a message is about: its topic, or the case message it replies to.
async fn case_of(conn: &mut Conn<'_>, m: &GroupMessage) -> anyhow::Result<Option<i64>> {
    if let Some(thread) = m.thread_id
        && let Some(id) = store::case_of_topic(&mut *conn, m.chat_id, i64::from(thread)).await?
    {
        return Ok(Some(id));
    }
    if let Some(reply_to) = m.reply_to {
        return Ok(store::case_of_message(&mut *conn, m.chat_id, i64::from(reply_to)).await?);
    }
    Ok(None)
}

/// A button pressed in a group.
pub async fn on_button(conn: &mut Conn<'_>, ctx: &Ctx, b: &GroupButton) -> anyhow::Result<()> {
    if let Some(alert_id) = crate::case::acknowledge::decode(&b.data) {
        return alerts::acknowledge(&mut *conn, ctx, b, alert_id).await;
    }
    let Some(data) = ButtonData::decode(&b.data) else {
        tracing::warn!(chat = b.chat_id, user = b.user_id, "malformed staff button refused");
        return answer(&mut *conn, &ctx.vault, b, Some(tr("staff-button-invalid"))).await;
    };
    let office = office_of(&mut *conn, b.chat_id).await?;
    let verdict =
        authorize(&mut *conn, ctx, office.as_ref().map(|(_, o)| o), data.complaint_id, b.sender, data.action).await?;
    let f = match verdict {
        Ok(f) => f,
        Err(refusal) => {
            tracing::info!(
                chat = b.chat_id,
                user = b.user_id,
                refusal = refusal.code(),
                action = data.action.code(),
                "staff button refused"
            );
            return answer(&mut *conn, &ctx.vault, b, Some(tr(refusal.message_id()))).await;
        }
    };
    if data.rev != f.rev && data.action != Action::View {
        tracing::info!(chat = b.chat_id, case = %f.case_number, "stale staff button");
        return answer(&mut *conn, &ctx.vault, b, Some(tr("staff-button-stale"))).await;
    }
    let Some((group, office)) = office else {
        return answer(&mut *conn, &ctx.vault, b, Some(tr(Refusal::Unlinked.message_id()))).await;
    };
    let here = match store::thread(&mut *conn, f.complaint_id, &group.office_id).await? {
        Some(t) => {
            Here { chat_id: b.chat_id, thread_id: t.thread_id.and_then(|t| i32::try_from(t).ok()), reply_to: None }
        }
        None => Here { chat_id: b.chat_id, thread_id: b.thread_id, reply_to: None },
    };
    if data.action == Action::Unmask {
        // The press's own answer is the alert that shows the numbers.
        return pending::unmask(&mut *conn, ctx, b, &office, &f, data.choice.as_deref(), here).await;
    }
    answer(&mut *conn, &ctx.vault, b, None).await?;
    pending::button(&mut *conn, ctx, b, &group, &office, &f, data, here).await
}
