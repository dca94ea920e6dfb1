//! One turn of the dialogue: route the input to the handler for the current step, keeping invalid
//! input from moving the worker anywhere.

use super::turn::Turn;
use super::{
    Decision, Dialogue, Env, Input, Keyboard, Known, MAX_TEXT_CHARS, Needs, Out, Step, answers, buttons, commands,
};
use crate::i18n::Arg;

/// What [`decide`] will need loaded for this input; the same input always needs the same.
pub fn needs(input: &Input) -> Needs {
    match input {
        Input::Command(super::Command::Start(Some(payload))) if crate::crew::code_of_payload(payload).is_some() => {
            Needs { crew_code: crate::crew::code_of_payload(payload), ..Needs::default() }
        }
        Input::Command(super::Command::Join(code)) => {
            Needs { crew_code: crate::crew::normalize_code(code), ..Needs::default() }
        }
        Input::Command(super::Command::Start(Some(code))) if commands::plausible_code(code) => {
            Needs { project_code: Some(code.clone()), ..Needs::default() }
        }
        Input::Command(super::Command::Status) => Needs { worker_cases: true, ..Needs::default() },
        _ => Needs::default(),
    }
}

/// Decides one input, with what [`needs`] asked for in `known`. No I/O: the caller stores the
/// dialogue, files the draft if there is one, and sends the outs in one transaction.
pub fn decide(env: &Env<'_>, known: Known, chat_id: i64, dialogue: Dialogue, input: Input) -> Decision {
    let mut turn = Turn { env, known, chat_id, d: dialogue, out: Vec::new(), file: None };
    let t = &mut turn;
    match input {
        Input::Command(command) => commands::run(t, command),
        Input::Button { data } => on_button(t, &data),
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
    Decision { dialogue: turn.d, outs: turn.out, file: turn.file }
}

fn on_button(t: &mut Turn<'_>, data: &str) {
    let parsed = data.split_once(':').and_then(|(no, action)| no.parse::<u32>().ok().map(|no| (no, action)));
    match parsed {
        Some((no, action)) if no == t.d.draft_no && buttons::accepts(t.d.step, action) => buttons::on_button(t, action),
        _ => {
            tracing::info!(chat_id = t.chat_id, step = ?t.d.step, "stale or forged button");
            let toast = t.t("error-stale-button");
            t.out.push(Out::Toast(toast));
            if t.d.step == Step::Idle {
                t.note("idle-hint");
            } else {
                t.ask_again();
            }
        }
    }
}
