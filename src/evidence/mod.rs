//! Evidence files the worker sends: downloaded from Telegram as a stream straight into a file
//! encrypted under a key of its own ([`file`]), whose key is sealed by the master key and kept with the
//! evidence's record; and the quota of files and bytes each worker may have kept on a complaint
//! ([`quota`]).
//!
//! A key per file rather than the master key itself: a rotation re-seals 64 hex characters per file
//! instead of re-writing every file, and forgetting a file's key (erasure) makes any copy of the file
//! left behind (a backup, a disk block) unreadable.

pub mod file;
pub mod quota;

use std::path::Path;

use futures_util::StreamExt;
use teloxide::net::Download;
use teloxide::prelude::*;
use teloxide::types::FileMeta;

use crate::clock::stamp;
use crate::context::Ctx;
use crate::crypto::stream::FileKey;
use crate::deployment::evidence::TELEGRAM_DOWNLOAD_LIMIT;
use crate::intake::draft::EvidenceItem;
use wagedesk_telegram::OpenedFile;

/// Downloads a file into the evidence folder, encrypted, stopping past `limit` bytes (what the worker's
/// quota leaves). A failed download still keeps the file id (Telegram keeps the file), so nothing the
/// worker sent is lost.
pub async fn fetch(bot: &Bot, ctx: &Ctx, kind: &'static str, meta: &FileMeta, limit: u64) -> EvidenceItem {
    let mut item = EvidenceItem {
        kind: kind.to_owned(),
        file_id: meta.id.to_string(),
        file_unique_id: meta.unique_id.to_string(),
        sha256: None,
        stored_path: None,
        size_bytes: Some(i64::from(meta.size)),
        received_at: stamp(ctx.clock.now()),
        file_key: None,
        note: None,
    };
    if u64::from(meta.size) > TELEGRAM_DOWNLOAD_LIMIT {
        return item;
    }
    match download(bot, ctx, &meta.id.to_string(), limit.min(TELEGRAM_DOWNLOAD_LIMIT)).await {
        Ok((stored, key)) => {
            item.sha256 = Some(stored.sha256);
            item.stored_path = Some(stored.path.display().to_string());
            item.size_bytes = Some(i64::try_from(stored.size).unwrap_or(i64::MAX));
            // Sealed last, so a rotation that happens during a long download finds it under the new key.
            item.file_key = Some(ctx.vault.seal(&key.to_hex()));
        }
        Err(e) => tracing::warn!(error = %format!("{e:#}"), "evidence download failed; keeping the file id"),
    }
    item
}

/// Where a stored evidence file is in this process's evidence folder: its name there. A file is always
/// written there under a random name, and a restored backup's drafts, sealed whole, still name the
/// folder the backup was taken from (on a drill beside the bot, the live one's).
pub fn in_folder(evidence_dir: &Path, stored: &str) -> Option<std::path::PathBuf> {
    Path::new(stored).file_name().map(|name| evidence_dir.join(name))
}

/// Where a stored evidence file may be, to read it: [`in_folder`], then the stored path itself when
/// that differs (a command run with another `--evidence-dir`). Never to delete: see [`remove`].
pub fn places(evidence_dir: &Path, stored: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = in_folder(evidence_dir, stored).into_iter().collect();
    let stored = Path::new(stored);
    if !out.iter().any(|p| p == stored) {
        out.push(stored.to_path_buf());
    }
    out
}

/// Deletes a stored evidence file from this process's evidence folder ([`in_folder`]); whether one
/// was deleted. Never where a stored path points outside it: an erasure on a restored copy would
/// otherwise delete the live deployment's file, which its own rows still hold.
pub async fn remove(evidence_dir: &Path, stored: &str) -> std::io::Result<bool> {
    let Some(path) = in_folder(evidence_dir, stored) else { return Ok(false) };
    match tokio::fs::remove_file(&path).await {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if Path::new(stored) != path && Path::new(stored).is_file() {
                tracing::warn!(
                    evidence_dir = %evidence_dir.display(),
                    "an evidence file to delete is not in this evidence folder; the file outside it, where its \
                     record points, is left alone (another deployment's, or a wrong --evidence-dir)"
                );
            }
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// Deletes the files of a discarded draft ([`crate::dialogue::dropped_files`]) after the turn that
/// discarded it committed, as /cancel promises; a file a filed complaint or another draft holds stays.
pub async fn delete_discarded(ctx: &Ctx, chat: i64, dropped: Vec<String>) -> anyhow::Result<()> {
    for path in dropped {
        if crate::storage::complaints::evidence_path_in_use(&ctx.db, &path).await? {
            continue;
        }
        match remove(&ctx.evidence_dir, &path).await {
            Ok(true) => tracing::info!(chat, "a discarded draft's evidence file deleted"),
            Ok(false) => {}
            Err(e) => tracing::warn!(chat, error = %e, "a discarded draft's evidence file not deleted"),
        }
    }
    Ok(())
}

/// The key of a stored file from its record's sealed key (`None`: a file earlier versions stored in
/// the clear).
pub fn file_key(ctx: &Ctx, sealed: Option<&str>) -> anyhow::Result<Option<FileKey>> {
    sealed.map(|s| Ok(FileKey::from_hex(&ctx.vault.open(s)?)?)).transpose()
}

/// Writes a stored file's plaintext to `out`, a chunk at a time; answers its size. Every reader of
/// evidence files goes through here.
pub async fn decrypt_stored(
    ctx: &Ctx,
    path: &Path,
    sealed_key: Option<&str>,
    out: &mut (impl tokio::io::AsyncWrite + Unpin),
) -> anyhow::Result<u64> {
    file::decrypt_to(path, file_key(ctx, sealed_key)?.as_ref(), out).await
}

/// A stored file's plaintext in memory (tests, small files).
pub async fn read_stored(ctx: &Ctx, path: &Path, sealed_key: Option<&str>) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    decrypt_stored(ctx, path, sealed_key, &mut out).await?;
    Ok(out)
}

async fn download(bot: &Bot, ctx: &Ctx, file_id: &str, limit: u64) -> anyhow::Result<(file::Stored, FileKey)> {
    let file = bot.get_file(teloxide::types::FileId(file_id.to_owned())).await?;
    if u64::from(file.size) > limit {
        anyhow::bail!("the file has {} bytes, more than the {limit} allowed", file.size);
    }
    // Telegram says how large the file is: a longer body is cut off as well.
    let limit = if file.size > 0 { limit.min(u64::from(file.size)) } else { limit };
    let key = FileKey::random();
    let mut out = file::EncryptedFile::create(&ctx.evidence_dir, &key).await?;
    let mut body = bot.download_file_stream(&file.path);
    while let Some(piece) = body.next().await {
        let piece = piece?;
        if out.size() + piece.len() as u64 > limit {
            anyhow::bail!("the download goes past the {limit} bytes allowed");
        }
        out.write(&piece).await?;
    }
    Ok((out.finish().await?, key))
}

/// The delivery worker's [`StoredFiles`](wagedesk_telegram::StoredFiles): a web upload's evidence
/// file decrypted for the office's group (Telegram has no id for it).
pub struct OfficeCopies(pub Ctx);

impl wagedesk_telegram::StoredFiles for OfficeCopies {
    fn open(&self, evidence_id: i64) -> futures_util::future::BoxFuture<'_, anyhow::Result<Option<OpenedFile>>> {
        Box::pin(office_copy(&self.0, evidence_id))
    }
}

