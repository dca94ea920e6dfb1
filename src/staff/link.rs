//! Linking an office's Telegram group without typing chat ids: the operator prints a one-time code
//! (`wagedesk offices invite OFFICE`), a member sends `/link CODE` in the group. Also unlinking,
//! groups upgraded to supergroups, the bot added or removed, and leaving groups nobody linked.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use wagedesk_store::conn::Conn;

use super::{GroupMessage, Here, card, post, say, tr, tr_args};
use crate::clock::stamp;
use crate::context::Ctx;
use crate::crypto::Vault;
use crate::deployment::OfficeId;
use crate::notify::office_name;
use crate::outgoing::StaffOp;
use crate::storage::{cases, staff as store};

/// A link code is good for this long after it is printed.
pub const LINK_CODE_TTL_HOURS: i64 = 72;
/// A group the bot was added to and nobody linked is left after this long.
const UNLINKED_GRACE_HOURS: i64 = 24;
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const CODE_LEN: usize = 12;

fn hash(code: &str) -> String {
    let normalized: String = code.trim().to_uppercase().chars().filter(|c| *c != '-').collect();
    hex::encode(Sha256::digest(normalized.as_bytes()))
}

/// A fresh one-time code for `office`, shown once to the operator (only its hash is stored).
/// Returns the code (grouped in fours for reading aloud) and its expiry.
pub async fn issue_link_code(
    conn: &mut Conn<'_>,
    deployment: &crate::deployment::Deployment,
    office: &OfficeId,
    now: DateTime<Utc>,
) -> anyhow::Result<(String, DateTime<Utc>)> {
    anyhow::ensure!(deployment.office(office).is_some(), "unknown office {}", office.as_str());
    let mut rng = rand::rng();
    let raw: String =
        (0..CODE_LEN).map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())])).collect();
    let expires = now + Duration::hours(LINK_CODE_TTL_HOURS);
    store::insert_link_code(&mut *conn, &hash(&raw), office.as_str(), &stamp(now), &stamp(expires)).await?;
    let grouped = raw.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>();
    Ok((grouped.join("-"), expires))
}

/// `/link CODE` in a group.
pub(super) async fn link(conn: &mut Conn<'_>, ctx: &Ctx, m: &GroupMessage, code: &str) -> anyhow::Result<()> {
    let here = m.here();
    if code.is_empty() {
        return say(&mut *conn, &ctx.vault, here, tr("staff-link-usage")).await;
    }
    let Some(stored) = store::link_code(&mut *conn, &hash(code)).await? else {
        tracing::info!(chat = m.chat_id, "unknown link code");
        return say(&mut *conn, &ctx.vault, here, tr("staff-link-invalid")).await;
    };
    let expired = DateTime::parse_from_rfc3339(&stored.expires_at).map_or(true, |t| t < ctx.clock.now());
    if stored.used_at.is_some() || expired {
        tracing::info!(chat = m.chat_id, office = %stored.office_id, used = stored.used_at.is_some(), "stale link code");
        return say(&mut *conn, &ctx.vault, here, tr("staff-link-invalid")).await;
    }
    if m.bot_is_admin != Some(true) {
        return say(&mut *conn, &ctx.vault, here, tr("staff-link-needs-admin")).await;
    }
    let Ok(office) = OfficeId::parse(&stored.office_id) else {
        return say(&mut *conn, &ctx.vault, here, tr("staff-link-invalid")).await;
    };
    // A group serves one office: one already serving another is refused (before anything moves),
    // never silently taken from it. The code stays good for a group that is free.
    if let Some(current) = store::office_of_chat(&mut *conn, m.chat_id).await?
        && current.office_id != office.as_str()
    {
        tracing::info!(chat = m.chat_id, current = %current.office_id, office = office.as_str(), "link refused: group serves another office");
        let name = |id: &str| {
            OfficeId::parse(id).map_or_else(|_| id.to_owned(), |o| office_name(&ctx.deployment, card::OFFICE_LANG, &o))
        };
        let args = [("current", name(&current.office_id).into()), ("office", name(office.as_str()).into())];
        return say(&mut *conn, &ctx.vault, here, tr_args("staff-link-serves-other", &args)).await;
    }
    let now = stamp(ctx.clock.now());
    let previous = store::chat_of_office(&mut *conn, office.as_str()).await?;
    if let Some(old) = previous.as_ref().filter(|old| old.chat_id != m.chat_id) {
        // The office moves to this group: the old one is told and left.
        store::unlink_chat(&mut *conn, old.chat_id).await?;
        let text =
            tr_args("staff-moved-away", &[("office", office_name(&ctx.deployment, card::OFFICE_LANG, &office).into())]);
        super::say(&mut *conn, &ctx.vault, Here { chat_id: old.chat_id, thread_id: None, reply_to: None }, text)
            .await?;
        post::queue_op(&mut *conn, &ctx.vault, old.chat_id, StaffOp::Leave).await?;
    }
    cases::link_office_chat(&mut *conn, office.as_str(), m.chat_id, &now).await?;
    store::set_forum(&mut *conn, m.chat_id, m.chat_is_forum).await?;
    store::use_link_code(&mut *conn, &hash(code), m.chat_id, &now).await?;
    store::record_bot_chat(&mut *conn, m.chat_id, "administrator", &now).await?;
    tracing::info!(chat = m.chat_id, office = office.as_str(), forum = m.chat_is_forum, "office group linked");
    let name = office_name(&ctx.deployment, card::OFFICE_LANG, &office);
    let mode = tr(if m.chat_is_forum { "staff-linked-forum" } else { "staff-linked-plain" });
    say(&mut *conn, &ctx.vault, here, tr_args("staff-linked", &[("office", name.into()), ("mode", mode.into())]))
        .await?;
    // Open cases reach the new group at once, so linking late loses nothing.
    let open = store::open_case_ids(&mut *conn, office.as_str()).await?;
    let Some(group) = store::chat_of_office(&mut *conn, office.as_str()).await? else { return Ok(()) };
    for id in open {
        if let Some(f) = crate::storage::staff::card_facts(&mut *conn, &ctx.vault, id).await? {
            post::ensure_thread(&mut *conn, ctx, &f, &group).await?;
        }
    }
    Ok(())
}

