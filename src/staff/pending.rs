//! Staff actions from the card's buttons. One-press actions apply at once; the others ask for a
//! choice (an office, an outcome, a tag) with a second row of buttons, then for words (a question
//! for the worker, a reason, an amount) that the same member's next message in the group gives.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

use super::authz::{Action, Sender};
use super::buttons::ButtonData;
use super::card::{self, CardFacts};
use super::{GroupButton, GroupMessage, Here, actor, lifecycle_refusal, post, record, say, say_with, tr, tr_args};
use crate::case::{Message, Operation, Outcome, TimelineKind};
use crate::case_ops;
use crate::clock::stamp;
use crate::context::Ctx;
use crate::deployment::{OfficeId, OfficeKind};
use crate::domain::money::WageAmount;
use crate::intake::{Button, Keyboard};
use crate::storage::staff::{self as store, OfficeChat};

/// A prompt older than this is forgotten: the member's next message is ordinary talk again.
const PROMPT_MINUTES: i64 = 30;

/// What a member's next message completes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pending {
    Ask,
    Transfer { to: String },
    Extend,
    Resolve { outcome: String },
}

/// The outcomes staff choose from, in button order.
const OUTCOMES: [&str; 8] = [
    "paid_in_full",
    "paid_in_part",
    "advanced_from_deposit",
    "referred_to_arbitration",
    "referred_to_police",
    "not_wage_claim",
    "unfounded",
    "not_accepted",
];

const TAGS: [&str; 2] = ["suspected_contract_payment", "suspected_false_claim"];

#[allow(clippy::too_many_arguments)]
pub(super) async fn button(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    b: &GroupButton,
    group: &OfficeChat,
    office: &OfficeId,
    f: &CardFacts,
    data: ButtonData,
    here: Here,
) -> anyhow::Result<()> {
    let who = actor(office, b.user_id);
    let choice = data.choice.as_deref();
    match (data.action, choice) {
        (Action::View, _) => {
            post::ensure_thread(conn, ctx, f, group).await?;
            let text = tr_args("staff-opened", &[("case", f.case_number.clone().into())]);
            say(conn, Here { chat_id: b.chat_id, thread_id: b.thread_id, reply_to: None }, text).await
        }
        (Action::Accept, _) => apply(conn, ctx, f, Operation::Accept, who, here).await,
        (Action::RequestInfo, _) => prompt(conn, ctx, b, f, Pending::Ask, "staff-prompt-ask", here).await,
        (Action::Extend, _) => prompt(conn, ctx, b, f, Pending::Extend, "staff-prompt-extend", here).await,
        (Action::Transfer, None) => {
            let owners: Vec<&OfficeId> = ctx
                .deployment
                .offices
                .iter()
                .filter(|o| o.kind != OfficeKind::LabourInspection || o.id == f.state.owner)
                .map(|o| &o.id)
                .collect();
            let keyboard = card::office_choices(&ctx.deployment, f, Action::Transfer, &owners);
            say_with(conn, here, tr("staff-choose-transfer"), keyboard).await
        }
        (Action::Transfer, Some(to)) => {
            let pending = Pending::Transfer { to: to.to_owned() };
            prompt(conn, ctx, b, f, pending, "staff-prompt-transfer-reason", here).await
        }
        (Action::AddCoHandler, None) => {
            let mut exclude: Vec<&OfficeId> = f.state.co_handlers.iter().collect();
            exclude.push(&f.state.owner);
            let supervisors: Vec<&OfficeId> = ctx
                .deployment
                .offices
                .iter()
                .filter(|o| o.kind == OfficeKind::Supervisor || o.kind == OfficeKind::LabourInspection)
                .map(|o| &o.id)
                .collect();
            exclude.extend(supervisors);
            let keyboard = card::office_choices(&ctx.deployment, f, Action::AddCoHandler, &exclude);
            say_with(conn, here, tr("staff-choose-co-handler"), keyboard).await
        }
        (Action::AddCoHandler, Some(id)) => match OfficeId::parse(id) {
            Ok(office) => apply(conn, ctx, f, Operation::AddCoHandler { office }, who, here).await,
            Err(_) => say(conn, here, tr("staff-button-invalid")).await,
        },
        (Action::Resolve, None) => {
            let rows = OUTCOMES
                .iter()
                .filter_map(|o| {
                    let data = ButtonData::new(f.complaint_id, f.rev, Action::Resolve, Some(o)).encode()?;
                    Some(vec![Button { label: tr(&format!("staff-outcome-{}", o.replace('_', "-"))), data }])
                })
                .collect();
            say_with(conn, here, tr("staff-choose-outcome"), Keyboard::Inline(rows)).await
        }
        (Action::Resolve, Some("paid_in_full")) => {
            apply(conn, ctx, f, Operation::Resolve { outcome: Outcome::PaidInFull }, who, here).await
        }
        (Action::Resolve, Some(outcome)) if OUTCOMES.contains(&outcome) => {
            let ask = match outcome {
                "paid_in_part" | "advanced_from_deposit" => "staff-prompt-paid-amount",
                "referred_to_arbitration" | "not_wage_claim" | "not_accepted" => "staff-prompt-reason-referral",
                _ => "staff-prompt-reason",
            };
            prompt(conn, ctx, b, f, Pending::Resolve { outcome: outcome.to_owned() }, ask, here).await
        }
        (Action::Tag, None) => {
            let rows = TAGS
                .iter()
                .filter_map(|t| {
                    let data = ButtonData::new(f.complaint_id, f.rev, Action::Tag, Some(t)).encode()?;
                    Some(vec![Button { label: tr(&format!("staff-tag-{}", t.replace('_', "-"))), data }])
                })
                .collect();
            say_with(conn, here, tr("staff-choose-tag"), Keyboard::Inline(rows)).await
        }
        (Action::Tag, Some(tag)) if TAGS.contains(&tag) => {
            let who_text = format!("staff:{}/tg:{}", office.as_str(), b.user_id);
            let now = stamp(ctx.clock.now());
            if store::add_tag(conn, f.complaint_id, tag, &who_text, &now).await? {
                let m = Message::new("timeline-tagged").text("tag", tag);
                record(conn, ctx, f.complaint_id, who, TimelineKind::Tagged, m).await?;
                post::refresh_cards(conn, ctx, f.complaint_id).await?;
            }
            let label = tr(&format!("staff-tag-{}", tag.replace('_', "-")));
            say(conn, here, tr_args("staff-tagged", &[("tag", label.into())])).await
        }
        (Action::Unmask, _) => unmask(conn, ctx, f, who, here).await,
        (action, choice) => {
            tracing::warn!(action = action.code(), ?choice, "staff button with an unknown choice");
            say(conn, here, tr("staff-button-invalid")).await
        }
    }
}

