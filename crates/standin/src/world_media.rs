//! Playing the users, continued: photos, documents, voice notes and stickers, each stored as a
//! file the bot can `getFile` and download.

use serde_json::{Map, Value, json};
use std::sync::Arc;

use super::StandIn;
use super::media::media_json;
use super::model::{FakeUser, Target};

impl StandIn {
    /// Stores `bytes` as a new file and posts it as `kind` with an optional caption.
    fn user_media(
        &self,
        user: &FakeUser,
        target: Target,
        (kind, folder, extension): (&str, &str, &str),
        bytes: Vec<u8>,
        file_name: Option<&str>,
        caption: Option<&str>,
    ) -> Arc<Value> {
        let file = self.world().register_file(bytes, folder, extension);
        let mut fields = Map::new();
        fields.insert(kind.into(), media_json(kind, &file, file_name));
        if let Some(caption) = caption {
            fields.insert("caption".into(), json!(caption));
        }
        self.user_message(user, target, fields)
    }

    /// A photo (one `PhotoSize`) with an optional caption.
    pub fn send_photo(
        &self,
        user: &FakeUser,
        target: impl Into<Target>,
        bytes: Vec<u8>,
        caption: Option<&str>,
    ) -> Arc<Value> {
        self.user_media(user, target.into(), ("photo", "photos", "jpg"), bytes, None, caption)
    }

    /// A document; the extension of `file_name` becomes the file path's.
    pub fn send_document(
        &self,
        user: &FakeUser,
        target: impl Into<Target>,
        bytes: Vec<u8>,
        file_name: &str,
        caption: Option<&str>,
    ) -> Arc<Value> {
        let extension = file_name.rsplit_once('.').map_or("bin", |(_, ext)| ext);
        let kind = ("document", "documents", extension);
        self.user_media(user, target.into(), kind, bytes, Some(file_name), caption)
    }

    /// A voice note (OGG/Opus on real Telegram; the bytes are not inspected).
    pub fn send_voice(&self, user: &FakeUser, target: impl Into<Target>, bytes: Vec<u8>) -> Arc<Value> {
        self.user_media(user, target.into(), ("voice", "voice", "oga"), bytes, None, None)
    }

    /// A regular static sticker showing `emoji`.
    pub fn send_sticker(&self, user: &FakeUser, target: impl Into<Target>, emoji: &str) -> Arc<Value> {
        let file = self.world().register_file(b"RIFF-stand-in-webp".to_vec(), "stickers", "webp");
        let sticker = json!({
            "file_id": file.file_id,
            "file_unique_id": file.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": false,
            "is_video": false,
            "emoji": emoji,
            "file_size": file.bytes.len(),
        });
        let mut fields = Map::new();
        fields.insert("sticker".into(), sticker);
        self.user_message(user, target.into(), fields)
    }
}
