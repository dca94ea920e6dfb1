//! Integration tests: the real bot, over HTTP, against the local Telegram stand-in.
//!
//! Every test starts its own stand-in and bot on a fresh data directory, plays one or more workers
//! through [`wagedesk::demo::harness::SimWorker`], and asserts on what the workers saw, what was
//! stored, and that the bot never sent a request the Bot API would refuse.

#![allow(clippy::unwrap_used)]

/// Runs `$body` with `$c` bound to a connection of the store `$db` (a `Db`), whichever database it is:
/// the tests' own SQL reads either.
macro_rules! on_db {
    ($db:expr, $c:ident => $body:expr) => {{
        let mut conn = $db.acquire().await.expect("a connection to the store");
        wagedesk::storage::on_conn!(conn.conn(), $c => $body)
    }};
}

mod alerts;
mod authz;
mod backup;
mod browser;
mod cli;
mod clocks;
mod crash;
mod crew;
mod delivery;
mod disk_sync;
mod durability;
mod erasure;
mod evidence;
mod followup;
mod group_commit;
mod helpers;
mod hostile;
mod intake;
mod invalid_input;
mod keys;
mod lanes;
mod ledger;
mod load;
mod logs;
mod metrics;
mod migrate_store;
mod officer;
mod open311;
mod pg;
mod privacy;
mod projects;
mod proxy;
mod relay_rules;
mod replicas;
mod routing;
mod signals;
mod signboard;
mod staff;
mod startup;
mod token_file;
mod update_ids;
mod web;
mod webhook;
