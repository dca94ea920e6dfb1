//! Group situations the staff workspace must handle: a message an anonymous administrator posts
//! "as the group", a forwarded message, a message sent through an inline bot, a public group, a
//! member promoted or removed (the `chat_member` update), and a group upgraded to a supergroup.

use serde_json::{Map, Value, json};
use std::sync::Arc;

use super::StandIn;
use super::chats::member_json;
use super::model::{ChatKind, FakeChat, FakeUser, MemberStatus, Target};
use super::state::{World, unix_now};
use super::world::text_fields;

/// Telegram's placeholder sender of anonymous administrators' messages.
const GROUP_ANONYMOUS_BOT_ID: i64 = 1_087_968_824;

impl StandIn {
    /// An administrator deletes a forum topic (Telegram's `deleteForumTopic`, done from the app):
    /// no update reaches the bot, and a later post with its `message_thread_id` is refused with
    /// "message thread not found".
    pub fn delete_forum_topic(&self, chat: &FakeChat, thread_id: i64) {
        let mut world = self.world();
        let entry = world.chat_mut(chat.id).expect("a known chat");
        assert!(entry.topics.remove(&thread_id).is_some(), "no topic {thread_id} in chat {}", chat.id);
    }

    /// A text an anonymous administrator posts in `target`: `from` is GroupAnonymousBot and
    /// `sender_chat` the group itself.
    pub fn send_text_anonymously(&self, target: impl Into<Target>, text: &str) -> Arc<Value> {
        let target = target.into();
        let mut world = self.world();
        let chat = world.chat(target.chat_id).map(|e| e.chat.clone()).expect("anonymous post into a known chat");
        let mut fields = text_fields(text);
        fields.insert(
            "from".into(),
            json!({ "id": GROUP_ANONYMOUS_BOT_ID, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot" }),
        );
        fields.insert("sender_chat".into(), world.chat_json(&chat));
        let message = world.add_message(target.chat_id, target.thread_id, fields, false).expect("posting");
        self.queue_kind(&mut world, "message", &message);
        message
    }

    /// `user` forwards into `target` a text `original` wrote elsewhere.
    pub fn forward_text(
        &self,
        user: &FakeUser,
        target: impl Into<Target>,
        original: &FakeUser,
        text: &str,
    ) -> Arc<Value> {
        let mut fields = text_fields(text);
        let origin = json!({ "type": "user", "sender_user": World::user_json(original, false), "date": unix_now() });
        fields.insert("forward_origin".into(), origin);
        self.user_message(user, target.into(), fields)
    }

    /// `user` posts into `target` a text chosen from `inline_bot`'s inline results: the message
    /// carries `via_bot`.
    pub fn send_text_via_bot(
        &self,
        user: &FakeUser,
        target: impl Into<Target>,
        inline_bot: &FakeUser,
        text: &str,
    ) -> Arc<Value> {
        let mut fields = text_fields(text);
        fields.insert("via_bot".into(), World::user_json(inline_bot, true));
        self.user_message(user, target.into(), fields)
    }

    /// The supergroup gets a public username (anyone can find and join it); `None` makes it
    /// private again. Messages and `getChat` carry it from then on. Basic groups cannot have one
    /// on Telegram (setting one turns them into supergroups): that is a script error here.
    pub fn set_public_username(&self, chat: &FakeChat, username: Option<&str>) {
        assert!(
            matches!(chat.kind, ChatKind::Supergroup { .. }),
            "only supergroups have usernames; upgrade chat {} first",
            chat.id
        );
        let mut world = self.world();
        let entry = world.chats.get_mut(&chat.id).expect("a known chat");
        entry.username = username.map(str::to_owned);
    }

    /// `by` changes `user`'s status in the group `chat` (promotes, demotes, removes or re-adds
    /// them). Telegram reports it to the bot as a `chat_member` update only where the bot is an
    /// administrator, and only if the bot asked for that kind in `allowed_updates`; returns the
    /// update's `ChatMemberUpdated`, or `None` when none was made.
    pub fn change_member_status(
        &self,
        by: &FakeUser,
        chat: &FakeChat,
        user: &FakeUser,
        status: MemberStatus,
    ) -> Option<Value> {
        let mut world = self.world();
        let chat_json = world.chat_json(chat);
        let entry = world.chats.get_mut(&chat.id).expect("change_member_status in a known chat");
        assert!(entry.chat.kind != ChatKind::Private, "members change in groups only");
        let old = entry.members.insert(user.id, status).unwrap_or(MemberStatus::Left);
        let bot_is_admin = matches!(entry.bot_status, MemberStatus::Creator | MemberStatus::Administrator);
        if !bot_is_admin || old == status {
            return None;
        }
        let user_json = World::user_json(user, false);
        let change = json!({
            "chat": chat_json,
            "from": World::user_json(by, false),
            "date": unix_now(),
            "old_chat_member": member_json(user_json.clone(), old),
            "new_chat_member": member_json(user_json, status),
        });
        let id = self.queue_kind(&mut world, "chat_member", &change);
        (id != 0).then_some(change)
    }

    /// A basic group becomes a supergroup: Telegram posts `migrate_to_chat_id` in the old chat.
    /// Returns the new supergroup (same members, bot status kept).
    pub fn upgrade_to_supergroup(&self, by: &FakeUser, group: &FakeChat) -> FakeChat {
        let new = self.upgrade_unannounced(group);
        self.announce_upgrade(by, group, &new);
        new
    }

    /// The upgrade without its `migrate_to_chat_id` message: sends to the old id are refused (naming
    /// the new one) before the bot can have heard of it — the race [`Self::announce_upgrade`] ends.
    pub fn upgrade_unannounced(&self, group: &FakeChat) -> FakeChat {
        let mut world = self.world();
        let serial = world.next_serial();
        let new = FakeChat {
            id: -(1_002_000_000_000 + serial),
            kind: ChatKind::Supergroup { is_forum: false },
            title: group.title.clone(),
        };
        let (bot_status, members) = {
            let old = world.chats.get(&group.id).expect("upgrading a known group");
            (old.bot_status, old.members.clone())
        };
        world.add_chat(new.clone(), bot_status);
        if let Some(entry) = world.chats.get_mut(&new.id) {
            entry.members = members;
        }
        if let Some(old) = world.chats.get_mut(&group.id) {
            old.migrated_to = Some(new.id);
        }
        new
    }

    /// Posts the `migrate_to_chat_id` message of an upgrade in the old chat.
    pub fn announce_upgrade(&self, by: &FakeUser, group: &FakeChat, new: &FakeChat) {
        let mut world = self.world();
        let mut fields = Map::new();
        fields.insert("from".into(), World::user_json(by, false));
        fields.insert("migrate_to_chat_id".into(), json!(new.id));
        // Posted as Telegram does, into the old chat (which takes no new messages of its users).
        let message = world.add_message(group.id, None, fields, false).expect("posting the migration");
        self.queue_kind(&mut world, "message", &message);
    }
}
