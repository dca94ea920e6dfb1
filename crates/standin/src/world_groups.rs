//! Group situations the staff workspace must handle: a message an anonymous administrator posts
//! "as the group", a forwarded message, and a group upgraded to a supergroup.

use serde_json::{Map, Value, json};

use super::StandIn;
use super::model::{ChatKind, FakeChat, FakeUser, Target};
use super::state::{World, unix_now};

/// Telegram's placeholder sender of anonymous administrators' messages.
const GROUP_ANONYMOUS_BOT_ID: i64 = 1_087_968_824;

impl StandIn {
    /// A text an anonymous administrator posts in `target`: `from` is GroupAnonymousBot and
    /// `sender_chat` the group itself.
    pub fn send_text_anonymously(&self, target: impl Into<Target>, text: &str) -> Value {
        let target = target.into();
        let mut world = self.world();
        let chat = world.chat(target.chat_id).map(|e| e.chat.clone()).expect("anonymous post into a known chat");
        let mut fields = Map::new();
        fields.insert(
            "from".into(),
            json!({ "id": GROUP_ANONYMOUS_BOT_ID, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot" }),
        );
        fields.insert("sender_chat".into(), world.chat_json(&chat));
        fields.insert("text".into(), json!(text));
        if let Some(entities) = command_entity(text) {
            fields.insert("entities".into(), entities);
        }
        let message = world.add_message(target.chat_id, target.thread_id, fields, false).expect("posting");
        self.queue(&mut world, json!({ "message": message.clone() }));
        message
    }

    /// `user` forwards into `target` a text `original` wrote elsewhere.
    pub fn forward_text(&self, user: &FakeUser, target: impl Into<Target>, original: &FakeUser, text: &str) -> Value {
        let mut fields = Map::new();
        fields.insert("text".into(), json!(text));
        if let Some(entities) = command_entity(text) {
            fields.insert("entities".into(), entities);
        }
        let origin = json!({ "type": "user", "sender_user": World::user_json(original, false), "date": unix_now() });
        fields.insert("forward_origin".into(), origin);
        self.user_message(user, target.into(), fields)
    }

    /// A basic group becomes a supergroup: Telegram posts `migrate_to_chat_id` in the old chat.
    /// Returns the new supergroup (same members, bot status kept).
    pub fn upgrade_to_supergroup(&self, by: &FakeUser, group: &FakeChat) -> FakeChat {
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
        let mut fields = Map::new();
        fields.insert("from".into(), World::user_json(by, false));
        fields.insert("migrate_to_chat_id".into(), json!(new.id));
        let message = world.add_message(group.id, None, fields, false).expect("posting the migration");
        self.queue(&mut world, json!({ "message": message }));
        new
    }
}

/// A `bot_command` entity when the text starts with a command.
fn command_entity(text: &str) -> Option<Value> {
    let word = text.split_whitespace().next()?;
    word.starts_with('/')
        .then(|| json!([{ "type": "bot_command", "offset": 0, "length": word.encode_utf16().count() }]))
}
