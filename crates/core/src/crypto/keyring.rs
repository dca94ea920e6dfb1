//! The master keys: one current key that seals, and older keys kept only to open what they sealed
//! until `wagedesk keys rotate` has re-sealed it. Each key has an id derived from it (not secret) that
//! sealed values carry, so a value names the key that opens it.
//!
//! The keyring file is text: one key (64 hex characters) a line, the current key first; `#` starts a
//! comment. A file with a single key — what every deployment had before keyrings — is a keyring of one.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How many hex characters a key id has: 32 bits tell a deployment's few keys apart.
pub const KID_LEN: usize = 8;

/// One 32-byte master key, with the sub-keys derived from it.
#[derive(Clone)]
pub struct MasterKey {
    bytes: [u8; 32],
    kid: String,
    pub(super) cipher: Aes256Gcm,
    /// Separate key for the look-up hash, so the hash cannot be used to test guesses against the cipher key.
    pub(super) hash_key: [u8; 32],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("line {0}: a key must be 64 hex characters (32 bytes)")]
    BadKey(usize),
    #[error("the keyring holds no key")]
    Empty,
    #[error("line {0}: the same key twice")]
    Duplicate(usize),
}

impl MasterKey {
    pub fn new(bytes: [u8; 32]) -> MasterKey {
        let derive = |purpose: &[u8]| -> [u8; 32] {
            let mut mac = <HmacSha256 as Mac>::new_from_slice(&bytes).expect("HMAC takes any key length");
            mac.update(purpose);
            mac.finalize().into_bytes().into()
        };
        let enc = derive(b"wagedesk/seal/v1");
        let kid = hex::encode(derive(b"wagedesk/key-id/v1"))[..KID_LEN].to_owned();
        MasterKey { bytes, kid, cipher: Aes256Gcm::new(&enc.into()), hash_key: derive(b"wagedesk/lookup-hash/v1") }
    }

    /// A fresh random key.
    pub fn random() -> MasterKey {
        let mut bytes = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
        MasterKey::new(bytes)
    }

    pub fn from_hex(text: &str) -> Option<MasterKey> {
        let bytes: [u8; 32] = hex::decode(text.trim()).ok()?.try_into().ok()?;
        Some(MasterKey::new(bytes))
    }

    /// The key's id, derived from it by a one-way function: it names the key without revealing it.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    fn to_hex(&self) -> String {
        hex::encode(self.bytes)
    }
}

impl std::fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MasterKey({})", self.kid)
    }
}

/// The current key first, then the keys kept for opening only.
#[derive(Clone, Debug)]
pub struct Keyring {
    keys: Vec<MasterKey>,
}

impl Keyring {
    pub fn new(current: MasterKey, older: impl IntoIterator<Item = MasterKey>) -> Keyring {
        let mut keys = vec![current];
        for key in older {
            if keys.iter().all(|k| k.kid != key.kid) {
                keys.push(key);
            }
        }
        Keyring { keys }
    }

    /// Reads a keyring file's text (see the module's comment).
    pub fn parse(text: &str) -> Result<Keyring, KeyError> {
        let mut keys: Vec<MasterKey> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let key = MasterKey::from_hex(line).ok_or(KeyError::BadKey(i + 1))?;
            if keys.iter().any(|k| k.kid == key.kid) {
                return Err(KeyError::Duplicate(i + 1));
            }
            keys.push(key);
        }
        if keys.is_empty() {
            return Err(KeyError::Empty);
        }
        Ok(Keyring { keys })
    }

    /// The file's text: a comment saying what it is, then the keys, current first.
    pub fn to_file_text(&self) -> String {
        let mut text = String::from(
            "# wagedesk keyring: the first key seals, every key opens. Keep this file (mode 0600) apart from\n\
             # the database and its backups. `wagedesk keys rotate` rewrites it.\n",
        );
        for (i, key) in self.keys.iter().enumerate() {
            let role = if i == 0 { "current" } else { "opening only" };
            text.push_str(&format!("{}  # {} {role}\n", key.to_hex(), key.kid));
        }
        text
    }

    pub fn current(&self) -> &MasterKey {
        &self.keys[0]
    }

    pub fn keys(&self) -> &[MasterKey] {
        &self.keys
    }

    pub fn by_kid(&self, kid: &str) -> Option<&MasterKey> {
        self.keys.iter().find(|k| k.kid == kid)
    }

    pub fn kids(&self) -> Vec<String> {
        self.keys.iter().map(|k| k.kid.clone()).collect()
    }

    /// The same keyring with only its current key.
    pub fn current_only(&self) -> Keyring {
        Keyring { keys: vec![self.current().clone()] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_file_reads_back_and_a_single_key_file_is_a_keyring_of_one() {
        let (a, b) = (MasterKey::new([1; 32]), MasterKey::new([2; 32]));
        assert_ne!(a.kid(), b.kid());
        assert_eq!(a.kid().len(), KID_LEN);
        let ring = Keyring::new(b.clone(), [a.clone(), b.clone()]);
        assert_eq!(ring.kids(), [b.kid(), a.kid()], "current first, no key twice");
        let back = Keyring::parse(&ring.to_file_text()).expect("reads back");
        assert_eq!(back.kids(), ring.kids());
        let single = Keyring::parse(&format!("{}\n", hex::encode([1u8; 32]))).expect("a plain key file");
        assert_eq!(single.kids(), [a.kid()]);
    }

    #[test]
    fn a_bad_empty_or_repeated_key_is_refused_with_its_line() {
        assert_eq!(Keyring::parse("# nothing\n\n").expect_err("refused"), KeyError::Empty);
        assert_eq!(Keyring::parse("# c\nabcd\n").expect_err("refused"), KeyError::BadKey(2));
        let k = hex::encode([3u8; 32]);
        assert_eq!(Keyring::parse(&format!("{k}\n{k}\n")).expect_err("refused"), KeyError::Duplicate(2));
    }
}
