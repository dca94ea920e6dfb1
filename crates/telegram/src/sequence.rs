//! Where the bot stands in Telegram's sequence of update ids, and when that sequence started again.
//!
//! Ids grow by one, but after a week without updates Telegram picks the next one at random (it can be
//! lower), and a database moved to another bot meets that bot's own ids. Asked with an offset far above
//! its newest id, Telegram answers from the head of its queue and confirms nothing; so a batch below
//! the offset we sent is a new sequence, never a re-delivery, and starts a new run. Pure rules: the
//! poller applies them.

use chrono::{DateTime, TimeDelta, Utc};

/// After this long without updates the first poll sends no offset: Telegram keeps an update 24 hours
/// at most, so nothing can come twice, and an offset just above a new random id would confirm (lose)
/// the updates below it. A day short of Telegram's week, for clocks that disagree.
pub const QUIET: TimeDelta = TimeDelta::days(6);

/// A bot's newest run of ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub run: i64,
    pub last_update_id: i64,
    /// When its newest update arrived (`None`: unknown, taken as recent).
    pub last_at: Option<DateTime<Utc>>,
}

/// Why a batch starts a new run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// The bot never polled into this database.
    FirstForBot,
    /// Ids went back: Telegram started its sequence again.
    Reset { last_update_id: i64, lowest: i64 },
}

/// The run a batch belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub run: i64,
    pub started: Option<Start>,
}

/// The `offset` for the next `getUpdates`: one past the newest id of the run, or none (0) when the
/// bot has no run or has heard nothing for [`QUIET`].
pub fn offset(position: Option<&Position>, now: DateTime<Utc>) -> i64 {
    match position {
        Some(p) if p.last_at.is_none_or(|at| now - at < QUIET) => p.last_update_id + 1,
        _ => 0,
    }
}

/// The run of a batch whose lowest id is `lowest`: the current one, unless ids went back.
pub fn place(position: Option<&Position>, lowest: i64) -> Placement {
    match position {
        None => Placement { run: 1, started: Some(Start::FirstForBot) },
        Some(p) if lowest <= p.last_update_id => {
            Placement { run: p.run + 1, started: Some(Start::Reset { last_update_id: p.last_update_id, lowest }) }
        }
        Some(p) => Placement { run: p.run, started: None },
    }
}

/// The run of an update Telegram pushed to the webhook. Unlike a polled batch, a pushed update at or
/// below the newest id is usually a re-delivery (our 200 was lost); only after [`QUIET`] without updates,
/// when Telegram picks new ids, does it start a new run.
pub fn place_pushed(position: Option<&Position>, update_id: i64, now: DateTime<Utc>) -> Placement {
    match position {
        None => Placement { run: 1, started: Some(Start::FirstForBot) },
        Some(p) if update_id <= p.last_update_id && p.last_at.is_some_and(|at| now - at >= QUIET) => Placement {
            run: p.run + 1,
            started: Some(Start::Reset { last_update_id: p.last_update_id, lowest: update_id }),
        },
        Some(p) => Placement { run: p.run, started: None },
    }
}

/// The position once a batch of `placement` whose highest id is `highest` is stored.
pub fn advance(position: Option<&Position>, placement: Placement, highest: i64, now: DateTime<Utc>) -> Position {
    let last_update_id = match position {
        Some(p) if placement.started.is_none() => p.last_update_id.max(highest),
        _ => highest,
    };
    Position { run: placement.run, last_update_id, last_at: Some(now) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pushed_update_at_or_below_the_newest_is_a_redelivery_unless_the_bot_was_quiet() {
        let p = Position { run: 3, last_update_id: 500, last_at: Some(at(1)) };
        assert_eq!(place_pushed(Some(&p), 480, at(2)), Placement { run: 3, started: None });
        assert_eq!(place_pushed(Some(&p), 501, at(2)), Placement { run: 3, started: None });
        let reset = place_pushed(Some(&p), 7, at(8));
        assert_eq!(reset.run, 4);
        assert_eq!(reset.started, Some(Start::Reset { last_update_id: 500, lowest: 7 }));
        assert_eq!(place_pushed(None, 7, at(8)).started, Some(Start::FirstForBot));
    }

    fn at(day: u32) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("2026-12-{day:02}T08:00:00Z")).map_or(DateTime::UNIX_EPOCH, |t| t.into())
    }

    fn run(run: i64, last_update_id: i64, day: u32) -> Position {
        Position { run, last_update_id, last_at: Some(at(day)) }
    }

    #[test]
    fn polling_resumes_one_past_the_runs_newest_id() {
        assert_eq!(offset(Some(&run(1, 500, 1)), at(2)), 501);
        assert_eq!(offset(Some(&Position { run: 1, last_update_id: 500, last_at: None }), at(20)), 501);
    }

    #[test]
    fn a_bot_without_a_run_or_quiet_for_six_days_polls_without_an_offset() {
        assert_eq!(offset(None, at(1)), 0);
        assert_eq!(offset(Some(&run(1, 500, 1)), at(6)), 501, "five days");
        assert_eq!(offset(Some(&run(1, 500, 1)), at(7)), 0, "six days");
    }

    #[test]
    fn ids_going_on_stay_in_the_run_and_a_gap_upwards_too() {
        let p = run(3, 500, 1);
        assert_eq!(place(Some(&p), 501), Placement { run: 3, started: None });
        assert_eq!(place(Some(&p), 9_000_000), Placement { run: 3, started: None });
    }

    #[test]
    fn an_id_at_or_below_the_runs_newest_starts_a_new_run() {
        let p = run(3, 500, 1);
        let expected = |lowest| Placement { run: 4, started: Some(Start::Reset { last_update_id: 500, lowest }) };
        assert_eq!(place(Some(&p), 7), expected(7));
        assert_eq!(place(Some(&p), 500), expected(500));
        assert_eq!(place(None, 7), Placement { run: 1, started: Some(Start::FirstForBot) });
    }

    #[test]
    fn the_position_follows_the_new_run_down_and_the_old_one_up() {
        let p = run(3, 500, 1);
        let reset = place(Some(&p), 7);
        assert_eq!(advance(Some(&p), reset, 9, at(9)), run(4, 9, 9));
        let same = place(Some(&p), 501);
        assert_eq!(advance(Some(&p), same, 520, at(2)), run(3, 520, 2));
        assert_eq!(advance(None, place(None, 40), 41, at(2)), run(1, 41, 2));
    }
}
