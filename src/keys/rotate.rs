//! `wagedesk keys rotate`: every sealed value under a new key, while the bot runs on the same database.
//!
//! By steps, each safe to stop after (running the command again goes on where it stopped):
//!
//! 1. The keyring file gets a new key as its current key, the old keys after it. (A keyring that
//!    already holds more than one key is a rotation that stopped: it goes on with its current key.)
//! 2. Wait until every running bot seals with the new key: each re-reads the file every second and
//!    says which keys it holds in `key_holders` (under systemd credentials, a copy made at start, the
//!    service must be restarted; the command says so while it waits).
//! 3. A short grace for values sealed with the old key just before, still in flight, then re-seal
//!    every sealed column of the registry (`storage::sealed::SEALED`) in small batches, each its own
//!    short write transaction, so the bot's writes wait milliseconds at most; look-up hashes are
//!    recomputed under the new key. Passes repeat until one finds nothing left under an old key (a
//!    handler may copy a value the pass had not reached yet into a row it had passed).
//! 4. The old keys go to `<key file>.retired` (a keyring the bot never reads: backups made before the
//!    rotation need them), the keyring file keeps only the new key; wait until the bots hold only it,
//!    then re-seal once more with the old keys still in this process's memory, until a pass finds
//!    nothing. Stopped after this step with a value under an old key back in the database (a handler
//!    wrote back what it read before the last pass), running it again puts the retired keys back first.
//!
//! The look-up hash is recomputed rather than kept stable: a hash under a key that is retired because
//! it may have leaked would let its holder test every phone number against a later copy of the database.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};

use super::check::check_opens;
use super::source::{ENV_KEY, KeySource, write_keyring};
use super::watch::HOLDER_TIMEOUT_SECS;
use crate::crypto::{Keyring, MasterKey, Vault};
use crate::storage::{self, sealed};

#[derive(Debug, Clone)]
pub struct RotateOptions {
    /// Rows per write transaction.
    pub batch: i64,
    /// How long to wait for the running bots to load a keyring.
    pub wait: Duration,
    /// Between the bots sealing with the new key and the first pass.
    pub grace: Duration,
}

impl Default for RotateOptions {
    fn default() -> Self {
        RotateOptions { batch: 200, wait: Duration::from_secs(120), grace: Duration::from_secs(3) }
    }
}

/// What a rotation did.
#[derive(Debug, Default)]
pub struct Rotated {
    pub new_kid: String,
    pub old_kids: Vec<String>,
    pub resealed: usize,
    pub passes: usize,
    /// Strings in documents shaped like sealed values that no key opens (a worker's words), left alone.
    pub unreadable: usize,
    /// Running bots that loaded the new keyring.
    pub holders: usize,
    pub elapsed: Duration,
}

/// Rotates the keys in `key_file` for the database `db`. `say` hears each step, for the operator.
pub async fn rotate(
    db: &storage::Db,
    key_file: &std::path::Path,
    options: &RotateOptions,
    say: &mut dyn FnMut(String),
) -> anyhow::Result<Rotated> {
    let started = Instant::now();
    if std::env::var_os(ENV_KEY).is_some_and(|v| !v.is_empty()) {
        bail!("{ENV_KEY} is set: a key in the environment cannot be rotated while the bot runs; put it in a key file");
    }
    let source = KeySource::File(key_file.to_path_buf());
    let ring = source.load()?.with_context(|| format!("{} does not exist", key_file.display()))?;
    let samples = storage::sealed::samples(db).await?;
    let ring = match check_opens(&ring, &samples, &source) {
        Ok(()) => ring,
        // A rotation stopped after it retired the old keys, and a value under one of them came back
        // (a handler wrote back what it had read before the last pass): they return from the
        // retired keys' file and the rotation goes on.
        Err(refused) => match with_retired(&ring, key_file)? {
            Some(back) if check_opens(&back, &samples, &source).is_ok() => {
                write_keyring(key_file, &back)?;
                say(format!(
                    "retired keys put back into {}: values under them are still in the database",
                    key_file.display()
                ));
                back
            }
            _ => return Err(refused),
        },
    };

    // 1. The new key first.
    let ring = if ring.keys().len() > 1 {
        say(format!("going on with the rotation to key {} that stopped before", ring.current().kid()));
        ring
    } else {
        let ring = Keyring::new(MasterKey::random(), ring.keys().iter().cloned());
        write_keyring(key_file, &ring)?;
        say(format!("new key {} written to {} as the current key", ring.current().kid(), key_file.display()));
        ring
    };
    let new_kid = ring.current().kid().to_owned();
    let old_kids: Vec<String> = ring.kids().into_iter().skip(1).collect();

    // 2. Every running bot seals with it.
    let holders =
        wait_for_bots(db, options.wait, say, |h| h.current_kid == new_kid, &format!("seals with key {new_kid}"))
            .await?;
    tokio::time::sleep(options.grace).await;

    // 3. Everything under the new key.
    let vault = Vault::from_keyring(ring.clone());
    let mut rotated = Rotated { new_kid: new_kid.clone(), old_kids, holders, ..Rotated::default() };
    sweep_until_clean(db, &vault, options, &mut rotated, say).await?;

    // 4. The old keys go — to the retired keys' file first, kept for backups made before and for a
    // rotation stopped from here on.
    let retired = retire(&ring, key_file)?;
    write_keyring(key_file, &ring.current_only())?;
    say(format!("old keys removed from {} (kept in {})", key_file.display(), retired.display()));
    // A bot refuses a keyring that does not open what the database holds, and tries again each second:
    // passes go on (with the old keys still in this process) until it has let them go.
    let deadline = Instant::now() + options.wait;
    loop {
        sweep_until_clean(db, &vault, options, &mut rotated, say).await?;
        let wait = Duration::from_secs(5).min(deadline.saturating_duration_since(Instant::now()));
        let only_new = |h: &sealed::Holder| h.kids == new_kid;
        match wait_for_bots(db, wait, say, only_new, &format!("holds only key {new_kid}")).await {
            Ok(_) => break,
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => {}
        }
    }
    sweep_until_clean(db, &vault, options, &mut rotated, say).await?;
    rotated.elapsed = started.elapsed();
    Ok(rotated)
}

