//! Submitting the finished draft: filing it, and telling the worker what happens next.

use sqlx::SqliteConnection;

use super::Keyboard;
use super::answers::{chosen, go_to_first_missing};
use super::commands::reset;
use super::flow::Turn;
use crate::i18n::Arg;

pub(super) async fn submit(t: &mut Turn<'_>, conn: &mut SqliteConnection) -> anyhow::Result<()> {
    if !t.d.draft.is_complete() {
        go_to_first_missing(t);
        return Ok(());
    }
    chosen(t, t.t("button-submit"));
    let filed = crate::filing::file_complaint(conn, t.ctx, t.chat_id, t.lang(), &t.d.draft).await?;
    let text = t.t_args("submitted", &[("case", Arg::from(filed.case_number.to_string()))]);
    t.say(text, Keyboard::None);
    reset(t);
    Ok(())
}
