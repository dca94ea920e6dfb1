//! The keys for a database, checked against what it holds: a new key is made only for a database
//! with nothing sealed; with sealed data, a missing key, a keyring that does not open it, or a key file
//! others may read stops the start with what to do, instead of running with a key that could never
//! open what was sealed.

use std::path::Path;

use anyhow::bail;

use super::source::{ENV_KEY, KeySource};
use crate::crypto::{Keyring, Vault, VaultError};
use crate::storage::{self, sealed::Samples};

/// The vault for this database, from the source the environment and `key_file` name.
pub async fn key_for(db: &storage::Db, key_file: &Path) -> anyhow::Result<Vault> {
    let source = KeySource::resolve(key_file)?;
    let samples = storage::sealed::samples(db).await?;
    let ring = match source.load()? {
        Some(ring) => ring,
        None if samples.is_empty() => source.create()?,
        None => bail!(
            "the database holds sealed personal data, but there is no key: {} does not exist, {ENV_KEY} is not set \
             and there is no $CREDENTIALS_DIRECTORY/master-key: restore the key file from where it is kept apart \
             from the database (a new key could never open that data)",
            key_file.display()
        ),
    };
    check_opens(&ring, &samples, &source)?;
    Ok(Vault::from_keyring(ring))
}

/// Every sealed column's sample opens with the keyring (one per key id), and one of the documents'.
pub fn check_opens(ring: &Keyring, samples: &Samples, source: &KeySource) -> anyhow::Result<()> {
    let vault = Vault::from_keyring(ring.clone());
    for sample in &samples.columns {
        match vault.open(sample) {
            Ok(_) => {}
            Err(VaultError::UnknownKey(kid)) => bail!(
                "{} does not open this database's sealed personal data: it is the wrong key. The data is sealed \
                 with key {kid}, which it does not hold: restore the keyring that holds it (a rotation stopped \
                 half-way leaves two keys in the file: keep both)",
                source.describe()
            ),
            Err(_) => {
                bail!("{} does not open this database's sealed personal data: it is the wrong key", source.describe())
            }
        }
    }
    if !samples.documents.is_empty() && !samples.documents.iter().any(|s| vault.open(s).is_ok()) {
        bail!("{} does not open this database's sealed personal data: it is the wrong key", source.describe());
    }
    Ok(())
}