/// Applies a lifecycle operation and tells the group the result (or the core's refusal).
async fn apply(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    f: &CardFacts,
    op: Operation,
    who: crate::case::Actor,
    here: Here,
) -> anyhow::Result<()> {
    let code = op.code();
    match case_ops::apply(conn, ctx, f.complaint_id, op, who).await? {
        Ok(stored) => {
            let status = tr(stored.state.status.message_id());
            let text = tr_args("staff-done", &[("case", f.case_number.clone().into()), ("status", status.into())]);
            say(conn, here, text).await
        }
        Err(e) => {
            tracing::info!(case = %f.case_number, op = code, error = %e, "lifecycle refused a staff action");
            say(conn, here, lifecycle_refusal(ctx, &e)).await
        }
    }
}

async fn prompt(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    b: &GroupButton,
    f: &CardFacts,
    pending: Pending,
    ask: &str,
    here: Here,
) -> anyhow::Result<()> {
    let json = serde_json::to_string(&pending)?;
    store::set_prompt(conn, b.chat_id, b.user_id, f.complaint_id, &json, &stamp(ctx.clock.now())).await?;
    say(conn, here, tr_args(ask, &[("case", f.case_number.clone().into())])).await
}

/// Completes a member's pending prompt with this message. False when there is none (or it expired).
pub(super) async fn complete(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    m: &GroupMessage,
    office: &OfficeId,
) -> anyhow::Result<bool> {
    if m.sender != Sender::Member {
        return Ok(false);
    }
    let Some((complaint_id, json, created_at)) = store::take_prompt(conn, m.chat_id, m.user_id).await? else {
        return Ok(false);
    };
    let fresh = DateTime::parse_from_rfc3339(&created_at)
        .map(|t| ctx.clock.now() - t.with_timezone(&Utc) < Duration::minutes(PROMPT_MINUTES))
        .unwrap_or(false);
    let Ok(pending) = serde_json::from_str::<Pending>(&json) else { return Ok(false) };
    if !fresh {
        return Ok(false);
    }
    let here = m.here();
    let Some(words) = m.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        // A photo or sticker is not an answer; keep asking.
        let json = serde_json::to_string(&pending)?;
        store::set_prompt(conn, m.chat_id, m.user_id, complaint_id, &json, &created_at).await?;
        say(conn, here, tr("staff-prompt-needs-text")).await?;
        return Ok(true);
    };
    // Rights are checked again: the member may have been removed, or the case transferred.
    let f = match super::authorize(conn, ctx, Some(office), complaint_id, m.sender, Action::Accept).await? {
        Ok(f) => f,
        Err(refusal) => {
            say(conn, here, tr(refusal.message_id())).await?;
            return Ok(true);
        }
    };
    let who = actor(office, m.user_id);
    let op = match pending {
        Pending::Ask => Operation::RequestInfo { text: super::mask::mask_numbers(words) },
        Pending::Extend => Operation::ExtendInvestigation { reason: words.to_owned() },
        Pending::Transfer { to } => match OfficeId::parse(&to) {
            Ok(to) => Operation::Transfer { to, reason: words.to_owned() },
            Err(_) => return say(conn, here, tr("staff-button-invalid")).await.map(|()| true),
        },
        Pending::Resolve { outcome } => match outcome_from(&outcome, words) {
            Ok(outcome) => Operation::Resolve { outcome },
            Err(message_id) => {
                // Ask again: the prompt stays.
                let json = serde_json::to_string(&Pending::Resolve { outcome })?;
                store::set_prompt(conn, m.chat_id, m.user_id, complaint_id, &json, &created_at).await?;
                return say(conn, here, tr(message_id)).await.map(|()| true);
            }
        },
    };
    apply(conn, ctx, &f, op, who, here).await?;
    Ok(true)
}

