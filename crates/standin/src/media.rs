//! Files: the bot's photo, document and voice messages (uploaded or by `file_id`), and `getFile`.

use serde_json::{Value, json};

use super::body::Uploads;
use super::messages::bot_message_fields;
use super::methods::Params;
use super::reply::{ApiError, ApiResult};
use super::state::{StoredFile, World};

/// The `Message` field, the file folder and extension for each media method.
fn media_kind(method: &str) -> (&'static str, &'static str, &'static str) {
    match method {
        "sendPhoto" => ("photo", "photos", "jpg"),
        "sendVoice" => ("voice", "voice", "oga"),
        "sendVideo" => ("video", "videos", "mp4"),
        "sendAudio" => ("audio", "music", "mp3"),
        _ => ("document", "documents", "bin"),
    }
}

/// The file a media field names: an upload (`attach://…`) becomes a new file, a known
/// `file_id` is reused, anything else is refused as Telegram would.
fn resolve_file(
    world: &mut World,
    value: &str,
    uploads: &Uploads,
    folder: &str,
    extension: &str,
) -> Result<(StoredFile, Option<String>), ApiError> {
    if let Some(name) = value.strip_prefix("attach://") {
        let upload = uploads
            .get(name)
            .ok_or_else(|| ApiError::bad_request(format!("file \"{name}\" not found in the request")))?;
        if upload.bytes.is_empty() {
            return Err(ApiError::bad_request("file must be non-empty"));
        }
        let extension = upload.file_name.rsplit_once('.').map_or(extension, |(_, ext)| ext);
        let file = world.register_file(upload.bytes.clone(), folder, extension);
        let file_name = (!upload.file_name.is_empty()).then(|| upload.file_name.clone());
        return Ok((file, file_name));
    }
    if value.starts_with("http://") || value.starts_with("https://") {
        // There is no internet here; Telegram's answer when it cannot fetch the URL.
        return Err(ApiError::bad_request("failed to get HTTP URL content"));
    }
    match world.files.get(value) {
        Some(file) => Ok((file.clone(), None)),
        None => Err(ApiError::bad_request("wrong file identifier/HTTP URL specified")),
    }
}

/// The `Message` field describing `file` as `kind`.
pub(super) fn media_json(kind: &str, file: &StoredFile, file_name: Option<&str>) -> Value {
    let base = json!({
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_size": file.bytes.len(),
    });
    let mut object = base;
    match kind {
        "photo" => {
            object["width"] = json!(1280);
            object["height"] = json!(960);
            return json!([object]);
        }
        "voice" => {
            object["duration"] = json!(3);
            object["mime_type"] = json!("audio/ogg");
        }
        "video" => {
            object["width"] = json!(1280);
            object["height"] = json!(720);
            object["duration"] = json!(5);
        }
        "audio" => {
            object["duration"] = json!(30);
        }
        _ => {
            if let Some(name) = file_name {
                object["file_name"] = json!(name);
            }
            object["mime_type"] = json!("application/octet-stream");
        }
    }
    object
}

pub(super) fn send_media(
    world: &mut World,
    method: &str,
    p: &Params<'_>,
    uploads: &Uploads,
) -> Result<std::sync::Arc<Value>, ApiError> {
    let (kind, folder, extension) = media_kind(method);
    let mut out = bot_message_fields(world, p)?;
    let value = p.str(kind).unwrap_or_default().to_owned();
    let (file, file_name) = resolve_file(world, &value, uploads, folder, extension)?;
    out.fields.insert(kind.into(), media_json(kind, &file, file_name.as_deref()));
    if let Some(caption) = p.str("caption") {
        out.fields.insert("caption".into(), json!(caption));
    }
    if let Some(entities) = p.get("caption_entities") {
        out.fields.insert("caption_entities".into(), entities.clone());
    }
    out.store(world)
}

pub(super) fn get_file(world: &World, p: &Params<'_>) -> ApiResult {
    let file_id = p.str("file_id").unwrap_or_default();
    world.files.get(file_id).map(StoredFile::json).ok_or_else(|| ApiError::bad_request("invalid file_id"))
}
