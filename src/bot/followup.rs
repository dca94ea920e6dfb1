//! The adapter side of closing the loop: a worker's `c:` button, or the amount or words typed after
//! one, goes to [`crate::followup`], and its replies and the inbox mark commit in one transaction.

use teloxide::types::CallbackQuery;

use super::handler::Handler;
use super::outgoing::from_outs;
use crate::clock::stamp;
use crate::i18n::Lang;
use crate::storage::{self, inbox, outbox};

impl Handler {
    /// A worker pressed a button of a follow-up question.
    pub(super) async fn followup_button(&self, update_id: i64, q: CallbackQuery, lang: Lang) -> anyhow::Result<()> {
        let chat = q.from.id.0 as i64;
        let pressed = super::handler::pressed(&q);
        let mut tx = storage::begin_write(&self.ctx.db).await?;
        let data = q.data.unwrap_or_default();
        let outs = crate::followup::on_button(&mut tx, &self.ctx, chat, lang, &data).await?;
        self.commit_replies(tx, update_id, chat, from_outs(chat, outs, Some(&pressed))).await
    }

    /// Text from a worker: `true` if a follow-up question was waiting for it and took it.
    pub(super) async fn followup_text(&self, update_id: i64, chat: i64, text: &str) -> anyhow::Result<bool> {
        let mut tx = storage::begin_write(&self.ctx.db).await?;
        let Some(outs) = crate::followup::on_text(&mut tx, &self.ctx, chat, text).await? else {
            return Ok(false);
        };
        self.commit_replies(tx, update_id, chat, from_outs(chat, outs, None)).await?;
        Ok(true)
    }

    async fn commit_replies(
        &self,
        mut tx: storage::WriteTx,
        update_id: i64,
        chat: i64,
        rows: Vec<super::outgoing::Outgoing>,
    ) -> anyhow::Result<()> {
        let wall = stamp(chrono::Utc::now());
        for row in rows {
            // Every row of a private chat's answer, the button's answer included, rides in that chat.
            outbox::enqueue_reply(&mut tx, chat, &serde_json::to_string(&row)?, &wall).await?;
        }
        inbox::mark_processed(&mut tx, update_id, &wall, None);
        tx.commit().await?;
        self.ctx.outbox_wake.notify_one();
        Ok(())
    }
}
