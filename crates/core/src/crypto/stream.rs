//! Evidence files on disk: encrypted in 64 KiB chunks under a key of the file's own, so neither the
//! download nor a later read needs the whole file in memory.
//!
//! The format is the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015) over AES-256-GCM:
//! a header (`WDE1` and a random 7-byte nonce prefix), then chunks of 64 KiB of plaintext (the last one
//! shorter, possibly empty), each sealed with the nonce `prefix ‖ counter (32-bit big-endian) ‖ last`.
//! The counter stops chunks from being reordered or repeated and the last flag stops the file from
//! being cut short at a chunk boundary: either makes the read fail.
//!
//! The file key is random per file and kept sealed by the master key with the evidence's record: a
//! rotation re-seals those small keys, never the files, and erasing a file's record shreds what any
//! leftover copy of the file could reveal.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
/// What AES-GCM adds to each chunk.
pub const TAG: usize = 16;
/// Bytes of a sealed full chunk.
pub const SEALED_CHUNK: usize = CHUNK + TAG;
const MAGIC: &[u8; 4] = b"WDE1";
/// Bytes before the first chunk.
pub const HEADER: usize = MAGIC.len() + 7;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum StreamError {
    #[error("not an encrypted evidence file (no header)")]
    NoHeader,
    #[error("chunk {0} does not open: the file is damaged, cut short or not for this key")]
    Chunk(u32),
    #[error("a chunk is larger than {CHUNK} bytes")]
    Oversize,
    #[error("more than 2^32 chunks")]
    TooLong,
    #[error("the file key must be 64 hex characters")]
    BadKey,
}

/// A file's own key.
#[derive(Clone)]
pub struct FileKey([u8; 32]);

impl FileKey {
    pub fn random() -> FileKey {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        FileKey(key)
    }

    /// As text, to be sealed by the master key.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn from_hex(text: &str) -> Result<FileKey, StreamError> {
        let bytes: [u8; 32] =
            hex::decode(text.trim()).ok().and_then(|b| b.try_into().ok()).ok_or(StreamError::BadKey)?;
        Ok(FileKey(bytes))
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }
}

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileKey(..)")
    }
}

fn nonce(prefix: &[u8; 7], counter: u32, last: bool) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[..7].copy_from_slice(prefix);
    n[7..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = u8::from(last);
    n
}

/// Seals a file's chunks in order.
pub struct ChunkSealer {
    cipher: Aes256Gcm,
    prefix: [u8; 7],
    counter: u32,
    done: bool,
}

impl ChunkSealer {
    /// The sealer and the header to write before the first chunk.
    pub fn new(key: &FileKey) -> (ChunkSealer, [u8; HEADER]) {
        let mut prefix = [0u8; 7];
        rand::rng().fill_bytes(&mut prefix);
        let mut header = [0u8; HEADER];
        header[..4].copy_from_slice(MAGIC);
        header[4..].copy_from_slice(&prefix);
        (ChunkSealer { cipher: key.cipher(), prefix, counter: 0, done: false }, header)
    }

    /// Seals the next chunk: exactly [`CHUNK`] bytes, or fewer when `last` (which ends the file).
    pub fn seal(&mut self, chunk: &[u8], last: bool) -> Result<Vec<u8>, StreamError> {
        if chunk.len() > CHUNK || (!last && chunk.len() != CHUNK) {
            return Err(StreamError::Oversize);
        }
        if self.done {
            return Err(StreamError::TooLong);
        }
        let n = nonce(&self.prefix, self.counter, last);
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&n), chunk)
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        self.done = last;
        self.counter = self.counter.checked_add(1).ok_or(StreamError::TooLong)?;
        Ok(sealed)
    }
}

/// Opens a file's chunks in order.
pub struct ChunkOpener {
    cipher: Aes256Gcm,
    prefix: [u8; 7],
    counter: u32,
}