/// `/unlink`: the group stops serving its office, says so, and the bot leaves.
pub(super) async fn unlink(conn: &mut Conn<'_>, ctx: &Ctx, m: &GroupMessage, office: &OfficeId) -> anyhow::Result<()> {
    store::unlink_chat(&mut *conn, m.chat_id).await?;
    tracing::warn!(chat = m.chat_id, office = office.as_str(), "office group unlinked; notifications kept on record");
    let name = office_name(&ctx.deployment, card::OFFICE_LANG, office);
    say(&mut *conn, &ctx.vault, m.here(), tr_args("staff-unlinked", &[("office", name.into())])).await?;
    post::queue_op(&mut *conn, &ctx.vault, m.chat_id, StaffOp::Leave).await?;
    Ok(())
}

/// Unlinks an office's group from the command line; the group is told and left.
pub async fn unlink_office(conn: &mut Conn<'_>, vault: &Vault, office: &OfficeId) -> anyhow::Result<Option<i64>> {
    let Some(group) = store::chat_of_office(&mut *conn, office.as_str()).await? else { return Ok(None) };
    store::unlink_chat(&mut *conn, group.chat_id).await?;
    let text = tr_args("staff-unlinked", &[("office", office.as_str().into())]);
    super::say(&mut *conn, vault, Here { chat_id: group.chat_id, thread_id: None, reply_to: None }, text).await?;
    post::queue_op(&mut *conn, vault, group.chat_id, StaffOp::Leave).await?;
    Ok(Some(group.chat_id))
}

/// `my_chat_member` for a group: the bot was added, promoted, or removed.
pub async fn bot_membership_changed(conn: &mut Conn<'_>, ctx: &Ctx, chat_id: i64, status: &str) -> anyhow::Result<()> {
    let now = stamp(ctx.clock.now());
    store::record_bot_chat(&mut *conn, chat_id, status, &now).await?;
    match status {
        "left" | "kicked" => {
            if let Some(office) = store::unlink_chat(&mut *conn, chat_id).await? {
                tracing::warn!(chat = chat_id, office, "bot removed from an office group; office unlinked");
            }
        }
        "member" | "administrator" if store::office_of_chat(&mut *conn, chat_id).await?.is_none() => {
            super::say(
                &mut *conn,
                &ctx.vault,
                Here { chat_id, thread_id: None, reply_to: None },
                tr("staff-unlinked-help"),
            )
            .await?;
        }
        _ => {}
    }
    Ok(())
}

/// A group became a supergroup: its link, cards and prompts move to the new chat id.
pub async fn migrated(conn: &mut Conn<'_>, ctx: &Ctx, from: i64, to: i64) -> anyhow::Result<()> {
    store::record_bot_chat(&mut *conn, to, "administrator", &stamp(ctx.clock.now())).await?;
    if store::migrate_chat(&mut *conn, from, to).await? {
        tracing::info!(from, to, "office group upgraded to a supergroup; link moved");
        // Cards are re-sent in the new chat for the office's open cases.
        if let Some(group) = store::office_of_chat(&mut *conn, to).await? {
            let open = store::open_case_ids(&mut *conn, &group.office_id).await?;
            for id in open {
                if let Some(f) = crate::storage::staff::card_facts(&mut *conn, &ctx.vault, id).await? {
                    post::ensure_thread(&mut *conn, ctx, &f, &group).await?;
                }
            }
        }
        // What was still waiting for the old group follows, behind the cards: Telegram refuses the old id.
        let moved = |payload: &str| {
            let row: crate::outgoing::Outgoing = serde_json::from_str(payload).ok()?;
            serde_json::to_string(&row.moved_to(to)?).ok()
        };
        let now = stamp(ctx.clock.now());
        let requeued = wagedesk_store::outbox::move_pending(&mut *conn, &ctx.vault, from, to, &now, moved).await?;
        tracing::info!(from, to, requeued, "queued messages moved to the supergroup");
    }
    Ok(())
}

/// Leaves groups the bot was added to but nobody linked within the grace period.
pub async fn leave_stale_groups(conn: &mut Conn<'_>, ctx: &Ctx) -> anyhow::Result<usize> {
    let before = stamp(ctx.clock.now() - Duration::hours(UNLINKED_GRACE_HOURS));
    let chats = store::unlinked_groups_before(&mut *conn, &before).await?;
    for chat_id in &chats {
        let now = stamp(ctx.clock.now());
        store::record_bot_chat(&mut *conn, *chat_id, "left", &now).await?;
        super::say(
            conn,
            &ctx.vault,
            Here { chat_id: *chat_id, thread_id: None, reply_to: None },
            tr("staff-leaving-unlinked"),
        )
        .await?;
        post::queue_op(&mut *conn, &ctx.vault, *chat_id, StaffOp::Leave).await?;
        tracing::info!(chat = chat_id, "left a group nobody linked");
    }
    Ok(chats.len())
}

#[cfg(test)]
mod tests {
    use super::hash;

    #[test]
    fn codes_compare_without_case_or_dashes() {
        assert_eq!(hash("abcd-efgh-jkmn"), hash("ABCDEFGHJKMN"));
        assert_ne!(hash("ABCDEFGHJKMN"), hash("ABCDEFGHJKMP"));
    }
}