async fn office_copy(ctx: &Ctx, evidence_id: i64) -> anyhow::Result<Option<OpenedFile>> {
    let row = {
        let mut conn = ctx.db.acquire().await?;
        crate::storage::staff::stored_evidence_file(&mut conn, evidence_id).await?
    };
    let Some((stored, key, kind)) = row else { return Ok(None) };
    let Some(path) = places(&ctx.evidence_dir, &stored).into_iter().find(|p| p.is_file()) else { return Ok(None) };
    let bytes = read_stored(ctx, &path, key.as_deref()).await?;
    let name = format!("evidence-{evidence_id}.{}", extension(&bytes, &kind));
    Ok(Some((bytes, name)))
}

/// A file name's extension from the file's first bytes (the web form's own name is not kept).
fn extension(bytes: &[u8], kind: &str) -> &'static str {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => "jpg",
        [0x89, b'P', b'N', b'G', ..] => "png",
        [b'%', b'P', b'D', b'F', ..] => "pdf",
        [b'I', b'D', b'3', ..] | [0xFF, 0xFB, ..] => "mp3",
        [b'O', b'g', b'g', b'S', ..] => "ogg",
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => "m4a",
        [b'P', b'K', 3, 4, ..] => "zip",
        _ if kind == "photo" => "jpg",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_file_is_looked_for_by_its_name_in_this_evidence_folder_then_where_stored() {
        let here = Path::new("/var/lib/wagedesk/evidence");
        assert_eq!(
            places(here, "/old/machine/data/evidence/0f3a9c"),
            [here.join("0f3a9c"), "/old/machine/data/evidence/0f3a9c".into()],
            "a restored draft's path from the backup's machine"
        );
        assert_eq!(places(here, "/var/lib/wagedesk/evidence/0f3a9c"), [here.join("0f3a9c")]);
        assert_eq!(places(Path::new("data/evidence"), "data/evidence/0f3a9c"), [Path::new("data/evidence/0f3a9c")]);
    }

    #[test]
    fn a_file_is_deleted_only_by_its_name_in_this_evidence_folder() {
        let drill = Path::new("/srv/drill/evidence");
        assert_eq!(in_folder(drill, "/var/lib/wagedesk/evidence/0f3a9c"), Some(drill.join("0f3a9c")));
        assert_eq!(in_folder(drill, "/var/lib/wagedesk/evidence/.."), None, "no name, nothing to delete");
    }

    #[tokio::test]
    async fn removing_a_file_whose_path_points_outside_the_folder_leaves_that_file() {
        let root = std::env::temp_dir().join(format!("wagedesk-evidence-remove-{}", std::process::id()));
        let (live, drill) = (root.join("live"), root.join("drill"));
        std::fs::create_dir_all(&live).expect("made");
        std::fs::create_dir_all(&drill).expect("made");
        std::fs::write(live.join("0f3a9c"), b"sealed").expect("written");
        std::fs::write(drill.join("0f3a9c"), b"sealed").expect("written");
        let stored = live.join("0f3a9c").display().to_string();
        assert!(remove(&drill, &stored).await.expect("removed"), "the copy in this folder is deleted");
        assert!(!drill.join("0f3a9c").exists());
        assert!(live.join("0f3a9c").exists(), "the file where the path points is not");
        assert!(!remove(&drill, &stored).await.expect("removed"), "nothing left here to delete");
        assert!(live.join("0f3a9c").exists());
        std::fs::remove_dir_all(&root).expect("cleared");
    }
}
