//! Setting the scene: users, groups and forums, memberships, topics, blocking, and the bot's
//! own membership changes (which Telegram reports as `my_chat_member` updates).

use serde_json::{Map, Value, json};

use super::StandIn;
use super::chats::member_json;
use super::model::{ChatKind, FakeChat, FakeUser, GroupKind, MemberStatus, Target};
use super::state::{UserEntry, World, unix_now};

impl StandIn {
    /// A user with a private chat with the bot (same id).
    pub fn new_user(&self, first_name: &str, username: Option<&str>, language_code: Option<&str>) -> FakeUser {
        let mut world = self.world();
        let user = FakeUser {
            id: 1_000_000 + world.next_serial(),
            first_name: first_name.to_owned(),
            username: username.map(str::to_owned),
            language_code: language_code.map(str::to_owned),
        };
        let entry = UserEntry { user: user.clone(), blocked: false };
        world.users.insert(user.id, entry);
        let chat = FakeChat { id: user.id, kind: ChatKind::Private, title: None };
        world.add_chat(chat, MemberStatus::Member);
        user
    }

    /// The private chat between `user` and the bot.
    pub fn private_chat(&self, user: &FakeUser) -> FakeChat {
        FakeChat { id: user.id, kind: ChatKind::Private, title: None }
    }

    /// A group with these members; the bot is an administrator of it.
    pub fn new_group(&self, title: &str, kind: GroupKind, members: &[(&FakeUser, MemberStatus)]) -> FakeChat {
        let mut world = self.world();
        let serial = world.next_serial();
        let (id, kind) = match kind {
            GroupKind::Group => (-(4_000_000 + serial), ChatKind::Group),
            GroupKind::Supergroup => (-(1_002_000_000_000 + serial), ChatKind::Supergroup { is_forum: false }),
            GroupKind::Forum => (-(1_003_000_000_000 + serial), ChatKind::Supergroup { is_forum: true }),
        };
        let chat = FakeChat { id, kind, title: Some(title.to_owned()) };
        world.add_chat(chat.clone(), MemberStatus::Administrator);
        if let Some(entry) = world.chats.get_mut(&id) {
            entry.members.extend(members.iter().map(|(user, status)| (user.id, *status)));
        }
        chat
    }

    pub fn set_member(&self, chat: &FakeChat, user: &FakeUser, status: MemberStatus) {
        if let Some(entry) = self.world().chats.get_mut(&chat.id) {
            entry.members.insert(user.id, status);
        }
    }

    /// Whether `user` has blocked the bot (sends to them fail with 403). Queues no update; see
    /// [`StandIn::change_bot_status`] for the update Telegram would also send.
    pub fn set_blocked(&self, user: &FakeUser, blocked: bool) {
        if let Some(entry) = self.world().users.get_mut(&user.id) {
            entry.blocked = blocked;
        }
    }

    /// A forum topic a user opened; returns where to post into it.
    pub fn new_topic(&self, chat: &FakeChat, name: &str) -> Target {
        let mut world = self.world();
        let mut fields = Map::new();
        fields.insert("forum_topic_created".into(), json!({ "name": name, "icon_color": 7_322_096 }));
        let message = world
            .add_message(chat.id, None, fields, false)
            .unwrap_or_else(|e| panic!("new_topic in {}: {}", chat.id, e.description));
        let thread_id = message["message_id"].as_i64().unwrap_or_default();
        if let Some(entry) = world.chats.get_mut(&chat.id) {
            entry.topics.insert(thread_id, name.to_owned());
        }
        chat.topic(thread_id)
    }

    /// `by` changes the bot's status in `chat` (adds it to a group, removes it, or blocks it in
    /// a private chat); queues the `my_chat_member` update Telegram sends.
    pub fn change_bot_status(&self, by: &FakeUser, chat: &FakeChat, status: MemberStatus) -> Value {
        let mut world = self.world();
        let bot = world.bot_json();
        let chat_json = world.chat_json(chat);
        let old = match world.chats.get_mut(&chat.id) {
            Some(entry) => std::mem::replace(&mut entry.bot_status, status),
            None => panic!("change_bot_status: chat {} was never created", chat.id),
        };
        if chat.kind == ChatKind::Private
            && let Some(user) = world.users.get_mut(&chat.id)
        {
            user.blocked = status == MemberStatus::Kicked;
        }
        let change = json!({
            "chat": chat_json,
            "from": World::user_json(by, false),
            "date": unix_now(),
            "old_chat_member": member_json(bot.clone(), old),
            "new_chat_member": member_json(bot, status),
        });
        self.queue_kind(&mut world, "my_chat_member", &change);
        change
    }
}
