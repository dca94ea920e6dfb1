//! The master keys that seal personal data: where they come from ([`source`]), the check that they open
//! what the database holds ([`check`]), the running bot re-reading a rotated keyring ([`watch`]), and
//! `wagedesk keys rotate` ([`rotate`]).

pub mod check;
pub mod rotate;
pub mod source;
pub mod watch;

pub use check::key_for;