/// Where a key file's retired keys are kept: `<key file>.retired`, a keyring file the bot never reads.
pub fn retired_file(key_file: &std::path::Path) -> std::path::PathBuf {
    let mut name = key_file.as_os_str().to_owned();
    name.push(".retired");
    std::path::PathBuf::from(name)
}

/// Adds `ring`'s old keys to the retired keys' file (made 0600 if new) and returns its path.
fn retire(ring: &Keyring, key_file: &std::path::Path) -> anyhow::Result<std::path::PathBuf> {
    let path = retired_file(key_file);
    let kept = KeySource::File(path.clone()).load()?;
    // `Keyring::new` keeps the first of keys with one id.
    let mut old = ring.keys().iter().skip(1).chain(kept.iter().flat_map(|k| k.keys())).cloned();
    if let Some(first) = old.next() {
        write_keyring(&path, &Keyring::new(first, old))?;
    }
    Ok(path)
}

/// `ring` with the retired keys it lacks after its own, if any are kept.
fn with_retired(ring: &Keyring, key_file: &std::path::Path) -> anyhow::Result<Option<Keyring>> {
    let Some(retired) = KeySource::File(retired_file(key_file)).load()? else { return Ok(None) };
    let older = ring.keys().iter().skip(1).chain(retired.keys()).cloned();
    let back = Keyring::new(ring.current().clone(), older);
    Ok((back.keys().len() > ring.keys().len()).then_some(back))
}

/// Passes over every sealed column until one re-seals nothing.
async fn sweep_until_clean(
    db: &storage::Db,
    vault: &Vault,
    options: &RotateOptions,
    rotated: &mut Rotated,
    say: &mut dyn FnMut(String),
) -> anyhow::Result<()> {
    const MAX_PASSES: usize = 20;
    for _ in 0..MAX_PASSES {
        rotated.passes += 1;
        let (resealed, unreadable) = sweep(db, vault, options.batch).await?;
        rotated.resealed += resealed;
        rotated.unreadable = unreadable;
        if resealed > 0 || rotated.passes == 1 {
            say(format!("pass {}: {resealed} values re-sealed", rotated.passes));
        }
        if resealed == 0 {
            return Ok(());
        }
    }
    bail!("values under an old key still appear after {MAX_PASSES} passes; the keyring keeps the old keys: run again")
}

async fn sweep(db: &storage::Db, vault: &Vault, batch: i64) -> anyhow::Result<(usize, usize)> {
    let (mut resealed, mut unreadable) = (0, 0);
    for column in sealed::SEALED {
        let mut after = i64::MIN;
        loop {
            let done = sealed::reseal_batch(db, vault, column, after, batch).await?;
            resealed += done.resealed;
            unreadable += done.unreadable;
            let Some(next) = done.next else { break };
            after = next;
            // The bot's writes get the database between two batches.
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    Ok((resealed, unreadable))
}

/// Waits until every bot seen in the last seconds satisfies `ready`; answers how many there are.
async fn wait_for_bots(
    db: &storage::Db,
    wait: Duration,
    say: &mut dyn FnMut(String),
    ready: impl Fn(&sealed::Holder) -> bool,
    what: &str,
) -> anyhow::Result<usize> {
    let deadline = Instant::now() + wait;
    let mut told = false;
    loop {
        let holders = sealed::live_holders(db, HOLDER_TIMEOUT_SECS).await?;
        let waiting: Vec<&sealed::Holder> = holders.iter().filter(|h| !ready(h)).collect();
        if waiting.is_empty() {
            if !holders.is_empty() {
                say(format!("every running bot ({}) {what}", holders.len()));
            }
            return Ok(holders.len());
        }
        let names = waiting.iter().map(|h| h.holder.as_str()).collect::<Vec<_>>().join(", ");
        // A bot re-reading its file takes a second; the hint is for one that does not.
        if !told && Instant::now() + wait > deadline + Duration::from_secs(3) {
            say(format!(
                "waiting until the running bot ({names}) {what}: it reads its key file every second; a bot given \
                 its key as a systemd credential reads it at start only: restart it now (`systemctl restart wagedesk`)"
            ));
            told = true;
        }
        if Instant::now() > deadline {
            bail!(
                "the running bot ({names}) did not show that it {what} within {} s: is it reading another key file? \
                 Run `wagedesk keys rotate` again to go on (retired keys are kept in the `.retired` file beside the key file)",
                wait.as_secs()
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
