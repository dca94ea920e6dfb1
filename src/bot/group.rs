//! Group updates for the staff workspace: a message, an edit, a button, the bot's own membership,
//! a member's membership, or a group upgraded to a supergroup, lifted into [`crate::staff`]'s
//! Telegram-free inputs. The only Telegram calls here are read-only membership checks, made before
//! the transaction (and remembered a minute, [`super::members`]).

use std::time::Instant;

use teloxide::prelude::*;
use teloxide::types::{CallbackQuery, ChatMember, ChatMemberUpdated, MaybeInaccessibleMessage, Message, UserId};

use super::handler::Handler;
use crate::commands::{self, StaffCommand};
use crate::staff::authz::{self, Seen, Standing};
use crate::staff::{self, GroupButton, GroupMessage};
use crate::storage;
use crate::storage::conn::Conn;

/// Telegram's placeholder user for messages an anonymous administrator sends "as the group".
const GROUP_ANONYMOUS_BOT: u64 = 1_087_968_824;

impl Handler {
    pub(super) async fn group_message(&self, seq: i64, msg: Message, edited: bool) -> anyhow::Result<()> {
        if let Some(to) = msg.migrate_to_chat_id() {
            let (from, to) = (msg.chat.id.0, to.0);
            return self.in_tx(seq, |conn, ctx| Box::pin(staff::migrated(&mut *conn, ctx, from, to))).await;
        }
        let Some(from) = msg.from.as_ref() else {
            return self.finish(seq, Vec::new(), None, Some("no-sender")).await;
        };
        let text = msg.text().or(msg.caption()).map(str::to_owned);
        let command = msg
            .text()
            .and_then(|t| commands::split(t, &self.bot_username))
            .map(|(name, payload)| StaffCommand::parse(&name, &payload));
        let is_link = matches!(&command, Some(StaffCommand::Link(_)));
        if !is_link && !self.is_linked(msg.chat.id.0).await? {
            // Groups no office linked are ignored: no intake, no replies (the bot said how to link
            // when it was added, and leaves after a grace period).
            tracing::info!(seq, chat = msg.chat.id.0, "message in an unlinked group ignored");
            return self.finish(seq, Vec::new(), None, Some("ignored")).await;
        }
        let mut seen = Seen {
            anonymous: msg.sender_chat.is_some() || from.id.0 == GROUP_ANONYMOUS_BOT,
            forwarded: msg.forward_origin().is_some(),
            via_bot: msg.via_bot.is_some(),
            standing: Standing::Unknown,
        };
        // Membership decides only for a named sender writing as themselves; the others are refused
        // whatever it is, and need no call.
        if !seen.anonymous && !seen.forwarded && !seen.via_bot {
            seen.standing = self.standing(msg.chat.id, from.id).await;
        }
        let thread_id = msg.thread_id.filter(|_| msg.is_topic_message).map(|t| t.0.0);
        let replied = msg.reply_to_message().filter(|r| Some(r.id.0) != thread_id);
        let reply_to = replied.map(|r| r.id.0);
        let reply_to_bot = replied.and_then(|r| r.from.as_ref()).is_some_and(|u| u.id.0 == self.bot_id);
        let bot_is_admin = match &command {
            Some(StaffCommand::Link(_)) => Some(self.bot_is_admin(msg.chat.id).await),
            _ => None,
        };
        let input = GroupMessage {
            chat_id: msg.chat.id.0,
            chat_is_forum: is_forum(&msg.chat),
            message_id: msg.id.0,
            thread_id,
            reply_to,
            reply_to_bot,
            user_id: i64::try_from(from.id.0).unwrap_or_default(),
            sender: authz::sender(seen),
            standing: seen.standing,
            public: msg.chat.username().is_some(),
            command,
            text,
            media: media_kind(&msg),
            edited,
            bot_is_admin,
        };
        if let Some(command) = input.command.clone().filter(StaffCommand::is_report) {
            // Reports are read (and workbooks written) before the write transaction.
            let prepared = staff::reports::prepare(&self.ctx, &input, &command).await?;
            return self
                .in_tx(seq, |conn, ctx| {
                    Box::pin(async move { staff::reports::answer(&mut *conn, ctx, &input, prepared).await })
                })
                .await;
        }
        self.in_tx(seq, |conn, ctx| Box::pin(async move { staff::on_message(&mut *conn, ctx, &input).await })).await
    }

    pub(super) async fn group_button(&self, seq: i64, q: CallbackQuery) -> anyhow::Result<()> {
        let (chat_id, thread_id) = match &q.message {
            Some(MaybeInaccessibleMessage::Regular(m)) => {
                (m.chat.id, m.thread_id.filter(|_| m.is_topic_message).map(|t| t.0.0))
            }
            Some(MaybeInaccessibleMessage::Inaccessible(m)) => (m.chat.id, None),
            None => return self.finish(seq, Vec::new(), None, Some("no-message")).await,
        };
        let sender = authz::sender(Seen::press(self.standing(chat_id, q.from.id).await));
        let input = GroupButton {
            chat_id: chat_id.0,
            thread_id,
            callback_id: q.id.0.clone(),
            user_id: i64::try_from(q.from.id.0).unwrap_or_default(),
            sender,
            data: q.data.clone().unwrap_or_default(),
        };
        self.in_tx(seq, |conn, ctx| Box::pin(async move { staff::on_button(&mut *conn, ctx, &input).await })).await
    }

