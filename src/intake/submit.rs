//! Submitting the finished draft: filing it, and telling the worker what happens next.

use sqlx::SqliteConnection;

use super::Keyboard;
use super::answers::{chosen, go_to_first_missing};
use super::commands::reset;
use super::flow::Turn;
use crate::filing::Filed;
use crate::i18n::Arg;

pub(super) async fn submit(t: &mut Turn<'_>, conn: &mut SqliteConnection) -> anyhow::Result<()> {
    if !t.d.draft.is_complete() {
        go_to_first_missing(t);
        return Ok(());
    }
    chosen(t, t.t("button-submit"));
    match crate::filing::file_complaint(conn, t.ctx, t.chat_id, t.lang(), &t.d.draft).await? {
        Filed::Opened { case_number, tell_worker, .. } => {
            let text = t.t_args("submitted", &[("case", Arg::from(case_number))]);
            t.say(text, Keyboard::None);
            for text in tell_worker {
                t.say(text, Keyboard::None);
            }
        }
        Filed::Joined { case_number, tell_worker } => {
            let text = t.t_args("filing-joined", &[("case", Arg::from(case_number))]);
            t.say(text, Keyboard::None);
            for text in tell_worker {
                t.say(text, Keyboard::None);
            }
        }
        Filed::AlreadyFiled { case_number } => {
            let text = t.t_args("filing-already-filed", &[("case", Arg::from(case_number))]);
            t.say(text, Keyboard::None);
        }
    }
    reset(t);
    Ok(())
}
