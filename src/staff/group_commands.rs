//! Commands in an office group, parsed by `commands::StaffCommand` and gated, listed and helped by the
//! core (`office::group_commands`); this module loads and stores what they need.

use wagedesk_store::conn::Conn;

use super::authz::{Action, Refusal};
use super::{GroupMessage, Here, actor, authorize, case_of, link, office_of, post, record, refuse, say, tr, tr_args};
use crate::case::{Message, TimelineKind};
use crate::commands::StaffCommand;
use crate::context::Ctx;
use crate::deployment::OfficeId;
use crate::office::card::CardFacts;
use crate::office::group_commands::{self, Gate, LIST_LIMIT, ListedCase, Origin};
use crate::storage::staff as store;

pub(super) async fn run(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    m: &GroupMessage,
    command: &StaffCommand,
) -> anyhow::Result<()> {
    let here = m.here();
    // An unknown command's name is whatever was typed (a phone number, say): it stays out of the log.
    let name = if matches!(command, StaffCommand::Unknown(_)) { "(unknown)" } else { command.name() };
    let linked = office_of(&mut *conn, m.chat_id).await?;
    let origin =
        Origin { linked: linked.is_some(), public: m.public, edited: m.edited, sender: m.sender, standing: m.standing };
    match group_commands::gate(command, origin) {
        Gate::Run => {}
        Gate::Ignore(why) => {
            tracing::info!(chat = m.chat_id, command = name, why);
            return Ok(());
        }
        Gate::Say(message_id) => {
            tracing::info!(chat = m.chat_id, command = name, "edited command refused");
            return say(&mut *conn, &ctx.vault, here, tr(message_id)).await;
        }
        Gate::Refuse(refusal) => return refuse(&mut *conn, &ctx.vault, here, refusal, name).await,
    }
    if let StaffCommand::Link(code) = command {
        return link::link(&mut *conn, ctx, m, code).await;
    }
    let Some((_, office)) = linked else { return Ok(()) };
    match command {
        StaffCommand::Help | StaffCommand::Start => say(&mut *conn, &ctx.vault, here, group_commands::help()).await,
        StaffCommand::Unlink => link::unlink(&mut *conn, ctx, m, &office).await,
        StaffCommand::Cancel => {
            let text = match store::take_prompt(&mut *conn, m.chat_id, m.user_id).await? {
                Some(_) => tr("staff-cancelled"),
                None => tr("staff-nothing-to-cancel"),
            };
            say(&mut *conn, &ctx.vault, here, text).await
        }
        StaffCommand::Cases => list(&mut *conn, ctx, here, &office, false).await,
        StaffCommand::Overdue => list(&mut *conn, ctx, here, &office, true).await,
        StaffCommand::Case(number) => show(&mut *conn, ctx, m, &office, number).await,
        StaffCommand::Note(text) => note(&mut *conn, ctx, m, &office, text).await,
        StaffCommand::Unreachable(args) => unreachable(&mut *conn, ctx, m, &office, args).await,
        // Reports are prepared before the transaction (`reports.rs`); the rest were answered above.
        StaffCommand::Ledger | StaffCommand::Export(_) | StaffCommand::Link(_) | StaffCommand::Unknown(_) => Ok(()),
    }
}

/// This office's open cases, soonest due first.
async fn list(conn: &mut Conn<'_>, ctx: &Ctx, here: Here, office: &OfficeId, overdue_only: bool) -> anyhow::Result<()> {
    let today = ctx.clock.today().to_string();
    let rows = store::open_cases(&mut *conn, office.as_str(), overdue_only, &today, LIST_LIMIT).await?;
    let cases: Vec<ListedCase> = rows
        .into_iter()
        .map(|(case_number, status, due, employer)| ListedCase { case_number, status, due, employer })
        .collect();
    say(&mut *conn, &ctx.vault, here, group_commands::case_list(&cases, overdue_only)).await
}

/// The case a command names: its number (or the unique case ending with it), or the topic or
/// case message it is written in.
async fn named_case(conn: &mut Conn<'_>, m: &GroupMessage, number: &str) -> anyhow::Result<Option<i64>> {
    if number.is_empty() {
        return case_of(&mut *conn, m).await;
    }
    Ok(store::case_by_number(&mut *conn, &number.to_uppercase()).await?)
}

async fn show(conn: &mut Conn<'_>, ctx: &Ctx, m: &GroupMessage, office: &OfficeId, number: &str) -> anyhow::Result<()> {
    let complaint_id = named_case(&mut *conn, m, number).await?;
    let Some(f) = allowed_case(&mut *conn, ctx, m, office, complaint_id, Action::View, "case").await? else {
        return Ok(());
    };
    let complaint_id = f.complaint_id;
    let Some(group) = store::chat_of_office(&mut *conn, office.as_str()).await? else { return Ok(()) };
    if store::thread(&mut *conn, complaint_id, office.as_str()).await?.is_none() {
        // First look from this group (a supervisor, a former owner): open the case here.
        return post::ensure_thread(&mut *conn, ctx, &f, &group).await;
    }
    let place = post::place(&mut *conn, ctx, &f, office).await?;
    let text = super::card::text(&ctx.deployment, &f, place);
    let keyboard = super::card::keyboard(&f, place);
    post::post(&mut *conn, ctx, complaint_id, office, text, keyboard).await?;
    Ok(())
}

