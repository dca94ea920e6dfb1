//! Personal data at rest: ID and phone numbers (and raw inbound updates, which can carry them) are
//! sealed with AES-256-GCM; a keyed hash (HMAC-SHA256) lets us find duplicates without decrypting.
//! Evidence files are encrypted in chunks under a key of their own ([`stream`]), which is sealed here.
//!
//! The keys live outside the database (a keyring file, a systemd credential or the environment), so a
//! copied database file alone reveals nothing. A sealed value names its key
//! (`v2.<key id>.<nonce>.<ciphertext>`), so a keyring of several keys ([`keyring`]) opens values sealed
//! before and after a rotation; values of the first format (`v1.<nonce>.<ciphertext>`, no key id) are
//! tried against every key.
//!
//! The look-up hash is keyed by the master key too, and changes with it: a rotation recomputes every
//! stored hash, and while the old key is still in the keyring a look-up asks for the hash under every
//! key ([`Vault::lookup_hashes`]). A hash kept under a retired key would let whoever holds that key test
//! every phone number against it in minutes: rotating the cipher key alone would not retire it.

pub mod keyring;
mod reseal;
pub mod stream;

use std::sync::{Arc, PoisonError, RwLock};

use aes_gcm::Nonce;
use aes_gcm::aead::Aead;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub use keyring::{KeyError, Keyring, MasterKey};
pub use reseal::{Resealed, sealed_in_json};

type HmacSha256 = Hmac<Sha256>;

/// Seals and opens personal data, and hashes it for look-ups. Clones share one keyring, which
/// [`Vault::replace`] swaps for all of them (the running bot loads a rotated keyring this way).
#[derive(Clone)]
pub struct Vault {
    ring: Arc<RwLock<Arc<Keyring>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the key must be 64 hex characters (32 bytes)")]
    BadKey,
    #[error("sealed value is malformed")]
    Malformed,
    #[error("sealed value does not open with this key")]
    WrongKey,
    #[error("sealed value names key {0}, which is not in the keyring")]
    UnknownKey(String),
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vault({})", self.keyring().kids().join(","))
    }
}

/// Whether `stored` has the shape of a sealed value (either format), as opposed to text stored in clear
/// before its column was sealed.
pub fn is_sealed(stored: &str) -> bool {
    parse(stored).is_some()
}

/// A sealed value taken apart; `kid` is `None` for the first format.
struct Parts<'a> {
    kid: Option<&'a str>,
    nonce: Vec<u8>,
    body: Vec<u8>,
}

fn parse(sealed: &str) -> Option<Parts<'_>> {
    let (kid, rest) = if let Some(rest) = sealed.strip_prefix("v2.") {
        let (kid, rest) = rest.split_once('.')?;
        (Some(kid), rest)
    } else {
        (None, sealed.strip_prefix("v1.")?)
    };
    let (nonce, body) = rest.split_once('.')?;
    let nonce = unhex(nonce).filter(|n| n.len() == 12)?;
    let body = unhex(body).filter(|b| b.len() >= 16)?;
    if kid.is_some_and(|k| k.len() != keyring::KID_LEN || !k.bytes().all(|b| b.is_ascii_hexdigit())) {
        return None;
    }
    Some(Parts { kid, nonce, body })
}

impl Vault {
    /// A vault of one key.
    pub fn from_master_key(master: &[u8; 32]) -> Vault {
        Vault::from_keyring(Keyring::new(MasterKey::new(*master), []))
    }

    pub fn from_keyring(ring: Keyring) -> Vault {
        Vault { ring: Arc::new(RwLock::new(Arc::new(ring))) }
    }

    /// A vault of one key given as 64 hex characters.
    pub fn from_hex(hex_key: &str) -> Result<Vault, VaultError> {
        let key = MasterKey::from_hex(hex_key).ok_or(VaultError::BadKey)?;
        Ok(Vault::from_keyring(Keyring::new(key, [])))
    }

