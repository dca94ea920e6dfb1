//! `wagedesk keys`: the master keys of a database — which there are and what they seal (`status`), and
//! re-sealing everything under a new key while the bot runs (`rotate`).

use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;

use super::args::{KeyFile, Store};
use crate::keys::rotate::{RotateOptions, rotate};
use crate::keys::source::KeySource;
use crate::keys::watch::HOLDER_TIMEOUT_SECS;
use crate::storage::sealed;

#[derive(Subcommand)]
pub enum KeysCmd {
    /// Re-seals every sealed value under a new key, online: the key file gets the new key first, the
    /// running bot re-reads it (within a second; a systemd credential needs a restart, the command says
    /// when), every sealed column is re-sealed in small batches, then the old key leaves the file.
    /// Stopped half-way, running it again goes on. Backups made before need the old key.
    Rotate {
        #[command(flatten)]
        key: KeyFile,
        #[command(flatten)]
        store: Store,
        /// Rows re-sealed per write transaction (the bot's writes wait for one at most).
        #[arg(long, default_value_t = RotateOptions::default().batch)]
        batch: i64,
        /// Seconds to wait for the running bot to load the new keyring (at most a day).
        #[arg(long, default_value_t = RotateOptions::default().wait.as_secs(),
              value_parser = clap::value_parser!(u64).range(0..=86_400))]
        wait_secs: u64,
    },
    /// The keys of the keyring, the keys each running bot holds, and how many sealed values each key sealed.
    Status {
        #[command(flatten)]
        key: KeyFile,
        #[command(flatten)]
        store: Store,
    },
}

pub async fn run(command: KeysCmd) -> anyhow::Result<ExitCode> {
    match command {
        KeysCmd::Rotate { key, store, batch, wait_secs } => {
            let options =
                RotateOptions { batch: batch.max(1), wait: Duration::from_secs(wait_secs), ..Default::default() };
            let rotated = store
                .using(async |db| rotate(db, &key.key_file, &options, &mut |line| println!("{line}")).await)
                .await?;
            println!(
                "rotated to key {} (retired: {}): {} values re-sealed in {} passes in {:.1} s, {} running bots followed",
                rotated.new_kid,
                rotated.old_kids.join(", "),
                rotated.resealed,
                rotated.passes,
                rotated.elapsed.as_secs_f64(),
                rotated.holders,
            );
            if rotated.unreadable > 0 {
                println!(
                    "{} strings in dialogues look sealed but open with no key (typed by a worker?): left as they are",
                    rotated.unreadable
                );
            }
            println!(
                "backups made before this rotation open only with the retired keys, kept in {}: store that file \
                 with the same care as the key (apart from the backups) and delete it with the last of those backups",
                crate::keys::rotate::retired_file(&key.key_file).display()
            );
        }
        KeysCmd::Status { key, store } => {
            // Before the keys are described: no lines about a database that is not there.
            store.must_exist()?;
            let source = KeySource::resolve(&key.key_file)?;
            match source.load()? {
                Some(ring) => println!(
                    "{}: current key {}{}",
                    source.describe(),
                    ring.current().kid(),
                    if ring.keys().len() > 1 {
                        format!(", also opens {} (a rotation has not finished)", ring.kids()[1..].join(", "))
                    } else {
                        String::new()
                    }
                ),
                None => println!("{}: no key", source.describe()),
            }
            let (holders, counts) = store
                .using(async |db| {
                    Ok((sealed::live_holders(db, HOLDER_TIMEOUT_SECS).await?, sealed::count_by_kid(db).await?))
                })
                .await?;
            for h in holders {
                println!("running bot {}: seals with {}, opens {}", h.holder, h.current_kid, h.kids);
            }
            for c in counts {
                let kid = if c.kid.is_empty() { "(first format, no key id)" } else { c.kid.as_str() };
                println!("{:<28} {kid:<10} {:>8}", c.column, c.values);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
