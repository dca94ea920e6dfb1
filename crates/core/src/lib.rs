//! wagedesk's rules, with no database, no Telegram and no async runtime: what a worker typed means,
//! which office owns a case, how a case moves and when its deadlines fall, and what is said about it.
//!
//! - [`domain`] — values parsed from what workers type (money, ID and phone numbers, periods, counts).
//! - [`deployment`] — the operator's offices, regions, calendar and campaign settings.
//! - [`routing`] — which office owns a case, and why.
//! - [`case`] — the case lifecycle, its legal deadlines and immediate alerts.
//! - [`commands`] — every command the bot answers, parsed in one place.
//! - [`ledger`] — the offices' ledger (台账): what each figure means, the export's rows, the digest's rules.
//! - [`erasure`] — withdrawal and erasure: what a worker's withdrawal does, what an erasure keeps.
//! - [`followup`] — closing the loop: follow-up questions and what an answer does.
//! - [`intake`] — the worker's dialogue: an input and the stored dialogue in, the next dialogue and what to
//!   say out (and, on submit, the draft to file).
//! - [`office`] — who may do what on a case from where, office buttons, masking for staff.
//! - [`open311`] — the Open311 GeoReport v2 read API: services, filters and published fields, no personal data.
//! - [`relay`] — where a worker's message after filing goes, and a staff answer back.
//! - [`worksite`] — a project as the intake sees it, named by a signboard's code.
//! - [`render`] — case messages in their reader's language.
//! - [`projects_csv`] — the operator's project import, validated row by row.
//! - [`outgoing`] — what is sent: messages to chats, independent of the channel.
//! - [`evidence`] — how much evidence a worker may have kept, and what they are told past it.
//! - [`channel`] — Telegram or web: which id space a worker's chat id is in.
//! - [`crypto`], [`i18n`], [`clock`] — sealing personal data, localized strings, injectable time.

pub mod case;
pub mod channel;
pub mod clock;
pub mod commands;
pub mod crew;
pub mod crypto;
pub mod deployment;
pub mod domain;
pub mod erasure;
pub mod evidence;
pub mod followup;
pub mod i18n;
pub mod intake;
pub mod ledger;
pub mod office;
pub mod open311;
pub mod outgoing;
pub mod projects_csv;
pub mod relay;
pub mod render;
pub mod routing;
pub mod worksite;

#[cfg(test)]
mod layout_tests;