    /// The keyring in use now.
    pub fn keyring(&self) -> Arc<Keyring> {
        self.ring.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Puts `ring` in use for every clone of this vault.
    pub fn replace(&self, ring: Keyring) {
        *self.ring.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(ring);
    }

    /// The id of the key that seals.
    pub fn current_kid(&self) -> String {
        self.keyring().current().kid().to_owned()
    }

    /// The id of the key `sealed` names: `Some("")` for the first format (no id), `None` when it is not
    /// a sealed value at all.
    pub fn kid_of(sealed: &str) -> Option<&str> {
        parse(sealed).map(|p| p.kid.unwrap_or(""))
    }

    /// Encrypts `plain` under the current key: `v2.<key id>.<nonce hex>.<ciphertext hex>`.
    pub fn seal(&self, plain: &str) -> String {
        seal_with(self.keyring().current(), plain)
    }

    pub fn open(&self, sealed: &str) -> Result<String, VaultError> {
        open_with(&self.keyring(), sealed)
    }

    /// A stored value that may be sealed or, written before its column was sealed, plain.
    pub fn open_stored(&self, stored: &str) -> Result<String, VaultError> {
        if is_sealed(stored) { self.open(stored) } else { Ok(stored.to_owned()) }
    }

    /// Keyed hash of a normalized value under the current key, to store with the sealed value.
    pub fn lookup_hash(&self, kind: &str, normalized: &str) -> String {
        hash_with(self.keyring().current(), kind, normalized)
    }

    /// The hash under every key of the keyring, current first: what a look-up compares against while
    /// a rotation has not yet recomputed every stored hash.
    pub fn lookup_hashes(&self, kind: &str, normalized: &str) -> Vec<String> {
        self.keyring().keys().iter().map(|k| hash_with(k, kind, normalized)).collect()
    }
}

fn seal_with(key: &MasterKey, plain: &str) -> String {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let sealed = key
        .cipher
        .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
        .expect("AES-GCM encryption of an in-memory buffer cannot fail");
    format!("v2.{}.{}.{}", key.kid(), to_hex(&nonce), to_hex(&sealed))
}

// Every dialogue and outbox row is sealed: `hex::encode` (a char iterator collected into a String) and
// `hex::decode` (an iterator of results collected into a Vec) were 4–5 % of the bot's core in a
// profile of the closed loop; these write into a buffer of the known size.

/// Lowercase hex, as `hex::encode` writes it.
fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    text
}

/// The bytes of hex text (either case), or `None` for an odd length or a non-hex character.
/// A table lookup per pair: `hex::decode_to_slice` (a match and a `Result` per character) was still
/// 4 % of the bot's core, opening a dialogue and the outbox rows of every update.
fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    let mut bytes = Vec::with_capacity(text.len() / 2);
    for pair in text.chunks_exact(2) {
        let (high, low) = (HEX_VALUES[usize::from(pair[0])], HEX_VALUES[usize::from(pair[1])]);
        if (high | low) & 0xf0 != 0 {
            return None;
        }
        bytes.push(high << 4 | low);
    }
    Some(bytes)
}

/// Each byte's value as a hex digit, or 0xff when it is none.
const HEX_VALUES: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

fn open_with(ring: &Keyring, sealed: &str) -> Result<String, VaultError> {
    let parts = parse(sealed).ok_or(VaultError::Malformed)?;
    let candidates: Vec<&MasterKey> = match parts.kid {
        Some(kid) => vec![ring.by_kid(kid).ok_or_else(|| VaultError::UnknownKey(kid.to_owned()))?],
        None => ring.keys().iter().collect(),
    };
    let nonce = Nonce::from_slice(&parts.nonce);
    let plain = candidates
        .iter()
        .find_map(|k| k.cipher.decrypt(nonce, parts.body.as_slice()).ok())
        .ok_or(VaultError::WrongKey)?;
    String::from_utf8(plain).map_err(|_| VaultError::Malformed)
}

