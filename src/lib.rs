//! wagedesk takes a migrant worker's wage-arrears complaint from a Telegram chat to the government
//! office that must handle it.
//!
//! # Which crate owns what
//!
//! - `wagedesk-core` (`crates/core`, re-exported here) decides, with no database, Telegram or runtime:
//!   [`domain`] values workers type, the [`deployment`], [`routing`], the [`case`] lifecycle and its
//!   deadlines, the [`intake`] dialogue, [`commands`], the [`office`]'s rules and case cards, what the
//!   ledger counts of a case, [`render`]ing messages, [`worksite`]s, [`outgoing`] messages,
//!   [`projects_csv`], [`crypto`], [`i18n`] and the [`clock`].
//! - `wagedesk-store` (`crates/store`, re-exported as [`storage`]): SQLite (WAL), the migrations and
//!   every query — dialogues, inbox, outbox, cases, timeline, staff tables; what a turn needs loaded;
//!   the services [`context`] every adapter shares.
//! - `wagedesk-telegram` (`crates/telegram`, re-exported under [`bot`] and as [`shutdown`]): the
//!   transport — long polling into the inbox, per-chat shards, delivery within Telegram's limits.
//! - `wagedesk-bench` (`crates/bench`): the benchmarks `cargo bench` runs, outside the product.
//! - `wagedesk-standin` (`crates/standin`, re-exported as [`standin`]): a local Bot API server for the
//!   demo and the tests.
//! - This crate acts around the core:
//!   - [`bot`] — what a Telegram update means: routing, inputs for the core, the one commit path.
//!   - [`filing`] — a draft the intake handed over becomes a stored case with a case number.
//!   - [`notify`] — queues rendered case notifications for the office, supervisor or worker.
//!   - [`case_ops`] — applies a lifecycle operation to a stored case with everything it causes.
//!   - [`staff`] — office groups: linking, case cards and topics, staff actions, authorization, relay.
//!   - [`scheduler`] — scans the deadlines and sends pre-warnings and escalations once each.
//!   - [`erasure`] — withdrawal, erasure of a worker's personal data, the retention purge.
//!   - [`followup`] — closing the loop: payment confirmation, satisfaction and 回头看 (不解决不销账).
//!   - [`ledger`] — the offices' ledger (台账): figures, Excel/CSV export, `/ledger` card, daily digest.
//!   - [`projects`] — importing projects; signboard deep-link codes, issued and revoked.
//!   - [`signboard`] — the printable rights-protection board (条例 Art. 34) with the project's QR code.
//!   - [`web`] — the web channel: the signboard's landing page, the intake and the status page over HTTP.
//!   - [`markup`] — escaping text for the web pages and the signboard's SVG.
//!   - [`evidence`] — evidence files streamed to disk encrypted, and each worker's quota.
//!   - [`keys`] — the master keys: their sources, the start's check, reloading and rotation.
//!   - [`cli`], [`app`] and [`demo`] — the command line, wiring for `wagedesk run`, `wagedesk demo`.

pub use wagedesk_core::{
    case, channel, clock, commands, crew, crypto, deployment, domain, i18n, intake, office, open311, outgoing,
    projects_csv, relay, render, routing, worksite,
};
pub use wagedesk_standin as standin;
pub use wagedesk_store as storage;
pub use wagedesk_store::context;
pub use wagedesk_telegram::shutdown;

pub mod admin;
pub mod app;
pub mod backup;
pub mod bot;
pub mod case_ops;
pub mod cli;
pub mod demo;
pub mod dialogue;
pub mod erasure;
pub mod evidence;
pub mod filing;
pub mod followup;
pub mod keys;
pub mod ledger;
pub mod markup;
pub mod memory;
pub mod notify;
pub use wagedesk_store::private_files;
pub mod projects;
pub mod scheduler;
pub mod script;
pub mod signboard;
pub mod staff;
pub mod startup;
pub mod web;
