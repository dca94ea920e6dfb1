//! wagedesk takes a migrant worker's wage-arrears complaint from a Telegram chat to the government
//! office that must handle it.
//!
//! # Layout
//!
//! The core knows nothing about Telegram:
//! - [`domain`] — values parsed from what workers type (money, ID and phone numbers, periods, counts).
//! - [`intake`] — the worker's dialogue as a pure state machine over inputs and replies.
//! - [`filing`] — a finished draft becomes a stored complaint with a case number.
//! - [`deployment`] — the operator's offices, regions, calendar and campaign settings.
//! - [`routing`] — which office owns a complaint, and why (a pure function).
//! - [`case`] — the case lifecycle, its legal clocks and immediate alerts (pure).
//! - [`projects_csv`] — the operator's project import, validated row by row.
//! - [`projects`] — importing projects in one transaction; signboard deep-link codes, issued and revoked.
//! - [`storage`] — SQLite (WAL): dialogues, inbox, outbox, complaints, timeline.
//! - [`signboard`] — the printable rights-protection board (条例 Art. 34) with the project's QR code.
//! - [`notify`] — renders case notifications and queues them for the office, supervisor or worker.
//! - [`case_ops`] — applies a lifecycle operation to a stored case with everything it causes.
//! - [`staff`] — office groups: linking, case cards and topics, staff actions, authorization, relay.
//! - [`scheduler`] — scans the legal clocks and sends pre-warnings and escalations once each.
//! - [`followup`] — closing the loop: payment confirmation, satisfaction and 回头看 (不解决不销账).
//! - [`ledger`] — the offices' ledger (台账): figures, Excel/CSV export, `/ledger` card, daily digest.
//! - [`outgoing`] — what the outbox holds: messages to chats, independent of the channel.
//! - [`crypto`], [`i18n`], [`clock`] — sealing personal data, localized strings, injectable time.
//!
//! Around it:
//! - [`bot`] — the Telegram adapter: polling into the inbox, per-chat shards, outbox delivery.
//! - [`standin`] — a local Bot API server that speaks Telegram's wire format, for tests and the demo.
//! - [`app`] and [`demo`] — wiring for `wagedesk run` and `wagedesk demo`.
//! - [`benchmarks`] — measurements `cargo bench` prints.

pub mod app;
pub mod benchmarks;
pub mod bot;
pub mod case;
pub mod case_ops;
pub mod clock;
pub mod context;
pub mod crypto;
pub mod demo;
pub mod deployment;
pub mod domain;
pub mod filing;
pub mod followup;
pub mod i18n;
pub mod intake;
pub mod ledger;
pub mod notify;
pub mod outgoing;
pub mod projects;
pub mod projects_csv;
pub mod routing;
pub mod scheduler;
pub mod script;
pub mod shutdown;
pub mod signboard;
pub mod staff;
pub mod standin;
pub mod storage;
