//! A turn in progress: the dialogue being changed and what to say, with the helpers every step's
//! handler uses. Asking a step's question is in `ask.rs`.

use super::draft::Draft;
use super::{Button, Dialogue, Env, Keyboard, Known, Out, Reply};
use crate::channel::{Channel, worded};
use crate::i18n::{Arg, Lang, tr, tr_args};

pub(super) struct Turn<'a> {
    pub env: &'a Env<'a>,
    pub known: Known,
    pub chat_id: i64,
    pub d: Dialogue,
    pub out: Vec<Out>,
    pub file: Option<Box<Draft>>,
}

impl Turn<'_> {
    pub fn lang(&self) -> Lang {
        self.d.lang()
    }

    /// A message in the worker's language, worded for their channel (see `channel::worded`).
    pub fn t(&self, id: &str) -> String {
        tr(self.lang(), &worded(id, Channel::of_chat(self.chat_id)))
    }

    pub fn t_args(&self, id: &str, args: &[(&str, Arg)]) -> String {
        tr_args(self.lang(), &worded(id, Channel::of_chat(self.chat_id)), args)
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
}

pub(super) fn rows(buttons: Vec<Button>, per_row: usize) -> Vec<Vec<Button>> {
    buttons.chunks(per_row.max(1)).map(<[Button]>::to_vec).collect()
}

pub(super) fn region_name(lang: Lang, zh: &str, en: &str) -> String {
    match lang {
        Lang::ZhHans => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}