impl ChunkOpener {
    pub fn new(key: &FileKey, header: &[u8]) -> Result<ChunkOpener, StreamError> {
        if header.len() != HEADER || &header[..4] != MAGIC {
            return Err(StreamError::NoHeader);
        }
        let mut prefix = [0u8; 7];
        prefix.copy_from_slice(&header[4..]);
        Ok(ChunkOpener { cipher: key.cipher(), prefix, counter: 0 })
    }

    /// Opens the next sealed chunk; `last` says the file ends after it.
    pub fn open(&mut self, sealed: &[u8], last: bool) -> Result<Vec<u8>, StreamError> {
        let n = nonce(&self.prefix, self.counter, last);
        let plain = self.cipher.decrypt(Nonce::from_slice(&n), sealed).map_err(|_| StreamError::Chunk(self.counter))?;
        self.counter = self.counter.checked_add(1).ok_or(StreamError::TooLong)?;
        Ok(plain)
    }
}

/// A whole buffer sealed in the file format (tests, small files).
pub fn seal_all(key: &FileKey, plain: &[u8]) -> Vec<u8> {
    let (mut sealer, header) = ChunkSealer::new(key);
    let mut out = header.to_vec();
    let mut chunks = plain.chunks(CHUNK).peekable();
    if chunks.peek().is_none() {
        out.extend(sealer.seal(&[], true).expect("an empty last chunk"));
    }
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        out.extend(sealer.seal(chunk, last).expect("chunks of CHUNK bytes"));
    }
    out
}

/// A whole file of the format opened in memory (tests, small files).
pub fn open_all(key: &FileKey, sealed: &[u8]) -> Result<Vec<u8>, StreamError> {
    if sealed.len() < HEADER {
        return Err(StreamError::NoHeader);
    }
    let mut opener = ChunkOpener::new(key, &sealed[..HEADER])?;
    let body = &sealed[HEADER..];
    if body.is_empty() {
        return Err(StreamError::Chunk(0));
    }
    let mut out = Vec::with_capacity(body.len());
    let count = body.len().div_ceil(SEALED_CHUNK);
    for (i, chunk) in body.chunks(SEALED_CHUNK).enumerate() {
        out.extend(opener.open(chunk, i + 1 == count)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_of_every_size_round_trip_and_hide_their_bytes() {
        let key = FileKey::random();
        for size in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17] {
            let plain: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            let sealed = seal_all(&key, &plain);
            assert_eq!(sealed.len(), HEADER + size + TAG * size.div_ceil(CHUNK).max(1), "size {size}");
            assert_eq!(open_all(&key, &sealed).expect("opens"), plain, "size {size}");
            if size >= 64 {
                assert!(!sealed.windows(64).any(|w| w == &plain[..64]), "plaintext visible at size {size}");
            }
        }
    }

    #[test]
    fn a_cut_reordered_or_altered_file_or_another_key_fails() {
        let key = FileKey::random();
        let plain = vec![7u8; 2 * CHUNK + 5];
        let sealed = seal_all(&key, &plain);
        // Cut at a chunk boundary: the chunk now read as last was not sealed as last.
        assert_eq!(open_all(&key, &sealed[..HEADER + 2 * SEALED_CHUNK]), Err(StreamError::Chunk(1)));
        let mut swapped = sealed.clone();
        let (a, b) = (HEADER, HEADER + SEALED_CHUNK);
        let first = swapped[a..b].to_vec();
        swapped.copy_within(b..b + SEALED_CHUNK, a);
        swapped[b..b + SEALED_CHUNK].copy_from_slice(&first);
        assert_eq!(open_all(&key, &swapped), Err(StreamError::Chunk(0)));
        let mut flipped = sealed.clone();
        flipped[HEADER + 10] ^= 1;
        assert_eq!(open_all(&key, &flipped), Err(StreamError::Chunk(0)));
        assert_eq!(open_all(&FileKey::random(), &sealed), Err(StreamError::Chunk(0)));
        assert_eq!(open_all(&key, b"plain old jpeg bytes"), Err(StreamError::NoHeader));
        assert_eq!(FileKey::from_hex(&key.to_hex()).expect("hex").to_hex(), key.to_hex());
    }
}
