//! An evidence file on disk: written chunk by chunk as it arrives, encrypted under its own key
//! (`crypto::stream`), hashed (SHA-256 of the plaintext) on the way; read back the same way.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rand::RngCore;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::crypto::stream::{CHUNK, ChunkOpener, ChunkSealer, FileKey, HEADER, SEALED_CHUNK};
use crate::private_files;

/// A file being written. Dropped without [`EncryptedFile::finish`], its partial file is removed.
///
/// Each step is one trip to the blocking pool (creating: the folder, the file and its header;
/// finishing: the last chunk, the sync, the name and the folder's sync), not one per call of
/// `tokio::fs`: a photo took seven trips, each two context switches on a busy core.
pub struct EncryptedFile {
    /// `None` only while a blocking step has it.
    file: Option<std::fs::File>,
    sealer: ChunkSealer,
    /// Plaintext not yet sealed: at most one chunk, sealed once more arrives (or at the end, as the last).
    pending: Vec<u8>,
    sha: Sha256,
    size: u64,
    part: Option<PathBuf>,
    path: PathBuf,
}

/// A finished file.
#[derive(Debug, Clone)]
pub struct Stored {
    pub path: PathBuf,
    /// Of the plaintext.
    pub sha256: String,
    pub size: u64,
}

impl EncryptedFile {
    /// A new file in `dir` (made 0700) under a random name: the plaintext's hash as its name would
    /// let anyone who lists the folder confirm that a photo they hold is there.
    pub async fn create(dir: &Path, key: &FileKey) -> anyhow::Result<EncryptedFile> {
        let mut name = [0u8; 16];
        rand::rng().fill_bytes(&mut name);
        let path = dir.join(hex::encode(name));
        let part = path.with_extension("part");
        let (sealer, header) = ChunkSealer::new(key);
        let (dir, opened) = (dir.to_path_buf(), part.clone());
        let file = blocking(move || {
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            private_files::restrict_dir(&dir)?;
            let mut file =
                private_files::create_new(&opened).with_context(|| format!("creating {}", opened.display()))?;
            file.write_all(&header)?;
            Ok(file)
        })
        .await?;
        Ok(EncryptedFile {
            file: Some(file),
            sealer,
            pending: Vec::with_capacity(CHUNK),
            sha: Sha256::new(),
            size: 0,
            part: Some(part),
            path,
        })
    }

    /// Plaintext bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub async fn write(&mut self, mut data: &[u8]) -> anyhow::Result<()> {
        self.sha.update(data);
        self.size += data.len() as u64;
        while !data.is_empty() {
            if self.pending.len() == CHUNK {
                // More follows, so this chunk is not the last.
                let sealed = self.sealer.seal(&self.pending, false)?;
                let mut file = self.file.take().context("a step of the file failed before")?;
                self.file = Some(
                    blocking(move || {
                        file.write_all(&sealed)?;
                        Ok(file)
                    })
                    .await?,
                );
                self.pending.clear();
            }
            let take = (CHUNK - self.pending.len()).min(data.len());
            self.pending.extend_from_slice(&data[..take]);
            data = &data[take..];
        }
        Ok(())
    }

    /// Seals the last chunk, flushes the file to disk and gives it its name, and syncs the folder so
    /// the name is on disk too: the case that refers to the file is committed after this.
    pub async fn finish(mut self) -> anyhow::Result<Stored> {
        let sealed = self.sealer.seal(&self.pending, true)?;
        let mut file = self.file.take().context("a step of the file failed before")?;
        let part = self.part.clone().context("finished once")?;
        let path = self.path.clone();
        blocking(move || {
            file.write_all(&sealed)?;
            file.sync_all()?;
            std::fs::rename(&part, &path)?;
            crate::storage::durable::sync_dir(&path)?;
            Ok(())
        })
        .await?;
        // Renamed: nothing for `Drop` to remove.
        self.part = None;
        let sha256 = hex::encode(std::mem::take(&mut self.sha).finalize());
        Ok(Stored { path: self.path.clone(), sha256, size: self.size })
    }
}

impl Drop for EncryptedFile {
    fn drop(&mut self) {
        if let Some(part) = self.part.take() {
            let _ = std::fs::remove_file(part);
        }
    }
}

/// Runs a step of writing a file on the blocking pool.
async fn blocking<T: Send + 'static>(step: impl FnOnce() -> anyhow::Result<T> + Send + 'static) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(step).await.context("a file step was cancelled")?
}

/// Writes the plaintext of the file at `path` to `out`, one chunk in memory at a time, and answers
/// its size. A file without a key is one earlier versions stored in the clear: copied as it is.
pub async fn decrypt_to(
    path: &Path,
    key: Option<&FileKey>,
    out: &mut (impl AsyncWrite + Unpin),
) -> anyhow::Result<u64> {
    let mut file = tokio::fs::File::open(path).await.with_context(|| format!("opening {}", path.display()))?;
    let Some(key) = key else { return Ok(tokio::io::copy(&mut file, out).await?) };
    let mut header = [0u8; HEADER];
    file.read_exact(&mut header).await.with_context(|| format!("{} has no header", path.display()))?;
    let mut opener = ChunkOpener::new(key, &header)?;
    let mut current = vec![0u8; SEALED_CHUNK];
    let mut next = vec![0u8; SEALED_CHUNK];
    let mut have = read_full(&mut file, &mut current).await?;
    let mut size = 0u64;
    loop {
        // A chunk is the last when nothing follows it.
        let following = if have == SEALED_CHUNK { read_full(&mut file, &mut next).await? } else { 0 };
        let plain = opener.open(&current[..have], following == 0)?;
        out.write_all(&plain).await?;
        size += plain.len() as u64;
        if following == 0 {
            break;
        }
        std::mem::swap(&mut current, &mut next);
        have = following;
    }
    out.flush().await?;
    Ok(size)
}

/// A whole evidence file in memory (tests and small files).
pub async fn read_all(path: &Path, key: Option<&FileKey>) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    decrypt_to(path, key, &mut out).await?;
    Ok(out)
}

/// Fills `buf` unless the file ends first; answers how much was read.
async fn read_full(reader: &mut (impl AsyncRead + Unpin), buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let n = reader.read(&mut buf[filled..]).await?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_file_written_in_pieces_reads_back_whole_and_is_not_plaintext_on_disk() {
        let dir = std::env::temp_dir().join(format!("wagedesk-evidence-file-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let key = FileKey::random();
        for size in [0, 5, CHUNK, 2 * CHUNK + 3] {
            let plain: Vec<u8> = (0..size).map(|i| (i % 253) as u8).collect();
            let mut file = EncryptedFile::create(&dir, &key).await.expect("created");
            for piece in plain.chunks(7_000) {
                file.write(piece).await.expect("written");
            }
            let stored = file.finish().await.expect("finished");
            assert_eq!(stored.size, size as u64);
            assert_eq!(stored.sha256, hex::encode(Sha256::digest(&plain)));
            let on_disk = std::fs::read(&stored.path).expect("on disk");
            assert!(size < 64 || !on_disk.windows(64).any(|w| w == &plain[..64]), "plaintext on disk");
            assert_eq!(read_all(&stored.path, Some(&key)).await.expect("opens"), plain, "size {size}");
            assert!(read_all(&stored.path, Some(&FileKey::random())).await.is_err());
        }
        let abandoned = EncryptedFile::create(&dir, &key).await.expect("created");
        drop(abandoned);
        let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").flatten().map(|e| e.path()).collect();
        assert!(left.iter().all(|p| p.extension().is_none()), "no partial file left: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
