//! "Connect Telegram": a web worker opens the link on their private status page in Telegram
//! (`/start w<id>_<mac>`, see `core::channel`), and their part of the cases filed on the web moves to
//! this chat in one transaction: follow-up questions, notifications and the office's messages come
//! here from then on. A link opened again finds nothing left to move and says so.

use super::handler::Handler;
use crate::channel::{self, Connect};
use crate::clock::stamp;
use crate::i18n::{Lang, tr_args};
use crate::intake::{Dialogue, Keyboard};
use crate::outgoing::Outgoing;
use crate::storage::{self, web as store};

impl Handler {
    /// `/start` with a web chat's connect payload, already checked.
    pub(super) async fn connect_web(&self, seq: i64, chat: i64, web_chat: i64) -> anyhow::Result<()> {
        let (mut tx, dialogue, _) = self.begin_dialogue(chat).await?;
        let cases = store::cases_of_web_chat(&mut tx, web_chat).await?;
        let decision = channel::connect(cases);
        if let Connect::Moved { cases } = &decision {
            store::move_chat(&mut tx, web_chat, chat, &stamp(self.ctx.clock.now())).await?;
            tracing::info!(seq, chat, cases = cases.len(), "a web worker's cases moved to Telegram");
        }
        // This chat's own language if it chose one, else the one the worker used on the web. A choice
        // made here wins: it is the later one, made in this very chat, and its intake already speaks it.
        let lang = match dialogue.lang {
            Some(lang) => lang,
            None => self.web_language(&mut tx, web_chat).await,
        };
        // The web's language is stored with this chat's dialogue when the cases move: every later
        // answer here (follow-up buttons, relay receipts, privacy questions, the office's words)
        // reads it, and would otherwise fall back to the default.
        if matches!(decision, Connect::Moved { .. }) && dialogue.lang.is_none() {
            let carried = Dialogue { lang: Some(lang), ..dialogue };
            let sealed = self.ctx.vault.seal(&serde_json::to_string(&carried)?);
            storage::dialogues::save_at_commit(&mut tx, chat, &sealed, &stamp(self.ctx.clock.now()));
        }
        let (id, args) = decision.message();
        let text = tr_args(lang, id, &args);
        let row = serde_json::to_string(&Outgoing::Send { chat_id: chat, text, keyboard: Keyboard::None })?;
        // Queued here rather than at the commit: the questions waiting for an answer come again after it.
        let wall = stamp(chrono::Utc::now());
        storage::outbox::enqueue_reply(&mut tx, &self.ctx.vault, chat, &row, &wall).await?;
        if matches!(decision, Connect::Moved { .. }) {
            let asked = crate::followup::ask_again(&mut tx.conn(), &self.ctx, chat, lang).await?;
            tracing::info!(seq, chat, asked, "open questions put again in Telegram");
        }
        self.commit(tx, seq, Vec::new(), Some(chat), Some("web-connect")).await
    }

    async fn web_language(&self, tx: &mut storage::WriteTx, web_chat: i64) -> Lang {
        let stored = storage::dialogues::load(tx, web_chat).await.ok().flatten();
        crate::notify::lang_of(&self.ctx.vault, stored.as_deref(), Lang::default())
    }
}
