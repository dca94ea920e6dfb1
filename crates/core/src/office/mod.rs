//! The office's rules, with no database: who may do what on a case from where ([`authz`]), what a
//! case's [`card`] shows, what an office button carries ([`buttons`]), and how personal numbers are
//! masked for staff ([`mask`]) and shown in clear to one member ([`unmask`]).

pub mod actions;
pub mod authz;
pub mod buttons;
pub mod card;
pub mod group_commands;
pub mod mask;
pub mod unmask;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod workflow_tests;
