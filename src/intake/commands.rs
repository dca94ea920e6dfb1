//! Worker commands: `/start`, `/new`, `/status`, `/cancel`, `/language`, `/help`.

use sqlx::SqliteConnection;

use super::draft::Draft;
use super::flow::Turn;
use super::{Command, Keyboard, Step};
use crate::case::Status;
use crate::i18n::{Arg, tr_every_language};
use crate::storage::complaints;

pub(super) async fn run(t: &mut Turn<'_>, conn: &mut SqliteConnection, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Start(payload) => start(t, payload),
        Command::New => {
            if in_intake(t.d.step) {
                t.note("new-discarded");
            }
            begin(t);
        }
        Command::Cancel => {
            if in_intake(t.d.step) || t.d.step == Step::Language {
                reset(t);
                let text = t.t("cancelled");
                t.say(text, Keyboard::Remove);
            } else {
                t.note("nothing-to-cancel");
            }
        }
        Command::Status => {
            status(t, conn).await?;
            reask_if_in_intake(t);
        }
        Command::Language => {
            if t.d.step != Step::Language {
                t.d.resume = Some(t.d.step);
            }
            t.go(Step::Language);
        }
        Command::Help => {
            t.note("help");
            reask_if_in_intake(t);
        }
        Command::Unknown(name) => {
            tracing::info!(chat_id = t.chat_id, command = %name.chars().take(40).collect::<String>(), "unknown command");
            t.note("unknown-command");
            reask_if_in_intake(t);
        }
    }
    Ok(())
}

/// Steps that belong to an intake in progress.
fn in_intake(step: Step) -> bool {
    !matches!(step, Step::Idle | Step::Language)
}

fn start(t: &mut Turn<'_>, payload: Option<String>) {
    if payload.is_some() {
        // Signboards name a project; no project codes exist yet (they come with the project import),
        // so every code is unknown: the worker is told and continues with the manual flow.
        tracing::info!(chat_id = t.chat_id, "unknown /start payload");
        let text = match t.d.lang {
            Some(_) => t.t("start-code-unknown"),
            None => tr_every_language("start-code-unknown"),
        };
        t.say(text, Keyboard::None);
        begin(t);
        return;
    }
    if in_intake(t.d.step) {
        t.note("resume");
        t.ask_again();
    } else {
        begin(t);
    }
}

/// Starts a fresh intake: language first if the worker never chose one, then the privacy notice.
pub(super) fn begin(t: &mut Turn<'_>) {
    t.d.draft = Draft::default();
    t.d.draft_no = t.d.draft_no.wrapping_add(1);
    t.d.editing = false;
    t.d.resume = None;
    if t.d.lang.is_none() {
        t.go(Step::Language);
    } else {
        t.note("welcome");
        t.go(Step::Consent);
    }
}

pub(super) fn reset(t: &mut Turn<'_>) {
    t.d.draft = Draft::default();
    t.d.step = Step::Idle;
    t.d.editing = false;
    t.d.resume = None;
}

fn reask_if_in_intake(t: &mut Turn<'_>) {
    if in_intake(t.d.step) || t.d.step == Step::Language {
        t.ask_again();
    }
}

async fn status(t: &mut Turn<'_>, conn: &mut SqliteConnection) -> anyhow::Result<()> {
    let cases = complaints::list_for_worker(conn, t.chat_id).await?;
    if cases.is_empty() {
        t.note("status-none");
        return Ok(());
    }
    let mut text = t.t_args("status-header", &[("count", Arg::from(cases.len()))]);
    for case in cases {
        let status = Status::from_code(&case.status).map_or_else(|| case.status.clone(), |s| t.t(s.message_id()));
        text.push_str("\n\n");
        text.push_str(&t.t_args(
            "status-line",
            &[
                ("case", Arg::from(case.case_number)),
                ("status", Arg::from(status)),
                ("date", Arg::from(case.submitted_on)),
                ("amount", Arg::from(crate::domain::money::WageAmount::from_fen(case.amount_fen).yuan_text())),
            ],
        ));
    }
    t.say(text, Keyboard::None);
    Ok(())
}