    pub(super) async fn bot_membership(&self, seq: i64, change: ChatMemberUpdated) -> anyhow::Result<()> {
        if change.chat.is_private() || change.chat.is_channel() {
            return self.finish(seq, Vec::new(), None, Some("ignored")).await;
        }
        let chat_id = change.chat.id.0;
        let status = member_status(&change.new_chat_member);
        tracing::info!(chat = chat_id, status, "bot membership changed");
        self.in_tx(seq, |conn, ctx| Box::pin(staff::bot_membership_changed(&mut *conn, ctx, chat_id, status))).await
    }

    /// Another user's membership changed (`chat_member`, sent to the bot as an administrator): what
    /// is remembered of them is replaced at once, so a clerk removed from the group is refused from
    /// their next message on. Nothing is stored.
    pub(super) async fn member_changed(&self, seq: i64, change: ChatMemberUpdated) -> anyhow::Result<()> {
        let standing = standing_of(&change.new_chat_member);
        let (chat, user) = (change.chat.id.0, change.new_chat_member.user.id.0);
        self.members.put(chat, user, standing, Instant::now());
        tracing::info!(chat, user, standing = ?standing, "group member's standing changed");
        self.finish(seq, Vec::new(), None, Some("member-changed")).await
    }

    /// Runs `f` and marks the update processed in one transaction.
    async fn in_tx<F>(&self, seq: i64, f: F) -> anyhow::Result<()>
    where
        F: for<'a, 'b> FnOnce(
            &'a mut Conn<'b>,
            &'a crate::context::Ctx,
        ) -> std::pin::Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>,
    {
        let mut tx = storage::begin_write(&self.ctx.db).await?;
        f(&mut tx.conn(), &self.ctx).await?;
        self.commit(tx, seq, Vec::new(), None, None).await
    }

    async fn is_linked(&self, chat_id: i64) -> anyhow::Result<bool> {
        let mut conn = self.ctx.db.acquire().await?;
        Ok(crate::storage::staff::office_of_chat(&mut conn, chat_id).await?.is_some())
    }

    /// `user`'s standing in the group: remembered, or asked of Telegram. A failed check is
    /// `Unknown` (the core refuses it) and is not remembered.
    async fn standing(&self, chat: ChatId, user: UserId) -> Standing {
        if let Some(known) = self.members.get(chat.0, user.0, Instant::now()) {
            return known;
        }
        let standing = match self.bot.get_chat_member(chat, user).await {
            Ok(m) => standing_of(&m),
            Err(e) => {
                tracing::warn!(chat = chat.0, error = %wagedesk_telegram::poller::redact(&e.to_string()), "membership check failed");
                Standing::Unknown
            }
        };
        self.members.put(chat.0, user.0, standing, Instant::now());
        standing
    }

    async fn bot_is_admin(&self, chat: ChatId) -> bool {
        let me = UserId(self.bot_id);
        match self.bot.get_chat_member(chat, me).await {
            Ok(m) => m.is_administrator(),
            Err(e) => {
                tracing::warn!(chat = chat.0, error = %wagedesk_telegram::poller::redact(&e.to_string()), "admin check failed");
                false
            }
        }
    }
}

fn is_forum(chat: &teloxide::types::Chat) -> bool {
    use teloxide::types::{ChatKind, PublicChatKind};
    match &chat.kind {
        ChatKind::Public(p) => matches!(&p.kind, PublicChatKind::Supergroup(s) if s.is_forum),
        ChatKind::Private(_) => false,
    }
}

/// Telegram's member status as a standing (the facts; the core decides what it allows). A member
/// restricted from sending messages (muted) is `Absent`: whom the group silenced does not act on
/// cases or see numbers either, though Telegram counts them as present.
fn standing_of(m: &ChatMember) -> Standing {
    use teloxide::types::{ChatMemberKind, Restricted};
    if m.is_privileged() {
        Standing::Admin
    } else if matches!(&m.kind, ChatMemberKind::Restricted(Restricted { can_send_messages: false, .. })) {
        Standing::Absent
    } else if m.is_present() {
        Standing::Member
    } else {
        Standing::Absent
    }
}

fn member_status(m: &ChatMember) -> &'static str {
    if m.is_owner() {
        "creator"
    } else if m.is_administrator() {
        "administrator"
    } else if m.is_present() {
        "member"
    } else if m.is_banned() {
        "kicked"
    } else {
        "left"
    }
}

fn media_kind(msg: &Message) -> Option<&'static str> {
    if msg.photo().is_some() {
        Some("photo")
    } else if msg.document().is_some() {
        Some("document")
    } else if msg.voice().is_some() {
        Some("voice")
    } else if msg.video().is_some() || msg.video_note().is_some() {
        Some("video")
    } else if msg.audio().is_some() {
        Some("audio")
    } else if msg.sticker().is_some() {
        Some("sticker")
    } else if msg.text().is_some() {
        None
    } else {
        Some("other")
    }
}