fn hash_with(key: &MasterKey, kind: &str, normalized: &str) -> String {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(&key.hash_key).expect("HMAC takes any key length");
    mac.update(kind.as_bytes());
    mac.update(b"\0");
    mac.update(normalized.as_bytes());
    to_hex(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_written_and_read_as_the_hex_crate_does() {
        let bytes: Vec<u8> = (0..=255u8).chain([0, 15, 16, 255]).collect();
        assert_eq!(to_hex(&bytes), hex::encode(&bytes));
        assert_eq!(unhex(&hex::encode(&bytes)), Some(bytes.clone()));
        assert_eq!(unhex(&hex::encode_upper(&bytes)), Some(bytes));
        assert_eq!(unhex(""), Some(vec![]));
        for bad in ["abc", "0g", "zz", "é1", "1/", ":0", "`a", "G0", "f@"] {
            assert_eq!(unhex(bad), None, "{bad}");
        }
    }

    #[test]
    fn stored_values_open_sealed_or_plain() {
        let v = Vault::from_master_key(&[3; 32]);
        let sealed = v.seal("张三");
        assert!(is_sealed(&sealed));
        assert_eq!(v.open_stored(&sealed).expect("opens"), "张三");
        for plain in ["张三", "v1.张三", "v1.00.zz", "v2.abc", ""] {
            assert!(!is_sealed(plain), "{plain}");
            assert_eq!(v.open_stored(plain).expect("plain"), plain);
        }
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key() {
        let a = Vault::from_master_key(&[1; 32]);
        let b = Vault::from_master_key(&[2; 32]);
        let sealed = a.seal("13800138000");
        assert!(!sealed.contains("13800138000"));
        assert!(sealed.starts_with(&format!("v2.{}.", a.current_kid())), "{sealed}");
        assert_eq!(a.open(&sealed).expect("opens"), "13800138000");
        assert!(matches!(b.open(&sealed), Err(VaultError::UnknownKey(_))));
        assert!(matches!(a.open("v1.zz.00"), Err(VaultError::Malformed)));
        // A value naming b's key id but sealed by another key does not open either.
        let forged = sealed.replacen(&a.current_kid(), &b.current_kid(), 1);
        assert!(matches!(b.open(&forged), Err(VaultError::WrongKey)));
    }

    #[test]
    fn values_of_the_first_format_still_open_with_any_key_of_the_ring() {
        // A v1 value exactly as the first format wrote it: same derived cipher key, no key id.
        let old = MasterKey::new([1; 32]);
        let nonce = [9u8; 12];
        let body = old.cipher.encrypt(Nonce::from_slice(&nonce), b"13800138000".as_slice()).expect("seals");
        let v1 = format!("v1.{}.{}", hex::encode(nonce), hex::encode(body));
        let ring = Vault::from_keyring(Keyring::new(MasterKey::new([2; 32]), [old]));
        assert_eq!(ring.open(&v1).expect("opens"), "13800138000");
        assert_eq!(Vault::kid_of(&v1), Some(""));
        let resealed = ring.reseal(&v1).expect("opens").expect("a v1 value is always re-sealed");
        assert_eq!(Vault::kid_of(&resealed), Some(ring.current_kid().as_str()));
        assert!(matches!(Vault::from_master_key(&[3; 32]).open(&v1), Err(VaultError::WrongKey)));
    }

    #[test]
    fn a_replaced_keyring_is_seen_by_every_clone() {
        let v = Vault::from_master_key(&[1; 32]);
        let clone = v.clone();
        let before = v.seal("x");
        v.replace(Keyring::new(MasterKey::new([2; 32]), [MasterKey::new([1; 32])]));
        assert_eq!(clone.current_kid(), MasterKey::new([2; 32]).kid());
        assert_eq!(clone.open(&before).expect("the old key still opens"), "x");
        assert_eq!(Vault::kid_of(&clone.seal("x")), Some(MasterKey::new([2; 32]).kid()));
    }

    #[test]
    fn sealing_twice_differs_but_the_lookup_hash_is_stable_for_a_key() {
        let v = Vault::from_master_key(&[7; 32]);
        assert_ne!(v.seal("x"), v.seal("x"));
        assert_eq!(v.lookup_hash("phone", "13800138000"), v.lookup_hash("phone", "13800138000"));
        assert_ne!(v.lookup_hash("phone", "13800138000"), v.lookup_hash("id", "13800138000"));
        let other = Vault::from_master_key(&[8; 32]);
        assert_ne!(v.lookup_hash("phone", "1"), other.lookup_hash("phone", "1"), "a new key, new hashes");
        let both = Vault::from_keyring(Keyring::new(MasterKey::new([8; 32]), [MasterKey::new([7; 32])]));
        assert_eq!(both.lookup_hashes("phone", "1"), [other.lookup_hash("phone", "1"), v.lookup_hash("phone", "1")]);
    }
}