/// The outcome from the member's words: an amount for paid outcomes, "reason；referral" for
/// referrals, a reason for the rest.
fn outcome_from(code: &str, words: &str) -> Result<Outcome, &'static str> {
    let reason = words.to_owned();
    let split = || {
        words
            .split_once(['；', ';', '\n'])
            .map(|(r, to)| (r.trim().to_owned(), to.trim().to_owned()))
            .filter(|(r, to)| !r.is_empty() && !to.is_empty())
            .ok_or("staff-prompt-reason-referral-again")
    };
    let amount = || match WageAmount::parse(words) {
        Ok(a) if !a.is_approximate() => Ok(a.fen()),
        _ => Err("staff-prompt-paid-amount-again"),
    };
    Ok(match code {
        "paid_in_part" => Outcome::PaidInPart { paid_fen: amount()? },
        "advanced_from_deposit" => Outcome::AdvancedFromDeposit { paid_fen: amount()? },
        "referred_to_arbitration" => {
            let (reason, referral) = split()?;
            Outcome::ReferredToArbitration { reason, referral }
        }
        "not_wage_claim" => {
            let (reason, referral) = split()?;
            Outcome::NotWageClaim { reason, referral }
        }
        "not_accepted" => {
            let (reason, referral) = split()?;
            Outcome::NotAccepted { reason, referral }
        }
        "referred_to_police" => Outcome::ReferredToPolice { reason },
        "unfounded" => Outcome::Unfounded { reason },
        _ => return Err("staff-button-invalid"),
    })
}

/// Shows the claimants' full phone and ID numbers in the case's thread (protected from forwarding),
/// and writes who saw them and when into the timeline.
async fn unmask(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    f: &CardFacts,
    who: crate::case::Actor,
    here: Here,
) -> anyhow::Result<()> {
    let rows = crate::storage::staff::sealed_claimants(conn, f.complaint_id).await?;
    let mut lines = vec![tr_args("staff-unmasked-title", &[("case", f.case_number.clone().into())])];
    for (name, phone, id) in rows {
        let phone = ctx.vault.open(&phone).unwrap_or_else(|_| tr("staff-unmask-unreadable"));
        let id = match id {
            Some(sealed) => ctx.vault.open(&sealed).unwrap_or_else(|_| tr("staff-unmask-unreadable")),
            None => tr("staff-card-none"),
        };
        lines
            .push(tr_args("staff-unmasked-line", &[("name", name.into()), ("phone", phone.into()), ("id", id.into())]));
    }
    record(conn, ctx, f.complaint_id, who, TimelineKind::Unmasked, Message::new("timeline-unmasked")).await?;
    tracing::info!(case = %f.case_number, "personal data unmasked for staff");
    say(conn, here, lines.join("\n")).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_need_their_details() {
        assert_eq!(outcome_from("paid_in_part", "3000元"), Ok(Outcome::PaidInPart { paid_fen: 300_000 }));
        assert_eq!(outcome_from("paid_in_part", "大概三千"), Err("staff-prompt-paid-amount-again"));
        assert_eq!(
            outcome_from("referred_to_arbitration", "劳动关系有争议；西湖区劳动人事争议仲裁院"),
            Ok(Outcome::ReferredToArbitration {
                reason: "劳动关系有争议".into(),
                referral: "西湖区劳动人事争议仲裁院".into()
            })
        );
        assert_eq!(outcome_from("not_wage_claim", "工程款"), Err("staff-prompt-reason-referral-again"));
        assert_eq!(outcome_from("unfounded", "已核实无欠薪"), Ok(Outcome::Unfounded { reason: "已核实无欠薪".into() }));
        assert_eq!(outcome_from("merged", "x"), Err("staff-button-invalid"));
    }
}
