//! Personal data at rest: ID and phone numbers (and raw inbound updates, which can carry them) are
//! sealed with AES-256-GCM; a keyed hash (HMAC-SHA256) lets us find duplicates without decrypting.
//!
//! The key lives outside the database (a key file or the environment), so a copied database file
//! alone reveals nothing.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Seals and opens personal data, and hashes it for look-ups.
#[derive(Clone)]
pub struct Vault {
    cipher: Aes256Gcm,
    /// Separate key for the look-up hash, so the hash cannot be used to test guesses against the cipher key.
    hash_key: [u8; 32],
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error("the key must be 64 hex characters (32 bytes)")]
    BadKey,
    #[error("sealed value is malformed")]
    Malformed,
    #[error("sealed value does not open with this key")]
    WrongKey,
    #[error("reading or writing the key file {path}: {source}")]
    KeyFile { path: String, source: std::io::Error },
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Vault(..)")
    }
}

impl Vault {
    /// Builds the vault from a 32-byte master key, deriving one sub-key per purpose.
    pub fn from_master_key(master: &[u8; 32]) -> Vault {
        let derive = |purpose: &[u8]| -> [u8; 32] {
            let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
            mac.update(purpose);
            mac.finalize().into_bytes().into()
        };
        let enc = derive(b"wagedesk/seal/v1");
        Vault { cipher: Aes256Gcm::new(&enc.into()), hash_key: derive(b"wagedesk/lookup-hash/v1") }
    }

    pub fn from_hex(hex_key: &str) -> Result<Vault, VaultError> {
        let bytes = hex::decode(hex_key.trim()).map_err(|_| VaultError::BadKey)?;
        let master: [u8; 32] = bytes.try_into().map_err(|_| VaultError::BadKey)?;
        Ok(Vault::from_master_key(&master))
    }

    /// Reads the key file, creating it (mode 0600) with a fresh random key when it does not exist.
    pub fn load_or_create(path: &Path) -> Result<Vault, VaultError> {
        let io = |source| VaultError::KeyFile { path: path.display().to_string(), source };
        match std::fs::read_to_string(path) {
            Ok(text) => Vault::from_hex(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut master = [0u8; 32];
                rand::rng().fill_bytes(&mut master);
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                write_private(path, &hex::encode(master)).map_err(io)?;
                Ok(Vault::from_master_key(&master))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Encrypts `plain`; the output is `v1.<nonce hex>.<ciphertext hex>`.
    pub fn seal(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .expect("AES-GCM encryption of an in-memory buffer cannot fail");
        format!("v1.{}.{}", hex::encode(nonce), hex::encode(sealed))
    }

    pub fn open(&self, sealed: &str) -> Result<String, VaultError> {
        let mut parts = sealed.splitn(3, '.');
        let (Some("v1"), Some(nonce), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(VaultError::Malformed);
        };
        let nonce = hex::decode(nonce).map_err(|_| VaultError::Malformed)?;
        let body = hex::decode(body).map_err(|_| VaultError::Malformed)?;
        if nonce.len() != 12 {
            return Err(VaultError::Malformed);
        }
        let plain =
            self.cipher.decrypt(Nonce::from_slice(&nonce), body.as_slice()).map_err(|_| VaultError::WrongKey)?;
        String::from_utf8(plain).map_err(|_| VaultError::Malformed)
    }

    /// A stored value that may be sealed or, written before its column was sealed, plain.
    pub fn open_stored(&self, stored: &str) -> Result<String, VaultError> {
        if is_sealed(stored) { self.open(stored) } else { Ok(stored.to_owned()) }
    }

    /// Keyed hash of a normalized value, for de-duplication and look-ups.
    pub fn lookup_hash(&self, kind: &str, normalized: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.hash_key).expect("HMAC takes any key length");
        mac.update(kind.as_bytes());
        mac.update(b"\0");
        mac.update(normalized.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Whether `stored` has the shape of a sealed value (`v1.<24 hex>.<hex>`), as opposed to text stored
/// in clear before its column was sealed.
pub fn is_sealed(stored: &str) -> bool {
    let mut parts = stored.splitn(3, '.');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some("v1"), Some(nonce), Some(body))
            if nonce.len() == 24 && !body.is_empty() && (nonce.chars().chain(body.chars())).all(|c| c.is_ascii_hexdigit())
    )
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_open_sealed_or_plain() {
        let v = Vault::from_master_key(&[3; 32]);
        let sealed = v.seal("张三");
        assert!(is_sealed(&sealed));
        assert_eq!(v.open_stored(&sealed).expect("opens"), "张三");
        for plain in ["张三", "v1.张三", "v1.00.zz", ""] {
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
        assert_eq!(a.open(&sealed).expect("opens"), "13800138000");
        assert!(matches!(b.open(&sealed), Err(VaultError::WrongKey)));
        assert!(matches!(a.open("v1.zz.00"), Err(VaultError::Malformed)));
    }

    #[test]
    fn sealing_twice_differs_but_the_lookup_hash_is_stable() {
        let v = Vault::from_master_key(&[7; 32]);
        assert_ne!(v.seal("x"), v.seal("x"));
        assert_eq!(v.lookup_hash("phone", "13800138000"), v.lookup_hash("phone", "13800138000"));
        assert_ne!(v.lookup_hash("phone", "13800138000"), v.lookup_hash("id", "13800138000"));
    }

    #[test]
    fn a_key_file_is_created_once_and_reused() {
        let dir = std::env::temp_dir().join(format!("wagedesk-key-{}", std::process::id()));
        let path = dir.join("key");
        let _ = std::fs::remove_file(&path);
        let first = Vault::load_or_create(&path).expect("created");
        let second = Vault::load_or_create(&path).expect("read back");
        assert_eq!(second.open(&first.seal("x")).expect("same key"), "x");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
