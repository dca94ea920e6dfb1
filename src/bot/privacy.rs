//! `/withdraw` and `/delete_my_data` in a worker's private chat: the questions and their buttons are
//! [`crate::erasure::questions`]'s; this carries them over Telegram.

use teloxide::types::CallbackQuery;

use super::handler::{Handler, pressed};
use crate::commands::PrivacyCommand;
use crate::erasure::{self, questions};
use crate::intake::from_outs;
use crate::outgoing::Outgoing;
use crate::storage;

pub use questions::is_button;

impl Handler {
    /// `/withdraw` or `/delete_my_data`: the question with its buttons, stored in the update's transaction.
    pub(super) async fn privacy_command(&self, seq: i64, chat: i64, command: PrivacyCommand) -> anyhow::Result<()> {
        let (dialogue, _) = self.read_dialogue(chat).await;
        let lang = dialogue.lang();
        let mut tx = storage::begin_write(&self.ctx.db).await?;
        let reply = questions::ask(&mut tx.conn(), &self.ctx, chat, lang, command).await?;
        tracing::info!(seq, chat, ?command, "privacy question asked");
        let rows = vec![Outgoing::Send { chat_id: chat, text: reply.text, keyboard: reply.keyboard }];
        self.commit(tx, seq, rows, Some(chat), None).await
    }

    /// A `p:` button: checked, then the withdrawal or erasure it confirms, committed with its answer;
    /// after an erasure the files go and the WAL is truncated.
    pub(super) async fn privacy_button(&self, seq: i64, q: CallbackQuery) -> anyhow::Result<()> {
        let chat = q.from.id.0 as i64;
        let pressed = pressed(&q);
        let (dialogue, _) = self.read_dialogue(chat).await;
        let mut tx = storage::begin_write(&self.ctx.db).await?;
        let data = q.data.unwrap_or_default();
        let (outs, erased) = questions::on_button(&mut tx.conn(), &self.ctx, chat, dialogue.lang(), &data).await?;
        self.commit(tx, seq, from_outs(chat, outs, Some(&pressed)), Some(chat), None).await?;
        if let Some(files) = erased {
            erasure::after_commit(&self.ctx, &files).await?;
        }
        Ok(())
    }
}
