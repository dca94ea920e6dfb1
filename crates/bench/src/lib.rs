//! Measurements that print numbers, run by `cargo bench`: each is a library function so one benchmark
//! command can run them all.

pub mod compare;
pub mod ledger;
pub mod ledger_postgres;
pub mod outbox;
