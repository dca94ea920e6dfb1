//! One turn of the dialogue: route the input to the handler for the current step, keeping invalid
//! input from moving the worker anywhere.

use sqlx::SqliteConnection;

use super::{Button, Dialogue, Input, Keyboard, Out, Reply, Step, answers, ask, buttons, commands};
use crate::context::Ctx;
use crate::i18n::{Arg, Lang, tr, tr_args};

/// The longest free text we take in one answer; Telegram allows 4,096 characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// A turn in progress: the dialogue being changed and what to say.
pub(super) struct Turn<'a> {
    pub ctx: &'a Ctx,
    pub chat_id: i64,
    pub d: Dialogue,
    pub out: Vec<Out>,
}

impl Turn<'_> {
    pub fn lang(&self) -> Lang {
        self.d.lang()
    }

    pub fn t(&self, id: &str) -> String {
        tr(self.lang(), id)
    }

    pub fn t_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        tr_args(self.lang(), id, args)
    }

    pub fn say(&mut self, text: String, keyboard: Keyboard) {
        self.out.push(Out::Say(Reply { text, keyboard }));
    }

    /// Says a message by id, without buttons.
    pub fn note(&mut self, id: &str) {
        let text = self.t(id);
        self.say(text, Keyboard::None);
    }

    /// A button whose data names this intake, so a button from an earlier complaint is stale.
    pub fn button(&self, label: String, action: &str) -> Button {
        Button { label, data: format!("{}:{action}", self.d.draft_no) }
    }

    /// Moves to `step` and asks its question.
    pub fn go(&mut self, step: Step) {
        self.d.step = step;
        ask::ask(self);
    }

    /// Asks the current question again, after an answer that did not fit.
    pub fn ask_again(&mut self) {
        ask::ask(self);
    }
}

/// Handles one input. The caller saves the returned dialogue and sends the outs in one transaction.
pub async fn handle(
    conn: &mut SqliteConnection,
    ctx: &Ctx,
    chat_id: i64,
    dialogue: Dialogue,
    input: Input,
) -> anyhow::Result<(Dialogue, Vec<Out>)> {
    let mut turn = Turn { ctx, chat_id, d: dialogue, out: Vec::new() };
    let t = &mut turn;
    match input {
        Input::Command(command) => commands::run(t, conn, command).await?,
        Input::Button { data } => on_button(t, conn, &data).await?,
        Input::Text(_) | Input::Contact { .. } | Input::Media(_) | Input::Unsupported(_) if t.d.step == Step::Idle => {
            t.note("idle-hint");
        }
        Input::Text(text) if text.chars().count() > MAX_TEXT_CHARS => {
            let text = t.t_args("error-too-long", &[("max", Arg::from(MAX_TEXT_CHARS))]);
            t.say(text, Keyboard::None);
            t.ask_again();
        }
        Input::Text(text) => answers::on_text(t, text.trim()),
        Input::Contact { phone, own } => answers::on_contact(t, &phone, own),
        Input::Media(item) => answers::on_media(t, item),
        Input::Unsupported(kind) => {
            tracing::info!(chat_id, kind, step = ?t.d.step, "unsupported input");
            t.note("error-unsupported");
            t.ask_again();
        }
    }
    Ok((turn.d, turn.out))
}

async fn on_button(t: &mut Turn<'_>, conn: &mut SqliteConnection, data: &str) -> anyhow::Result<()> {
    let parsed = data.split_once(':').and_then(|(no, action)| no.parse::<u32>().ok().map(|no| (no, action)));
    match parsed {
        Some((no, action)) if no == t.d.draft_no && buttons::accepts(t.d.step, action) => {
            buttons::on_button(t, conn, action).await
        }
        _ => {
            tracing::info!(chat_id = t.chat_id, step = ?t.d.step, "stale or forged button");
            let toast = t.t("error-stale-button");
            t.out.push(Out::Toast(toast));
            if t.d.step == Step::Idle {
                t.note("idle-hint");
            } else {
                t.ask_again();
            }
            Ok(())
        }
    }
}