/// The case a command's words name (`number`), else the one it is written in (`in_case`).
async fn target(
    conn: &mut Conn<'_>,
    m: &GroupMessage,
    in_case: Option<i64>,
    number: Option<&str>,
) -> anyhow::Result<Option<i64>> {
    match number {
        None => Ok(in_case),
        Some(number) => named_case(&mut *conn, m, number).await,
    }
}

/// The case a command names, when this group's member may do `action` on it; otherwise the member
/// is answered and `None` returned. Another office's case is "not found", exactly like a number that
/// does not exist, so case numbers cannot be probed from a group.
async fn allowed_case(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    m: &GroupMessage,
    office: &OfficeId,
    complaint_id: Option<i64>,
    action: Action,
    what: &str,
) -> anyhow::Result<Option<CardFacts>> {
    let here = m.here();
    let Some(complaint_id) = complaint_id else {
        say(&mut *conn, &ctx.vault, here, tr("staff-case-not-found")).await?;
        return Ok(None);
    };
    match authorize(&mut *conn, ctx, Some(office), complaint_id, m.sender, action).await? {
        Ok(f) => Ok(Some(f)),
        Err(Refusal::NotYourCase) => say(&mut *conn, &ctx.vault, here, tr("staff-case-not-found")).await.map(|()| None),
        Err(refusal) => refuse(&mut *conn, &ctx.vault, here, refusal, what).await.map(|()| None),
    }
}

/// An internal note: kept in the case's timeline, never relayed to the worker.
async fn note(conn: &mut Conn<'_>, ctx: &Ctx, m: &GroupMessage, office: &OfficeId, args: &str) -> anyhow::Result<()> {
    let here = m.here();
    // `/note QX-… words` names the case; in a topic or as a reply, the words are all the note.
    let in_case = case_of(&mut *conn, m).await?;
    let (number, words) = group_commands::note_target(args, in_case.is_some());
    let Some(complaint_id) = target(&mut *conn, m, in_case, number).await? else {
        return say(&mut *conn, &ctx.vault, here, tr("staff-case-not-found")).await;
    };
    if words.is_empty() {
        return say(&mut *conn, &ctx.vault, here, tr("staff-note-empty")).await;
    }
    if allowed_case(&mut *conn, ctx, m, office, Some(complaint_id), Action::Note, "note").await?.is_none() {
        return Ok(());
    }
    let message = Message::new("timeline-note").text("text", words);
    record(&mut *conn, ctx, complaint_id, actor(office, m.user_id), TimelineKind::Note, message).await?;
    say(&mut *conn, &ctx.vault, here, tr("staff-note-kept")).await
}

/// A claimant the office cannot reach to confirm payment: the attempts go on the timeline, and once
/// everyone else has confirmed, a case paid in full is closed.
async fn unreachable(
    conn: &mut Conn<'_>,
    ctx: &Ctx,
    m: &GroupMessage,
    office: &OfficeId,
    args: &str,
) -> anyhow::Result<()> {
    use crate::case::claimants::waiting;
    use crate::case::{Operation, Outcome, Status};
    let here = m.here();
    let in_case = case_of(&mut *conn, m).await?;
    let Some((number, claimant, attempts)) = group_commands::unreachable_target(args, in_case.is_some()) else {
        return say(&mut *conn, &ctx.vault, here, tr("staff-unreachable-usage")).await;
    };
    let Some(complaint_id) = target(&mut *conn, m, in_case, number).await? else {
        return say(&mut *conn, &ctx.vault, here, tr("staff-case-not-found")).await;
    };
    let Some(f) = allowed_case(&mut *conn, ctx, m, office, Some(complaint_id), Action::Verify, "unreachable").await?
    else {
        return Ok(());
    };
    let now = crate::clock::stamp(ctx.clock.now());
    let n = i64::try_from(claimant).unwrap_or(i64::MAX);
    let Some(name) =
        crate::storage::claimants::set_unreachable(&mut *conn, &ctx.vault, complaint_id, claimant, &attempts, &now)
            .await?
    else {
        return say(&mut *conn, &ctx.vault, here, tr_args("staff-unreachable-no-claimant", &[("number", n.into())]))
            .await;
    };
    let who = actor(office, m.user_id);
    let entry =
        Message::new("case-timeline-claimant-unreachable").text("number", &n.to_string()).text("attempts", &attempts);
    record(&mut *conn, ctx, complaint_id, who.clone(), TimelineKind::ClaimantUnreachable, entry).await?;
    let waiting = waiting(&crate::storage::claimants::payers(&mut *conn, complaint_id).await?);
    let paid_in_full = f.state.status == Status::Resolved && f.state.outcome == Some(Outcome::PaidInFull);
    if waiting == 0 && paid_in_full {
        if let Err(e) = crate::case_ops::apply(&mut *conn, ctx, complaint_id, Operation::CloseSettled, who).await? {
            return say(&mut *conn, &ctx.vault, here, super::lifecycle_refusal(ctx, &e)).await;
        }
        let args = [("number", n.into()), ("name", name.into()), ("case", f.case_number.clone().into())];
        return say(&mut *conn, &ctx.vault, here, tr_args("staff-unreachable-closed", &args)).await;
    }
    post::refresh_cards(&mut *conn, ctx, complaint_id).await?;
    let waiting = i64::try_from(waiting).unwrap_or(i64::MAX);
    say(
        conn,
        &ctx.vault,
        here,
        tr_args(
            "staff-unreachable-recorded",
            &[("number", n.into()), ("name", name.into()), ("waiting", waiting.into())],
        ),
    )
    .await
}
